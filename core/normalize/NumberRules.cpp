#include "Normalize.h"
#include "TextFolding.h"

#include <algorithm>
#include <cstdlib>

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// Largest exponent / scale shift accepted; beyond it the value is not an amount anyone
// stores, and the digit string would grow without bound.
constexpr int kMaxExponent = 40;

// An exact decimal: digits with a decimal point after `intDigits` of them. No doubles, so
// "0.1" stays 0.1 and "12345678901234567890.12" keeps every digit.
struct Decimal
{
    bool negative = false;
    QString intDigits;
    QString fracDigits;
};

struct ParsedDecimal
{
    Decimal decimal;
    QString problem;
};

bool isCurrencySymbol(QChar c)
{
    return c.category() == QChar::Symbol_Currency;
}

bool isGroupingMark(QChar c)
{
    return c == u' ' || isApostrophe(c);
}

// Reads the sign and currency around the digits: "-$1,234.50", "USD 12", "(100.00)",
// "1.234,50 €", "100-", "US$ 5". Returns the digits part or sets `problem`.
QStringView stripDecorations(QStringView s, bool& negative, QString& problem)
{
    int signs = 0;
    bool openParen = false;
    // A run of letters is a currency code: three letters ("USD", "eur"), or letters glued to
    // a currency sign ("US$", "R$").
    const auto letterRunOk = [](QStringView run, QStringView whole, qsizetype start) {
        const qsizetype end = start + run.size();
        const bool gluedToSymbol = (start > 0 && isCurrencySymbol(whole[start - 1])) ||
                                   (end < whole.size() && isCurrencySymbol(whole[end]));
        bool ascii = true;
        for (const QChar c : run)
            ascii = ascii && isAsciiLetter(c);
        return ascii && (run.size() == 3 || (gluedToSymbol && run.size() <= 3));
    };
    qsizetype begin = 0;
    while (begin < s.size()) {
        const QChar c = s[begin];
        if (isAsciiDigit(c) ||
            ((c == u'.' || c == u',') && begin + 1 < s.size() && isAsciiDigit(s[begin + 1])))
            break;
        if (c == u'-' || c == u'+') {
            ++signs;
            negative = negative != (c == u'-');
        } else if (c == u'(' && !openParen) {
            openParen = true;
        } else if (c.isLetter()) {
            qsizetype j = begin;
            while (j < s.size() && s[j].isLetter())
                ++j;
            if (!letterRunOk(s.mid(begin, j - begin), s, begin)) {
                problem = u"unexpected text '%1'"_s.arg(s.mid(begin, j - begin));
                return {};
            }
            begin = j;
            continue;
        } else if (!isCurrencySymbol(c) && c != u' ') {
            problem = u"unexpected character '%1'"_s.arg(c);
            return {};
        }
        ++begin;
    }
    qsizetype end = s.size();
    bool closeParen = false;
    while (end > begin) {
        const QChar c = s[end - 1];
        if (isAsciiDigit(c) || c == u'.')
            break;
        if (c == u'-' || c == u'+') { // "100-", accounting style
            ++signs;
            negative = negative != (c == u'-');
        } else if (c == u')' && openParen && !closeParen) {
            closeParen = true;
        } else if (c.isLetter()) {
            qsizetype j = end - 1;
            while (j > begin && s[j - 1].isLetter())
                --j;
            if (!letterRunOk(s.mid(j, end - j), s, j)) {
                problem = u"unexpected text '%1'"_s.arg(s.mid(j, end - j));
                return {};
            }
            end = j;
            continue;
        } else if (!isCurrencySymbol(c) && c != u' ') {
            problem = u"unexpected character '%1'"_s.arg(c);
            return {};
        }
        --end;
    }
    if (openParen != closeParen) {
        problem = u"unbalanced parenthesis"_s;
        return {};
    }
    if (openParen) {
        if (signs > 0) {
            problem = u"both parentheses and a sign"_s;
            return {};
        }
        negative = true;
    }
    if (signs > 1) {
        problem = u"more than one sign"_s;
        return {};
    }
    return s.mid(begin, end - begin);
}

