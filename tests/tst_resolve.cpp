// The resolution engine on small in-memory snapshots: the ownership matrix, version times,
// owner / priority / recency rules and their fallbacks, partial updates that must never
// blank a value, high-stakes fields, anomalies (x100, /100, years), ghosts, the agreed
// count and deterministic output. Entities are labelled by hand ("E1"), not matched.
#include "Snapshot.h"
#include "match/Matcher.h"
#include "match/NormalizedSnapshot.h"
#include "resolve/Resolver.h"

#include <QDateTime>
#include <QRandomGenerator>
#include <QSet>
#include <QTest>
#include <memory>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {

using Record = NormalizedSnapshot::Record;

// One system: the canonical fields it maps (its columns have the same names) and its rows:
// entity label, source id, version token, then one value per field ("" = blank).
struct TestSystem
{
    QString name;
    QStringList fields;
    QList<QStringList> rows;
    QString dateOrder = u"MDY"_s;
};

} // namespace

Q_DECLARE_METATYPE(QList<TestSystem>)
Q_DECLARE_METATYPE(QList<concord::FieldPolicy>)
Q_DECLARE_METATYPE(QList<concord::OwnershipEntry>)

namespace {

QList<MatchField> testFields()
{
    return {{u"email"_s, u"email"_s},
            {u"phone"_s, u"phone"_s},
            {u"state"_s, u"state"_s},
            {u"credit_limit"_s, u"money"_s},
            {u"score"_s, u"number"_s},
            {u"quote_date"_s, u"date"_s},
            {u"bank_account"_s, u"bank_account"_s},
            {u"full_name"_s, u"name"_s}};
}

// The snapshot, its normalized form, the hand-made entities and each record's version time.
struct Fixture
{
    Snapshot snapshot;
    std::unique_ptr<NormalizedSnapshot> data;
    MatchResult match;
    std::vector<qint64> timestamps;
    QStringList entityLabels; // by cluster id
};

std::unique_ptr<Fixture> buildFixture(const QList<TestSystem>& systems)
{
    auto fixture = std::make_unique<Fixture>();
    QList<SystemMapping> mappings;
    QStringList recordLabels;
    QStringList dateOrders;
    for (const TestSystem& s : systems) {
        SnapshotBuilder builder(s.name, u"customers"_s, fixture->snapshot.pool());
        QList<ColumnInfo> columns{ColumnInfo{u"id"_s, u"TEXT"_s, true}};
        SystemMapping mapping;
        mapping.system = s.name;
        mapping.context.dateOrder = s.dateOrder;
        for (const QString& f : s.fields) {
            columns.append(ColumnInfo{f, u"TEXT"_s, false});
            mapping.columnOfField.insert(f, f);
        }
        mappings.append(mapping);
        builder.begin(columns, s.name + u".csv"_s);
        qint64 ordinal = 0;
        for (const QStringList& r : s.rows) {
            if (r.size() != s.fields.size() + 3)
                qFatal("row of %s has %d values", qPrintable(s.name), int(r.size()));
            SourceRow row;
            row.ordinal = ++ordinal;
            row.sourceId = r[1];
            row.version = r[2];
            row.values = QStringList{r[1]} + r.mid(3);
            if (!builder.row(row))
                qFatal("%s", qPrintable(builder.errorString()));
            recordLabels.append(r[0]);
            dateOrders.append(s.dateOrder);
        }
        fixture->snapshot.add(builder.take());
    }
    auto data = NormalizedSnapshot::build(fixture->snapshot, testFields(), mappings, {}, 1);
    if (!data)
        qFatal("%s", qPrintable(data.errorString()));
    fixture->data = std::move(data.value());

    for (qsizetype r = 0; r < recordLabels.size(); ++r) {
        qsizetype entity = fixture->entityLabels.indexOf(recordLabels[r]);
        if (entity < 0) {
            entity = fixture->entityLabels.size();
            fixture->entityLabels.append(recordLabels[r]);
        }
        fixture->match.clusterOf.push_back(static_cast<std::uint32_t>(entity));
        const Record record = static_cast<Record>(r);
        const QString version =
            fixture->data->system(fixture->data->systemOf(record)).version(fixture->data->rowOf(record));
        fixture->timestamps.push_back(versionTimestamp(version, dateOrders[r]));
    }
    fixture->match.clusterCount = static_cast<std::uint32_t>(fixture->entityLabels.size());
    return fixture;
}

QString recordName(const Fixture& f, Record r)
{
    return f.data->system(f.data->systemOf(r)).system() + u':' + f.data->sourceId(r);
}

QString reviewSuffix(const std::optional<ReviewKind>& review)
{
    return review ? u" ["_s + reviewKindName(*review) + u']' : QString();
}

// "E1 phone = '+14155550101' from crm:1 by owner [partial_update]"
QStringList formatDecisions(const Fixture& f, const Resolution& r)
{
    QStringList lines;
    for (const FieldDecision& d : r.decisions) {
        lines.append(u"%1 %2 = '%3' from %4 by %5"_s.arg(
                         f.entityLabels[d.entity], f.data->field(d.field).field.name, d.value,
                         d.source == UINT32_MAX ? u"-"_s : recordName(f, d.source), d.rule) +
                     reviewSuffix(d.review));
    }
    return lines;
}

// "E1 phone quoting:Q1 '+14155550199' -> '+14155550101' [anomaly]"
QStringList formatChanges(const Fixture& f, const Resolution& r)
{
    QStringList lines;
    for (const ProposedChange& c : r.changes) {
        lines.append(u"%1 %2 %3 '%4' -> '%5'"_s.arg(f.entityLabels[c.entity],
                                                    f.data->field(c.field).field.name,
                                                    recordName(f, c.target), c.beforeNormalized, c.after) +
                     reviewSuffix(c.review));
    }
    return lines;
}

FieldPolicy policy(const QString& field, const QString& owner, const QString& rule = u"owner"_s,
                   const QStringList& priority = {})
{
    FieldPolicy p;
    p.field = field;
    p.owner = owner;
    p.rule = rule;
    p.priority = priority;
    return p;
}

FieldPolicy highStakes(FieldPolicy p)
{
    p.highStakes = true;
    return p;
}

FieldPolicy anomalyBounds(FieldPolicy p, double ratio, int years)
{
    p.anomalyRatio = ratio;
    p.anomalyYears = years;
    return p;
}

// Version tokens in each demo system's own layout.
QString crmAt(const QString& iso)
{
    return u"v:"_s + iso + u":00Z"_s;
} // 2026-05-03T14:22:00Z
QString accountingAt(const QString& iso) // 2026-05-03 14:22:00
{
    return u"v:"_s + QString(iso).replace(u'T', u' ') + u":00"_s;
}
QString quotingAt(const QString& iso) // 05/03/2026 14:22
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    return u"v:"_s + t.toString(u"MM/dd/yyyy HH:mm"_s);
}
QString marketingAt(const QString& iso) // 03/05/2026 14:22 (day first)
{
    const QDateTime t = QDateTime::fromString(iso, Qt::ISODate);
    return u"v:"_s + t.toString(u"dd/MM/yyyy HH:mm"_s);
}

qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

// Every text a person would read about the resolution.
QString allReasons(const Resolution& r)
{
    QStringList texts;
    for (const FieldDecision& d : r.decisions)
        texts << d.reason << d.reviewReason;
    for (const ProposedChange& c : r.changes)
        texts << c.reason << c.reviewReason;
    for (const Ghost& g : r.ghosts)
        texts << g.reason;
    return texts.join(u'\n');
}

} // namespace

class TestResolve : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void validateOwnership_data();
    void validateOwnership();
    void validatePolicies();
    void reviewKindNames();
    void versionTimestamp_data();
    void versionTimestamp();
    void anomalyReason_data();
    void anomalyReason();
    void resolve_data();
    void resolve();
    void ghosts_data();
    void ghosts();
    void warnings();
    void determinism();
};

void TestResolve::validateOwnership_data()
{
    QTest::addColumn<QList<OwnershipEntry>>("entries");
    QTest::addColumn<QStringList>("expected");
    const QList<OwnershipEntry> fine{
        {u"email"_s, u"crm"_s}, {u"phone"_s, u"crm"_s}, {u"credit_limit"_s, u"accounting"_s}};

    QTest::newRow("all fine") << fine << QStringList{};
    QTest::newRow("the same owner twice is one owner")
        << (fine + QList<OwnershipEntry>{{u"email"_s, u"crm"_s}}) << QStringList{};
    QTest::newRow("no owner") << QList<OwnershipEntry>{{u"phone"_s, u"crm"_s},
                                                       {u"credit_limit"_s, u"accounting"_s}}
                              << QStringList{u"field 'email' has no owner"_s};
    QTest::newRow("two owners") << (fine + QList<OwnershipEntry>{{u"phone"_s, u"quoting"_s}})
                                << QStringList{u"field 'phone' is owned by crm and quoting"_s};
    QTest::newRow("three owners") << (fine + QList<OwnershipEntry>{{u"phone"_s, u"quoting"_s},
                                                                   {u"phone"_s, u"accounting"_s}})
                                  << QStringList{u"field 'phone' is owned by crm, quoting and accounting"_s};
    QTest::newRow("unknown system") << QList<OwnershipEntry>{{u"email"_s, u"crm"_s},
                                                             {u"phone"_s, u"crm"_s},
                                                             {u"credit_limit"_s, u"erp"_s}}
                                    << QStringList{
                                           u"field 'credit_limit' is owned by unknown system 'erp'"_s};
    QTest::newRow("unknown field")
        << (fine + QList<OwnershipEntry>{{u"fax"_s, u"crm"_s}})
        << QStringList{u"ownership names 'fax', which is not a canonical field (owned by crm)"_s};
    QTest::newRow("nothing owned") << QList<OwnershipEntry>{}
                                   << QStringList{u"field 'email' has no owner"_s,
                                                  u"field 'phone' has no owner"_s,
                                                  u"field 'credit_limit' has no owner"_s};
}

void TestResolve::validateOwnership()
{
    QFETCH(QList<OwnershipEntry>, entries);
    QFETCH(QStringList, expected);
    const QStringList fields{u"email"_s, u"phone"_s, u"credit_limit"_s};
    const QStringList systems{u"crm"_s, u"quoting"_s, u"accounting"_s};
    QCOMPARE(concord::validateOwnership(entries, fields, systems), expected);
}

void TestResolve::validatePolicies()
{
    const QStringList fields{u"email"_s, u"phone"_s};
    const QStringList systems{u"crm"_s, u"quoting"_s};
    QCOMPARE(concord::validatePolicies({policy(u"email"_s, u"crm"_s), policy(u"phone"_s, u"quoting"_s)},
                                       fields, systems),
             QStringList{});
    FieldPolicy badRatio = policy(u"phone"_s, u"quoting"_s);
    badRatio.anomalyRatio = 0.5;
    const QStringList problems =
        concord::validatePolicies({policy(u"email"_s, u"crm"_s, u"latest"_s),
                                   policy(u"email"_s, u"quoting"_s, u"priority"_s, {u"erp"_s}), badRatio},
                                  fields, systems);
    QCOMPARE(problems,
             (QStringList{u"field 'email' is owned by crm and quoting"_s,
                          u"field 'email': unknown rule 'latest' (known: owner, priority, recency)"_s,
                          u"field 'email' has more than one policy"_s,
                          u"field 'email': priority names unknown system 'erp'"_s,
                          u"field 'phone': anomaly ratio 0.5 must be 0 (off) or above 1"_s}));
}

void TestResolve::reviewKindNames()
{
    const QList<std::pair<ReviewKind, QString>> names{{ReviewKind::AmbiguousMatch, u"ambiguous_match"_s},
                                                      {ReviewKind::Duplicate, u"duplicate"_s},
                                                      {ReviewKind::Conflict, u"conflict"_s},
                                                      {ReviewKind::HighStakes, u"high_stakes"_s},
                                                      {ReviewKind::Anomaly, u"anomaly"_s},
                                                      {ReviewKind::PartialUpdate, u"partial_update"_s},
                                                      {ReviewKind::Deletion, u"deletion"_s}};
    for (const auto& [kind, name] : names) {
        QCOMPARE(reviewKindName(kind), name);
        QCOMPARE(reviewKindFromName(name), std::optional<ReviewKind>(kind));
    }
    QCOMPARE(reviewKindFromName(u"stale"_s), std::nullopt);
}

