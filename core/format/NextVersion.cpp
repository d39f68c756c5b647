#include "NextVersion.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString padded(int value, qsizetype width)
{
    return QString::number(value).rightJustified(width, u'0');
}

// "12/26/2024 00:52" (MDY) or "26.12.2024 00:52:07" (DMY), widths as the current value has them.
std::optional<QString> nextDayMonth(const QString& value, const QDateTime& utc, const QString& dateOrder)
{
    static const QRegularExpression re(
        u"^([0-9]{1,2})([/.-])([0-9]{1,2})\\2([0-9]{4})(?:([ T])([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?)?$"_s);
    const QRegularExpressionMatch m = re.match(value);
    if (!m.hasMatch() || (dateOrder != "MDY"_L1 && dateOrder != "DMY"_L1))
        return std::nullopt;
    const bool monthFirst = dateOrder == "MDY"_L1;
    const QDate d = utc.date();
    const QString first = padded(monthFirst ? d.month() : d.day(), m.capturedLength(1));
    const QString second = padded(monthFirst ? d.day() : d.month(), m.capturedLength(3));
    QString text = first + m.captured(2) + second + m.captured(2) + QString::number(d.year());
    if (m.capturedLength(5) > 0) {
        const QTime t = utc.time();
        text += m.captured(5) + padded(t.hour(), m.capturedLength(6)) + u':' + padded(t.minute(), 2);
        if (m.capturedLength(8) > 0)
            text += u':' + padded(t.second(), 2);
    }
    return text;
}
} // namespace

std::optional<QString> nextVersionValue(const QString& current, const QDateTime& now,
                                        const QString& dateOrder)
{
    const QString value = current.trimmed();
    static const QRegularExpression counter(u"^[0-9]{1,18}$"_s);
    if (counter.match(value).hasMatch()) // "007" counts to "008": the width stays
        return QString::number(value.toLongLong() + 1).rightJustified(value.size(), u'0');
    const QDateTime utc = now.toUTC();
    static const QRegularExpression date(u"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"_s);
    if (date.match(value).hasMatch())
        return utc.date().toString(u"yyyy-MM-dd"_s);
    // date, separator, time (minutes, optional seconds, optional fraction), optional zone
    static const QRegularExpression timestamp(
        u"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ])[0-9]{2}:[0-9]{2}(:[0-9]{2}(\\.([0-9]{1,9}))?)?"
        "(Z|[+-][0-9]{2}(:?)([0-9]{2})?)?$"_s);
    const QRegularExpressionMatch m = timestamp.match(value);
    if (!m.hasMatch())
        return nextDayMonth(value, utc, dateOrder);
    QString text = utc.date().toString(u"yyyy-MM-dd"_s) + m.captured(1) + utc.time().toString(u"HH:mm"_s);
    if (m.capturedLength(2) > 0) {
        text += utc.time().toString(u":ss"_s);
        const qsizetype digits = m.capturedLength(4);
        if (digits > 0) {
            // milliseconds, padded or cut to the digits the column shows
            QString fraction = QString::number(utc.time().msec()).rightJustified(3, u'0');
            fraction = digits <= 3 ? fraction.left(digits) : fraction + QString(digits - 3, u'0');
            text += u'.' + fraction;
        }
    }
    const QString zone = m.captured(5);
    if (zone == "Z"_L1)
        text += u'Z';
    else if (!zone.isEmpty())
        text += u"+00"_s + (m.capturedLength(7) > 0 ? m.captured(6) + u"00"_s : QString());
    return text;
}

} // namespace concord
