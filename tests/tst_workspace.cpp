#include "ConfigJson.h"
#include "Credentials.h"
#include "ReadOnlyPath.h"
#include "RowVersion.h"
#include "SnapshotLoader.h"
#include "Workspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace concord;
using concord::test::ReadOnlyPath;

Q_DECLARE_METATYPE(concord::SystemConfig)
Q_DECLARE_METATYPE(concord::WorkspaceConfig)
Q_DECLARE_METATYPE(concord::MatchConfig)

namespace {

// Every member of a configuration as text, so QCOMPARE shows what differs. Systems and
// fields keep their order (it is part of the configuration); mappings are a set.
QString dump(const WorkspaceConfig& c)
{
    QStringList lines;
    for (const SystemConfig& s : c.systems)
        lines << QStringList{u"system"_s,     s.name,     s.driver, s.host,      QString::number(s.port),
                             s.database,      s.user,     s.entity, s.keyColumn, s.versionColumn,
                             s.defaultRegion, s.dateOrder}
                     .join(u'|');
    for (const CanonicalField& f : c.fields)
        lines << QStringList{u"field"_s, f.name, f.type, f.description}.join(u'|');
    QStringList mappings;
    for (const FieldMapping& m : c.mappings)
        mappings << QStringList{u"mapping"_s, m.system, m.column, m.field}.join(u'|');
    mappings.sort();
    return (lines + mappings).join(u'\n');
}

QString dump(const Result<WorkspaceConfig>& c)
{
    return c ? dump(*c) : u"error: "_s + c.errorString();
}

QByteArray fileBytes(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return "<unreadable>"_ba;
    return f.readAll();
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(bytes) == bytes.size();
}

// Runs statements on an SQLite file through a private connection (creating the file);
// returns the first error, or an empty string.
QString runSql(const QString& path, const QStringList& statements)
{
    static int counter = 0;
    const QString name = u"tst-workspace-raw-%1"_s.arg(++counter);
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

// One value read through a private connection, or "<error>".
QString queryValue(const QString& path, const QString& sql)
{
    static int counter = 0;
    const QString name = u"tst-workspace-query-%1"_s.arg(++counter);
    QString value = u"<error>"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (db.open()) {
            QSqlQuery q(db);
            if (q.exec(sql) && q.next())
                value = q.value(0).toString();
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return value;
}

SystemConfig fileSystem(const QString& name, const QString& database, const QString& entity)
{
    SystemConfig s; // every other member stays a null QString, as from the CLI or JSON
    s.name = name;
    s.driver = u"sqlite"_s;
    s.database = database;
    s.entity = entity;
    return s;
}

WorkspaceConfig sampleConfig()
{
    WorkspaceConfig c;
    SystemConfig crm = fileSystem(u"crm"_s, u"data/crm.db"_s, u"customers"_s);
    crm.keyColumn = u"customer_id"_s;
    crm.versionColumn = u"updated_at"_s;
    crm.defaultRegion = u"US"_s;
    crm.dateOrder = u"MDY"_s;
    SystemConfig billing;
    billing.name = u"billing-eu"_s;
    billing.driver = u"postgresql"_s;
    billing.host = u"db.example.com"_s;
    billing.port = 5433;
    billing.database = u"billing"_s;
    billing.user = u"steward"_s;
    billing.entity = u"accounts"_s;
    billing.defaultRegion = u"DE"_s;
    billing.dateOrder = u"DMY"_s;
    SystemConfig marketing = fileSystem(u"marketing"_s, u"/srv/exports/marketing.csv"_s, u"marketing"_s);
    marketing.driver = u"csv"_s;
    marketing.keyColumn = u"Contact ID"_s;
    c.systems = {crm, billing, marketing};
    c.fields = {CanonicalField{u"email"_s, u"email"_s, u"Primary e-mail address"_s},
                CanonicalField{u"phone"_s, u"phone"_s, QString()},
                CanonicalField{u"company"_s, u"company"_s, u"Legal name, \"quoted\" and ünïcödé"_s}};
    c.mappings = {FieldMapping{u"crm"_s, u"email_address"_s, u"email"_s},
                  FieldMapping{u"crm"_s, u"phone"_s, u"phone"_s},
                  FieldMapping{u"billing-eu"_s, u"mail"_s, u"email"_s},
                  FieldMapping{u"billing-eu"_s, u"firma"_s, u"company"_s},
                  FieldMapping{u"marketing"_s, u"E-Mail Address"_s, u"email"_s}};
    return c;
}

QString testData(const QString& name)
{
    return QStringLiteral(CONCORD_TEST_DATA) + u"/workspace/"_s + name;
}

} // namespace

class TestWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void createAndReopenKeepsEverything();
    void addedItemsSurviveReopen();
    void createRefusesExistingFile();
    void createNeedsExistingFolder();
    void openRejects_data();
    void openRejects();
    void openMigratesOlderSchema();
    void readOnlyWorkspace_data();
    void readOnlyWorkspace();

    void migratesSchema1Workspace();
    void matchConfigFallsBackToSuggestion();
    void setMatchConfigValidates_data();
    void setMatchConfigValidates();
    void storedMatchConfigErrors_data();
    void storedMatchConfigErrors();
    void matchingInConfigJson();
    void recordMatchDecisionOnePerPair();
    void recordMatchDecisionRefuses_data();
    void recordMatchDecisionRefuses();

    void addSystemValidation_data();
    void addSystemValidation();
    void removeSystemDropsItsMappings();
    void addFieldValidation_data();
    void addFieldValidation();
    void setMappingErrors_data();
    void setMappingErrors();
    void setMappingReplacesAndRemoves();
    void replaceConfigInvalidKeepsPrevious_data();
    void replaceConfigInvalidKeepsPrevious();
    void replaceConfigRollsBackOnWriteFailure();

    void configJsonRoundTrip();
    void configJsonGoldenFile();
    void configJsonBadFiles_data();
    void configJsonBadFiles();

    void paths_data();
    void paths();

    void snapshotLoadsMappedAndUnmapped();
    void snapshotVersionTokens_data();
    void snapshotVersionTokens();
    void snapshotErrors_data();
    void snapshotErrors();
    void snapshotFailingSystemDoesNotStopOthers();
    void snapshotNeedsSystems();

    void credentialsEnvironmentVariable_data();
    void credentialsEnvironmentVariable();
    void credentialsPasswordFromEnvironment();
};

void TestWorkspace::initTestCase()
{
    // Never talk to a desktop keyring from a test.
    qputenv("CONCORD_NO_KEYRING", "1");
}

void TestWorkspace::createAndReopenKeepsEverything()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"project.concord"_s);
    const WorkspaceConfig config = sampleConfig();
    {
        auto ws = Workspace::create(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        QCOMPARE((*ws)->path(), QFileInfo(path).absoluteFilePath());
        auto replaced = (*ws)->replaceConfig(config);
        QVERIFY2(replaced, qPrintable(replaced.errorString()));
        QCOMPARE(dump((*ws)->config()), dump(config));
    }
    QCOMPARE(queryValue(path, u"SELECT meta_value FROM concord_meta WHERE meta_key = 'application'"_s),
             u"concord-workspace"_s);
    QCOMPARE(queryValue(path, u"SELECT meta_value FROM concord_meta WHERE meta_key = 'schema_version'"_s),
             QString::number(Workspace::SchemaVersion));

    auto reopened = Workspace::open(path);
    QVERIFY2(reopened, qPrintable(reopened.errorString()));
    QCOMPARE(dump((*reopened)->config()), dump(config));
    auto crm = (*reopened)->system(u"crm"_s);
    QVERIFY2(crm, qPrintable(crm.errorString()));
    QCOMPARE(crm->versionColumn, u"updated_at"_s);
    QVERIFY(!(*reopened)->system(u"nope"_s));
    QVERIFY((*reopened)->system(u"nope"_s).errorString().contains(u"no system named 'nope'"_s));
    auto crmMappings = (*reopened)->mappings(u"crm"_s);
    QVERIFY(crmMappings);
    QCOMPARE(crmMappings->size(), 2);
    for (const FieldMapping& m : std::as_const(*crmMappings))
        QCOMPARE(m.system, u"crm"_s);
}

