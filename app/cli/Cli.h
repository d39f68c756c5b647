#pragma once

#include "Result.h"

#include <QCommandLineParser>
#include <QJsonDocument>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace concord::cli {

// Exit codes, documented in `concord-cli --help` and the README.
enum ExitCode
{
    ExitOk = 0,
    ExitFailed = 1,    // the operation ran and failed: a system could not be read, a file is invalid
    ExitUsage = 2,     // wrong arguments
    ExitWorkspace = 3, // the workspace is missing, a folder, damaged, not one, or from a newer Concord
    ExitAttention = 4, // apply/rollback left writes dead-lettered, changed underneath or in conflict
};

// Shared plumbing of every subcommand: its own parser with --help, and output helpers.
class Command
{
public:
    // args: the program name followed by the subcommand's own arguments.
    Command(QString name, QString description, QStringList args);

    QCommandLineParser& parser() { return m_parser; }
    // Parses; on --help prints the subcommand's help and returns false with exitCode 0;
    // on an error prints it and returns false with ExitUsage.
    bool parse(const QString& positionalSyntax, int minPositional, int maxPositional);
    int exitCode() const { return m_exitCode; }
    QStringList positional() const { return m_parser.positionalArguments(); }
    bool json() const { return m_parser.isSet(QStringLiteral("json")); }
    void addJsonOption();

    QTextStream& out();
    int fail(int code, const QString& message);
    // Something the steward should know although the command goes on (stderr, in every mode).
    void warn(const QString& message);
    // An engine error, with what to do next from the command line when its kind has a remedy.
    int fail(int code, const Error& error);
    int printJson(const QJsonObject& object);

private:
    QString m_name;
    QStringList m_args;
    QCommandLineParser m_parser;
    int m_exitCode = ExitOk;
};

// The command-line remedy for an engine error of a kind that has one ("" otherwise).
QString cliRemedy(const Error& error);

int runGenerate(const QStringList& args);
int runInit(const QStringList& args);
int runSystems(const QStringList& args);
int runFields(const QStringList& args);
int runMapping(const QStringList& args);
int runSnapshot(const QStringList& args);
int runConfig(const QStringList& args);
int runMatch(const QStringList& args);
int runDiff(const QStringList& args);
int runEvaluate(const QStringList& args);
int runDecide(const QStringList& args);
int runOwnership(const QStringList& args);
int runPlan(const QStringList& args);
int runReview(const QStringList& args);
int runApply(const QStringList& args);
int runRollback(const QStringList& args);
int runAudit(const QStringList& args);
int runDeadLetters(const QStringList& args);

} // namespace concord::cli
