// systems add | list | set | remove | test | password
#include "Cli.h"
#include "ConnectionProbe.h"
#include "Credentials.h"
#include "OpenWorkspace.h"

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
                  {u"dateOrder"_s, s.dateOrder},
                  {u"readOnly"_s, s.readOnly},
                  {u"softDeleteColumn"_s, s.softDeleteColumn},
                  {u"softDeleteValue"_s,
                   s.softDeleteValue.isEmpty() && !s.softDeleteColumn.isEmpty() ? u"1"_s : s.softDeleteValue},
                  {u"hardDelete"_s, s.hardDelete},
                  {u"stampVersion"_s, s.stampVersion}};
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

// The write-back settings shared by add and set; false (exit code set) on a contradiction.
void addWriteOptions(QCommandLineParser& p)
{
    p.addOption({u"read-only"_s, u"Never write to this system (apply lists its changes and skips them)."_s});
    p.addOption({u"read-write"_s, u"Allow apply to write to this system (the default)."_s});
    p.addOption({u"soft-delete-column"_s,
                 u"Column that marks a row deleted: merges and approved deletions set it, and rows that have "
                 "it set are not read."_s,
                 u"COLUMN"_s});
    p.addOption({u"soft-delete-value"_s, u"The value that marks a row deleted (default 1)."_s, u"VALUE"_s});
    p.addOption(
        {u"hard-delete"_s, u"Merges delete the merged-away rows (their images stay in the audit)."_s});
    p.addOption({u"no-hard-delete"_s, u"Merges never delete rows (the default)."_s});
    p.addOption(
        {u"stamp-version"_s,
         u"Apply sets the version column to now (in its own format) on every row it writes, so tools that "
         "find changes by it see Concord's writes. Concord's recency rule then sees those rows as freshly "
         "edited."_s});
    p.addOption({u"no-stamp-version"_s, u"Apply leaves the version column alone (the default)."_s});
}