void TestWorkspace::addedItemsSurviveReopen()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"project.concord"_s);
    {
        auto ws = Workspace::create(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        // Members left unset are null strings, as the CLI's option parser hands them over.
        auto added = (*ws)->addSystem(fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s));
        QVERIFY2(added, qPrintable(added.errorString()));
        auto field = (*ws)->addField(CanonicalField{u"email"_s, u"email"_s, QString()});
        QVERIFY2(field, qPrintable(field.errorString()));
        field = (*ws)->addField(CanonicalField{u"state"_s, u"state"_s, u"US state"_s});
        QVERIFY2(field, qPrintable(field.errorString()));
        auto mapped = (*ws)->setMapping(u"crm"_s, u"mail"_s, u"email"_s);
        QVERIFY2(mapped, qPrintable(mapped.errorString()));
    }
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    WorkspaceConfig expected;
    expected.systems = {fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s)};
    expected.fields = {CanonicalField{u"email"_s, u"email"_s, QString()},
                       CanonicalField{u"state"_s, u"state"_s, u"US state"_s}};
    expected.mappings = {FieldMapping{u"crm"_s, u"mail"_s, u"email"_s}};
    QCOMPARE(dump((*ws)->config()), dump(expected));
}

void TestWorkspace::createRefusesExistingFile()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"existing.concord"_s);
    const QByteArray before = "not yours to overwrite\n"_ba;
    QVERIFY(writeFile(path, before));
    auto ws = Workspace::create(path);
    QVERIFY(!ws);
    QVERIFY2(ws.errorString().contains(u"already exists"_s), qPrintable(ws.errorString()));
    QVERIFY(ws.errorString().contains(path));
    QCOMPARE(fileBytes(path), before);

    // An existing workspace is refused the same way and stays intact.
    const QString real = dir.filePath(u"real.concord"_s);
    {
        auto made = Workspace::create(real);
        QVERIFY(made);
        QVERIFY((*made)->addSystem(fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s)));
    }
    const QByteArray workspaceBefore = fileBytes(real);
    QVERIFY(!Workspace::create(real));
    QCOMPARE(fileBytes(real), workspaceBefore);
    auto reopened = Workspace::open(real);
    QVERIFY(reopened);
    QCOMPARE((*reopened)->systems()->size(), 1);
}

void TestWorkspace::createNeedsExistingFolder()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"missing/project.concord"_s);
    auto ws = Workspace::create(path);
    QVERIFY(!ws);
    QVERIFY2(ws.errorString().contains(u"does not exist"_s), qPrintable(ws.errorString()));
    QVERIFY(!QFileInfo::exists(path));
}

void TestWorkspace::openRejects_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<QString>("expected");
    QTest::newRow("missing file") << u"missing"_s << u"no such workspace file"_s;
    QTest::newRow("folder") << u"folder"_s << u"is a folder, not a workspace file"_s;
    QTest::newRow("text file") << u"text"_s << u"not an SQLite database"_s;
    QTest::newRow("empty file") << u"empty"_s << u"not a Concord workspace: the file is empty (0 bytes)"_s;
    QTest::newRow("truncated inside the header")
        << u"header"_s << u"the file is truncated: 50 bytes, not even a whole SQLite header"_s;
    QTest::newRow("truncated")
        << u"truncated"_s
        << u"the file is truncated: its header promises [0-9]+ bytes \\([0-9]+ pages of "
           "[0-9]+\\), the file has 8192$"_s; // a regular expression
    QTest::newRow("sqlite without concord_meta") << u"nometa"_s << u"no concord_meta table"_s;
    QTest::newRow("other application")
        << u"otherapp"_s
        << u"not a Concord workspace (its concord_meta names application 'someone-else', not "
           "'concord-workspace')"_s;
    QTest::newRow("no schema version")
        << u"noversion"_s << u"not a Concord workspace: concord_meta has no schema_version"_s;
    QTest::newRow("schema version not a number")
        << u"notanumber"_s << u"the workspace's schema_version 'five' is not a number; the file is damaged"_s;
    QTest::newRow("schema version behind its tables")
        << u"behind"_s
        << u"schema_version 0 is wrong or the file is damaged: table 'systems', which schema 1 adds, is "
           "already there"_s;
    QTest::newRow("newer schema") << u"newer"_s
                                  << u"workspace schema version %1 is newer than this Concord supports (%2)"_s
                                         .arg(Workspace::SchemaVersion + 1)
                                         .arg(Workspace::SchemaVersion);
}

void TestWorkspace::openRejects()
{
    QFETCH(QString, kind);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"candidate.concord"_s);
    const QString meta =
        u"CREATE TABLE concord_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value TEXT NOT NULL)"_s;
    if (kind == "text"_L1) {
        QVERIFY(writeFile(path, "name,email\nAda,ada@example.com\n"_ba));
    } else if (kind == "empty"_L1) {
        QVERIFY(writeFile(path, QByteArray()));
    } else if (kind == "nometa"_L1) {
        QCOMPARE(runSql(path, {u"CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT)"_s,
                               u"INSERT INTO customers (email) VALUES ('ada@example.com')"_s}),
                 QString());
    } else if (kind == "otherapp"_L1) {
        QCOMPARE(runSql(path, {meta, u"INSERT INTO concord_meta VALUES ('application', 'someone-else')"_s,
                               u"INSERT INTO concord_meta VALUES ('schema_version', '1')"_s}),
                 QString());
    } else if (kind == "noversion"_L1) {
        QCOMPARE(
            runSql(path, {meta, u"INSERT INTO concord_meta VALUES ('application', 'concord-workspace')"_s}),
            QString());
    } else if (kind == "folder"_L1) {
        QVERIFY(QDir(dir.path()).mkdir(u"candidate.concord"_s));
    } else if (kind == "notanumber"_L1) {
        QCOMPARE(
            runSql(path, {meta, u"INSERT INTO concord_meta VALUES ('application', 'concord-workspace')"_s,
                          u"INSERT INTO concord_meta VALUES ('schema_version', 'five')"_s}),
            QString());
    } else if (kind == "newer"_L1 || kind == "behind"_L1 || kind == "truncated"_L1 || kind == "header"_L1) {
        {
            auto ws = Workspace::create(path);
            QVERIFY2(ws, qPrintable(ws.errorString()));
            QVERIFY((*ws)->addSystem(fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s)));
        }
        const int version = kind == "newer"_L1 ? Workspace::SchemaVersion + 1 : 0;
        if (kind == "newer"_L1 || kind == "behind"_L1)
            QCOMPARE(runSql(path, {u"UPDATE concord_meta SET meta_value = '%1' WHERE meta_key = "
                                   "'schema_version'"_s.arg(version)}),
                     QString());
        // A copy cut short, as by a full disk or an interrupted transfer.
        if (kind == "truncated"_L1 || kind == "header"_L1)
            QVERIFY(QFile::resize(path, kind == "truncated"_L1 ? 8192 : 50));
    }
    const bool existed = QFileInfo::exists(path);
    const QByteArray before = QFileInfo(path).isFile() ? fileBytes(path) : QByteArray();
    const QStringList entries = QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot);

    auto ws = Workspace::open(path);
    QVERIFY(!ws);
    if (kind == "truncated"_L1)
        QVERIFY2(QRegularExpression(expected).match(ws.errorString()).hasMatch(),
                 qPrintable(ws.errorString()));
    else
        QVERIFY2(ws.errorString().contains(expected), qPrintable(ws.errorString()));
    QVERIFY2(ws.errorString().startsWith(path + u": "_s), qPrintable(ws.errorString()));

    QCOMPARE(QFileInfo::exists(path), existed); // open never creates a file
    if (QFileInfo(path).isFile())
        QCOMPARE(fileBytes(path), before);
    // No journal left behind.
    QCOMPARE(QDir(dir.path()).entryList(QDir::AllEntries | QDir::NoDotAndDotDot), entries);
}

void TestWorkspace::openMigratesOlderSchema()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"old.concord"_s);
    QCOMPARE(
        runSql(path,
               {u"CREATE TABLE concord_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value TEXT NOT NULL)"_s,
                u"INSERT INTO concord_meta VALUES ('application', 'concord-workspace')"_s,
                u"INSERT INTO concord_meta VALUES ('schema_version', '0')"_s}),
        QString());
    {
        auto ws = Workspace::open(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        QVERIFY((*ws)->addSystem(fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s)));
    }
    QCOMPARE(queryValue(path, u"SELECT meta_value FROM concord_meta WHERE meta_key = 'schema_version'"_s),
             QString::number(Workspace::SchemaVersion));
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    QCOMPARE((*ws)->systems()->size(), 1);
}

