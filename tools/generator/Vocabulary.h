#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace concord::gen {

struct GivenName
{
    QString name;
    QString nickname; // empty when the name has no common short form
};

struct UsState
{
    QString code; // USPS code, the canonical form
    QString name; // full name as a CRM shows it
};

struct City
{
    QString name;
    int state = 0;        // index into Vocabulary::states
    int zipPrefix = 0;    // first three digits of the city's ZIP codes
    QList<int> areaCodes; // real area codes of the city, so phone numbers validate
};

// The legal-form suffixes a company name can carry, in each spelling used by the
// systems. The index is the same in every list.
struct CompanySuffixes
{
    QStringList canonical; // Inc, LLC, Corp, Ltd, Co
    QStringList dotted;    // Inc., LLC, Corp., Ltd., Co.
    QStringList expanded;  // Incorporated, Limited Liability Company, ...
};

// Word lists the generator draws from. Immutable after construction; one shared
// instance (thread-safe static initialisation).
struct Vocabulary
{
    static const Vocabulary& instance();

    QList<GivenName> givenNames;
    QList<GivenName> accentedGivenNames; // José, Zoë, ... drawn now and then
    QStringList familyNames;
    QStringList accentedFamilyNames; // García, Müller, ...
    QList<UsState> states;
    QList<City> cities;
    QStringList streetNames;
    QStringList streetTypes;
    QStringList companyPrefixes;
    QStringList companyIndustries;
    CompanySuffixes suffixes;
    QStringList freeMailDomains;
    QStringList leadSources;
    QStringList salesReps;
    QStringList paymentTerms;
    QStringList lifecycleStages;

    int companyCount() const { return int(companyPrefixes.size() * companyIndustries.size()); }

private:
    Vocabulary();
};

// "José Müller" -> "Jose Muller": what an ASCII-only legacy system keeps of a name.
// Returns the input itself (no copy) when it is already ASCII.
QString asciiFold(const QString& text);

} // namespace concord::gen
