#include "Normalize.h"
#include "TextFolding.h"

#include <phonenumbers/phonenumberutil.h>

using namespace Qt::StringLiterals;
using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

namespace concord {

using namespace normalize_detail;

namespace {

QString parseErrorText(PhoneNumberUtil::ErrorType error)
{
    switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR:
        return u"no country code, or an unknown one"_s;
    case PhoneNumberUtil::NOT_A_NUMBER:
        return u"not a number"_s;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
        return u"too short after the international prefix"_s;
    case PhoneNumberUtil::TOO_SHORT_NSN:
        return u"too short"_s;
    case PhoneNumberUtil::TOO_LONG_NSN:
        return u"too long"_s;
    case PhoneNumberUtil::NO_PARSING_ERROR:
        break;
    }
    return u"unreadable"_s;
}

QString possibilityText(PhoneNumberUtil::ValidationResult result)
{
    switch (result) {
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY:
        return u"no area code"_s;
    case PhoneNumberUtil::INVALID_COUNTRY_CODE:
        return u"unknown country code"_s;
    case PhoneNumberUtil::TOO_SHORT:
        return u"too short"_s;
    case PhoneNumberUtil::INVALID_LENGTH:
        return u"wrong number of digits"_s;
    case PhoneNumberUtil::TOO_LONG:
        return u"too long"_s;
    case PhoneNumberUtil::IS_POSSIBLE:
        break;
    }
    return QString();
}

} // namespace

QString phoneSharingKey(QStringView raw)
{
    QString digits;
    bool seenDigit = false;
    for (const QChar c : raw) {
        if (c.isDigit() && c.unicode() < 128) {
            digits.append(c);
            seenDigit = true;
        } else if (c == u'+' && digits.isEmpty()) {
            digits.append(c);
        } else if (c != u' ' && c != u'(' && c != u')' && c != u'-' && c != u'.' && c != u'/') {
            return QString();
        }
    }
    return seenDigit ? digits : QString();
}

// libphonenumber's PhoneNumberUtil is a process-wide singleton whose parsing and
// validation are const and thread-safe.
Normalized normalizePhone(QStringView raw, const NormalizeContext& ctx)
{
    if (isBlank(raw))
        return missing();
    const QString text = foldWhitespace(raw);
    const QString region = ctx.defaultRegion.trimmed().toUpper();
    const QString regionLabel = region.isEmpty() ? u"international"_s : region;
    if (text.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a phone number"));

    const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
    PhoneNumber number;
    const std::string regionCode = region.isEmpty() ? std::string("ZZ") : region.toStdString();
    const PhoneNumberUtil::ErrorType error = util.Parse(text.toStdString(), regionCode, &number);
    if (error != PhoneNumberUtil::NO_PARSING_ERROR)
        return invalid(raw, u"not a valid %1 phone number: %2"_s.arg(regionLabel, parseErrorText(error)));

    std::string numberRegion;
    util.GetRegionCodeForCountryCode(number.country_code(), &numberRegion);
    const QString numberLabel =
        numberRegion == "ZZ" || numberRegion == "001" ? regionLabel : QString::fromStdString(numberRegion);
    const QString impossible = possibilityText(util.IsPossibleNumberWithReason(number));
    if (!impossible.isEmpty())
        return invalid(raw, u"not a valid %1 phone number: %2"_s.arg(numberLabel, impossible));
    if (!util.IsValidNumber(number))
        return invalid(raw,
                       u"not a valid %1 phone number: not in use in the numbering plan"_s.arg(numberLabel));

    std::string e164;
    util.Format(number, PhoneNumberUtil::E164, &e164);
    QString value = QString::fromStdString(e164);
    QString key = value.mid(1);
    return valid(std::move(value), std::move(key));
}

} // namespace concord
