// What tst_applycli reads beside the CLI's own output: the systems' tables, dumped through
// connections the test opens itself (SQLite files, or the accounting table on a test server),
// the workspace's journal and batches, and the audit's CSV. Header-only; include from
// tst_applycli.cpp only.
#pragma once

#include "CliRunner.h"
#include "TestServers.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QJsonArray>
#include <QMap>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QString>
#include <QStringList>
#include <algorithm>
#include <functional>
#include <optional>

namespace concord::test {

using namespace Qt::StringLiterals;

// One system of a workspace as `config export` describes it; database is an absolute path
// for an SQLite file.
struct SystemTable
{
    QString name, driver, database, host, user, table, key, versionColumn;
    int port = 0;
    bool isFile() const
    {
        return driver != "sqlite"_L1 && driver != "postgresql"_L1 && driver != "mariadb"_L1;
    }
};

// The systems of a workspace, from `concord-cli config export WORKSPACE -`; empty with *error set
// on failure.
inline QList<SystemTable> workspaceSystems(const QString& workspace, const CliOptions& options,
                                           QString* error)
{
    const Run r = cli({u"config"_s, u"export"_s, workspace, u"-"_s}, {}, options);
    if (r.exitCode != 0) {
        *error = r.describe(2000);
        return {};
    }
    const QJsonObject config = parseObject(r.out, error, 2000);
    QList<SystemTable> systems;
    for (const QJsonValue& v : config.value(u"systems"_s).toArray()) {
        const QJsonObject s = v.toObject();
        SystemTable t;
        t.name = s.value(u"name"_s).toString();
        t.driver = s.value(u"driver"_s).toString();
        t.database = s.value(u"database"_s).toString();
        if (t.driver == "sqlite"_L1)
            t.database = QFileInfo(workspace).dir().absoluteFilePath(t.database);
        t.host = s.value(u"host"_s).toString();
        t.port = s.value(u"port"_s).toInt();
        t.user = s.value(u"user"_s).toString();
        t.table = s.value(u"entity"_s).toString();
        t.key = s.value(u"keyColumn"_s).toString();
        t.versionColumn = s.value(u"versionColumn"_s).toString();
        systems.append(t);
    }
    return systems;
}

// Runs body with an open connection of the test's own to the system (read-only for SQLite
// unless writable), then closes and removes it. Returns the connection error, or body's.
inline QString withSystemDb(const SystemTable& system, const QString& password, bool writable,
                            const std::function<QString(QSqlDatabase&)>& body)
{
    static int counter = 0;
    const QString name = u"tst-applycli-%1"_s.arg(++counter);
    QString error;
    {
        const QString qtDriver = system.driver == "postgresql"_L1 ? u"QPSQL"_s
                                 : system.driver == "mariadb"_L1  ? u"QMYSQL"_s
                                                                  : u"QSQLITE"_s;
        QSqlDatabase db = QSqlDatabase::addDatabase(qtDriver, name);
        db.setDatabaseName(system.database);
        if (qtDriver == "QSQLITE"_L1) {
            db.setConnectOptions(writable ? u"QSQLITE_BUSY_TIMEOUT=5000"_s
                                          : u"QSQLITE_OPEN_READONLY;QSQLITE_BUSY_TIMEOUT=5000"_s);
        } else {
            db.setHostName(system.host);
            db.setPort(system.port);
            db.setUserName(system.user);
            db.setPassword(password);
        }
        if (!db.open())
            error = u"%1 (%2): cannot open: %3"_s.arg(system.name, system.database, db.lastError().text());
        else
            error = body(db);
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

// The workspace file itself (an SQLite database), opened by the test.
inline QString withWorkspaceDb(const QString& workspace, bool writable,
                               const std::function<QString(QSqlDatabase&)>& body)
{
    SystemTable ws;
    ws.name = u"workspace"_s;
    ws.driver = u"sqlite"_s;
    ws.database = workspace;
    return withSystemDb(ws, {}, writable, body);
}

// A value as the database's own text: NULL stays a null QString, an empty text is "".
inline QString textValue(const QVariant& v)
{
    if (v.isNull())
        return QString();
    QString s = v.toString();
    if (s.isNull())
        s = u""_s;
    return s;
}

// NULL and '' are different values in a dump.
inline QString shownValue(const QString& value)
{
    return value.isNull() ? u"<NULL>"_s : u"'"_s + value + u"'"_s;
}

inline bool sameExact(const QString& a, const QString& b)
{
    return a.isNull() == b.isNull() && a == b;
}

// A whole table: SELECT every column ORDER BY the key, each value as text, NULL marked.
struct TableDump
{
    QString error;
    QStringList columns;
    QStringList lines;                            // one per row, in key order: what is compared
    QHash<QString, QHash<QString, QString>> rows; // key -> column -> value (null = NULL)

    // A cell's value; *found is false when the row or column is missing.
    QString cell(const QString& key, const QString& column, bool* found) const
    {
        const auto row = rows.constFind(key);
        *found = row != rows.cend() && row->contains(column);
        return *found ? row->value(column) : QString();
    }
};

inline TableDump dumpTable(const SystemTable& system, const QString& password)
{
    TableDump dump;
    dump.error = withSystemDb(system, password, false, [&](QSqlDatabase& db) -> QString {
        const QSqlRecord record = db.record(system.table);
        if (record.isEmpty())
            return u"%1: no table '%2'"_s.arg(system.name, system.table);
        const auto cast = [&](const QString& column) {
            const QString quoted = db.driver()->escapeIdentifier(column, QSqlDriver::FieldName);
            if (system.driver == "postgresql"_L1)
                return u"CAST(%1 AS text)"_s.arg(quoted);
            if (system.driver == "mariadb"_L1)
                return u"CAST(%1 AS CHAR)"_s.arg(quoted);
            return u"CAST(%1 AS TEXT)"_s.arg(quoted);
        };
        QStringList select;
        for (int i = 0; i < record.count(); ++i) {
            dump.columns << record.fieldName(i);
            select << cast(record.fieldName(i));
        }
        const int keyIndex = static_cast<int>(dump.columns.indexOf(system.key));
        if (keyIndex < 0)
            return u"%1: no key column '%2'"_s.arg(system.name, system.key);
        QSqlQuery q(db);
        q.setForwardOnly(true);
        if (!q.exec(u"SELECT %1 FROM %2 ORDER BY %3"_s.arg(
                select.join(u", "_s), db.driver()->escapeIdentifier(system.table, QSqlDriver::TableName),
                db.driver()->escapeIdentifier(system.key, QSqlDriver::FieldName))))
            return u"%1: %2"_s.arg(system.name, q.lastError().text());
        while (q.next()) {
            QStringList shown;
            QHash<QString, QString> row;
            for (int i = 0; i < dump.columns.size(); ++i) {
                const QString value = textValue(q.value(i));
                row.insert(dump.columns[i], value);
                shown << dump.columns[i] + u'=' + shownValue(value);
            }
            const QString key = row.value(system.key);
            if (dump.rows.contains(key))
                return u"%1: key %2 twice"_s.arg(system.name, key);
            dump.rows.insert(key, row);
            dump.lines << shown.join(u" | "_s);
        }
        return QString();
    });
    return dump;
}

// Every database system of the workspace (file exports are never written), by name.
using Dumps = QMap<QString, TableDump>;

inline Dumps dumpSystems(const QList<SystemTable>& systems, const QString& password, QString* error)
{
    Dumps dumps;
    for (const SystemTable& s : systems) {
        if (s.isFile())
            continue;
        dumps.insert(s.name, dumpTable(s, password));
        if (!dumps[s.name].error.isEmpty())
            *error += dumps[s.name].error + u'\n';
    }
    return dumps;
}

// Empty when equal; else what differs first, per system.
inline QString compareDumps(const Dumps& expected, const Dumps& actual)
{
    QString differences;
    if (expected.keys() != actual.keys())
        return u"systems %1 vs %2"_s.arg(expected.keys().join(u','), actual.keys().join(u','));
    for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
        const QStringList& a = it->lines;
        const QStringList& b = actual.value(it.key()).lines;
        if (a == b)
            continue;
        differences += u"%1: %2 rows expected, %3 found\n"_s.arg(it.key()).arg(a.size()).arg(b.size());
        int shown = 0;
        for (qsizetype i = 0; i < std::max(a.size(), b.size()) && shown < 5; ++i) {
            if (a.value(i) == b.value(i))
                continue;
            differences += u"  expected: %1\n  found:    %2\n"_s.arg(a.value(i), b.value(i));
            ++shown;
        }
    }
    return differences;
}

// One row of the workspace's journal table.
struct JournalRow
{
    QString batch, system, rowId, column, operation, before, after, state, error;
    int seq = 0;
    qint64 order = 0; // position in the order batches started, then seq
};

struct BatchRow
{
    QString id, kind, state, rollsBack, summary;
};

// Opened read-write though it only reads: after a kill the file may have a hot journal, which
// only a writable connection may roll back (as the next concord-cli would).
inline QString readJournal(const QString& workspace, QList<JournalRow>* journal, QList<BatchRow>* batches)
{
    return withWorkspaceDb(workspace, true, [&](QSqlDatabase& db) -> QString {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT batch_id, kind, state, rolls_back, summary FROM batches"
                    " ORDER BY started_at, batch_id"_s))
            return q.lastError().text();
        while (q.next())
            batches->append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(),
                             q.value(3).toString(), q.value(4).toString()});
        if (!q.exec(u"SELECT j.batch_id, j.system_name, j.row_id, j.column_name, j.operation, j.before_value,"
                    " j.after_value, j.state, j.error, j.seq FROM journal j"
                    " JOIN batches b ON b.batch_id = j.batch_id ORDER BY b.started_at, j.batch_id, j.seq"_s))
            return q.lastError().text();
        qint64 order = 0;
        while (q.next()) {
            JournalRow e;
            e.batch = q.value(0).toString();
            e.system = q.value(1).toString();
            e.rowId = q.value(2).toString();
            e.column = q.value(3).toString();
            e.operation = q.value(4).toString();
            e.before = textValue(q.value(5));
            e.after = textValue(q.value(6));
            e.state = q.value(7).toString();
            e.error = q.value(8).toString();
            e.seq = q.value(9).toInt();
            e.order = order++;
            journal->append(e);
        }
        return QString();
    });
}

