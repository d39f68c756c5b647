// Runs the built concord-cli as a user or a script would, through QProcess.
#include "CliRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord::test;

namespace {

// Runs statements on an SQLite file (creating it); returns the first error or "".
QString runSql(const QString& path, const QStringList& statements)
{
    static int counter = 0;
    const QString name = u"tst-cli-%1"_s.arg(++counter);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            for (const QString& sql : statements) {
                if (!q.exec(sql)) {
                    error = sql + u": "_s + q.lastError().text();
                    break;
                }
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

QStringList sqliteColumns(const QString& path, const QString& table)
{
    static int counter = 0;
    const QString name = u"tst-cli-columns-%1"_s.arg(++counter);
    QStringList columns;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            const QSqlRecord record = db.record(table);
            for (int i = 0; i < record.count(); ++i)
                columns << record.fieldName(i);
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return columns;
}

// RFC 4180: comma separated, quoted where a field holds a comma, a quote or a line break.
QList<QStringList> parseCsv(const QString& text)
{
    QList<QStringList> rows;
    QStringList row;
    QString field;
    bool quoted = false;
    bool pending = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c != u'"') {
                field += c;
            } else if (i + 1 < text.size() && text[i + 1] == u'"') {
                field += u'"';
                ++i;
            } else {
                quoted = false;
            }
            continue;
        }
        if (c == u'"') {
            quoted = true;
            pending = true;
        } else if (c == u',') {
            row << field;
            field.clear();
            pending = true;
        } else if (c == u'\n') {
            row << field;
            rows << row;
            row.clear();
            field.clear();
            pending = false;
        } else if (c != u'\r') {
            field += c;
            pending = true;
        }
    }
    if (pending) {
        row << field;
        rows << row;
    }
    return rows;
}

// A workspace folder with a small SQLite source: 3 customers, one custom column.
struct Fixture
{
    QTemporaryDir dir;
    QString workspace;
    QString source;

    bool make()
    {
        if (!dir.isValid())
            return false;
        workspace = dir.filePath(u"project.concord"_s);
        source = dir.filePath(u"crm.db"_s);
        return runSql(
                   source,
                   {u"CREATE TABLE customers (id INTEGER PRIMARY KEY, mail TEXT, phone TEXT,"
                    " loyalty_tier TEXT, updated_at TEXT)"_s,
                    u"INSERT INTO customers VALUES (1, 'ada@example.com', '555-0100', 'gold', '2024-01-01')"_s,
                    u"INSERT INTO customers VALUES (2, 'bob@example.com', NULL, NULL, '2024-01-02')"_s,
                    u"INSERT INTO customers VALUES (3, 'cy@example.com', '555-0102', '', '2024-01-03')"_s})
            .isEmpty();
    }
};

} // namespace

class TestCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void help_data();
    void help();
    void usageErrors_data();
    void usageErrors();

    void initCreatesOnce();
    void systemsAddListRemove();
    void systemsAddRefusesInvalid_data();
    void systemsAddRefusesInvalid();
    void fieldsAndMappings();
    void configExportImportRoundTrip();
    void configImportRefusesBadFile();
    void notAWorkspace_data();
    void notAWorkspace();
    void systemsTest();
    void systemsPasswordWithoutKeyring();
    void snapshotSmallWorkspace();
    void snapshotReportsFailingSystem();

    void generateThenSnapshot();
    void generateIsDeterministic();
};

void TestCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
}

void TestCli::help_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("usage");
    QTest::newRow("--help") << QStringList{u"--help"_s} << u"Usage: concord-cli COMMAND"_s;
    QTest::newRow("help") << QStringList{u"help"_s} << u"Usage: concord-cli COMMAND"_s;
    const QList<QStringList> commands{
        {u"init"_s},
        {u"systems"_s},
        {u"systems"_s, u"add"_s},
        {u"systems"_s, u"list"_s},
        {u"systems"_s, u"remove"_s},
        {u"systems"_s, u"test"_s},
        {u"systems"_s, u"password"_s},
        {u"fields"_s},
        {u"fields"_s, u"add"_s},
        {u"fields"_s, u"list"_s},
        {u"mapping"_s},
        {u"mapping"_s, u"show"_s},
        {u"mapping"_s, u"set"_s},
        {u"snapshot"_s},
        {u"config"_s},
        {u"config"_s, u"export"_s},
        {u"config"_s, u"import"_s},
        {u"generate"_s},
    };
    for (const QStringList& command : commands) {
        const QString name = command.join(u' ');
        QTest::newRow(qPrintable(name + u" --help"_s))
            << (command + QStringList{u"--help"_s}) << u"Usage: concord-cli %1 [options]"_s.arg(name);
    }
}

void TestCli::help()
{
    QFETCH(QStringList, args);
    QFETCH(QString, usage);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Run r = cli(args, dir.path());
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(usage), qPrintable(r.describe()));
    QVERIFY2(r.err.isEmpty(), qPrintable(r.describe()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::Files), QStringList()); // help changes nothing
}

