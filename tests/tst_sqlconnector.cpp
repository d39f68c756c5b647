// SqlConnector against real databases: a private SQLite file and the PostgreSQL/MariaDB test servers
// of tools/test-servers.sh. Each test creates its own uniquely named tables through a plain
// QSqlDatabase connection (never through the connector under test) and drops them afterwards, then
// checks what the connector makes of them: introspection, values exactly as stored, source ids,
// version tokens, the errors a steward sees, and streaming of large tables.

#include "Connector.h"
#include "RowAssembler.h"
#include "RowVersion.h"
#include "Snapshot.h"
#include "SqlConnector.h"
#include "TestServers.h"

#include <QCoreApplication>
#include <QFile>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using concord::ColumnInfo;
using concord::ConnectionSpec;
using concord::Connector;
using concord::ReadSpec;
using concord::SnapshotBuilder;
using concord::StringPool;
using concord::SystemSnapshot;

namespace {

const QString kSystem = u"CRM Europe"_s; // ConnectionSpec.name: every error must mention it

// A table name no other test, run or concurrent process uses on the same server.
QString uniqueTableName(const QString& stem)
{
    static int counter = 0;
    return u"%1_%2_%3"_s.arg(stem).arg(QCoreApplication::applicationPid()).arg(++counter);
}

std::optional<concord::test::ServerInfo> serverFor(const QString& backend)
{
    if (backend == "postgresql"_L1)
        return concord::test::postgres();
    if (backend == "mariadb"_L1)
        return concord::test::mariadb();
    return std::nullopt;
}

// One backend for one test: an admin connection of its own that creates the test's tables and drops
// them again on destruction, and the ConnectionSpec that the connector under test gets.
class Backend
{
public:
    Backend(QString backend, QString sqlitePath)
        : m_backend(std::move(backend))
        , m_sqlitePath(std::move(sqlitePath))
        , m_connectionName(u"tst_sqlconnector_admin_%1"_s.arg(++s_connections))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(qtDriver(), m_connectionName);
        if (m_backend == "sqlite"_L1) {
            db.setDatabaseName(m_sqlitePath);
        } else {
            const auto server = serverFor(m_backend);
            db.setHostName(server->host);
            db.setPort(server->port);
            db.setUserName(server->user);
            db.setPassword(server->password);
            db.setDatabaseName(server->database);
        }
        if (!db.open())
            m_error = u"admin connection to %1 failed: %2"_s.arg(m_backend, db.lastError().text());
        else if (m_backend == "postgresql"_L1)
            exec(u"SET client_min_messages = warning"_s); // no NOTICE for DROP TABLE IF EXISTS
    }

    ~Backend()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
            QSqlQuery drop(db);
            for (const QString& table : std::as_const(m_tables)) {
                if (!drop.exec(u"DROP TABLE IF EXISTS "_s % table))
                    qWarning("could not drop test table %s: %s", qPrintable(table),
                             qPrintable(drop.lastError().text()));
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connectionName);
    }

    Backend(const Backend&) = delete;
    Backend& operator=(const Backend&) = delete;

    bool isOpen() const { return m_error.isEmpty(); }
    QString error() const { return m_error; }
    QString backend() const { return m_backend; }

    QString qtDriver() const { return concord::SqlConnector::qtDriverName(m_backend); }

    ConnectionSpec spec() const
    {
        ConnectionSpec spec;
        spec.driver = m_backend;
        spec.name = kSystem;
        if (m_backend == "sqlite"_L1) {
            spec.database = m_sqlitePath;
        } else if (const auto server = serverFor(m_backend)) {
            spec.host = server->host;
            spec.port = server->port;
            spec.user = server->user;
            spec.password = server->password;
            spec.database = server->database;
        }
        return spec;
    }

    // Runs sql; on failure remembers the statement and the database's error.
    bool exec(const QString& sql)
    {
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        if (q.exec(sql))
            return true;
        m_error = sql % u": "_s % q.lastError().text();
        return false;
    }

    // CREATE TABLE <sqlName> (<body>); sqlName is written into SQL as given (quote it yourself).
    bool createTable(const QString& sqlName, const QString& body)
    {
        m_tables.append(sqlName);
        exec(u"DROP TABLE IF EXISTS "_s % sqlName); // leftover of an aborted earlier run
        return exec(u"CREATE TABLE %1 (%2)"_s.arg(sqlName, body));
    }

    // One prepared INSERT per row; a null QVariant inserts SQL NULL.
    bool insert(const QString& sqlName, const QStringList& columns, const QList<QVariantList>& rows)
    {
        QSqlQuery q(QSqlDatabase::database(m_connectionName, false));
        const QString placeholders = QStringList(columns.size(), u"?"_s).join(u", "_s);
        const QString sql =
            u"INSERT INTO %1 (%2) VALUES (%3)"_s.arg(sqlName, columns.join(u", "_s), placeholders);
        if (!q.prepare(sql)) {
            m_error = sql % u": "_s % q.lastError().text();
            return false;
        }
        for (const QVariantList& row : rows) {
            for (int i = 0; i < row.size(); ++i)
                q.bindValue(i, row[i]);
            if (!q.exec()) {
                m_error = sql % u": "_s % q.lastError().text();
                return false;
            }
        }
        return true;
    }

    // The column type names that differ between the three dialects.
    QString timestampType() const
    {
        if (m_backend == "postgresql"_L1)
            return u"TIMESTAMP(6)"_s;
        if (m_backend == "mariadb"_L1)
            return u"DATETIME(6)"_s;
        return u"DATETIME"_s;
    }

    // INSERT ... SELECT that generates rows (id, name) = (n, "name n") for n = 1..rows server-side.
    QString fillSql(const QString& table, int rows) const
    {
        if (m_backend == "postgresql"_L1)
            return u"INSERT INTO %1 (id, name) SELECT g, 'name ' || g FROM generate_series(1, %2) AS g"_s
                .arg(table)
                .arg(rows);
        if (m_backend == "mariadb"_L1)
            return u"INSERT INTO %1 (id, name) SELECT seq, CONCAT('name ', seq) FROM seq_1_to_%2"_s.arg(table)
                .arg(rows);
        return u"INSERT INTO %1 (id, name) WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n "
               "WHERE x < %2) SELECT x, 'name ' || x FROM n"_s.arg(table)
                   .arg(rows);
    }

    QString timeType() const { return m_backend == "sqlite"_L1 ? u"TIME"_s : u"TIME(6)"_s; }

    QString quote(const QString& identifier) const
    {
        return m_backend == "mariadb"_L1 ? u"`%1`"_s.arg(identifier) : u"\"%1\""_s.arg(identifier);
    }