// A workspace this user cannot write (the file, or the folder SQLite keeps its journal in) opens
// read-only: what reads it works, and every change is refused up front naming the file and why,
// instead of SQLite's "attempt to write a readonly database".
void TestWorkspace::readOnlyWorkspace_data()
{
    QTest::addColumn<QString>("readOnly"); // file or folder
    QTest::addColumn<QString>("reason");
    QTest::newRow("file") << u"file"_s << u"the file is read-only for this user"_s;
    QTest::newRow("folder") << u"folder"_s
                            << u"its folder %1 is read-only for this user (SQLite keeps its journal there)"_s;
    QTest::newRow("older schema")
        << u"old"_s
        << u"the workspace has schema version 0 and must be upgraded to %1 before this Concord can use it, "
           "but the file is read-only for this user"_s.arg(Workspace::SchemaVersion);
}

void TestWorkspace::readOnlyWorkspace()
{
    QFETCH(QString, readOnly);
    QFETCH(QString, reason);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString folder = dir.filePath(u"project"_s);
    QVERIFY(QDir().mkpath(folder));
    const QString path = folder + u"/shared.concord"_s;
    if (readOnly == "old"_L1) {
        QCOMPARE(
            runSql(path, {u"CREATE TABLE concord_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value TEXT "
                          "NOT NULL)"_s,
                          u"INSERT INTO concord_meta VALUES ('application', 'concord-workspace')"_s,
                          u"INSERT INTO concord_meta VALUES ('schema_version', '0')"_s}),
            QString());
    } else {
        auto made = Workspace::create(path);
        QVERIFY2(made, qPrintable(made.errorString()));
        QVERIFY((*made)->replaceConfig(sampleConfig()));
    }
    const QByteArray before = fileBytes(path);
    const ReadOnlyPath locked(readOnly == "folder"_L1 ? folder : path);
    if (!locked.ok())
        QSKIP(qPrintable(locked.why()));

    auto ws = Workspace::open(path);
    if (readOnly == "old"_L1) {
        QVERIFY(!ws);
        QCOMPARE(ws.errorString(), path + u": "_s + reason);
        QCOMPARE(fileBytes(path), before);
        return;
    }
    QVERIFY2(ws, qPrintable(ws.errorString()));
    QVERIFY((*ws)->isReadOnly());
    QCOMPARE((*ws)->readOnlyReason(), readOnly == "folder"_L1 ? reason.arg(folder) : reason);
    QCOMPARE(dump((*ws)->config()), dump(sampleConfig()));
    QVERIFY((*ws)->reviewItems());
    QVERIFY((*ws)->batches());
    QVERIFY((*ws)->journal());

    const QString refused = u"%1: cannot %2: %3, so nothing can be saved in it"_s;
    auto added = (*ws)->addSystem(fileSystem(u"billing"_s, u"billing.db"_s, u"accounts"_s));
    QVERIFY(!added);
    QCOMPARE(added.errorString(), refused.arg(path, u"add system"_s, (*ws)->readOnlyReason()));
    auto synced = (*ws)->syncReviewItems({});
    QVERIFY(!synced);
    QCOMPARE(synced.errorString(), refused.arg(path, u"update the review queue"_s, (*ws)->readOnlyReason()));
    QCOMPARE(fileBytes(path), before);
}

namespace {
// Version 1 of the workspace schema as Concord 0.1 wrote it (before matching existed).
const QStringList kSchema1 = {
    u"CREATE TABLE concord_meta (meta_key VARCHAR(64) PRIMARY KEY, meta_value TEXT NOT NULL)"_s,
    u"INSERT INTO concord_meta VALUES ('application', 'concord-workspace')"_s,
    u"INSERT INTO concord_meta VALUES ('schema_version', '1')"_s,
    u"CREATE TABLE systems ("
    " name VARCHAR(200) PRIMARY KEY,"
    " driver VARCHAR(20) NOT NULL,"
    " host VARCHAR(255) NOT NULL DEFAULT '',"
    " port INTEGER NOT NULL DEFAULT 0,"
    " database_name TEXT NOT NULL DEFAULT '',"
    " user_name VARCHAR(255) NOT NULL DEFAULT '',"
    " entity VARCHAR(255) NOT NULL,"
    " key_column VARCHAR(255) NOT NULL DEFAULT '',"
    " version_column VARCHAR(255) NOT NULL DEFAULT '',"
    " default_region VARCHAR(8) NOT NULL DEFAULT '',"
    " date_order VARCHAR(3) NOT NULL DEFAULT '',"
    " position INTEGER NOT NULL)"_s,
    u"CREATE TABLE canonical_fields ("
    " name VARCHAR(200) PRIMARY KEY,"
    " field_type VARCHAR(40) NOT NULL,"
    " description TEXT NOT NULL DEFAULT '',"
    " position INTEGER NOT NULL)"_s,
    u"CREATE TABLE field_mappings ("
    " system_name VARCHAR(200) NOT NULL REFERENCES systems(name) ON DELETE CASCADE,"
    " column_name VARCHAR(255) NOT NULL,"
    " field_name VARCHAR(200) NOT NULL REFERENCES canonical_fields(name),"
    " PRIMARY KEY (system_name, column_name))"_s,
};

QList<MatchField> matchFieldsOf(const QList<CanonicalField>& fields)
{
    QList<MatchField> list;
    for (const CanonicalField& f : fields)
        list.append(MatchField{f.name, f.type});
    return list;
}

// A workspace with two systems and the fields the matching rules talk about.
Result<std::unique_ptr<Workspace>> matchingWorkspace(const QString& path)
{
    auto ws = Workspace::create(path);
    if (!ws)
        return ws;
    for (const SystemConfig& s : {fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s),
                                  fileSystem(u"billing"_s, u"billing.db"_s, u"accounts"_s)}) {
        if (auto ok = (*ws)->addSystem(s); !ok)
            return ok.error();
    }
    for (const CanonicalField& f : {CanonicalField{u"email"_s, u"email"_s, QString()},
                                    CanonicalField{u"phone"_s, u"phone"_s, QString()},
                                    CanonicalField{u"first_name"_s, u"name"_s, QString()},
                                    CanonicalField{u"last_name"_s, u"name"_s, QString()}}) {
        if (auto ok = (*ws)->addField(f); !ok)
            return ok.error();
    }
    return ws;
}

QString rulesText(const Result<MatchConfig>& config)
{
    return config ? QString::fromUtf8(QJsonDocument(config->toJson()).toJson(QJsonDocument::Compact))
                  : u"error: "_s + config.errorString();
}

QString rulesText(const MatchConfig& config)
{
    return QString::fromUtf8(QJsonDocument(config.toJson()).toJson(QJsonDocument::Compact));
}
} // namespace

void TestWorkspace::migratesSchema1Workspace()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"v1.concord"_s);
    QCOMPARE(runSql(path,
                    kSchema1 +
                        QStringList{
                            u"INSERT INTO systems (name, driver, database_name, entity, key_column, position)"
                            " VALUES ('crm', 'sqlite', 'crm.db', 'customers', 'id', 0)"_s,
                            u"INSERT INTO canonical_fields (name, field_type, description, position)"
                            " VALUES ('email', 'email', 'Work e-mail', 0)"_s,
                            u"INSERT INTO canonical_fields (name, field_type, position)"
                            " VALUES ('phone', 'phone', 1)"_s,
                            u"INSERT INTO field_mappings VALUES ('crm', 'mail', 'email')"_s,
                            u"INSERT INTO field_mappings VALUES ('crm', 'tel', 'phone')"_s}),
             QString());
    QCOMPARE(queryValue(
                 path, u"SELECT COUNT(*) FROM sqlite_master WHERE name IN ('settings', 'match_decisions')"_s),
             u"0"_s);
    {
        auto ws = Workspace::open(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        WorkspaceConfig expected;
        SystemConfig crm = fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s);
        crm.keyColumn = u"id"_s;
        expected.systems = {crm};
        expected.fields = {CanonicalField{u"email"_s, u"email"_s, u"Work e-mail"_s},
                           CanonicalField{u"phone"_s, u"phone"_s, u""_s}};
        expected.mappings = {FieldMapping{u"crm"_s, u"mail"_s, u"email"_s},
                             FieldMapping{u"crm"_s, u"tel"_s, u"phone"_s}};
        QCOMPARE(dump((*ws)->config()), dump(expected));
        // The matching tables are there and empty: suggested rules, no decisions.
        QVERIFY(!(*ws)->hasStoredMatchConfig());
        QCOMPARE(rulesText((*ws)->matchConfig()),
                 rulesText(MatchConfig::suggestFor(matchFieldsOf(expected.fields))));
        auto decisions = (*ws)->matchDecisions();
        QVERIFY2(decisions, qPrintable(decisions.errorString()));
        QVERIFY(decisions->isEmpty());
        auto recorded =
            (*ws)->recordMatchDecision(MatchDecision{u"crm"_s, u"1"_s, u"crm"_s, u"2"_s, true}, u"ann"_s, {});
        QVERIFY2(recorded, qPrintable(recorded.errorString()));
    }
    QCOMPARE(queryValue(path, u"SELECT meta_value FROM concord_meta WHERE meta_key = 'schema_version'"_s),
             QString::number(Workspace::SchemaVersion));
    QCOMPARE(queryValue(
                 path, u"SELECT COUNT(*) FROM sqlite_master WHERE name IN ('settings', 'match_decisions')"_s),
             u"2"_s);
    QCOMPARE(queryValue(path, u"SELECT COUNT(*) FROM match_decisions"_s), u"1"_s);
    auto again = Workspace::open(path); // migrated once: opening again changes nothing
    QVERIFY2(again, qPrintable(again.errorString()));
    QCOMPARE((*again)->matchDecisions()->size(), 1);
    QCOMPARE((*again)->mappings(u"crm"_s)->size(), 2);
}

