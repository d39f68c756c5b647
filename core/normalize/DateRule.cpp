#include "Normalize.h"
#include "TextFolding.h"

#include <QDate>

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// Two-digit years follow POSIX strptime's %y: 00-68 are 2000-2068, 69-99 are 1969-1999.
constexpr int kTwoDigitYearPivot = 69;

struct Token
{
    enum Kind
    {
        Number,
        Word,
        Separator,
    } kind;
    QStringView text;
};

QList<Token> tokenize(QStringView text)
{
    QList<Token> tokens;
    qsizetype i = 0;
    while (i < text.size()) {
        const QChar c = text[i];
        qsizetype j = i + 1;
        Token::Kind kind = Token::Separator;
        if (isAsciiDigit(c)) {
            kind = Token::Number;
            while (j < text.size() && isAsciiDigit(text[j]))
                ++j;
        } else if (c.isLetter()) {
            kind = Token::Word;
            while (j < text.size() && text[j].isLetter())
                ++j;
        }
        tokens.append({kind, text.mid(i, j - i)});
        i = j;
    }
    return tokens;
}

int monthFromName(QStringView word)
{
    static const QStringView kMonths[] = {u"january",   u"february", u"march",    u"april",
                                          u"may",       u"june",     u"july",     u"august",
                                          u"september", u"october",  u"november", u"december"};
    const QString lower = word.toString().toLower();
    if (lower == "sept"_L1)
        return 9;
    for (int m = 0; m < 12; ++m) {
        // The full name or its first three letters ("Mar", "MAR").
        if (lower == kMonths[m] || (lower.size() == 3 && kMonths[m].startsWith(lower)))
            return m + 1;
    }
    return 0;
}

bool isWeekday(QStringView word)
{
    static const QStringView kDays[] = {u"monday", u"tuesday",  u"wednesday", u"thursday",
                                        u"friday", u"saturday", u"sunday"};
    const QString lower = word.toString().toLower();
    for (const QStringView day : kDays) {
        if (lower == day || (lower.size() >= 3 && day.startsWith(lower)))
            return true;
    }
    return false;
}

bool isOrdinalSuffix(QStringView word)
{
    const QString lower = word.toString().toLower();
    return lower == "st"_L1 || lower == "nd"_L1 || lower == "rd"_L1 || lower == "th"_L1;
}

// What may follow a date as its time of day: digits, ':', '.', ',', signs, 'T', 'Z',
// AM/PM and UTC/GMT. Anything else means the value is not a date.
bool isTimeTail(const QList<Token>& tokens, qsizetype from)
{
    for (qsizetype i = from; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == Token::Number)
            continue;
        if (t.kind == Token::Separator) {
            if (!QStringView(u":.,+- ").contains(t.text.front()))
                return false;
            continue;
        }
        const QString word = t.text.toString().toUpper();
        static const QStringView kTimeWords[] = {u"T", u"Z", u"AM", u"PM", u"A", u"P", u"M", u"UTC", u"GMT"};
        if (std::find(std::begin(kTimeWords), std::end(kTimeWords), QStringView(word)) ==
            std::end(kTimeWords))
            return false;
    }
    return true;
}

// Where the time of day starts: a number followed by ':' ("14:22"), or a 'T' between a
// number and a number ("2026-05-03T14:22:10Z", "20260503T142210").
qsizetype timeStart(const QList<Token>& tokens)
{
    for (qsizetype i = 0; i + 1 < tokens.size(); ++i) {
        if (tokens[i].kind == Token::Number && tokens[i + 1].kind == Token::Separator &&
            tokens[i + 1].text == u":")
            return i;
        if (i > 0 && tokens[i].kind == Token::Word &&
            tokens[i].text.compare(u"T", Qt::CaseInsensitive) == 0 && tokens[i - 1].kind == Token::Number &&
            tokens[i + 1].kind == Token::Number)
            return i;
    }
    return tokens.size();
}

struct Parts
{
    int year = 0;
    int month = 0;
    int day = 0;
    QString problem;
};

int toInt(QStringView digits)
{
    return digits.toInt();
}

// A year of two or four digits.
bool readYear(QStringView digits, int& year)
{
    if (digits.size() == 4) {
        year = toInt(digits);
        return true;
    }
    if (digits.size() == 2) {
        const int yy = toInt(digits);
        year = yy < kTwoDigitYearPivot ? 2000 + yy : 1900 + yy;
        return true;
    }
    return false;
}

bool isDayOrMonth(QStringView digits)
{
    return digits.size() == 1 || digits.size() == 2;
}