void TestCli::usageErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected"); // in stderr; empty = anything
    QTest::newRow("no arguments") << QStringList() << QString();
    QTest::newRow("unknown command") << QStringList{u"frobnicate"_s} << u"unknown command 'frobnicate'"_s;
    QTest::newRow("init without a path") << QStringList{u"init"_s} << u"'init' expects WORKSPACE.concord"_s;
    QTest::newRow("init with two paths")
        << QStringList{u"init"_s, u"a.concord"_s, u"b.concord"_s} << u"'init' expects"_s;
    QTest::newRow("systems without action") << QStringList{u"systems"_s} << u"expected add, list"_s;
    QTest::newRow("systems unknown action")
        << QStringList{u"systems"_s, u"rename"_s} << u"expected add, list"_s;
    QTest::newRow("systems add without name")
        << QStringList{u"systems"_s, u"add"_s, u"x.concord"_s} << u"'systems add' expects WORKSPACE NAME"_s;
    QTest::newRow("systems list unknown option")
        << QStringList{u"systems"_s, u"list"_s, u"x.concord"_s, u"--bogus"_s} << u"bogus"_s;
    QTest::newRow("fields add without field")
        << QStringList{u"fields"_s, u"add"_s, u"x.concord"_s} << u"'fields add' expects"_s;
    QTest::newRow("fields unknown action")
        << QStringList{u"fields"_s, u"drop"_s} << u"expected 'list' or 'add'"_s;
    QTest::newRow("mapping set missing field")
        << QStringList{u"mapping"_s, u"set"_s, u"x.concord"_s, u"crm"_s, u"mail"_s}
        << u"'mapping set' expects"_s;
    QTest::newRow("mapping without action") << QStringList{u"mapping"_s} << u"expected 'show' or 'set'"_s;
    QTest::newRow("snapshot without workspace") << QStringList{u"snapshot"_s} << u"'snapshot' expects"_s;
    QTest::newRow("config export without file")
        << QStringList{u"config"_s, u"export"_s, u"x.concord"_s} << u"'config export' expects"_s;
    QTest::newRow("config unknown action")
        << QStringList{u"config"_s, u"merge"_s} << u"expected 'export' or"_s;
    QTest::newRow("generate without --out") << QStringList{u"generate"_s} << u"--out DIR is required"_s;
    QTest::newRow("generate zero customers")
        << QStringList{u"generate"_s, u"--out"_s, u"demo"_s, u"--customers"_s, u"0"_s}
        << u"--customers '0'"_s;
    QTest::newRow("generate bad seed")
        << QStringList{u"generate"_s, u"--out"_s, u"demo"_s, u"--seed"_s, u"-3"_s} << u"--seed '-3'"_s;
}

void TestCli::usageErrors()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const Run r = cli(args, dir.path());
    QVERIFY2(r.finished && r.exitCode == 2, qPrintable(r.describe()));
    if (!expected.isEmpty())
        QVERIFY2(r.err.contains(expected), qPrintable(r.describe()));
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), QStringList());
}

void TestCli::initCreatesOnce()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    Run r = cli({u"init"_s, u"team.concord"_s}, dir.path());
    QVERIFY2(r.finished && r.exitCode == 0, qPrintable(r.describe()));
    const QString path = dir.filePath(u"team.concord"_s);
    QVERIFY2(r.out.contains(u"created workspace "_s + path), qPrintable(r.describe()));
    QVERIFY(QFileInfo(path).isFile());
    r = cli({u"systems"_s, u"list"_s, u"team.concord"_s, u"--json"_s}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject listed = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(listed.value(u"systems"_s).toArray().size(), 0);

    const QByteArray before = fileBytes(path);
    r = cli({u"init"_s, u"team.concord"_s}, dir.path());
    QVERIFY2(r.finished && r.exitCode == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"already exists"_s), qPrintable(r.describe()));
    QCOMPARE(fileBytes(path), before);

    r = cli({u"init"_s, u"no/such/folder/x.concord"_s}, dir.path());
    QVERIFY2(r.exitCode == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"does not exist"_s), qPrintable(r.describe()));
}

