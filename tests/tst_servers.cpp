// Checks the private test servers that tools/test-servers.sh provides: both accept the configured
// user over TCP, the password is really checked, and the test user may create scratch databases
// (connector tests rely on all three).

#include "TestServers.h"

#include <QCoreApplication>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Server
{
    std::optional<concord::test::ServerInfo> info;
    QString driver;
    const char* name;
};

Server serverNamed(const QString& which)
{
    if (which == "postgres"_L1)
        return {concord::test::postgres(), u"QPSQL"_s, "PostgreSQL"};
    return {concord::test::mariadb(), u"QMYSQL"_s, "MariaDB"};
}

// Owns a named QSqlDatabase connection and removes it when done, so rows do not leak connections.
class ScopedConnection
{
public:
    ScopedConnection(const QString& driver, const concord::test::ServerInfo& info, const QString& password)
        : m_name(u"tst_servers_%1"_s.arg(++s_counter))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(driver, m_name);
        db.setHostName(info.host);
        db.setPort(info.port);
        db.setUserName(info.user);
        db.setPassword(password);
        db.setDatabaseName(info.database);
        db.setConnectOptions(driver == "QPSQL"_L1 ? u"connect_timeout=10"_s
                                                  : u"MYSQL_OPT_CONNECT_TIMEOUT=10"_s);
    }
    ~ScopedConnection()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }
    ScopedConnection(const ScopedConnection&) = delete;
    ScopedConnection& operator=(const ScopedConnection&) = delete;

    QSqlDatabase db() const { return QSqlDatabase::database(m_name, false); }

private:
    static inline int s_counter = 0;
    QString m_name;
};

QVariant scalar(const QSqlDatabase& db, const QString& sql, QString* error)
{
    QSqlQuery query(db);
    if (!query.exec(sql) || !query.next()) {
        *error = sql % u": "_s % query.lastError().text();
        return {};
    }
    return query.value(0);
}

} // namespace

class TstServers : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void driversAvailable_data();
    void driversAvailable();
    void connectsAndQueries_data();
    void connectsAndQueries();
    void rejectsWrongPassword_data();
    void rejectsWrongPassword();
    void createsScratchDatabase_data();
    void createsScratchDatabase();

private:
    static void addServerRows();
};

void TstServers::addServerRows()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("postgres") << u"postgres"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

void TstServers::driversAvailable_data()
{
    addServerRows();
}

void TstServers::driversAvailable()
{
    QFETCH(QString, server);
    const Server s = serverNamed(server);
    QVERIFY2(
        QSqlDatabase::isDriverAvailable(s.driver),
        qPrintable(u"Qt SQL driver %1 missing (install libqt6sql6-psql / libqt6sql6-mysql); have: %2"_s.arg(
            s.driver, QSqlDatabase::drivers().join(u", "_s))));
}

void TstServers::connectsAndQueries_data()
{
    addServerRows();
}

void TstServers::connectsAndQueries()
{
    QFETCH(QString, server);
    const Server s = serverNamed(server);
    CONCORD_REQUIRE_SERVER(s.info, s.name);

    ScopedConnection connection(s.driver, *s.info, s.info->password);
    QSqlDatabase db = connection.db();
    QVERIFY2(db.open(), qPrintable(u"%1 at %2:%3: %4"_s.arg(QString::fromLatin1(s.name), s.info->host)
                                       .arg(s.info->port)
                                       .arg(db.lastError().text())));

    QString error;
    const QVariant one = scalar(db, u"SELECT 1"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(one.toInt(), 1);

    const QString databaseSql =
        s.driver == "QPSQL"_L1 ? u"SELECT current_database()"_s : u"SELECT DATABASE()"_s;
    const QVariant database = scalar(db, databaseSql, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(database.toString(), s.info->database);

    // MariaDB's CURRENT_USER() is user@host; PostgreSQL's current_user is the bare role name.
    const QVariant user = scalar(db, u"SELECT CURRENT_USER"_s, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(user.toString().section(u'@', 0, 0), s.info->user);
}

void TstServers::rejectsWrongPassword_data()
{
    addServerRows();
}

void TstServers::rejectsWrongPassword()
{
    QFETCH(QString, server);
    const Server s = serverNamed(server);
    CONCORD_REQUIRE_SERVER(s.info, s.name);

    ScopedConnection connection(s.driver, *s.info, s.info->password + u"-wrong"_s);
    QSqlDatabase db = connection.db();
    QVERIFY2(!db.open(), "login with a wrong password succeeded: the server does not check passwords");
    QCOMPARE(db.lastError().type(), QSqlError::ConnectionError);
    const QString text = db.lastError().text();
    const QString expected =
        s.driver == "QPSQL"_L1 ? u"password authentication failed"_s : u"Access denied"_s;
    QVERIFY2(text.contains(expected, Qt::CaseInsensitive),
             qPrintable(u"expected an authentication error, got: %1"_s.arg(text)));
}

void TstServers::createsScratchDatabase_data()
{
    addServerRows();
}

// Tests that need an isolated database create concord_test_<something>; the test user may do that.
void TstServers::createsScratchDatabase()
{
    QFETCH(QString, server);
    const Server s = serverNamed(server);
    CONCORD_REQUIRE_SERVER(s.info, s.name);

    ScopedConnection connection(s.driver, *s.info, s.info->password);
    QSqlDatabase db = connection.db();
    QVERIFY2(db.open(), qPrintable(db.lastError().text()));

    const QString scratch = u"%1_scratch_%2"_s.arg(s.info->database).arg(QCoreApplication::applicationPid());
    QSqlQuery query(db);
    query.exec(u"DROP DATABASE IF EXISTS "_s % scratch); // leftover of an aborted earlier run
    QVERIFY2(query.exec(u"CREATE DATABASE "_s % scratch), qPrintable(query.lastError().text()));

    QString error;
    const QString existsSql =
        s.driver == "QPSQL"_L1
            ? u"SELECT count(*) FROM pg_database WHERE datname = '%1'"_s.arg(scratch)
            : u"SELECT count(*) FROM information_schema.schemata WHERE schema_name = '%1'"_s.arg(scratch);
    QCOMPARE(scalar(db, existsSql, &error).toInt(), 1);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    QVERIFY2(query.exec(u"DROP DATABASE "_s % scratch), qPrintable(query.lastError().text()));
    QCOMPARE(scalar(db, existsSql, &error).toInt(), 0);
}

QTEST_GUILESS_MAIN(TstServers)
#include "tst_servers.moc"
