#pragma once

#include "DemoGenerator.h"
#include "SystemSchemas.h"

#include <QList>
#include <QString>
#include <array>

namespace concord::gen {

// The fields every system shows of a person, in canonical pieces. Each system's
// formatter renders them in its own conventions. Empty string / -1 = blank.
struct Contact
{
    QString firstName;
    QString lastName;
    QString email;    // lower case
    QString phone;    // ten NANP digits
    int company = -1; // index, see CompanyNames
    int state = -1;   // index into Vocabulary::states
};

// The fields of Contact that drift can touch.
enum class ContactField
{
    LastName,
    Email,
    Phone,
    Company,
    State
};

enum class DriftKind
{
    Stale,
    Conflict,
    Duplicate,
    Ghost,
    Partial,
    Anomaly,
    BankChange
};

QStringView driftKindName(DriftKind kind);
QStringView contactFieldName(ContactField field);

// A drift annotation: which system's row carries which kind of drift on which field.
struct DriftMark
{
    int system = 0;
    DriftKind kind = DriftKind::Stale;
    QStringView field;        // canonical field name, empty when the row as a whole is concerned
    bool onDuplicate = false; // the duplicate row rather than the customer's main row
    bool withoutRow = false;  // no source row carries it (a ghost's deleted CRM row)
};

enum class DuplicateVariant
{
    Typo,
    Nickname,
    SwappedNames,
    MissingEmail,
    PhoneFormat
};

// A second row for the customer inside one system, written some customers later.
struct DuplicateRow
{
    int system = -1; // -1: none
    DuplicateVariant variant = DuplicateVariant::Typo;
    Contact contact;
    qint64 updatedAt = 0;
    qint64 delay = 0; // how many customers later it is written (modulo the run's window)
    qint64 quoteCents = 0;
    qint64 quoteDay = 0;
    qint64 invoiceDay = 0;
};

// Styles a system uses for one customer's row, drawn once so that formatting itself
// draws no random numbers (a writer that skips a system must not shift the stream).
struct RowStyles
{
    int quotingName = 0;      // 0 "John Smith", 1 "SMITH, JOHN"
    int quotingEmail = 0;     // 0 lower case, 1 "John.Smith@Acme.com"
    int accountingName = 0;   // 0 "John Smith", 1 "JOHN SMITH"
    int accountingEmail = 0;  // 0 lower case, 1 upper case
    int marketingName = 0;    // 0 as entered, 1 "john SMITH", 2 "john smith"
    int marketingPhone = 0;   // 0 "415.555.0101", 1 "+14155550101", 2 "415-555-0101"
    int marketingCompany = 0; // 0 "Acme Inc", 1 "Acme Incorporated"
    int marketingState = 0;   // 0 "California", 1 "CA"
};

// One true customer and what every system holds of it.
struct Customer
{
    qint64 index = 0;
    QString id; // "C0000001"
    bool ghost = false;
    Contact truth;
    QString street;
    QString city;
    QString postalCode;
    qint64 creditLimitCents = 0;
    qint64 balanceCents = 0;
    qint64 quoteCents = 0;
    qint64 quoteDay = 0;   // days since the epoch
    qint64 invoiceDay = 0; // days since the epoch
    QString bankAccount;   // "routing/account"
    int leadSource = 0;
    int salesRep = 0;
    int paymentTerms = 0;
    int lifecycleStage = 0;
    RowStyles styles;

    std::array<bool, kSystemCount> present{};
    std::array<Contact, kSystemCount> view;       // the values each system shows
    std::array<qint64, kSystemCount> updatedAt{}; // seconds since the epoch
    std::array<bool, kSystemCount> amountDividedBy100{};
    DuplicateRow duplicate;
    QList<DriftMark> marks;
};

QString customerId(qint64 index);

// Draws customer `index` of the data set `seed` from its own random stream, so any
// customer can be made without making the ones before it.
Customer makeCustomer(quint64 seed, qint64 index, const DriftProfile& drift);

} // namespace concord::gen
