// Field diff: where the records of one entity agree, differ or miss a value, which system
// holds the odd value out, and the samples a steward looks at.
#include "RowVersion.h"
#include "Snapshot.h"
#include "diff/FieldDiff.h"
#include "match/NormalizedSnapshot.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {

using Record = NormalizedSnapshot::Record;

struct TestSystem
{
    QString name;
    QStringList columns; // the first is the source id; the others feed the field of the same name
    QList<QStringList> rows;
};

// A snapshot, its normalized form and a hand-made clustering of its records.
class Fixture
{
public:
    Result<void> build(const QList<TestSystem>& systems, const QList<MatchField>& fields,
                       const QList<DerivedField>& derived = {})
    {
        snapshot = std::make_unique<Snapshot>();
        QList<SystemMapping> mappings;
        for (const TestSystem& s : systems) {
            SnapshotBuilder builder(s.name, u"customers"_s, snapshot->pool());
            QList<ColumnInfo> columns;
            for (const QString& c : s.columns)
                columns.append(ColumnInfo{c, u"TEXT"_s, c == s.columns.first()});
            builder.begin(columns, s.name + u".csv"_s);
            qint64 ordinal = 0;
            for (const QStringList& values : s.rows) {
                SourceRow row;
                row.ordinal = ++ordinal;
                row.line = ordinal + 1;
                row.sourceId = values.first();
                row.version = RowVersion::fromValues(values);
                row.values = values;
                if (!builder.row(row))
                    return makeError(builder.errorString());
            }
            snapshot->add(builder.take());
            SystemMapping m;
            m.system = s.name;
            for (const QString& c : s.columns.mid(1))
                m.columnOfField.insert(c, c);
            mappings.append(m);
        }
        auto built = NormalizedSnapshot::build(*snapshot, fields, mappings, derived, 1);
        if (!built)
            return built.error();
        data = std::move(*built);
        return {};
    }

    // Entity per record, in record order (systems in order, rows in order).
    void cluster(const std::vector<std::uint32_t>& entities)
    {
        match.clusterOf = entities;
        match.clusterCount = *std::max_element(entities.begin(), entities.end()) + 1;
    }

    std::unique_ptr<Snapshot> snapshot;
    std::unique_ptr<NormalizedSnapshot> data;
    MatchResult match;
};

const QList<MatchField> kFields{{u"email"_s, u"email"_s}, {u"phone"_s, u"phone"_s}, {u"state"_s, u"state"_s}};

// Five entities:
//   0: crm:1 billing:1 shop:1  everything agrees once normalized
//   1: crm:2 billing:2 shop:2  e-mail: crm is the odd one out (2 of 3 say bob@x.com);
//                              phone: billing holds none; state: NY vs TX (a tie)
//   2: crm:3                   alone: never compared
//   3: crm:4 crm:5             phone "12" (not a phone number) vs another number
//   4: billing:3 shop:3        only one of them maps phone, only the other maps state
Result<void> buildExample(Fixture& fx)
{
    auto built = fx.build({TestSystem{u"crm"_s,
                                      {u"id"_s, u"email"_s, u"phone"_s, u"state"_s},
                                      {{u"1"_s, u"ann@x.com"_s, u"(415) 555-0101"_s, u"CA"_s},
                                       {u"2"_s, u"bob@y.com"_s, u"212-555-0100"_s, u"NY"_s},
                                       {u"3"_s, u"solo@x.com"_s, u"415-555-0102"_s, u"TX"_s},
                                       {u"4"_s, u"dup@x.com"_s, u"12"_s, u"CA"_s},
                                       {u"5"_s, u"dup@x.com"_s, u"(415) 555-0199"_s, u"California"_s}}},
                           TestSystem{u"billing"_s,
                                      {u"id"_s, u"email"_s, u"phone"_s},
                                      {{u"1"_s, u"ann@x.com"_s, u"415-555-0101"_s},
                                       {u"2"_s, u"bob@x.com"_s, u""_s},
                                       {u"3"_s, u"eve@x.com"_s, u""_s}}},
                           TestSystem{u"shop"_s,
                                      {u"id"_s, u"email"_s, u"state"_s},
                                      {{u"1"_s, u"ANN@X.COM"_s, u"California"_s},
                                       {u"2"_s, u"bob@x.com"_s, u"TX"_s},
                                       {u"3"_s, u"eve@x.com"_s, u"CA"_s}}}},
                          kFields);
    if (!built)
        return built;
    fx.cluster({0, 1, 2, 3, 3, 0, 1, 4, 0, 1, 4});
    return {};
}

