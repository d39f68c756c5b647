#pragma once

#include "Normalize.h"

// Helpers shared by the normalization rules. Internal to core/normalize.
namespace concord::normalize_detail {

// Longest raw value a structured rule (phone, date, money ...) looks at; longer input is
// a problem, not something to parse for seconds.
inline constexpr qsizetype kMaxStructuredLength = 256;

// Trimmed; runs of white space (incl. NBSP, tabs, line breaks) become one space;
// invisible format characters (zero-width space, BOM, soft hyphen) and control
// characters are dropped.
QString foldWhitespace(QStringView raw);
// foldWhitespace() then Unicode NFC.
QString cleanText(QStringView raw);
// Compatibility decomposition without combining marks, plus the letters that do not
// decompose ("Øß" -> "Oss"). Case is kept.
QString removeDiacritics(QStringView text);
// removeDiacritics + lower case.
QString foldCase(QStringView text);
// The key shared by names and companies: foldCase, apostrophes and dots removed
// ("O'Brien" -> "obrien", "L.L.C" -> "llc"), any other punctuation or symbol is a word
// break, single spaces.
QString matchKey(QStringView text);

bool isBlank(QStringView raw);
inline bool isAsciiDigit(QChar c)
{
    return c.unicode() >= u'0' && c.unicode() <= u'9';
}
inline bool isAsciiLetter(QChar c)
{
    return (c.unicode() >= u'a' && c.unicode() <= u'z') || (c.unicode() >= u'A' && c.unicode() <= u'Z');
}
bool isApostrophe(QChar c);

// Capitalise the first letter and lower the rest ("o'brien" -> "O'brien"; word parts are
// handled by the callers).
QString capitalized(QStringView word);

// Letters only, no digits or marks: true if every cased letter is upper case (and there is
// at least one), or every one is lower case.
bool isAllUpper(QStringView text);
bool isAllLower(QStringView text);

inline Normalized missing()
{
    return {};
}
inline Normalized valid(QString value, QString key)
{
    return {std::move(value), std::move(key), {}};
}
// value = the raw value trimmed, no key.
Normalized invalid(QStringView raw, QString problem);
// The problem for raw input longer than kMaxStructuredLength, or an empty string.
QString tooLongProblem(QStringView raw, const char* what);

} // namespace concord::normalize_detail
