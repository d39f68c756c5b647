#pragma once

// Shared by tst_apply and tst_applyfailures: a workspace with one or more systems on a real SQLite
// file or on the PostgreSQL/MariaDB test servers (tools/test-servers.sh), and a plain Qt SQL
// connection of the test's own (never the code under test) that creates the tables, changes rows as
// "someone else", holds locks, and reads the tables back exactly as the database renders them.

#include "Applier.h"
#include "Credentials.h"
#include "SqlConnector.h"
#include "SqlWriter.h"
#include "TestServers.h"
#include "Workspace.h"

#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

namespace concord::applytest {

using namespace Qt::StringLiterals;

inline const QString kNull = u"<NULL>"_s; // how a NULL is shown in dumps and messages

// A table name no other test, run or concurrent process uses on the same server.
inline QString uniqueName(const QString& stem)
{
    static int counter = 0;
    return u"%1_%2_%3_%4"_s.arg(stem)
        .arg(QCoreApplication::applicationPid())
        .arg(++counter)
        .arg(QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, u'0'));
}

inline std::optional<concord::test::ServerInfo> serverFor(const QString& backend)
{
    if (backend == "postgresql"_L1)
        return concord::test::postgres();
    if (backend == "mariadb"_L1)
        return concord::test::mariadb();
    return std::nullopt;
}

inline QString shown(const QString& value)
{
    return value.isNull() ? kNull : u"'"_s + value + u"'"_s;
}

// A NULL stays a null QString, an empty text stays "" (not null).
inline QString textOf(const QVariant& v)
{
    if (v.isNull())
        return QString();
    const QString s = v.toString();
    return s.isNull() ? u""_s : s;
}

// Type names that differ between the dialects.
struct Types
{
    QString backend;
    QString timestamp() const
    {
        return backend == "postgresql"_L1 ? u"TIMESTAMP(6)"_s
               : backend == "mariadb"_L1  ? u"DATETIME(6)"_s
                                          : u"TIMESTAMP"_s;
    }
    QString doubleType() const
    {
        return backend == "postgresql"_L1 ? u"DOUBLE PRECISION"_s
               : backend == "mariadb"_L1  ? u"DOUBLE"_s
                                          : u"REAL"_s;
    }
    QString floatType() const { return backend == "mariadb"_L1 ? u"FLOAT"_s : u"REAL"_s; }
};

// The test's own connection to the system's database.
class Db
{
public:
    Db(QString backend, const QString& sqlitePath)
        : m_backend(std::move(backend))
        , m_connectionName(u"tst_apply_db_%1"_s.arg(++s_connections))
    {
        QSqlDatabase db =
            QSqlDatabase::addDatabase(concord::SqlConnector::qtDriverName(m_backend), m_connectionName);
        if (m_backend == "sqlite"_L1) {
            db.setDatabaseName(sqlitePath);
        } else if (const auto server = serverFor(m_backend)) {
            db.setHostName(server->host);
            db.setPort(server->port);
            db.setUserName(server->user);
            db.setPassword(server->password);
            db.setDatabaseName(server->database);
        }
        if (!db.open()) {
            m_error = u"connection to %1 failed: %2"_s.arg(m_backend, db.lastError().text());
            return;
        }
        if (m_backend == "postgresql"_L1)
            exec(u"SET client_min_messages = warning"_s); // no NOTICE for DROP TABLE IF EXISTS
        else if (m_backend == "mariadb"_L1)
            exec(u"SET NAMES utf8mb4"_s);
    }