void TestCli::systemsAddListRemove()
{
    Fixture fx;
    QVERIFY(fx.make());
    const QString wd = fx.dir.path();
    QVERIFY(cli({u"init"_s, fx.workspace}, wd).exitCode == 0);
    // A path inside the workspace's folder is stored relative to it.
    Run r = cli({u"systems"_s, u"add"_s, fx.workspace, u"crm"_s, u"--driver"_s, u"SQLite"_s, u"--database"_s,
                 u"crm.db"_s, u"--entity"_s, u"customers"_s, u"--version-column"_s, u"updated_at"_s,
                 u"--region"_s, u"us"_s, u"--date-order"_s, u"mdy"_s},
                wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"added system crm"_s), qPrintable(r.describe()));
    r = cli({u"systems"_s, u"add"_s, fx.workspace, u"billing-eu"_s, u"--driver"_s, u"postgres"_s, u"--host"_s,
             u"db.example.com"_s, u"--port"_s, u"5433"_s, u"--database"_s, u"billing"_s, u"--user"_s,
             u"steward"_s, u"--entity"_s, u"accounts"_s, u"--key"_s, u"account_no"_s},
            wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

    r = cli({u"systems"_s, u"list"_s, fx.workspace, u"--json"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonArray systems = parseObject(r.out, &error).value(u"systems"_s).toArray();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(systems.size(), 2);
    const QJsonObject crm = systems[0].toObject();
    QCOMPARE(crm.value(u"name"_s).toString(), u"crm"_s);
    QCOMPARE(crm.value(u"driver"_s).toString(), u"sqlite"_s);
    QCOMPARE(crm.value(u"database"_s).toString(), u"crm.db"_s);
    QCOMPARE(crm.value(u"entity"_s).toString(), u"customers"_s);
    QCOMPARE(crm.value(u"versionColumn"_s).toString(), u"updated_at"_s);
    QCOMPARE(crm.value(u"defaultRegion"_s).toString(), u"US"_s);
    QCOMPARE(crm.value(u"dateOrder"_s).toString(), u"MDY"_s);
    QVERIFY(!crm.contains(u"passwordVariable"_s)); // a file has no password
    const QJsonObject billing = systems[1].toObject();
    QCOMPARE(billing.value(u"name"_s).toString(), u"billing-eu"_s);
    QCOMPARE(billing.value(u"driver"_s).toString(), u"postgresql"_s);
    QCOMPARE(billing.value(u"host"_s).toString(), u"db.example.com"_s);
    QCOMPARE(billing.value(u"port"_s).toInt(), 5433);
    QCOMPARE(billing.value(u"user"_s).toString(), u"steward"_s);
    QCOMPARE(billing.value(u"keyColumn"_s).toString(), u"account_no"_s);
    QCOMPARE(billing.value(u"passwordVariable"_s).toString(), u"CONCORD_PASSWORD_BILLING_EU"_s);

    r = cli({u"systems"_s, u"list"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"crm"_s) && r.out.contains(u"steward@db.example.com:5433/billing"_s),
             qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"key=account_no"_s) && r.out.contains(u"version=updated_at"_s),
             qPrintable(r.describe()));

    r = cli({u"systems"_s, u"remove"_s, fx.workspace, u"billing-eu"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = cli({u"systems"_s, u"list"_s, fx.workspace, u"--json"_s}, wd);
    QCOMPARE(parseObject(r.out, &error).value(u"systems"_s).toArray().size(), 1);
    r = cli({u"systems"_s, u"remove"_s, fx.workspace, u"billing-eu"_s}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"no system named 'billing-eu'"_s), qPrintable(r.describe()));
}

void TestCli::systemsAddRefusesInvalid_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("server without host")
        << QStringList{u"--driver"_s, u"postgresql"_s, u"--database"_s, u"b"_s, u"--entity"_s, u"t"_s} << 1
        << u"no host given"_s;
    QTest::newRow("unknown driver") << QStringList{u"--driver"_s, u"oracle"_s,   u"--database"_s,
                                                   u"b"_s,        u"--entity"_s, u"t"_s}
                                    << 1 << u"unknown driver 'oracle'"_s;
    QTest::newRow("no entity") << QStringList{u"--driver"_s, u"sqlite"_s, u"--database"_s, u"crm.db"_s} << 1
                               << u"no entity"_s;
    QTest::newRow("bad date order") << QStringList{u"--driver"_s, u"sqlite"_s, u"--database"_s,   u"crm.db"_s,
                                                   u"--entity"_s, u"t"_s,      u"--date-order"_s, u"dd/mm"_s}
                                    << 1 << u"date order 'DD/MM'"_s;
    QTest::newRow("port not a number")
        << QStringList{u"--driver"_s, u"mariadb"_s,    u"--host"_s, u"h"_s,        u"--port"_s,
                       u"web"_s,      u"--database"_s, u"b"_s,      u"--entity"_s, u"t"_s}
        << 2 << u"--port 'web' is not a number"_s;
}

void TestCli::systemsAddRefusesInvalid()
{
    QFETCH(QStringList, options);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    Fixture fx;
    QVERIFY(fx.make());
    QVERIFY(cli({u"init"_s, fx.workspace}, fx.dir.path()).exitCode == 0);
    const QByteArray before = fileBytes(fx.workspace);
    const Run r = cli(QStringList{u"systems"_s, u"add"_s, fx.workspace, u"erp"_s} + options, fx.dir.path());
    QVERIFY2(r.finished && r.exitCode == exitCode, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(expected), qPrintable(r.describe()));
    QCOMPARE(fileBytes(fx.workspace), before);
}

void TestCli::fieldsAndMappings()
{
    Fixture fx;
    QVERIFY(fx.make());
    const QString wd = fx.dir.path();
    QVERIFY(cli({u"init"_s, fx.workspace}, wd).exitCode == 0);
    QVERIFY(cli({u"systems"_s, u"add"_s, fx.workspace, u"crm"_s, u"--driver"_s, u"sqlite"_s, u"--database"_s,
                 fx.source, u"--entity"_s, u"customers"_s},
                wd)
                .exitCode == 0);
    Run r = cli({u"fields"_s, u"add"_s, fx.workspace, u"email"_s, u"--type"_s, u"email"_s, u"--description"_s,
                 u"Primary e-mail, lower case"_s},
                wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = cli({u"fields"_s, u"add"_s, fx.workspace, u"phone"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = cli({u"fields"_s, u"add"_s, fx.workspace, u"email"_s}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"canonical field 'email' is defined twice"_s), qPrintable(r.describe()));

    r = cli({u"fields"_s, u"list"_s, fx.workspace, u"--json"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonArray fields = parseObject(r.out, &error).value(u"fields"_s).toArray();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(fields.size(), 2);
    QCOMPARE(fields[0].toObject().value(u"name"_s).toString(), u"email"_s);
    QCOMPARE(fields[0].toObject().value(u"type"_s).toString(), u"email"_s);
    QCOMPARE(fields[0].toObject().value(u"description"_s).toString(), u"Primary e-mail, lower case"_s);
    QCOMPARE(fields[1].toObject().value(u"name"_s).toString(), u"phone"_s);
    QCOMPARE(fields[1].toObject().value(u"type"_s).toString(), u"text"_s); // the default type
    r = cli({u"fields"_s, u"list"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"Primary e-mail, lower case"_s), qPrintable(r.describe()));

    r = cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"mail"_s, u"email"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"mapped crm.mail -> email"_s), qPrintable(r.describe()));
    r = cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"phone"_s, u"phone"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QByteArray mapped = fileBytes(fx.workspace);
    r = cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"fax"_s, u"fax"_s}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"unknown canonical field 'fax'"_s), qPrintable(r.describe()));
    r = cli({u"mapping"_s, u"set"_s, fx.workspace, u"erp"_s, u"mail"_s, u"email"_s}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"unknown system 'erp'"_s), qPrintable(r.describe()));
    r = cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"mail2"_s, u"email"_s}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"mapped from two columns"_s), qPrintable(r.describe()));
    QCOMPARE(fileBytes(fx.workspace), mapped);

    r = cli({u"mapping"_s, u"show"_s, fx.workspace, u"--json"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonArray mappings = parseObject(r.out, &error).value(u"mappings"_s).toArray();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(mappings.size(), 2);
    QCOMPARE(mappings[0].toObject(),
             (QJsonObject{{u"system"_s, u"crm"_s}, {u"column"_s, u"mail"_s}, {u"field"_s, u"email"_s}}));
    QCOMPARE(mappings[1].toObject(),
             (QJsonObject{{u"system"_s, u"crm"_s}, {u"column"_s, u"phone"_s}, {u"field"_s, u"phone"_s}}));
    r = cli({u"mapping"_s, u"show"_s, fx.workspace, u"--system"_s, u"crm"_s}, wd);
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"crm.mail"_s) && r.out.contains(u"-> email"_s),
             qPrintable(r.describe()));
    r = cli({u"mapping"_s, u"show"_s, fx.workspace, u"--system"_s, u"erp"_s}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"no system named 'erp'"_s), qPrintable(r.describe()));

    // FIELD '-' removes a mapping.
    r = cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"phone"_s, u"-"_s}, wd);
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"unmapped crm.phone"_s), qPrintable(r.describe()));
    r = cli({u"mapping"_s, u"show"_s, fx.workspace, u"--json"_s}, wd);
    QCOMPARE(parseObject(r.out, &error).value(u"mappings"_s).toArray().size(), 1);
}