private:
    static inline int s_connections = 0;
    QString m_backend;
    QString m_sqlitePath;
    QString m_connectionName;
    QStringList m_tables;
    QString m_error;
};

// The customer table most tests read. Values are chosen to catch lossy conversions: a trailing zero
// in a decimal, NULL next to "", four-byte UTF-8, SQL metacharacters, microsecond timestamps.
const QStringList kCustomerColumns{u"id"_s, u"code"_s, u"name"_s, u"amount"_s, u"note"_s, u"updated_at"_s};
const QString kInjection = u"O'Brien \"Bob\"; '); DROP TABLE x; --"_s;

QVariant nullValue()
{
    return QVariant(QMetaType::fromType<QString>());
}

QList<QVariantList> customerInserts()
{
    return {
        {1, u"C-001"_s, u"Alice Martin"_s, u"12.50"_s, u""_s, u"2024-03-01 10:15:30.123456"_s},
        {2, u"C-002"_s, u"José Núñez"_s, nullValue(), nullValue(), u"2024-03-02 08:00:00.000001"_s},
        {3, u"C-003"_s, u"東京 Trading 😀"_s, u"1234567890.12"_s, kInjection, nullValue()},
        {4, u"C-004"_s, u""_s, u"-0.05"_s, u"line one\nline two"_s, u"2024-12-31 23:59:59.999999"_s},
    };
}

// What the connector must deliver for customerInserts(), row by row, with null QStrings for NULL.
// SQLite has no fixed-point type: NUMERIC(12,2) stores 12.50 as the REAL 12.5, so that is what is
// stored and what must come back.
QList<QStringList> expectedCustomerValues(const QString& backend)
{
    const bool sqlite = backend == "sqlite"_L1;
    QList<QStringList> rows;
    for (const QVariantList& insert : customerInserts()) {
        QStringList values;
        for (const QVariant& v : insert)
            values << (v.isNull() ? QString() : v.toString());
        rows << values;
    }
    if (sqlite)
        rows[0][3] = u"12.5"_s;
    return rows;
}

bool createCustomerTable(Backend& db, const QString& table)
{
    const QString body = u"id INTEGER PRIMARY KEY, code VARCHAR(20) NOT NULL, name VARCHAR(100), "
                         "amount NUMERIC(12,2), note VARCHAR(200), updated_at %1"_s.arg(db.timestampType());
    return db.createTable(table, body) && db.insert(table, kCustomerColumns, customerInserts());
}

// Everything one readRows call produced.
struct ReadResult
{
    bool ok = false;
    qint64 delivered = -1;
    QString error;        // readRows' own error
    QString builderError; // the SnapshotBuilder's error (duplicate or empty source id)
    std::unique_ptr<SystemSnapshot> snapshot;
};

ReadResult readAll(Connector& connector, const ReadSpec& spec)
{
    ReadResult result;
    SnapshotBuilder builder(kSystem, spec.entity, std::make_shared<StringPool>());
    const auto rows = connector.readRows(spec, builder);
    result.ok = rows.ok();
    result.delivered = rows.ok() ? *rows : -1;
    result.error = rows.errorString();
    result.builderError = builder.errorString();
    result.snapshot = builder.take();
    return result;
}

QByteArray describeMismatch(const QString& what, const QString& actual, const QString& expected)
{
    const auto show = [](const QString& s) {
        return s.isNull() ? u"<NULL>"_s : u"\"%1\""_s.arg(s);
    };
    return u"%1: got %2, expected %3"_s.arg(what, show(actual), show(expected)).toUtf8();
}