// RFC 4180 CSV as the audit writes it: quoted fields may hold commas, quotes and line breaks.
inline QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool any = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        any = true;
        if (quoted) {
            if (c == u'"' && i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else if (c == u'"') {
                quoted = false;
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
        } else if (c == u',') {
            row << field;
            field.clear();
        } else if (c == u'\r') {
            continue;
        } else if (c == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            any = false;
        } else {
            field += c;
        }
    }
    if (any) {
        row << field;
        rows << row;
    }
    return rows;
}

// A generated demo and how to run the CLI on it (as user "tester", with the accounting server's
// password in the environment when accounting is on a server).
struct Demo
{
    QString dir;
    QString workspace;
    QString password;
    QList<SystemTable> systems;

    CliOptions options() const
    {
        CliOptions o = withEnvironment(u"USER"_s, u"tester"_s);
        o.environment.append({u"CONCORD_PASSWORD_ACCOUNTING"_s, password});
        return o;
    }
    Run run(const QStringList& args) const { return cli(args, dir, options()); }
    // `plan`, as a steward runs it before apply (apply writes only the latest plan shown, once);
    // empty on success, else what the run said.
    QString showPlan() const
    {
        const Run r = run({u"plan"_s, workspace});
        return r.exitCode == 0 ? QString() : r.describe(3000);
    }
    const SystemTable* system(const QString& name) const
    {
        for (const SystemTable& s : systems) {
            if (s.name == name)
                return &s;
        }
        return nullptr;
    }
    Dumps dump(QString* error) const { return dumpSystems(systems, password, error); }
};