QStringList counts(const QHash<QString, qint64>& bySystem)
{
    QStringList list;
    for (auto it = bySystem.cbegin(); it != bySystem.cend(); ++it)
        list << u"%1=%2"_s.arg(it.key()).arg(it.value());
    list.sort();
    return list;
}

const FieldDiffSummary* summaryOf(const DiffReport& report, const QString& field)
{
    for (const FieldDiffSummary& s : report.fields) {
        if (s.field == field)
            return &s;
    }
    return nullptr;
}

QList<EntityFieldDiff> samplesOf(const DiffReport& report, const QString& field)
{
    QList<EntityFieldDiff> list;
    for (const EntityFieldDiff& d : report.samples) {
        if (d.field == field)
            list << d;
    }
    return list;
}

} // namespace

class TestFieldDiff : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void statusNames();
    void summaries_data();
    void summaries();
    void samplesDifferencesFirst();
    void samplesCarryProblems();
    void samplesLimited_data();
    void samplesLimited();
    void fieldFilter();
    void entityDiffShowsEveryField();
    void derivedValuesAreAttributed();
};

void TestFieldDiff::statusNames()
{
    QCOMPARE(diffStatusName(DiffStatus::Agree), u"agree"_s);
    QCOMPARE(diffStatusName(DiffStatus::Differ), u"differ"_s);
    QCOMPARE(diffStatusName(DiffStatus::Missing), u"missing"_s);
}

void TestFieldDiff::summaries_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QList<qint64>>("comparedAgreeDifferMissing");
    QTest::addColumn<QStringList>("differBySystem");
    QTest::addColumn<QStringList>("missingBySystem");
    // Entity 1's e-mail: the most common value wins, not the first one seen (crm's).
    QTest::newRow("email") << u"email"_s << QList<qint64>{4, 3, 1, 0} << QStringList{u"crm=1"_s}
                           << QStringList{};
    // Entity 3: a tie, so the first record's value ("12") counts as the entity's; entity 4:
    // only billing maps phone, so there is nothing to compare.
    QTest::newRow("phone") << u"phone"_s << QList<qint64>{3, 1, 1, 1} << QStringList{u"crm=1"_s}
                           << QStringList{u"billing=1"_s};
    QTest::newRow("state") << u"state"_s << QList<qint64>{3, 2, 1, 0} << QStringList{u"shop=1"_s}
                           << QStringList{};
}

