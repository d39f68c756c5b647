#include "Normalize.h"
#include "TextFolding.h"

#include <QHash>
#include <QLocale>
#include <unicode/uloc.h>

using namespace Qt::StringLiterals;

namespace concord {

using namespace normalize_detail;

namespace {

// Names people and systems use that are neither an ISO code nor a locale's name.
const std::pair<const char16_t*, const char16_t*> kAliases[] = {
    {u"USA", u"US"},
    {u"U.S. of A.", u"US"},
    {u"America", u"US"},
    {u"United States of America", u"US"},
    {u"UK", u"GB"},
    {u"Great Britain", u"GB"},
    {u"Britain", u"GB"},
    {u"England", u"GB"},
    {u"Scotland", u"GB"},
    {u"Wales", u"GB"},
    {u"Northern Ireland", u"GB"},
    {u"United Kingdom of Great Britain and Northern Ireland", u"GB"},
    {u"Holland", u"NL"},
    {u"South Korea", u"KR"},
    {u"Korea", u"KR"},
    {u"Republic of Korea", u"KR"},
    {u"North Korea", u"KP"},
    {u"Russian Federation", u"RU"},
    {u"Czech Republic", u"CZ"},
    {u"Ivory Coast", u"CI"},
    {u"Burma", u"MM"},
    {u"Vatican", u"VA"},
    {u"Vatican City", u"VA"},
    {u"Holy See", u"VA"},
    {u"UAE", u"AE"},
    {u"Emirates", u"AE"},
    {u"Turkey", u"TR"},
    {u"Türkiye", u"TR"},
    {u"Macedonia", u"MK"},
    {u"Swaziland", u"SZ"},
    {u"Cape Verde", u"CV"},
    {u"East Timor", u"TL"},
    {u"PRC", u"CN"},
    {u"Mainland China", u"CN"},
    {u"People's Republic of China", u"CN"},
    {u"Republic of China", u"TW"},
    {u"Hong Kong SAR", u"HK"},
    {u"Macau", u"MO"},
    {u"Laos", u"LA"},
    {u"Syria", u"SY"},
    {u"Iran", u"IR"},
    {u"Vietnam", u"VN"},
    {u"Bolivia", u"BO"},
    {u"Venezuela", u"VE"},
    {u"Tanzania", u"TZ"},
    {u"Moldova", u"MD"},
    {u"Brunei", u"BN"},
    {u"Palestine", u"PS"},
    {u"Congo-Kinshasa", u"CD"},
    {u"DRC", u"CD"},
    {u"Democratic Republic of the Congo", u"CD"},
    {u"Congo-Brazzaville", u"CG"},
    {u"Republic of the Congo", u"CG"},
};

// Lower case, no diacritics, letters and digits only: "U.S.A." -> "usa",
// "Côte d'Ivoire" -> "cotedivoire"; a leading "the" is dropped.
QString countryKey(QStringView text)
{
    QString key = matchKey(text);
    if (key.startsWith("the "_L1))
        key.remove(0, 4);
    key.remove(u' ');
    return key;
}

QString fromIcu(const char* text)
{
    return QString::fromLatin1(text);
}

// Folded spelling -> alpha-2 code. Built once; earlier sources win over later ones, so a
// code or an English name is never shadowed by some locale's native name.
const QHash<QString, QString>& countryLookup()
{
    static const QHash<QString, QString> lookup = [] {
        QHash<QString, QString> map;
        const auto add = [&map](QStringView spelling, const QString& code) {
            const QString key = countryKey(spelling);
            if (!key.isEmpty() && !map.contains(key))
                map.insert(key, code);
        };
        for (const auto& [alias, code] : kAliases)
            add(QStringView(alias), QString::fromUtf16(code));

        // ICU knows the current ISO 3166-1 codes and their alpha-3 forms.
        QStringList codes;
        for (const char* const* country = uloc_getISOCountries(); *country; ++country)
            codes.append(fromIcu(*country));
        for (const QString& code : codes)
            add(code, code);
        for (const QString& code : codes) {
            const QByteArray localeId = "_" + code.toLatin1();
            add(fromIcu(uloc_getISO3Country(localeId.constData())), code);
        }
        // English names: Qt's and ICU's (they differ: "Myanmar (Burma)", "Czechia").
        for (const QString& code : codes) {
            const QLocale::Territory territory = QLocale::codeToTerritory(code);
            if (territory != QLocale::AnyTerritory)
                add(QLocale::territoryToString(territory), code);
            UChar name[128];
            UErrorCode status = U_ZERO_ERROR;
            const QByteArray localeId = "_" + code.toLatin1();
            const int32_t length = uloc_getDisplayCountry(localeId.constData(), "en", name, 128, &status);
            if (U_SUCCESS(status) && length > 0)
                add(QStringView(name, length), code);
        }
        // Each locale's own name for its territory: "Deutschland", "España", "日本".
        const QList<QLocale> locales =
            QLocale::matchingLocales(QLocale::AnyLanguage, QLocale::AnyScript, QLocale::AnyTerritory);
        for (const QLocale& locale : locales) {
            const QString code = QLocale::territoryToCode(locale.territory());
            if (codes.contains(code))
                add(locale.nativeTerritoryName(), code);
        }
        return map;
    }();
    return lookup;
}

} // namespace

Normalized normalizeCountry(QStringView raw, const NormalizeContext&)
{
    if (isBlank(raw))
        return missing();
    if (raw.size() > kMaxStructuredLength)
        return invalid(raw, tooLongProblem(raw, "a country"));
    const QString key = countryKey(cleanText(raw));
    const QHash<QString, QString>& lookup = countryLookup();
    QString code = lookup.value(key);
    // "St. Lucia", "St Kitts and Nevis".
    if (code.isEmpty() && key.startsWith("st"_L1))
        code = lookup.value(u"saint"_s + key.mid(2));
    if (code.isEmpty())
        return invalid(raw, u"not a country: '%1'"_s.arg(raw.trimmed()));
    return valid(code, code);
}

} // namespace concord
