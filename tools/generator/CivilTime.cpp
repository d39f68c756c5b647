#include "CivilTime.h"

namespace concord::gen {

namespace {

char* put2(char* out, int v)
{
    out[0] = static_cast<char>('0' + v / 10);
    out[1] = static_cast<char>('0' + v % 10);
    return out + 2;
}

char* put4(char* out, int v)
{
    out[0] = static_cast<char>('0' + v / 1000 % 10);
    out[1] = static_cast<char>('0' + v / 100 % 10);
    out[2] = static_cast<char>('0' + v / 10 % 10);
    out[3] = static_cast<char>('0' + v % 10);
    return out + 4;
}

struct Clock
{
    CivilDate date;
    int hour;
    int minute;
    int second;
};

Clock clockOf(qint64 seconds)
{
    const qint64 days = daysOf(seconds);
    const auto rest = static_cast<int>(seconds - days * kSecondsPerDay);
    return {civilFromDays(days), rest / 3600, rest / 60 % 60, rest % 60};
}

// "YYYY-MM-DD" and "MM/DD/YYYY"
char* putIsoDate(char* p, const CivilDate& d)
{
    p = put4(p, d.year);
    *p++ = '-';
    p = put2(p, d.month);
    *p++ = '-';
    return put2(p, d.day);
}

char* putUsDate(char* p, const CivilDate& d)
{
    p = put2(p, d.month);
    *p++ = '/';
    p = put2(p, d.day);
    *p++ = '/';
    return put4(p, d.year);
}

// "HH:MM" or "HH:MM:SS"
char* putTime(char* p, const Clock& c, bool withSeconds)
{
    p = put2(p, c.hour);
    *p++ = ':';
    p = put2(p, c.minute);
    if (withSeconds) {
        *p++ = ':';
        p = put2(p, c.second);
    }
    return p;
}

QString latin1(const char* begin, const char* end)
{
    return QString::fromLatin1(begin, end - begin);
}

} // namespace

CivilDate civilFromDays(qint64 days)
{
    const qint64 z = days + 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<int>(z - era * 146097);
    const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const int mp = (5 * doy + 2) / 153;
    const int day = doy - (153 * mp + 2) / 5 + 1;
    const int month = mp + (mp < 10 ? 3 : -9);
    const auto year = static_cast<int>(yoe + era * 400 + (month <= 2 ? 1 : 0));
    return {year, month, day};
}

QString isoDate(qint64 days)
{
    char buf[10];
    return latin1(buf, putIsoDate(buf, civilFromDays(days)));
}

QString usDate(qint64 days)
{
    char buf[10];
    return latin1(buf, putUsDate(buf, civilFromDays(days)));
}

QString isoTimestampUtc(qint64 seconds)
{
    const Clock c = clockOf(seconds);
    char buf[20];
    char* p = putIsoDate(buf, c.date);
    *p++ = 'T';
    p = putTime(p, c, true);
    *p++ = 'Z';
    return latin1(buf, p);
}

QString sqlTimestamp(qint64 seconds)
{
    const Clock c = clockOf(seconds);
    char buf[19];
    char* p = putIsoDate(buf, c.date);
    *p++ = ' ';
    return latin1(buf, putTime(p, c, true));
}

QString usDateTimeMinutes(qint64 seconds)
{
    const Clock c = clockOf(seconds);
    char buf[16];
    char* p = putUsDate(buf, c.date);
    *p++ = ' ';
    return latin1(buf, putTime(p, c, false));
}

QString isoDateTimeMinutes(qint64 seconds)
{
    const Clock c = clockOf(seconds);
    char buf[16];
    char* p = putIsoDate(buf, c.date);
    *p++ = ' ';
    return latin1(buf, putTime(p, c, false));
}

} // namespace concord::gen