Parts numericDate(const QList<QStringView>& numbers, const QString& order)
{
    Parts p;
    const QStringView a = numbers[0], b = numbers[1], c = numbers[2];
    if (a.size() == 4) { // A four-digit year first is always Y-M-D, whatever the order.
        if (!readYear(a, p.year) || !isDayOrMonth(b) || !isDayOrMonth(c))
            p.problem = u"not a date"_s;
        p.month = toInt(b);
        p.day = toInt(c);
        return p;
    }
    bool ok = false;
    if (order == "MDY"_L1) {
        ok = isDayOrMonth(a) && isDayOrMonth(b) && readYear(c, p.year);
        p.month = toInt(a);
        p.day = toInt(b);
    } else if (order == "DMY"_L1) {
        ok = isDayOrMonth(a) && isDayOrMonth(b) && readYear(c, p.year);
        p.day = toInt(a);
        p.month = toInt(b);
    } else { // YMD with a two-digit year
        ok = readYear(a, p.year) && isDayOrMonth(b) && isDayOrMonth(c);
        p.month = toInt(b);
        p.day = toInt(c);
    }
    if (!ok)
        p.problem = u"not a date in %1 order"_s.arg(order);
    return p;
}

// One month name and two numbers: "Mar 5, 2024", "5 March 2024", "05-MAR-24", "2024 Mar 5".
Parts namedMonthDate(int month, const QList<QStringView>& numbers, bool monthFirst)
{
    Parts p;
    p.month = month;
    QStringView day, year;
    if (numbers[0].size() == 4 && !monthFirst) {
        year = numbers[0];
        day = numbers[1];
    } else {
        day = numbers[0];
        year = numbers[1];
    }
    if (!isDayOrMonth(day) || !readYear(year, p.year))
        p.problem = u"not a date"_s;
    p.day = toInt(day);
    return p;
}

Parts parseDate(const QString& text, const QString& order)
{
    const QList<Token> tokens = tokenize(text);
    const qsizetype end = timeStart(tokens);
    if (!isTimeTail(tokens, end))
        return {0, 0, 0, u"not a date"_s};
    QList<QStringView> numbers;
    int month = 0;
    bool monthFirst = false;
    for (qsizetype i = 0; i < end; ++i) {
        const Token& t = tokens[i];
        switch (t.kind) {
        case Token::Number:
            numbers.append(t.text);
            break;
        case Token::Separator:
            if (!QStringView(u" /-.,").contains(t.text.front()))
                return {0, 0, 0, u"not a date"_s};
            break;
        case Token::Word:
            if (i > 0 && tokens[i - 1].kind == Token::Number && isOrdinalSuffix(t.text))
                break; // "5th"
            if (isWeekday(t.text) && numbers.isEmpty() && month == 0)
                break; // "Tuesday, March 5, 2024"
            if (month != 0 || (month = monthFromName(t.text)) == 0)
                return {0, 0, 0, u"not a date"_s};
            monthFirst = numbers.isEmpty();
            break;
        }
    }
    if (month != 0) {
        if (numbers.size() != 2)
            return {0, 0, 0, u"not a date"_s};
        return namedMonthDate(month, numbers, monthFirst);
    }
    if (numbers.size() == 1 && numbers[0].size() == 8) { // YYYYMMDD
        const QStringView n = numbers[0];
        return {toInt(n.left(4)), toInt(n.mid(4, 2)), toInt(n.mid(6, 2)), {}};
    }
    if (numbers.size() == 3)
        return numericDate(numbers, order);
    return {0, 0, 0, u"not a date"_s};
}

} // namespace

Normalized normalizeDate(QStringView raw, const NormalizeContext& ctx)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a date"));
    const QString order = ctx.dateOrder.trimmed().toUpper();
    if (order != "MDY"_L1 && order != "DMY"_L1 && order != "YMD"_L1)
        return invalid(raw, u"unknown date order '%1': must be MDY, DMY or YMD"_s.arg(ctx.dateOrder));
    const Parts p = parseDate(foldWhitespace(raw), order);
    if (!p.problem.isEmpty())
        return invalid(raw, p.problem);
    if (p.month < 1 || p.month > 12)
        return invalid(raw, u"impossible date: month %1"_s.arg(p.month));
    if (p.year < 1 || !QDate::isValid(p.year, p.month, p.day))
        return invalid(raw, u"impossible date: %1-%2-%3"_s.arg(p.year, 4, 10, QChar(u'0'))
                                .arg(p.month, 2, 10, QChar(u'0'))
                                .arg(p.day, 2, 10, QChar(u'0')));
    QString value = QDate(p.year, p.month, p.day).toString(Qt::ISODate);
    QString key = value;
    return valid(std::move(value), std::move(key));
}

} // namespace concord