namespace {
// A workspace with two systems, fields and mappings, configured through the CLI.
bool configureSample(const Fixture& fx)
{
    const QString wd = fx.dir.path();
    const QList<QStringList> steps{
        {u"init"_s, fx.workspace},
        {u"systems"_s, u"add"_s, fx.workspace, u"crm"_s, u"--driver"_s, u"sqlite"_s, u"--database"_s,
         fx.source, u"--entity"_s, u"customers"_s, u"--version-column"_s, u"updated_at"_s, u"--region"_s,
         u"US"_s},
        {u"systems"_s, u"add"_s, fx.workspace, u"billing"_s, u"--driver"_s, u"mariadb"_s, u"--host"_s,
         u"127.0.0.1"_s, u"--port"_s, u"3307"_s, u"--database"_s, u"billing"_s, u"--user"_s, u"concord"_s,
         u"--entity"_s, u"accounts"_s, u"--date-order"_s, u"DMY"_s},
        {u"fields"_s, u"add"_s, fx.workspace, u"email"_s, u"--type"_s, u"email"_s, u"--description"_s,
         u"E-mail, \"primary\""_s},
        {u"fields"_s, u"add"_s, fx.workspace, u"phone"_s, u"--type"_s, u"phone"_s},
        {u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"mail"_s, u"email"_s},
        {u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"phone"_s, u"phone"_s},
        {u"mapping"_s, u"set"_s, fx.workspace, u"billing"_s, u"billing_email"_s, u"email"_s},
    };
    for (const QStringList& step : steps) {
        const Run r = cli(step, wd);
        if (r.exitCode != 0) {
            qWarning("%s", qPrintable(r.describe()));
            return false;
        }
    }
    return true;
}
} // namespace