void TestFieldDiff::summaries()
{
    QFETCH(QString, field);
    QFETCH(QList<qint64>, comparedAgreeDifferMissing);
    QFETCH(QStringList, differBySystem);
    QFETCH(QStringList, missingBySystem);
    Fixture fx;
    auto built = buildExample(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    const DiffReport report = computeFieldDiff(*fx.data, fx.match);
    QCOMPARE(report.fields.size(), 3);
    const FieldDiffSummary* s = summaryOf(report, field);
    QVERIFY(s);
    QCOMPARE((QList<qint64>{s->compared, s->agree, s->differ, s->missing}), comparedAgreeDifferMissing);
    QCOMPARE(s->agree + s->differ + s->missing, s->compared);
    QCOMPARE(counts(s->differBySystem), differBySystem);
    QCOMPARE(counts(s->missingBySystem), missingBySystem);
}

void TestFieldDiff::samplesDifferencesFirst()
{
    Fixture fx;
    auto built = buildExample(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    const DiffReport report = computeFieldDiff(*fx.data, fx.match);
    // Agreeing entities are never samples.
    for (const EntityFieldDiff& d : report.samples)
        QVERIFY(d.status != DiffStatus::Agree);
    const QList<EntityFieldDiff> phone = samplesOf(report, u"phone"_s);
    QCOMPARE(phone.size(), 2);
    QCOMPARE(phone[0].status, DiffStatus::Differ);
    QCOMPARE(phone[0].entity, 3u);
    QCOMPARE(phone[1].status, DiffStatus::Missing);
    QCOMPARE(phone[1].entity, 1u);
    // Only systems that map the field have cells; a missing value is an empty one.
    QCOMPARE(phone[1].cells.size(), 2);
    QCOMPARE(phone[1].cells[0].system, u"crm"_s);
    QCOMPARE(phone[1].cells[0].normalized, u"+12125550100"_s);
    QCOMPARE(phone[1].cells[1].system, u"billing"_s);
    QCOMPARE(phone[1].cells[1].sourceId, u"2"_s);
    QVERIFY(phone[1].cells[1].normalized.isEmpty());

    const QList<EntityFieldDiff> email = samplesOf(report, u"email"_s);
    QCOMPARE(email.size(), 1);
    QCOMPARE(email[0].entity, 1u);
    QStringList values;
    for (const DiffCell& c : email[0].cells)
        values << c.system + u':' + c.sourceId + u'=' + c.original + u'>' + c.normalized;
    QCOMPARE(values, (QStringList{u"crm:2=bob@y.com>bob@y.com"_s, u"billing:2=bob@x.com>bob@x.com"_s,
                                  u"shop:2=bob@x.com>bob@x.com"_s}));
}

void TestFieldDiff::samplesCarryProblems()
{
    Fixture fx;
    auto built = buildExample(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    const QList<EntityFieldDiff> phone = samplesOf(computeFieldDiff(*fx.data, fx.match), u"phone"_s);
    QVERIFY(!phone.isEmpty());
    const EntityFieldDiff& d = phone.first();
    QCOMPARE(d.cells.size(), 2);
    QCOMPARE(d.cells[0].sourceId, u"4"_s);
    QCOMPARE(d.cells[0].original, u"12"_s);
    QVERIFY2(d.cells[0].problem.contains(u"not a valid US phone number"_s), qPrintable(d.cells[0].problem));
    QCOMPARE(d.cells[1].sourceId, u"5"_s);
    QCOMPARE(d.cells[1].original, u"(415) 555-0199"_s);
    QCOMPARE(d.cells[1].normalized, u"+14155550199"_s);
    QVERIFY(d.cells[1].problem.isEmpty());
}

void TestFieldDiff::samplesLimited_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("phoneSamples");
    QTest::addColumn<int>("totalSamples");
    QTest::newRow("none") << 0 << 0 << 0;
    QTest::newRow("one per field") << 1 << 1 << 3;
    QTest::newRow("more than there are") << 10 << 2 << 4;
}

void TestFieldDiff::samplesLimited()
{
    QFETCH(int, limit);
    QFETCH(int, phoneSamples);
    QFETCH(int, totalSamples);
    Fixture fx;
    auto built = buildExample(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    DiffOptions options;
    options.sampleLimit = limit;
    const DiffReport report = computeFieldDiff(*fx.data, fx.match, options);
    QCOMPARE(samplesOf(report, u"phone"_s).size(), phoneSamples);
    QCOMPARE(report.samples.size(), totalSamples);
    if (phoneSamples > 0)
        QCOMPARE(samplesOf(report, u"phone"_s).first().status, DiffStatus::Differ);
    // The counts never depend on the sample limit.
    QCOMPARE(summaryOf(report, u"phone"_s)->compared, qint64(3));
    QCOMPARE(summaryOf(report, u"phone"_s)->missing, qint64(1));
}

void TestFieldDiff::fieldFilter()
{
    Fixture fx;
    auto built = buildExample(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    DiffOptions options;
    options.field = u"state"_s;
    const DiffReport report = computeFieldDiff(*fx.data, fx.match, options);
    QCOMPARE(report.fields.size(), 1);
    QCOMPARE(report.fields.first().field, u"state"_s);
    QCOMPARE(report.fields.first().differ, qint64(1));
    QCOMPARE(report.samples.size(), 1);
    QCOMPARE(report.samples.first().field, u"state"_s);
    QCOMPARE(report.samples.first().entity, 1u);

    options.field = u"nope"_s;
    const DiffReport none = computeFieldDiff(*fx.data, fx.match, options);
    QVERIFY(none.fields.isEmpty());
    QVERIFY(none.samples.isEmpty());
}

void TestFieldDiff::entityDiffShowsEveryField()
{
    Fixture fx;
    auto built = buildExample(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    const QList<EntityFieldDiff> one = entityDiff(*fx.data, fx.match, 1);
    QCOMPARE(one.size(), 3);
    QStringList statuses;
    for (const EntityFieldDiff& d : one)
        statuses << d.field + u'=' + diffStatusName(d.status) + u'/' + QString::number(d.cells.size());
    QCOMPARE(statuses, (QStringList{u"email=differ/3"_s, u"phone=missing/2"_s, u"state=differ/2"_s}));

    // A lone record: every mapped field, as is.
    const QList<EntityFieldDiff> alone = entityDiff(*fx.data, fx.match, 2);
    QCOMPARE(alone.size(), 3);
    for (const EntityFieldDiff& d : alone) {
        QCOMPARE(d.status, DiffStatus::Agree);
        QCOMPARE(d.cells.size(), 1);
        QCOMPARE(d.cells.first().sourceId, u"3"_s);
    }
    QCOMPARE(alone[2].cells.first().normalized, u"TX"_s);
}

void TestFieldDiff::derivedValuesAreAttributed()
{
    // crm holds first and last names, quoting a full name; each is derived from the other.
    const QList<MatchField> fields{
        {u"first_name"_s, u"name"_s}, {u"last_name"_s, u"name"_s}, {u"full_name"_s, u"name"_s}};
    const QList<DerivedField> derived{{u"full_name"_s, u"join"_s, {u"first_name"_s, u"last_name"_s}},
                                      {u"first_name"_s, u"first_token"_s, {u"full_name"_s}},
                                      {u"last_name"_s, u"last_token"_s, {u"full_name"_s}}};
    Fixture fx;
    auto built = fx.build({TestSystem{u"crm"_s,
                                      {u"id"_s, u"first_name"_s, u"last_name"_s},
                                      {{u"1"_s, u"Robert"_s, u"Smith"_s}, {u"2"_s, u"ROBERT"_s, u"SMITH"_s}}},
                           TestSystem{u"quoting"_s, {u"id"_s, u"full_name"_s}, {{u"9"_s, u"SMITH, BOB"_s}}}},
                          fields, derived);
    QVERIFY2(built, qPrintable(built.errorString()));
    fx.cluster({0, 0, 0});
    const DiffReport report = computeFieldDiff(*fx.data, fx.match);
    const FieldDiffSummary* first = summaryOf(report, u"first_name"_s);
    QVERIFY(first);
    QCOMPARE(first->differ, qint64(1));
    QCOMPARE(counts(first->differBySystem), QStringList{u"quoting=1"_s}); // "Bob", derived from its full name
    const FieldDiffSummary* full = summaryOf(report, u"full_name"_s);
    QCOMPARE(full->differ, qint64(1));
    QCOMPARE(counts(full->differBySystem), QStringList{u"quoting=1"_s});
    const FieldDiffSummary* last = summaryOf(report, u"last_name"_s);
    QCOMPARE(last->agree, qint64(1));
    QVERIFY(last->differBySystem.isEmpty());
    const QList<EntityFieldDiff> samples = samplesOf(report, u"first_name"_s);
    QCOMPARE(samples.size(), 1);
    QCOMPARE(samples.first().cells.size(), 3);
    QCOMPARE(samples.first().cells.last().normalized, u"Bob"_s);
    QCOMPARE(samples.first().cells.last().original, QString()); // quoting holds no first name itself
}

QTEST_GUILESS_MAIN(TestFieldDiff)
#include "tst_fielddiff.moc"
