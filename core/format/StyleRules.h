#pragma once

#include "Result.h"
#include "normalize/Normalize.h"

#include <QString>
#include <QStringList>
#include <QStringView>

// The per-type knowledge behind learnStyle()/renderInStyle(). Internal to core/format.
//
// A rule renders a canonical value in one of its patterns without checking the result;
// ValueStyle.cpp does the checks common to all types (canonical input, ASCII-only
// columns, the round trip through the normalize rule).
namespace concord::format_detail {

using RenderFn = Result<QString> (*)(QStringView pattern, const QString& canonical,
                                     const NormalizeContext& ctx);
// Patterns a raw value matches that are not found by rendering the fixed candidates, such
// as a phone layout read off the value itself.
using ExtraMatchFn = QStringList (*)(const QString& raw, const QString& canonical,
                                     const NormalizeContext& ctx);

struct TypeRule
{
    QStringList candidates;    // fixed patterns, in order of preference
    RenderFn render = nullptr; // renders any pattern of the type except "canonical"
    ExtraMatchFn extraMatches = nullptr;
    bool asciiAware = false; // learns the " ascii" restriction (names, companies)
};

// nullptr for an unknown type.
const TypeRule* typeRule(QStringView type);

// One rule per type (PhoneStyle.cpp, DecimalStyle.cpp, NameStyle.cpp, CompanyStyle.cpp,
// SimpleStyles.cpp).
TypeRule phoneRule();
TypeRule moneyRule();
TypeRule numberRule();
TypeRule nameRule();
TypeRule companyRule();
TypeRule stateRule();
TypeRule countryRule();
TypeRule dateRule();
TypeRule emailRule();
TypeRule postalCodeRule();
TypeRule bankAccountRule();

// Helpers shared by the rules.
inline Error unknownPattern(QStringView pattern)
{
    return makeError(QStringLiteral("unknown style pattern '%1'").arg(pattern));
}
bool isAscii(QStringView text);
// "jOHN.smith@x" style casing of a whole value: "as" keeps it, "upper"/"lower" change it.
enum class Casing
{
    AsIs,
    Upper,
    Lower
};
QString applyCasing(const QString& text, Casing casing);

} // namespace concord::format_detail