void TestCli::configExportImportRoundTrip()
{
    Fixture fx;
    QVERIFY(fx.make());
    QVERIFY(configureSample(fx));
    const QString wd = fx.dir.path();
    Run r = cli({u"config"_s, u"export"_s, fx.workspace, u"config.json"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"exported 2 systems, 2 fields, 3 mappings"_s), qPrintable(r.describe()));
    const QByteArray exported = fileBytes(fx.dir.filePath(u"config.json"_s));
    QVERIFY(!exported.contains("password"));
    QString error;
    const QJsonObject config = parseObject(QString::fromUtf8(exported), &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(config.value(u"format"_s).toString(), u"concord-config"_s);
    QCOMPARE(config.value(u"version"_s).toInt(), 1);

    // '-' writes the same bytes to stdout.
    r = cli({u"config"_s, u"export"_s, fx.workspace, u"-"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out.toUtf8(), exported);

    // Import into a workspace that does not exist yet creates it.
    QTemporaryDir other;
    QVERIFY(other.isValid());
    const QString copy = other.filePath(u"copy.concord"_s);
    r = cli({u"config"_s, u"import"_s, copy, fx.dir.filePath(u"config.json"_s)}, other.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"imported 2 systems, 2 fields, 3 mappings"_s), qPrintable(r.describe()));
    r = cli({u"config"_s, u"export"_s, copy, u"again.json"_s}, other.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(fileBytes(other.filePath(u"again.json"_s)), exported);

    // Import into an existing workspace replaces its configuration.
    QVERIFY(cli({u"init"_s, u"existing.concord"_s}, other.path()).exitCode == 0);
    QVERIFY(cli({u"fields"_s, u"add"_s, u"existing.concord"_s, u"legacy_code"_s}, other.path()).exitCode ==
            0);
    r = cli({u"config"_s, u"import"_s, u"existing.concord"_s, fx.dir.filePath(u"config.json"_s)},
            other.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = cli({u"config"_s, u"export"_s, u"existing.concord"_s, u"-"_s}, other.path());
    QCOMPARE(r.out.toUtf8(), exported);
}

void TestCli::configImportRefusesBadFile()
{
    Fixture fx;
    QVERIFY(fx.make());
    QVERIFY(configureSample(fx));
    const QString wd = fx.dir.path();
    const Run before = cli({u"config"_s, u"export"_s, fx.workspace, u"-"_s}, wd);
    QVERIFY2(before.exitCode == 0, qPrintable(before.describe()));

    const QString bad = QStringLiteral(CONCORD_TEST_DATA) + u"/workspace/config-unknown-mapped-field.json"_s;
    Run r = cli({u"config"_s, u"import"_s, fx.workspace, bad}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(bad) && r.err.contains(u"unknown canonical field 'fax'"_s),
             qPrintable(r.describe()));
    QCOMPARE(cli({u"config"_s, u"export"_s, fx.workspace, u"-"_s}, wd).out, before.out);

    const QString syntax = QStringLiteral(CONCORD_TEST_DATA) + u"/workspace/config-syntax-error.json"_s;
    r = cli({u"config"_s, u"import"_s, u"new.concord"_s, syntax}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"line 7"_s), qPrintable(r.describe()));
    QVERIFY(!QFileInfo::exists(fx.dir.filePath(u"new.concord"_s))); // nothing half-made

    r = cli({u"config"_s, u"import"_s, fx.workspace, u"missing.json"_s}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"missing.json"_s), qPrintable(r.describe()));
}

void TestCli::notAWorkspace_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("expected");
    QTest::newRow("snapshot") << QStringList{u"snapshot"_s, u"notes.concord"_s}
                              << u"not a Concord workspace"_s;
    QTest::newRow("snapshot --json") << QStringList{u"snapshot"_s, u"notes.concord"_s, u"--json"_s}
                                     << u"not a Concord workspace"_s;
    QTest::newRow("systems list") << QStringList{u"systems"_s, u"list"_s, u"notes.concord"_s}
                                  << u"not a Concord workspace"_s;
    QTest::newRow("systems add") << QStringList{u"systems"_s,  u"add"_s,    u"notes.concord"_s, u"crm"_s,
                                                u"--driver"_s, u"sqlite"_s, u"--database"_s,    u"x.db"_s,
                                                u"--entity"_s, u"t"_s}
                                 << u"not a Concord workspace"_s;
    QTest::newRow("mapping show") << QStringList{u"mapping"_s, u"show"_s, u"notes.concord"_s}
                                  << u"not a Concord workspace"_s;
    QTest::newRow("config import") << QStringList{u"config"_s, u"import"_s, u"notes.concord"_s,
                                                  QStringLiteral(CONCORD_TEST_DATA) +
                                                      u"/workspace/config-good.json"_s}
                                   << u"not a Concord workspace"_s;
    QTest::newRow("missing workspace")
        << QStringList{u"snapshot"_s, u"absent.concord"_s} << u"no such workspace file"_s;
    QTest::newRow("a folder") << QStringList{u"review"_s, u"list"_s, u"folder.concord"_s}
                              << u"folder.concord: is a folder, not a workspace file"_s;
}