void TestWorkspace::matchConfigFallsBackToSuggestion()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"rules.concord"_s);
    QList<MatchField> fields;
    {
        auto ws = matchingWorkspace(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        fields = matchFieldsOf(*(*ws)->fields());
        QVERIFY(!(*ws)->hasStoredMatchConfig());
        QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(MatchConfig::suggestFor(fields)));
        QVERIFY(!(*ws)->config()->matching.has_value());

        // A field added later changes the suggestion: it is computed, not stored.
        QVERIFY((*ws)->addField(CanonicalField{u"state"_s, u"state"_s, QString()}));
        fields = matchFieldsOf(*(*ws)->fields());
        QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(MatchConfig::suggestFor(fields)));
        QVERIFY(rulesText((*ws)->matchConfig()).contains(u"\"state\""_s));

        MatchConfig custom = MatchConfig::suggestFor(fields);
        custom.autoMatch = 9.5;
        custom.keys.removeLast(); // no phone key
        auto set = (*ws)->setMatchConfig(custom);
        QVERIFY2(set, qPrintable(set.errorString()));
        QVERIFY((*ws)->hasStoredMatchConfig());
        QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(custom));
    }
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    auto stored = (*ws)->matchConfig();
    QVERIFY2(stored, qPrintable(stored.errorString()));
    QCOMPARE(stored->autoMatch, 9.5);
    QCOMPARE(stored->keys.size(), 1);
    QVERIFY((*ws)->config()->matching.has_value());
}

void TestWorkspace::setMatchConfigValidates_data()
{
    QTest::addColumn<MatchConfig>("config");
    QTest::addColumn<QString>("expected");
    const QList<MatchField> fields{{u"email"_s, u"email"_s},
                                   {u"phone"_s, u"phone"_s},
                                   {u"first_name"_s, u"name"_s},
                                   {u"last_name"_s, u"name"_s}};
    const MatchConfig base = MatchConfig::suggestFor(fields);
    MatchConfig c = base;
    c.keys.append(ExactKey{u"tax"_s, {u"tax_id"_s}});
    QTest::newRow("unknown field") << c << u"matching rules: matching key 'tax': unknown field 'tax_id'"_s;
    c = base;
    c.keys = {ExactKey{u"name"_s, {u"first_name"_s, u"last_name"_s}}};
    QTest::newRow("names only") << c << u"matching rules: matching key 'name' uses only name fields"_s;
    c = base;
    c.comparators.first().method = u"levenshtein"_s;
    QTest::newRow("bad method") << c << u"matching rules: comparator on 'email': method 'levenshtein'"_s;
    c = base;
    c.review = 12;
    QTest::newRow("review above auto-match") << c << u"matching rules: the review threshold (12)"_s;
}

void TestWorkspace::setMatchConfigValidates()
{
    QFETCH(MatchConfig, config);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = matchingWorkspace(dir.filePath(u"rules.concord"_s));
    QVERIFY2(ws, qPrintable(ws.errorString()));
    MatchConfig previous = *(*ws)->matchConfig();
    previous.autoMatch = 10;
    QVERIFY((*ws)->setMatchConfig(previous));

    auto set = (*ws)->setMatchConfig(config);
    QVERIFY(!set);
    QVERIFY2(set.errorString().contains(expected), qPrintable(set.errorString()));
    QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(previous)); // unchanged
}

void TestWorkspace::storedMatchConfigErrors_data()
{
    QTest::addColumn<QString>("stored");
    QTest::addColumn<QString>("expected");
    QTest::newRow("not JSON") << u"{\"keys\": ["_s << u"the stored matching rules are not valid JSON"_s;
    QTest::newRow("unknown member") << u"{\"bogus\": 1}"_s << u"matching: unknown key \"bogus\""_s;
    QTest::newRow("unknown field") << u"{\"keys\": [{\"fields\": [\"tax_id\"]}]}"_s
                                   << u"matching rules: matching key 'tax_id': unknown field 'tax_id'"_s;
}

void TestWorkspace::storedMatchConfigErrors()
{
    QFETCH(QString, stored);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"rules.concord"_s);
    QVERIFY(matchingWorkspace(path));
    QCOMPARE(
        runSql(path, {u"INSERT INTO settings (setting_key, setting_value) VALUES ('matching', '%1')"_s.arg(
                         stored)}),
        QString());
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    auto config = (*ws)->matchConfig();
    QVERIFY(!config);
    QVERIFY2(config.errorString().contains(expected), qPrintable(config.errorString()));
    QVERIFY2(config.errorString().contains(path), qPrintable(config.errorString()));
}

void TestWorkspace::matchingInConfigJson()
{
    WorkspaceConfig config = sampleConfig();
    MatchConfig rules = MatchConfig::suggestFor(config.matchFields());
    rules.review = 5;
    config.matching = rules;
    const QByteArray bytes = ConfigJson::toBytes(config);
    auto parsed = ConfigJson::fromBytes(bytes, u"rules.json"_s);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    QVERIFY(parsed->matching.has_value());
    QCOMPARE(rulesText(*parsed->matching), rulesText(rules));
    QCOMPARE(ConfigJson::toBytes(*parsed), bytes);

    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = Workspace::create(dir.filePath(u"rules.concord"_s));
    QVERIFY2(ws, qPrintable(ws.errorString()));
    auto replaced = (*ws)->replaceConfig(*parsed);
    QVERIFY2(replaced, qPrintable(replaced.errorString()));
    QVERIFY((*ws)->hasStoredMatchConfig());
    QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(rules));

    // Rules that do not fit the fields are refused with the rest of the configuration.
    WorkspaceConfig bad = *parsed;
    bad.matching->keys.append(ExactKey{u"fax"_s, {u"fax"_s}});
    auto refused = (*ws)->replaceConfig(bad);
    QVERIFY(!refused);
    QVERIFY2(refused.errorString().contains(u"matching rules: matching key 'fax': unknown field 'fax'"_s),
             qPrintable(refused.errorString()));
    QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(rules));

    // A configuration without rules goes back to the suggestion.
    config.matching.reset();
    QVERIFY((*ws)->replaceConfig(config));
    QVERIFY(!(*ws)->hasStoredMatchConfig());
    QCOMPARE(rulesText((*ws)->matchConfig()), rulesText(MatchConfig::suggestFor(config.matchFields())));
}

void TestWorkspace::recordMatchDecisionOnePerPair()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"decisions.concord"_s);
    {
        auto ws = matchingWorkspace(path);
        QVERIFY2(ws, qPrintable(ws.errorString()));
        QVERIFY((*ws)->recordMatchDecision(MatchDecision{u"crm"_s, u"1"_s, u"billing"_s, u"2"_s, true},
                                           u"ann"_s, u"same household"_s));
        // The same pair, named the other way round: replaces the first decision.
        QVERIFY((*ws)->recordMatchDecision(MatchDecision{u"billing"_s, u"2"_s, u"crm"_s, u"1"_s, false},
                                           u"bob"_s, u"different people"_s));
        QVERIFY((*ws)->recordMatchDecision(MatchDecision{u"crm"_s, u"1"_s, u"crm"_s, u"3"_s, true}, u"ann"_s,
                                           {}));
    }
    QCOMPARE(queryValue(path, u"SELECT COUNT(*) FROM match_decisions"_s), u"2"_s);
    QCOMPARE(queryValue(path, u"SELECT decided_by || '|' || decision || '|' || note FROM match_decisions"
                              " WHERE source_id_a = '2' OR source_id_b = '2'"_s),
             u"bob|different|different people"_s);
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    auto decisions = (*ws)->matchDecisions();
    QVERIFY2(decisions, qPrintable(decisions.errorString()));
    QCOMPARE(decisions->size(), 2);
    QStringList text;
    for (const MatchDecision& d : std::as_const(*decisions))
        text << u"%1:%2 %3:%4 %5"_s.arg(d.systemA, d.sourceIdA, d.systemB, d.sourceIdB,
                                        d.same ? u"same"_s : u"different"_s);
    text.sort();
    QCOMPARE(text, (QStringList{u"billing:2 crm:1 different"_s, u"crm:1 crm:3 same"_s}));
}

