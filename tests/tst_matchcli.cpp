// match, diff, evaluate and decide through the built concord-cli, on a generated demo
// (with its ground truth) and on small hand-made CSV workspaces.
#include "CliRunner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord::test;

namespace {

// The record lines of a truth file (the generator quotes none of these fields).
struct TruthRecords
{
    QHash<QString, QString> customerOf;    // "system:id" -> customer
    QHash<QString, QStringList> recordsOf; // customer -> "system:id", in file order
    QStringList order;                     // "system:id" in file order
};

TruthRecords readTruth(const QString& path)
{
    TruthRecords t;
    const QList<QByteArray> lines = fileBytes(path).split('\n');
    for (const QByteArray& line : lines) {
        const QStringList f = QString::fromUtf8(line).split(u',');
        if (f.size() != 6 || f[0] != "record"_L1)
            continue;
        const QString record = f[1] + u':' + f[2];
        t.customerOf.insert(record, f[3]);
        t.recordsOf[f[3]].append(record);
        t.order.append(record);
    }
    return t;
}

} // namespace

class TestMatchCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void matchJson();
    void matchText();
    void explainRecord();
    void explainErrors_data();
    void explainErrors();
    void diffJson();
    void diffErrors_data();
    void diffErrors();
    void evaluate();
    void evaluateBadTruth_data();
    void evaluateBadTruth();
    void evaluateSkipsUnknownRecords();
    void decideSameJoins();
    void decideDifferentSeparates();
    void decideErrors_data();
    void decideErrors();

    void keyFieldEmptyEverywhere();
    void systemWithoutRows();

private:
    // A copy of the demo workspace in the demo's folder (its systems' paths are relative).
    QString copyWorkspace(const QString& name);
    // Entity of a record and its fellow members, from match --explain --json.
    bool explain(const QString& workspace, const QString& record, qint64* entity, QJsonArray* members);
    // A workspace over CSV files: {name: contents}; maps column -> field per system.
    bool csvWorkspace(const QString& folder, const QList<std::pair<QString, QByteArray>>& files,
                      const QList<QStringList>& mappings, QString* workspace);

    QTemporaryDir m_dir;
    QString m_demo;
    QString m_workspace;
    QString m_truth;
    TruthRecords m_records;
};

void TestMatchCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
    QVERIFY(m_dir.isValid());
    m_demo = m_dir.filePath(u"demo"_s);
    const Run r = cli({u"generate"_s, u"--out"_s, m_demo, u"--customers"_s, u"600"_s, u"--seed"_s, u"5"_s},
                      m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    m_workspace = QDir(m_demo).filePath(u"demo.concord"_s);
    m_truth = QDir(m_demo).filePath(u"truth.csv"_s);
    m_records = readTruth(m_truth);
    QCOMPARE(m_records.recordsOf.size(), 600);
}

QString TestMatchCli::copyWorkspace(const QString& name)
{
    const QString path = QDir(m_demo).filePath(name);
    QFile::remove(path);
    return QFile::copy(m_workspace, path) ? path : QString();
}

bool TestMatchCli::explain(const QString& workspace, const QString& record, qint64* entity,
                           QJsonArray* members)
{
    const Run r = cli({u"match"_s, workspace, u"--explain"_s, record, u"--json"_s}, m_dir.path());
    QString error;
    const QJsonObject json = parseObject(r.out, &error);
    if (r.exitCode != 0 || !error.isEmpty()) {
        qWarning("%s%s", qPrintable(r.describe()), qPrintable(error));
        return false;
    }
    *entity = json.value(u"entity"_s).toInteger(-1);
    *members = json.value(u"members"_s).toArray();
    return *entity >= 0;
}

