// NormalizedSnapshot: mapping and normalization of every system's records, including the
// phone numbers it parses once per number rather than once per way of writing it.
#include "Snapshot.h"
#include "match/NormalizedSnapshot.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {
// One system with an id column and a phone column.
void addSystem(Snapshot& snapshot, const QString& name, const QStringList& phones)
{
    SnapshotBuilder builder(name, u"t"_s, snapshot.pool());
    builder.begin({{u"id"_s, u"TEXT"_s, true}, {u"phone"_s, u"TEXT"_s, false}}, name);
    for (qsizetype i = 0; i < phones.size(); ++i) {
        SourceRow row;
        row.ordinal = i + 1;
        row.sourceId = QString::number(i + 1);
        row.version = u"v:1"_s;
        row.values = {row.sourceId, phones[i]};
        QVERIFY(builder.row(row));
    }
    snapshot.add(builder.take());
}
} // namespace

class TestNormalizedSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void phonesAcrossSystems_data();
    void phonesAcrossSystems();
    void sharingKey_data();
    void sharingKey();
};

void TestNormalizedSnapshot::sharingKey_data()
{
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QString>("raw");
    QTest::addColumn<QString>("key");
    QTest::newRow("parentheses") << u"phone"_s << u"(415) 555-0101"_s << u"4155550101"_s;
    QTest::newRow("plus kept") << u"phone"_s << u"+1 415.555.0101"_s << u"+14155550101"_s;
    QTest::newRow("plus in the middle") << u"phone"_s << u"415+555"_s << QString();
    QTest::newRow("extension") << u"phone"_s << u"415-555-0101 x12"_s << QString();
    QTest::newRow("letters") << u"phone"_s << u"1-800-FLOWERS"_s << QString();
    QTest::newRow("no digits") << u"phone"_s << u"( ) -"_s << QString();
    QTest::newRow("other rules share nothing") << u"email"_s << u"a@x.com"_s << QString();
}

void TestNormalizedSnapshot::sharingKey()
{
    QFETCH(QString, rule);
    QFETCH(QString, raw);
    QFETCH(QString, key);
    QCOMPARE(Normalizer::sharingKey(rule, raw), key);
}

void TestNormalizedSnapshot::phonesAcrossSystems_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<QString>("expected"); // both records' normalized value; empty: a problem
    QTest::newRow("crm and accounting formats")
        << u"(415) 555-0101"_s << u"4155550101"_s << u"+14155550101"_s;
    QTest::newRow("dots and plus") << u"415.555.0101"_s << u"+1 415-555-0101"_s << u"+14155550101"_s;
    QTest::newRow("extension is not shared")
        << u"415-555-0101"_s << u"415-555-0101 x12"_s << u"+14155550101"_s;
    QTest::newRow("invalid keeps its own raw value") << u"(000) 000-0000"_s << u"000.000.0000"_s << QString();
    QTest::newRow("too short") << u"555-01"_s << u"55501"_s << QString();
}

void TestNormalizedSnapshot::phonesAcrossSystems()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(QString, expected);
    Snapshot snapshot;
    addSystem(snapshot, u"crm"_s, {a, u"212-555-0199"_s});
    addSystem(snapshot, u"billing"_s, {b});
    const QList<MatchField> fields{{u"phone"_s, u"phone"_s}};
    QList<SystemMapping> mappings;
    for (const QString& system : {u"crm"_s, u"billing"_s}) {
        SystemMapping m;
        m.system = system;
        m.columnOfField.insert(u"phone"_s, u"phone"_s);
        mappings.append(m);
    }
    auto built = NormalizedSnapshot::build(snapshot, fields, mappings, {}, 2);
    QVERIFY2(built, qPrintable(built.errorString()));
    const NormalizedSnapshot& n = **built;
    QCOMPARE(n.recordCount(), 3u);
    const auto crm = n.recordOf(0, 0);
    const auto billing = n.recordOf(1, 0);
    QCOMPARE(n.value(0, n.recordOf(0, 1)), u"+12125550199"_s);
    if (expected.isEmpty()) {
        // A problem is about the value as written in that system, never another system's.
        QVERIFY(!n.problem(0, crm).isEmpty());
        QVERIFY(!n.problem(0, billing).isEmpty());
        QCOMPARE(n.value(0, crm), a.trimmed());
        QCOMPARE(n.value(0, billing), b.trimmed());
        QVERIFY(n.key(0, crm).isEmpty());
    } else {
        QCOMPARE(n.value(0, crm), expected);
        QCOMPARE(n.value(0, billing), expected);
        QCOMPARE(n.key(0, crm), n.key(0, billing));
        QVERIFY(n.problem(0, crm).isEmpty());
    }
    QCOMPARE(n.rawValue(0, crm), a); // the original is kept as read
    QCOMPARE(n.rawValue(0, billing), b);
}

QTEST_GUILESS_MAIN(TestNormalizedSnapshot)
#include "tst_normalizedsnapshot.moc"
