#include "Cli.h"

#include <cstdio>

using namespace Qt::StringLiterals;

namespace concord::cli {

Command::Command(QString name, QString description, QStringList args)
    : m_name(std::move(name))
    , m_args(std::move(args))
{
    m_parser.setApplicationDescription(description);
    m_parser.addHelpOption();
}

void Command::addJsonOption()
{
    m_parser.addOption(QCommandLineOption(u"json"_s, u"Print machine-readable JSON on stdout."_s));
}

bool Command::parse(const QString& positionalSyntax, int minPositional, int maxPositional)
{
    if (!positionalSyntax.isEmpty())
        m_parser.addPositionalArgument(u"args"_s, positionalSyntax, positionalSyntax);
    if (!m_parser.parse(m_args)) {
        m_exitCode = fail(ExitUsage, m_parser.errorText() + u"\nRun 'concord-cli %1 --help'."_s.arg(m_name));
        return false;
    }
    if (m_parser.isSet(u"help"_s)) {
        QString help = m_parser.helpText();
        // QCommandLineParser names the binary as invoked (argv[0], often a full path); name
        // the program and the subcommand instead.
        help.replace(u"Usage: "_s + m_args.constFirst() + u' ', u"Usage: concord-cli %1 "_s.arg(m_name));
        out() << help;
        out().flush();
        m_exitCode = ExitOk;
        return false;
    }
    const int count = static_cast<int>(positional().size());
    if (count < minPositional || (maxPositional >= 0 && count > maxPositional)) {
        m_exitCode =
            fail(ExitUsage, u"'%1' expects %2; run 'concord-cli %1 --help'."_s.arg(m_name, positionalSyntax));
        return false;
    }
    return true;
}

QTextStream& Command::out()
{
    static QTextStream stream(stdout);
    return stream;
}

int Command::fail(int code, const QString& message)
{
    out().flush();
    QTextStream err(stderr);
    err << "concord-cli " << m_name << ": error: " << message << Qt::endl;
    return code;
}

void Command::warn(const QString& message)
{
    out().flush();
    QTextStream err(stderr);
    err << "concord-cli " << m_name << ": warning: " << message << Qt::endl;
}

int Command::fail(int code, const Error& error)
{
    return fail(code, error.message + cliRemedy(error));
}

QString cliRemedy(const Error& error)
{
    switch (error.kind) {
    case ErrorKind::NoSystems:
        return u"; add one with 'concord-cli systems add'"_s;
    case ErrorKind::NoKeyColumn:
        return u"; set one with 'concord-cli systems add --key COLUMN'"_s;
    case ErrorKind::ReadOnlySystem:
        return u" (concord-cli systems set WORKSPACE %1 --read-write allows writing)"_s.arg(error.subject);
    case ErrorKind::NotFound:
        return error.message.contains(u"batch"_s)
                   ? u" (concord-cli audit WORKSPACE --batches lists the batches)"_s
                   : QString();
    case ErrorKind::InvalidOwnership:
        return u"\n(concord-cli ownership set WORKSPACE FIELD SYSTEM gives a field its one owner)"_s;
    case ErrorKind::Failed:
    case ErrorKind::Cancelled:
        break;
    }
    return QString();
}

int Command::printJson(const QJsonObject& object)
{
    out() << QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Indented));
    out().flush();
    return ExitOk;
}

} // namespace concord::cli
