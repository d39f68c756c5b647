#include "Normalize.h"
#include "TextFolding.h"
#include "TitleCase.h"

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

struct LegalForm
{
    QStringView folded;    // the words of the form, matchKey()ed and run together
    QStringView canonical; // truth-format: no punctuation
};

// Longest forms are found first because the tail is matched on up to four words.
constexpr LegalForm kLegalForms[] = {
    {u"inc", u"Inc"},
    {u"incorporated", u"Inc"},
    {u"llc", u"LLC"},
    {u"limitedliabilitycompany", u"LLC"},
    {u"limitedliabilityco", u"LLC"},
    {u"corp", u"Corp"},
    {u"corporation", u"Corp"},
    {u"ltd", u"Ltd"},
    {u"limited", u"Ltd"},
    {u"co", u"Co"},
    {u"company", u"Co"},
    {u"coltd", u"Co Ltd"},
    {u"colimited", u"Co Ltd"},
    {u"companylimited", u"Co Ltd"},
    {u"plc", u"PLC"},
    {u"publiclimitedcompany", u"PLC"},
    {u"llp", u"LLP"},
    {u"limitedliabilitypartnership", u"LLP"},
    {u"lp", u"LP"},
    {u"limitedpartnership", u"LP"},
    {u"pllc", u"PLLC"},
    {u"pc", u"PC"},
    {u"gmbh", u"GmbH"},
    {u"gesellschaftmitbeschrankterhaftung", u"GmbH"},
    {u"gmbhcokg", u"GmbH & Co KG"},
    {u"kg", u"KG"},
    {u"ag", u"AG"},
    {u"aktiengesellschaft", u"AG"},
    {u"sa", u"SA"},
    {u"societeanonyme", u"SA"},
    {u"sociedadanonima", u"SA"},
    {u"sas", u"SAS"},
    {u"sarl", u"SARL"},
    {u"srl", u"SRL"},
    {u"spa", u"SpA"},
    {u"sl", u"SL"},
    {u"bv", u"BV"},
    {u"nv", u"NV"},
    {u"se", u"SE"},
    {u"ptyltd", u"Pty Ltd"},
    {u"proprietarylimited", u"Pty Ltd"},
    {u"pty", u"Pty"},
    {u"ab", u"AB"},
    {u"oy", u"Oy"},
    {u"oyj", u"Oyj"},
    {u"as", u"AS"},
    {u"asa", u"ASA"},
    {u"aps", u"ApS"},
    {u"kk", u"KK"},
};
constexpr qsizetype kMaxLegalFormWords = 4;

QStringView legalFormFor(QStringView folded)
{
    for (const LegalForm& form : kLegalForms) {
        if (form.folded == folded)
            return form.canonical;
    }
    return {};
}

bool hasLetterOrDigit(QStringView text)
{
    for (const QChar c : text) {
        if (c.isLetterOrNumber())
            return true;
    }
    return false;
}

bool hasVowel(QStringView word)
{
    for (const QChar c : foldCase(word)) {
        if (QStringView(u"aeiouy").contains(c))
            return true;
    }
    return false;
}