void TestCli::notAWorkspace()
{
    QFETCH(QStringList, args);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QByteArray text = "These are my notes, not a workspace.\n"_ba;
    QVERIFY(writeFile(dir.filePath(u"notes.concord"_s), text));
    QVERIFY(QDir(dir.path()).mkdir(u"folder.concord"_s));
    const Run r = cli(args, dir.path());
    QVERIFY2(r.finished && r.exitCode == 3, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(expected), qPrintable(r.describe()));
    QCOMPARE(fileBytes(dir.filePath(u"notes.concord"_s)), text);
    QVERIFY(!QFileInfo::exists(dir.filePath(u"absent.concord"_s)));
}

void TestCli::systemsTest()
{
    Fixture fx;
    QVERIFY(fx.make());
    const QString wd = fx.dir.path();
    QVERIFY(cli({u"init"_s, fx.workspace}, wd).exitCode == 0);
    QVERIFY(cli({u"systems"_s, u"add"_s, fx.workspace, u"crm"_s, u"--driver"_s, u"sqlite"_s, u"--database"_s,
                 u"crm.db"_s, u"--entity"_s, u"customers"_s},
                wd)
                .exitCode == 0);
    Run r = cli({u"systems"_s, u"test"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"3 rows, 5 columns"_s), qPrintable(r.describe()));

    const QString missing = fx.dir.filePath(u"archive/old-crm.db"_s);
    QVERIFY(cli({u"systems"_s, u"add"_s, fx.workspace, u"old"_s, u"--driver"_s, u"sqlite"_s, u"--database"_s,
                 missing, u"--entity"_s, u"customers"_s},
                wd)
                .exitCode == 0);
    r = cli({u"systems"_s, u"test"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(missing), qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"does not exist"_s), qPrintable(r.describe()));
    QVERIFY(!QFileInfo::exists(missing)); // a missing SQLite file is never created

    // Only the named system: the working one passes on its own.
    r = cli({u"systems"_s, u"test"_s, fx.workspace, u"crm"_s}, wd);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = cli({u"systems"_s, u"test"_s, fx.workspace, u"nope"_s}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"no system named 'nope'"_s), qPrintable(r.describe()));

    r = cli({u"systems"_s, u"test"_s, fx.workspace, u"--json"_s}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QString error;
    const QJsonObject report = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(report.value(u"ok"_s).toBool(true), false);
    const QJsonArray systems = report.value(u"systems"_s).toArray();
    QCOMPARE(systems.size(), 2);
    QCOMPARE(systems[0].toObject().value(u"rows"_s).toInt(), 3);
    QCOMPARE(systems[0].toObject().value(u"ok"_s).toBool(), true);
    QCOMPARE(systems[1].toObject().value(u"ok"_s).toBool(true), false);
    QVERIFY(systems[1].toObject().value(u"error"_s).toString().contains(missing));

    // Connecting is not all: a column the configuration names must exist, as snapshot needs it.
    QVERIFY(cli({u"systems"_s, u"remove"_s, fx.workspace, u"old"_s}, wd).exitCode == 0);
    QVERIFY(cli({u"fields"_s, u"add"_s, fx.workspace, u"email"_s}, wd).exitCode == 0);
    QVERIFY(cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"e_mail"_s, u"email"_s}, wd).exitCode == 0);
    r = cli({u"systems"_s, u"test"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(
        r.err.contains(u"system 'crm': mapping e_mail -> email names column 'e_mail', which does not exist "
                       "in 'customers'. The columns of 'customers' are: id, mail, phone, loyalty_tier, "
                       "updated_at"_s),
        qPrintable(r.describe()));
    r = cli({u"systems"_s, u"test"_s, fx.workspace, u"--json"_s}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    const QJsonObject crm = parseObject(r.out, &error).value(u"systems"_s).toArray().first().toObject();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(crm.value(u"missingColumns"_s).toVariant().toStringList(), QStringList{u"e_mail"_s});
    QCOMPARE(crm.value(u"existingColumns"_s).toVariant().toStringList(),
             (QStringList{u"id"_s, u"mail"_s, u"phone"_s, u"loyalty_tier"_s, u"updated_at"_s}));
    QCOMPARE(crm.value(u"rows"_s).toInt(), 3); // counted all the same
}

void TestCli::systemsPasswordWithoutKeyring()
{
    Fixture fx;
    QVERIFY(fx.make());
    QVERIFY(configureSample(fx));
    const QString wd = fx.dir.path();
    Run r = cli({u"systems"_s, u"password"_s, fx.workspace, u"billing"_s}, wd);
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"no password on standard input"_s), qPrintable(r.describe()));
    r = cli({u"systems"_s, u"password"_s, fx.workspace, u"billing"_s}, wd, withInput("hunter2\n"_ba));
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"CONCORD_PASSWORD_BILLING"_s), qPrintable(r.describe()));
    QVERIFY2(!r.err.contains(u"hunter2"_s) && !r.out.contains(u"hunter2"_s), qPrintable(r.describe()));
    QVERIFY(!fileBytes(fx.workspace).contains("hunter2"));
    r = cli({u"systems"_s, u"password"_s, fx.workspace, u"nope"_s}, wd, withInput("x\n"_ba));
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"no system named 'nope'"_s), qPrintable(r.describe()));
}

