#include "Normalize.h"
#include "TextFolding.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

struct StateEntry
{
    const char16_t* code;
    const char16_t* name;
    // Other spellings: AP/GPO abbreviations ("Calif.", "N. Dak.") and common variants.
    std::initializer_list<const char16_t*> aliases;
};

// The 50 states, DC, the inhabited territories, the freely associated states and the
// military "states" USPS uses.
const StateEntry kStates[] = {
    {u"AL", u"Alabama", {u"Ala"}},
    {u"AK", u"Alaska", {u"Alas"}},
    {u"AZ", u"Arizona", {u"Ariz"}},
    {u"AR", u"Arkansas", {u"Ark"}},
    {u"CA", u"California", {u"Calif", u"Cal", u"Cali"}},
    {u"CO", u"Colorado", {u"Colo"}},
    {u"CT", u"Connecticut", {u"Conn"}},
    {u"DE", u"Delaware", {u"Del"}},
    {u"DC", u"District of Columbia", {u"Washington DC", u"Washington D.C.", u"D.C."}},
    {u"FL", u"Florida", {u"Fla"}},
    {u"GA", u"Georgia", {}},
    {u"HI", u"Hawaii", {u"Hawai'i"}},
    {u"ID", u"Idaho", {}},
    {u"IL", u"Illinois", {u"Ill", u"Ills"}},
    {u"IN", u"Indiana", {u"Ind"}},
    {u"IA", u"Iowa", {}},
    {u"KS", u"Kansas", {u"Kan", u"Kans"}},
    {u"KY", u"Kentucky", {}},
    {u"LA", u"Louisiana", {}},
    {u"ME", u"Maine", {}},
    {u"MD", u"Maryland", {}},
    {u"MA", u"Massachusetts", {u"Mass"}},
    {u"MI", u"Michigan", {u"Mich"}},
    {u"MN", u"Minnesota", {u"Minn"}},
    {u"MS", u"Mississippi", {u"Miss"}},
    {u"MO", u"Missouri", {}},
    {u"MT", u"Montana", {u"Mont"}},
    {u"NE", u"Nebraska", {u"Neb", u"Nebr"}},
    {u"NV", u"Nevada", {u"Nev"}},
    {u"NH", u"New Hampshire", {}},
    {u"NJ", u"New Jersey", {}},
    {u"NM", u"New Mexico", {u"N. Mex", u"New M"}},
    {u"NY", u"New York", {}},
    {u"NC", u"North Carolina", {}},
    {u"ND", u"North Dakota", {u"N. Dak"}},
    {u"OH", u"Ohio", {}},
    {u"OK", u"Oklahoma", {u"Okla"}},
    {u"OR", u"Oregon", {u"Ore", u"Oreg"}},
    {u"PA", u"Pennsylvania", {u"Penn", u"Penna"}},
    {u"RI", u"Rhode Island", {}},
    {u"SC", u"South Carolina", {}},
    {u"SD", u"South Dakota", {u"S. Dak"}},
    {u"TN", u"Tennessee", {u"Tenn"}},
    {u"TX", u"Texas", {u"Tex"}},
    {u"UT", u"Utah", {}},
    {u"VT", u"Vermont", {}},
    {u"VA", u"Virginia", {u"Virg"}},
    {u"WA", u"Washington", {u"Wash", u"Washington State"}},
    {u"WV", u"West Virginia", {u"W. Va", u"W. Virg"}},
    {u"WI", u"Wisconsin", {u"Wis", u"Wisc"}},
    {u"WY", u"Wyoming", {u"Wyo"}},
    {u"AS", u"American Samoa", {}},
    {u"GU", u"Guam", {}},
    {u"MP", u"Northern Mariana Islands", {u"Northern Marianas", u"CNMI"}},
    {u"PR", u"Puerto Rico", {}},
    {u"VI", u"U.S. Virgin Islands", {u"Virgin Islands", u"United States Virgin Islands", u"USVI"}},
    {u"FM", u"Federated States of Micronesia", {u"Micronesia"}},
    {u"MH", u"Marshall Islands", {}},
    {u"PW", u"Palau", {}},
    {u"AA", u"Armed Forces Americas", {}},
    {u"AE",
     u"Armed Forces Europe",
     {u"Armed Forces Africa", u"Armed Forces Canada", u"Armed Forces Middle East"}},
    {u"AP", u"Armed Forces Pacific", {}},
};

// Letters only, lower case, no diacritics: "N. Carolina" -> "ncarolina".
QString lettersOnly(QStringView text)
{
    QString out;
    for (const QChar c : foldCase(text)) {
        if (c.isLetter())
            out.append(c);
    }
    return out;
}

const QHash<QString, QString>& stateLookup()
{
    static const QHash<QString, QString> lookup = [] {
        QHash<QString, QString> map;
        const auto add = [&map](QStringView spelling, const QString& code) {
            map.insert(lettersOnly(spelling), code);
        };
        for (const StateEntry& state : kStates) {
            const QString code = QString::fromUtf16(state.code);
            const QString name = QString::fromUtf16(state.name);
            add(code, code);
            add(name, code);
            for (const char16_t* alias : state.aliases)
                add(QStringView(alias), code);
            // "N. Carolina", "W Virginia", "N Hampshire": the first word as an initial.
            for (const QStringView compass : {u"North ", u"South ", u"West ", u"New "}) {
                if (name.startsWith(compass))
                    add(QString(name.left(1) + name.mid(compass.size())), code);
            }
        }
        return map;
    }();
    return lookup;
}

} // namespace

Normalized normalizeUsState(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a US state"));
    const QString folded = lettersOnly(cleanText(raw));
    const QHash<QString, QString>& lookup = stateLookup();
    QString code = lookup.value(folded);
    // "US-CA" (ISO 3166-2), "State of Washington", "New York State".
    if (code.isEmpty() && folded.startsWith("us"_L1))
        code = lookup.value(folded.mid(2));
    if (code.isEmpty() && folded.startsWith("stateof"_L1))
        code = lookup.value(folded.mid(7));
    if (code.isEmpty() && folded.endsWith("state"_L1))
        code = lookup.value(folded.chopped(5));
    // Letters are all a state has: digits or other symbols mean something else.
    bool onlyNameCharacters = true;
    for (const QChar c : raw) {
        if (!(c.isLetter() || c.isMark() || c.isSpace() || isApostrophe(c) ||
              QStringView(u".,-").contains(c)))
            onlyNameCharacters = false;
    }
    if (code.isEmpty() || !onlyNameCharacters)
        return invalid(raw, u"not a US state: '%1'"_s.arg(raw.trimmed()));
    return valid(code, code);
}

} // namespace concord
