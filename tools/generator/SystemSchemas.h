#pragma once

#include <QList>
#include <QString>

namespace concord::gen {

enum SystemId : int
{
    Crm = 0,
    Quoting = 1,
    Accounting = 2,
    Marketing = 3
};
inline constexpr int kSystemCount = 4;

// Canonical field names (see docs/truth-format.md).
namespace field {
inline constexpr auto firstName = u"first_name";
inline constexpr auto lastName = u"last_name";
inline constexpr auto fullName = u"full_name";
inline constexpr auto email = u"email";
inline constexpr auto phone = u"phone";
inline constexpr auto company = u"company";
inline constexpr auto street = u"street";
inline constexpr auto city = u"city";
inline constexpr auto state = u"state";
inline constexpr auto postalCode = u"postal_code";
inline constexpr auto country = u"country";
inline constexpr auto creditLimit = u"credit_limit";
inline constexpr auto balance = u"balance";
inline constexpr auto bankAccount = u"bank_account";
inline constexpr auto lastQuoteAmount = u"last_quote_amount";
inline constexpr auto lastQuoteDate = u"last_quote_date";
inline constexpr auto lastInvoiceDate = u"last_invoice_date";
inline constexpr auto deleted = u"_deleted";
} // namespace field

struct ColumnSpec
{
    QString name;
    QString sqlType;        // empty for CSV
    QString canonicalField; // empty: the key, the version or a custom (unmapped) column
};

// The shape of one generated system. Column 0 is always the key.
struct SystemSchema
{
    SystemId id;
    QString name;
    QString driver;   // "sqlite" or "csv"
    QString fileName; // inside the output directory
    QString entity;   // table name, or file base name for csv
    QList<ColumnSpec> columns;
    int versionColumn = -1;
    QString dateOrder;
    int softDeleteColumn = -1; // set to 1 for an archived row
};

const SystemSchema& systemSchema(SystemId id);

} // namespace concord::gen