// For error checks: the message must contain every fragment (case-insensitive), and the system name.
QByteArray missingFragments(const QString& message, const QStringList& fragments)
{
    QStringList missing;
    for (const QString& f : fragments) {
        if (!message.contains(f, Qt::CaseInsensitive))
            missing << f;
    }
    if (!message.contains(kSystem))
        missing << kSystem;
    if (missing.isEmpty())
        return {};
    return u"message \"%1\" lacks: %2"_s.arg(message, missing.join(u" | "_s)).toUtf8();
}

} // namespace

// Skips (or fails in CI) a row whose backend is a server that is not configured.
#define REQUIRE_BACKEND(backend)                                                                             \
    do {                                                                                                     \
        if ((backend) == "postgresql"_L1)                                                                    \
            CONCORD_REQUIRE_SERVER(concord::test::postgres(), "PostgreSQL");                                 \
        else if ((backend) == "mariadb"_L1)                                                                  \
            CONCORD_REQUIRE_SERVER(concord::test::mariadb(), "MariaDB");                                     \
    } while (false)

#define VERIFY_RESULT(result) QVERIFY2((result).ok(), qPrintable((result).errorString()))

// Opens an admin connection for `backend` as `db` and a connector as `connector`, or fails the test.
#define SETUP_BACKEND(backend)                                                                               \
    REQUIRE_BACKEND(backend);                                                                                \
    Backend db(backend, m_sqlitePath);                                                                       \
    QVERIFY2(db.isOpen(), qPrintable(db.error()));                                                           \
    auto created = concord::createConnector(db.spec());                                                      \
    VERIFY_RESULT(created);                                                                                  \
    Connector& connector = **created

class TstSqlConnector : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void introspectsTable_data() { addBackendRows(); }
    void introspectsTable();
    void readsValuesExactly_data() { addBackendRows(); }
    void readsValuesExactly();
    void dateAndTimeAsStored_data() { addBackendRows(); }
    void dateAndTimeAsStored();
    void versionTokens_data();
    void versionTokens();
    void keyColumnOverridesPrimaryKey_data();
    void keyColumnOverridesPrimaryKey();
    void compositePrimaryKey_data() { addBackendRows(); }
    void compositePrimaryKey();
    void duplicateKeyValue_data() { addBackendRows(); }
    void duplicateKeyValue();
    void caseInsensitiveTableNames_data();
    void caseInsensitiveTableNames();
    void streamsLargeTable_data();
    void streamsLargeTable();
    void stopsWhenReceiverStops_data() { addBackendRows(); }
    void stopsWhenReceiverStops();

    void connectionErrors_data();
    void connectionErrors();
    void entityErrors_data();
    void entityErrors();
    void unknownDriver();
    void sqliteMissingFileIsNotCreated_data();
    void sqliteMissingFileIsNotCreated();
    void sqliteFileThatIsNotADatabase_data();
    void sqliteFileThatIsNotADatabase();

private:
    static void addBackendRows();

    QTemporaryDir m_dir;
    QString m_sqlitePath;
};

void TstSqlConnector::addBackendRows()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("sqlite") << u"sqlite"_s;
    QTest::newRow("postgresql") << u"postgresql"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

void TstSqlConnector::initTestCase()
{
    QVERIFY2(m_dir.isValid(), qPrintable(m_dir.errorString()));
    m_sqlitePath = m_dir.filePath(u"concord.sqlite"_s);
    // The connector refuses a missing file; this creates the database the sqlite rows share.
    QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"tst_sqlconnector_init"_s);
    db.setDatabaseName(m_sqlitePath);
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));
    QSqlQuery q(db);
    QVERIFY2(q.exec(u"CREATE TABLE IF NOT EXISTS placeholder (id INTEGER PRIMARY KEY)"_s),
             qPrintable(q.lastError().text()));
    q = QSqlQuery();
    db.close();
    db = QSqlDatabase();
    QSqlDatabase::removeDatabase(u"tst_sqlconnector_init"_s);
}

void TstSqlConnector::introspectsTable()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"customers"_s);
    QVERIFY2(createCustomerTable(db, table), qPrintable(db.error()));

    VERIFY_RESULT(connector.open());
    const auto entities = connector.entities();
    VERIFY_RESULT(entities);
    QVERIFY2(entities->contains(table), qPrintable(entities->join(u", "_s)));

    const auto columns = connector.columns(table);
    VERIFY_RESULT(columns);
    QStringList names;
    for (const ColumnInfo& c : *columns) {
        names << c.name;
        QVERIFY2(!c.type.isEmpty(), qPrintable(u"column %1 has no declared type"_s.arg(c.name)));
        QCOMPARE(c.primaryKey, c.name == "id"_L1);
    }
    QCOMPARE(names, kCustomerColumns);

    const auto count = connector.countRows(table);
    VERIFY_RESULT(count);
    QCOMPARE(*count, qint64(customerInserts().size()));
    connector.close();
}

