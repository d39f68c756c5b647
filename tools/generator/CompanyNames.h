#pragma once

#include <QList>
#include <QString>

namespace concord::gen {

// Every company of the demo in every spelling a system uses, computed once.
// A company is a (prefix, industry) pair of Vocabulary words with a fixed legal suffix.
class CompanyNames
{
public:
    enum Style
    {
        Canonical,  // "Acme Logistics Inc"      (truth, CRM, half of marketing)
        Quoting,    // "ACME LOGISTICS, Inc."    (quoting)
        Accounting, // "ACME LOGISTICS INC"      (accounting: upper case, ASCII only)
        Expanded,   // "Acme Logistics Incorporated" (marketing)
        Domain,     // "acmelogistics.com"       (work e-mail addresses)
        StyleCount
    };

    static const CompanyNames& instance();

    int count() const { return int(m_names[Canonical].size()); }
    const QString& name(int company, Style style) const { return m_names[style][company]; }

private:
    CompanyNames();

    QList<QString> m_names[StyleCount];
};

} // namespace concord::gen