// Title Case for a name a legacy system wrote in one case. Words without a vowel are
// acronyms ("CVS", "HSBC", "3M"), except the usual abbreviations; a single word of up to
// three letters is kept as written ("IBM Corp"): all-caps input cannot tell "IBM" from
// "Ibm", and a short all-caps name is far more often an acronym.
QString titleCaseCompany(const QString& name)
{
    static const QStringView kSmallWords[] = {u"of", u"and", u"the", u"for", u"in",  u"on",  u"at", u"by",
                                              u"to", u"a",   u"an",  u"de",  u"du",  u"des", u"la", u"le",
                                              u"et", u"und", u"y",   u"van", u"von", u"der"};
    static const QStringView kAbbreviations[] = {u"st", u"mr", u"mrs", u"dr", u"jr", u"sr", u"mt", u"ft"};
    const QList<QStringView> words = QStringView(name).split(u' ', Qt::SkipEmptyParts);
    if (words.size() == 1 && words[0].size() <= 3)
        return name;
    QStringList out;
    for (qsizetype i = 0; i < words.size(); ++i) {
        const QStringView word = words[i];
        const QString bare = matchKey(word);
        const auto isIn = [&bare](const auto& list) {
            return std::find(std::begin(list), std::end(list), QStringView(bare)) != std::end(list);
        };
        if (i > 0 && isIn(kSmallWords))
            out.append(word.toString().toLower());
        else if (!hasVowel(word) && hasLetterOrDigit(word) && !isIn(kAbbreviations) &&
                 std::any_of(word.begin(), word.end(), [](QChar c) { return c.isLetter(); }))
            out.append(word.toString().toUpper());
        else
            out.append(titleCaseWord(word, TitleCaseStyle::Company));
    }
    return out.join(u' ');
}

// The match key: no legal form, no diacritics, '&' read as "and", no leading "the".
QString companyKey(const QString& name)
{
    QString text = name;
    text.replace(u'&', " and "_L1);
    QString key = matchKey(text);
    if (key.startsWith("the "_L1) && key.size() > 4)
        key.remove(0, 4);
    return key;
}

// "Acme,Inc." -> "Acme, Inc.": a comma glued to the next word still separates it.
QString spaceAfterCommas(const QString& text)
{
    QString out;
    out.reserve(text.size() + 4);
    for (qsizetype i = 0; i < text.size(); ++i) {
        out.append(text[i]);
        if (text[i] == u',' && i + 1 < text.size() && text[i + 1].isLetter())
            out.append(u' ');
    }
    return out;
}

} // namespace

Normalized normalizeCompany(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a company name"));
    const QString text = spaceAfterCommas(cleanText(raw));
    if (text.contains(u'@'))
        return invalid(raw, u"not a company name: looks like an e-mail address"_s);
    if (!hasLetterOrDigit(text))
        return invalid(raw, u"not a company name: no letters or digits"_s);

    const QList<QStringView> words = QStringView(text).split(u' ', Qt::SkipEmptyParts);
    QStringList folded;
    folded.reserve(words.size());
    for (const QStringView word : words)
        folded.append(matchKey(word).remove(u' '));

    // The legal form: the longest run of trailing words that spells one, leaving a name.
    qsizetype nameWords = words.size();
    QStringView form;
    for (qsizetype k = std::min(kMaxLegalFormWords, words.size() - 1); k >= 1 && form.isEmpty(); --k) {
        if (folded[words.size() - k].isEmpty())
            continue; // "Johnson & Co": a form does not start with "&"
        QString tail;
        for (qsizetype i = words.size() - k; i < words.size(); ++i)
            tail += folded[i];
        const QStringView candidate = legalFormFor(tail);
        if (candidate.isEmpty())
            continue;
        bool nameLeft = false;
        for (qsizetype i = 0; i < words.size() - k; ++i)
            nameLeft = nameLeft || !folded[i].isEmpty();
        if (nameLeft) {
            form = candidate;
            nameWords = words.size() - k;
        }
    }

    QString name = text.left(words[nameWords - 1].end() - text.constData());
    while (!name.isEmpty() && QStringView(u",;:-\u2013\u2014 ").contains(name.back()))
        name.chop(1);
    // "Johnson & Co.": the "Co" is part of the name, not a legal form.
    if (!form.isEmpty() && (name.endsWith(u'&') || name.endsWith(" and"_L1, Qt::CaseInsensitive))) {
        name += u' ' + form.toString();
        form = {};
    }
    if (isAllUpper(name) || isAllLower(name))
        name = titleCaseCompany(name);
    QString key = companyKey(name);
    QString value = form.isEmpty() ? name : name + u' ' + form;
    return valid(std::move(value), std::move(key));
}

} // namespace concord