void TstSqlConnector::readsValuesExactly()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"customers"_s);
    QVERIFY2(createCustomerTable(db, table), qPrintable(db.error()));

    const ReadResult read = readAll(connector, ReadSpec{table, {}, {}});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    const QList<QStringList> expected = expectedCustomerValues(backend);
    QVERIFY(expected[0][4].isEmpty() && !expected[0][4].isNull()); // "" in the table, not NULL
    QVERIFY(expected[1][4].isNull());
    QCOMPARE(read.delivered, qint64(expected.size()));
    const SystemSnapshot& snap = *read.snapshot;
    QCOMPARE(snap.rowCount(), qsizetype(expected.size()));
    QVERIFY2(snap.origin().contains(kSystem) && snap.origin().contains(table), qPrintable(snap.origin()));

    for (const QStringList& values : expected) {
        const QString id = values.first();
        const qsizetype row = snap.rowOfSourceId(id); // the primary key is the source id
        QVERIFY2(row >= 0, qPrintable(u"no row with source id %1"_s.arg(id)));
        for (int c = 0; c < values.size(); ++c) {
            const QString actual = snap.value(row, c);
            const QString what = u"row %1 column %2"_s.arg(id, kCustomerColumns[c]);
            QVERIFY2(actual.isNull() == values[c].isNull(),
                     describeMismatch(what, actual, values[c]).constData());
            QVERIFY2(actual == values[c], describeMismatch(what, actual, values[c]).constData());
        }
    }
}

// Date and time columns come back as the database writes them, microseconds included, not as Qt's
// reformatted QDateTime ("T" separator, milliseconds).
void TstSqlConnector::dateAndTimeAsStored()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"moments"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, d DATE, t %1, ts %2"_s.arg(db.timeType(),
                                                                                        db.timestampType())),
             qPrintable(db.error()));
    const QList<QVariantList> inserts{
        {1, u"2024-02-29"_s, u"23:59:58.123456"_s, u"1999-12-31 23:59:59.000001"_s},
        {2, nullValue(), nullValue(), nullValue()},
        {3, u"2031-07-04"_s, u"08:05:00.500001"_s, u"2031-07-04 08:05:00.500001"_s},
    };
    QVERIFY2(db.insert(table, {u"id"_s, u"d"_s, u"t"_s, u"ts"_s}, inserts), qPrintable(db.error()));

    const ReadResult read = readAll(connector, ReadSpec{table, {}, u"ts"_s});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    const SystemSnapshot& snap = *read.snapshot;
    QCOMPARE(snap.rowCount(), qsizetype(inserts.size()));
    for (const QVariantList& insert : inserts) {
        const qsizetype row = snap.rowOfSourceId(insert.first().toString());
        QVERIFY(row >= 0);
        for (int c = 1; c < insert.size(); ++c) {
            const QString expected = insert[c].isNull() ? QString() : insert[c].toString();
            const QString actual = snap.value(row, c);
            const QString what = u"row %1 column %2"_s.arg(insert.first().toString()).arg(c);
            QVERIFY2(actual.isNull() == expected.isNull() && actual == expected,
                     describeMismatch(what, actual, expected).constData());
        }
        if (!insert.last().isNull())
            QCOMPARE(snap.version(row), u"v:"_s + insert.last().toString());
    }
}

void TstSqlConnector::versionTokens_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("versionColumn");
    for (const QString& backend : {u"sqlite"_s, u"postgresql"_s, u"mariadb"_s}) {
        QTest::addRow("%s, row hash", qPrintable(backend)) << backend << QString();
        QTest::addRow("%s, updated_at", qPrintable(backend)) << backend << u"updated_at"_s;
        QTest::addRow("%s, UPDATED_AT", qPrintable(backend)) << backend << u"UPDATED_AT"_s;
    }
}

void TstSqlConnector::versionTokens()
{
    QFETCH(QString, backend);
    QFETCH(QString, versionColumn);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"customers"_s);
    QVERIFY2(createCustomerTable(db, table), qPrintable(db.error()));

    const ReadResult read = readAll(connector, ReadSpec{table, {}, versionColumn});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    const SystemSnapshot& snap = *read.snapshot;
    static const QRegularExpression hashToken(u"^h:[0-9a-f]{16}$"_s);
    for (const QStringList& values : expectedCustomerValues(backend)) {
        const qsizetype row = snap.rowOfSourceId(values.first());
        QVERIFY(row >= 0);
        const QString updatedAt = values.last();
        const QString version = snap.version(row);
        // A row never stamped (NULL updated_at) falls back to the row hash so edits stay detectable.
        if (!versionColumn.isEmpty() && !updatedAt.isNull()) {
            QCOMPARE(version, u"v:"_s + updatedAt);
        } else {
            QVERIFY2(hashToken.match(version).hasMatch(), qPrintable(version));
            QCOMPARE(version, concord::RowVersion::fromValues(values));
        }
    }
}

void TstSqlConnector::keyColumnOverridesPrimaryKey_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("keyColumn");
    for (const QString& backend : {u"sqlite"_s, u"postgresql"_s, u"mariadb"_s}) {
        QTest::addRow("%s, code", qPrintable(backend)) << backend << u"code"_s;
        QTest::addRow("%s, Code", qPrintable(backend)) << backend << u"Code"_s;
    }
}

