// ownership, plan and review through the built concord-cli, on a generated demo: the demo's
// matrix, an invalid matrix stopping the plan, the proposed writes (in each system's own
// style, blanks never propagated, high-stakes fields held for approval), the --sql dry run,
// and decisions that survive the next run.
#include "CliRunner.h"
#include "ReadOnlyPath.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord::test;

namespace {

// The plan CLI as one user, "tester", so decisions name who made them; its output is long, so
// failure messages quote only the start of it (describe(4000), parseObject(..., 2000)).
Run planCli(const QStringList& args, const QString& workDir)
{
    return cli(args, workDir, withEnvironment(u"USER"_s, u"tester"_s));
}

// A value's shape: every digit a '#', every letter an 'a' ("(602) 644-3386" -> "(###) ###-####").
QString shapeOf(const QString& value)
{
    QString shape;
    for (const QChar c : value)
        shape += c.isDigit() ? u'#' : c.isLetter() ? u'a' : c;
    return shape;
}

// The column's values in an SQLite file, non-empty ones only; "<error>" on failure.
QStringList columnValues(const QString& path, const QString& table, const QString& column)
{
    static int counter = 0;
    const QString name = u"tst-plancli-%1"_s.arg(++counter);
    QStringList values;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            values << u"<error>"_s;
        } else {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT \"%1\" FROM \"%2\""_s.arg(column, table)))
                values << u"<error>"_s;
            while (q.next()) {
                if (!q.value(0).toString().isEmpty())
                    values << q.value(0).toString();
            }
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return values;
}

QString runSql(const QString& path, const QString& sql)
{
    static int counter = 0;
    const QString name = u"tst-plancli-sql-%1"_s.arg(++counter);
    QString error;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open()) {
            error = db.lastError().text();
        } else {
            QSqlQuery q(db);
            if (!q.exec(sql))
                error = q.lastError().text();
            q.finish();
            db.close();
        }
    }
    QSqlDatabase::removeDatabase(name);
    return error;
}

const QStringList kStatuses{u"ready"_s,  u"awaiting approval"_s, u"approved"_s,
                            u"edited"_s, u"rejected"_s,          u"not writable (file export)"_s};
const QStringList kWriteKeys{u"system"_s, u"table"_s,  u"rowId"_s,      u"field"_s,
                             u"column"_s, u"before"_s, u"after"_s,      u"version"_s,
                             u"rule"_s,   u"reason"_s, u"reviewItem"_s, u"status"_s};

} // namespace

class TestPlanCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void ownershipShowJson();
    void ownershipValidate();
    void ownershipSetRefusesUnknownSystem();
    void doubledOwnerStopsThePlan();

    void planJson();
    void planNeverPropagatesBlanks();
    void highStakesWritesNeedApproval();
    void planWritesInEachSystemsStyle();
    void planSql();
    void decisionsSurviveTheNextRun();
    void reviewErrors();
    void readOnlyWorkspace();

private:
    // A fresh copy of the generated demo folder (the workspace's paths are relative to it).
    QString copyDemo(const QString& name);
    bool plan(const QString& workspace, QJsonObject* json);
    bool reviewList(const QString& workspace, QJsonArray* items);

    QTemporaryDir m_dir;
    QString m_demo;
};

void TestPlanCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
    QVERIFY(m_dir.isValid());
    m_demo = m_dir.filePath(u"demo"_s);
    const Run r = planCli(
        {u"generate"_s, u"--out"_s, m_demo, u"--customers"_s, u"800"_s, u"--seed"_s, u"3"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
}

QString TestPlanCli::copyDemo(const QString& name)
{
    const QString target = m_dir.filePath(name);
    if (!QDir().mkpath(target))
        return QString();
    const QDir source(m_demo);
    for (const QString& file : source.entryList(QDir::Files)) {
        if (!QFile::copy(source.filePath(file), QDir(target).filePath(file)))
            return QString();
    }
    return QDir(target).filePath(u"demo.concord"_s);
}

bool TestPlanCli::plan(const QString& workspace, QJsonObject* json)
{
    const Run r = planCli({u"plan"_s, workspace, u"--json"_s}, m_dir.path());
    QString error;
    *json = parseObject(r.out, &error, 2000);
    if (r.exitCode != 0 || !error.isEmpty()) {
        qWarning("%s%s", qPrintable(r.describe(4000)), qPrintable(error));
        return false;
    }
    return true;
}

bool TestPlanCli::reviewList(const QString& workspace, QJsonArray* items)
{
    const Run r = planCli({u"review"_s, u"list"_s, workspace, u"--json"_s}, m_dir.path());
    QString error;
    const QJsonObject json = parseObject(r.out, &error, 2000);
    if (r.exitCode != 0 || !error.isEmpty()) {
        qWarning("%s%s", qPrintable(r.describe(4000)), qPrintable(error));
        return false;
    }
    *items = json.value(u"items"_s).toArray();
    return true;
}

void TestPlanCli::ownershipShowJson()
{
    const QString workspace = QDir(m_demo).filePath(u"demo.concord"_s);
    const Run r = planCli({u"ownership"_s, u"show"_s, workspace, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    QString error;
    const QJsonObject json = parseObject(r.out, &error, 2000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(json.value(u"valid"_s).toBool(), true);
    QCOMPARE(json.value(u"problems"_s).toArray(), QJsonArray());
    QCOMPARE(json.value(u"recordOwner"_s).toString(), u"crm"_s);

    // Every canonical field is listed once, with exactly one owner: the demo's matrix.
    const Run fields = planCli({u"fields"_s, u"list"_s, workspace, u"--json"_s}, m_dir.path());
    QVERIFY2(fields.exitCode == 0, qPrintable(fields.describe(4000)));
    QStringList canonical;
    for (const QJsonValue& f : parseObject(fields.out, &error, 2000).value(u"fields"_s).toArray())
        canonical << f.toObject().value(u"name"_s).toString();
    QCOMPARE(canonical.size(), 17);
    const QHash<QString, QString> expectedOwner{{u"first_name"_s, u"crm"_s},
                                                {u"last_name"_s, u"crm"_s},
                                                {u"full_name"_s, u"crm"_s},
                                                {u"email"_s, u"crm"_s},
                                                {u"phone"_s, u"crm"_s},
                                                {u"company"_s, u"crm"_s},
                                                {u"street"_s, u"crm"_s},
                                                {u"city"_s, u"crm"_s},
                                                {u"state"_s, u"crm"_s},
                                                {u"postal_code"_s, u"crm"_s},
                                                {u"country"_s, u"crm"_s},
                                                {u"last_quote_amount"_s, u"quoting"_s},
                                                {u"last_quote_date"_s, u"quoting"_s},
                                                {u"credit_limit"_s, u"accounting"_s},
                                                {u"balance"_s, u"accounting"_s},
                                                {u"bank_account"_s, u"accounting"_s},
                                                {u"last_invoice_date"_s, u"accounting"_s}};
    QStringList listed;
    for (const QJsonValue& v : json.value(u"fields"_s).toArray()) {
        const QJsonObject f = v.toObject();
        const QString field = f.value(u"field"_s).toString();
        listed << field;
        QVERIFY2(expectedOwner.contains(field), qPrintable(field));
        QCOMPARE(f.value(u"owners"_s).toArray(), QJsonArray{expectedOwner.value(field)});
        QVERIFY(!f.value(u"readers"_s).toArray().contains(expectedOwner.value(field)));
        QCOMPARE(f.value(u"rule"_s).toString(), u"owner"_s);
        QCOMPARE(f.value(u"highStakes"_s).toBool(), field == "bank_account"_L1 || field == "credit_limit"_L1);
        QCOMPARE(f.value(u"sensitive"_s).toBool(), field == "bank_account"_L1);
        if (field == "phone"_L1) // every other system keeps a phone number and only reads it
            QCOMPARE(f.value(u"readers"_s).toArray(),
                     (QJsonArray{u"quoting"_s, u"accounting"_s, u"marketing"_s}));
    }
    QCOMPARE(listed, canonical);
}

void TestPlanCli::ownershipValidate()
{
    const Run r =
        planCli({u"ownership"_s, u"validate"_s, QDir(m_demo).filePath(u"demo.concord"_s)}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    QVERIFY2(r.out.contains(u"the ownership matrix is valid"_s), qPrintable(r.describe(4000)));
}

void TestPlanCli::ownershipSetRefusesUnknownSystem()
{
    const QString workspace = copyDemo(u"set"_s);
    QVERIFY(!workspace.isEmpty());
    const QByteArray before = fileBytes(workspace);
    Run r = planCli({u"ownership"_s, u"set"_s, workspace, u"phone"_s, u"nope"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"'nope'"_s) && r.err.contains(u"phone"_s), qPrintable(r.describe(4000)));
    r = planCli({u"ownership"_s, u"set"_s, workspace, u"fax"_s, u"crm"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"no canonical field named 'fax'"_s), qPrintable(r.describe(4000)));
    r = planCli(
        {u"ownership"_s, u"set"_s, workspace, u"phone"_s, u"quoting"_s, u"--high-stakes"_s, u"maybe"_s},
        m_dir.path());
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(u"--high-stakes takes yes or no, not 'maybe'"_s), qPrintable(r.describe(4000)));
    QCOMPARE(fileBytes(workspace), before); // refused: nothing changed

    // A known system is taken, and options left out keep their value.
    r = planCli(
        {u"ownership"_s, u"set"_s, workspace, u"credit_limit"_s, u"quoting"_s, u"--anomaly-ratio"_s, u"4"_s},
        m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    r = planCli({u"ownership"_s, u"show"_s, workspace, u"--json"_s}, m_dir.path());
    QString error;
    for (const QJsonValue& v : parseObject(r.out, &error, 2000).value(u"fields"_s).toArray()) {
        const QJsonObject f = v.toObject();
        if (f.value(u"field"_s).toString() != "credit_limit"_L1)
            continue;
        QCOMPARE(f.value(u"owners"_s).toArray(), QJsonArray{u"quoting"_s});
        QCOMPARE(f.value(u"highStakes"_s).toBool(), true);
        QCOMPARE(f.value(u"anomalyRatio"_s).toDouble(), 4.0);
    }
}

void TestPlanCli::doubledOwnerStopsThePlan()
{
    const QString workspace = copyDemo(u"doubled"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject first;
    QVERIFY(plan(workspace, &first));
    QJsonArray queueBefore;
    QVERIFY(reviewList(workspace, &queueBefore));
    QVERIFY(!queueBefore.isEmpty());

    const QString exported = QDir(m_dir.path()).filePath(u"doubled.json"_s);
    Run r = planCli({u"config"_s, u"export"_s, workspace, exported}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    QJsonObject config = QJsonDocument::fromJson(fileBytes(exported)).object();
    QJsonObject ownership = config.value(u"ownership"_s).toObject();
    QJsonObject phone = ownership.value(u"phone"_s).toObject();
    phone.insert(u"owner"_s, QJsonArray{u"crm"_s, u"quoting"_s});
    ownership.insert(u"phone"_s, phone);
    config.insert(u"ownership"_s, ownership);
    QVERIFY(writeFile(exported, QJsonDocument(config).toJson()));
    r = planCli({u"config"_s, u"import"_s, workspace, exported}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));

    r = planCli({u"ownership"_s, u"validate"_s, workspace}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"field 'phone' is owned by crm and quoting"_s), qPrintable(r.describe(4000)));

    QHash<QString, QByteArray> systemsBefore;
    for (const QString& file : QDir(QFileInfo(workspace).path()).entryList({u"*.sqlite"_s, u"*.csv"_s}))
        systemsBefore.insert(file, fileBytes(QDir(QFileInfo(workspace).path()).filePath(file)));
    for (const QStringList& extra : {QStringList(), QStringList{u"--json"_s}, QStringList{u"--sql"_s}}) {
        r = planCli(QStringList{u"plan"_s, workspace} + extra, m_dir.path());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(u"nothing can be planned"_s) &&
                     r.err.contains(u"field 'phone' is owned by crm and quoting"_s),
                 qPrintable(r.describe(4000)));
        QVERIFY2(!r.out.contains(u"UPDATE"_s) && !r.out.contains(u"\"writes\""_s),
                 qPrintable(r.describe(4000)));
    }
    QJsonArray queueAfter;
    QVERIFY(reviewList(workspace, &queueAfter));
    QCOMPARE(queueAfter, queueBefore); // the review queue is as it was
    for (auto it = systemsBefore.cbegin(); it != systemsBefore.cend(); ++it)
        QVERIFY2(fileBytes(QDir(QFileInfo(workspace).path()).filePath(it.key())) == it.value(),
                 qPrintable(it.key()));
}

void TestPlanCli::planJson()
{
    const QString workspace = copyDemo(u"json"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    const QJsonArray writes = json.value(u"writes"_s).toArray();
    QVERIFY2(writes.size() > 50, qPrintable(QString::number(writes.size())));
    QJsonArray queue;
    QVERIFY(reviewList(workspace, &queue));
    QVERIFY(!queue.isEmpty());
    QHash<QString, QJsonObject> items;
    for (const QJsonValue& v : std::as_const(queue)) {
        items.insert(v.toObject().value(u"id"_s).toString(), v.toObject());
        QCOMPARE(v.toObject().value(u"state"_s).toString(), u"open"_s);
    }
    QCOMPARE(items.size(), json.value(u"reviewItems"_s).toArray().size());
    QCOMPARE(json.value(u"queue"_s).toObject().value(u"added"_s).toInt(), items.size());

    QSet<QString> statuses;
    for (const QJsonValue& v : writes) {
        const QJsonObject w = v.toObject();
        for (const QString& key : kWriteKeys)
            QVERIFY2(w.value(key).isString(), qPrintable(key));
        for (const QString& key : {u"system"_s, u"table"_s, u"rowId"_s, u"field"_s, u"column"_s, u"version"_s,
                                   u"rule"_s, u"reason"_s})
            QVERIFY2(!w.value(key).toString().isEmpty(), qPrintable(key));
        QVERIFY(w.value(u"before"_s).toString() != w.value(u"after"_s).toString());
        const QString status = w.value(u"status"_s).toString();
        QVERIFY2(kStatuses.contains(status), qPrintable(status));
        statuses.insert(status);
        const QString item = w.value(u"reviewItem"_s).toString();
        QCOMPARE(status == "ready"_L1, item.isEmpty() && w.value(u"system"_s).toString() != "marketing"_L1);
        if (!item.isEmpty()) {
            QVERIFY2(items.contains(item), qPrintable(item));
            QCOMPARE(items.value(item).value(u"field"_s).toString(), w.value(u"field"_s).toString());
        }
        if (w.value(u"system"_s).toString() == "marketing"_L1) // a CSV export is read, never written
            QCOMPARE(status, u"not writable (file export)"_s);
        // A write into the system that owns the field always needs a person.
        if (w.value(u"field"_s).toString() == "phone"_L1 && w.value(u"system"_s).toString() == "crm"_L1)
            QVERIFY(!item.isEmpty());
    }
    QVERIFY(statuses.contains(u"ready"_s));
    QVERIFY(statuses.contains(u"awaiting approval"_s));
}

void TestPlanCli::planNeverPropagatesBlanks()
{
    // Blank the owner's phone and company of 30 customers that every SQL system holds: the
    // blanks must not be copied over the other systems' values.
    const QString workspace = copyDemo(u"blanks"_s);
    QVERIFY(!workspace.isEmpty());
    const QString folder = QFileInfo(workspace).path();
    QHash<QString, QStringList> systemsOf; // customer -> systems
    QHash<QString, QString> crmId;
    for (const QByteArray& line : fileBytes(QDir(folder).filePath(u"truth.csv"_s)).split('\n')) {
        const QStringList f = QString::fromUtf8(line).split(u',');
        if (f.size() == 6 && f[0] == "record"_L1) {
            systemsOf[f[3]] << f[1];
            if (f[1] == "crm"_L1)
                crmId.insert(f[3], f[2]);
        }
    }
    QStringList blanked;
    for (auto it = systemsOf.cbegin(); it != systemsOf.cend() && blanked.size() < 30; ++it) {
        if (it.value().contains(u"crm"_s) && it.value().contains(u"quoting"_s) &&
            it.value().contains(u"accounting"_s))
            blanked << crmId.value(it.key());
    }
    QCOMPARE(blanked.size(), 30);
    QCOMPARE(runSql(QDir(folder).filePath(u"crm.sqlite"_s),
                    u"UPDATE contacts SET phone = '', company = '' WHERE contact_id IN (%1)"_s.arg(
                        blanked.join(u','))),
             QString());
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    int intoCrm = 0;
    for (const QJsonValue& v : json.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        QVERIFY2(!w.value(u"after"_s).toString().isEmpty() || w.value(u"before"_s).toString().isEmpty(),
                 qPrintable(QString::fromUtf8(QJsonDocument(w).toJson())));
        if (w.value(u"system"_s).toString() == "crm"_L1 && blanked.contains(w.value(u"rowId"_s).toString())) {
            ++intoCrm; // the owner's blank is filled from the others, with approval
            QVERIFY(!w.value(u"reviewItem"_s).toString().isEmpty());
        }
    }
    QVERIFY2(intoCrm >= 30, qPrintable(QString::number(intoCrm)));
}

void TestPlanCli::highStakesWritesNeedApproval()
{
    // Two accounting records of one customer (a duplicate in accounting) disagree about the
    // credit limit and the bank account: settling it is a high-stakes write.
    const QString workspace = copyDemo(u"stakes"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    QJsonArray queue;
    QVERIFY(reviewList(workspace, &queue));
    QStringList changed;
    for (const QJsonValue& v : std::as_const(queue)) {
        const QStringList records = v.toObject().value(u"records"_s).toVariant().toStringList();
        if (v.toObject().value(u"kind"_s).toString() == "duplicate"_L1 && records.size() == 2 &&
            records[0].startsWith(u"accounting:"_s) && records[1].startsWith(u"accounting:"_s))
            changed << records[0].mid(11) << records[1].mid(11);
    }
    QVERIFY2(changed.size() >= 2, "the demo has no duplicate in accounting");
    // Both records of each pair get the same new values, then one of them another.
    QCOMPARE(runSql(QDir(QFileInfo(workspace).path()).filePath(u"accounting.sqlite"_s),
                    u"UPDATE customer_accounts SET credit_limit = credit_limit * 2 + 500,"
                    " bank_account = 'DE44500105175407324931' WHERE account_no IN (%1)"_s.arg(
                        changed.mid(0, 1).join(u','))),
             QString());
    QVERIFY(plan(workspace, &json));
    QHash<QString, QJsonObject> items;
    QVERIFY(reviewList(workspace, &queue));
    for (const QJsonValue& v : std::as_const(queue))
        items.insert(v.toObject().value(u"id"_s).toString(), v.toObject());
    QSet<QString> fields;
    for (const QJsonValue& v : json.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        const QString field = w.value(u"field"_s).toString();
        if (field != "bank_account"_L1 && field != "credit_limit"_L1)
            continue;
        fields.insert(field);
        const QString item = w.value(u"reviewItem"_s).toString();
        QVERIFY2(!item.isEmpty(), qPrintable(QString::fromUtf8(QJsonDocument(w).toJson())));
        QCOMPARE(items.value(item).value(u"kind"_s).toString(), u"high_stakes"_s);
        QCOMPARE(w.value(u"status"_s).toString(), u"awaiting approval"_s);
    }
    QCOMPARE(fields, (QSet<QString>{u"bank_account"_s, u"credit_limit"_s}));
}

void TestPlanCli::planWritesInEachSystemsStyle()
{
    // A phone written into a system looks like the phones that system already holds:
    // "(602) 644-3386" in the CRM, "6026443386" in accounting, "+1 602-644-3386" in quoting.
    const QString workspace = copyDemo(u"style"_s);
    QVERIFY(!workspace.isEmpty());
    const QString folder = QFileInfo(workspace).path();
    const QHash<QString, std::pair<QString, QString>> tables{
        {u"crm"_s, {u"crm.sqlite"_s, u"contacts"_s}},
        {u"quoting"_s, {u"quoting.sqlite"_s, u"customers"_s}},
        {u"accounting"_s, {u"accounting.sqlite"_s, u"customer_accounts"_s}}};
    const QHash<QString, QString> expectedShape{{u"crm"_s, u"(###) ###-####"_s},
                                                {u"quoting"_s, u"+# ###-###-####"_s},
                                                {u"accounting"_s, u"##########"_s}};
    for (auto it = tables.cbegin(); it != tables.cend(); ++it) {
        // The style of the values already there: one shape for (nearly) all of them.
        QHash<QString, int> shapes;
        const QStringList values =
            columnValues(QDir(folder).filePath(it.value().first), it.value().second, u"phone"_s);
        for (const QString& v : values)
            ++shapes[shapeOf(v)];
        QVERIFY2(shapes.value(expectedShape.value(it.key())) * 10 >= values.size() * 9, qPrintable(it.key()));
    }
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    QHash<QString, int> phoneWrites;
    for (const QJsonValue& v : json.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        const QString system = w.value(u"system"_s).toString();
        if (w.value(u"field"_s).toString() != "phone"_L1 || !expectedShape.contains(system))
            continue;
        ++phoneWrites[system];
        QCOMPARE(shapeOf(w.value(u"after"_s).toString()), expectedShape.value(system));
        if (!w.value(u"before"_s).toString().isEmpty()) // a changed number, not a reformatted one
            QVERIFY(w.value(u"before"_s).toString() != w.value(u"after"_s).toString());
    }
    for (const QString& system : {u"crm"_s, u"quoting"_s, u"accounting"_s})
        QVERIFY2(phoneWrites.value(system) > 0, qPrintable(system));
}

void TestPlanCli::planSql()
{
    const QString workspace = copyDemo(u"sql"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    // The key column of each system, from the configuration.
    const Run exported = planCli({u"config"_s, u"export"_s, workspace, u"-"_s}, m_dir.path());
    QVERIFY2(exported.exitCode == 0, qPrintable(exported.describe(4000)));
    QString error;
    QHash<QString, QString> keyOf;
    for (const QJsonValue& v : parseObject(exported.out, &error, 2000).value(u"systems"_s).toArray())
        keyOf.insert(v.toObject().value(u"name"_s).toString(), v.toObject().value(u"keyColumn"_s).toString());

    auto quoted = [](const QString& text) -> QString {
        QString t = text;
        return u"'"_s + t.replace(u'\'', u"''"_s) + u"'"_s;
    };
    // Exactly the writes not awaiting a person, each as a re-read then an update.
    QStringList expected;
    QSet<QString> systems;
    for (const QJsonValue& v : json.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        const QString status = w.value(u"status"_s).toString();
        if (status != "ready"_L1 && status != "approved"_L1 && status != "edited"_L1)
            continue;
        const QString table = w.value(u"table"_s).toString();
        const QString key = keyOf.value(w.value(u"system"_s).toString());
        const QString rowId = w.value(u"rowId"_s).toString();
        systems.insert(w.value(u"system"_s).toString());
        // The re-read (from its FROM on: the column list is the table's), then the update.
        expected << u"FROM \"%1\" WHERE \"%2\" = ?;  -- bound: [%3]\n"_s.arg(table, key, quoted(rowId)) +
                        u"UPDATE \"%1\" SET \"%2\" = ? WHERE \"%3\" = ?;  -- bound: [%4, %5]"_s.arg(
                            table, w.value(u"column"_s).toString(), key,
                            quoted(w.value(u"after"_s).toString()), quoted(rowId));
    }
    QVERIFY(!expected.isEmpty());

    const Run r = planCli({u"plan"_s, workspace, u"--sql"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    const QStringList lines = r.out.split(u'\n');
    QStringList statements;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QString& line = lines[i];
        if (line.startsWith(u"UPDATE "_s) || line.startsWith(u"SELECT "_s)) {
            QVERIFY2(line.contains(u";  -- bound: ['"_s), qPrintable(line));
            QVERIFY2(!line.contains(u"FOR UPDATE"_s),
                     qPrintable(line)); // the demo's systems are SQLite files
        }
        if (line.startsWith(u"SELECT "_s)) {
            QVERIFY2(i + 1 < lines.size() && lines[i + 1].startsWith(u"UPDATE "_s), qPrintable(line));
            QVERIFY2(lines[i - 1].startsWith(u"-- the row must still have version "_s), qPrintable(line));
            statements << u"FROM "_s + line.section(u" FROM "_s, 1) + u"\n"_s + lines[i + 1];
            ++i;
        }
    }
    QCOMPARE(statements, expected);
    QCOMPARE(r.out.count(u"BEGIN;"_s), systems.size()); // one transaction per system
    QCOMPARE(r.out.count(u"COMMIT;"_s), systems.size());
    QVERIFY(!r.out.contains(u"marketing (csv)"_s));
}

void TestPlanCli::decisionsSurviveTheNextRun()
{
    const QString workspace = copyDemo(u"decide"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    // Two writes held for approval, in a system Concord writes to.
    QStringList held;
    QHash<QString, QJsonObject> writeOf;
    for (const QJsonValue& v : json.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        if (w.value(u"status"_s).toString() == "awaiting approval"_L1 && held.size() < 2) {
            held << w.value(u"reviewItem"_s).toString();
            writeOf.insert(held.back(), w);
        }
    }
    QCOMPARE(held.size(), 2);
    Run r = planCli({u"review"_s, u"approve"_s, workspace, held[0], u"--note"_s, u"checked"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    r = planCli({u"review"_s, u"edit"_s, workspace, held[1], u"Steward's Own, Inc."_s, u"--by"_s, u"ann"_s},
                m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));

    QJsonObject again;
    QVERIFY(plan(workspace, &again));
    const QJsonObject queue = again.value(u"queue"_s).toObject();
    QCOMPARE(queue.value(u"added"_s).toInt(), 0);
    QCOMPARE(queue.value(u"reopened"_s).toInt(), 0);
    QCOMPARE(queue.value(u"dropped"_s).toInt(), 0);
    int seen = 0;
    for (const QJsonValue& v : again.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        const QString item = w.value(u"reviewItem"_s).toString();
        if (item == held[0]) {
            ++seen;
            QCOMPARE(w.value(u"status"_s).toString(), u"approved"_s);
            QCOMPARE(w.value(u"after"_s).toString(), writeOf.value(item).value(u"after"_s).toString());
        } else if (item == held[1] && w.value(u"rule"_s).toString() == "steward"_L1) {
            // The edited value also goes to the entity's other records (the owner's included).
            QCOMPARE(w.value(u"after"_s).toString(), u"Steward's Own, Inc."_s);
            const QString status = w.value(u"status"_s).toString();
            QVERIFY2(status == "edited"_L1 || status == "not writable (file export)"_L1, qPrintable(status));
        } else if (item == held[1]) {
            ++seen;
            QCOMPARE(w.value(u"status"_s).toString(), u"edited"_s);
            QCOMPARE(w.value(u"after"_s).toString(), u"Steward's Own, Inc."_s);
        }
    }
    QCOMPARE(seen, 2);
    r = planCli({u"review"_s, u"show"_s, workspace, held[0], u"--json"_s}, m_dir.path());
    QString error;
    const QJsonObject shown = parseObject(r.out, &error, 2000);
    QCOMPARE(shown.value(u"state"_s).toString(), u"approved"_s);
    QCOMPARE(shown.value(u"decidedBy"_s).toString(), u"tester"_s);
    QCOMPARE(shown.value(u"note"_s).toString(), u"checked"_s);

    // Both now go to the dry run, the edit with the steward's value.
    r = planCli({u"plan"_s, workspace, u"--sql"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    QVERIFY2(r.out.contains(u"review item %1 approved"_s.arg(held[0])), qPrintable(r.describe(4000)));
    QVERIFY2(r.out.contains(u"review item %1 edited"_s.arg(held[1])), qPrintable(r.describe(4000)));
    QVERIFY2(r.out.contains(u"-- bound: ['Steward''s Own, Inc.', '%1']"_s.arg(
                 writeOf.value(held[1]).value(u"rowId"_s).toString())),
             qPrintable(r.describe(4000)));
}

void TestPlanCli::reviewErrors()
{
    const QString workspace = copyDemo(u"errors"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject json;
    QVERIFY(plan(workspace, &json));
    const QByteArray before = fileBytes(workspace);
    Run r = planCli({u"review"_s, u"approve"_s, workspace, u"0123456789abcdef"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"no review item '0123456789abcdef'"_s), qPrintable(r.describe(4000)));
    r = planCli({u"review"_s, u"reject"_s, workspace, u"nope"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QVERIFY2(r.err.contains(u"no review item 'nope'"_s), qPrintable(r.describe(4000)));
    const QString id = json.value(u"reviewItems"_s).toArray().first().toObject().value(u"id"_s).toString();
    r = planCli({u"review"_s, u"edit"_s, workspace, id}, m_dir.path()); // an edit needs the value
    QCOMPARE(r.exitCode, 2);
    r = planCli({u"review"_s, u"show"_s, workspace, u"nope"_s}, m_dir.path());
    QCOMPARE(r.exitCode, 1);
    QCOMPARE(fileBytes(workspace), before);
}

// A workspace the steward may read but not write (a colleague's, on a share): everything that
// only reads it works, plan shows a preview (the same writes; the queue stays as stored), and a
// decision is refused naming the file and why.
void TestPlanCli::readOnlyWorkspace()
{
    const QString workspace = copyDemo(u"readonly"_s);
    QVERIFY(!workspace.isEmpty());
    QJsonObject planned;
    QVERIFY(plan(workspace, &planned));
    QJsonArray queue;
    QVERIFY(reviewList(workspace, &queue));
    const QByteArray before = fileBytes(workspace);
    const ReadOnlyPath locked(workspace);
    if (!locked.ok())
        QSKIP(qPrintable(locked.why()));

    Run r = planCli({u"plan"_s, workspace, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    QString error;
    const QJsonObject preview = parseObject(r.out, &error, 2000);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(preview.value(u"writes"_s), planned.value(u"writes"_s));
    QCOMPARE(preview.value(u"reviewItems"_s), planned.value(u"reviewItems"_s));
    QVERIFY2(r.err.contains(u"%1: the file is read-only for this user, so this plan is a preview: the review "
                            "queue was not updated"_s.arg(workspace)),
             qPrintable(r.describe(4000)));
    QJsonArray stillQueued;
    QVERIFY(reviewList(workspace, &stillQueued));
    QCOMPARE(stillQueued, queue);
    for (const QStringList& args :
         {QStringList{u"audit"_s, workspace}, QStringList{u"audit"_s, workspace, u"--batches"_s},
          QStringList{u"config"_s, u"export"_s, workspace, u"-"_s},
          QStringList{u"ownership"_s, u"show"_s, workspace}}) {
        r = planCli(args, m_dir.path());
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe(4000)));
    }

    const QString id = queue.first().toObject().value(u"id"_s).toString();
    r = planCli({u"review"_s, u"approve"_s, workspace, id}, m_dir.path());
    QVERIFY2(r.exitCode == 1 &&
                 r.err.contains(u"%1: cannot decide review item: the file is read-only for this "
                                "user, so nothing can be saved in it"_s.arg(workspace)),
             qPrintable(r.describe(4000)));
    QCOMPARE(fileBytes(workspace), before);
}

QTEST_GUILESS_MAIN(TestPlanCli)
#include "tst_plancli.moc"
