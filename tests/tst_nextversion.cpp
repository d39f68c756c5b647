// nextVersionValue: the value a row's version column takes when Concord writes the row, in the
// column's own shape (a counter counts up; a timestamp or date becomes "now" in UTC, spelled the way
// the current value is spelled). A fixed `now` makes every expected value exact.
#include "format/NextVersion.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {

// 2025-03-07 09:05:03.987 UTC: every part differs from the current values below, the hour and the
// day-month fields have a leading zero, and the milliseconds show cutting (not rounding).
QDateTime fixedNow()
{
    return QDateTime(QDate(2025, 3, 7), QTime(9, 5, 3, 987), Qt::UTC);
}

const QString kNone = u"<nullopt>"_s;

void row(const QString& current, const QString& expected, const QString& dateOrder = QString())
{
    QTest::addRow("'%s' [%s]", qPrintable(current), qPrintable(dateOrder.isEmpty() ? u"-"_s : dateOrder))
        << current << dateOrder << expected;
}

} // namespace

class TestNextVersion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void nextValue_data();
    void nextValue();
    void nowIsSpelledInUtc_data();
    void nowIsSpelledInUtc();
    void sameValueTwiceGivesTheSameAnswer();
};

void TestNextVersion::nextValue_data()
{
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("dateOrder");
    QTest::addColumn<QString>("expected");

    // Counters count up, whatever the date order.
    row(u"41"_s, u"42"_s);
    row(u"0"_s, u"1"_s);
    row(u"007"_s, u"008"_s); // a zero-padded counter keeps its width
    row(u"099"_s, u"100"_s);
    row(u"9"_s, u"10"_s);
    row(u"99"_s, u"100"_s, u"MDY"_s);
    row(u" 41 "_s, u"42"_s); // read values may carry padding
    row(u"999999999999999998"_s, u"999999999999999999"_s);
    row(u"999999999999999999"_s, u"1000000000000000000"_s); // 18 digits: still fits a qlonglong

    // ISO timestamps: separator, seconds, fraction digits and zone notation kept.
    row(u"2024-03-01 10:15:30"_s, u"2025-03-07 09:05:03"_s);
    row(u"2024-03-01T10:15:30"_s, u"2025-03-07T09:05:03"_s);
    row(u"2024-03-01 10:15"_s, u"2025-03-07 09:05"_s);
    row(u"2024-03-01T10:15"_s, u"2025-03-07T09:05"_s);
    row(u"2024-03-01 10:15:30.1"_s, u"2025-03-07 09:05:03.9"_s);
    row(u"2024-03-01 10:15:30.12"_s, u"2025-03-07 09:05:03.98"_s);
    row(u"2024-03-01 10:15:30.123"_s, u"2025-03-07 09:05:03.987"_s);
    row(u"2024-03-01T10:15:30.1234"_s, u"2025-03-07T09:05:03.9870"_s);
    row(u"2024-03-01T10:15:30.12345"_s, u"2025-03-07T09:05:03.98700"_s);
    row(u"2024-03-01T10:15:30.123456"_s, u"2025-03-07T09:05:03.987000"_s);
    row(u"2024-03-01T10:15:30.1234567"_s, u"2025-03-07T09:05:03.9870000"_s);
    row(u"2024-03-01T10:15:30.12345678"_s, u"2025-03-07T09:05:03.98700000"_s);
    row(u"2024-03-01T10:15:30.123456789"_s, u"2025-03-07T09:05:03.987000000"_s);
    row(u"2024-03-01T10:15:30Z"_s, u"2025-03-07T09:05:03Z"_s);
    row(u"2024-03-01T10:15:30.123Z"_s, u"2025-03-07T09:05:03.987Z"_s);
    row(u"2024-03-01 10:15Z"_s, u"2025-03-07 09:05Z"_s);
    row(u"2024-03-01T10:15:30+02:00"_s, u"2025-03-07T09:05:03+00:00"_s);
    row(u"2024-03-01T10:15:30+0200"_s, u"2025-03-07T09:05:03+0000"_s);
    row(u"2024-03-01T10:15:30+02"_s, u"2025-03-07T09:05:03+00"_s);
    row(u"2024-03-01T10:15:30-05:00"_s, u"2025-03-07T09:05:03+00:00"_s);
    row(u"2024-03-01 10:15:30.123456+05:30"_s, u"2025-03-07 09:05:03.987000+00:00"_s);
    row(u"2024-03-01T10:15+0530"_s, u"2025-03-07T09:05+0000"_s);
    row(u"2024-03-01T10:15:30Z"_s, u"2025-03-07T09:05:03Z"_s, u"DMY"_s); // ISO whatever the order

    // ISO dates.
    row(u"2024-03-01"_s, u"2025-03-07"_s);
    row(u"1999-12-31"_s, u"2025-03-07"_s, u"MDY"_s);

    // Month-day and day-month dates in the system's order; separator and widths kept.
    row(u"12/26/2024"_s, u"03/07/2025"_s, u"MDY"_s);
    row(u"12/26/2024"_s, u"07/03/2025"_s, u"DMY"_s);
    row(u"1/2/2024"_s, u"3/7/2025"_s, u"MDY"_s);
    row(u"1/2/2024"_s, u"7/3/2025"_s, u"DMY"_s);
    row(u"1/26/2024"_s, u"3/07/2025"_s, u"MDY"_s);
    row(u"26.12.2024"_s, u"07.03.2025"_s, u"DMY"_s);
    row(u"2.1.2024"_s, u"7.3.2025"_s, u"DMY"_s);
    row(u"26-12-2024"_s, u"07-03-2025"_s, u"DMY"_s);
    row(u"12-26-2024"_s, u"03-07-2025"_s, u"MDY"_s);
    row(u"12/26/2024 00:52"_s, u"03/07/2025 09:05"_s, u"MDY"_s);
    row(u"12/26/2024 00:52:07"_s, u"03/07/2025 09:05:03"_s, u"MDY"_s);
    row(u"1/2/2024 0:52"_s, u"3/7/2025 9:05"_s, u"MDY"_s);
    row(u"26.12.2024 00:52:07"_s, u"07.03.2025 09:05:03"_s, u"DMY"_s);
    row(u"26.12.2024T00:52"_s, u"07.03.2025T09:05"_s, u"DMY"_s);
    row(u"26-12-2024 7:52:07"_s, u"07-03-2025 9:05:03"_s, u"DMY"_s);
    // Without a day-month order the two readings cannot be told apart: left alone.
    row(u"12/26/2024"_s, kNone);
    row(u"12/26/2024"_s, kNone, u"YMD"_s);

    // Not versions: left alone.
    row(u"abc"_s, kNone);
    row(QString(), kNone);
    row(u""_s, kNone, u"MDY"_s);
    row(u"   "_s, kNone);
    row(u"2024-13-45x"_s, kNone);
    row(u"v41"_s, kNone);
    row(u"-3"_s, kNone);
    row(u"4.5"_s, kNone);
    row(u"1234567890123456789"_s, kNone); // 19 digits: more than a counter may have
    row(u"2024-03-01 10:15:30 +02:00"_s, kNone);
    row(u"2024-03-01T10:15:30.1234567890"_s, kNone); // 10 fraction digits
    row(u"2024-03-01T10:15:30,123"_s, kNone);
    row(u"2024-03-01T10:15:30+2"_s, kNone);
    row(u"2024/03/01"_s, kNone, u"MDY"_s);
    row(u"12/26.2024"_s, kNone, u"MDY"_s); // separators differ
    row(u"12/26/24"_s, kNone, u"MDY"_s);   // two-digit year
    row(u"123/26/2024"_s, kNone, u"MDY"_s);
    row(u"12/26/2024 00"_s, kNone, u"MDY"_s);
}