void TstSqlConnector::keyColumnOverridesPrimaryKey()
{
    QFETCH(QString, backend);
    QFETCH(QString, keyColumn);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"customers"_s);
    QVERIFY2(createCustomerTable(db, table), qPrintable(db.error()));

    const ReadResult read = readAll(connector, ReadSpec{table, keyColumn, {}});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    const SystemSnapshot& snap = *read.snapshot;
    QCOMPARE(snap.rowCount(), qsizetype(4));
    for (qsizetype row = 0; row < snap.rowCount(); ++row)
        QCOMPARE(snap.sourceId(row), snap.value(row, 1));
    QCOMPARE(snap.value(snap.rowOfSourceId(u"C-003"_s), 0), u"3"_s);
    QCOMPARE(snap.rowOfSourceId(u"1"_s), qsizetype(-1)); // the primary key is no longer the id
}

void TstSqlConnector::compositePrimaryKey()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"regional"_s);
    QVERIFY2(db.createTable(table, u"region VARCHAR(10) NOT NULL, num INTEGER NOT NULL, label VARCHAR(50), "
                                   "PRIMARY KEY (region, num)"_s),
             qPrintable(db.error()));
    QVERIFY2(db.insert(table, {u"region"_s, u"num"_s, u"label"_s},
                       {{u"EU"_s, 1, u"first"_s}, {u"EU"_s, 2, u"second"_s}, {u"US"_s, 1, u"third"_s}}),
             qPrintable(db.error()));

    const auto columns = connector.columns(table);
    VERIFY_RESULT(columns);
    QCOMPARE(columns->size(), 3);
    QVERIFY(columns->at(0).primaryKey);
    QVERIFY(columns->at(1).primaryKey);
    QVERIFY(!columns->at(2).primaryKey);

    const ReadResult read = readAll(connector, ReadSpec{table, {}, {}});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    const SystemSnapshot& snap = *read.snapshot;
    QCOMPARE(snap.rowCount(), qsizetype(3));
    const QChar sep = concord::RowAssembler::KeySeparator;
    QCOMPARE(sep, QChar(0x1F));
    const QList<std::pair<QString, QString>> expected{{u"EU"_s % sep % u"1"_s, u"first"_s},
                                                      {u"EU"_s % sep % u"2"_s, u"second"_s},
                                                      {u"US"_s % sep % u"1"_s, u"third"_s}};
    for (const auto& [id, label] : expected) {
        const qsizetype row = snap.rowOfSourceId(id);
        QVERIFY2(row >= 0, qPrintable(u"no row with source id %1"_s.arg(QString(id).replace(sep, u'|'))));
        QCOMPARE(snap.value(row, 2), label);
    }
}

void TstSqlConnector::duplicateKeyValue()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    const QString table = uniqueTableName(u"contacts"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, email VARCHAR(100)"_s), qPrintable(db.error()));
    QVERIFY2(db.insert(table, {u"id"_s, u"email"_s},
                       {{1, u"a@example.com"_s},
                        {2, u"dup@example.com"_s},
                        {3, u"b@example.com"_s},
                        {4, u"dup@example.com"_s}}),
             qPrintable(db.error()));

    const ReadResult read = readAll(connector, ReadSpec{table, u"email"_s, {}});
    QVERIFY2(!read.ok, "a duplicate key value must stop the read");
    QVERIFY2(read.error.contains(kSystem), qPrintable(read.error));
    const QByteArray missing =
        missingFragments(read.builderError, {u"duplicate source id 'dup@example.com'"_s, table, u"row 4"_s,
                                             u"first seen at row 2"_s});
    QVERIFY2(missing.isEmpty(), missing.constData());
}

void TstSqlConnector::caseInsensitiveTableNames_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("createAs");   // the table name as written in CREATE TABLE
    QTest::addColumn<QString>("storedName"); // what the database lists
    QTest::addColumn<QString>("requested");  // what the steward typed

    const QString sqlite = uniqueTableName(u"CaseTable"_s);
    QTest::newRow("sqlite, other case") << u"sqlite"_s << sqlite << sqlite << sqlite.toUpper();
    const QString spaced = uniqueTableName(u"Customer List"_s);
    QTest::newRow("sqlite, space in name")
        << u"sqlite"_s << u"\"%1\""_s.arg(spaced) << spaced << spaced.toLower();

    const QString pgFolded = uniqueTableName(u"CaseTable"_s);
    QTest::newRow("postgresql, folded to lower case")
        << u"postgresql"_s << pgFolded << pgFolded.toLower() << pgFolded;
    const QString pgQuoted = uniqueTableName(u"CaseTable"_s);
    QTest::newRow("postgresql, quoted mixed case, exact")
        << u"postgresql"_s << u"\"%1\""_s.arg(pgQuoted) << pgQuoted << pgQuoted;
    const QString pgQuoted2 = uniqueTableName(u"CaseTable"_s);
    QTest::newRow("postgresql, quoted mixed case, other case")
        << u"postgresql"_s << u"\"%1\""_s.arg(pgQuoted2) << pgQuoted2 << pgQuoted2.toLower();
    const QString pgSpaced = uniqueTableName(u"Customer List"_s);
    QTest::newRow("postgresql, space in name")
        << u"postgresql"_s << u"\"%1\""_s.arg(pgSpaced) << pgSpaced << pgSpaced;

    const QString maria = uniqueTableName(u"CaseTable"_s);
    QTest::newRow("mariadb, other case") << u"mariadb"_s << maria << maria << maria.toUpper();
    const QString mariaSpaced = uniqueTableName(u"Customer List"_s);
    QTest::newRow("mariadb, space in name")
        << u"mariadb"_s << u"`%1`"_s.arg(mariaSpaced) << mariaSpaced << mariaSpaced.toLower();
}

