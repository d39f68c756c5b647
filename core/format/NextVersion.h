#pragma once

#include <QDateTime>
#include <QString>
#include <optional>

namespace concord {

// The value a row's version column takes when Concord writes the row, in the column's own
// shape, so that other tools which find changes by that column (incremental exports, syncs)
// see Concord's writes too:
//  - a counter ("41") counts up ("42");
//  - a timestamp ("2024-03-01 10:15:30", "2024-03-01T10:15:30.123Z", "...+02:00") becomes
//    `now` in UTC, spelled the same way (separator, fraction digits, zone notation);
//  - a date ("2024-03-01") becomes now's date;
//  - a day-month or month-day date with an optional time ("12/26/2024 00:52", "26.12.2024"),
//    read in the system's date order (MDY or DMY), becomes now in the same order.
// nullopt when the shape is not one of these (the column is then left alone).
std::optional<QString> nextVersionValue(const QString& current, const QDateTime& now,
                                        const QString& dateOrder = QString());

} // namespace concord
