#include "SystemSchemas.h"

#include "DemoGenerator.h"

using namespace Qt::StringLiterals;

namespace concord::gen {

namespace {

QString f(const char16_t* name)
{
    return QString::fromUtf16(name);
}

QList<SystemSchema> makeSchemas()
{
    QList<SystemSchema> schemas;
    // A small-business CRM on SQLite: split names, full state names, ISO timestamps.
    schemas.append({Crm,
                    u"crm"_s,
                    u"sqlite"_s,
                    u"crm.sqlite"_s,
                    u"contacts"_s,
                    {
                        {u"contact_id"_s, u"INTEGER PRIMARY KEY"_s, {}},
                        {u"first_name"_s, u"TEXT"_s, f(field::firstName)},
                        {u"last_name"_s, u"TEXT"_s, f(field::lastName)},
                        {u"email"_s, u"TEXT"_s, f(field::email)},
                        {u"phone"_s, u"TEXT"_s, f(field::phone)},
                        {u"company"_s, u"TEXT"_s, f(field::company)},
                        {u"street"_s, u"TEXT"_s, f(field::street)},
                        {u"city"_s, u"TEXT"_s, f(field::city)},
                        {u"state"_s, u"TEXT"_s, f(field::state)},
                        {u"postal_code"_s, u"TEXT"_s, f(field::postalCode)},
                        {u"country"_s, u"TEXT"_s, f(field::country)},
                        {u"lead_source"_s, u"TEXT"_s, {}},
                        {u"updated_at"_s, u"TEXT"_s, {}},
                        // merged-away and deleted contacts are archived, not deleted
                        {u"archived"_s, u"INTEGER NOT NULL DEFAULT 0"_s, {}},
                    },
                    12,
                    u"YMD"_s,
                    13});
    // A quoting tool: one combined name, US dates, text keys, empty strings for blanks.
    schemas.append({Quoting,
                    u"quoting"_s,
                    u"sqlite"_s,
                    u"quoting.sqlite"_s,
                    u"customers"_s,
                    {
                        {u"customer_ref"_s, u"TEXT PRIMARY KEY"_s, {}},
                        {u"full_name"_s, u"TEXT"_s, f(field::fullName)},
                        {u"email_address"_s, u"TEXT"_s, f(field::email)},
                        {u"phone"_s, u"TEXT"_s, f(field::phone)},
                        {u"company_name"_s, u"TEXT"_s, f(field::company)},
                        {u"state"_s, u"TEXT"_s, f(field::state)},
                        {u"last_quote_amount"_s, u"REAL"_s, f(field::lastQuoteAmount)},
                        {u"last_quote_date"_s, u"TEXT"_s, f(field::lastQuoteDate)},
                        {u"sales_rep"_s, u"TEXT"_s, {}},
                        {u"modified"_s, u"TEXT"_s, {}},
                    },
                    9,
                    u"MDY"_s});
    // An accounting ledger; portable types because the same table is also loaded into
    // PostgreSQL and MariaDB (writeAccountingTable).
    schemas.append({Accounting,
                    u"accounting"_s,
                    u"sqlite"_s,
                    u"accounting.sqlite"_s,
                    u"customer_accounts"_s,
                    {
                        {u"account_no"_s, u"INTEGER PRIMARY KEY"_s, {}},
                        {u"name"_s, u"VARCHAR(200)"_s, f(field::fullName)},
                        {u"billing_email"_s, u"VARCHAR(254)"_s, f(field::email)},
                        {u"phone"_s, u"VARCHAR(32)"_s, f(field::phone)},
                        {u"company"_s, u"VARCHAR(200)"_s, f(field::company)},
                        {u"billing_state"_s, u"VARCHAR(32)"_s, f(field::state)},
                        {u"country"_s, u"VARCHAR(64)"_s, f(field::country)},
                        {u"credit_limit"_s, u"NUMERIC(12,2)"_s, f(field::creditLimit)},
                        {u"balance"_s, u"NUMERIC(12,2)"_s, f(field::balance)},
                        {u"bank_account"_s, u"VARCHAR(64)"_s, f(field::bankAccount)},
                        {u"last_invoice_date"_s, u"VARCHAR(10)"_s, f(field::lastInvoiceDate)},
                        {u"payment_terms"_s, u"VARCHAR(32)"_s, {}},
                        {u"updated_at"_s, u"VARCHAR(19)"_s, {}},
                    },
                    12,
                    u"YMD"_s});
    // A marketing tool's contact export (HubSpot style).
    schemas.append({Marketing,
                    u"marketing"_s,
                    u"csv"_s,
                    u"marketing.csv"_s,
                    u"marketing"_s,
                    {
                        {u"Record ID"_s, {}, {}},
                        {u"First Name"_s, {}, f(field::firstName)},
                        {u"Last Name"_s, {}, f(field::lastName)},
                        {u"Email"_s, {}, f(field::email)},
                        {u"Phone Number"_s, {}, f(field::phone)},
                        {u"Company Name"_s, {}, f(field::company)},
                        {u"State/Region"_s, {}, f(field::state)},
                        {u"Lifecycle Stage"_s, {}, {}},
                        {u"Last Modified Date"_s, {}, {}},
                    },
                    8,
                    u"YMD"_s});
    return schemas;
}

} // namespace

const SystemSchema& systemSchema(SystemId id)
{
    static const QList<SystemSchema> schemas = makeSchemas();
    return schemas[id];
}

} // namespace concord::gen