void TstSqlConnector::caseInsensitiveTableNames()
{
    QFETCH(QString, backend);
    QFETCH(QString, createAs);
    QFETCH(QString, storedName);
    QFETCH(QString, requested);
    SETUP_BACKEND(backend);
    QVERIFY2(db.createTable(createAs, u"id INTEGER PRIMARY KEY, name VARCHAR(50)"_s), qPrintable(db.error()));
    QVERIFY2(db.insert(createAs, {u"id"_s, u"name"_s}, {{7, u"seven"_s}, {8, u"eight"_s}}),
             qPrintable(db.error()));

    const auto entities = connector.entities();
    VERIFY_RESULT(entities);
    QVERIFY2(entities->contains(storedName), qPrintable(entities->join(u", "_s)));

    const auto columns = connector.columns(requested);
    VERIFY_RESULT(columns);
    QCOMPARE(columns->size(), 2);
    QVERIFY(columns->at(0).primaryKey);

    const auto count = connector.countRows(requested);
    VERIFY_RESULT(count);
    QCOMPARE(*count, qint64(2));

    const ReadResult read = readAll(connector, ReadSpec{requested, {}, {}});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    QCOMPARE(read.snapshot->rowCount(), qsizetype(2));
    QCOMPARE(read.snapshot->value(read.snapshot->rowOfSourceId(u"8"_s), 1), u"eight"_s);
    QVERIFY2(read.snapshot->origin().contains(storedName), qPrintable(read.snapshot->origin()));
}

