#pragma once

#include "Result.h"

#include <QList>
#include <QSqlDatabase>
#include <QString>
#include <QStringList>
#include <utility>

namespace concord {

// Rates of seeded drift, each a fraction of customers. The defaults are "the default
// drift profile" of the demo. docs/truth-format.md describes what each kind looks like.
struct DriftProfile
{
    double stale = 0.05;       // one system holds an older value with an older timestamp
    double conflict = 0.03;    // two systems changed one field to different values recently
    double duplicate = 0.02;   // a second row for the customer inside one system
    double ghost = 0.01;       // deleted in the CRM, still alive in accounting/quoting
    double partial = 0.02;     // a recent update blanked a field in one system
    double anomaly = 0.005;    // credit_limit or last_quote_amount divided by 100
    double bankChange = 0.005; // the bank account in accounting was changed recently
};

struct GeneratorOptions
{
    QString outDir;
    qint64 customers = 2000;
    quint64 seed = 1;
    DriftProfile drift;
};

// One generated system, described so that a workspace can be configured from it.
struct GeneratedSystem
{
    QString name;   // "crm", "quoting", "accounting", "marketing"
    QString driver; // "sqlite" or "csv"
    QString path;   // absolute path of the .sqlite or .csv file
    QString entity; // table name, or the file's base name for csv
    QString keyColumn;
    QString versionColumn;
    QString softDeleteColumn;                    // rows with 1 there are archived (deleted for the steward)
    QList<std::pair<QString, QString>> mappings; // system column -> canonical field
    QStringList unmappedColumns;                 // custom fields that exist in this system only
    qint64 rows = 0;
    QString defaultRegion; // "US": how to read phone numbers without a country code
    QString dateOrder;     // "MDY" or "YMD": how to read the system's dates
};

struct GeneratedField
{
    QString name;
    QString type; // name, email, phone, company, text, state, postal_code, country, money, date, bank_account
    QString description;
};

struct GeneratedDemo
{
    QList<GeneratedSystem> systems;
    QList<GeneratedField> fields;
    QString truthPath; // absolute path of truth.csv
    qint64 customers = 0;
};

// Writes crm.sqlite, quoting.sqlite, accounting.sqlite, marketing.csv and truth.csv into
// options.outDir (created when missing). Refuses, naming the file, when any of these
// files already exists. The same options always give byte-identical files.
Result<GeneratedDemo> generateDemo(const GeneratorOptions& options);

// Writes exactly the rows of accounting.sqlite's customer_accounts table (same seed,
// same size, same values) into an open connection: PostgreSQL, MariaDB or SQLite.
// Drops an existing table of that name first; the rows go in one transaction.
// Returns the number of rows written.
Result<qint64> writeAccountingTable(QSqlDatabase db, const GeneratorOptions& options);

// The systems and canonical fields of the demo without generating anything
// (rows and paths left empty).
QList<GeneratedSystem> demoSystems();
QList<GeneratedField> demoGeneratedFields();

} // namespace concord