namespace concord {

QList<GeneratedSystem> demoSystems()
{
    QList<GeneratedSystem> systems;
    for (int s = 0; s < gen::kSystemCount; ++s) {
        const gen::SystemSchema& schema = gen::systemSchema(static_cast<gen::SystemId>(s));
        GeneratedSystem system;
        system.name = schema.name;
        system.driver = schema.driver;
        system.entity = schema.entity;
        system.keyColumn = schema.columns.first().name;
        system.versionColumn = schema.columns[schema.versionColumn].name;
        if (schema.softDeleteColumn >= 0)
            system.softDeleteColumn = schema.columns[schema.softDeleteColumn].name;
        for (int c = 1; c < schema.columns.size(); ++c) {
            const gen::ColumnSpec& column = schema.columns[c];
            if (!column.canonicalField.isEmpty())
                system.mappings.append({column.name, column.canonicalField});
            else if (c != schema.versionColumn && c != schema.softDeleteColumn)
                system.unmappedColumns.append(column.name);
        }
        system.defaultRegion = u"US"_s;
        system.dateOrder = schema.dateOrder;
        systems.append(system);
    }
    return systems;
}

QList<GeneratedField> demoGeneratedFields()
{
    using namespace gen;
    return {
        {f(field::firstName), u"name"_s, u"Given name"_s},
        {f(field::lastName), u"name"_s, u"Family name"_s},
        {f(field::fullName), u"name"_s, u"Given and family name, \"First Last\""_s},
        {f(field::email), u"email"_s, u"Contact e-mail address, lower case"_s},
        {f(field::phone), u"phone"_s, u"Phone number, E.164"_s},
        {f(field::company), u"company"_s, u"Employer or account name, \"Name Inc\""_s},
        {f(field::street), u"text"_s, u"Street address"_s},
        {f(field::city), u"text"_s, u"City"_s},
        {f(field::state), u"state"_s, u"US state, USPS code"_s},
        {f(field::postalCode), u"postal_code"_s, u"ZIP code, five digits"_s},
        {f(field::country), u"country"_s, u"Country, ISO 3166-1 alpha-2"_s},
        {f(field::creditLimit), u"money"_s, u"Credit limit in USD"_s},
        {f(field::balance), u"money"_s, u"Open balance in USD"_s},
        {f(field::bankAccount), u"bank_account"_s, u"Bank account, \"routing/account\""_s},
        {f(field::lastQuoteAmount), u"money"_s, u"Amount of the latest quote in USD"_s},
        {f(field::lastQuoteDate), u"date"_s, u"Date of the latest quote"_s},
        {f(field::lastInvoiceDate), u"date"_s, u"Date of the latest invoice"_s},
    };
}

} // namespace concord