// Digits and separators: decides which of '.' and ',' is the decimal separator.
//  - both present: the last one is the decimal separator, the other groups thousands;
//  - one of them several times: it groups thousands ("1,234,567", "1.234.567");
//  - ',' once, followed by exactly three digits after a 1-3 digit integer that does not
//    start with 0: thousands ("1,234" = 1234); otherwise a decimal comma ("12,5", "0,125");
//  - '.' once: always the decimal point ("1.234" = 1.234), as SQL and CSV exports write it.
// Spaces and apostrophes only group ("1 234,50", "1'234.50"). Groups after the first have
// exactly three digits.
bool parseDigits(QStringView core, Decimal& d, QString& problem)
{
    const qsizetype dots = core.count(u'.');
    const qsizetype commas = core.count(u',');
    QChar decimalMark;
    if (dots > 0 && commas > 0) {
        decimalMark = core.lastIndexOf(u'.') > core.lastIndexOf(u',') ? u'.' : u',';
        if (core.count(decimalMark) > 1) {
            problem = u"more than one decimal separator"_s;
            return false;
        }
    } else if (dots == 1) {
        decimalMark = u'.';
    } else if (commas == 1) {
        const qsizetype at = core.indexOf(u',');
        const QStringView before = core.left(at);
        const QStringView after = core.mid(at + 1);
        const bool thousands = after.size() == 3 && !before.isEmpty() && before.size() <= 3 &&
                               before.front() != u'0' &&
                               std::all_of(before.begin(), before.end(), isAsciiDigit);
        decimalMark = thousands ? QChar() : QChar(u',');
    }
    const qsizetype point = decimalMark.isNull() ? -1 : core.lastIndexOf(decimalMark);
    const QStringView intPart = point < 0 ? core : core.left(point);
    const QStringView fracPart = point < 0 ? QStringView() : core.mid(point + 1);
    for (const QChar c : fracPart) {
        if (!isAsciiDigit(c)) {
            problem = u"unexpected '%1' after the decimal separator"_s.arg(c);
            return false;
        }
    }
    // Integer part: digit groups split by one kind of grouping mark.
    QChar groupMark;
    qsizetype groupLength = 0;
    bool firstGroup = true;
    for (const QChar c : intPart) {
        if (isAsciiDigit(c)) {
            d.intDigits.append(c);
            ++groupLength;
            continue;
        }
        const bool grouping = isGroupingMark(c) || c == u'.' || c == u',';
        if (!grouping) {
            problem = u"unexpected character '%1'"_s.arg(c);
            return false;
        }
        if (!groupMark.isNull() && groupMark != c) {
            problem = u"mixed thousands separators"_s;
            return false;
        }
        if (groupLength == 0 || groupLength > 3 || (!firstGroup && groupLength != 3)) {
            problem = u"misplaced thousands separator"_s;
            return false;
        }
        groupMark = c;
        firstGroup = false;
        groupLength = 0;
    }
    if (!groupMark.isNull() && groupLength != 3) {
        problem = u"misplaced thousands separator"_s;
        return false;
    }
    d.fracDigits = fracPart.toString();
    if (d.intDigits.isEmpty() && d.fracDigits.isEmpty()) {
        problem = u"no digits"_s;
        return false;
    }
    return true;
}

// Moves the decimal point `shift` places to the right (negative: left).
void shiftPoint(Decimal& d, int shift)
{
    QString digits = d.intDigits + d.fracDigits;
    qsizetype point = d.intDigits.size() + shift;
    if (point < 0) {
        digits.prepend(QString(-point, u'0'));
        point = 0;
    }
    if (point > digits.size())
        digits.append(QString(point - digits.size(), u'0'));
    d.intDigits = digits.left(point);
    d.fracDigits = digits.mid(point);
}