void TestNextVersion::nextValue()
{
    QFETCH(QString, current);
    QFETCH(QString, dateOrder);
    QFETCH(QString, expected);
    const std::optional<QString> next = nextVersionValue(current, fixedNow(), dateOrder);
    QCOMPARE(next.value_or(kNone), expected);
}

void TestNextVersion::nowIsSpelledInUtc_data()
{
    QTest::addColumn<QDateTime>("now");
    QTest::addColumn<QString>("current");
    QTest::addColumn<QString>("dateOrder");
    QTest::addColumn<QString>("expected");
    // 2025-03-08 01:30:00 at +02:00 is 2025-03-07 23:30:00 UTC: the date moves back a day too.
    const QDateTime plusTwo(QDate(2025, 3, 8), QTime(1, 30, 0, 250), Qt::OffsetFromUTC, 7200);
    QTest::newRow("timestamp +02:00")
        << plusTwo << u"2024-03-01T10:15:30+02:00"_s << QString() << u"2025-03-07T23:30:00+00:00"_s;
    QTest::newRow("timestamp Z") << plusTwo << u"2024-03-01 10:15:30.12Z"_s << QString()
                                 << u"2025-03-07 23:30:00.25Z"_s;
    QTest::newRow("date") << plusTwo << u"2024-03-01"_s << QString() << u"2025-03-07"_s;
    QTest::newRow("MDY") << plusTwo << u"12/26/2024 00:52"_s << u"MDY"_s << u"03/07/2025 23:30"_s;
    // 2025-03-06 20:00 at -05:00 is 2025-03-07 01:00 UTC: the date moves forward.
    const QDateTime minusFive(QDate(2025, 3, 6), QTime(20, 0), Qt::OffsetFromUTC, -5 * 3600);
    QTest::newRow("DMY -05:00") << minusFive << u"26.12.2024 00:52:07"_s << u"DMY"_s
                                << u"07.03.2025 01:00:00"_s;
    QTest::newRow("counter ignores now") << minusFive << u"7"_s << QString() << u"8"_s;
}

void TestNextVersion::nowIsSpelledInUtc()
{
    QFETCH(QDateTime, now);
    QFETCH(QString, current);
    QFETCH(QString, dateOrder);
    QFETCH(QString, expected);
    QCOMPARE(nextVersionValue(current, now, dateOrder).value_or(kNone), expected);
}

// Two writes in one batch stamp their rows alike, and a value already at `now` stays at `now`
// (the applier then sees no change and leaves the column alone).
void TestNextVersion::sameValueTwiceGivesTheSameAnswer()
{
    const QString stamped = nextVersionValue(u"2024-03-01T10:15:30.123Z"_s, fixedNow()).value_or(kNone);
    QCOMPARE(stamped, u"2025-03-07T09:05:03.987Z"_s);
    QCOMPARE(nextVersionValue(stamped, fixedNow()).value_or(kNone), stamped);
    QCOMPARE(nextVersionValue(u"12/26/2024 00:52"_s, fixedNow(), u"MDY"_s).value_or(kNone),
             nextVersionValue(u"01/01/2000 23:59"_s, fixedNow(), u"MDY"_s).value_or(kNone));
}

QTEST_GUILESS_MAIN(TestNextVersion)
#include "tst_nextversion.moc"
