#include "RowVersion.h"
#include "Snapshot.h"
#include "StringPool.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

class TestSnapshot : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void internRoundTrip_data();
    void internRoundTrip();
    void nullAndEmptyAreDistinct();
    void internsOnce();
    void findDoesNotGrow();
    void rowVersion_data();
    void rowVersion();
    void builderKeepsValuesAsRead();
    void builderRejectsDuplicateIds_data();
    void builderRejectsDuplicateIds();
    void builderRejectsEmptyId();
    void poolSurvivesGrowth();
};

void TestSnapshot::internRoundTrip_data()
{
    QTest::addColumn<QString>("value");
    QTest::newRow("ascii") << u"Acme Inc"_s;
    QTest::newRow("empty") << u""_s;
    QTest::newRow("latin") << u"José Müller"_s;
    QTest::newRow("cjk") << u"東京都"_s;
    QTest::newRow("emoji") << u"smile 😀"_s;
    QTest::newRow("spaces kept") << u"  padded  "_s;
    QTest::newRow("quotes") << u"'); DROP TABLE customers; --"_s;
    QTest::newRow("newline") << u"line1\r\nline2"_s;
}

void TestSnapshot::internRoundTrip()
{
    QFETCH(QString, value);
    StringPool pool;
    const auto id = pool.intern(value);
    QVERIFY(id != StringPool::NullId);
    QCOMPARE(pool.string(id), value);
    QVERIFY(!pool.string(id).isNull());
    QCOMPARE(pool.intern(value), id);
}

void TestSnapshot::nullAndEmptyAreDistinct()
{
    StringPool pool;
    const auto nullId = pool.intern(QString());
    const auto emptyId = pool.intern(u""_s);
    QCOMPARE(nullId, StringPool::NullId);
    QVERIFY(emptyId != StringPool::NullId);
    QVERIFY(pool.string(nullId).isNull());
    QVERIFY(pool.string(emptyId).isEmpty());
    QVERIFY(!pool.string(emptyId).isNull());
}

void TestSnapshot::internsOnce()
{
    StringPool pool;
    for (int i = 0; i < 1000; ++i)
        pool.intern(i % 2 ? u"CA"_s : u"California"_s);
    QCOMPARE(pool.size(), std::size_t(2));
}

void TestSnapshot::findDoesNotGrow()
{
    StringPool pool;
    const auto id = pool.intern(u"x@example.com"_s);
    QCOMPARE(pool.find(u"x@example.com"_s), id);
    QCOMPARE(pool.find(u"nobody"_s), StringPool::NotFound);
    QCOMPARE(pool.size(), std::size_t(1));
}

void TestSnapshot::rowVersion_data()
{
    QTest::addColumn<QStringList>("a");
    QTest::addColumn<QStringList>("b");
    QTest::addColumn<bool>("equal");
    QTest::newRow("same") << QStringList{u"1"_s, u"x"_s} << QStringList{u"1"_s, u"x"_s} << true;
    QTest::newRow("value changed") << QStringList{u"1"_s, u"x"_s} << QStringList{u"1"_s, u"y"_s} << false;
    QTest::newRow("null vs empty") << QStringList{u"1"_s, QString()} << QStringList{u"1"_s, u""_s} << false;
    QTest::newRow("shifted between columns")
        << QStringList{u"ab"_s, u"c"_s} << QStringList{u"a"_s, u"bc"_s} << false;
    QTest::newRow("extra column") << QStringList{u"1"_s} << QStringList{u"1"_s, u""_s} << false;
}

void TestSnapshot::rowVersion()
{
    QFETCH(QStringList, a);
    QFETCH(QStringList, b);
    QFETCH(bool, equal);
    QCOMPARE(RowVersion::fromValues(a) == RowVersion::fromValues(b), equal);
    QVERIFY(RowVersion::fromValues(a).startsWith("h:"_L1));
    QCOMPARE(RowVersion::fromValues(a).size(), 18);
}

namespace {
SourceRow makeRow(qint64 line, const QString& id, const QStringList& values)
{
    SourceRow r;
    r.ordinal = line - 1;
    r.line = line;
    r.sourceId = id;
    r.version = RowVersion::fromValues(values);
    r.values = values;
    return r;
}
} // namespace

void TestSnapshot::builderKeepsValuesAsRead()
{
    auto pool = std::make_shared<StringPool>();
    SnapshotBuilder builder(u"crm"_s, u"contacts"_s, pool);
    builder.begin({{u"id"_s, u"TEXT"_s, true}, {u"state"_s, u"TEXT"_s, false}}, u"crm.csv"_s);
    QVERIFY(builder.row(makeRow(2, u"1"_s, {u"1"_s, u" California "_s})));
    QVERIFY(builder.row(makeRow(3, u"2"_s, {u"2"_s, QString()})));
    QVERIFY(!builder.hasError());
    auto snap = builder.take();
    QCOMPARE(snap->rowCount(), 2);
    QCOMPARE(snap->value(0, 1), u" California "_s);
    QVERIFY(snap->value(1, 1).isNull());
    QCOMPARE(snap->rowOfSourceId(u"2"_s), 1);
    QCOMPARE(snap->rowOfSourceId(u"3"_s), -1);
    QCOMPARE(snap->columnIndex(u"state"_s), 1);
}

void TestSnapshot::builderRejectsDuplicateIds_data()
{
    QTest::addColumn<qint64>("firstLine");
    QTest::addColumn<qint64>("secondLine");
    QTest::newRow("adjacent") << qint64(2) << qint64(3);
    QTest::newRow("far apart") << qint64(2) << qint64(9000);
}

void TestSnapshot::builderRejectsDuplicateIds()
{
    QFETCH(qint64, firstLine);
    QFETCH(qint64, secondLine);
    SnapshotBuilder builder(u"marketing"_s, u"marketing"_s, std::make_shared<StringPool>());
    builder.begin({{u"Record ID"_s, u"text"_s, false}}, u"/data/marketing.csv"_s);
    QVERIFY(builder.row(makeRow(firstLine, u"42"_s, {u"42"_s})));
    QVERIFY(!builder.row(makeRow(secondLine, u"42"_s, {u"42"_s})));
    const QString error = builder.errorString();
    QVERIFY2(error.contains("duplicate source id '42'"_L1), qPrintable(error));
    QVERIFY2(error.contains(u"/data/marketing.csv, line %1"_s.arg(secondLine)), qPrintable(error));
    QVERIFY2(error.contains(u"first seen at line %1"_s.arg(firstLine)), qPrintable(error));
}

void TestSnapshot::builderRejectsEmptyId()
{
    SnapshotBuilder builder(u"crm"_s, u"contacts"_s, std::make_shared<StringPool>());
    builder.begin({{u"email"_s, u"text"_s, false}}, u"contacts"_s);
    QVERIFY(!builder.row(makeRow(5, u""_s, {u""_s})));
    QVERIFY(builder.errorString().contains("empty source id"_L1));
}

void TestSnapshot::poolSurvivesGrowth()
{
    StringPool pool;
    std::vector<StringPool::Id> ids;
    for (int i = 0; i < 200000; ++i)
        ids.push_back(pool.intern(u"value-%1"_s.arg(i)));
    QCOMPARE(pool.size(), std::size_t(200000));
    for (int i = 0; i < 200000; i += 997)
        QCOMPARE(pool.string(ids[static_cast<std::size_t>(i)]), u"value-%1"_s.arg(i));
}

QTEST_GUILESS_MAIN(TestSnapshot)
#include "tst_snapshot.moc"
