#pragma once

#include <QString>

namespace concord::gen {

// Calendar arithmetic on plain integers. QDateTime is avoided on purpose: it is slow
// in a loop over millions of rows and consults the local time zone, and the generated
// data must not depend on the machine it runs on. All times are UTC.

// The fixed "now" of every generated data set: 2026-06-30T12:00:00Z.
inline constexpr qint64 kNowSeconds = 1782820800;
inline constexpr qint64 kSecondsPerDay = 86400;

struct CivilDate
{
    int year;
    int month; // 1..12
    int day;   // 1..31
};

// Days since 1970-01-01 <-> proleptic Gregorian date (H. Hinnant's algorithms).
constexpr qint64 daysFromCivil(int year, int month, int day)
{
    const int y = year - (month <= 2 ? 1 : 0);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const int yoe = y - era * 400;
    const int doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return static_cast<qint64>(era) * 146097 + doe - 719468;
}

CivilDate civilFromDays(qint64 days);

static_assert(daysFromCivil(2026, 6, 30) * kSecondsPerDay + 12 * 3600 == kNowSeconds);

// Formatters. `seconds` are seconds since the epoch; `days` are days since the epoch.
QString isoDate(qint64 days);               // 2026-05-03
QString usDate(qint64 days);                // 05/03/2026
QString isoTimestampUtc(qint64 seconds);    // 2026-05-03T14:22:10Z
QString sqlTimestamp(qint64 seconds);       // 2026-05-03 14:22:10
QString usDateTimeMinutes(qint64 seconds);  // 05/03/2026 14:22
QString isoDateTimeMinutes(qint64 seconds); // 2026-05-03 14:22

inline qint64 daysOf(qint64 seconds)
{
    return seconds >= 0 ? seconds / kSecondsPerDay : (seconds - kSecondsPerDay + 1) / kSecondsPerDay;
}

} // namespace concord::gen