// Generates a demo with `concord-cli generate` in parent/name (working in parent) and reads its
// four systems; accounting goes on the test server when driver is "postgresql" or "mariadb".
// False, with a warning quoting what failed, otherwise.
inline bool generateDemo(const QString& parent, const QString& name, int customers, int seed,
                         const QString& driver, Demo* demo)
{
    std::optional<ServerInfo> server;
    if (driver == "postgresql"_L1)
        server = postgres();
    else if (driver == "mariadb"_L1)
        server = mariadb();
    demo->dir = QDir(parent).filePath(name);
    demo->workspace = QDir(demo->dir).filePath(u"demo.concord"_s);
    QStringList args{
        u"generate"_s, u"--out"_s,           demo->dir, u"--customers"_s, QString::number(customers),
        u"--seed"_s,   QString::number(seed)};
    if (server) {
        demo->password = server->password;
        args << u"--accounting-driver"_s << driver << u"--accounting-host"_s << server->host
             << u"--accounting-port"_s << QString::number(server->port) << u"--accounting-database"_s
             << server->database << u"--accounting-user"_s << server->user;
    }
    const Run r = cli(args, parent, demo->options());
    if (r.exitCode != 0) {
        qWarning("%s", qPrintable(r.describe(3000)));
        return false;
    }
    QString error;
    demo->systems = workspaceSystems(demo->workspace, demo->options(), &error);
    if (!error.isEmpty() || demo->systems.size() != 4) {
        qWarning("config export: %s", qPrintable(error));
        return false;
    }
    return true;
}

} // namespace concord::test

// Runs `plan` on a Demo before an apply, or fails the test with what plan said.
#define SHOW_PLAN(demo)                                                                                      \
    do {                                                                                                     \
        const QString planFailed = (demo).showPlan();                                                        \
        QVERIFY2(planFailed.isEmpty(), qPrintable(planFailed));                                              \
    } while (false)