void TestWorkspace::recordMatchDecisionRefuses_data()
{
    QTest::addColumn<QStringList>("pair"); // systemA, idA, systemB, idB
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown first system")
        << QStringList{u"erp"_s, u"1"_s, u"crm"_s, u"1"_s} << u"no system named 'erp'"_s;
    QTest::newRow("unknown second system")
        << QStringList{u"crm"_s, u"1"_s, u"ledger"_s, u"1"_s} << u"no system named 'ledger'"_s;
    QTest::newRow("one record twice") << QStringList{u"crm"_s, u"7"_s, u"crm"_s, u"7"_s}
                                      << u"a decision needs two different records (crm:7 twice)"_s;
}

void TestWorkspace::recordMatchDecisionRefuses()
{
    QFETCH(QStringList, pair);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = matchingWorkspace(dir.filePath(u"decisions.concord"_s));
    QVERIFY2(ws, qPrintable(ws.errorString()));
    auto recorded =
        (*ws)->recordMatchDecision(MatchDecision{pair[0], pair[1], pair[2], pair[3], true}, u"ann"_s, {});
    QVERIFY(!recorded);
    QVERIFY2(recorded.errorString().contains(expected), qPrintable(recorded.errorString()));
    QVERIFY((*ws)->matchDecisions()->isEmpty());
}

void TestWorkspace::addSystemValidation_data()
{
    QTest::addColumn<SystemConfig>("system");
    QTest::addColumn<QString>("expected");
    const SystemConfig good = fileSystem(u"erp"_s, u"erp.db"_s, u"customers"_s);
    SystemConfig server = good;
    server.driver = u"postgresql"_s;
    server.host = u"db.example.com"_s;
    server.database = u"erp"_s;

    SystemConfig s = good;
    s.name = QString();
    QTest::newRow("empty name") << s << u"system name '' is invalid"_s;
    s.name = u"1crm"_s;
    QTest::newRow("name starts with a digit") << s << u"system name '1crm' is invalid"_s;
    s.name = u"crm eu"_s;
    QTest::newRow("name with a space") << s << u"system name 'crm eu' is invalid"_s;
    s.name = u"crm;drop"_s;
    QTest::newRow("name with punctuation") << s << u"system name 'crm;drop' is invalid"_s;
    s.name = QString(65, u'a');
    QTest::newRow("name too long") << s << u"is invalid"_s;
    s = good;
    s.driver = u"oracle"_s;
    QTest::newRow("unknown driver") << s << u"system 'erp': unknown driver 'oracle'"_s;
    s.driver = QString();
    QTest::newRow("no driver") << s << u"system 'erp': unknown driver ''"_s;
    s = server;
    s.host = QString();
    QTest::newRow("server without host") << s << u"system 'erp': no host given"_s;
    s = server;
    s.database = QString();
    QTest::newRow("server without database") << s << u"system 'erp': no database name given"_s;
    s = server;
    s.port = 70000;
    QTest::newRow("port out of range") << s << u"system 'erp': port 70000 is out of range"_s;
    s = good;
    s.database = QString();
    QTest::newRow("file without path") << s << u"system 'erp': no file path given"_s;
    s = good;
    s.entity = QString();
    QTest::newRow("missing entity") << s << u"system 'erp': no entity"_s;
    s = good;
    s.dateOrder = u"MMDDYY"_s;
    QTest::newRow("bad date order") << s << u"system 'erp': date order 'MMDDYY' must be MDY, DMY or YMD"_s;
    s.dateOrder = u"YDM"_s;
    QTest::newRow("impossible date order") << s << u"date order 'YDM'"_s;
    s = good;
    s.name = u"crm"_s;
    QTest::newRow("duplicate name") << s << u"a system named 'crm' already exists"_s;
}

void TestWorkspace::addSystemValidation()
{
    QFETCH(SystemConfig, system);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = Workspace::create(dir.filePath(u"v.concord"_s));
    QVERIFY(ws);
    QVERIFY((*ws)->addSystem(fileSystem(u"crm"_s, u"crm.db"_s, u"customers"_s)));
    const QString before = dump((*ws)->config());

    auto added = (*ws)->addSystem(system);
    QVERIFY(!added);
    QVERIFY2(added.errorString().contains(expected), qPrintable(added.errorString()));
    QCOMPARE(dump((*ws)->config()), before);

    // The same system is refused by whole-config validation (import), except the duplicate,
    // which only exists relative to the workspace.
    if (system.name != "crm"_L1) {
        WorkspaceConfig config;
        config.systems = {system};
        QVERIFY(!validateConfig(config));
    }
}

void TestWorkspace::removeSystemDropsItsMappings()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = Workspace::create(dir.filePath(u"r.concord"_s));
    QVERIFY(ws);
    QVERIFY((*ws)->replaceConfig(sampleConfig()));
    auto removed = (*ws)->removeSystem(u"crm"_s);
    QVERIFY2(removed, qPrintable(removed.errorString()));
    QVERIFY(!(*ws)->system(u"crm"_s));
    QCOMPARE((*ws)->mappings(u"crm"_s)->size(), 0);
    QCOMPARE((*ws)->mappings()->size(), 3);
    QCOMPARE((*ws)->fields()->size(), 3); // fields belong to the workspace, not to a system

    auto again = (*ws)->removeSystem(u"crm"_s);
    QVERIFY(!again);
    QVERIFY2(again.errorString().contains(u"no system named 'crm'"_s), qPrintable(again.errorString()));
}

void TestWorkspace::addFieldValidation_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("expected");
    QTest::newRow("duplicate") << u"email"_s << u"email"_s << u"canonical field 'email' is defined twice"_s;
    QTest::newRow("bad name") << u"e mail"_s << u"email"_s << u"canonical field name 'e mail' is invalid"_s;
    QTest::newRow("empty name") << QString() << u"text"_s << u"canonical field name '' is invalid"_s;
    QTest::newRow("no type") << u"phone"_s << QString() << u"canonical field 'phone' has no type"_s;
}

void TestWorkspace::addFieldValidation()
{
    QFETCH(QString, name);
    QFETCH(QString, type);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = Workspace::create(dir.filePath(u"f.concord"_s));
    QVERIFY(ws);
    QVERIFY((*ws)->addField(CanonicalField{u"email"_s, u"email"_s, QString()}));
    auto added = (*ws)->addField(CanonicalField{name, type, QString()});
    QVERIFY(!added);
    QVERIFY2(added.errorString().contains(expected), qPrintable(added.errorString()));
    QCOMPARE((*ws)->fields()->size(), 1);
}

void TestWorkspace::setMappingErrors_data()
{
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown field") << u"crm"_s << u"fax"_s << u"fax"_s << u"unknown canonical field 'fax'"_s;
    QTest::newRow("unknown system") << u"erp"_s << u"mail"_s << u"email"_s << u"unknown system 'erp'"_s;
    QTest::newRow("unmapping in an unknown system")
        << u"erp"_s << u"mail"_s << QString() << u"no system named 'erp'"_s;
    QTest::newRow("field from two columns")
        << u"crm"_s << u"email2"_s << u"email"_s
        << u"canonical field 'email' is mapped from two columns of system 'crm'"_s;
    QTest::newRow("empty column") << u"crm"_s << QString() << u"phone"_s << u"names no column"_s;
}

void TestWorkspace::setMappingErrors()
{
    QFETCH(QString, system);
    QFETCH(QString, column);
    QFETCH(QString, field);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = Workspace::create(dir.filePath(u"m.concord"_s));
    QVERIFY(ws);
    QVERIFY((*ws)->replaceConfig(sampleConfig()));
    const QString before = dump((*ws)->config());

    auto set = (*ws)->setMapping(system, column, field);
    QVERIFY(!set);
    QVERIFY2(set.errorString().contains(expected), qPrintable(set.errorString()));
    QCOMPARE(dump((*ws)->config()), before);
}

