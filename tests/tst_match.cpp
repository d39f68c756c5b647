// The matching engine on small in-memory snapshots: keys, blocking and fuzzy scores,
// review band, chaining guard, duplicates, steward decisions, derived fields, the rules'
// validation and JSON form, and the evaluation against labelled records.
#include "RowVersion.h"
#include "Snapshot.h"
#include "match/Evaluation.h"
#include "match/MatchConfig.h"
#include "match/Matcher.h"
#include "match/NormalizedSnapshot.h"

#include <QJsonDocument>
#include <QTest>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace concord;

Q_DECLARE_METATYPE(concord::MatchConfig)
Q_DECLARE_METATYPE(concord::DerivedField)

namespace {

using Record = NormalizedSnapshot::Record;

// One system as rows of text: the first column is the source id; every other column
// feeds the canonical field of the same name (when the field exists).
struct TestSystem
{
    QString name;
    QStringList columns;
    QList<QStringList> rows;
};

const QStringList kPersonColumns{u"id"_s,         u"email"_s,     u"phone"_s,
                                 u"first_name"_s, u"last_name"_s, u"state"_s};

QList<MatchField> personFields()
{
    return {{u"email"_s, u"email"_s},
            {u"phone"_s, u"phone"_s},
            {u"first_name"_s, u"name"_s},
            {u"last_name"_s, u"name"_s},
            {u"state"_s, u"state"_s}};
}

// email, phone, first name, last name, state (an empty string is a missing value).
using Person = QStringList;

TestSystem personSystem(const QString& name, const QList<std::pair<QString, Person>>& people)
{
    TestSystem s{name, kPersonColumns, {}};
    for (const auto& [id, person] : people)
        s.rows.append(QStringList{id} + person);
    return s;
}

// A snapshot and its normalized form, built from TestSystems.
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
            for (const QString& c : s.columns.mid(1)) {
                if (std::any_of(fields.begin(), fields.end(),
                                [&](const MatchField& f) { return f.name == c; }))
                    m.columnOfField.insert(c, c);
            }
            mappings.append(m);
        }
        auto built = NormalizedSnapshot::build(*snapshot, fields, mappings, derived, 2);
        if (!built)
            return built.error();
        data = std::move(*built);
        return {};
    }

    Record rec(const QString& system, const QString& id) const
    {
        const qint64 r = data->find(system, id);
        if (r < 0)
            qFatal("test data has no record %s:%s", qPrintable(system), qPrintable(id));
        return static_cast<Record>(r);
    }

    std::unique_ptr<Snapshot> snapshot;
    std::unique_ptr<NormalizedSnapshot> data;
};

bool hasPair(const std::vector<MatchEdge>& edges, Record a, Record b, const MatchEdge** found = nullptr)
{
    for (const MatchEdge& e : edges) {
        if ((e.a == a && e.b == b) || (e.a == b && e.b == a)) {
            if (found)
                *found = &e;
            return true;
        }
    }
    return false;
}

QString describe(const Fixture& fx, const MatchResult& result)
{
    QStringList lines;
    auto name = [&](Record r) -> QString {
        return fx.data->system(fx.data->systemOf(r)).system() + u':' + fx.data->sourceId(r);
    };
    for (Record r = 0; r < result.clusterOf.size(); ++r)
        lines << u"%1 -> entity %2"_s.arg(name(r)).arg(result.clusterOf[r]);
    for (const MatchEdge& e : result.autoEdges)
        lines << u"auto %1 ~ %2 key %3 score %4"_s.arg(name(e.a), name(e.b)).arg(e.key).arg(e.score);
    for (const MatchEdge& e : result.reviewPairs)
        lines << u"review %1 ~ %2 score %3: %4"_s.arg(name(e.a), name(e.b)).arg(e.score).arg(e.reason);
    for (const QString& w : result.warnings)
        lines << u"warning: "_s + w;
    return lines.join(u'\n');
}

double weightSum(const PairEvidence& e)
{
    double sum = 0;
    for (const FieldEvidence& f : e.fields)
        sum += f.weight;
    return sum;
}

// A deterministic pseudo-random sequence (the test must not depend on the platform's rand).
class Lcg
{
public:
    explicit Lcg(quint64 seed)
        : m_state(seed)
    {}
    int next(int bound)
    {
        m_state = m_state * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<int>((m_state >> 33) % static_cast<quint64>(bound));
    }

private:
    quint64 m_state;
};

} // namespace

class TestMatch : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void keyLinks_data();
    void keyLinks();
    void keyGroupWithOneContradictingRecord();
    void compositeKey_data();
    void compositeKey();
    void fuzzyMatchWithEvidence_data();
    void fuzzyMatchWithEvidence();
    void reviewBand_data();
    void reviewBand();
    void chainingGuard_data();
    void chainingGuard();
    void withinSystemDuplicates();
    void stewardDecisions_data();
    void stewardDecisions();
    void derivedFields_data();
    void derivedFields();
    void buildErrors_data();
    void buildErrors();
    void runErrors_data();
    void runErrors();
    void maxBlockSize_data();
    void maxBlockSize();
    void deterministic();

    void validate_data();
    void validate();
    void jsonRoundTrip();
    void fromJsonErrors_data();
    void fromJsonErrors();

    void evaluationPairs_data();
    void evaluationPairs();
    void evaluationClustersAndReview();
};

// Two records, crm:1 and billing:1, under the rules suggested for email, phone, names
// and state. linkKey: the exact key that links them (-1 fuzzy, -3 not linked).
void TestMatch::keyLinks_data()
{
    QTest::addColumn<Person>("crm");
    QTest::addColumn<Person>("billing");
    QTest::addColumn<bool>("same");
    QTest::addColumn<int>("linkKey");
    QTest::addColumn<QString>("reviewReason"); // empty: not a review pair

    QTest::newRow("primary key, normalized email")
        << Person{u"A@X.com "_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"a@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"California"_s} << true << 0 << QString();
    QTest::newRow("phone fallback, email missing on one side")
        << Person{u""_s, u"(415) 555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s} << true << 1 << QString();
    QTest::newRow("phone fallback, email missing on both sides")
        << Person{u""_s, u"(415) 555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u""_s, u"+1 415 555 0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s} << true << 1 << QString();
    // Different e-mails decide "not by key": the shared phone is only evidence (-2 +7 -4 +2.5 +0.5).
    QTest::newRow("no phone fallback when both emails differ")
        << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"mary@y.com"_s, u"(415) 555-0101"_s, u"Mary"_s, u"Lee"_s, u"CA"_s} << false << -3
        << u"score in the review band"_s;
    // ... but a person with two addresses is still found by the scorer (-2 +7 +1.5 +2.5 +0.5).
    QTest::newRow("different emails, same phone and name: fuzzy")
        << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"ann.lee@work.com"_s, u"415.555.0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s} << true << -1
        << QString();
    QTest::newRow("names alone never link")
        << Person{u""_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u""_s, u""_s, u"ANN"_s, u"LEE"_s, u"CA"_s} << false << -3 << u"score in the review band"_s;
    // Same e-mail, but another first name and phone (9 -2 -4 +2.5 +0.5 = 6): a person decides.
    QTest::newRow("same email, name and phone disagree")
        << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"Ann@X.com"_s, u"212-555-0199"_s, u"Mary"_s, u"Lee"_s, u"CA"_s} << false << -3
        << u"same email, but the other fields do not confirm it (score 6.0)"_s;
    // A shared inbox where everything else contradicts (9 -2 -4 -3 -1.5 = -1.5, below the
    // review threshold): two people, not linked and not worth a steward's time.
    QTest::newRow("shared inbox, all else differs")
        << Person{u"office@x.com"_s, u"415-555-0101"_s, u"John"_s, u"Smith"_s, u"CA"_s}
        << Person{u"Office@X.com"_s, u"212-555-0199"_s, u"Mary"_s, u"Jones"_s, u"NY"_s} << false << -3
        << QString();
    // A family phone: same phone, no e-mails, different first names (7 -4 +2.5 +0.5 = 6).
    QTest::newRow("family phone") << Person{u""_s, u"415-555-0101"_s, u"John"_s, u"Smith"_s, u"CA"_s}
                                  << Person{u""_s, u"(415) 555-0101"_s, u"Mary"_s, u"Smith"_s, u"CA"_s}
                                  << false << -3
                                  << u"same phone, but the other fields do not confirm it (score 6.0)"_s;
}