void TestResolve::versionTimestamp_data()
{
    QTest::addColumn<QString>("token");
    QTest::addColumn<QString>("dateOrder");
    QTest::addColumn<qint64>("expected");
    const qint64 t = utc(2026, 5, 3, 14, 22, 10);
    const qint64 minute = utc(2026, 5, 3, 14, 22);

    QTest::newRow("ISO with Z") << u"v:2026-05-03T14:22:10Z"_s << u"MDY"_s << t;
    QTest::newRow("ISO with fraction") << u"v:2026-05-03T14:22:10.250Z"_s << u"MDY"_s << t + 250;
    QTest::newRow("ISO with offset") << u"v:2026-05-03T16:22:10+02:00"_s << u"MDY"_s << t;
    QTest::newRow("ISO with negative offset") << u"v:2026-05-03T09:22:10-0500"_s << u"DMY"_s << t;
    QTest::newRow("space, seconds, no zone = UTC") << u"v:2026-05-03 14:22:10"_s << u"MDY"_s << t;
    QTest::newRow("space, minutes") << u"v:2026-05-03 14:22"_s << u"DMY"_s << minute;
    QTest::newRow("year first wins over DMY") << u"v:2026/05/03 14:22"_s << u"DMY"_s << minute;
    QTest::newRow("MM/DD/YYYY HH:MM") << u"v:05/03/2026 14:22"_s << u"MDY"_s << minute;
    QTest::newRow("no date order configured = MDY") << u"v:05/03/2026 14:22"_s << QString() << minute;
    QTest::newRow("DD/MM/YYYY HH:MM") << u"v:03/05/2026 14:22"_s << u"DMY"_s << minute;
    QTest::newRow("DD.MM.YYYY") << u"v:03.05.2026 14:22"_s << u"DMY"_s << minute;
    QTest::newRow("MDY with PM") << u"v:05/03/2026 2:22 PM"_s << u"MDY"_s << minute;
    QTest::newRow("12 AM is midnight") << u"v:05/03/2026 12:00 am"_s << u"MDY"_s << utc(2026, 5, 3);
    QTest::newRow("date only") << u"v:2026-05-03"_s << u"MDY"_s << utc(2026, 5, 3);
    QTest::newRow("DMY reading of an MDY-only date is invalid")
        << u"v:05/13/2026 10:00"_s << u"DMY"_s << qint64(0);
    QTest::newRow("year last in a YMD system is ambiguous")
        << u"v:05/03/2026 14:22"_s << u"YMD"_s << qint64(0);
    QTest::newRow("two-digit year") << u"v:05/03/26 14:22"_s << u"MDY"_s << qint64(0);
    QTest::newRow("row hash") << u"h:0123456789abcdef"_s << u"MDY"_s << qint64(0);
    QTest::newRow("counter") << u"v:42"_s << u"MDY"_s << qint64(0);
    QTest::newRow("garbage") << u"v:yesterday"_s << u"MDY"_s << qint64(0);
    QTest::newRow("bad time") << u"v:2026-05-03 25:00"_s << u"MDY"_s << qint64(0);
    QTest::newRow("bad date") << u"v:2026-02-30 10:00"_s << u"MDY"_s << qint64(0);
    QTest::newRow("13 PM") << u"v:05/03/2026 13:00 PM"_s << u"MDY"_s << qint64(0);
    QTest::newRow("empty") << QString() << u"MDY"_s << qint64(0);
}

void TestResolve::versionTimestamp()
{
    QFETCH(QString, token);
    QFETCH(QString, dateOrder);
    QFETCH(qint64, expected);
    QCOMPARE(concord::versionTimestamp(token, dateOrder), expected);
}

void TestResolve::anomalyReason_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("before");
    QTest::addColumn<QString>("after");
    QTest::addColumn<double>("ratio");
    QTest::addColumn<int>("years");
    QTest::addColumn<QString>("expected");

    QTest::newRow("/100") << u"money"_s << u"25000.00"_s << u"250.00"_s << 10.0 << 2
                          << u"250.00 is 100 times smaller than 25000.00 (more than 10 times)"_s;
    QTest::newRow("x100") << u"money"_s << u"100.00"_s << u"10000.00"_s << 10.0 << 2
                          << u"10000.00 is 100 times larger than 100.00 (more than 10 times)"_s;
    QTest::newRow("100 -> 1, number") << u"number"_s << u"100"_s << u"1"_s << 10.0 << 2
                                      << u"1 is 100 times smaller than 100 (more than 10 times)"_s;
    QTest::newRow("negative amounts by size")
        << u"money"_s << u"-100.00"_s << u"-1.00"_s << 10.0 << 2
        << u"-1.00 is 100 times smaller than -100.00 (more than 10 times)"_s;
    QTest::newRow("within the ratio") << u"money"_s << u"100.00"_s << u"900.00"_s << 10.0 << 2 << QString();
    QTest::newRow("exactly the ratio") << u"money"_s << u"100.00"_s << u"1000.00"_s << 10.0 << 2 << QString();
    QTest::newRow("ratio off") << u"money"_s << u"25000.00"_s << u"250.00"_s << 0.0 << 2 << QString();
    QTest::newRow("from zero") << u"money"_s << u"0.00"_s << u"250.00"_s << 10.0 << 2 << QString();
    QTest::newRow("from blank") << u"money"_s << QString() << u"250.00"_s << 10.0 << 2 << QString();
    QTest::newRow("unparseable") << u"money"_s << u"n/a"_s << u"250.00"_s << 10.0 << 2 << QString();
    QTest::newRow("date 10 years back") << u"date"_s << u"2026-05-03"_s << u"2016-05-03"_s << 10.0 << 2
                                        << u"2016-05-03 is 10.0 years before 2026-05-03 (more than 2)"_s;
    QTest::newRow("date 3 years ahead") << u"date"_s << u"2023-01-01"_s << u"2026-01-02"_s << 10.0 << 2
                                        << u"2026-01-02 is 3.0 years after 2023-01-01 (more than 2)"_s;
    QTest::newRow("date exactly 2 years")
        << u"date"_s << u"2024-05-03"_s << u"2026-05-03"_s << 10.0 << 2 << QString();
    QTest::newRow("date years off") << u"date"_s << u"2016-05-03"_s << u"2026-05-03"_s << 10.0 << 0
                                    << QString();
    QTest::newRow("text never") << u"email"_s << u"1"_s << u"100"_s << 10.0 << 2 << QString();
}

void TestResolve::anomalyReason()
{
    QFETCH(QString, type);
    QFETCH(QString, before);
    QFETCH(QString, after);
    QFETCH(double, ratio);
    QFETCH(int, years);
    QFETCH(QString, expected);
    FieldPolicy p = policy(u"x"_s, u"crm"_s);
    p.anomalyRatio = ratio;
    p.anomalyYears = years;
    QCOMPARE(concord::anomalyReason(type, before, after, p), expected);
}