void TstSqlConnector::streamsLargeTable_data()
{
    QTest::addColumn<QString>("backend");
    QTest::newRow("postgresql") << u"postgresql"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

void TstSqlConnector::streamsLargeTable()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    constexpr int rows = 200000;
    const QString table = uniqueTableName(u"large"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, name VARCHAR(50)"_s), qPrintable(db.error()));
    QVERIFY2(db.exec(db.fillSql(table, rows)), qPrintable(db.error()));

    const auto count = connector.countRows(table);
    VERIFY_RESULT(count);
    QCOMPARE(*count, qint64(rows));

    const ReadResult read = readAll(connector, ReadSpec{table, {}, {}});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    QCOMPARE(read.delivered, qint64(rows));
    QCOMPARE(read.snapshot->rowCount(), qsizetype(rows));
    for (const int id : {1, rows / 2, rows}) {
        const qsizetype row = read.snapshot->rowOfSourceId(QString::number(id));
        QVERIFY2(row >= 0, qPrintable(u"row %1 missing"_s.arg(id)));
        QCOMPARE(read.snapshot->value(row, 1), u"name %1"_s.arg(id));
    }
}

namespace {
// Accepts `limit` rows, then asks the connector to stop (what a cancel or a receiver error does).
class StoppingReceiver : public concord::RowReceiver
{
public:
    explicit StoppingReceiver(qint64 limit)
        : m_limit(limit)
    {}
    void begin(const QList<ColumnInfo>&, const QString&) override {}
    bool row(const concord::SourceRow&) override { return ++rows < m_limit; }
    void end() override { ended = true; }
    qint64 rows = 0;
    bool ended = false;

private:
    qint64 m_limit;
};
} // namespace

// A stream abandoned half-way (PostgreSQL single-row mode, MariaDB use_result) must leave the
// connection usable for the next read.
void TstSqlConnector::stopsWhenReceiverStops()
{
    QFETCH(QString, backend);
    SETUP_BACKEND(backend);
    constexpr int rows = 20000;
    const QString table = uniqueTableName(u"stopped"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, name VARCHAR(50)"_s), qPrintable(db.error()));
    QVERIFY2(db.exec(db.fillSql(table, rows)), qPrintable(db.error()));

    StoppingReceiver stopping(10);
    const auto stopped = connector.readRows(ReadSpec{table, {}, {}}, stopping);
    QVERIFY(!stopped.ok());
    const QByteArray missing = missingFragments(stopped.errorString(), {table, u"stopped at row 10"_s});
    QVERIFY2(missing.isEmpty(), missing.constData());
    QCOMPARE(stopping.rows, qint64(10));
    QVERIFY(!stopping.ended);

    const auto count = connector.countRows(table);
    VERIFY_RESULT(count);
    QCOMPARE(*count, qint64(rows));
    const ReadResult read = readAll(connector, ReadSpec{table, {}, {}});
    QVERIFY2(read.ok, qPrintable(read.error + u" / "_s + read.builderError));
    QCOMPARE(read.snapshot->rowCount(), qsizetype(rows));
}

void TstSqlConnector::connectionErrors_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("driver");  // the ConnectionSpec driver, an alias of backend
    QTest::addColumn<QString>("problem"); // wrong-password, unknown-database, unreachable
    QTest::addColumn<QStringList>("fragments");

    QTest::newRow("postgresql, wrong password")
        << u"postgresql"_s << u"postgresql"_s << u"wrong-password"_s
        << QStringList{u"cannot connect"_s, u"PostgreSQL"_s, u"password authentication failed"_s};
    QTest::newRow("mariadb, wrong password")
        << u"mariadb"_s << u"mariadb"_s << u"wrong-password"_s
        << QStringList{u"cannot connect"_s, u"MariaDB"_s, u"Access denied"_s};
    QTest::newRow("postgresql, unknown database")
        << u"postgresql"_s << u"postgresql"_s << u"unknown-database"_s
        << QStringList{u"cannot connect"_s, u"does not exist"_s, u"concord_test_missing"_s};
    QTest::newRow("mariadb, unknown database")
        << u"mariadb"_s << u"mariadb"_s << u"unknown-database"_s
        << QStringList{u"cannot connect"_s, u"Unknown database"_s, u"concord_test_missing"_s};
    QTest::newRow("postgresql, unreachable")
        << u"postgresql"_s << u"postgresql"_s << u"unreachable"_s
        << QStringList{u"cannot connect"_s, u"PostgreSQL 127.0.0.1:1/"_s, u"refused"_s};
    QTest::newRow("mariadb, unreachable") << u"mariadb"_s << u"mariadb"_s << u"unreachable"_s
                                          << QStringList{u"cannot connect"_s, u"MariaDB 127.0.0.1:1/"_s};
    // Driver aliases accepted by createConnector must still name the right kind of system.
    QTest::newRow("postgres alias, unreachable")
        << u"postgresql"_s << u"postgres"_s << u"unreachable"_s
        << QStringList{u"cannot connect"_s, u"PostgreSQL 127.0.0.1:1/"_s};
    QTest::newRow("mysql alias, unreachable") << u"mariadb"_s << u"mysql"_s << u"unreachable"_s
                                              << QStringList{u"cannot connect"_s, u"MariaDB 127.0.0.1:1/"_s};
}

void TstSqlConnector::connectionErrors()
{
    QFETCH(QString, backend);
    QFETCH(QString, driver);
    QFETCH(QString, problem);
    QFETCH(QStringList, fragments);

    ConnectionSpec spec;
    spec.name = kSystem;
    spec.driver = driver;
    spec.host = u"127.0.0.1"_s;
    spec.user = u"concord"_s;
    spec.database = u"concord_test"_s;
    if (problem == "unreachable"_L1) {
        spec.port = 1; // nothing listens on port 1: connection refused, no server needed
    } else {
        REQUIRE_BACKEND(backend);
        const auto server = serverFor(backend);
        spec.host = server->host;
        spec.port = server->port;
        spec.user = server->user;
        spec.password = server->password;
        spec.database = server->database;
    }
    if (problem == "wrong-password"_L1)
        spec.password = u"not-the-password-%1"_s.arg(QCoreApplication::applicationPid());
    if (problem == "unknown-database"_L1)
        spec.database = u"concord_test_missing_%1"_s.arg(QCoreApplication::applicationPid());

    auto created = concord::createConnector(spec);
    VERIFY_RESULT(created);
    const auto opened = (*created)->open();
    QVERIFY2(!opened.ok(), "open() must fail");
    const QByteArray missing = missingFragments(opened.errorString(), fragments);
    QVERIFY2(missing.isEmpty(), missing.constData());
    if (!spec.password.isEmpty())
        QVERIFY2(!opened.errorString().contains(spec.password),
                 "an error message must not reveal the password");

    // Every later call reports the same failure instead of touching a closed connection.
    const auto entities = (*created)->entities();
    QVERIFY(!entities.ok());
    QVERIFY2(entities.errorString().contains(kSystem), qPrintable(entities.errorString()));
}

void TstSqlConnector::entityErrors_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QStringList>("fragments"); // %1 in a fragment = the test table's name

    for (const QString& backend : {u"sqlite"_s, u"postgresql"_s, u"mariadb"_s}) {
        QTest::addRow("%s, missing table", qPrintable(backend))
            << backend << u"missing-table"_s << QStringList{u"table 'no_such_table_%1' does not exist"_s};
        QTest::addRow("%s, missing key column", qPrintable(backend))
            << backend << u"missing-key"_s
            << QStringList{u"key column 'customer_no' does not exist"_s, u"%1"_s};
        QTest::addRow("%s, missing version column", qPrintable(backend))
            << backend << u"missing-version"_s
            << QStringList{u"version column 'modified' does not exist"_s, u"%1"_s};
        QTest::addRow("%s, no primary key", qPrintable(backend))
            << backend << u"no-primary-key"_s
            << QStringList{u"no primary key and no key column is configured"_s, u"%1"_s};
    }
}