void TestWorkspace::setMappingReplacesAndRemoves()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = Workspace::create(dir.filePath(u"m.concord"_s));
    QVERIFY(ws);
    QVERIFY((*ws)->replaceConfig(sampleConfig()));

    // Re-mapping a column replaces its mapping: a column never feeds two fields.
    auto set = (*ws)->setMapping(u"crm"_s, u"phone"_s, u"company"_s);
    QVERIFY2(set, qPrintable(set.errorString()));
    auto crm = (*ws)->mappings(u"crm"_s);
    QVERIFY(crm);
    QCOMPARE(crm->size(), 2);
    const auto phone = std::find_if(crm->cbegin(), crm->cend(),
                                    [](const FieldMapping& m) { return m.column == "phone"_L1; });
    QVERIFY(phone != crm->cend());
    QCOMPARE(phone->field, u"company"_s);

    // An empty field removes the mapping; removing one that does not exist is harmless.
    QVERIFY((*ws)->setMapping(u"crm"_s, u"phone"_s, QString()));
    QCOMPARE((*ws)->mappings(u"crm"_s)->size(), 1);
    QVERIFY((*ws)->setMapping(u"crm"_s, u"never-mapped"_s, QString()));
    QCOMPARE((*ws)->mappings(u"crm"_s)->size(), 1);
    QCOMPARE((*ws)->mappings()->size(), 4);
}

void TestWorkspace::replaceConfigInvalidKeepsPrevious_data()
{
    QTest::addColumn<WorkspaceConfig>("config");
    QTest::addColumn<QString>("expected");
    const WorkspaceConfig good = sampleConfig();

    WorkspaceConfig c = good;
    c.systems.append(c.systems.first());
    QTest::newRow("system twice") << c << u"system 'crm' is defined twice"_s;
    c = good;
    c.systems[1].host.clear();
    QTest::newRow("invalid system") << c << u"system 'billing-eu': no host given"_s;
    c = good;
    c.fields.append(c.fields.first());
    QTest::newRow("field twice") << c << u"canonical field 'email' is defined twice"_s;
    c = good;
    c.fields[0].type.clear();
    QTest::newRow("field without type") << c << u"canonical field 'email' has no type"_s;
    c = good;
    c.mappings.append(FieldMapping{u"erp"_s, u"mail"_s, u"email"_s});
    QTest::newRow("mapping to unknown system") << c << u"unknown system 'erp'"_s;
    c = good;
    c.mappings.append(FieldMapping{u"crm"_s, u"fax"_s, u"fax"_s});
    QTest::newRow("mapping to unknown field") << c << u"unknown canonical field 'fax'"_s;
    c = good;
    c.mappings.append(FieldMapping{u"crm"_s, u"email_address"_s, u"company"_s});
    QTest::newRow("column mapped twice") << c << u"column crm.email_address is mapped twice"_s;
    c = good;
    c.mappings.append(FieldMapping{u"crm"_s, u"email2"_s, u"email"_s});
    QTest::newRow("field from two columns") << c << u"canonical field 'email' is mapped from two columns"_s;
    c = good;
    c.mappings.append(FieldMapping{u"crm"_s, QString(), u"company"_s});
    QTest::newRow("mapping without column") << c << u"names no column"_s;
}

void TestWorkspace::replaceConfigInvalidKeepsPrevious()
{
    QFETCH(WorkspaceConfig, config);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"a.concord"_s);
    auto ws = Workspace::create(path);
    QVERIFY(ws);
    WorkspaceConfig previous;
    previous.systems = {fileSystem(u"old"_s, u"old.db"_s, u"people"_s)};
    previous.fields = {CanonicalField{u"name"_s, u"name"_s, u"Full name"_s}};
    previous.mappings = {FieldMapping{u"old"_s, u"full_name"_s, u"name"_s}};
    QVERIFY((*ws)->replaceConfig(previous));

    auto replaced = (*ws)->replaceConfig(config);
    QVERIFY(!replaced);
    QVERIFY2(replaced.errorString().contains(expected), qPrintable(replaced.errorString()));
    QCOMPARE(dump((*ws)->config()), dump(previous));
    ws->reset();
    auto reopened = Workspace::open(path);
    QVERIFY(reopened);
    QCOMPARE(dump((*reopened)->config()), dump(previous));
}

void TestWorkspace::replaceConfigRollsBackOnWriteFailure()
{
    // A configuration that validates but fails half-way through writing (here: a trigger
    // refusing the last mapping) must leave the previous configuration untouched.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"t.concord"_s);
    WorkspaceConfig previous;
    previous.systems = {fileSystem(u"old"_s, u"old.db"_s, u"people"_s)};
    previous.fields = {CanonicalField{u"name"_s, u"name"_s, QString()}};
    previous.mappings = {FieldMapping{u"old"_s, u"full_name"_s, u"name"_s}};
    {
        auto ws = Workspace::create(path);
        QVERIFY(ws);
        QVERIFY((*ws)->replaceConfig(previous));
    }
    QCOMPARE(
        runSql(path,
               {u"CREATE TRIGGER refuse_boom BEFORE INSERT ON field_mappings"
                " WHEN NEW.column_name = 'boom' BEGIN SELECT RAISE(ABORT, 'refused by the test'); END"_s}),
        QString());
    auto ws = Workspace::open(path);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    WorkspaceConfig next = sampleConfig();
    next.mappings.append(FieldMapping{u"marketing"_s, u"boom"_s, u"phone"_s});
    auto replaced = (*ws)->replaceConfig(next);
    QVERIFY(!replaced);
    QVERIFY2(replaced.errorString().contains(u"refused by the test"_s), qPrintable(replaced.errorString()));
    QVERIFY2(replaced.errorString().contains(u"marketing.boom"_s), qPrintable(replaced.errorString()));
    QCOMPARE(dump((*ws)->config()), dump(previous));

    // Without the offending mapping the same workspace takes the configuration.
    next.mappings.removeLast();
    QVERIFY((*ws)->replaceConfig(next));
    QCOMPARE(dump((*ws)->config()), dump(next));
}

void TestWorkspace::configJsonRoundTrip()
{
    const WorkspaceConfig config = sampleConfig();
    const QByteArray bytes = ConfigJson::toBytes(config);
    QVERIFY(!bytes.contains("password"));
    auto parsed = ConfigJson::fromBytes(bytes, u"round-trip.json"_s);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    QCOMPARE(dump(*parsed), dump(config));
    QCOMPARE(ConfigJson::toBytes(*parsed), bytes);

    // An empty configuration round-trips too.
    auto empty = ConfigJson::fromBytes(ConfigJson::toBytes(WorkspaceConfig()), u"empty.json"_s);
    QVERIFY2(empty, qPrintable(empty.errorString()));
    QCOMPARE(dump(*empty), QString());
}

void TestWorkspace::configJsonGoldenFile()
{
    // The exported format is what stewards keep under version control: it must not drift.
    const QString path = testData(u"config-good.json"_s);
    const QByteArray golden = fileBytes(path);
    auto parsed = ConfigJson::fromBytes(golden, path);
    QVERIFY2(parsed, qPrintable(parsed.errorString()));
    QCOMPARE(dump(*parsed), dump(sampleConfig()));
    QCOMPARE(ConfigJson::toBytes(sampleConfig()), golden);
}

