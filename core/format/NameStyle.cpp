#include "StyleRules.h"

using namespace Qt::StringLiterals;

// Person names: the order ("John Smith" or "Smith, John") and the casing a column uses.
// The casing is applied to the canonical name; a casing the name rule cannot undo
// ("DiCaprio" -> "DICAPRIO" reads back as "Dicaprio") fails the round trip in
// renderInStyle() and is refused there.
namespace concord::format_detail {

namespace {

struct NameStyle
{
    QStringView pattern;
    bool lastFirst;
    Casing casing;
};

constexpr NameStyle kNameStyles[] = {
    {u"name:First Last", false, Casing::AsIs},        {u"name:Last, First", true, Casing::AsIs},
    {u"name:FIRST LAST upper", false, Casing::Upper}, {u"name:LAST, FIRST upper", true, Casing::Upper},
    {u"name:first last lower", false, Casing::Lower}, {u"name:last, first lower", true, Casing::Lower},
};

QString bareLower(QStringView word)
{
    QString out = word.toString().toLower();
    out.remove(u'.');
    return out;
}

// What follows the family name after a comma in "Smith, John, Jr.".
bool isNameSuffix(QStringView word)
{
    static const QStringView kSuffixes[] = {u"jr", u"sr",  u"ii",  u"iii", u"iv",  u"phd",
                                            u"md", u"esq", u"dds", u"cpa", u"mba", u"jd"};
    const QString bare = bareLower(word);
    return std::find(std::begin(kSuffixes), std::end(kSuffixes), QStringView(bare)) != std::end(kSuffixes);
}

// Words that belong to the family name that follows them ("Van Dyke", "de la Cruz").
bool isParticle(QStringView word)
{
    static const QStringView kParticles[] = {u"van", u"von", u"der", u"den", u"de",  u"del", u"della",
                                             u"di",  u"da",  u"du",  u"la",  u"le",  u"dos", u"das",
                                             u"do",  u"ter", u"ten", u"zu",  u"zum", u"af",  u"av"};
    const QString lower = word.toString().toLower();
    return std::find(std::begin(kParticles), std::end(kParticles), QStringView(lower)) !=
           std::end(kParticles);
}

// "John Smith" -> "Smith, John"; "Jan van der Berg" -> "van der Berg, Jan";
// "John Smith Jr." -> "Smith, John, Jr.". A single word stays as it is.
QString lastFirst(const QString& name)
{
    const QList<QStringView> words = QStringView(name).split(u' ', Qt::SkipEmptyParts);
    qsizetype end = words.size();
    if (end > 2 && isNameSuffix(words[end - 1]))
        --end;
    if (end < 2)
        return name;
    qsizetype lastStart = end - 1;
    while (lastStart > 1 && isParticle(words[lastStart - 1]))
        --lastStart;
    const auto join = [&words](qsizetype from, qsizetype to) {
        QStringList parts;
        for (qsizetype i = from; i < to; ++i)
            parts.append(words[i].toString());
        return parts.join(u' ');
    };
    QString out = join(lastStart, end) + u", "_s + join(0, lastStart);
    if (end < words.size())
        out += u", "_s + join(end, words.size());
    return out;
}

Result<QString> renderName(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    for (const NameStyle& style : kNameStyles) {
        if (style.pattern == pattern)
            return applyCasing(style.lastFirst ? lastFirst(canonical) : canonical, style.casing);
    }
    return unknownPattern(pattern);
}

} // namespace

TypeRule nameRule()
{
    TypeRule rule;
    for (const NameStyle& style : kNameStyles)
        rule.candidates.append(style.pattern.toString());
    rule.render = &renderName;
    rule.asciiAware = true;
    return rule;
}

} // namespace concord::format_detail
