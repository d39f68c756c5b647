// systems add | list | remove | test | password
#include "Cli.h"
#include "Credentials.h"
#include "OpenWorkspace.h"
#include "SnapshotLoader.h"

#include <QFileInfo>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
QJsonObject systemJson(const SystemConfig& s)
{
    QJsonObject o{{u"name"_s, s.name},
                  {u"driver"_s, s.driver},
                  {u"host"_s, s.host},
                  {u"port"_s, s.port},
                  {u"database"_s, s.database},
                  {u"user"_s, s.user},
                  {u"entity"_s, s.entity},
                  {u"keyColumn"_s, s.keyColumn},
                  {u"versionColumn"_s, s.versionColumn},
                  {u"defaultRegion"_s, s.defaultRegion},
                  {u"dateOrder"_s, s.dateOrder}};
    if (s.isServer())
        o.insert(u"passwordVariable"_s, Credentials::environmentVariable(s.name));
    return o;
}

QString location(const SystemConfig& s)
{
    if (s.isFile())
        return s.database;
    return u"%1@%2:%3/%4"_s.arg(s.user, s.host).arg(s.port).arg(s.database);
}

int add(QStringList args)
{
    Command cmd(u"systems add"_s,
                u"Add a system to a workspace. Passwords are never stored in the workspace: set "
                "CONCORD_PASSWORD_<SYSTEM> or use 'systems password'."_s,
                args);
    QCommandLineParser& p = cmd.parser();
    p.addOption({u"driver"_s, u"sqlite, postgresql, mariadb, csv or json."_s, u"DRIVER"_s});
    p.addOption({u"host"_s, u"Server host (postgresql, mariadb)."_s, u"HOST"_s});
    p.addOption({u"port"_s, u"Server port."_s, u"PORT"_s});
    p.addOption({u"database"_s, u"Database name (servers) or file path (sqlite, csv, json)."_s, u"DB"_s});
    p.addOption({u"user"_s, u"User name (servers)."_s, u"USER"_s});
    p.addOption(
        {u"entity"_s, u"Table to read (for csv/json: the file's base name, the default)."_s, u"TABLE"_s});
    p.addOption({u"key"_s, u"Source id column (default: the table's primary key; required for csv/json)."_s,
                 u"COLUMN"_s});
    p.addOption({u"version-column"_s,
                 u"updated_at-style column used as the row's version (default: row hash)."_s, u"COLUMN"_s});
    p.addOption({u"region"_s, u"Default phone region, e.g. US."_s, u"REGION"_s});
    p.addOption({u"date-order"_s, u"MDY, DMY or YMD."_s, u"ORDER"_s});
    if (!cmd.parse(u"WORKSPACE NAME"_s, 2, 2))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    SystemConfig s;
    s.name = cmd.positional()[1];
    s.driver = p.value(u"driver"_s).toLower();
    if (s.driver == "mysql"_L1)
        s.driver = u"mariadb"_s;
    if (s.driver == "postgres"_L1)
        s.driver = u"postgresql"_s;
    s.host = p.value(u"host"_s);
    if (p.isSet(u"port"_s)) {
        bool ok = false;
        s.port = p.value(u"port"_s).toInt(&ok);
        if (!ok)
            return cmd.fail(ExitUsage, u"--port '%1' is not a number"_s.arg(p.value(u"port"_s)));
    }
    s.database = p.value(u"database"_s);
    if (s.isFile() && !s.database.isEmpty())
        s.database = ws->storablePath(s.database);
    s.user = p.value(u"user"_s);
    s.entity = p.value(u"entity"_s);
    if (s.entity.isEmpty() && (s.driver == "csv"_L1 || s.driver == "json"_L1))
        s.entity = QFileInfo(s.database).completeBaseName();
    s.keyColumn = p.value(u"key"_s);
    s.versionColumn = p.value(u"version-column"_s);
    s.defaultRegion = p.value(u"region"_s).toUpper();
    s.dateOrder = p.value(u"date-order"_s).toUpper();
    if (auto ok = ws->addSystem(s); !ok)
        return cmd.fail(ExitFailed, ok.errorString());
    cmd.out() << "added system " << s.name << " (" << s.driver << ' ' << location(s) << ", entity "
              << s.entity << ")" << Qt::endl;
    return ExitOk;
}