ParsedDecimal parseDecimal(QStringView raw, int scale)
{
    ParsedDecimal out;
    QString text = foldWhitespace(raw);
    text.replace(QChar(0x2212), u'-'); // MINUS SIGN
    Decimal& d = out.decimal;
    QStringView core = stripDecorations(text, d.negative, out.problem);
    if (!out.problem.isEmpty())
        return out;
    // Scientific notation, as SQLite and spreadsheets print large or tiny doubles.
    int exponent = 0;
    const qsizetype e = std::max(core.indexOf(u'e'), core.indexOf(u'E'));
    if (e >= 0) {
        const QStringView expText = core.mid(e + 1);
        bool ok = false;
        exponent = expText.toInt(&ok);
        const QStringView expDigits =
            expText.startsWith(u'+') || expText.startsWith(u'-') ? expText.mid(1) : expText;
        if (!ok || expDigits.isEmpty() || !std::all_of(expDigits.begin(), expDigits.end(), isAsciiDigit) ||
            std::abs(exponent) > kMaxExponent) {
            out.problem = u"bad exponent '%1'"_s.arg(expText);
            return out;
        }
        core = core.left(e);
        if (core.contains(u',') || core.contains(u' ') || core.count(u'.') > 1) {
            out.problem = u"thousands separators in scientific notation"_s;
            return out;
        }
    }
    if (core.isEmpty()) {
        out.problem = u"no digits"_s;
        return out;
    }
    if (!parseDigits(core, d, out.problem))
        return out;
    if (exponent - scale != 0)
        shiftPoint(d, exponent - scale);
    // Canonical digits: no leading zeros before the point.
    qsizetype zeros = 0;
    while (zeros < d.intDigits.size() - 1 && d.intDigits[zeros] == u'0')
        ++zeros;
    d.intDigits.remove(0, zeros);
    if (d.intDigits.isEmpty())
        d.intDigits = u"0"_s;
    return out;
}

bool isZero(const Decimal& d)
{
    const auto zero = [](QChar c) {
        return c == u'0';
    };
    return std::all_of(d.intDigits.begin(), d.intDigits.end(), zero) &&
           std::all_of(d.fracDigits.begin(), d.fracDigits.end(), zero);
}

// Rounds to `places` decimals, half away from zero.
void roundTo(Decimal& d, qsizetype places)
{
    if (d.fracDigits.size() <= places) {
        d.fracDigits.append(QString(places - d.fracDigits.size(), u'0'));
        return;
    }
    const bool up = d.fracDigits[places] >= u'5';
    QString digits = d.intDigits + d.fracDigits.left(places);
    if (up) {
        qsizetype i = digits.size() - 1;
        for (; i >= 0 && digits[i] == u'9'; --i)
            digits[i] = u'0';
        if (i < 0)
            digits.prepend(u'1');
        else
            digits[i] = QChar(digits[i].unicode() + 1);
    }
    d.intDigits = digits.left(digits.size() - places);
    d.fracDigits = digits.right(places);
}

QString format(const Decimal& d)
{
    QString out;
    if (d.negative && !isZero(d))
        out.append(u'-');
    out.append(d.intDigits);
    if (!d.fracDigits.isEmpty())
        out.append(u'.' + d.fracDigits);
    return out;
}

Normalized normalizeDecimal(QStringView raw, int scale, bool money)
{
    if (isBlank(raw))
        return missing();
    const char* what = money ? "an amount" : "a number";
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, what));
    if (scale < 0 || scale > kMaxExponent)
        return invalid(raw, u"unsupported scale %1"_s.arg(scale));
    ParsedDecimal parsed = parseDecimal(raw, scale);
    if (!parsed.problem.isEmpty())
        return invalid(raw, u"not %1: %2"_s.arg(QLatin1StringView(what), parsed.problem));
    Decimal& d = parsed.decimal;
    if (money) {
        roundTo(d, 2);
    } else {
        while (d.fracDigits.endsWith(u'0'))
            d.fracDigits.chop(1);
    }
    QString value = format(d);
    QString key = value;
    return valid(std::move(value), std::move(key));
}

} // namespace

// Money: exactly two decimals, more are rounded half away from zero (a REAL column may
// hold 0.30000000000000004). ctx.moneyScale moves the point left: 123450 cents -> 1234.50.
// The currency is read and dropped, not converted.
Normalized normalizeMoney(QStringView raw, const NormalizeContext& ctx)
{
    return normalizeDecimal(raw, ctx.moneyScale, true);
}

// Numbers: as written, without trailing zeros; the money scale does not apply.
Normalized normalizeNumber(QStringView raw, const NormalizeContext&)
{
    return normalizeDecimal(raw, 0, false);
}

} // namespace concord
