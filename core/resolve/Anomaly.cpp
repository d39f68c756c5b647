// Anomaly checks: a value that moves by orders of magnitude (100 -> 1: a slipped decimal
// point, cents read as dollars) or a date that jumps years is held for a person rather than
// propagated, whichever system it came from.
#include "Resolver.h"

#include <QDate>
#include <cmath>

using namespace Qt::StringLiterals;

namespace concord {

QString anomalyReason(const QString& type, const QString& before, const QString& after,
                      const FieldPolicy& policy)
{
    if (before.isEmpty() || after.isEmpty())
        return {};
    if (type == "money"_L1 || type == "number"_L1) {
        if (policy.anomalyRatio <= 0)
            return {};
        bool okBefore = false;
        bool okAfter = false;
        const double from = std::fabs(before.toDouble(&okBefore));
        const double to = std::fabs(after.toDouble(&okAfter));
        // A ratio to or from zero says nothing about a slipped decimal point.
        if (!okBefore || !okAfter || from == 0 || to == 0)
            return {};
        const double ratio = std::max(from, to) / std::min(from, to);
        if (ratio <= policy.anomalyRatio)
            return {};
        return u"%1 is %2 times %3 than %4 (more than %5 times)"_s.arg(
            after, QString::number(ratio, 'g', 4), to > from ? u"larger"_s : u"smaller"_s, before,
            QString::number(policy.anomalyRatio));
    }
    if (type == "date"_L1) {
        if (policy.anomalyYears <= 0)
            return {};
        const QDate from = QDate::fromString(before, Qt::ISODate);
        const QDate to = QDate::fromString(after, Qt::ISODate);
        if (!from.isValid() || !to.isValid())
            return {};
        if (to <= from.addYears(policy.anomalyYears) && to >= from.addYears(-policy.anomalyYears))
            return {};
        const double years = std::fabs(double(from.daysTo(to))) / 365.25;
        return u"%1 is %2 years %3 %4 (more than %5)"_s
            .arg(after, QString::number(years, 'f', 1), to > from ? u"after"_s : u"before"_s, before)
            .arg(policy.anomalyYears);
    }
    return {};
}

} // namespace concord