void TestResolve::resolve_data()
{
    QTest::addColumn<QList<TestSystem>>("systems");
    QTest::addColumn<QList<FieldPolicy>>("policies");
    QTest::addColumn<QStringList>("decisions");
    QTest::addColumn<QStringList>("changes");
    QTest::addColumn<QStringList>("reasons"); // each must appear in some reason a person reads
    QTest::addColumn<qint64>("agreed");

    const QStringList phone{u"phone"_s};
    const QStringList email{u"email"_s};
    const QString may1 = u"2026-05-01T10:00"_s;
    const QString may2 = u"2026-05-02T08:00"_s;
    const QString may3 = u"2026-05-03T14:22"_s;
    const QString may4 = u"2026-05-04T09:00"_s;

    QTest::newRow("owner wins, a later edit elsewhere is held for review")
        << QList<TestSystem>{{u"crm"_s, phone, {{u"E1"_s, u"1"_s, crmAt(may1), u"(415) 555-0101"_s}}},
                             {u"quoting"_s, phone, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u"415.555.0199"_s}}},
                             {u"accounting"_s,
                              phone,
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"4155550101"_s}}}}
        << QList<FieldPolicy>{policy(u"phone"_s, u"crm"_s)}
        << QStringList{u"E1 phone = '+14155550101' from crm:1 by owner [conflict]"_s}
        << QStringList{u"E1 phone quoting:Q1 '+14155550199' -> '+14155550101' [conflict]"_s}
        << QStringList{u"crm owns phone; quoting's later edit (2026-05-04T09:00) would be overwritten"_s}
        << qint64(0);

    QTest::newRow("a later row holding an older value is a stale copy, not a later edit")
        << QList<TestSystem>{{u"crm"_s, phone, {{u"E1"_s, u"1"_s, crmAt(may3), u"(415) 555-0101"_s}}},
                             {u"quoting"_s, phone, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u"415.555.0199"_s}}},
                             {u"accounting"_s,
                              phone,
                              {{u"E1"_s, u"100"_s, accountingAt(may1), u"4155550199"_s}}}}
        << QList<FieldPolicy>{policy(u"phone"_s, u"crm"_s)}
        << QStringList{u"E1 phone = '+14155550101' from crm:1 by owner"_s}
        << QStringList{u"E1 phone quoting:Q1 '+14155550199' -> '+14155550101'"_s,
                       u"E1 phone accounting:100 '+14155550199' -> '+14155550101'"_s}
        << QStringList{u"crm owns phone"_s} << qint64(0);

    QTest::newRow("owner with a duplicate: its most recent record")
        << QList<TestSystem>{{u"crm"_s,
                              email,
                              {{u"E1"_s, u"1"_s, crmAt(may3), u"ann@acme.com"_s},
                               {u"E1"_s, u"2"_s, crmAt(may1), u"ann@old.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u"ann@old.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s)}
        << QStringList{u"E1 email = 'ann@acme.com' from crm:1 by owner"_s}
        << QStringList{u"E1 email crm:2 'ann@old.com' -> 'ann@acme.com'"_s,
                       u"E1 email quoting:Q1 'ann@old.com' -> 'ann@acme.com'"_s}
        << QStringList{u"crm owns email (the most recent of its 2 records here, 1)"_s} << qint64(0);

    QTest::newRow("priority: first system in order with a value")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may4), u"a@acme.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"b@acme.com"_s}}},
                             {u"accounting"_s,
                              email,
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"C@Acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"priority"_s,
                                     {u"accounting"_s, u"quoting"_s, u"crm"_s})}
        << QStringList{u"E1 email = 'c@acme.com' from accounting:100 by priority"_s}
        << QStringList{u"E1 email crm:1 'a@acme.com' -> 'c@acme.com'"_s,
                       u"E1 email quoting:Q1 'b@acme.com' -> 'c@acme.com'"_s}
        << QStringList{u"accounting comes first in the priority order (accounting, quoting, crm) with a value"_s}
        << qint64(0);

    QTest::newRow("priority skips a blank and fills it")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may1), u"a@acme.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may2), u"b@acme.com"_s}}},
                             {u"accounting"_s, email, {{u"E1"_s, u"100"_s, accountingAt(may4), u""_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"priority"_s,
                                     {u"accounting"_s, u"quoting"_s, u"crm"_s})}
        << QStringList{u"E1 email = 'b@acme.com' from quoting:Q1 by priority"_s}
        << QStringList{u"E1 email crm:1 'a@acme.com' -> 'b@acme.com'"_s,
                       u"E1 email accounting:100 '' -> 'b@acme.com'"_s}
        << QStringList{u"quoting comes first"_s} << qint64(0);

    QTest::newRow("recency: the latest edit across layouts")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may1), u"a@acme.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may3), u"b@acme.com"_s}}},
                             {u"accounting"_s,
                              email,
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"a@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"recency"_s)}
        << QStringList{u"E1 email = 'b@acme.com' from quoting:Q1 by recency"_s}
        << QStringList{u"E1 email crm:1 'a@acme.com' -> 'b@acme.com'"_s,
                       u"E1 email accounting:100 'a@acme.com' -> 'b@acme.com'"_s}
        << QStringList{u"quoting edited it last (2026-05-03T14:22)"_s} << qint64(0);

    // 04/05 is 4 May day-first: later than crm's 3 May (read month-first it would be 5 April).
    QTest::newRow("recency: a day-first system's time")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may3), u"a@acme.com"_s}}},
                             {u"marketing"_s,
                              email,
                              {{u"E1"_s, u"M1"_s, marketingAt(may4), u"m@acme.com"_s}},
                              u"DMY"_s}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"recency"_s)}
        << QStringList{u"E1 email = 'm@acme.com' from marketing:M1 by recency"_s}
        << QStringList{u"E1 email crm:1 'a@acme.com' -> 'm@acme.com'"_s}
        << QStringList{u"marketing edited it last (2026-05-04T09:00)"_s} << qint64(0);

    QTest::newRow("recency: a tie settles nothing")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may3), u"a@acme.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may3), u"b@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"recency"_s)}
        << QStringList{u"E1 email = '' from - by recency [conflict]"_s} << QStringList{}
        << QStringList{u"no rule settles email: crm 1 'a@acme.com' (2026-05-03T14:22), "
                       u"quoting Q1 'b@acme.com' (2026-05-03T14:22)"_s}
        << qint64(0);

    QTest::newRow("recency: an unknown time settles nothing")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may3), u"a@acme.com"_s}}},
                             {u"quoting"_s,
                              email,
                              {{u"E1"_s, u"Q1"_s, u"h:00000000000000ff"_s, u"b@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"recency"_s)}
        << QStringList{u"E1 email = '' from - by recency [conflict]"_s} << QStringList{}
        << QStringList{u"quoting Q1 'b@acme.com' (time unknown)"_s} << qint64(0);

    // The demo's "partial" drift: an update blanked the owner's phone; the others still hold it.
    QTest::newRow("owner blank: partial update, never propagated")
        << QList<TestSystem>{{u"crm"_s, phone, {{u"E1"_s, u"1"_s, crmAt(may4), u""_s}}},
                             {u"quoting"_s, phone, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"415-555-0101"_s}}},
                             {u"accounting"_s,
                              phone,
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"4155550101"_s}}}}
        << QList<FieldPolicy>{policy(u"phone"_s, u"crm"_s)}
        << QStringList{u"E1 phone = '+14155550101' from accounting:100 by recency [partial_update]"_s}
        << QStringList{u"E1 phone crm:1 '' -> '+14155550101' [partial_update]"_s}
        << QStringList{u"crm owns phone but its value is blank; accounting edited it last (2026-05-02T08:00)"_s,
                       u"crm's phone is blank while quoting and accounting hold a value: a likely partial update"_s}
        << qint64(0);

    QTest::newRow("owner blank: priority fallback")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may4), u""_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may3), u"q@acme.com"_s}}},
                             {u"accounting"_s,
                              email,
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"a@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"owner"_s, {u"accounting"_s, u"quoting"_s})}
        << QStringList{u"E1 email = 'a@acme.com' from accounting:100 by priority [partial_update]"_s}
        << QStringList{u"E1 email crm:1 '' -> 'a@acme.com' [partial_update]"_s,
                       u"E1 email quoting:Q1 'q@acme.com' -> 'a@acme.com' [partial_update]"_s}
        << QStringList{u"accounting comes first in the priority order (accounting, quoting)"_s} << qint64(0);

    QTest::newRow("recency: the latest update blanked it")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may1), u"a@acme.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u""_s}}},
                             {u"accounting"_s,
                              email,
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"a@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"recency"_s)}
        << QStringList{u"E1 email = 'a@acme.com' from accounting:100 by recency [partial_update]"_s}
        << QStringList{u"E1 email quoting:Q1 '' -> 'a@acme.com' [partial_update]"_s}
        << QStringList{u"the most recent update (quoting, 2026-05-04T09:00) blanked email"_s} << qint64(0);

    QTest::newRow("owner has no record: priority fallback")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E2"_s, u"1"_s, crmAt(may1), u"x@acme.com"_s}}},
                             {u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"q@acme.com"_s}}},
                             {u"accounting"_s,
                              email,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"a@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s, u"owner"_s, {u"crm"_s, u"quoting"_s})}
        << QStringList{u"E1 email = 'q@acme.com' from quoting:Q1 by priority"_s}
        << QStringList{u"E1 email accounting:100 'a@acme.com' -> 'q@acme.com'"_s}
        << QStringList{u"crm owns email but has no record here; quoting comes first"_s} << qint64(0);

    QTest::newRow("owner has no record: recency fallback")
        << QList<TestSystem>{{u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"q@acme.com"_s}}},
                             {u"accounting"_s,
                              email,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"a@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s)}
        << QStringList{u"E1 email = 'a@acme.com' from accounting:100 by recency"_s}
        << QStringList{u"E1 email quoting:Q1 'q@acme.com' -> 'a@acme.com'"_s}
        << QStringList{u"crm owns email but has no record here; accounting edited it last (2026-05-04T09:00)"_s}
        << qint64(0);

    QTest::newRow("owner has no record, no times: conflict")
        << QList<TestSystem>{{u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, u"h:1"_s, u"q@acme.com"_s}}},
                             {u"accounting"_s, email, {{u"E1"_s, u"100"_s, u"h:2"_s, u"a@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s)}
        << QStringList{u"E1 email = '' from - by recency [conflict]"_s} << QStringList{}
        << QStringList{u"no rule settles email: quoting Q1 'q@acme.com' (time unknown), "
                       u"accounting 100 'a@acme.com' (time unknown)"_s}
        << qint64(0);

    QTest::newRow("owner has no record, one value: fill the blank")
        << QList<TestSystem>{{u"quoting"_s, email, {{u"E1"_s, u"Q1"_s, u"h:1"_s, u"q@acme.com"_s}}},
                             {u"accounting"_s, email, {{u"E1"_s, u"100"_s, u"h:2"_s, u""_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s)}
        << QStringList{u"E1 email = 'q@acme.com' from quoting:Q1 by recency"_s}
        << QStringList{u"E1 email accounting:100 '' -> 'q@acme.com'"_s}
        << QStringList{u"the only value held (by quoting)"_s} << qint64(0);

    QTest::newRow("owner holds an invalid value: conflict with a proposal")
        << QList<TestSystem>{{u"crm"_s, phone, {{u"E1"_s, u"1"_s, crmAt(may4), u"call reception"_s}}},
                             {u"quoting"_s, phone, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"415-555-0101"_s}}}}
        << QList<FieldPolicy>{policy(u"phone"_s, u"crm"_s)}
        << QStringList{u"E1 phone = '+14155550101' from quoting:Q1 by recency [conflict]"_s}
        << QStringList{u"E1 phone crm:1 'call reception' -> '+14155550101' [conflict]"_s}
        << QStringList{u"crm owns phone but holds 'call reception', which is not a valid phone"_s}
        << qint64(0);

    QTest::newRow("filling a blank outside the owner is a plain change")
        << QList<TestSystem>{{u"crm"_s, phone, {{u"E1"_s, u"1"_s, crmAt(may1), u"415-555-0101"_s}}},
                             {u"quoting"_s, phone, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u""_s}}}}
        << QList<FieldPolicy>{policy(u"phone"_s, u"crm"_s)}
        << QStringList{u"E1 phone = '+14155550101' from crm:1 by owner"_s}
        << QStringList{u"E1 phone quoting:Q1 '' -> '+14155550101'"_s} << QStringList{u"crm owns phone"_s}
        << qint64(0);

    QTest::newRow("high stakes: every change needs approval")
        << QList<TestSystem>{{u"accounting"_s,
                              {u"bank_account"_s},
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"021000021/4829301845"_s}}},
                             {u"quoting"_s,
                              {u"bank_account"_s},
                              {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"021000021 / 1111111111"_s}}}}
        << QList<FieldPolicy>{highStakes(policy(u"bank_account"_s, u"accounting"_s))}
        << QStringList{u"E1 bank_account = '021000021/4829301845' from accounting:100 by owner [high_stakes]"_s}
        << QStringList{u"E1 bank_account quoting:Q1 '021000021/1111111111' -> '021000021/4829301845' [high_stakes]"_s}
        << QStringList{u"bank_account is high-stakes: every change needs approval"_s} << qint64(0);

    // Accounting keeps names in ASCII: its spelling must not strip quoting's diacritics.
    QTest::newRow("diacritics: an ASCII spelling never wins over them")
        << QList<TestSystem>{{u"crm"_s, email, {{u"E1"_s, u"1"_s, crmAt(may1), u"jn@acme.com"_s}}},
                             {u"quoting"_s,
                              {u"full_name"_s},
                              {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"José Núñez"_s}}},
                             {u"accounting"_s,
                              {u"full_name"_s},
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"NUNEZ, JOSE"_s}}}}
        << QList<FieldPolicy>{policy(u"full_name"_s, u"crm"_s)}
        << QStringList{u"E1 full_name = 'José Núñez' from quoting:Q1 by recency"_s}
        << QStringList{u"E1 full_name accounting:100 'Jose Nunez' -> 'José Núñez'"_s}
        << QStringList{u"crm owns full_name but does not hold it; accounting edited it last "
                       u"(2026-05-04T09:00); "
                       u"written with its diacritics as quoting holds it"_s}
        << qint64(0);

    QTest::newRow("diacritics: a different name is not a spelling")
        << QList<TestSystem>{{u"quoting"_s,
                              {u"full_name"_s},
                              {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"José Núñez"_s}}},
                             {u"accounting"_s,
                              {u"full_name"_s},
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"Jose Nunes"_s}}}}
        << QList<FieldPolicy>{policy(u"full_name"_s, u"accounting"_s)}
        << QStringList{u"E1 full_name = 'Jose Nunes' from accounting:100 by owner"_s}
        << QStringList{u"E1 full_name quoting:Q1 'José Núñez' -> 'Jose Nunes'"_s}
        << QStringList{u"accounting owns full_name"_s} << qint64(0);

    const QStringList credit{u"credit_limit"_s};
    // The demo's "anomaly" drift: the owner's amount divided by 100 must not propagate.
    QTest::newRow("anomaly: the owner's /100 slip")
        << QList<TestSystem>{{u"accounting"_s,
                              credit,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"250.00"_s}}},
                             {u"crm"_s, credit, {{u"E1"_s, u"1"_s, crmAt(may1), u"$25,000.00"_s}}},
                             {u"quoting"_s, credit, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"25000"_s}}}}
        << QList<FieldPolicy>{policy(u"credit_limit"_s, u"accounting"_s)}
        << QStringList{u"E1 credit_limit = '250.00' from accounting:100 by owner [anomaly]"_s}
        << QStringList{u"E1 credit_limit crm:1 '25000.00' -> '250.00' [anomaly]"_s,
                       u"E1 credit_limit quoting:Q1 '25000.00' -> '250.00' [anomaly]"_s}
        << QStringList{u"the winning value (accounting) is the outlier: 250.00 is 100 times smaller than 25000.00"_s}
        << qint64(0);

    QTest::newRow("anomaly: the owner's x100 slip")
        << QList<TestSystem>{{u"accounting"_s,
                              credit,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"2500000"_s}}},
                             {u"crm"_s, credit, {{u"E1"_s, u"1"_s, crmAt(may1), u"25000.00"_s}}}}
        << QList<FieldPolicy>{policy(u"credit_limit"_s, u"accounting"_s)}
        << QStringList{u"E1 credit_limit = '2500000.00' from accounting:100 by owner [anomaly]"_s}
        << QStringList{u"E1 credit_limit crm:1 '25000.00' -> '2500000.00' [anomaly]"_s}
        << QStringList{u"2500000.00 is 100 times larger than 25000.00"_s} << qint64(0);

    QTest::newRow("anomaly: a change that repairs a /100 slip is still held")
        << QList<TestSystem>{{u"accounting"_s,
                              credit,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"25000.00"_s}}},
                             {u"crm"_s, credit, {{u"E1"_s, u"1"_s, crmAt(may1), u"25000.00"_s}}},
                             {u"quoting"_s, credit, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"250.00"_s}}}}
        << QList<FieldPolicy>{policy(u"credit_limit"_s, u"accounting"_s)}
        << QStringList{u"E1 credit_limit = '25000.00' from accounting:100 by owner"_s}
        << QStringList{u"E1 credit_limit quoting:Q1 '250.00' -> '25000.00' [anomaly]"_s}
        << QStringList{u"quoting would change from 250.00: 25000.00 is 100 times larger than 250.00"_s}
        << qint64(0);

    QTest::newRow("anomaly: within the ratio")
        << QList<TestSystem>{{u"accounting"_s,
                              credit,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"30000.00"_s}}},
                             {u"crm"_s, credit, {{u"E1"_s, u"1"_s, crmAt(may1), u"25000.00"_s}}}}
        << QList<FieldPolicy>{policy(u"credit_limit"_s, u"accounting"_s)}
        << QStringList{u"E1 credit_limit = '30000.00' from accounting:100 by owner"_s}
        << QStringList{u"E1 credit_limit crm:1 '25000.00' -> '30000.00'"_s} << QStringList{} << qint64(0);

    QTest::newRow("anomaly: check off")
        << QList<TestSystem>{{u"accounting"_s,
                              credit,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"250.00"_s}}},
                             {u"crm"_s, credit, {{u"E1"_s, u"1"_s, crmAt(may1), u"25000.00"_s}}}}
        << QList<FieldPolicy>{anomalyBounds(policy(u"credit_limit"_s, u"accounting"_s), 0, 0)}
        << QStringList{u"E1 credit_limit = '250.00' from accounting:100 by owner"_s}
        << QStringList{u"E1 credit_limit crm:1 '25000.00' -> '250.00'"_s} << QStringList{} << qint64(0);

    QTest::newRow("anomaly: a number field 100 -> 1")
        << QList<TestSystem>{{u"crm"_s, {u"score"_s}, {{u"E1"_s, u"1"_s, crmAt(may4), u"1"_s}}},
                             {u"quoting"_s, {u"score"_s}, {{u"E1"_s, u"Q1"_s, quotingAt(may1), u"100"_s}}}}
        << QList<FieldPolicy>{policy(u"score"_s, u"crm"_s)}
        << QStringList{u"E1 score = '1' from crm:1 by owner [anomaly]"_s}
        << QStringList{u"E1 score quoting:Q1 '100' -> '1' [anomaly]"_s} << QStringList{} << qint64(0);

    const QStringList date{u"quote_date"_s};
    QTest::newRow("anomaly: a date years away")
        << QList<TestSystem>{{u"quoting"_s, date, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u"05/03/2026"_s}}},
                             {u"crm"_s, date, {{u"E1"_s, u"1"_s, crmAt(may1), u"2016-05-03"_s}}}}
        << QList<FieldPolicy>{policy(u"quote_date"_s, u"quoting"_s)}
        << QStringList{u"E1 quote_date = '2026-05-03' from quoting:Q1 by owner [anomaly]"_s}
        << QStringList{u"E1 quote_date crm:1 '2016-05-03' -> '2026-05-03' [anomaly]"_s}
        << QStringList{u"2026-05-03 is 10.0 years after 2016-05-03 (more than 2)"_s} << qint64(0);

    QTest::newRow("anomaly: a date one year away is fine")
        << QList<TestSystem>{{u"quoting"_s, date, {{u"E1"_s, u"Q1"_s, quotingAt(may4), u"05/03/2026"_s}}},
                             {u"crm"_s, date, {{u"E1"_s, u"1"_s, crmAt(may1), u"2025-05-03"_s}}}}
        << QList<FieldPolicy>{policy(u"quote_date"_s, u"quoting"_s)}
        << QStringList{u"E1 quote_date = '2026-05-03' from quoting:Q1 by owner"_s}
        << QStringList{u"E1 quote_date crm:1 '2025-05-03' -> '2026-05-03'"_s} << QStringList{} << qint64(0);

    QTest::newRow("high stakes and anomaly: the anomaly shows, both reasons kept")
        << QList<TestSystem>{{u"accounting"_s,
                              credit,
                              {{u"E1"_s, u"100"_s, accountingAt(may4), u"250.00"_s}}},
                             {u"crm"_s, credit, {{u"E1"_s, u"1"_s, crmAt(may1), u"25000.00"_s}}}}
        << QList<FieldPolicy>{highStakes(policy(u"credit_limit"_s, u"accounting"_s))}
        << QStringList{u"E1 credit_limit = '250.00' from accounting:100 by owner [anomaly]"_s}
        << QStringList{u"E1 credit_limit crm:1 '25000.00' -> '250.00' [anomaly]"_s}
        << QStringList{u"is the outlier"_s, u"credit_limit is high-stakes"_s} << qint64(0);

    // E1: both fields agree; E2: email blank everywhere (agreed: nothing to take), phones differ;
    // E3: one record; state is mapped by crm only (nothing to compare).
    QTest::newRow("agreed: counted per entity and field")
        << QList<TestSystem>{{u"crm"_s,
                              {u"email"_s, u"phone"_s, u"state"_s},
                              {{u"E1"_s, u"1"_s, crmAt(may3), u"a@acme.com"_s, u"415-555-0101"_s, u"CA"_s},
                               {u"E2"_s, u"2"_s, crmAt(may3), u""_s, u"415-555-0102"_s, u"NY"_s},
                               {u"E3"_s, u"3"_s, crmAt(may3), u"c@acme.com"_s, u""_s, u"TX"_s}}},
                             {u"quoting"_s,
                              {u"email"_s, u"phone"_s},
                              {{u"E1"_s, u"Q1"_s, quotingAt(may2), u"A@ACME.COM"_s, u"(415) 555-0101"_s},
                               {u"E2"_s, u"Q2"_s, quotingAt(may2), u""_s, u"415-555-0109"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s), policy(u"phone"_s, u"crm"_s),
                              policy(u"state"_s, u"crm"_s)}
        << QStringList{u"E2 phone = '+14155550102' from crm:2 by owner"_s}
        << QStringList{u"E2 phone quoting:Q2 '+14155550109' -> '+14155550102'"_s} << QStringList{}
        << qint64(3);

    QTest::newRow("ordered by entity, field, target")
        << QList<TestSystem>{{u"crm"_s,
                              {u"email"_s, u"phone"_s},
                              {{u"E1"_s, u"1"_s, crmAt(may3), u"a@acme.com"_s, u"415-555-0101"_s},
                               {u"E2"_s, u"2"_s, crmAt(may3), u"b@acme.com"_s, u"415-555-0102"_s}}},
                             {u"quoting"_s,
                              {u"phone"_s, u"email"_s},
                              {{u"E2"_s, u"Q2"_s, quotingAt(may2), u"415-555-0109"_s, u"x@acme.com"_s},
                               {u"E1"_s, u"Q1"_s, quotingAt(may2), u"415-555-0108"_s, u"y@acme.com"_s}}},
                             {u"accounting"_s,
                              {u"email"_s},
                              {{u"E1"_s, u"100"_s, accountingAt(may2), u"z@acme.com"_s}}}}
        << QList<FieldPolicy>{policy(u"email"_s, u"crm"_s), policy(u"phone"_s, u"crm"_s)}
        << QStringList{u"E1 email = 'a@acme.com' from crm:1 by owner"_s,
                       u"E1 phone = '+14155550101' from crm:1 by owner"_s,
                       u"E2 email = 'b@acme.com' from crm:2 by owner"_s,
                       u"E2 phone = '+14155550102' from crm:2 by owner"_s}
        << QStringList{u"E1 email quoting:Q1 'y@acme.com' -> 'a@acme.com'"_s,
                       u"E1 email accounting:100 'z@acme.com' -> 'a@acme.com'"_s,
                       u"E1 phone quoting:Q1 '+14155550108' -> '+14155550101'"_s,
                       u"E2 email quoting:Q2 'x@acme.com' -> 'b@acme.com'"_s,
                       u"E2 phone quoting:Q2 '+14155550109' -> '+14155550102'"_s}
        << QStringList{} << qint64(0);
}

void TestResolve::resolve()
{
    QFETCH(QList<TestSystem>, systems);
    QFETCH(QList<FieldPolicy>, policies);
    QFETCH(QStringList, decisions);
    QFETCH(QStringList, changes);
    QFETCH(QStringList, reasons);
    QFETCH(qint64, agreed);

    const auto fixture = buildFixture(systems);
    // Only the fields under test carry a policy; the others are reported, not resolved.
    const Resolution r = concord::resolve(*fixture->data, fixture->match, policies, fixture->timestamps, {});
    QCOMPARE(formatDecisions(*fixture, r), decisions);
    QCOMPARE(formatChanges(*fixture, r), changes);
    QCOMPARE(r.agreed, agreed);
    QVERIFY(r.ghosts.isEmpty());
    const QString texts = allReasons(r);
    for (const QString& reason : reasons)
        QVERIFY2(texts.contains(reason), qPrintable(u"'%1' not in:\n%2"_s.arg(reason, texts)));
    for (const FieldDecision& d : r.decisions) {
        QVERIFY(!d.reason.isEmpty());
        QVERIFY(!d.rule.isEmpty());
        QCOMPARE(d.review.has_value(), !d.reviewReason.isEmpty());
        QCOMPARE(d.value.isEmpty(), d.source == UINT32_MAX);
    }
    for (const ProposedChange& c : r.changes) {
        QVERIFY2(!c.after.isEmpty(), "a change never blanks a value");
        QVERIFY(c.after != c.beforeNormalized);
        QCOMPARE(c.before, fixture->data->rawValue(c.field, c.target));
        QCOMPARE(c.review.has_value(), !c.reviewReason.isEmpty());
    }
}

void TestResolve::ghosts_data()
{
    QTest::addColumn<QString>("recordOwner");
    QTest::addColumn<QStringList>("ghosts"); // "E1: quoting:Q1 accounting:100"
    QTest::addColumn<QStringList>("decisions");
    QTest::addColumn<QStringList>("warnings");

    QTest::newRow("crm is the system of record")
        << u"crm"_s << QStringList{u"E2: quoting:Q2 accounting:200"_s, u"E3: accounting:300"_s}
        << QStringList{u"E1 email = 'a@acme.com' from crm:1 by owner"_s} << QStringList{};
    QTest::newRow("no system of record: no ghost check")
        << QString() << QStringList{}
        << QStringList{u"E1 email = 'a@acme.com' from crm:1 by owner"_s,
                       u"E2 email = 'q@acme.com' from quoting:Q2 by recency"_s}
        << QStringList{};
    QTest::newRow("system of record not loaded: no ghost check")
        << u"erp"_s << QStringList{}
        << QStringList{u"E1 email = 'a@acme.com' from crm:1 by owner"_s,
                       u"E2 email = 'q@acme.com' from quoting:Q2 by recency"_s}
        << QStringList{u"system of record 'erp' is not a loaded system: no ghost check"_s};
}

void TestResolve::ghosts()
{
    QFETCH(QString, recordOwner);
    QFETCH(QStringList, ghosts);
    QFETCH(QStringList, decisions);
    QFETCH(QStringList, warnings);

    // E1 lives in crm; E2 was deleted there but quoting and accounting still disagree about it;
    // E3 survives in accounting alone.
    const auto fixture = buildFixture(
        {{u"crm"_s, {u"email"_s}, {{u"E1"_s, u"1"_s, crmAt(u"2026-05-04T10:00"_s), u"a@acme.com"_s}}},
         {u"quoting"_s,
          {u"email"_s},
          {{u"E1"_s, u"Q1"_s, quotingAt(u"2026-05-02T10:00"_s), u"b@acme.com"_s},
           {u"E2"_s, u"Q2"_s, quotingAt(u"2026-05-03T10:00"_s), u"q@acme.com"_s}}},
         {u"accounting"_s,
          {u"email"_s},
          {{u"E2"_s, u"200"_s, accountingAt(u"2026-05-01T10:00"_s), u"r@acme.com"_s},
           {u"E3"_s, u"300"_s, accountingAt(u"2026-05-01T10:00"_s), u"s@acme.com"_s}}}});
    ResolveOptions options;
    options.recordOwner = recordOwner;
    const QList<FieldPolicy> policies{policy(u"email"_s, u"crm"_s)};
    const Resolution r =
        concord::resolve(*fixture->data, fixture->match, policies, fixture->timestamps, options);

    QStringList got;
    for (const Ghost& g : r.ghosts) {
        QStringList records;
        for (Record rec : g.records)
            records.append(recordName(*fixture, rec));
        got.append(fixture->entityLabels[g.entity] + u": "_s + records.join(u' '));
        QVERIFY(g.reason.contains(u"no record in crm, the system of record"_s));
        for (const ProposedChange& c : r.changes)
            QVERIFY2(c.entity != g.entity, "a ghost's records get no field changes");
    }
    QCOMPARE(got, ghosts);
    QCOMPARE(formatDecisions(*fixture, r), decisions);
    if (!ghosts.isEmpty())
        QCOMPARE(
            r.ghosts.first().reason,
            u"no record in crm, the system of record (deleted there?); still held by quoting Q2, accounting 200"_s);
    for (const QString& w : warnings)
        QVERIFY2(r.warnings.contains(w), qPrintable(r.warnings.join(u'\n')));
}

void TestResolve::warnings()
{
    const auto fixture = buildFixture({{u"crm"_s,
                                        {u"email"_s, u"phone"_s},
                                        {{u"E1"_s, u"1"_s, u"h:1"_s, u"a@acme.com"_s, u"415-555-0101"_s}}},
                                       {u"quoting"_s,
                                        {u"email"_s, u"phone"_s},
                                        {{u"E1"_s, u"Q1"_s, u"h:2"_s, u"b@acme.com"_s, u"415-555-0102"_s}}}});
    const QList<FieldPolicy> policies{policy(u"email"_s, u"erp"_s, u"owner"_s, {u"quoting"_s, u"hr"_s}),
                                      policy(u"phone"_s, u"crm"_s, u"latest"_s), policy(u"fax"_s, u"crm"_s)};
    const Resolution r = concord::resolve(*fixture->data, fixture->match, policies, fixture->timestamps, {});
    for (const QString& expected : {u"policy for 'fax': not a field of the snapshot"_s,
                                    u"field 'phone': unknown rule 'latest': not resolved"_s,
                                    u"field 'phone' has no policy: its differences are not resolved"_s,
                                    u"field 'state' has no policy: its differences are not resolved"_s,
                                    u"field 'email': owner 'erp' is not a loaded system"_s,
                                    u"field 'email': priority system 'hr' is not a loaded system"_s})
        QVERIFY2(r.warnings.contains(expected), qPrintable(r.warnings.join(u'\n')));
    // email still resolves through the priority fallback; phone is left alone.
    QCOMPARE(formatDecisions(*fixture, r),
             QStringList{u"E1 email = 'b@acme.com' from quoting:Q1 by priority"_s});
    QCOMPARE(formatChanges(*fixture, r), QStringList{u"E1 email crm:1 'a@acme.com' -> 'b@acme.com'"_s});
}

void TestResolve::determinism()
{
    // 300 entities over four systems with random values, blanks, slips and times.
    QRandomGenerator rng(20260630);
    const QStringList fields{u"email"_s, u"phone"_s, u"credit_limit"_s};
    QList<TestSystem> systems{{u"crm"_s, fields, {}},
                              {u"quoting"_s, fields, {}},
                              {u"accounting"_s, fields, {}},
                              {u"marketing"_s, fields, {}, u"DMY"_s}};
    const QStringList emails{u"a@acme.com"_s, u"b@acme.com"_s, u""_s};
    const QStringList phones{u"415-555-0101"_s, u"415-555-0102"_s, u""_s};
    const QStringList amounts{u"25000.00"_s, u"250.00"_s, u"26000"_s, u""_s};
    int id = 0;
    for (int e = 0; e < 300; ++e) {
        for (TestSystem& s : systems) {
            const int copies = int(rng.bounded(4)) - 1; // -1 and 0: none; 2: a duplicate
            for (int c = 0; c < copies; ++c) {
                const QString when = QDateTime(QDate(2026, 1, 1).addDays(rng.bounded(150)),
                                               QTime(int(rng.bounded(24)), 0), Qt::UTC)
                                         .toString(Qt::ISODate)
                                         .left(16);
                const QString version = s.name == "crm"_L1       ? crmAt(when)
                                        : s.name == "quoting"_L1 ? quotingAt(when)
                                        : s.name == "marketing"_L1
                                            ? marketingAt(when)
                                            : (rng.bounded(5) == 0 ? u"h:9"_s : accountingAt(when));
                s.rows.append({u"E%1"_s.arg(e), QString::number(++id), version, emails[rng.bounded(3)],
                               phones[rng.bounded(3)], amounts[rng.bounded(4)]});
            }
        }
    }
    const auto fixture = buildFixture(systems);
    const QList<FieldPolicy> policies{
        policy(u"email"_s, u"crm"_s, u"recency"_s),
        policy(u"phone"_s, u"crm"_s, u"owner"_s, {u"quoting"_s, u"marketing"_s}),
        highStakes(policy(u"credit_limit"_s, u"accounting"_s))};
    ResolveOptions options;
    options.recordOwner = u"crm"_s;
    const Resolution first =
        concord::resolve(*fixture->data, fixture->match, policies, fixture->timestamps, options);
    const Resolution second =
        concord::resolve(*fixture->data, fixture->match, policies, fixture->timestamps, options);

    QVERIFY(first.decisions.size() > 100);
    QVERIFY(first.changes.size() > 100);
    QVERIFY(!first.ghosts.isEmpty());
    QCOMPARE(formatDecisions(*fixture, second), formatDecisions(*fixture, first));
    QCOMPARE(formatChanges(*fixture, second), formatChanges(*fixture, first));
    QCOMPARE(allReasons(second), allReasons(first));
    QCOMPARE(second.agreed, first.agreed);

    for (qsizetype i = 1; i < first.decisions.size(); ++i) {
        const FieldDecision& a = first.decisions[i - 1];
        const FieldDecision& b = first.decisions[i];
        QVERIFY(std::pair(a.entity, a.field) < std::pair(b.entity, b.field));
    }
    for (qsizetype i = 1; i < first.changes.size(); ++i) {
        const ProposedChange& a = first.changes[i - 1];
        const ProposedChange& b = first.changes[i];
        QVERIFY(std::tuple(a.entity, a.field, a.target) < std::tuple(b.entity, b.field, b.target));
    }
    QSet<std::uint32_t> ghostEntities;
    for (const Ghost& g : first.ghosts)
        ghostEntities.insert(g.entity);
    qsizetype reviewed = 0;
    for (const ProposedChange& c : first.changes) {
        QVERIFY2(!c.after.isEmpty(), "a change never blanks a value");
        QVERIFY(c.after != c.beforeNormalized);
        QVERIFY(!ghostEntities.contains(c.entity));
        if (fixture->data->field(c.field).field.name == "credit_limit"_L1) {
            QVERIFY2(c.review.has_value(), "every credit limit change needs approval");
            ++reviewed;
        }
    }
    QVERIFY(reviewed > 0);
}

QTEST_GUILESS_MAIN(TestResolve)
#include "tst_resolve.moc"