int list(QStringList args)
{
    Command cmd(u"systems list"_s, u"List the systems of a workspace."_s, args);
    cmd.addJsonOption();
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto systems = ws->systems();
    if (!systems)
        return cmd.fail(ExitFailed, systems.errorString());
    if (cmd.json()) {
        QJsonArray array;
        for (const SystemConfig& s : std::as_const(*systems))
            array.append(systemJson(s));
        return cmd.printJson(QJsonObject{{u"systems"_s, array}});
    }
    for (const SystemConfig& s : std::as_const(*systems)) {
        cmd.out() << s.name.leftJustified(14) << ' ' << s.driver.leftJustified(10) << ' ' << location(s)
                  << "  entity=" << s.entity;
        if (!s.keyColumn.isEmpty())
            cmd.out() << " key=" << s.keyColumn;
        if (!s.versionColumn.isEmpty())
            cmd.out() << " version=" << s.versionColumn;
        cmd.out() << '\n';
    }
    return ExitOk;
}

int remove(QStringList args)
{
    Command cmd(u"systems remove"_s, u"Remove a system and its mappings from a workspace."_s, args);
    if (!cmd.parse(u"WORKSPACE NAME"_s, 2, 2))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    if (auto ok = ws->removeSystem(cmd.positional()[1]); !ok)
        return cmd.fail(ExitFailed, ok.errorString());
    cmd.out() << "removed system " << cmd.positional()[1] << Qt::endl;
    return ExitOk;
}

// Connects to each system and reports its entity's row count and columns, or the exact error.
int test(QStringList args)
{
    Command cmd(u"systems test"_s, u"Connect to systems and report row counts, or the exact error."_s, args);
    cmd.addJsonOption();
    if (!cmd.parse(u"WORKSPACE [NAME...]"_s, 1, -1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto systems = ws->systems();
    if (!systems)
        return cmd.fail(ExitFailed, systems.errorString());
    const QStringList only = cmd.positional().mid(1);
    for (const QString& name : only) {
        if (auto s = ws->system(name); !s)
            return cmd.fail(ExitFailed, s.errorString());
    }
    QJsonArray results;
    bool allOk = true;
    for (const SystemConfig& s : std::as_const(*systems)) {
        if (!only.isEmpty() && !only.contains(s.name))
            continue;
        QJsonObject r{{u"system"_s, s.name}};
        QString error;
        qint64 rows = -1;
        int columns = 0;
        auto spec = connectionSpecFor(*ws, s);
        if (!spec) {
            error = spec.errorString();
        } else if (auto connector = createConnector(*spec); !connector) {
            error = connector.errorString();
        } else if (auto opened = (*connector)->open(); !opened) {
            error = opened.errorString();
        } else if (auto cols = (*connector)->columns(s.entity); !cols) {
            error = cols.errorString();
        } else if (auto count = (*connector)->countRows(s.entity); !count) {
            error = count.errorString();
        } else {
            rows = *count;
            columns = static_cast<int>(cols->size());
        }
        r.insert(u"ok"_s, error.isEmpty());
        if (error.isEmpty()) {
            r.insert(u"rows"_s, rows);
            r.insert(u"columns"_s, columns);
        } else {
            r.insert(u"error"_s, error);
            allOk = false;
        }
        results.append(r);
        // Errors go to stderr in every mode, where scripts and CI logs look for them.
        if (!error.isEmpty())
            cmd.fail(ExitFailed, error);
        else if (!cmd.json())
            cmd.out() << s.name.leftJustified(14) << " ok     " << rows << " rows, " << columns
                      << " columns in " << s.entity << '\n';
    }
    if (cmd.json())
        cmd.printJson(QJsonObject{{u"systems"_s, results}, {u"ok"_s, allOk}});
    return allOk ? ExitOk : ExitFailed;
}

int password(QStringList args)
{
    Command cmd(u"systems password"_s,
                u"Store a system's password in the OS keyring, read from the first line of standard input."_s,
                args);
    if (!cmd.parse(u"WORKSPACE NAME"_s, 2, 2))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto s = ws->system(cmd.positional()[1]);
    if (!s)
        return cmd.fail(ExitFailed, s.errorString());
    QTextStream in(stdin);
    const QString secret = in.readLine();
    if (secret.isEmpty())
        return cmd.fail(ExitUsage, u"no password on standard input"_s);
    if (auto ok = Credentials::storeInKeyring(*s, secret); !ok)
        return cmd.fail(ExitFailed, ok.errorString());
    cmd.out() << "stored the password of " << s->name << " in the keyring" << Qt::endl;
    return ExitOk;
}
} // namespace

int runSystems(const QStringList& argsIn)
{
    QStringList args = argsIn;
    const QString action = takeAction(args);
    if (action == "add"_L1)
        return add(args);
    if (action == "list"_L1)
        return list(args);
    if (action == "remove"_L1)
        return remove(args);
    if (action == "test"_L1)
        return test(args);
    if (action == "password"_L1)
        return password(args);
    Command cmd(u"systems"_s, u"Systems: systems add|list|remove|test|password WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(ExitUsage,
                    u"expected add, list, remove, test or password; run 'concord-cli systems add --help'"_s);
}

} // namespace concord::cli