void TestWorkspace::configJsonBadFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("syntax error") << u"config-syntax-error.json"_s
                                  << QStringList{u"config-syntax-error.json: line 7: invalid JSON"_s};
    QTest::newRow("unterminated") << u"config-unterminated.json"_s
                                  << QStringList{u"config-unterminated.json: line 12: invalid JSON"_s};
    QTest::newRow("not an object") << u"config-array.json"_s << QStringList{u"expected a JSON object"_s};
    QTest::newRow("unknown key") << u"config-unknown-key.json"_s
                                 << QStringList{u"systems[1]"_s, u"unknown key \"tabel\""_s};
    QTest::newRow("unknown top-level key")
        << u"config-unknown-root-key.json"_s << QStringList{u"unknown key \"mapping\""_s};
    QTest::newRow("unknown field key")
        << u"config-unknown-field-key.json"_s << QStringList{u"fields[0]"_s, u"unknown key \"descripton\""_s};
    QTest::newRow("systems not a list")
        << u"config-systems-object.json"_s << QStringList{u"\"systems\" must be an array"_s};
    QTest::newRow("password") << u"config-password.json"_s
                              << QStringList{u"systems[0]"_s,
                                             u"passwords do not belong in a configuration file"_s};
    QTest::newRow("wrong format") << u"config-wrong-format.json"_s
                                  << QStringList{u"not a Concord configuration"_s};
    QTest::newRow("no format") << u"config-no-format.json"_s << QStringList{u"not a Concord configuration"_s};
    QTest::newRow("newer version") << u"config-wrong-version.json"_s
                                   << QStringList{u"configuration format version 2 is not supported"_s};
    QTest::newRow("missing required")
        << u"config-missing-entity.json"_s << QStringList{u"systems[0]"_s, u"missing \"entity\""_s};
    QTest::newRow("string port") << u"config-port-string.json"_s
                                 << QStringList{u"systems[0]"_s, u"\"port\" must be a whole number"_s};
    QTest::newRow("number as string member")
        << u"config-number-host.json"_s << QStringList{u"\"host\" must be a string"_s};
    QTest::newRow("mapping to unknown field")
        << u"config-unknown-mapped-field.json"_s << QStringList{u"unknown canonical field 'fax'"_s};
    QTest::newRow("invalid system") << u"config-bad-date-order.json"_s
                                    << QStringList{u"system 'crm': date order 'DD/MM'"_s};
}

void TestWorkspace::configJsonBadFiles()
{
    QFETCH(QString, file);
    QFETCH(QStringList, expected);
    const QString path = testData(file);
    QVERIFY2(QFileInfo::exists(path), qPrintable(path));
    const QByteArray bytes = fileBytes(path);
    auto parsed = ConfigJson::fromBytes(bytes, path);
    QVERIFY(!parsed);
    QVERIFY2(parsed.errorString().startsWith(path), qPrintable(parsed.errorString()));
    for (const QString& e : std::as_const(expected))
        QVERIFY2(parsed.errorString().contains(e), qPrintable(parsed.errorString()));
    QVERIFY2(!parsed.errorString().contains(u"hunter2"_s), "a password must never appear in an error");
}

void TestWorkspace::paths_data()
{
    QTest::addColumn<QString>("input");  // relative to the temporary folder
    QTest::addColumn<QString>("stored"); // "<abs>" = the input's absolute path
    QTest::newRow("beside the workspace") << u"ws/crm.db"_s << u"crm.db"_s;
    QTest::newRow("in a subfolder") << u"ws/data/exports/marketing.csv"_s << u"data/exports/marketing.csv"_s;
    QTest::newRow("with dot-dot inside") << u"ws/data/../crm.db"_s << u"crm.db"_s;
    QTest::newRow("folder named like dot-dot") << u"ws/..hidden/crm.db"_s << u"..hidden/crm.db"_s;
    QTest::newRow("outside the folder") << u"elsewhere/crm.db"_s << u"<abs>"_s;
    QTest::newRow("sibling with same prefix") << u"ws-old/crm.db"_s << u"<abs>"_s;
}

void TestWorkspace::paths()
{
    QFETCH(QString, input);
    QFETCH(QString, stored);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(QDir(dir.path()).mkpath(u"ws"_s));
    auto ws = Workspace::create(dir.filePath(u"ws/project.concord"_s));
    QVERIFY2(ws, qPrintable(ws.errorString()));
    const QString absolute = QDir::cleanPath(dir.filePath(input));
    if (stored == "<abs>"_L1)
        stored = absolute;

    QCOMPARE((*ws)->storablePath(dir.filePath(input)), stored);
    QCOMPARE((*ws)->resolvePath(stored), absolute);
    QCOMPARE((*ws)->resolvePath((*ws)->storablePath(absolute)), absolute);
    // Resolution is relative to the workspace's folder, never to the current directory.
    const QString cwd = QDir::currentPath();
    QVERIFY(QDir::setCurrent(QDir::tempPath()));
    const QString resolved = (*ws)->resolvePath(stored);
    QVERIFY(QDir::setCurrent(cwd));
    QCOMPARE(resolved, absolute);
    QCOMPARE((*ws)->resolvePath(QString()), QString());
}

namespace {
// A small source system: `customers` has a primary key and a version column,
// `legacy` has neither.
QString makeSourceDatabase(const QTemporaryDir& dir)
{
    const QString path = dir.filePath(u"source.db"_s);
    const QString error = runSql(
        path,
        {u"CREATE TABLE customers (id INTEGER PRIMARY KEY, email TEXT, phone TEXT, notes TEXT,"
         " updated_at TEXT)"_s,
         u"INSERT INTO customers VALUES (1, 'ada@example.com', '+1 555 0100', 'vip', '2024-01-05 10:00:00')"_s,
         u"INSERT INTO customers VALUES (2, 'bob@example.com', NULL, '', '2024-02-01 09:30:00')"_s,
         u"INSERT INTO customers VALUES (3, 'cy@example.com', '555-0102', NULL, NULL)"_s,
         u"CREATE TABLE legacy (code TEXT, name TEXT)"_s, u"INSERT INTO legacy VALUES ('A1', 'Ada')"_s,
         u"INSERT INTO legacy VALUES ('B2', 'Bob')"_s});
    return error.isEmpty() ? path : QString();
}

std::unique_ptr<Workspace> makeWorkspace(const QTemporaryDir& dir, const WorkspaceConfig& config)
{
    auto ws = Workspace::create(dir.filePath(u"source.concord"_s));
    if (!ws || !(*ws)->replaceConfig(config))
        return nullptr;
    return std::move(*ws);
}

WorkspaceConfig sourceConfig()
{
    WorkspaceConfig c;
    SystemConfig crm = fileSystem(u"crm"_s, u"source.db"_s, u"customers"_s); // relative to the workspace
    crm.versionColumn = u"updated_at"_s;
    c.systems = {crm};
    c.fields = {CanonicalField{u"email"_s, u"email"_s, QString()},
                CanonicalField{u"phone"_s, u"phone"_s, QString()}};
    c.mappings = {FieldMapping{u"crm"_s, u"email"_s, u"email"_s},
                  FieldMapping{u"crm"_s, u"phone"_s, u"phone"_s}};
    return c;
}
} // namespace

void TestWorkspace::snapshotLoadsMappedAndUnmapped()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!makeSourceDatabase(dir).isEmpty());
    auto ws = makeWorkspace(dir, sourceConfig());
    QVERIFY(ws);

    // The relative path is resolved against the workspace, not the current directory.
    const QString cwd = QDir::currentPath();
    QVERIFY(QDir::setCurrent(QDir::tempPath()));
    auto load = loadSnapshot(*ws);
    QVERIFY(QDir::setCurrent(cwd));
    QVERIFY2(load, qPrintable(load.errorString()));
    QVERIFY(load->ok());
    QCOMPARE(load->reports.size(), 1);
    const SystemLoadReport& r = load->reports.first();
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    QCOMPARE(r.system, u"crm"_s);
    QCOMPARE(r.driver, u"sqlite"_s);
    QCOMPARE(r.rows, 3);
    QCOMPARE(r.mapped.size(), 2);
    QCOMPARE(r.identityColumns, (QStringList{u"id"_s, u"updated_at"_s})); // key and version
    QCOMPARE(r.unmappedColumns, QStringList{u"notes"_s});                 // the custom field
    QVERIFY2(r.origin.contains(u"customers"_s), qPrintable(r.origin));
    QCOMPARE(r.columns.size(), 5);
    QVERIFY(r.columns.first().primaryKey);

    const SystemSnapshot* crm = load->snapshot->system(u"crm"_s);
    QVERIFY(crm);
    QCOMPARE(crm->rowCount(), 3);
    const qsizetype bob = crm->rowOfSourceId(u"2"_s);
    QVERIFY(bob >= 0);
    QCOMPARE(crm->value(bob, crm->columnIndex(u"email"_s)), u"bob@example.com"_s);
    QVERIFY(crm->value(bob, crm->columnIndex(u"phone"_s)).isNull()); // NULL stays null
    const QString emptyNotes = crm->value(bob, crm->columnIndex(u"notes"_s));
    QVERIFY(!emptyNotes.isNull()); // '' stays an empty string
    QVERIFY(emptyNotes.isEmpty());
    const qsizetype cy = crm->rowOfSourceId(u"3"_s);
    QVERIFY(crm->value(cy, crm->columnIndex(u"notes"_s)).isNull());
}

