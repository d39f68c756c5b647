// generate: demo systems with realistic drift, the ground truth, and a ready workspace.
#include "Cli.h"
#include "Credentials.h"
#include "DemoGenerator.h"
#include "DemoWorkspace.h"
#include "SqlConnector.h"
#include "Workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QSqlDatabase>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
// Where the accounting system goes when the steward wants it on a real server.
struct ServerTarget
{
    SystemConfig system; // driver, host, port, database, user of the server system
    bool enabled() const { return !system.driver.isEmpty(); }
};

// Loads the generated accounting rows into PostgreSQL or MariaDB through the same Qt SQL
// drivers Concord reads with; the password comes from CONCORD_PASSWORD_ACCOUNTING.
Result<qint64> loadAccountingIntoServer(const ServerTarget& target, const GeneratorOptions& options)
{
    const SystemConfig& s = target.system;
    const QString connection = u"concord-generate-accounting"_s;
    Result<qint64> written = makeError(QString());
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(SqlConnector::qtDriverName(s.driver), connection);
        db.setHostName(s.host);
        db.setPort(s.port);
        db.setDatabaseName(s.database);
        db.setUserName(s.user);
        auto password = Credentials::password(s);
        if (!password)
            return password.error();
        db.setPassword(*password);
        if (!db.open()) {
            written =
                makeError(u"accounting server %1:%2/%3: cannot connect: %4"_s.arg(s.host).arg(s.port).arg(
                    s.database, db.lastError().text()));
        } else {
            written = writeAccountingTable(db, options);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return written;
}

} // namespace

int runGenerate(const QStringList& args)
{
    Command cmd(
        u"generate"_s,
        u"Write a small company's systems holding the same customers with realistic drift (CRM, quoting "
        "and accounting as SQLite, marketing as a CSV export), the ground-truth file truth.csv and a "
        "workspace demo.concord pointing at them. Deterministic for a given seed and size."_s,
        args);
    cmd.addJsonOption();
    QCommandLineParser& p = cmd.parser();
    p.addOption({u"out"_s, u"Output folder (created; must not already hold generated files)."_s, u"DIR"_s});
    p.addOption({u"customers"_s, u"Number of true customers (default 2000)."_s, u"N"_s, u"2000"_s});
    p.addOption({u"seed"_s, u"Random seed (default 1)."_s, u"S"_s, u"1"_s});
    p.addOption({u"workspace"_s, u"Workspace file name inside DIR (default demo.concord)."_s, u"NAME"_s,
                 u"demo.concord"_s});
    p.addOption(
        {u"accounting-driver"_s,
         u"Also load the accounting table into a server (postgresql or mariadb) and point the workspace's "
         "accounting system at it. The password is read from CONCORD_PASSWORD_ACCOUNTING."_s,
         u"DRIVER"_s});
    p.addOption(
        {u"accounting-host"_s, u"Accounting server host (default 127.0.0.1)."_s, u"HOST"_s, u"127.0.0.1"_s});
    p.addOption({u"accounting-port"_s, u"Accounting server port."_s, u"PORT"_s});
    p.addOption({u"accounting-database"_s, u"Accounting server database."_s, u"DB"_s});
    p.addOption({u"accounting-user"_s, u"Accounting server user."_s, u"USER"_s});
    if (!cmd.parse(QString(), 0, 0))
        return cmd.exitCode();
    if (!p.isSet(u"out"_s))
        return cmd.fail(ExitUsage, u"--out DIR is required"_s);
    bool ok = false;
    GeneratorOptions options;
    options.outDir = QDir(p.value(u"out"_s)).absolutePath();
    options.customers = p.value(u"customers"_s).toLongLong(&ok);
    if (!ok || options.customers < 1)
        return cmd.fail(ExitUsage,
                        u"--customers '%1' must be a positive whole number"_s.arg(p.value(u"customers"_s)));
    options.seed = p.value(u"seed"_s).toULongLong(&ok);
    if (!ok)
        return cmd.fail(ExitUsage,
                        u"--seed '%1' must be a non-negative whole number"_s.arg(p.value(u"seed"_s)));
    ServerTarget accounting;
    if (p.isSet(u"accounting-driver"_s)) {
        SystemConfig& a = accounting.system;
        a.name = u"accounting"_s;
        a.driver = p.value(u"accounting-driver"_s).toLower();
        if (a.driver != "postgresql"_L1 && a.driver != "mariadb"_L1)
            return cmd.fail(ExitUsage, u"--accounting-driver must be postgresql or mariadb"_s);
        a.host = p.value(u"accounting-host"_s);
        a.port = p.value(u"accounting-port"_s).toInt(&ok);
        if (!ok || a.port <= 0)
            return cmd.fail(ExitUsage, u"--accounting-port is required with --accounting-driver"_s);
        a.database = p.value(u"accounting-database"_s);
        a.user = p.value(u"accounting-user"_s);
        if (a.database.isEmpty())
            return cmd.fail(ExitUsage, u"--accounting-database is required with --accounting-driver"_s);
        a.entity = u"customer_accounts"_s;
    }
    const QString workspacePath = QDir(options.outDir).absoluteFilePath(p.value(u"workspace"_s));
    if (QFile::exists(workspacePath))
        return cmd.fail(ExitFailed, u"%1 already exists; choose another --out folder"_s.arg(workspacePath));

    QElapsedTimer timer;
    timer.start();
    auto demo = generateDemo(options);
    if (!demo)
        return cmd.fail(ExitFailed, demo.error());
    if (accounting.enabled()) {
        auto loaded = loadAccountingIntoServer(accounting, options);
        if (!loaded)
            return cmd.fail(ExitFailed, u"%1 (the files in %2 were written; no workspace was created)"_s.arg(
                                            loaded.errorString(), options.outDir));
    }
    if (auto written =
            writeDemoWorkspace(*demo, workspacePath, accounting.enabled() ? &accounting.system : nullptr);
        !written)
        return cmd.fail(ExitFailed, u"%1: %2"_s.arg(workspacePath, written.errorString()));
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;

    if (cmd.json()) {
        QJsonArray systems;
        for (const GeneratedSystem& g : demo->systems)
            systems.append(QJsonObject{{u"name"_s, g.name},
                                       {u"driver"_s, g.driver},
                                       {u"path"_s, g.path},
                                       {u"entity"_s, g.entity},
                                       {u"rows"_s, g.rows}});
        return cmd.printJson(QJsonObject{{u"workspace"_s, workspacePath},
                                         {u"truth"_s, demo->truthPath},
                                         {u"customers"_s, demo->customers},
                                         {u"seed"_s, QString::number(options.seed)},
                                         {u"systems"_s, systems},
                                         {u"seconds"_s, seconds}});
    }
    cmd.out() << "generated " << demo->customers << " customers (seed " << options.seed << ") in "
              << QString::number(seconds, 'f', 1) << " s\n";
    for (const GeneratedSystem& g : demo->systems)
        cmd.out() << "  " << g.name.leftJustified(12) << ' ' << QString::number(g.rows).rightJustified(9)
                  << " rows  " << g.path << '\n';
    cmd.out() << "  truth:     " << demo->truthPath << '\n';
    cmd.out() << "  workspace: " << workspacePath << Qt::endl;
    return ExitOk;
}

} // namespace concord::cli
