#include "Normalize.h"
#include "TextFolding.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// Longest postal code in use (with separators) is ten characters; leave room for odd
// spacing but not for free text.
constexpr qsizetype kMaxPostalCodeLength = 16;

bool allDigits(QStringView text)
{
    return !text.isEmpty() && std::all_of(text.begin(), text.end(), isAsciiDigit);
}

// A US ZIP code as the five-digit ZIP. Accepts ZIP+4 ("02110-1234", "02110 1234",
// "021101234"), a spreadsheet number ("2110.0") and a ZIP that lost its leading zeros
// to a numeric column (3 or 4 digits: "2110" -> "02110", "501" -> "00501").
Normalized usZip(QStringView raw, const QString& text)
{
    QString digits = text;
    if (digits.endsWith(".0"_L1))
        digits.chop(2);
    // ZIP+4 with a separator.
    if (digits.size() == 10 && (digits[5] == u'-' || digits[5] == u' ') &&
        allDigits(QStringView(digits).left(5)) && allDigits(QStringView(digits).mid(6)))
        digits.truncate(5);
    if (digits.size() == 9 && allDigits(digits))
        digits.truncate(5);
    if (!allDigits(digits))
        return invalid(raw, u"not a US ZIP code: '%1'"_s.arg(raw.trimmed()));
    if (digits.size() == 3 || digits.size() == 4)
        digits = QString(5 - digits.size(), u'0') + digits;
    if (digits.size() != 5)
        return invalid(raw, u"not a US ZIP code: %1 digits"_s.arg(digits.size()));
    if (digits == "00000"_L1)
        return invalid(raw, u"not a US ZIP code: 00000"_s);
    return valid(digits, digits);
}

} // namespace

// Outside the US the code is kept as written, in upper case with single spaces; its key
// has no spaces or dashes, so "SW1A 1AA" and "sw1a1aa" match.
Normalized normalizePostalCode(QStringView raw, const NormalizeContext& ctx)
{
    if (isBlank(raw))
        return missing();
    const QString text = cleanText(raw).toUpper();
    if (text.size() > kMaxPostalCodeLength)
        return invalid(raw, u"not a postal code: %1 characters long"_s.arg(text.size()));
    if (ctx.defaultRegion.trimmed().compare("US"_L1, Qt::CaseInsensitive) == 0)
        return usZip(raw, text);
    QString key;
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            key.append(c);
        else if (c != u' ' && c != u'-')
            return invalid(raw, u"not a postal code: unexpected character '%1'"_s.arg(c));
    }
    if (key.isEmpty())
        return invalid(raw, u"not a postal code: no letters or digits"_s);
    return valid(text, key);
}

} // namespace concord