void TestCli::snapshotSmallWorkspace()
{
    Fixture fx;
    QVERIFY(fx.make());
    const QString wd = fx.dir.path();
    QVERIFY(cli({u"init"_s, fx.workspace}, wd).exitCode == 0);
    QVERIFY(cli({u"systems"_s, u"add"_s, fx.workspace, u"crm"_s, u"--driver"_s, u"sqlite"_s, u"--database"_s,
                 u"crm.db"_s, u"--entity"_s, u"customers"_s},
                wd)
                .exitCode == 0);
    QVERIFY(cli({u"fields"_s, u"add"_s, fx.workspace, u"email"_s}, wd).exitCode == 0);
    QVERIFY(cli({u"mapping"_s, u"set"_s, fx.workspace, u"crm"_s, u"mail"_s, u"email"_s}, wd).exitCode == 0);

    // Run from another folder: the relative source path belongs to the workspace.
    QTemporaryDir elsewhere;
    QVERIFY(elsewhere.isValid());
    Run r = cli({u"snapshot"_s, fx.workspace, u"--json"_s}, elsewhere.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject report = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    QCOMPARE(report.value(u"totalRecords"_s).toInt(), 3);
    const QJsonObject crm = report.value(u"systems"_s).toArray().first().toObject();
    QCOMPARE(crm.value(u"records"_s).toInt(), 3);
    QCOMPARE(crm.value(u"mapped"_s).toObject(), (QJsonObject{{u"mail"_s, u"email"_s}}));
    QCOMPARE(crm.value(u"identity"_s).toArray(), QJsonArray::fromStringList({u"id"_s}));
    QCOMPARE(crm.value(u"unmapped"_s).toArray(),
             QJsonArray::fromStringList({u"phone"_s, u"loyalty_tier"_s, u"updated_at"_s}));

    r = cli({u"snapshot"_s, fx.workspace}, elsewhere.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"records:  3"_s), qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"identity: id\n"_s), qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"unmapped: 3 columns: phone, loyalty_tier, updated_at"_s),
             qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"mapped:   1 fields: mail -> email"_s), qPrintable(r.describe()));
}

void TestCli::snapshotReportsFailingSystem()
{
    Fixture fx;
    QVERIFY(fx.make());
    const QString wd = fx.dir.path();
    QVERIFY(cli({u"init"_s, fx.workspace}, wd).exitCode == 0);
    Run r = cli({u"snapshot"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"has no systems"_s), qPrintable(r.describe()));
    // The command line says what to do next in its own words (the engine's error has a kind).
    QVERIFY2(r.err.contains(u"concord-cli systems add"_s), qPrintable(r.describe()));

    QVERIFY(cli({u"systems"_s, u"add"_s, fx.workspace, u"crm"_s, u"--driver"_s, u"sqlite"_s, u"--database"_s,
                 u"crm.db"_s, u"--entity"_s, u"customers"_s},
                wd)
                .exitCode == 0);
    QVERIFY(cli({u"systems"_s, u"add"_s, fx.workspace, u"ledger"_s, u"--driver"_s, u"sqlite"_s,
                 u"--database"_s, u"crm.db"_s, u"--entity"_s, u"ledger"_s},
                wd)
                .exitCode == 0);
    r = cli({u"snapshot"_s, fx.workspace}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"table 'ledger' does not exist"_s), qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"records:  3"_s), qPrintable(r.describe())); // the working system still loads

    r = cli({u"snapshot"_s, fx.workspace, u"--json"_s}, wd);
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QString error;
    const QJsonObject report = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(report.value(u"ok"_s).toBool(true), false);
    const QJsonArray systems = report.value(u"systems"_s).toArray();
    QCOMPARE(systems.size(), 2);
    QCOMPARE(systems[0].toObject().value(u"records"_s).toInt(), 3);
    QVERIFY(systems[1].toObject().value(u"error"_s).toString().contains(u"ledger"_s));
}

