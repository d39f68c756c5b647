// Runs the built concord-cli (CONCORD_CLI) as a user or a script would, through
// QProcess, and the small file and JSON helpers the CLI tests share.
// Header-only; include from CLI tests only.
#pragma once

#include <QFile>
#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QProcess>
#include <QString>
#include <QStringList>

#ifndef CONCORD_CLI
#error "CONCORD_CLI must name the concord-cli binary (see tests/CMakeLists.txt)"
#endif

namespace concord::test {

using namespace Qt::StringLiterals;

struct Run
{
    int exitCode = -1;
    bool finished = false;
    QString out;
    QString err;
    // For failure messages: everything the program said (stdout cut to outLimit
    // when >= 0).
    QString describe(qsizetype outLimit = -1) const
    {
        return u"exit %1\n--- stdout:\n%2\n--- stderr:\n%3"_s.arg(exitCode).arg(
            outLimit < 0 ? out : out.left(outLimit), err);
    }
};

struct CliOptions
{
    QByteArray input;                           // written to stdin, which is then closed
    int timeoutMs = 120000;                     // killed (exit -1) when it takes longer
    QList<QPair<QString, QString>> environment; // added to the headless, keyring-free environment
};

// Options with stdin input only (spelled out: -Wextra rejects partial aggregate
// initializers).
inline CliOptions withInput(const QByteArray& input)
{
    CliOptions options;
    options.input = input;
    return options;
}

// Options with one more environment variable only.
inline CliOptions withEnvironment(const QString& name, const QString& value)
{
    CliOptions options;
    options.environment.append({name, value});
    return options;
}

// Runs concord-cli in workDir (the current directory when empty) with a
// headless, keyring-free environment.
inline Run cli(const QStringList& args, const QString& workDir, const CliOptions& options = {})
{
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"CONCORD_NO_KEYRING"_s, u"1"_s);
    for (const auto& [name, value] : options.environment)
        env.insert(name, value);
    process.setProcessEnvironment(env);
    if (!workDir.isEmpty())
        process.setWorkingDirectory(workDir);
    process.start(QStringLiteral(CONCORD_CLI), args);
    Run run;
    if (!process.waitForStarted()) {
        run.err = u"cannot start %1: %2"_s.arg(QStringLiteral(CONCORD_CLI), process.errorString());
        return run;
    }
    if (!options.input.isEmpty())
        process.write(options.input);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(options.timeoutMs) && process.exitStatus() == QProcess::NormalExit;
    if (!run.finished) {
        process.kill();
        process.waitForFinished();
    }
    run.exitCode = run.finished ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

// The JSON object in text; on failure sets *error (quoting up to textLimit
// characters, all when < 0).
inline QJsonObject parseObject(const QString& text, QString* error, qsizetype textLimit = -1)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject()) {
        *error = u"not a JSON object: %1\n%2"_s.arg(parseError.errorString(),
                                                    textLimit < 0 ? text : text.left(textLimit));
        return {};
    }
    return doc.object();
}

inline QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>"_ba;
    return f.readAll();
}

inline bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Record rows per system in a generated truth.csv (docs/truth-format.md); empty
// when unreadable.
inline QHash<QString, qint64> truthRecordCounts(const QString& path)
{
    QHash<QString, qint64> counts;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return counts;
    file.readLine(); // header
    while (!file.atEnd()) {
        const QByteArray line = file.readLine();
        if (line.startsWith("record,"))
            counts[QString::fromUtf8(line.split(',').at(1))] += 1;
    }
    return counts;
}

} // namespace concord::test
