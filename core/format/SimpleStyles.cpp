#include "StyleRules.h"

#include <QDate>
#include <QLocale>
#include <unicode/uloc.h>

using namespace Qt::StringLiterals;

// The types whose styles are a short fixed list: states, countries, dates, e-mail
// addresses, postal codes and bank accounts.
namespace concord::format_detail {

namespace {

// ---- state ----------------------------------------------------------------------------

// USPS codes and the names a CRM shows for them (the names normalizeUsState() reads).
constexpr std::pair<QStringView, QStringView> kStateNames[] = {
    {u"AL", u"Alabama"},
    {u"AK", u"Alaska"},
    {u"AZ", u"Arizona"},
    {u"AR", u"Arkansas"},
    {u"CA", u"California"},
    {u"CO", u"Colorado"},
    {u"CT", u"Connecticut"},
    {u"DE", u"Delaware"},
    {u"DC", u"District of Columbia"},
    {u"FL", u"Florida"},
    {u"GA", u"Georgia"},
    {u"HI", u"Hawaii"},
    {u"ID", u"Idaho"},
    {u"IL", u"Illinois"},
    {u"IN", u"Indiana"},
    {u"IA", u"Iowa"},
    {u"KS", u"Kansas"},
    {u"KY", u"Kentucky"},
    {u"LA", u"Louisiana"},
    {u"ME", u"Maine"},
    {u"MD", u"Maryland"},
    {u"MA", u"Massachusetts"},
    {u"MI", u"Michigan"},
    {u"MN", u"Minnesota"},
    {u"MS", u"Mississippi"},
    {u"MO", u"Missouri"},
    {u"MT", u"Montana"},
    {u"NE", u"Nebraska"},
    {u"NV", u"Nevada"},
    {u"NH", u"New Hampshire"},
    {u"NJ", u"New Jersey"},
    {u"NM", u"New Mexico"},
    {u"NY", u"New York"},
    {u"NC", u"North Carolina"},
    {u"ND", u"North Dakota"},
    {u"OH", u"Ohio"},
    {u"OK", u"Oklahoma"},
    {u"OR", u"Oregon"},
    {u"PA", u"Pennsylvania"},
    {u"RI", u"Rhode Island"},
    {u"SC", u"South Carolina"},
    {u"SD", u"South Dakota"},
    {u"TN", u"Tennessee"},
    {u"TX", u"Texas"},
    {u"UT", u"Utah"},
    {u"VT", u"Vermont"},
    {u"VA", u"Virginia"},
    {u"WA", u"Washington"},
    {u"WV", u"West Virginia"},
    {u"WI", u"Wisconsin"},
    {u"WY", u"Wyoming"},
    {u"AS", u"American Samoa"},
    {u"GU", u"Guam"},
    {u"MP", u"Northern Mariana Islands"},
    {u"PR", u"Puerto Rico"},
    {u"VI", u"U.S. Virgin Islands"},
    {u"FM", u"Federated States of Micronesia"},
    {u"MH", u"Marshall Islands"},
    {u"PW", u"Palau"},
    {u"AA", u"Armed Forces Americas"},
    {u"AE", u"Armed Forces Europe"},
    {u"AP", u"Armed Forces Pacific"},
};

Result<QString> renderState(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    if (pattern == u"state:code")
        return canonical;
    const bool upper = pattern == u"state:NAME";
    if (!upper && pattern != u"state:name")
        return unknownPattern(pattern);
    for (const auto& [code, name] : kStateNames) {
        if (code == canonical)
            return upper ? name.toString().toUpper() : name.toString();
    }
    return makeError(u"no name known for the state code '%1'"_s.arg(canonical));
}

// ---- country --------------------------------------------------------------------------

Result<QString> renderCountry(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    if (pattern == u"country:alpha2")
        return canonical;
    if (pattern == u"country:alpha3") {
        const QByteArray localeId = "_" + canonical.toLatin1();
        const QString alpha3 = QString::fromLatin1(uloc_getISO3Country(localeId.constData()));
        if (alpha3.isEmpty())
            return makeError(u"no alpha-3 code known for '%1'"_s.arg(canonical));
        return alpha3;
    }
    const bool upper = pattern == u"country:NAME";
    if (!upper && pattern != u"country:name")
        return unknownPattern(pattern);
    const QLocale::Territory territory = QLocale::codeToTerritory(canonical);
    if (territory == QLocale::AnyTerritory)
        return makeError(u"no name known for the country code '%1'"_s.arg(canonical));
    const QString name = QLocale::territoryToString(territory);
    return upper ? name.toUpper() : name;
}

// ---- date -----------------------------------------------------------------------------

Result<QString> renderDate(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    if (!pattern.startsWith(u"date:") || pattern.size() == 5)
        return unknownPattern(pattern);
    const QDate date = QDate::fromString(canonical, Qt::ISODate);
    if (!date.isValid())
        return makeError(u"not an ISO date"_s);
    // The C locale: English month names whatever the machine's locale.
    return QLocale::c().toString(date, pattern.mid(5));
}

// ---- email ----------------------------------------------------------------------------

// "john.smith@acme.com" -> "John.Smith@Acme.com": each part of the local part after '.'
// or '_' and the domain start with a capital, as some people type their address.
QString capitalizedEmail(const QString& email)
{
    QString out = email;
    const qsizetype at = out.indexOf(u'@');
    for (qsizetype i = 0; i < out.size(); ++i) {
        const bool wordStart =
            i == 0 || (i < at && (out[i - 1] == u'.' || out[i - 1] == u'_')) || i == at + 1;
        if (wordStart)
            out[i] = out[i].toUpper();
    }
    return out;
}

Result<QString> renderEmail(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    if (pattern == u"email:lower")
        return canonical;
    if (pattern == u"email:UPPER")
        return canonical.toUpper();
    if (pattern == u"email:Capitalized")
        return capitalizedEmail(canonical);
    return unknownPattern(pattern);
}

// ---- postal code ----------------------------------------------------------------------

const auto kZip = "#####"_L1;
const auto kZipNumber = "zip:number"_L1;
const auto kZipPlus4 = "#####-####"_L1;

bool isUs(const NormalizeContext& ctx)
{
    return ctx.defaultRegion.trimmed().compare("US"_L1, Qt::CaseInsensitive) == 0;
}

Result<QString> renderPostalCode(QStringView pattern, const QString& canonical, const NormalizeContext& ctx)
{
    if (pattern != kZip && pattern != kZipNumber && pattern != kZipPlus4)
        return unknownPattern(pattern);
    if (!isUs(ctx))
        return makeError(u"a US ZIP code layout, but the system's region is '%1'"_s.arg(ctx.defaultRegion));
    if (pattern == kZipPlus4)
        return makeError(u"the column holds ZIP+4 codes, and the +4 extension is not known"_s);
    if (pattern == kZip)
        return canonical;
    QString number = canonical;
    while (number.startsWith(u'0'))
        number.remove(0, 1);
    return number;
}

bool allDigits(QStringView text)
{
    return std::all_of(text.begin(), text.end(),
                       [](QChar c) { return c.unicode() >= u'0' && c.unicode() <= u'9'; });
}

// ZIP+4 cannot be rendered, but a column of them is still recognised as such.
QStringList postalCodeMatches(const QString& raw, const QString& canonical, const NormalizeContext& ctx)
{
    if (isUs(ctx) && raw.size() == 10 && raw[5] == u'-' && allDigits(QStringView(raw).left(5)) &&
        allDigits(QStringView(raw).mid(6)) && raw.left(5) == canonical)
        return {QString(kZipPlus4)};
    return {};
}

// ---- bank account ---------------------------------------------------------------------

constexpr std::pair<QStringView, QStringView> kAccountSeparators[] = {
    {u"bank_account:routing/account", u"/"}, {u"bank_account:routing account", u" "},
    {u"bank_account:routing-account", u"-"}, {u"bank_account:routing / account", u" / "},
    {u"bank_account:routing|account", u"|"},
};

Result<QString> renderBankAccount(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    const qsizetype slash = canonical.indexOf(u'/');
    if (pattern == u"bank_account:IBAN" || pattern == u"bank_account:IBAN grouped") {
        if (slash >= 0)
            return makeError(u"a US routing/account number, the column holds IBANs"_s);
        if (pattern == u"bank_account:IBAN")
            return canonical;
        QString out;
        for (qsizetype i = 0; i < canonical.size(); ++i) {
            if (i > 0 && i % 4 == 0)
                out.append(u' ');
            out.append(canonical[i]);
        }
        return out;
    }
    for (const auto& [name, separator] : kAccountSeparators) {
        if (name != pattern)
            continue;
        if (slash < 0)
            return makeError(u"an IBAN, the column holds US routing/account numbers"_s);
        return QString(canonical.left(slash) + separator + canonical.mid(slash + 1));
    }
    return unknownPattern(pattern);
}

} // namespace

TypeRule stateRule()
{
    return TypeRule{{u"state:code"_s, u"state:name"_s, u"state:NAME"_s}, &renderState, nullptr, false};
}

TypeRule countryRule()
{
    return TypeRule{{u"country:alpha2"_s, u"country:name"_s, u"country:alpha3"_s, u"country:NAME"_s},
                    &renderCountry,
                    nullptr,
                    false};
}

TypeRule dateRule()
{
    // Day and month with leading zeros before the forms without: "12/11/2026" fits both.
    static const char* const kFormats[] = {
        "yyyy-MM-dd",    "MM/dd/yyyy",  "M/d/yyyy",     "dd/MM/yyyy",  "d/M/yyyy",     "MM-dd-yyyy",
        "dd-MM-yyyy",    "dd.MM.yyyy",  "d.M.yyyy",     "yyyy/MM/dd",  "yyyy.MM.dd",   "yyyyMMdd",
        "MM/dd/yy",      "M/d/yy",      "dd/MM/yy",     "d/M/yy",      "dd.MM.yy",     "dd-MMM-yyyy",
        "dd-MMM-yy",     "d MMM yyyy",  "d MMMM yyyy",  "MMM d, yyyy", "MMMM d, yyyy", "MMM dd, yyyy",
        "MMMM dd, yyyy", "dd MMM yyyy", "dd MMMM yyyy",
    };
    TypeRule rule;
    for (const char* format : kFormats)
        rule.candidates.append(u"date:"_s + QLatin1StringView(format));
    rule.render = &renderDate;
    return rule;
}

TypeRule emailRule()
{
    return TypeRule{
        {u"email:lower"_s, u"email:UPPER"_s, u"email:Capitalized"_s}, &renderEmail, nullptr, false};
}

TypeRule postalCodeRule()
{
    return TypeRule{{QString(kZip), QString(kZipNumber), QString(kZipPlus4)},
                    &renderPostalCode,
                    &postalCodeMatches,
                    false};
}

TypeRule bankAccountRule()
{
    TypeRule rule;
    for (const auto& [name, separator] : kAccountSeparators)
        rule.candidates.append(name.toString());
    rule.candidates.append(u"bank_account:IBAN"_s);
    rule.candidates.append(u"bank_account:IBAN grouped"_s);
    rule.render = &renderBankAccount;
    return rule;
}

} // namespace concord::format_detail