void TestCli::generateThenSnapshot()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString out = dir.filePath(u"demo"_s);
    Run r =
        cli({u"generate"_s, u"--out"_s, out, u"--customers"_s, u"300"_s, u"--seed"_s, u"7"_s, u"--json"_s},
            dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject generated = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(generated.value(u"customers"_s).toInt(), 300);
    const QString workspace = QDir(out).filePath(u"demo.concord"_s);
    QCOMPARE(generated.value(u"workspace"_s).toString(), workspace);

    // Record rows per system in the ground truth (docs/truth-format.md).
    const QList<QStringList> truth =
        parseCsv(QString::fromUtf8(fileBytes(QDir(out).filePath(u"truth.csv"_s))));
    QVERIFY(truth.size() > 300);
    QCOMPARE(truth.first(),
             (QStringList{u"kind"_s, u"system"_s, u"source_id"_s, u"customer_id"_s, u"field"_s, u"value"_s}));
    QHash<QString, qint64> truthRecords;
    QSet<QString> customers;
    for (qsizetype i = 1; i < truth.size(); ++i) {
        QVERIFY2(truth[i].size() == 6,
                 qPrintable(u"truth.csv row %1: %2"_s.arg(i + 1).arg(truth[i].join(u'|'))));
        if (truth[i][0] == "record"_L1) {
            ++truthRecords[truth[i][1]];
            customers.insert(truth[i][3]);
        }
    }
    QCOMPARE(customers.size(), 300);

    r = cli({u"snapshot"_s, workspace, u"--json"_s}, dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject report = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(report.value(u"ok"_s).toBool(), true);
    const QJsonArray systems = report.value(u"systems"_s).toArray();
    QCOMPARE(systems.size(), generated.value(u"systems"_s).toArray().size());
    QCOMPARE(systems.size(), truthRecords.size());
    qint64 total = 0;
    for (const QJsonValue& value : systems) {
        const QJsonObject s = value.toObject();
        const QString name = s.value(u"system"_s).toString();
        QVERIFY2(s.value(u"ok"_s).toBool(), qPrintable(name + u": "_s + s.value(u"error"_s).toString()));
        const qint64 records = s.value(u"records"_s).toInteger();
        QVERIFY2(truthRecords.contains(name), qPrintable(name));
        QCOMPARE(records, truthRecords.value(name));
        total += records;

        // Every column is reported exactly once: mapped, identity (key, version) or unmapped;
        // custom columns are never dropped.
        QVERIFY2(s.value(u"unmapped"_s).isArray(), qPrintable(name));
        QSet<QString> reported;
        const QJsonObject mapped = s.value(u"mapped"_s).toObject();
        for (auto it = mapped.begin(); it != mapped.end(); ++it)
            reported.insert(it.key());
        const QJsonArray identity = s.value(u"identity"_s).toArray();
        const QJsonArray unmapped = s.value(u"unmapped"_s).toArray();
        QVERIFY2(!identity.isEmpty(), qPrintable(name)); // at least the key column
        QVERIFY2(!unmapped.isEmpty(), qPrintable(name)); // every demo system has a custom field
        for (const QJsonArray& list : {identity, unmapped}) {
            for (const QJsonValue& column : list) {
                QVERIFY2(!reported.contains(column.toString()),
                         qPrintable(name + u": "_s + column.toString()));
                reported.insert(column.toString());
            }
        }
        QJsonObject generatedSystem;
        for (const QJsonValue& g : generated.value(u"systems"_s).toArray()) {
            if (g.toObject().value(u"name"_s).toString() == name)
                generatedSystem = g.toObject();
        }
        QCOMPARE(generatedSystem.value(u"rows"_s).toInteger(), records);
        const QString path = generatedSystem.value(u"path"_s).toString();
        QStringList columns;
        if (generatedSystem.value(u"driver"_s).toString() == "csv"_L1)
            columns = parseCsv(QString::fromUtf8(fileBytes(path))).value(0);
        else
            columns = sqliteColumns(path, generatedSystem.value(u"entity"_s).toString());
        QVERIFY2(!columns.isEmpty(), qPrintable(path));
        QCOMPARE(reported, QSet<QString>(columns.cbegin(), columns.cend()));
    }
    QCOMPARE(report.value(u"totalRecords"_s).toInteger(), total);

    // Generating into a folder that already holds a demo is refused.
    r = cli({u"generate"_s, u"--out"_s, out, u"--customers"_s, u"300"_s, u"--seed"_s, u"7"_s}, dir.path());
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"already exists"_s), qPrintable(r.describe()));
}

void TestCli::generateIsDeterministic()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const auto generate = [&](const QString& name, const QString& seed) {
        return cli(
            {u"generate"_s, u"--out"_s, dir.filePath(name), u"--customers"_s, u"300"_s, u"--seed"_s, seed},
            dir.path());
    };
    for (const auto& [name, seed] :
         {std::pair{u"first"_s, u"7"_s}, {u"second"_s, u"7"_s}, {u"other"_s, u"8"_s}}) {
        const Run r = generate(name, seed);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    }
    const QByteArray first = fileBytes(dir.filePath(u"first/truth.csv"_s));
    QVERIFY(first.size() > 1000);
    QCOMPARE(fileBytes(dir.filePath(u"second/truth.csv"_s)), first);
    QVERIFY(fileBytes(dir.filePath(u"other/truth.csv"_s)) != first); // the seed matters
}

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