void TstSqlConnector::entityErrors()
{
    QFETCH(QString, backend);
    QFETCH(QString, problem);
    QFETCH(QStringList, fragments);
    SETUP_BACKEND(backend);

    const QString table = uniqueTableName(u"errors"_s);
    const QString keyDecl = problem == "no-primary-key"_L1 ? u""_s : u" PRIMARY KEY"_s;
    QVERIFY2(db.createTable(table, u"id INTEGER%1, name VARCHAR(50)"_s.arg(keyDecl)), qPrintable(db.error()));
    QVERIFY2(db.insert(table, {u"id"_s, u"name"_s}, {{1, u"one"_s}}), qPrintable(db.error()));

    ReadSpec spec{table, {}, {}};
    if (problem == "missing-table"_L1)
        spec.entity = u"no_such_table_%1"_s.arg(table);
    if (problem == "missing-key"_L1)
        spec.keyColumn = u"customer_no"_s;
    if (problem == "missing-version"_L1)
        spec.versionColumn = u"modified"_s;
    for (QString& f : fragments) {
        if (f.contains("%1"_L1))
            f = f.arg(table);
    }

    const ReadResult read = readAll(connector, spec);
    QVERIFY2(!read.ok, "readRows must fail");
    QCOMPARE(read.delivered, qint64(-1));
    QCOMPARE(read.snapshot->rowCount(), qsizetype(0));
    QByteArray missing = missingFragments(read.error, fragments);
    QVERIFY2(missing.isEmpty(), missing.constData());

    if (problem == "missing-table"_L1) {
        const auto columns = connector.columns(spec.entity);
        QVERIFY(!columns.ok());
        missing = missingFragments(columns.errorString(), fragments);
        QVERIFY2(missing.isEmpty(), missing.constData());
        const auto count = connector.countRows(spec.entity);
        QVERIFY(!count.ok());
        missing = missingFragments(count.errorString(), fragments);
        QVERIFY2(missing.isEmpty(), missing.constData());
    }
}

void TstSqlConnector::unknownDriver()
{
    ConnectionSpec spec;
    spec.name = kSystem;
    spec.driver = u"oracle"_s;
    spec.database = u"ORCL"_s;
    const auto created = concord::createConnector(spec);
    QVERIFY(!created.ok());
    QByteArray missing = missingFragments(created.errorString(), {u"unknown driver 'oracle'"_s});
    QVERIFY2(missing.isEmpty(), missing.constData());

    concord::SqlConnector direct(spec); // the connector itself refuses it too
    const auto opened = direct.open();
    QVERIFY(!opened.ok());
    missing = missingFragments(opened.errorString(), {u"unknown database driver 'oracle'"_s});
    QVERIFY2(missing.isEmpty(), missing.constData());
}

void TstSqlConnector::sqliteMissingFileIsNotCreated_data()
{
    QTest::addColumn<bool>("readOnly");
    QTest::newRow("read-only") << true;
    QTest::newRow("read-write") << false; // apply opens read-write: it must not create files either
}

void TstSqlConnector::sqliteMissingFileIsNotCreated()
{
    QFETCH(bool, readOnly);
    const QString path = m_dir.filePath(u"typo-%1.sqlite"_s.arg(readOnly));
    ConnectionSpec spec;
    spec.name = kSystem;
    spec.driver = u"sqlite"_s;
    spec.database = path;
    spec.readOnly = readOnly;
    auto created = concord::createConnector(spec);
    VERIFY_RESULT(created);
    const auto opened = (*created)->open();
    QVERIFY(!opened.ok());
    const QByteArray missing = missingFragments(opened.errorString(), {path, u"does not exist"_s});
    QVERIFY2(missing.isEmpty(), missing.constData());
    const auto entities = (*created)->entities();
    QVERIFY(!entities.ok());
    QVERIFY2(!QFile::exists(path), "the connector created the missing SQLite file");
}

void TstSqlConnector::sqliteFileThatIsNotADatabase_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<bool>("readOnly");
    const QByteArray csv = QByteArray("id,name\n1,Alice\n2,Bob\n").repeated(200);
    QByteArray binary(8192, '\0');
    for (int i = 0; i < binary.size(); ++i)
        binary[i] = char((i * 131 + 7) & 0xFF);
    QTest::newRow("csv text, read-only") << csv << true;
    QTest::newRow("csv text, read-write") << csv << false;
    QTest::newRow("binary, read-only") << binary << true;
}

void TstSqlConnector::sqliteFileThatIsNotADatabase()
{
    QFETCH(QByteArray, content);
    QFETCH(bool, readOnly);
    const QString path = m_dir.filePath(u"not-a-database.sqlite"_s);
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        QCOMPARE(file.write(content), qint64(content.size()));
    }
    ConnectionSpec spec;
    spec.name = kSystem;
    spec.driver = u"sqlite"_s;
    spec.database = path;
    spec.readOnly = readOnly;
    auto created = concord::createConnector(spec);
    VERIFY_RESULT(created);
    const auto opened = (*created)->open();
    QVERIFY(!opened.ok());
    const QByteArray missing =
        missingFragments(opened.errorString(), {path, u"not a readable SQLite database"_s});
    QVERIFY2(missing.isEmpty(), missing.constData());
    created->reset();

    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QVERIFY2(file.readAll() == content, "the connector modified the file");
}

QTEST_GUILESS_MAIN(TstSqlConnector)
#include "tst_sqlconnector.moc"