void TestMatch::keyLinks()
{
    QFETCH(Person, crm);
    QFETCH(Person, billing);
    QFETCH(bool, same);
    QFETCH(int, linkKey);
    QFETCH(QString, reviewReason);
    Fixture fx;
    auto built =
        fx.build({personSystem(u"crm"_s, {{u"1"_s, crm}}), personSystem(u"billing"_s, {{u"1"_s, billing}})},
                 personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    const MatchConfig config = MatchConfig::suggestFor(personFields());
    QVERIFY(config.validate(personFields()));
    Matcher matcher(*fx.data, config);
    auto result = matcher.run(2);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Record a = fx.rec(u"crm"_s, u"1"_s);
    const Record b = fx.rec(u"billing"_s, u"1"_s);
    const QString text = describe(fx, *result);

    QVERIFY2((result->clusterOf[a] == result->clusterOf[b]) == same, qPrintable(text));
    QCOMPARE(result->clusterCount, same ? 1u : 2u);
    const MatchEdge* edge = nullptr;
    QVERIFY2(hasPair(result->autoEdges, a, b, &edge) == (linkKey != -3), qPrintable(text));
    if (edge)
        QCOMPARE(edge->key, linkKey);
    const MatchEdge* review = nullptr;
    QVERIFY2(hasPair(result->reviewPairs, a, b, &review) == !reviewReason.isEmpty(), qPrintable(text));
    if (review)
        QCOMPARE(review->reason, reviewReason);

    // explain agrees with run about the rule and the band.
    const PairEvidence e = matcher.explain(a, b);
    if (linkKey >= 0)
        QCOMPARE(e.rule, u"key "_s + config.keys[linkKey].name);
    QCOMPARE(e.band == MatchBand::Auto, same);
    QCOMPARE(e.score, weightSum(e));
    QVERIFY(result->duplicates.empty());
}

void TestMatch::keyGroupWithOneContradictingRecord()
{
    Fixture fx;
    auto built = fx.build(
        {personSystem(u"crm"_s,
                      {{u"1"_s, {u"office@x.com"_s, u"415-555-0101"_s, u"John"_s, u"Smith"_s, u"CA"_s}}}),
         personSystem(
             u"billing"_s,
             {{u"1"_s, {u"OFFICE@x.com"_s, u"(415) 555-0101"_s, u"JOHN"_s, u"SMITH"_s, u"California"_s}}}),
         personSystem(u"shop"_s,
                      {{u"1"_s, {u"office@x.com"_s, u"212-555-0199"_s, u"Mary"_s, u"Smith"_s, u"NY"_s}}})},
        personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    auto result = Matcher(*fx.data, MatchConfig::suggestFor(personFields())).run(1);
    QVERIFY2(result, qPrintable(result.errorString()));
    const QString text = describe(fx, *result);
    const Record crm = fx.rec(u"crm"_s, u"1"_s);
    const Record billing = fx.rec(u"billing"_s, u"1"_s);
    const Record shop = fx.rec(u"shop"_s, u"1"_s);
    QVERIFY2(result->clusterOf[crm] == result->clusterOf[billing], qPrintable(text));
    QVERIFY2(result->clusterOf[shop] != result->clusterOf[crm], qPrintable(text));
    QCOMPARE(result->clusterCount, 2u);
    for (Record other : {crm, billing}) {
        const MatchEdge* review = nullptr;
        QVERIFY2(hasPair(result->reviewPairs, shop, other, &review), qPrintable(text));
        QCOMPARE(review->reason, u"same email, but the other fields do not confirm it (score 4.0)"_s);
        QCOMPARE(review->key, 0);
        QCOMPARE(review->score, 4.0f); // 9 -2 -4 +2.5 -1.5: another first name, phone and state
    }
    QCOMPARE(result->reviewPairs.size(), std::size_t(2));
    QCOMPARE(result->stats.keyLinks, qint64(1));
}

void TestMatch::compositeKey_data()
{
    QTest::addColumn<QString>("crmEmail");
    QTest::addColumn<QString>("crmCompany");
    QTest::addColumn<QString>("billingEmail");
    QTest::addColumn<QString>("billingCompany");
    QTest::addColumn<bool>("same");
    QTest::newRow("both fields equal after normalization")
        << u"ann@x.com"_s << u"ACME LOGISTICS, Inc."_s << u"ANN@x.com"_s << u"Acme Logistics Inc"_s << true;
    QTest::newRow("same email, other company")
        << u"ann@x.com"_s << u"Acme"_s << u"ann@x.com"_s << u"Globex"_s << false;
    QTest::newRow("same company, other email")
        << u"ann@x.com"_s << u"Acme"_s << u"bob@x.com"_s << u"Acme"_s << false;
    QTest::newRow("company missing on one side")
        << u"ann@x.com"_s << u"Acme"_s << u"ann@x.com"_s << u""_s << false;
}

void TestMatch::compositeKey()
{
    QFETCH(QString, crmEmail);
    QFETCH(QString, crmCompany);
    QFETCH(QString, billingEmail);
    QFETCH(QString, billingCompany);
    QFETCH(bool, same);
    const QList<MatchField> fields{{u"email"_s, u"email"_s}, {u"company"_s, u"company"_s}};
    const QStringList columns{u"id"_s, u"email"_s, u"company"_s};
    Fixture fx;
    auto built = fx.build({TestSystem{u"crm"_s, columns, {{u"1"_s, crmEmail, crmCompany}}},
                           TestSystem{u"billing"_s, columns, {{u"7"_s, billingEmail, billingCompany}}}},
                          fields);
    QVERIFY2(built, qPrintable(built.errorString()));
    MatchConfig config;
    config.keys = {ExactKey{u"email+company"_s, {u"email"_s, u"company"_s}}};
    config.comparators = {Comparator{u"email"_s, u"exact"_s, 1.0, 1.0, 9.0, 0.0, -2.0},
                          Comparator{u"company"_s, u"jaro_winkler"_s, 0.92, 0.85, 1.5, 0.5, -1.0}};
    QVERIFY(config.validate(fields));
    auto result = Matcher(*fx.data, config).run(1);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Record a = fx.rec(u"crm"_s, u"1"_s);
    const Record b = fx.rec(u"billing"_s, u"7"_s);
    QCOMPARE(result->clusterOf[a] == result->clusterOf[b], same);
    const MatchEdge* edge = nullptr;
    QCOMPARE(hasPair(result->autoEdges, a, b, &edge), same);
    if (edge)
        QCOMPARE(edge->key, 0);
    QVERIFY(result->reviewPairs.empty());
}

void TestMatch::fuzzyMatchWithEvidence_data()
{
    QTest::addColumn<Person>("crm");
    QTest::addColumn<Person>("billing");
    QTest::addColumn<double>("score");
    // Different e-mails on both sides, so no key decides: blocking on the phone's last
    // seven digits brings the pair to the scorer.
    QTest::newRow("typo in last name")
        << Person{u"ann@x.com"_s, u"(415) 555-0101"_s, u"Ann"_s, u"Jonson"_s, u"CA"_s}
        << Person{u"aj@work.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Johnson"_s, u"CA"_s} << 9.5;
    QTest::newRow("nickname") << Person{u"bob@x.com"_s, u"415-555-0101"_s, u"Bob"_s, u"Johnson"_s, u"CA"_s}
                              << Person{u"rj@work.com"_s, u"415-555-0101"_s, u"Robert"_s, u"Johnson"_s,
                                        u"CA"_s}
                              << 9.5;
    QTest::newRow("phone formats, state spelled out")
        << Person{u"ann@x.com"_s, u"+1 (415) 555-0101"_s, u"Ann"_s, u"Lee"_s, u"California"_s}
        << Person{u"lee@work.com"_s, u"415.555.0101"_s, u"ANN"_s, u"LEE"_s, u"ca"_s} << 9.5;
    QTest::newRow("all three") << Person{u"bob@x.com"_s, u"(415) 555-0101"_s, u"Bob"_s, u"Jonson"_s, u"CA"_s}
                               << Person{u"rj@work.com"_s, u"+1 415 555 0101"_s, u"Robert"_s, u"Johnson"_s,
                                         u"CA"_s}
                               << 9.5;
    QTest::newRow("other state") << Person{u"bob@x.com"_s, u"(415) 555-0101"_s, u"Bob"_s, u"Johnson"_s,
                                           u"CA"_s}
                                 << Person{u"rj@work.com"_s, u"4155550101"_s, u"Robert"_s, u"Johnson"_s,
                                           u"NV"_s}
                                 << 7.5;
}

void TestMatch::fuzzyMatchWithEvidence()
{
    QFETCH(Person, crm);
    QFETCH(Person, billing);
    QFETCH(double, score);
    Fixture fx;
    auto built =
        fx.build({personSystem(u"crm"_s, {{u"1"_s, crm}}), personSystem(u"billing"_s, {{u"1"_s, billing}})},
                 personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    const MatchConfig config = MatchConfig::suggestFor(personFields());
    Matcher matcher(*fx.data, config);
    auto result = matcher.run(2);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Record a = fx.rec(u"crm"_s, u"1"_s);
    const Record b = fx.rec(u"billing"_s, u"1"_s);
    const QString text = describe(fx, *result);
    QVERIFY(result->stats.candidatePairs >= 1);
    const bool automatic = score >= config.autoMatch;
    QVERIFY2((result->clusterOf[a] == result->clusterOf[b]) == automatic, qPrintable(text));
    const MatchEdge* edge = nullptr;
    QVERIFY2(hasPair(automatic ? result->autoEdges : result->reviewPairs, a, b, &edge), qPrintable(text));
    QCOMPARE(edge->key, -1);
    QCOMPARE(edge->score, float(score));

    const PairEvidence e = matcher.explain(a, b);
    QCOMPARE(e.rule, u"fuzzy"_s);
    QCOMPARE(e.band, automatic ? MatchBand::Auto : MatchBand::Review);
    QCOMPARE(e.score, score);
    QCOMPARE(weightSum(e), e.score);
    QStringList fields;
    for (const FieldEvidence& f : e.fields)
        fields << f.field;
    QCOMPARE(fields, (QStringList{u"email"_s, u"phone"_s, u"first_name"_s, u"last_name"_s, u"state"_s}));
    // Each field's weight is the one its similarity earns under its comparator.
    for (qsizetype i = 0; i < e.fields.size(); ++i) {
        const FieldEvidence& f = e.fields[i];
        const Comparator& c = config.comparators[i];
        QCOMPARE(f.method, c.method);
        QVERIFY(f.similarity >= 0 && f.similarity <= 1);
        const double expected = f.similarity >= c.high  ? c.agree
                                : f.similarity >= c.low ? c.partial
                                                        : c.disagree;
        QCOMPARE(f.weight, expected);
    }
    QCOMPARE(e.fields[0].similarity, 0.0); // the e-mails differ
    QCOMPARE(e.fields[0].weight, -2.0);
    QCOMPARE(e.fields[1].similarity, 1.0); // the phones are one number
    QCOMPARE(e.fields[1].valueA, u"14155550101"_s);
    QCOMPARE(e.fields[1].valueB, u"14155550101"_s);
    QVERIFY2(e.fields[2].similarity >= 0.92, qPrintable(e.fields[2].valueA + u" ~ "_s + e.fields[2].valueB));
    QVERIFY2(e.fields[3].similarity >= 0.94, qPrintable(e.fields[3].valueA + u" ~ "_s + e.fields[3].valueB));
}

// One pair scored by the suggested rules: auto >= 8, review >= 4.
void TestMatch::reviewBand_data()
{
    QTest::addColumn<Person>("crm");
    QTest::addColumn<Person>("billing");
    QTest::addColumn<double>("score");
    QTest::addColumn<int>("band");
    QTest::newRow("auto: 9.5") << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
                               << Person{u"lee@y.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
                               << 9.5 << int(MatchBand::Auto);
    QTest::newRow("review: 7.5, above the cluster floor")
        << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"lee@y.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"NY"_s} << 7.5
        << int(MatchBand::Review);
    QTest::newRow("review: 4.5, names and state")
        << Person{u""_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u""_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s} << 4.5 << int(MatchBand::Review);
    QTest::newRow("review: 4.0, exactly the threshold")
        << Person{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << Person{u"mary@y.com"_s, u"415-555-0101"_s, u"Mary"_s, u"Lee"_s, u"CA"_s} << 4.0
        << int(MatchBand::Review);
    QTest::newRow("no match: 2.5") << Person{u""_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
                                   << Person{u""_s, u""_s, u"Ann"_s, u"Lee"_s, u"NY"_s} << 2.5
                                   << int(MatchBand::NoMatch);
}

void TestMatch::reviewBand()
{
    QFETCH(Person, crm);
    QFETCH(Person, billing);
    QFETCH(double, score);
    QFETCH(int, band);
    Fixture fx;
    auto built =
        fx.build({personSystem(u"crm"_s, {{u"1"_s, crm}}), personSystem(u"billing"_s, {{u"1"_s, billing}})},
                 personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    Matcher matcher(*fx.data, MatchConfig::suggestFor(personFields()));
    auto result = matcher.run(1);
    QVERIFY2(result, qPrintable(result.errorString()));
    const Record a = fx.rec(u"crm"_s, u"1"_s);
    const Record b = fx.rec(u"billing"_s, u"1"_s);
    const QString text = describe(fx, *result);
    const PairEvidence e = matcher.explain(a, b);
    QCOMPARE(e.score, score);
    QCOMPARE(int(e.band), band);
    QCOMPARE(int(matcher.bandOf(score)), band);
    QVERIFY2((result->clusterOf[a] == result->clusterOf[b]) == (band == int(MatchBand::Auto)),
             qPrintable(text));
    const MatchEdge* review = nullptr;
    QVERIFY2(hasPair(result->reviewPairs, a, b, &review) == (band == int(MatchBand::Review)),
             qPrintable(text));
    if (review) {
        QCOMPARE(review->reason, u"score in the review band"_s);
        QCOMPARE(review->score, float(score));
    }
}

// Two groups of two, each joined by an e-mail key, and one auto-band fuzzy link (9.5)
// between crm:1 of the first and billing:2 of the second.
void TestMatch::chainingGuard_data()
{
    QTest::addColumn<double>("clusterFloor");
    QTest::addColumn<bool>("withGroups");
    QTest::addColumn<bool>("joined");
    QTest::newRow("weak link between groups: review") << 12.0 << true << false;
    QTest::newRow("link above the floor joins groups") << 9.0 << true << true;
    QTest::newRow("weak link between two lone records joins") << 12.0 << false << true;
}

void TestMatch::chainingGuard()
{
    QFETCH(double, clusterFloor);
    QFETCH(bool, withGroups);
    QFETCH(bool, joined);
    QList<std::pair<QString, Person>> shop;
    if (withGroups) {
        shop = {{u"1"_s, {u"a@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}},
                {u"2"_s, {u"b@y.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}}};
    }
    Fixture fx;
    auto built = fx.build(
        {personSystem(u"crm"_s, {{u"1"_s, {u"a@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}}}),
         personSystem(u"billing"_s,
                      {{u"2"_s, {u"b@y.com"_s, u"(415) 555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s}}}),
         personSystem(u"shop"_s, shop)},
        personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    MatchConfig config = MatchConfig::suggestFor(personFields());
    config.clusterFloor = clusterFloor;
    QVERIFY(config.validate(personFields()));
    auto result = Matcher(*fx.data, config).run(2);
    QVERIFY2(result, qPrintable(result.errorString()));
    const QString text = describe(fx, *result);
    const Record crm = fx.rec(u"crm"_s, u"1"_s);
    const Record billing = fx.rec(u"billing"_s, u"2"_s);
    if (withGroups) {
        QVERIFY2(result->clusterOf[crm] == result->clusterOf[fx.rec(u"shop"_s, u"1"_s)], qPrintable(text));
        QVERIFY2(result->clusterOf[billing] == result->clusterOf[fx.rec(u"shop"_s, u"2"_s)],
                 qPrintable(text));
    }
    QVERIFY2((result->clusterOf[crm] == result->clusterOf[billing]) == joined, qPrintable(text));
    const MatchEdge* review = nullptr;
    QVERIFY2(hasPair(result->reviewPairs, crm, billing, &review) == !joined, qPrintable(text));
    if (review) {
        QCOMPARE(review->reason,
                 u"auto-match score, but the link would join larger groups (below the cluster floor)"_s);
        QCOMPARE(review->score, 9.5f);
    }
    QCOMPARE(hasPair(result->autoEdges, crm, billing), joined);
}

void TestMatch::withinSystemDuplicates()
{
    Fixture fx;
    auto built = fx.build(
        {personSystem(
             u"crm"_s,
             {{u"1"_s, {u"dup@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}},
              {u"2"_s, {u"DUP@x.com"_s, u""_s, u"ANN"_s, u"LEE"_s, u"CA"_s}},
              {u"3"_s, {u"other@x.com"_s, u""_s, u"Zed"_s, u"Quinn"_s, u"NY"_s}},
              {u"4"_s, {u"bob@x.com"_s, u"415-555-0101"_s, u"Bob"_s, u"Jonson"_s, u"CA"_s}},
              {u"5"_s, {u"robert@y.com"_s, u"(415) 555-0101"_s, u"Robert"_s, u"Johnson"_s, u"CA"_s}}}),
         personSystem(u"billing"_s, {{u"1"_s, {u"dup@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}}})},
        personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    auto result = Matcher(*fx.data, MatchConfig::suggestFor(personFields())).run(2);
    QVERIFY2(result, qPrintable(result.errorString()));
    const QString text = describe(fx, *result);
    QCOMPARE(result->clusterCount, 3u);
    QCOMPARE(result->duplicates.size(), std::size_t(2));
    const MatchEdge* dup = nullptr;
    QVERIFY2(hasPair(result->duplicates, fx.rec(u"crm"_s, u"1"_s), fx.rec(u"crm"_s, u"2"_s), &dup),
             qPrintable(text));
    QCOMPARE(dup->reason, u"two records of one system are one entity"_s);
    QVERIFY2(hasPair(result->duplicates, fx.rec(u"crm"_s, u"4"_s), fx.rec(u"crm"_s, u"5"_s)),
             qPrintable(text));
    // One system's records only; the billing record is in the entity but no duplicate.
    for (const MatchEdge& e : result->duplicates)
        QCOMPARE(fx.data->systemOf(e.a), fx.data->systemOf(e.b));
    const auto clusters = result->clusters();
    QCOMPARE(clusters.size(), std::size_t(3));
    QCOMPARE(clusters[result->clusterOf[fx.rec(u"crm"_s, u"1"_s)]].size(), std::size_t(3));
}

void TestMatch::stewardDecisions_data()
{
    QTest::addColumn<Person>("crm");
    QTest::addColumn<Person>("billing");
    QTest::addColumn<QStringList>("decision"); // systemA, idA, systemB, idB, same|different
    QTest::addColumn<bool>("joined");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("warning");
    const Person ann{u"ann@x.com"_s, u"415-555-0101"_s, u"Ann"_s, u"Lee"_s, u"CA"_s};
    const Person zed{u"zed@q.com"_s, u"212-555-0199"_s, u"Zed"_s, u"Quinn"_s, u"NY"_s};
    QTest::newRow("same joins records that would not match")
        << ann << zed << QStringList{u"crm"_s, u"1"_s, u"billing"_s, u"1"_s, u"same"_s} << true
        << u"steward: same"_s << QString();
    QTest::newRow("same, records named in the other order")
        << ann << zed << QStringList{u"billing"_s, u"1"_s, u"crm"_s, u"1"_s, u"same"_s} << true
        << u"steward: same"_s << QString();
    QTest::newRow("different keeps apart records sharing the primary key")
        << ann << Person{u"ANN@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << QStringList{u"crm"_s, u"1"_s, u"billing"_s, u"1"_s, u"different"_s} << false
        << u"steward: different"_s << QString();
    QTest::newRow("a missing record is a warning")
        << ann << zed << QStringList{u"crm"_s, u"1"_s, u"billing"_s, u"999"_s, u"same"_s} << false
        << u"fuzzy"_s << u"decision crm:1 ~ billing:999 refers to a record that no longer exists"_s;
    QTest::newRow("a missing system is a warning")
        << ann << Person{u"ann@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}
        << QStringList{u"erp"_s, u"1"_s, u"billing"_s, u"1"_s, u"different"_s} << true << u"key email"_s
        << u"decision erp:1 ~ billing:1 refers to a record that no longer exists"_s;
}

void TestMatch::stewardDecisions()
{
    QFETCH(Person, crm);
    QFETCH(Person, billing);
    QFETCH(QStringList, decision);
    QFETCH(bool, joined);
    QFETCH(QString, rule);
    QFETCH(QString, warning);
    Fixture fx;
    auto built =
        fx.build({personSystem(u"crm"_s, {{u"1"_s, crm}}), personSystem(u"billing"_s, {{u"1"_s, billing}})},
                 personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    const MatchDecision d{decision[0], decision[1], decision[2], decision[3], decision[4] == "same"_L1};
    Matcher matcher(*fx.data, MatchConfig::suggestFor(personFields()), {d});
    auto result = matcher.run(2);
    QVERIFY2(result, qPrintable(result.errorString()));
    const QString text = describe(fx, *result);
    const Record a = fx.rec(u"crm"_s, u"1"_s);
    const Record b = fx.rec(u"billing"_s, u"1"_s);
    QVERIFY2((result->clusterOf[a] == result->clusterOf[b]) == joined, qPrintable(text));
    if (warning.isEmpty())
        QVERIFY2(result->warnings.isEmpty(), qPrintable(text));
    else
        QCOMPARE(result->warnings, QStringList{warning});
    const MatchEdge* edge = nullptr;
    if (rule == "steward: same"_L1) {
        QVERIFY2(hasPair(result->autoEdges, a, b, &edge), qPrintable(text));
        QCOMPARE(edge->key, -2);
    }
    // A decided pair is decided: never in front of a person again.
    QVERIFY2(!hasPair(result->reviewPairs, a, b), qPrintable(text));
    const PairEvidence e = matcher.explain(a, b);
    QCOMPARE(e.rule, rule);
    QCOMPARE(e.band == MatchBand::Auto, joined);
    QCOMPARE(weightSum(e), e.score);
}

void TestMatch::derivedFields_data()
{
    QTest::addColumn<QStringList>("raw");      // first_name, last_name, full_name as the system holds them
    QTest::addColumn<QStringList>("expected"); // normalized first_name, last_name, full_name
    QTest::addColumn<QString>("derived");      // which of them were derived: "f", "l", "n" (full)
    QTest::newRow("full name joined")
        << QStringList{u"ANN"_s, u"LEE"_s, u""_s} << QStringList{u"Ann"_s, u"Lee"_s, u"Ann Lee"_s} << u"n"_s;
    QTest::newRow("first and last split") << QStringList{u""_s, u""_s, u"LEE, ANN"_s}
                                          << QStringList{u"Ann"_s, u"Lee"_s, u"Ann Lee"_s} << u"fl"_s;
    QTest::newRow("middle name: first and last token")
        << QStringList{u""_s, u""_s, u"Mary Ann Smith"_s}
        << QStringList{u"Mary"_s, u"Smith"_s, u"Mary Ann Smith"_s} << u"fl"_s;
    QTest::newRow("one token: nothing derived")
        << QStringList{u""_s, u""_s, u"Cher"_s} << QStringList{u""_s, u""_s, u"Cher"_s} << u""_s;
    QTest::newRow("half a name: no full name")
        << QStringList{u"Ann"_s, u""_s, u""_s} << QStringList{u"Ann"_s, u""_s, u""_s} << u""_s;
    QTest::newRow("own values are kept") << QStringList{u"Bob"_s, u"Smith"_s, u"Robert Smith"_s}
                                         << QStringList{u"Bob"_s, u"Smith"_s, u"Robert Smith"_s} << u""_s;
}

void TestMatch::derivedFields()
{
    QFETCH(QStringList, raw);
    QFETCH(QStringList, expected);
    QFETCH(QString, derived);
    const QList<MatchField> fields{{u"email"_s, u"email"_s},
                                   {u"first_name"_s, u"name"_s},
                                   {u"last_name"_s, u"name"_s},
                                   {u"full_name"_s, u"name"_s}};
    const MatchConfig config = MatchConfig::suggestFor(fields);
    QCOMPARE(config.derived.size(), 3);
    QVERIFY(config.validate(fields));
    Fixture fx;
    auto built = fx.build({TestSystem{u"crm"_s,
                                      {u"id"_s, u"first_name"_s, u"last_name"_s, u"full_name"_s},
                                      {QStringList{u"1"_s} + raw}}},
                          fields, config.derived);
    QVERIFY2(built, qPrintable(built.errorString()));
    const Record r = fx.rec(u"crm"_s, u"1"_s);
    const QStringList names{u"first_name"_s, u"last_name"_s, u"full_name"_s};
    const QString flags = u"fln"_s;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const int f = fx.data->fieldIndex(names[i]);
        QVERIFY(f >= 0);
        QCOMPARE(fx.data->value(f, r), expected[i]);
        QCOMPARE(fx.data->key(f, r), expected[i].toLower());
        QCOMPARE(bool(fx.data->field(f).derived[r]), derived.contains(flags[i]));
        QCOMPARE(fx.data->rawValue(f, r), raw[i]); // the original is never replaced
    }
}

void TestMatch::buildErrors_data()
{
    QTest::addColumn<QString>("fieldType");
    QTest::addColumn<QString>("mappedField");
    QTest::addColumn<QString>("mappedColumn");
    QTest::addColumn<DerivedField>("derived");
    QTest::addColumn<QString>("expected");
    const DerivedField none;
    QTest::newRow("unknown type") << u"colour"_s << u"email"_s << u"mail"_s << none
                                  << u"field 'email': no normalization rule for type 'colour'"_s;
    QTest::newRow("mapping to a missing column")
        << u"email"_s << u"email"_s << u"e_mail"_s << none
        << u"system 'crm': mapping of 'email' names column 'e_mail', which does not exist"_s;
    QTest::newRow("mapping to an unknown field")
        << u"email"_s << u"phone"_s << u"mail"_s << none
        << u"system 'crm': column 'mail' is mapped to 'phone', which is not a canonical field"_s;
    QTest::newRow("derived into an unknown field")
        << u"email"_s << u"email"_s << u"mail"_s << DerivedField{u"full_name"_s, u"join"_s, {u"email"_s}}
        << u"derived field 'full_name' is not a canonical field"_s;
    QTest::newRow("derived from an unknown field")
        << u"email"_s << u"email"_s << u"mail"_s
        << DerivedField{u"email"_s, u"join"_s, {u"first"_s, u"last"_s}}
        << u"derived field 'email': unknown source field 'first'"_s;
    QTest::newRow("derived from nothing")
        << u"email"_s << u"email"_s << u"mail"_s << DerivedField{u"email"_s, u"first_token"_s, {}}
        << u"derived field 'email' names no source field"_s;
    QTest::newRow("derived of an unknown kind")
        << u"email"_s << u"email"_s << u"mail"_s << DerivedField{u"email"_s, u"middle_token"_s, {u"email"_s}}
        << u"derived field 'email': kind 'middle_token'"_s;
}

void TestMatch::buildErrors()
{
    QFETCH(QString, fieldType);
    QFETCH(QString, mappedField);
    QFETCH(QString, mappedColumn);
    QFETCH(DerivedField, derived);
    QFETCH(QString, expected);
    Snapshot snapshot;
    SnapshotBuilder builder(u"crm"_s, u"customers"_s, snapshot.pool());
    builder.begin({{u"id"_s, u"TEXT"_s, true}, {u"mail"_s, u"TEXT"_s, false}}, u"crm.csv"_s);
    SourceRow row;
    row.ordinal = 1;
    row.sourceId = u"1"_s;
    row.values = {u"1"_s, u"ann@x.com"_s};
    row.version = RowVersion::fromValues(row.values);
    QVERIFY(builder.row(row));
    snapshot.add(builder.take());
    SystemMapping mapping;
    mapping.system = u"crm"_s;
    mapping.columnOfField.insert(mappedField, mappedColumn);
    QList<DerivedField> derivedList;
    if (!derived.field.isEmpty())
        derivedList.append(derived);
    auto built = NormalizedSnapshot::build(snapshot, {{u"email"_s, fieldType}}, {mapping}, derivedList, 1);
    QVERIFY(!built);
    QVERIFY2(built.errorString().contains(expected), qPrintable(built.errorString()));
}

void TestMatch::runErrors_data()
{
    QTest::addColumn<MatchConfig>("config");
    QTest::addColumn<QString>("expected");
    MatchConfig key;
    key.keys = {ExactKey{u"tax id"_s, {u"tax_id"_s}}};
    QTest::newRow("key") << key
                         << u"matching key 'tax id' names field 'tax_id', which is not in the workspace"_s;
    MatchConfig comparator;
    comparator.comparators = {Comparator{u"tax_id"_s, u"exact"_s, 1, 1, 1, 0, -1}};
    QTest::newRow("comparator") << comparator << u"comparator on 'tax_id': not a field of the workspace"_s;
    MatchConfig blocking;
    blocking.blocking = {BlockingKey{u"tax"_s, {u"tax_id"_s}, {u"exact"_s}}};
    QTest::newRow("blocking") << blocking
                              << u"blocking key 'tax' names a field that is not in the workspace"_s;
}

void TestMatch::runErrors()
{
    QFETCH(MatchConfig, config);
    QFETCH(QString, expected);
    Fixture fx;
    auto built =
        fx.build({personSystem(u"crm"_s, {{u"1"_s, {u"a@x.com"_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s}}})},
                 personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    auto result = Matcher(*fx.data, config).run(1);
    QVERIFY(!result);
    QVERIFY2(result.errorString().contains(expected), qPrintable(result.errorString()));
}

void TestMatch::maxBlockSize_data()
{
    QTest::addColumn<bool>("sharedEmail");
    QTest::addColumn<int>("maxBlockSize");
    QTest::addColumn<QString>("warning");
    QTest::addColumn<qint64>("skippedBlocks");
    QTest::addColumn<int>("reviewPairs");
    QTest::addColumn<uint>("entities");
    // Three "Ann Lee" records without e-mail or phone share one name block.
    QTest::newRow("block too large: skipped")
        << false << 2
        << u"1 blocks larger than 2 records were not compared (a blocking key too common to be useful)"_s
        << qint64(1) << 0 << 3u;
    QTest::newRow("block within the limit: compared") << false << 3 << QString() << qint64(0) << 3 << 3u;
    QTest::newRow("key value too common: not a key")
        << true << 2 << u"key 'email': 3 records share one value; not used as a key for them"_s << qint64(2)
        << 0 << 3u;
    QTest::newRow("key value within the limit: linked") << true << 3 << QString() << qint64(0) << 0 << 1u;
}

void TestMatch::maxBlockSize()
{
    QFETCH(bool, sharedEmail);
    QFETCH(int, maxBlockSize);
    QFETCH(QString, warning);
    QFETCH(qint64, skippedBlocks);
    QFETCH(int, reviewPairs);
    QFETCH(uint, entities);
    const Person ann{sharedEmail ? u"ann@x.com"_s : u""_s, u""_s, u"Ann"_s, u"Lee"_s, u"CA"_s};
    Fixture fx;
    auto built =
        fx.build({personSystem(u"crm"_s, {{u"1"_s, ann}}), personSystem(u"billing"_s, {{u"1"_s, ann}}),
                  personSystem(u"shop"_s, {{u"1"_s, ann}})},
                 personFields());
    QVERIFY2(built, qPrintable(built.errorString()));
    MatchConfig config = MatchConfig::suggestFor(personFields());
    config.maxBlockSize = maxBlockSize;
    QVERIFY(config.validate(personFields()));
    auto result = Matcher(*fx.data, config).run(2);
    QVERIFY2(result, qPrintable(result.errorString()));
    const QString text = describe(fx, *result);
    if (warning.isEmpty())
        QVERIFY2(result->warnings.isEmpty(), qPrintable(text));
    else
        QVERIFY2(result->warnings.contains(warning), qPrintable(text));
    QCOMPARE(result->stats.skippedBlocks, skippedBlocks);
    QCOMPARE(int(result->reviewPairs.size()), reviewPairs);
    QCOMPARE(result->clusterCount, entities);
}

void TestMatch::deterministic()
{
    // A few hundred people with typos, nicknames, missing values and shared phones.
    const QStringList firsts{u"Ann"_s,  u"Bob"_s, u"Robert"_s, u"Mary"_s,
                             u"John"_s, u"Jon"_s, u"Liz"_s,    u"Elizabeth"_s};
    const QStringList lasts{u"Lee"_s,    u"Smith"_s, u"Smyth"_s, u"Johnson"_s,
                            u"Jonson"_s, u"Brown"_s, u"Garcia"_s};
    const QStringList states{u"CA"_s, u"California"_s, u"NY"_s, u"TX"_s, u""_s};
    Lcg random(42);
    QList<TestSystem> systems;
    for (const QString& name : {u"crm"_s, u"billing"_s, u"shop"_s}) {
        QList<std::pair<QString, Person>> people;
        for (int i = 0; i < 120; ++i) {
            const int who = random.next(150);
            const QString email = random.next(4) == 0
                                      ? QString()
                                      : u"p%1@%2.com"_s.arg(who).arg(random.next(2) ? u"x"_s : u"y"_s);
            const QString phone = random.next(3) == 0 ? QString() : u"(415) 555-%1"_s.arg(1000 + who % 90);
            people.append({QString::number(i + 1),
                           {email, phone, firsts[(who + random.next(2)) % firsts.size()],
                            lasts[who % lasts.size()], states[random.next(states.size())]}});
        }
        systems.append(personSystem(name, people));
    }
    auto runOnce = [&](int threads, MatchResult* out) -> Result<void> {
        Fixture fx;
        if (auto built = fx.build(systems, personFields()); !built)
            return built;
        auto result = Matcher(*fx.data, MatchConfig::suggestFor(personFields())).run(threads);
        if (!result)
            return result.error();
        *out = std::move(*result);
        return {};
    };
    MatchResult first;
    MatchResult second;
    QVERIFY(runOnce(1, &first));
    QVERIFY(runOnce(4, &second));
    QCOMPARE(first.clusterOf.size(), std::size_t(360));
    QVERIFY(first.clusterCount > 1 && first.clusterCount < 360); // something was matched, not everything
    QVERIFY(!first.reviewPairs.empty());
    QCOMPARE(second.clusterOf, first.clusterOf);
    QCOMPARE(second.clusterCount, first.clusterCount);
    auto edges = [](const std::vector<MatchEdge>& list) {
        QStringList text;
        for (const MatchEdge& e : list)
            text << u"%1-%2 %3 %4 %5"_s.arg(e.a).arg(e.b).arg(e.key).arg(e.score).arg(e.reason);
        return text;
    };
    QCOMPARE(edges(second.autoEdges), edges(first.autoEdges));
    QCOMPARE(edges(second.reviewPairs), edges(first.reviewPairs));
    QCOMPARE(edges(second.duplicates), edges(first.duplicates));
    QCOMPARE(second.stats.candidatePairs, first.stats.candidatePairs);
}

void TestMatch::validate_data()
{
    QTest::addColumn<MatchConfig>("config");
    QTest::addColumn<QString>("expected"); // empty: valid
    const MatchConfig base = MatchConfig::suggestFor(personFields());
    QTest::newRow("suggested rules") << base << QString();

    MatchConfig c = base;
    c.keys.append(ExactKey{u"tax id"_s, {u"tax_id"_s}});
    QTest::newRow("key: unknown field") << c << u"matching key 'tax id': unknown field 'tax_id'"_s;
    c = base;
    c.keys.append(ExactKey{u"name"_s, {u"first_name"_s, u"last_name"_s}});
    QTest::newRow("key: names only")
        << c << u"matching key 'name' uses only name fields; names can be compared but never be a key"_s;
    c = base;
    c.keys.append(ExactKey{u"name+state"_s, {u"last_name"_s, u"state"_s}});
    QTest::newRow("key: a name with another field") << c << QString();
    c = base;
    c.keys.append(ExactKey{u"nothing"_s, {}});
    QTest::newRow("key: no field") << c << u"matching key 'nothing' names no field"_s;
    c = base;
    c.comparators.append(Comparator{u"tax_id"_s, u"exact"_s, 1, 1, 1, 0, -1});
    QTest::newRow("comparator: unknown field") << c << u"comparator on 'tax_id': unknown field"_s;
    c = base;
    c.comparators[2].method = u"soundex"_s;
    QTest::newRow("comparator: bad method")
        << c << u"comparator on 'first_name': method 'soundex' must be one of"_s;
    c = base;
    c.comparators[3].low = 0.95;
    c.comparators[3].high = 0.90;
    QTest::newRow("comparator: low above high")
        << c << u"comparator on 'last_name': need 0 <= low <= high <= 1"_s;
    c = base;
    c.comparators[3].high = 1.5;
    QTest::newRow("comparator: high above 1")
        << c << u"comparator on 'last_name': need 0 <= low <= high <= 1"_s;
    c = base;
    c.review = 9;
    QTest::newRow("review above auto-match")
        << c << u"the review threshold (9) is above the auto-match threshold (8)"_s;
    c = base;
    c.blocking.append(BlockingKey{u"zip"_s, {u"state"_s}, {u"metaphone"_s}});
    QTest::newRow("blocking: bad transform")
        << c << u"blocking key 'zip': transform 'metaphone' must be one of"_s;
    c = base;
    c.blocking.append(BlockingKey{u"two"_s, {u"state"_s, u"last_name"_s}, {u"exact"_s}});
    QTest::newRow("blocking: transforms missing")
        << c << u"blocking key 'two' needs one transform per field"_s;
    c = base;
    c.blocking.append(BlockingKey{u"tax"_s, {u"tax_id"_s}, {u"exact"_s}});
    QTest::newRow("blocking: unknown field") << c << u"blocking key 'tax': unknown field 'tax_id'"_s;
    c = base;
    c.derived.append(DerivedField{u"last_name"_s, u"last_token"_s, {u"full_name"_s}});
    QTest::newRow("derived: unknown source")
        << c << u"derived field 'last_name': unknown source field 'full_name'"_s;
    c = base;
    c.derived.append(DerivedField{u"last_name"_s, u"reverse"_s, {u"first_name"_s}});
    QTest::newRow("derived: bad kind") << c << u"derived field 'last_name': kind 'reverse' must be one of"_s;
    c = base;
    c.maxBlockSize = 1;
    QTest::newRow("max block size") << c << u"maxBlockSize must be at least 2"_s;
}

void TestMatch::validate()
{
    QFETCH(MatchConfig, config);
    QFETCH(QString, expected);
    const auto ok = config.validate(personFields());
    if (expected.isEmpty()) {
        QVERIFY2(ok, qPrintable(ok.errorString()));
    } else {
        QVERIFY(!ok);
        QVERIFY2(ok.errorString().contains(expected), qPrintable(ok.errorString()));
    }
}

void TestMatch::jsonRoundTrip()
{
    const QList<MatchField> fields{{u"first_name"_s, u"name"_s}, {u"last_name"_s, u"name"_s},
                                   {u"full_name"_s, u"name"_s},  {u"email"_s, u"email"_s},
                                   {u"phone"_s, u"phone"_s},     {u"company"_s, u"company"_s},
                                   {u"state"_s, u"state"_s},     {u"postal_code"_s, u"postal_code"_s}};
    MatchConfig config = MatchConfig::suggestFor(fields);
    config.keys.append(ExactKey{u"email+company"_s, {u"email"_s, u"company"_s}});
    config.autoMatch = 9.25;
    config.review = 3.5;
    config.clusterFloor = 11;
    config.maxBlockSize = 250;
    QVERIFY(config.validate(fields));
    const QJsonObject json = config.toJson();
    for (const QString& key : {u"keys"_s, u"derived"_s, u"blocking"_s, u"comparators"_s, u"thresholds"_s})
        QVERIFY2(json.contains(key), qPrintable(key));

    // Through text, as the workspace stores it.
    const QByteArray text = QJsonDocument(json).toJson(QJsonDocument::Compact);
    auto back = MatchConfig::fromJson(QJsonDocument::fromJson(text).object(), u"test"_s);
    QVERIFY2(back, qPrintable(back.errorString()));
    QCOMPARE(back->toJson(), json);
    QCOMPARE(back->keys.size(), config.keys.size());
    QCOMPARE(back->keys.last().fields, (QStringList{u"email"_s, u"company"_s}));
    QCOMPARE(back->derived.size(), 3);
    QCOMPARE(back->derived[1].kind, u"first_token"_s);
    QCOMPARE(back->blocking.size(), config.blocking.size());
    QCOMPARE(back->blocking.last().transforms, (QStringList{u"soundex"_s, u"first_initial"_s, u"exact"_s}));
    QCOMPARE(back->comparators.size(), config.comparators.size());
    for (qsizetype i = 0; i < config.comparators.size(); ++i) {
        QCOMPARE(back->comparators[i].field, config.comparators[i].field);
        QCOMPARE(back->comparators[i].method, config.comparators[i].method);
        QCOMPARE(back->comparators[i].disagree, config.comparators[i].disagree);
    }
    QCOMPARE(back->autoMatch, 9.25);
    QCOMPARE(back->review, 3.5);
    QCOMPARE(back->clusterFloor, 11.0);
    QCOMPARE(back->maxBlockSize, 250);
    QVERIFY(back->validate(fields));

    // Omitted members take their defaults; a single field may be written as a string.
    auto minimal = MatchConfig::fromJson(
        QJsonDocument::fromJson(R"({"keys":[{"fields":"email"}],"blocking":[{"fields":["email"]}]})"_ba)
            .object(),
        u"test"_s);
    QVERIFY2(minimal, qPrintable(minimal.errorString()));
    QCOMPARE(minimal->keys.first().name, u"email"_s);
    QCOMPARE(minimal->keys.first().fields, QStringList{u"email"_s});
    QCOMPARE(minimal->blocking.first().transforms, QStringList{u"exact"_s});
    QCOMPARE(minimal->autoMatch, MatchConfig().autoMatch);
    QCOMPARE(minimal->maxBlockSize, MatchConfig().maxBlockSize);
}

void TestMatch::fromJsonErrors_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QString>("expected");
    QTest::newRow("unknown key") << R"({"keys":[],"weights":{}})"_ba
                                 << u"test: matching: unknown key \"weights\""_s;
    QTest::newRow("unknown key in a key") << R"({"keys":[{"fields":["email"],"weight":2}]})"_ba
                                          << u"test: matching.keys[0]: unknown key \"weight\""_s;
    QTest::newRow("unknown threshold")
        << R"({"thresholds":{"auto":8}})"_ba << u"test: matching.thresholds: unknown key \"auto\""_s;
    QTest::newRow("fields not names")
        << R"({"keys":[{"fields":[1,2]}]})"_ba << u"test: matching.keys[0].fields must be a list of names"_s;
    QTest::newRow("fields missing") << R"({"blocking":[{"name":"b"}]})"_ba
                                    << u"test: matching.blocking[0].fields must be a list of names"_s;
    QTest::newRow("from not names") << R"({"derived":[{"field":"full_name","kind":"join","from":{}}]})"_ba
                                    << u"test: matching.derived[0].from must be a list of names"_s;
    QTest::newRow("weight as text")
        << R"({"comparators":[{"field":"email","method":"exact","agree":"9"}]})"_ba
        << u"test: matching.comparators[0]: \"agree\" must be a number"_s;
    QTest::newRow("threshold as text") << R"({"thresholds":{"autoMatch":"8"}})"_ba
                                       << u"test: matching.thresholds: \"autoMatch\" must be a number"_s;
    QTest::newRow("max block size as text")
        << R"({"maxBlockSize":"500"})"_ba << u"test: matching: \"maxBlockSize\" must be a number"_s;
    QTest::newRow("keys not a list") << R"({"keys":"email"})"_ba
                                     << u"test: matching: \"keys\" must be a list"_s;
    QTest::newRow("comparators not a list")
        << R"({"comparators":{"field":"email"}})"_ba << u"test: matching: \"comparators\" must be a list"_s;
    QTest::newRow("a key not an object")
        << R"({"keys":["email"]})"_ba << u"test: matching.keys[0] must be an object"_s;
    QTest::newRow("thresholds not an object")
        << R"({"thresholds":8})"_ba << u"test: matching: \"thresholds\" must be an object"_s;
}

void TestMatch::fromJsonErrors()
{
    QFETCH(QByteArray, json);
    QFETCH(QString, expected);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    QVERIFY2(error.error == QJsonParseError::NoError, qPrintable(error.errorString()));
    auto config = MatchConfig::fromJson(doc.object(), u"test"_s);
    QVERIFY(!config);
    QVERIFY2(config.errorString().contains(expected), qPrintable(config.errorString()));
}

// crm: c1 c2 c3 c4, billing: b1 b2 b3 (records 0..6). Truth: c1 c2 b1 are customer A,
// c3 b2 b3 customer B, c4 unlabelled. Counts are over labelled records only.
void TestMatch::evaluationPairs_data()
{
    QTest::addColumn<QList<uint>>("clusters"); // predicted entity per record
    QTest::addColumn<QList<qint64>>("truePredictedCorrect");
    QTest::addColumn<QList<qint64>>("withinTruePredictedCorrect");
    QTest::addColumn<double>("precision");
    QTest::addColumn<double>("recall");
    QTest::addColumn<double>("f1");
    // True pairs: A 3 (c1c2 c1b1 c2b1), B 3 (c3b2 c3b3 b2b3) = 6; within one system c1c2, b2b3.
    // c4 sits with c1 and b1: it must not add the pairs c1c4 and b1c4.
    QTest::newRow("c2 split off") << QList<uint>{0, 1, 2, 0, 0, 2, 2} << QList<qint64>{6, 4, 4}
                                  << QList<qint64>{2, 1, 1} << 1.0 << 4.0 / 6.0 << 0.8;
    QTest::newRow("perfect") << QList<uint>{0, 0, 1, 2, 0, 1, 1} << QList<qint64>{6, 6, 6}
                             << QList<qint64>{2, 2, 2} << 1.0 << 1.0 << 1.0;
    // Everything in one entity: 15 labelled pairs predicted, 6 correct.
    QTest::newRow("one entity") << QList<uint>{0, 0, 0, 0, 0, 0, 0} << QList<qint64>{6, 15, 6}
                                << QList<qint64>{2, 6, 2} << 0.4 << 1.0 << 2 * 0.4 / 1.4;
    QTest::newRow("all singletons") << QList<uint>{0, 1, 2, 3, 4, 5, 6} << QList<qint64>{6, 0, 0}
                                    << QList<qint64>{2, 0, 0} << 1.0 << 0.0 << 0.0;
}

namespace {
// The seven records of the evaluation examples (values do not matter to the scorer).
Result<void> buildEvaluationData(Fixture& fx)
{
    auto rows = [](const QStringList& ids) {
        QList<std::pair<QString, Person>> people;
        for (const QString& id : ids)
            people.append({id, {id + u"@x.com"_s, u""_s, u"A"_s, u"B"_s, u""_s}});
        return people;
    };
    return fx.build({personSystem(u"crm"_s, rows({u"c1"_s, u"c2"_s, u"c3"_s, u"c4"_s})),
                     personSystem(u"billing"_s, rows({u"b1"_s, u"b2"_s, u"b3"_s}))},
                    personFields());
}

const std::vector<qint64> kTruth{0, 0, 1, -1, 0, 1, 1};

MatchResult resultOf(const QList<uint>& clusters)
{
    MatchResult result;
    result.clusterOf.assign(clusters.begin(), clusters.end());
    result.clusterCount = *std::max_element(clusters.begin(), clusters.end()) + 1;
    return result;
}
} // namespace

void TestMatch::evaluationPairs()
{
    QFETCH(QList<uint>, clusters);
    QFETCH(QList<qint64>, truePredictedCorrect);
    QFETCH(QList<qint64>, withinTruePredictedCorrect);
    QFETCH(double, precision);
    QFETCH(double, recall);
    QFETCH(double, f1);
    Fixture fx;
    auto built = buildEvaluationData(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    QCOMPARE(fx.data->recordCount(), Record(7));
    QCOMPARE(fx.rec(u"billing"_s, u"b1"_s), Record(4));
    const MatchEvaluation e = evaluateMatch(*fx.data, resultOf(clusters), kTruth);
    QCOMPARE(e.labelledRecords, qint64(6));
    QCOMPARE(e.trueEntities, qint64(2));
    QCOMPARE((QList<qint64>{e.pairs.truePairs, e.pairs.predictedPairs, e.pairs.correctPairs}),
             truePredictedCorrect);
    QCOMPARE(
        (QList<qint64>{e.withinSystem.truePairs, e.withinSystem.predictedPairs, e.withinSystem.correctPairs}),
        withinTruePredictedCorrect);
    QCOMPARE(e.pairs.precision(), precision);
    QCOMPARE(e.pairs.recall(), recall);
    QVERIFY2(std::abs(e.pairs.f1() - f1) < 1e-12, qPrintable(QString::number(e.pairs.f1())));
    QCOMPARE(e.duplicatePairs, qint64(2));
    QCOMPARE(e.duplicatesFound, withinTruePredictedCorrect[2]);
}

void TestMatch::evaluationClustersAndReview()
{
    Fixture fx;
    auto built = buildEvaluationData(fx);
    QVERIFY2(built, qPrintable(built.errorString()));
    // Entities {c1 c4 b1} {c2} {c3 b2 b3}; c1 ~ c2 (one customer) and c4 ~ b2 (c4 unlabelled)
    // are in review.
    MatchResult result = resultOf({0, 1, 2, 0, 0, 2, 2});
    result.reviewPairs = {MatchEdge{0, 1, 5.0f, -1, u"score in the review band"_s},
                          MatchEdge{3, 5, 4.5f, -1, u"score in the review band"_s}};
    const MatchEvaluation e = evaluateMatch(*fx.data, result, kTruth);
    QCOMPARE(e.predictedEntities, qint64(3));
    // Labelled parts: {c1 b1} {c2} {c3 b2 b3}; only the last is exactly one true customer.
    QCOMPARE(e.clusters.truePairs, qint64(2));
    QCOMPARE(e.clusters.predictedPairs, qint64(3));
    QCOMPARE(e.clusters.correctPairs, qint64(1));
    QCOMPARE(e.reviewPairs, qint64(2));
    QCOMPARE(e.reviewPairsTrue, qint64(1));
    QCOMPARE(e.duplicatePairs, qint64(2));     // c1c2, b2b3
    QCOMPARE(e.duplicatesFound, qint64(1));    // b2b3
    QCOMPARE(e.duplicatesInReview, qint64(1)); // c1c2
}

QTEST_GUILESS_MAIN(TestMatch)
#include "tst_match.moc"
