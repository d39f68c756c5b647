#include "Normalize.h"
#include "TextFolding.h"
#include "TitleCase.h"

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// Generational and professional suffixes that may follow a comma: "Smith, Jr." is not
// "Jr. Smith".
bool isNameSuffix(QStringView part)
{
    static const QStringView kSuffixes[] = {u"jr", u"sr",  u"ii",  u"iii", u"iv",  u"phd",
                                            u"md", u"esq", u"dds", u"cpa", u"mba", u"jd"};
    const QString folded = matchKey(part).remove(u' ');
    for (const QStringView suffix : kSuffixes) {
        if (folded == suffix)
            return true;
    }
    return false;
}

bool isRomanNumeral(QStringView word)
{
    static const QStringView kNumerals[] = {u"ii", u"iii", u"iv", u"vi", u"vii", u"viii", u"ix"};
    QString folded = word.toString().toLower();
    folded.remove(u'.');
    for (const QStringView numeral : kNumerals) {
        if (folded == numeral)
            return true;
    }
    return false;
}

// Nobiliary particles. A run of two or more ("van der", "de la", "von der") inside a name
// is written in lower case; a lone one keeps its capital, because in English usage it
// usually has one ("Van Dyke", "De Luca", "Di Maria") and the all-caps source cannot
// tell us otherwise.
bool isParticle(QStringView word)
{
    static const QStringView kParticles[] = {u"van", u"von", u"der", u"den", u"de",  u"del", u"della",
                                             u"di",  u"da",  u"du",  u"la",  u"le",  u"dos", u"das",
                                             u"do",  u"ter", u"ten", u"zu",  u"zum", u"af",  u"av"};
    const QString lower = word.toString().toLower();
    for (const QStringView particle : kParticles) {
        if (lower == particle)
            return true;
    }
    return false;
}

QString titleCaseName(const QString& text)
{
    const QList<QStringView> words = QStringView(text).split(u' ', Qt::SkipEmptyParts);
    QStringList out;
    out.reserve(words.size());
    for (const QStringView word : words)
        out.append(titleCaseWord(word, TitleCaseStyle::Person));
    for (qsizetype i = 1; i < words.size(); ++i) {
        if (isRomanNumeral(words[i]))
            out[i] = words[i].toString().toUpper();
    }
    for (qsizetype start = 0; start < words.size();) {
        qsizetype end = start;
        while (end < words.size() && isParticle(words[end]))
            ++end;
        if (end - start >= 2 && end < words.size()) {
            for (qsizetype i = std::max<qsizetype>(start, 1); i < end; ++i)
                out[i] = words[i].toString().toLower();
        }
        start = end == start ? start + 1 : end;
    }
    return out.join(u' ');
}

// "SMITH, JOHN" -> "JOHN SMITH"; "Smith, John, Jr." -> "John Smith Jr."; "Smith, Jr." stays
// in order. Anything with more commas is left as written.
QString reorderLastFirst(const QString& text)
{
    QList<QStringView> parts = QStringView(text).split(u',');
    for (QStringView& part : parts)
        part = part.trimmed();
    parts.removeIf([](QStringView part) { return part.isEmpty(); });
    if (parts.size() == 1)
        return parts[0].toString();
    if (parts.size() == 2)
        return isNameSuffix(parts[1]) ? parts[0] + u' ' + parts[1] : parts[1] + u' ' + parts[0];
    if (parts.size() == 3 && isNameSuffix(parts[2]) && !isNameSuffix(parts[1]))
        return parts[1] + u' ' + parts[0] + u' ' + parts[2];
    return text;
}

} // namespace

Normalized normalizePersonName(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a person's name"));
    QString text = cleanText(raw);
    if (text.contains(u'@'))
        return invalid(raw, u"not a person's name: looks like an e-mail address"_s);
    bool hasLetter = false;
    for (const QChar c : text) {
        if (c.isDigit())
            return invalid(raw, u"not a person's name: contains digits"_s);
        hasLetter = hasLetter || c.isLetter();
    }
    if (!hasLetter)
        return invalid(raw, u"not a person's name: no letters"_s);
    if (text.contains(u','))
        text = reorderLastFirst(text);
    if (isAllUpper(text) || isAllLower(text))
        text = titleCaseName(text);
    QString key = matchKey(text);
    return valid(std::move(text), std::move(key));
}

} // namespace concord