bool TestMatchCli::csvWorkspace(const QString& folder, const QList<std::pair<QString, QByteArray>>& files,
                                const QList<QStringList>& mappings, QString* workspace)
{
    *workspace = QDir(folder).filePath(u"small.concord"_s);
    auto ok = [](const Run& r) {
        if (r.exitCode != 0)
            qWarning("%s", qPrintable(r.describe()));
        return r.exitCode == 0;
    };
    if (!ok(cli({u"init"_s, *workspace}, folder)))
        return false;
    for (const auto& [name, contents] : files) {
        if (!writeFile(QDir(folder).filePath(name + u".csv"_s), contents))
            return false;
        if (!ok(cli({u"systems"_s, u"add"_s, *workspace, name, u"--driver"_s, u"csv"_s, u"--database"_s,
                     name + u".csv"_s, u"--key"_s, u"id"_s},
                    folder)))
            return false;
    }
    for (const auto& [field, type] :
         {std::pair{u"email"_s, u"email"_s}, std::pair{u"phone"_s, u"phone"_s},
          std::pair{u"first_name"_s, u"name"_s}, std::pair{u"last_name"_s, u"name"_s}}) {
        if (!ok(cli({u"fields"_s, u"add"_s, *workspace, field, u"--type"_s, type}, folder)))
            return false;
    }
    for (const QStringList& m : mappings) { // system, column, field
        if (!ok(cli({u"mapping"_s, u"set"_s, *workspace, m[0], m[1], m[2]}, folder)))
            return false;
    }
    return true;
}

