#include "StyleRules.h"

#include <optional>
#include <phonenumbers/phonenumberutil.h>

using namespace Qt::StringLiterals;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// Phone layouts are read off the values themselves: each digit of the national number
// becomes '#', everything else (parentheses, dashes, a "+1 " or "1-" prefix) is kept as
// written. A column's layout is thereby any layout it uses, not one from a fixed list.
namespace concord::format_detail {

namespace {

const auto kE164 = "E.164"_L1;

struct PhoneParts
{
    int countryCode = 0;
    QString national; // the national significant number, digits only
};

std::optional<PhoneParts> splitE164(const QString& canonical)
{
    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    if (util.Parse(canonical.toStdString(), "ZZ", &number) != PhoneNumberUtil::NO_PARSING_ERROR)
        return std::nullopt;
    std::string national;
    util.GetNationalSignificantNumber(number, &national);
    return PhoneParts{number.country_code(), QString::fromStdString(national)};
}

bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}

// The layout of `raw`, or "" when its digits do not end with the national number (an
// extension, other digits) or when it contains '#' itself.
QString layoutOf(const QString& raw, const PhoneParts& parts)
{
    if (raw.contains(u'#'))
        return {};
    QString digits;
    for (const QChar c : raw) {
        if (isAsciiDigit(c))
            digits.append(c);
        else if (c.isDigit())
            return {}; // non-ASCII digits: not a layout we would write
    }
    if (!digits.endsWith(parts.national))
        return {};
    const qsizetype firstNational = digits.size() - parts.national.size();
    QString layout;
    qsizetype digit = 0;
    for (const QChar c : raw) {
        if (isAsciiDigit(c))
            layout.append(digit++ >= firstNational ? QChar(u'#') : c);
        else
            layout.append(c);
    }
    if (layout == u'+' + QString::number(parts.countryCode) + QString(parts.national.size(), u'#'))
        return QString(kE164);
    return layout;
}

QStringList phoneMatches(const QString& raw, const QString& canonical, const NormalizeContext&)
{
    const std::optional<PhoneParts> parts = splitE164(canonical);
    if (!parts)
        return {};
    const QString layout = layoutOf(raw, *parts);
    return layout.isEmpty() ? QStringList() : QStringList{layout};
}

Result<QString> renderPhone(QStringView pattern, const QString& canonical, const NormalizeContext& ctx)
{
    if (pattern == kE164)
        return canonical;
    const qsizetype slots = pattern.count(u'#');
    if (slots == 0)
        return unknownPattern(pattern);
    const std::optional<PhoneParts> parts = splitE164(canonical);
    if (!parts)
        return makeError(u"not an E.164 number"_s);

    // Which country's numbers the layout is for: its own "+<code>", or the system's region.
    const qsizetype firstSlot = pattern.indexOf(u'#');
    if (pattern.startsWith(u'+')) {
        QString prefixDigits;
        for (const QChar c : pattern.left(firstSlot)) {
            if (isAsciiDigit(c))
                prefixDigits.append(c);
        }
        if (prefixDigits != QString::number(parts->countryCode))
            return makeError(u"the layout is for +%1 numbers, this one is +%2"_s.arg(prefixDigits)
                                 .arg(parts->countryCode));
    } else {
        const QString region = ctx.defaultRegion.trimmed().toUpper();
        const int regionCode =
            region.isEmpty() ? 0
                             : PhoneNumberUtil::GetInstance()->GetCountryCodeForRegion(region.toStdString());
        if (regionCode != parts->countryCode)
            return makeError(u"the layout has no country code, so it only holds numbers of the system's "
                             "region '%1'; this one is +%2"_s.arg(region)
                                 .arg(parts->countryCode));
    }
    if (slots != parts->national.size())
        return makeError(
            u"the number has %1 national digits, the layout takes %2"_s.arg(parts->national.size())
                .arg(slots));
    QString out;
    out.reserve(pattern.size());
    qsizetype next = 0;
    for (const QChar c : pattern)
        out.append(c == u'#' ? parts->national[next++] : c);
    return out;
}

} // namespace

TypeRule phoneRule()
{
    return TypeRule{{QString(kE164)}, &renderPhone, &phoneMatches, false};
}

} // namespace concord::format_detail
