#include "CompanyNames.h"

#include "Vocabulary.h"

using namespace Qt::StringLiterals;

namespace concord::gen {

const CompanyNames& CompanyNames::instance()
{
    static const CompanyNames names;
    return names;
}

CompanyNames::CompanyNames()
{
    const Vocabulary& v = Vocabulary::instance();
    // Legal forms by share of companies: Inc and LLC common, Ltd rare.
    static const int kSuffixSlots[20] = {0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 2, 2, 2, 4, 4, 3};
    const qsizetype total = v.companyPrefixes.size() * v.companyIndustries.size();
    for (auto& list : m_names)
        list.reserve(total);
    for (qsizetype p = 0; p < v.companyPrefixes.size(); ++p) {
        for (qsizetype i = 0; i < v.companyIndustries.size(); ++i) {
            const quint64 company = quint64(p * v.companyIndustries.size() + i);
            const int suffix = kSuffixSlots[(company * 2654435761ull >> 7) % 20];
            const QString base = v.companyPrefixes[p] + u' ' + v.companyIndustries[i];
            m_names[Canonical].append(base + u' ' + v.suffixes.canonical[suffix]);
            m_names[Quoting].append(base.toUpper() + u", "_s + v.suffixes.dotted[suffix]);
            m_names[Accounting].append(asciiFold(base + u' ' + v.suffixes.canonical[suffix]).toUpper());
            m_names[Expanded].append(base + u' ' + v.suffixes.expanded[suffix]);
            QString domain;
            for (const QChar c : asciiFold(base).toLower()) {
                if ((c >= u'a' && c <= u'z') || (c >= u'0' && c <= u'9'))
                    domain.append(c);
            }
            m_names[Domain].append(domain + u".com"_s);
        }
    }
}

} // namespace concord::gen