    ~Db()
    {
        {
            QSqlDatabase db = database();
            if (db.isOpen()) {
                QSqlQuery q(db);
                for (const QString& table : std::as_const(m_tables)) {
                    if (!q.exec(u"DROP TABLE IF EXISTS "_s + quote(table)))
                        qWarning("could not drop test table %s: %s", qPrintable(table),
                                 qPrintable(q.lastError().text()));
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }

    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;

    bool isOpen() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString backend() const { return m_backend; }
    Types types() const { return Types{m_backend}; }
    QSqlDatabase database() const { return QSqlDatabase::database(m_connectionName, false); }

    // The identifier quoted in the dialect, its quote character doubled.
    QString quote(const QString& identifier) const
    {
        const QChar q = m_backend == "mariadb"_L1 ? u'`' : u'"';
        QString escaped = identifier;
        escaped.replace(q, QString(2, q));
        return q + escaped + q;
    }

    // Runs sql with bound values (a null QVariant binds NULL); the first error is kept in error().
    bool exec(const QString& sql, const QVariantList& values = {})
    {
        QSqlQuery q(database());
        bool ok = false;
        if (values.isEmpty()) { // BEGIN and the like cannot be prepared on PostgreSQL
            ok = q.exec(sql);
        } else {
            ok = q.prepare(sql);
            for (const QVariant& v : values)
                q.addBindValue(v);
            ok = ok && q.exec();
        }
        if (!ok)
            m_error = sql + u": "_s + q.lastError().text();
        return ok;
    }

    // CREATE TABLE (dropped again by the destructor); name is quoted here.
    bool createTable(const QString& name, const QString& body)
    {
        m_tables.append(name);
        QSqlQuery q(database());
        q.exec(u"DROP TABLE IF EXISTS "_s + quote(name));
        QString sql = u"CREATE TABLE %1 (%2)"_s.arg(quote(name), body);
        if (m_backend == "mariadb"_L1)
            sql += u" ENGINE=InnoDB DEFAULT CHARSET=utf8mb4"_s;
        if (q.exec(sql))
            return true;
        m_error = sql + u": "_s + q.lastError().text();
        return false;
    }

    // columns are quoted here; a null QVariant inserts NULL.
    bool insert(const QString& table, const QStringList& columns, const QList<QVariantList>& rows)
    {
        QStringList quoted;
        for (const QString& c : columns)
            quoted << quote(c);
        const QString sql = u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(
            quote(table), quoted.join(u", "_s), QStringList(columns.size(), u"?"_s).join(u", "_s));
        for (const QVariantList& row : rows) {
            if (!exec(sql, row))
                return false;
        }
        return true;
    }

    // UPDATE table SET column = value WHERE id = id, as someone else would.
    bool set(const QString& table, const QString& column, int id, const QVariant& value)
    {
        return exec(u"UPDATE %1 SET %2 = ? WHERE id = ?"_s.arg(quote(table), quote(column)), {value, id});
    }

    QString castToText(const QString& quotedColumn) const
    {
        return u"CAST(%1 AS %2)"_s.arg(quotedColumn, m_backend == "mariadb"_L1 ? u"CHAR"_s : u"TEXT"_s);
    }

    // The value as the database renders it as text; a null QString for NULL, "<no row>" when
    // there is no such row.
    QString value(const QString& table, const QString& column, int id) const
    {
        QSqlQuery q(database());
        q.prepare(u"SELECT %1 FROM %2 WHERE id = ?"_s.arg(castToText(quote(column)), quote(table)));
        q.addBindValue(id);
        if (!q.exec())
            return u"<error: %1>"_s.arg(q.lastError().text());
        if (!q.next())
            return u"<no row>"_s;
        return textOf(q.value(0));
    }

    // Every row ordered by id, every column as the database renders it as text, NULL as <NULL>.
    QStringList dump(const QString& table) const
    {
        const QSqlRecord record = database().record(table);
        QStringList select;
        for (int i = 0; i < record.count(); ++i)
            select << castToText(quote(record.fieldName(i)));
        QSqlQuery q(database());
        if (select.isEmpty() ||
            !q.exec(u"SELECT %1 FROM %2 ORDER BY id"_s.arg(select.join(u", "_s), quote(table))))
            return {u"<cannot dump %1: %2>"_s.arg(table, q.lastError().text())};
        QStringList lines;
        while (q.next()) {
            QStringList values;
            for (int i = 0; i < record.count(); ++i)
                values << shown(textOf(q.value(i)));
            lines << values.join(u" | "_s);
        }
        return lines;
    }

    bool tableExists(const QString& table) const { return database().tables().contains(table); }

private:
    static inline int s_connections = 0;
    QString m_backend;
    QString m_connectionName;
    QStringList m_tables;
    QString m_error;
};

// id, name, email, phone: four customers the tests write to.
inline bool createCustomers(Db& db, const QString& table)
{
    return db.createTable(table, u"id INTEGER PRIMARY KEY, name VARCHAR(100), email VARCHAR(100), "
                                 "phone VARCHAR(30)"_s) &&
           db.insert(table, {u"id"_s, u"name"_s, u"email"_s, u"phone"_s},
                     {{1, u"Alice"_s, u"a@x.example"_s, u"111"_s},
                      {2, u"Bob"_s, u"b@x.example"_s, u"222"_s},
                      {3, u"Carol"_s, u"c@x.example"_s, u"333"_s},
                      {4, u"Dan"_s, u"d@x.example"_s, u"444"_s}});
}

// How the code under test reaches the system: the workspace's SystemConfig and the bare
// ConnectionSpec the tests give SqlConnector and SqlWriter directly.
inline SystemConfig systemConfig(const QString& backend, const QString& name, const QString& sqlitePath,
                                 const QString& table, const QString& versionColumn = {})
{
    SystemConfig s;
    s.name = name;
    s.driver = backend;
    s.entity = table;
    s.keyColumn = u"id"_s;
    s.versionColumn = versionColumn;
    if (backend == "sqlite"_L1) {
        s.database = sqlitePath;
    } else if (const auto server = serverFor(backend)) {
        s.host = server->host;
        s.port = server->port;
        s.user = server->user;
        s.database = server->database;
        qputenv(concord::Credentials::environmentVariable(name).toLatin1().constData(),
                server->password.toUtf8());
    }
    return s;
}

inline ConnectionSpec connectionSpec(const SystemConfig& s)
{
    ConnectionSpec spec;
    spec.driver = s.driver;
    spec.name = s.name;
    spec.host = s.host;
    spec.port = s.port;
    spec.user = s.user;
    spec.database = s.database;
    spec.password =
        qEnvironmentVariable(concord::Credentials::environmentVariable(s.name).toLatin1().constData());
    return spec;
}

// The rows as a snapshot reads them (SqlConnector::readRows), by source id.
struct SnapshotRows : public RowReceiver
{
    QList<ColumnInfo> columns;
    QHash<QString, SourceRow> rows;
    QString error;

    void begin(const QList<ColumnInfo>& c, const QString&) override { columns = c; }
    bool row(const SourceRow& r) override
    {
        rows.insert(r.sourceId, r);
        return true;
    }
    int column(const QString& name) const
    {
        for (int i = 0; i < columns.size(); ++i) {
            if (columns[i].name == name)
                return i;
        }
        return -1;
    }
    QString value(const QString& rowId, const QString& name) const
    {
        return rows.value(rowId).values.value(column(name));
    }
};

inline std::unique_ptr<SnapshotRows> readSnapshot(const SystemConfig& system)
{
    auto result = std::make_unique<SnapshotRows>();
    SqlConnector connector(connectionSpec(system));
    auto read = connector.readRows(ReadSpec{system.entity, system.keyColumn, system.versionColumn}, *result);
    if (!read)
        result->error = read.errorString();
    connector.close();
    return result;
}

// A write as the planner would make it from that snapshot: before and version as read.
inline PlannedWrite plannedWrite(const SystemConfig& system, const SnapshotRows& snapshot, int id,
                                 const QString& column, const QString& after)
{
    const QString rowId = QString::number(id);
    PlannedWrite w;
    w.system = system.name;
    w.driver = system.driver;
    w.table = system.entity;
    w.keyColumns = {system.keyColumn};
    w.rowId = rowId;
    w.field = column;
    w.column = column;
    w.before = snapshot.value(rowId, column);
    w.after = after;
    w.version = snapshot.rows.value(rowId).version;
    w.rule = u"owner"_s;
    w.reason = u"test"_s;
    w.status = u"ready"_s;
    return w;
}

// The executor's op for a planned write, as applyPlan makes it (the snapshot value must still be there).
inline WriteOp writeOp(const PlannedWrite& w)
{
    WriteOp op;
    op.entry.system = w.system;
    op.entry.table = w.table;
    op.entry.keyColumns = w.keyColumns;
    op.entry.rowId = w.rowId;
    op.entry.field = w.field;
    op.entry.column = w.column;
    op.entry.before = w.before;
    op.entry.after = w.after;
    op.entry.version = w.version;
    op.entry.rule = w.rule;
    op.entry.reason = w.reason;
    op.expectVersion = w.version;
    op.expectValue = w.before;
    op.loose = true;
    return op;
}

// Short timeouts so that lock waits and retries keep the tests quick.
inline ApplyOptions quickOptions()
{
    ApplyOptions o;
    o.steward = u"tester"_s;
    o.lockTimeoutMs = 2000;
    o.maxAttempts = 2;
    o.backoffMs = 50;
    return o;
}

// "rowId.column" -> entry, for asserting outcomes by row.
inline QHash<QString, JournalEntry> byRowAndColumn(const QList<JournalEntry>& entries)
{
    QHash<QString, JournalEntry> map;
    for (const JournalEntry& e : entries)
        map.insert(e.rowId + u'.' + e.column, e);
    return map;
}

inline QByteArray describeEntries(const QList<JournalEntry>& entries)
{
    QStringList lines;
    for (const JournalEntry& e : entries)
        lines << u"#%1 %2 row %3 %4: %5 -> %6 [%7] %8"_s.arg(e.seq).arg(
            e.system, e.rowId, e.column, shown(e.before), shown(e.after), e.state, e.error);
    return lines.join(u'\n').toUtf8();
}

inline int batchCount(const Workspace& ws)
{
    auto batches = ws.batches();
    return batches ? static_cast<int>(batches->size()) : -1;
}

inline void addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << u"sqlite"_s;
    QTest::newRow("postgresql") << u"postgresql"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

} // namespace concord::applytest

// Skips (or fails in CI) a row whose backend is a server that is not configured.
#define REQUIRE_BACKEND(backend)                                                                             \
    do {                                                                                                     \
        if ((backend) == "postgresql"_L1)                                                                    \
            CONCORD_REQUIRE_SERVER(concord::test::postgres(), "PostgreSQL");                                 \
        else if ((backend) == "mariadb"_L1)                                                                  \
            CONCORD_REQUIRE_SERVER(concord::test::mariadb(), "MariaDB");                                     \
    } while (false)

#define VERIFY_RESULT(result) QVERIFY2((result).ok(), qPrintable((result).errorString()))

// A temporary folder, the test's own connection `db` (the SQLite file is <dir>/system.sqlite) and
// an empty workspace `ws`, or the test fails.
#define SETUP_APPLY(backend)                                                                                 \
    REQUIRE_BACKEND(backend);                                                                                \
    QTemporaryDir dir;                                                                                       \
    QVERIFY2(dir.isValid(), qPrintable(dir.errorString()));                                                  \
    const QString sqlitePath = dir.filePath(u"system.sqlite"_s);                                             \
    concord::applytest::Db db(backend, sqlitePath);                                                          \
    QVERIFY2(db.isOpen(), qPrintable(db.error()));                                                           \
    auto createdWorkspace = concord::Workspace::create(dir.filePath(u"steward.concord"_s));                  \
    VERIFY_RESULT(createdWorkspace);                                                                         \
    [[maybe_unused]] concord::Workspace& ws = **createdWorkspace
