// A row's version token as a point in time, for the "recency" rule. Systems write their
// last-modified column in their own layout; a time that cannot be read for certain is 0
// (unknown), so that recency never settles a conflict on a guess.
#include "Resolver.h"

#include <QDateTime>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace concord {

qint64 versionTimestamp(const QString& versionToken, const QString& dateOrder)
{
    if (versionToken.startsWith("h:"_L1))
        return 0; // a row hash orders nothing
    const QString text = (versionToken.startsWith("v:"_L1) ? versionToken.mid(2) : versionToken).trimmed();
    // date [T or space time [:seconds[.fraction]] [AM/PM]] [Z or +hh[:mm]]
    static const QRegularExpression pattern(
        uR"(^(\d{1,4})[-/.](\d{1,2})[-/.](\d{1,4})(?:(?:T|\s+)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*([AaPp][Mm])?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$)"_s);
    const QRegularExpressionMatch m = pattern.match(text);
    if (!m.hasMatch())
        return 0;

    int year = 0;
    int month = 0;
    int day = 0;
    if (m.capturedLength(1) == 4) {
        year = m.captured(1).toInt();
        month = m.captured(2).toInt();
        day = m.captured(3).toInt();
    } else if (m.capturedLength(3) == 4) {
        year = m.captured(3).toInt();
        if (dateOrder == "DMY"_L1) {
            day = m.captured(1).toInt();
            month = m.captured(2).toInt();
        } else if (dateOrder == "MDY"_L1 || dateOrder.isEmpty()) { // "" = the default, as in NormalizeContext
            month = m.captured(1).toInt();
            day = m.captured(2).toInt();
        } else {
            return 0; // a year-first system writing the year last: which order is unknown
        }
    } else {
        return 0; // two-digit years are not guessed
    }
    const QDate date(year, month, day);
    if (!date.isValid())
        return 0;

    int hour = m.captured(4).toInt();
    const int minute = m.captured(5).toInt();
    const int second = m.captured(6).toInt();
    const int millisecond = m.captured(7).isEmpty() ? 0 : QString(m.captured(7) + u"00"_s).left(3).toInt();
    const QString meridiem = m.captured(8).toUpper();
    if (!meridiem.isEmpty()) {
        if (hour < 1 || hour > 12)
            return 0;
        hour = (hour % 12) + (meridiem == "PM"_L1 ? 12 : 0);
    }
    const QTime time(hour, minute, second, millisecond);
    if (!time.isValid())
        return 0;

    int offsetSeconds = 0;
    const QString zone = m.captured(9);
    if (!zone.isEmpty() && zone != "Z"_L1) {
        const QString digits = zone.mid(1).remove(u':');
        const int hours = digits.left(2).toInt();
        const int minutes = digits.size() > 2 ? digits.mid(2).toInt() : 0;
        if (hours > 14 || minutes > 59)
            return 0;
        offsetSeconds = (zone.startsWith(u'-') ? -1 : 1) * (hours * 3600 + minutes * 60);
    }
    return QDateTime(date, time, Qt::UTC).toMSecsSinceEpoch() - qint64(offsetSeconds) * 1000;
}

} // namespace concord
