#include "StyleRules.h"

#include <algorithm>

using namespace Qt::StringLiterals;

// Company names: the casing of the name, what separates it from the legal form, and how
// the legal form is spelled ("Acme Logistics Inc", "ACME LOGISTICS, Inc.", "ACME LOGISTICS
// INC", "Acme Logistics Incorporated"). A pattern shows the parts as "Inc" spelled that way:
// "company:NAME, Inc.".
namespace concord::format_detail {

namespace {

enum class Spelling
{
    Canonical, // Inc
    Dotted,    // Inc.
    Expanded   // Incorporated
};

struct LegalForm
{
    QStringView canonical; // as normalizeCompany() writes it
    QStringView dotted;
    QStringView expanded; // a spelling normalizeCompany() reads as the same form
};

// The forms normalizeCompany() produces. Where a form has no common dotted or long
// spelling, the canonical one stands in.
constexpr LegalForm kLegalForms[] = {
    {u"Inc", u"Inc.", u"Incorporated"},
    {u"LLC", u"LLC", u"Limited Liability Company"},
    {u"Corp", u"Corp.", u"Corporation"},
    {u"Ltd", u"Ltd.", u"Limited"},
    {u"Co", u"Co.", u"Company"},
    {u"Co Ltd", u"Co. Ltd.", u"Company Limited"},
    {u"PLC", u"PLC", u"Public Limited Company"},
    {u"LLP", u"LLP", u"Limited Liability Partnership"},
    {u"LP", u"LP", u"Limited Partnership"},
    {u"PLLC", u"PLLC", u"PLLC"},
    {u"PC", u"P.C.", u"PC"},
    {u"GmbH & Co KG", u"GmbH & Co. KG", u"GmbH & Co KG"},
    {u"GmbH", u"GmbH", u"GmbH"},
    {u"KG", u"KG", u"KG"},
    {u"AG", u"AG", u"Aktiengesellschaft"},
    {u"SA", u"S.A.", u"SA"},
    {u"SAS", u"S.A.S.", u"SAS"},
    {u"SARL", u"S.A.R.L.", u"SARL"},
    {u"SRL", u"S.R.L.", u"SRL"},
    {u"SpA", u"S.p.A.", u"SpA"},
    {u"SL", u"S.L.", u"SL"},
    {u"BV", u"B.V.", u"BV"},
    {u"NV", u"N.V.", u"NV"},
    {u"SE", u"SE", u"SE"},
    {u"Pty Ltd", u"Pty. Ltd.", u"Proprietary Limited"},
    {u"Pty", u"Pty.", u"Pty"},
    {u"AB", u"AB", u"AB"},
    {u"Oy", u"Oy", u"Oy"},
    {u"Oyj", u"Oyj", u"Oyj"},
    {u"AS", u"AS", u"AS"},
    {u"ASA", u"ASA", u"ASA"},
    {u"ApS", u"ApS", u"ApS"},
    {u"KK", u"K.K.", u"KK"},
};

QStringView spelled(const LegalForm& form, Spelling spelling)
{
    switch (spelling) {
    case Spelling::Dotted:
        return form.dotted;
    case Spelling::Expanded:
        return form.expanded;
    case Spelling::Canonical:
        break;
    }
    return form.canonical;
}

struct CompanyStyle
{
    QString pattern;
    Casing nameCasing;
    QString separator;
    Spelling spelling;
    Casing formCasing;
};

const QList<CompanyStyle>& companyStyles()
{
    static const QList<CompanyStyle> styles = [] {
        const std::pair<Casing, QString> nameCasings[] = {
            {Casing::AsIs, u"Name"_s}, {Casing::Upper, u"NAME"_s}, {Casing::Lower, u"name"_s}};
        const QString separators[] = {u" "_s, u", "_s};
        const Spelling spellings[] = {Spelling::Canonical, Spelling::Dotted, Spelling::Expanded};
        const Casing formCasings[] = {Casing::AsIs, Casing::Upper, Casing::Lower};
        QList<CompanyStyle> list;
        for (const auto& [nameCasing, nameToken] : nameCasings) {
            for (const QString& separator : separators) {
                for (const Spelling spelling : spellings) {
                    for (const Casing formCasing : formCasings) {
                        const QString formToken =
                            applyCasing(spelled(kLegalForms[0], spelling).toString(), formCasing);
                        list.append({u"company:"_s + nameToken + separator + formToken, nameCasing, separator,
                                     spelling, formCasing});
                    }
                }
            }
        }
        return list;
    }();
    return styles;
}

// The legal form at the end of a canonical company name, longest first ("Co Ltd" before
// "Ltd"); nullptr when there is none. "Johnson & Co" keeps its "Co" as part of the name,
// as normalizeCompany() does.
const LegalForm* legalFormOf(const QString& canonical, QString& name)
{
    const LegalForm* best = nullptr;
    for (const LegalForm& form : kLegalForms) {
        if (best && form.canonical.size() <= best->canonical.size())
            continue;
        if (canonical.size() <= form.canonical.size() + 1 || !canonical.endsWith(form.canonical) ||
            canonical[canonical.size() - form.canonical.size() - 1] != u' ')
            continue;
        const QString rest = canonical.chopped(form.canonical.size() + 1).trimmed();
        if (rest.isEmpty() || rest.endsWith(u'&') || rest.endsWith(" and"_L1, Qt::CaseInsensitive))
            continue;
        best = &form;
        name = rest;
    }
    return best;
}

Result<QString> renderCompany(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    const QList<CompanyStyle>& styles = companyStyles();
    const auto style = std::find_if(styles.begin(), styles.end(),
                                    [pattern](const CompanyStyle& s) { return s.pattern == pattern; });
    if (style == styles.end())
        return unknownPattern(pattern);
    QString name;
    const LegalForm* form = legalFormOf(canonical, name);
    if (!form)
        return applyCasing(canonical, style->nameCasing);
    return QString(applyCasing(name, style->nameCasing) + style->separator +
                   applyCasing(spelled(*form, style->spelling).toString(), style->formCasing));
}

} // namespace

TypeRule companyRule()
{
    TypeRule rule;
    for (const CompanyStyle& style : companyStyles())
        rule.candidates.append(style.pattern);
    rule.render = &renderCompany;
    rule.asciiAware = true;
    return rule;
}

} // namespace concord::format_detail