void TestMatchCli::matchJson()
{
    const Run r = cli({u"match"_s, m_workspace, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject json = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(json.value(u"records"_s).toInteger(), qint64(m_records.order.size()));
    const qint64 entities = json.value(u"entities"_s).toInteger();
    QVERIFY2(entities >= 570 && entities <= 630, qPrintable(QString::number(entities))); // 600 customers
    QVERIFY(json.value(u"reviewPairs"_s).isArray());
    QVERIFY(json.value(u"duplicateProposals"_s).isArray());
    // Every duplicate proposal names two records of one system.
    for (const QJsonValue& v : json.value(u"duplicateProposals"_s).toArray()) {
        const QString a = v.toObject().value(u"a"_s).toString();
        const QString b = v.toObject().value(u"b"_s).toString();
        QVERIFY2(m_records.customerOf.contains(a) && m_records.customerOf.contains(b),
                 qPrintable(a + u' ' + b));
        QCOMPARE(a.section(u':', 0, 0), b.section(u':', 0, 0));
    }
    const QJsonObject autoLinks = json.value(u"autoLinks"_s).toObject();
    QVERIFY2(autoLinks.value(u"key email"_s).toInteger() > 0, qPrintable(r.out.left(2000)));
    const QJsonObject unmatched = json.value(u"unmatched"_s).toObject();
    const QStringList systems = unmatched.keys();
    QCOMPARE(QSet<QString>(systems.cbegin(), systems.cend()),
             (QSet<QString>{u"crm"_s, u"quoting"_s, u"accounting"_s, u"marketing"_s}));
    const QJsonObject seconds = json.value(u"seconds"_s).toObject();
    for (const QString& stage :
         {u"load"_s, u"normalize"_s, u"keys"_s, u"blocking"_s, u"scoring"_s, u"clustering"_s, u"total"_s}) {
        QVERIFY2(seconds.value(stage).isDouble(), qPrintable(stage));
        QVERIFY(seconds.value(stage).toDouble() >= 0);
    }
    QVERIFY(json.value(u"warnings"_s).isArray());
}

void TestMatchCli::matchText()
{
    const Run r = cli({u"match"_s, m_workspace}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"records:             %1 in 4 systems"_s.arg(m_records.order.size())),
             qPrintable(r.out));
    for (const QString& label : {u"entities:"_s, u"auto matches:"_s, u"review pairs:"_s,
                                 u"duplicate proposals:"_s, u"unmatched records:"_s, u"time:"_s})
        QVERIFY2(r.out.contains(label), qPrintable(label + u'\n' + r.out));
}

void TestMatchCli::explainRecord()
{
    // A crm customer that other systems hold too.
    QString record;
    for (const QString& r : std::as_const(m_records.order)) {
        if (r.startsWith(u"crm:"_s) && m_records.recordsOf.value(m_records.customerOf.value(r)).size() >= 3) {
            record = r;
            break;
        }
    }
    QVERIFY(!record.isEmpty());
    Run r = cli({u"match"_s, m_workspace, u"--explain"_s, record}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.startsWith(record + u" is in entity "_s), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"fields of "_s + record), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"rule: "_s), qPrintable(r.out));

    r = cli({u"match"_s, m_workspace, u"--explain"_s, record, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject json = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(json.value(u"record"_s).toString(), record);
    QSet<QString> members;
    for (const QJsonValue& m : json.value(u"members"_s).toArray()) {
        const QJsonObject o = m.toObject();
        members.insert(o.value(u"record"_s).toString());
        const QJsonObject evidence = o.value(u"evidence"_s).toObject();
        QVERIFY(!evidence.value(u"rule"_s).toString().isEmpty());
        double sum = 0;
        for (const QJsonValue& f : evidence.value(u"fields"_s).toArray())
            sum += f.toObject().value(u"weight"_s).toDouble();
        QCOMPARE(sum, evidence.value(u"score"_s).toDouble());
    }
    // The customer's other records are the entity's other members.
    QStringList expected = m_records.recordsOf.value(m_records.customerOf.value(record));
    expected.removeAll(record);
    for (const QString& other : std::as_const(expected))
        QVERIFY2(members.contains(other), qPrintable(other + u" not in "_s + r.out.left(3000)));
    QStringList fields;
    for (const QJsonValue& f : json.value(u"fields"_s).toArray())
        fields << f.toObject().value(u"field"_s).toString();
    QVERIFY2(fields.contains(u"email"_s) && fields.contains(u"full_name"_s), qPrintable(fields.join(u',')));
}

void TestMatchCli::explainErrors_data()
{
    QTest::addColumn<QString>("target");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown id") << u"crm:no-such-id"_s
                                << u"system 'crm' has no record with source id 'no-such-id'"_s;
    QTest::newRow("unknown system") << u"erp:1001"_s << u"no system named 'erp'"_s;
    QTest::newRow("no system") << u"1001"_s << u"'1001' must be SYSTEM:SOURCE_ID"_s;
}

void TestMatchCli::explainErrors()
{
    QFETCH(QString, target);
    QFETCH(QString, expected);
    const Run r = cli({u"match"_s, m_workspace, u"--explain"_s, target}, m_dir.path());
    QVERIFY2(r.exitCode == 2 && r.err.contains(expected), qPrintable(r.describe()));
    QVERIFY2(r.out.isEmpty(), qPrintable(r.describe()));
}

void TestMatchCli::diffJson()
{
    Run r = cli({u"config"_s, u"export"_s, m_workspace, u"-"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject config = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList canonical;
    for (const QJsonValue& f : config.value(u"fields"_s).toArray())
        canonical << f.toObject().value(u"name"_s).toString();
    QVERIFY(canonical.size() >= 10);

    r = cli({u"diff"_s, m_workspace, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject json = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QStringList fields;
    for (const QJsonValue& v : json.value(u"fields"_s).toArray()) {
        const QJsonObject f = v.toObject();
        fields << f.value(u"field"_s).toString();
        QCOMPARE(f.value(u"agree"_s).toInteger() + f.value(u"differ"_s).toInteger() +
                     f.value(u"missing"_s).toInteger(),
                 f.value(u"compared"_s).toInteger());
        qint64 differBySystem = 0;
        const QJsonObject bySystem = f.value(u"differBySystem"_s).toObject();
        for (auto it = bySystem.begin(); it != bySystem.end(); ++it)
            differBySystem += it.value().toInteger();
        // Every entity that differs has a record holding another value than the most common one.
        QVERIFY2(differBySystem >= f.value(u"differ"_s).toInteger(), qPrintable(fields.last()));
    }
    QCOMPARE(fields, canonical);
    const QJsonArray samples = json.value(u"samples"_s).toArray();
    QVERIFY(!samples.isEmpty());
    for (const QJsonValue& v : samples) {
        const QJsonObject s = v.toObject();
        QVERIFY(canonical.contains(s.value(u"field"_s).toString()));
        QVERIFY(s.value(u"status"_s).toString() == "differ"_L1 ||
                s.value(u"status"_s).toString() == "missing"_L1);
        QVERIFY(s.value(u"values"_s).toArray().size() >= 2);
    }

    r = cli({u"diff"_s, m_workspace, u"--field"_s, u"state"_s, u"--samples"_s, u"2"_s, u"--json"_s},
            m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject one = parseObject(r.out, &error);
    QCOMPARE(one.value(u"fields"_s).toArray().size(), 1);
    QCOMPARE(one.value(u"fields"_s).toArray().first().toObject().value(u"field"_s).toString(), u"state"_s);
    QVERIFY(one.value(u"samples"_s).toArray().size() <= 2);
}

void TestMatchCli::diffErrors_data()
{
    QTest::addColumn<QStringList>("options");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown field") << QStringList{u"--field"_s, u"nope"_s}
                                   << u"no canonical field named 'nope'"_s;
    QTest::newRow("bad samples") << QStringList{u"--samples"_s, u"many"_s}
                                 << u"--samples must be a whole number"_s;
}

void TestMatchCli::diffErrors()
{
    QFETCH(QStringList, options);
    QFETCH(QString, expected);
    const Run r = cli(QStringList{u"diff"_s, m_workspace} + options, m_dir.path());
    QVERIFY2(r.exitCode == 2 && r.err.contains(expected), qPrintable(r.describe()));
}

void TestMatchCli::evaluate()
{
    Run r = cli({u"evaluate"_s, m_workspace, u"--truth"_s, m_truth, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const QJsonObject json = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(json.value(u"labelledRecords"_s).toInteger(), qint64(m_records.order.size()));
    QCOMPARE(json.value(u"trueEntities"_s).toInteger(), qint64(600));
    const QJsonObject pairwise = json.value(u"pairwise"_s).toObject();
    QVERIFY2(pairwise.value(u"f1"_s).toDouble() >= 0.98, qPrintable(r.out));
    QVERIFY(pairwise.value(u"precision"_s).toDouble() >= 0.98);
    QVERIFY(pairwise.value(u"recall"_s).toDouble() >= 0.98);
    QVERIFY(pairwise.value(u"true"_s).toInteger() > 600);
    const QJsonObject duplicates = json.value(u"duplicates"_s).toObject();
    QCOMPARE(duplicates.value(u"found"_s).toInteger() + duplicates.value(u"inReview"_s).toInteger() +
                 duplicates.value(u"missed"_s).toInteger(),
             duplicates.value(u"true"_s).toInteger());
    // The generated demo ships a valid ownership matrix, so resolution is scored too.
    const QJsonObject resolution = json.value(u"resolution"_s).toObject();
    QVERIFY2(!resolution.contains(u"error"_s), qPrintable(r.out));
    QVERIFY2(resolution.value(u"accuracy"_s).toDouble() >= 0.98,
             QJsonDocument(resolution).toJson().constData());
    QVERIFY(resolution.value(u"values"_s).toInteger() > 600 * 7);
    QVERIFY(resolution.value(u"correct"_s).toInteger() <= resolution.value(u"values"_s).toInteger());
    QCOMPARE(resolution.value(u"deletedFlagged"_s).toInteger(), resolution.value(u"deleted"_s).toInteger());
    QVERIFY(resolution.value(u"reviewItems"_s).toInteger() > 0);

    r = cli({u"evaluate"_s, m_workspace, u"--truth"_s, m_truth}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY2(r.out.contains(u"pairwise (auto band):  precision "_s), qPrintable(r.out));
    QVERIFY2(r.out.contains(u"resolution accuracy: 0."_s) || r.out.contains(u"resolution accuracy: 1."_s),
             qPrintable(r.out));

    r = cli({u"evaluate"_s, m_workspace}, m_dir.path());
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"--truth FILE is required"_s), qPrintable(r.describe()));
}

void TestMatchCli::evaluateBadTruth_data()
{
    QTest::addColumn<QByteArray>("line3"); // replaces the file's third line
    QTest::addColumn<QString>("expected");
    QTest::newRow("no customer") << "record,crm,1001,,,"_ba
                                 << u"line 3: a record line without a customer_id"_s;
}

void TestMatchCli::evaluateBadTruth()
{
    QFETCH(QByteArray, line3);
    QFETCH(QString, expected);
    QList<QByteArray> lines = fileBytes(m_truth).split('\n');
    QVERIFY(lines.size() > 3);
    // crm:1001 keeps exactly one label whatever line 3 was.
    for (QByteArray& line : lines) {
        if (line.startsWith("record,crm,1001,"))
            line = "drift,,,,,";
    }
    lines[2] = line3;
    const QString path = m_dir.filePath(u"bad-truth.csv"_s);
    QVERIFY(writeFile(path, lines.join('\n')));
    const Run r = cli({u"evaluate"_s, m_workspace, u"--truth"_s, path}, m_dir.path());
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(path) && r.err.contains(expected), qPrintable(r.describe()));
}

// Record lines naming records the workspace does not hold (deleted since, or another system's
// export) do not stop the scoring: they are left out, and reported with their count.
void TestMatchCli::evaluateSkipsUnknownRecords()
{
    const auto evaluate = [&](const QString& truth, QJsonObject* json) {
        const Run r = cli({u"evaluate"_s, m_workspace, u"--truth"_s, truth, u"--json"_s}, m_dir.path());
        QString error;
        *json = parseObject(r.out, &error);
        if (!error.isEmpty())
            qWarning("%s", qPrintable(error));
        return r;
    };
    QJsonObject clean;
    QVERIFY(evaluate(m_truth, &clean).exitCode == 0);

    QByteArray bytes = fileBytes(m_truth);
    if (!bytes.endsWith('\n'))
        bytes += '\n';
    const qint64 firstAdded = bytes.count('\n') + 1;
    QStringList listed;
    bytes += "record,erp,1001,C0000001,,\n";
    listed << u"erp:1001 (line %1, no system 'erp')"_s.arg(firstAdded);
    for (int i = 1; i <= 24; ++i) {
        bytes += "record,crm,99999999" + QByteArray::number(i) + ",C0000001,,\n";
        if (listed.size() < 20)
            listed << u"crm:99999999%1 (line %2)"_s.arg(i).arg(firstAdded + i);
    }
    const QString path = m_dir.filePath(u"truth-with-strangers.csv"_s);
    QVERIFY(writeFile(path, bytes));
    QJsonObject json;
    const Run r = evaluate(path, &json);
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject unknown = json.value(u"unknownRecords"_s).toObject();
    QCOMPARE(unknown.value(u"count"_s).toInteger(), qint64(25));
    QCOMPARE(unknown.value(u"listed"_s).toVariant().toStringList(), listed);
    const qint64 recordLines = m_records.order.size() + 25;
    QVERIFY2(
        r.err.contains(u"warning: %1: 25 of %2 record lines name records this workspace does not hold and "
                       "are not scored: %3 and 5 more"_s.arg(path)
                           .arg(recordLines)
                           .arg(listed.join(u", "_s))),
        qPrintable(r.describe()));
    // Everything the workspace holds is scored exactly as without the strangers.
    for (const QString& key : {u"labelledRecords"_s, u"trueEntities"_s, u"pairwise"_s, u"clusters"_s,
                               u"duplicates"_s, u"resolution"_s})
        QCOMPARE(json.value(key), clean.value(key));
    QVERIFY(!clean.contains(u"unknownRecords"_s)); // a clean truth's report is as it was

    // A truth in which no record line names a record of the workspace belongs to other data.
    QVERIFY(writeFile(path, "kind,system,source_id,customer_id,field,value\nrecord,erp,1,C1,,\n"
                            "record,crm,999999999,C1,,\n"_ba));
    const Run none = evaluate(path, &json);
    QVERIFY2(none.exitCode == 1 &&
                 none.err.contains(u"%1: none of its 2 record lines names a record of this "
                                   "workspace's systems, so the truth belongs to other data: "
                                   "erp:1 (line 2, no system 'erp'), crm:999999999 (line 3)"_s.arg(path)),
             qPrintable(none.describe()));
}

void TestMatchCli::decideSameJoins()
{
    const QString ws = copyWorkspace(u"decide-same.concord"_s);
    QVERIFY(!ws.isEmpty());
    // The first crm records of two different customers.
    QString a;
    QString b;
    for (const QString& r : std::as_const(m_records.order)) {
        if (!r.startsWith(u"crm:"_s))
            continue;
        if (a.isEmpty())
            a = r;
        else if (m_records.customerOf.value(r) != m_records.customerOf.value(a)) {
            b = r;
            break;
        }
    }
    QVERIFY(!b.isEmpty());
    qint64 entityA = -1;
    qint64 entityB = -1;
    QJsonArray members;
    QVERIFY(explain(ws, a, &entityA, &members));
    QVERIFY(explain(ws, b, &entityB, &members));
    QVERIFY(entityA != entityB);
    Run r = cli({u"match"_s, ws, u"--json"_s}, m_dir.path());
    QString error;
    const qint64 before = parseObject(r.out, &error).value(u"entities"_s).toInteger();
    QVERIFY2(error.isEmpty(), qPrintable(error));

    r = cli({u"decide"_s, ws, a, b, u"same"_s, u"--by"_s, u"tester"_s, u"--note"_s, u"one household"_s},
            m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out, u"recorded: %1 and %2 are the same\n"_s.arg(a, b));

    r = cli({u"match"_s, ws, u"--json"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const QJsonObject after = parseObject(r.out, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(after.value(u"entities"_s).toInteger(), before - 1);
    QVERIFY2(after.value(u"autoLinks"_s).toObject().value(u"steward: same"_s).toInteger() == 1,
             qPrintable(r.out.left(500)));
    QVERIFY(explain(ws, a, &entityA, &members));
    QVERIFY(explain(ws, b, &entityB, &members));
    QCOMPARE(entityA, entityB);
    bool found = false;
    for (const QJsonValue& m : std::as_const(members)) {
        if (m.toObject().value(u"record"_s).toString() == a) {
            found = true;
            QCOMPARE(m.toObject().value(u"evidence"_s).toObject().value(u"rule"_s).toString(),
                     u"steward: same"_s);
        }
    }
    QVERIFY2(found, qPrintable(a));
    // The demo workspace itself is untouched.
    r = cli({u"match"_s, m_workspace, u"--json"_s}, m_dir.path());
    QCOMPARE(parseObject(r.out, &error).value(u"entities"_s).toInteger(), before);
}

void TestMatchCli::decideDifferentSeparates()
{
    const QString ws = copyWorkspace(u"decide-different.concord"_s);
    QVERIFY(!ws.isEmpty());
    // A customer held by exactly two systems, one of them crm.
    QString a;
    QString b;
    for (auto it = m_records.recordsOf.cbegin(); it != m_records.recordsOf.cend() && a.isEmpty(); ++it) {
        const QStringList& records = it.value();
        if (records.size() == 2 && records[0].startsWith(u"crm:"_s) && !records[1].startsWith(u"crm:"_s)) {
            a = records[0];
            b = records[1];
        }
    }
    QVERIFY(!a.isEmpty());
    qint64 entityA = -1;
    qint64 entityB = -1;
    QJsonArray members;
    QVERIFY(explain(ws, a, &entityA, &members));
    QVERIFY(explain(ws, b, &entityB, &members));
    QCOMPARE(entityA, entityB);

    // Named in the other order: still the same pair.
    Run r = cli({u"decide"_s, ws, b, a, u"different"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QCOMPARE(r.out, u"recorded: %1 and %2 are different\n"_s.arg(b, a));
    QVERIFY(explain(ws, a, &entityA, &members));
    QVERIFY(explain(ws, b, &entityB, &members));
    QVERIFY(entityA != entityB);

    // The latest decision wins.
    r = cli({u"decide"_s, ws, a, b, u"same"_s}, m_dir.path());
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QVERIFY(explain(ws, a, &entityA, &members));
    QVERIFY(explain(ws, b, &entityB, &members));
    QCOMPARE(entityA, entityB);
}

void TestMatchCli::decideErrors_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("expected");
    QTest::newRow("bad decision") << QStringList{u"crm:1001"_s, u"crm:1002"_s, u"maybe"_s} << 2
                                  << u"the decision must be 'same' or 'different', not 'maybe'"_s;
    QTest::newRow("no system") << QStringList{u"1001"_s, u"crm:1002"_s, u"same"_s} << 2
                               << u"'1001' must be SYSTEM:SOURCE_ID"_s;
    QTest::newRow("unknown system") << QStringList{u"erp:1"_s, u"crm:1002"_s, u"same"_s} << 1
                                    << u"no system named 'erp'"_s;
    QTest::newRow("one record twice") << QStringList{u"crm:1001"_s, u"crm:1001"_s, u"same"_s} << 1
                                      << u"a decision needs two different records (crm:1001 twice)"_s;
    QTest::newRow("missing argument") << QStringList{u"crm:1001"_s, u"same"_s} << 2 << QString();
}

void TestMatchCli::decideErrors()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, expected);
    const QString ws = copyWorkspace(u"decide-errors.concord"_s);
    QVERIFY(!ws.isEmpty());
    const QByteArray before = fileBytes(ws);
    const Run r = cli(QStringList{u"decide"_s, ws} + args, m_dir.path());
    QVERIFY2(r.exitCode == exitCode && r.err.contains(expected), qPrintable(r.describe()));
    QCOMPARE(fileBytes(ws), before); // nothing recorded
}

void TestMatchCli::keyFieldEmptyEverywhere()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString ws;
    // The e-mail column exists but is empty in every row: the mapping is wrong, so
    // matching refuses instead of finding "no matches".
    QVERIFY(csvWorkspace(
        dir.path(),
        {{u"crm"_s, "id,first,last,mail,tel\n1,Ann,Lee,,415-555-0101\n2,Bo,Stone,,212-555-0100\n"_ba},
         {u"shop"_s, "id,first,last,mail,tel\n7,Ann,Lee,,415-555-0101\n"_ba}},
        {{u"crm"_s, u"mail"_s, u"email"_s},
         {u"crm"_s, u"tel"_s, u"phone"_s},
         {u"crm"_s, u"first"_s, u"first_name"_s},
         {u"crm"_s, u"last"_s, u"last_name"_s},
         {u"shop"_s, u"mail"_s, u"email"_s},
         {u"shop"_s, u"tel"_s, u"phone"_s},
         {u"shop"_s, u"first"_s, u"first_name"_s},
         {u"shop"_s, u"last"_s, u"last_name"_s}},
        &ws));
    const Run r = cli({u"match"_s, ws}, dir.path());
    QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
    QVERIFY2(r.err.contains(u"matching key 'email': field 'email' is empty or invalid in every record"_s),
             qPrintable(r.describe()));

    // With the e-mails filled in, the same workspace matches.
    QVERIFY(writeFile(
        QDir(dir.path()).filePath(u"crm.csv"_s),
        "id,first,last,mail,tel\n1,Ann,Lee,ann@x.com,415-555-0101\n2,Bo,Stone,bo@x.com,212-555-0100\n"_ba));
    const Run ok = cli({u"match"_s, ws, u"--json"_s}, dir.path());
    QVERIFY2(ok.exitCode == 0, qPrintable(ok.describe()));
    QString error;
    QCOMPARE(parseObject(ok.out, &error).value(u"entities"_s).toInteger(),
             qint64(2)); // shop:7 joins crm:1 by phone
}

void TestMatchCli::systemWithoutRows()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    QString ws;
    QVERIFY(csvWorkspace(dir.path(),
                         {{u"crm"_s, "id,mail\n1,ann@x.com\n2,bo@x.com\n"_ba}, {u"shop"_s, "id,mail\n"_ba}},
                         {{u"crm"_s, u"mail"_s, u"email"_s}, {u"shop"_s, u"mail"_s, u"email"_s}}, &ws));
    for (const QString& command : {u"match"_s, u"diff"_s}) {
        const Run r = cli({command, ws}, dir.path());
        QVERIFY2(r.exitCode == 1, qPrintable(r.describe()));
        QVERIFY2(r.err.contains(u"system 'shop' has no rows"_s), qPrintable(r.describe()));
    }
}

QTEST_GUILESS_MAIN(TestMatchCli)
#include "tst_matchcli.moc"