void TestWorkspace::snapshotVersionTokens_data()
{
    QTest::addColumn<QString>("versionColumn");
    QTest::addColumn<QString>("sourceId");
    QTest::addColumn<QString>("expected"); // "<hash>" = the row hash
    QTest::newRow("version column") << u"updated_at"_s << u"1"_s << u"v:2024-01-05 10:00:00"_s;
    QTest::newRow("version column, second row") << u"updated_at"_s << u"2"_s << u"v:2024-02-01 09:30:00"_s;
    QTest::newRow("null version falls back to the hash") << u"updated_at"_s << u"3"_s << u"<hash>"_s;
    QTest::newRow("no version column") << QString() << u"1"_s << u"<hash>"_s;
    QTest::newRow("no version column, nulls") << QString() << u"3"_s << u"<hash>"_s;
}

void TestWorkspace::snapshotVersionTokens()
{
    QFETCH(QString, versionColumn);
    QFETCH(QString, sourceId);
    QFETCH(QString, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!makeSourceDatabase(dir).isEmpty());
    WorkspaceConfig config = sourceConfig();
    config.systems[0].versionColumn = versionColumn;
    auto ws = makeWorkspace(dir, config);
    QVERIFY(ws);
    Snapshot snapshot;
    const SystemLoadReport r = loadSystem(*ws, config.systems[0], snapshot);
    QVERIFY2(r.error.isEmpty(), qPrintable(r.error));
    const SystemSnapshot* crm = snapshot.system(u"crm"_s);
    QVERIFY(crm);
    const qsizetype row = crm->rowOfSourceId(sourceId);
    QVERIFY(row >= 0);
    const QString version = crm->version(row);
    if (expected == "<hash>"_L1) {
        QStringList values;
        for (int c = 0; c < crm->columnCount(); ++c)
            values << crm->value(row, c);
        QVERIFY2(version.startsWith(u"h:"_s), qPrintable(version));
        QCOMPARE(version.size(), 18);
        QCOMPARE(version, RowVersion::fromValues(values));
    } else {
        QCOMPARE(version, expected);
    }
}

void TestWorkspace::snapshotErrors_data()
{
    QTest::addColumn<QString>("entity");
    QTest::addColumn<QString>("keyColumn");
    QTest::addColumn<QString>("database");
    QTest::addColumn<QString>("mappedColumn");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("table without primary key")
        << u"legacy"_s << QString() << u"source.db"_s << u"name"_s
        << QStringList{u"system 'old-crm'"_s, u"has no primary key and no key column is configured"_s};
    QTest::newRow("mapped column missing")
        << u"customers"_s << QString() << u"source.db"_s << u"e_mail"_s
        << QStringList{u"system 'old-crm'"_s,
                       u"names column 'e_mail', which does not exist in 'customers'"_s};
    QTest::newRow("key column missing") << u"customers"_s << u"customer_no"_s << u"source.db"_s << u"email"_s
                                        << QStringList{u"system 'old-crm'"_s, u"key column 'customer_no'"_s};
    QTest::newRow("table missing") << u"clients"_s << QString() << u"source.db"_s << u"email"_s
                                   << QStringList{u"system 'old-crm'"_s, u"table 'clients' does not exist"_s};
    QTest::newRow("database file missing")
        << u"customers"_s << QString() << u"gone.db"_s << u"email"_s
        << QStringList{u"system 'old-crm'"_s, u"gone.db"_s, u"database file does not exist"_s};
}

void TestWorkspace::snapshotErrors()
{
    QFETCH(QString, entity);
    QFETCH(QString, keyColumn);
    QFETCH(QString, database);
    QFETCH(QString, mappedColumn);
    QFETCH(QStringList, expected);
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!makeSourceDatabase(dir).isEmpty());
    WorkspaceConfig config;
    SystemConfig s = fileSystem(u"old-crm"_s, database, entity);
    s.keyColumn = keyColumn;
    config.systems = {s};
    config.fields = {CanonicalField{u"email"_s, u"email"_s, QString()}};
    config.mappings = {FieldMapping{u"old-crm"_s, mappedColumn, u"email"_s}};
    auto ws = makeWorkspace(dir, config);
    QVERIFY(ws);
    Snapshot snapshot;
    const SystemLoadReport r = loadSystem(*ws, s, snapshot);
    QVERIFY(!r.error.isEmpty());
    for (const QString& e : std::as_const(expected))
        QVERIFY2(r.error.contains(e), qPrintable(r.error));
    QVERIFY(!snapshot.system(u"old-crm"_s));
    QVERIFY(!QFileInfo::exists(dir.filePath(u"gone.db"_s))); // a missing file is never created

    if (entity == "legacy"_L1) {
        // With a key column configured the same table loads.
        s.keyColumn = u"code"_s;
        const SystemLoadReport keyed = loadSystem(*ws, s, snapshot);
        QVERIFY2(keyed.error.isEmpty(), qPrintable(keyed.error));
        QCOMPARE(keyed.rows, 2);
        QCOMPARE(snapshot.system(u"old-crm"_s)->sourceId(0), u"A1"_s);
        QCOMPARE(keyed.identityColumns, QStringList{u"code"_s});
        QCOMPARE(keyed.unmappedColumns, QStringList());
    }
}

void TestWorkspace::snapshotFailingSystemDoesNotStopOthers()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QVERIFY(!makeSourceDatabase(dir).isEmpty());
    WorkspaceConfig config = sourceConfig();
    config.systems.prepend(fileSystem(u"broken"_s, u"missing.db"_s, u"customers"_s));
    auto ws = makeWorkspace(dir, config);
    QVERIFY(ws);
    QStringList seen;
    auto load = loadSnapshot(*ws, [&](const SystemLoadReport& r) { seen << r.system; });
    QVERIFY2(load, qPrintable(load.errorString()));
    QCOMPARE(seen, (QStringList{u"broken"_s, u"crm"_s}));
    QVERIFY(!load->ok());
    QCOMPARE(load->reports.size(), 2);
    QVERIFY(load->reports[0].error.contains(u"missing.db"_s));
    QVERIFY(load->reports[1].error.isEmpty());
    QCOMPARE(load->reports[1].rows, 3);
    QVERIFY(!load->snapshot->system(u"broken"_s));
    QVERIFY(load->snapshot->system(u"crm"_s));
}

void TestWorkspace::snapshotNeedsSystems()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = makeWorkspace(dir, WorkspaceConfig());
    QVERIFY(ws);
    auto load = loadSnapshot(*ws);
    QVERIFY(!load);
    QVERIFY2(load.errorString().contains(u"has no systems"_s), qPrintable(load.errorString()));
}

void TestWorkspace::credentialsEnvironmentVariable_data()
{
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("variable");
    QTest::newRow("dash") << u"crm-eu"_s << u"CONCORD_PASSWORD_CRM_EU"_s;
    QTest::newRow("plain") << u"crm"_s << u"CONCORD_PASSWORD_CRM"_s;
    QTest::newRow("mixed case and underscore") << u"Billing_2"_s << u"CONCORD_PASSWORD_BILLING_2"_s;
}

void TestWorkspace::credentialsEnvironmentVariable()
{
    QFETCH(QString, system);
    QFETCH(QString, variable);
    QCOMPARE(Credentials::environmentVariable(system), variable);
}

void TestWorkspace::credentialsPasswordFromEnvironment()
{
    SystemConfig s;
    s.name = u"crm-eu"_s;
    s.driver = u"postgresql"_s;
    s.host = u"127.0.0.1"_s;
    s.database = u"crm"_s;
    s.entity = u"customers"_s;
    qputenv("CONCORD_PASSWORD_CRM_EU", "s3cret with spaces");
    auto password = Credentials::password(s);
    QVERIFY2(password, qPrintable(password.errorString()));
    QCOMPARE(*password, u"s3cret with spaces"_s);

    // The connection spec carries it; the workspace never does.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto ws = makeWorkspace(dir, WorkspaceConfig());
    QVERIFY(ws);
    auto spec = connectionSpecFor(*ws, s);
    QVERIFY(spec);
    QCOMPARE(spec->password, u"s3cret with spaces"_s);
    QCOMPARE(spec->database, u"crm"_s); // a server database name is not a path
    QVERIFY(ws->addSystem(s));
    ws.reset();
    QVERIFY(!fileBytes(dir.filePath(u"source.concord"_s)).contains("s3cret"));

    qunsetenv("CONCORD_PASSWORD_CRM_EU");
    password = Credentials::password(s);
    QVERIFY(password);
    QVERIFY(password->isEmpty()); // no keyring in tests: nothing found is not an error
}

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