bool readWriteOptions(Command& cmd, SystemConfig* s, int* code)
{
    const QCommandLineParser& p = cmd.parser();
    if (p.isSet(u"read-only"_s) && p.isSet(u"read-write"_s)) {
        *code = cmd.fail(ExitUsage, u"--read-only and --read-write contradict each other"_s);
        return false;
    }
    if (p.isSet(u"hard-delete"_s) && p.isSet(u"no-hard-delete"_s)) {
        *code = cmd.fail(ExitUsage, u"--hard-delete and --no-hard-delete contradict each other"_s);
        return false;
    }
    if (p.isSet(u"read-only"_s))
        s->readOnly = true;
    if (p.isSet(u"read-write"_s))
        s->readOnly = false;
    if (p.isSet(u"soft-delete-column"_s))
        s->softDeleteColumn = p.value(u"soft-delete-column"_s);
    if (p.isSet(u"soft-delete-value"_s))
        s->softDeleteValue = p.value(u"soft-delete-value"_s);
    if (p.isSet(u"stamp-version"_s) && p.isSet(u"no-stamp-version"_s)) {
        *code = cmd.fail(ExitUsage, u"--stamp-version and --no-stamp-version contradict each other"_s);
        return false;
    }
    if (p.isSet(u"stamp-version"_s))
        s->stampVersion = true;
    if (p.isSet(u"no-stamp-version"_s))
        s->stampVersion = false;
    if (p.isSet(u"hard-delete"_s))
        s->hardDelete = true;
    if (p.isSet(u"no-hard-delete"_s))
        s->hardDelete = false;
    return true;
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
    addWriteOptions(p);
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
    if (!readWriteOptions(cmd, &s, &code))
        return code;
    if (auto ok = ws->addSystem(s); !ok)
        return cmd.fail(ExitFailed, ok.error());
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
        return cmd.fail(ExitFailed, systems.error());
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

int set(QStringList args)
{
    Command cmd(u"systems set"_s,
                u"Change how Concord may write to a system: read-only, the soft-delete column, hard deletes. "
                "An empty --soft-delete-column '' removes the soft-delete column."_s,
                args);
    addWriteOptions(cmd.parser());
    if (!cmd.parse(u"WORKSPACE NAME"_s, 2, 2))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto s = ws->system(cmd.positional()[1]);
    if (!s)
        return cmd.fail(ExitFailed, s.error());
    if (!readWriteOptions(cmd, &*s, &code))
        return code;
    // Removing the soft-delete column removes its value too; a value given without a column is an
    // error (validateSystem says so).
    if (s->softDeleteColumn.isEmpty() && !cmd.parser().isSet(u"soft-delete-value"_s))
        s->softDeleteValue.clear();
    if (auto ok = ws->setSystemWriteSettings(*s); !ok)
        return cmd.fail(ExitFailed, ok.error());
    cmd.out() << s->name << ": " << (s->readOnly ? "read-only" : "writable");
    if (!s->softDeleteColumn.isEmpty())
        cmd.out() << ", soft delete " << s->softDeleteColumn << " = "
                  << (s->softDeleteValue.isEmpty() ? u"1"_s : s->softDeleteValue);
    cmd.out() << (s->hardDelete ? ", merges delete rows" : "")
              << (s->stampVersion ? ", version column stamped on write" : "") << Qt::endl;
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
        return cmd.fail(ExitFailed, ok.error());
    cmd.out() << "removed system " << cmd.positional()[1] << Qt::endl;
    return ExitOk;
}

// Connects to each system and reports its entity's row count and columns, or the exact error.
int test(QStringList args)
{
    Command cmd(u"systems test"_s,
                u"Connect to systems, check that every column a system's configuration and mappings name "
                "exists (the key, version, soft-delete and mapped columns), and report row counts, or the "
                "exact error."_s,
                args);
    cmd.addJsonOption();
    if (!cmd.parse(u"WORKSPACE [NAME...]"_s, 1, -1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    QJsonArray results;
    bool allOk = true;
    // Each system is printed as soon as it answers: a slow server should not hide the others.
    auto probes = probeConnections(*ws, cmd.positional().mid(1), [&](const ConnectionProbe& p) {
        QJsonObject r{{u"system"_s, p.system}, {u"ok"_s, p.ok()}};
        if (p.ok()) {
            r.insert(u"rows"_s, p.rows);
            r.insert(u"columns"_s, p.columns);
        } else {
            r.insert(u"error"_s, p.error);
            if (p.rows >= 0)
                r.insert(u"rows"_s, p.rows);
            // What a script needs to fix the configuration: the names that are missing and the
            // ones there are.
            if (!p.columnCheck.ok()) {
                QStringList missing;
                for (const MissingColumn& m : p.columnCheck.missing)
                    missing << m.column;
                r.insert(u"missingColumns"_s, QJsonArray::fromStringList(missing));
                r.insert(u"existingColumns"_s, QJsonArray::fromStringList(p.columnCheck.available));
            }
            allOk = false;
        }
        results.append(r);
        // Errors go to stderr in every mode, where scripts and CI logs look for them.
        if (!p.ok())
            cmd.fail(ExitFailed, p.error);
        else if (!cmd.json())
            cmd.out() << p.system.leftJustified(14) << " ok     " << p.rows << " rows, " << p.columns
                      << " columns in " << p.entity << '\n';
    });
    if (!probes)
        return cmd.fail(ExitFailed, probes.error());
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
        return cmd.fail(ExitFailed, s.error());
    QTextStream in(stdin);
    const QString secret = in.readLine();
    if (secret.isEmpty())
        return cmd.fail(ExitUsage, u"no password on standard input"_s);
    if (auto ok = Credentials::storeInKeyring(*s, secret); !ok)
        return cmd.fail(ExitFailed, ok.error());
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
    if (action == "set"_L1)
        return set(args);
    if (action == "test"_L1)
        return test(args);
    if (action == "password"_L1)
        return password(args);
    Command cmd(u"systems"_s, u"Systems: systems add|list|set|remove|test|password WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(
        ExitUsage,
        u"expected add, list, set, remove, test or password; run 'concord-cli systems add --help'"_s);
}

} // namespace concord::cli
