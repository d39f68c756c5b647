#include "RowFormatter.h"

#include "CivilTime.h"
#include "CompanyNames.h"
#include "Vocabulary.h"

using namespace Qt::StringLiterals;

namespace concord::gen {

namespace {

// Phone layouts; each 'd' takes the next of the ten digits.
constexpr auto kParenthesized = u"(ddd) ddd-dddd";
constexpr auto kDashed = u"ddd-ddd-dddd";
constexpr auto kPlusOneDashed = u"+1 ddd-ddd-dddd";
constexpr auto kDotted = u"ddd.ddd.dddd";
constexpr auto kE164 = u"+1dddddddddd";
constexpr auto kSpaced = u"ddd ddd dddd";
constexpr auto kPlain = u"dddddddddd";

QString layoutPhone(const QString& digits, const char16_t* layout)
{
    if (digits.size() != 10)
        return digits;
    char16_t buf[24];
    qsizetype n = 0;
    qsizetype next = 0;
    for (const char16_t* p = layout; *p; ++p)
        buf[n++] = *p == u'd' ? digits[next++].unicode() : *p;
    return QString(reinterpret_cast<const QChar*>(buf), n);
}

// Blank values: SQL NULL for the CRM and the ledger, "" for the quoting tool and CSV.
QVariant textOrNull(const QString& value)
{
    return value.isEmpty() ? QVariant() : QVariant(value);
}

QVariant textOrEmpty(const QString& value)
{
    return value.isEmpty() ? QVariant(u""_s) /* empty, not null */ : QVariant(value);
}

QString companyName(int company, CompanyNames::Style style)
{
    return company < 0 ? QString() : CompanyNames::instance().name(company, style);
}

QString stateName(int state)
{
    return state < 0 ? QString() : Vocabulary::instance().states[state].name;
}

// "john.smith@acme.com" -> "John.Smith@Acme.com": what some people type.
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

QString joinName(const QString& first, const QString& last)
{
    if (first.isEmpty())
        return last;
    if (last.isEmpty())
        return first;
    return first + u' ' + last;
}

void crmRow(const Customer& c, const Contact& contact, bool otherPhoneFormat, qint64 updatedAt,
            RowValues& row)
{
    row[1] = textOrNull(contact.firstName);
    row[2] = textOrNull(contact.lastName);
    row[3] = textOrNull(contact.email);
    row[4] = textOrNull(layoutPhone(contact.phone, otherPhoneFormat ? kDashed : kParenthesized));
    row[5] = textOrNull(companyName(contact.company, CompanyNames::Canonical));
    row[6] = QVariant(c.street);
    row[7] = QVariant(c.city);
    row[8] = textOrNull(stateName(contact.state));
    row[9] = QVariant(c.postalCode);
    row[10] = QVariant(u"United States"_s);
    row[11] = QVariant(Vocabulary::instance().leadSources[c.leadSource]);
    row[12] = QVariant(isoTimestampUtc(updatedAt));
    row[13] = QVariant(0);
}

void quotingRow(const Customer& c, const Contact& contact, bool otherPhoneFormat, qint64 updatedAt,
                qint64 quoteCents, qint64 quoteDay, bool dividedBy100, RowValues& row)
{
    const QString fullName = c.styles.quotingName == 1
                                 ? (contact.lastName.toUpper() + u", "_s + contact.firstName.toUpper())
                                 : joinName(contact.firstName, contact.lastName);
    row[1] = textOrEmpty(fullName);
    row[2] = textOrEmpty(c.styles.quotingEmail == 1 ? capitalizedEmail(contact.email) : contact.email);
    row[3] = textOrEmpty(layoutPhone(contact.phone, otherPhoneFormat ? kSpaced : kPlusOneDashed));
    row[4] = textOrEmpty(companyName(contact.company, CompanyNames::Quoting));
    row[5] = textOrEmpty(Canonical::stateCode(contact.state));
    const qint64 cents = dividedBy100 ? (quoteCents + 50) / 100 : quoteCents;
    row[6] = QVariant(double(cents) / 100.0);
    row[7] = QVariant(usDate(quoteDay));
    row[8] = QVariant(Vocabulary::instance().salesReps[c.salesRep]);
    row[9] = QVariant(usDateTimeMinutes(updatedAt));
}

void accountingRow(const Customer& c, const Contact& contact, bool otherPhoneFormat, qint64 updatedAt,
                   qint64 balanceCents, qint64 invoiceDay, RowValues& row)
{
    const QString name = asciiFold(joinName(contact.firstName, contact.lastName));
    row[1] = textOrNull(c.styles.accountingName == 1 ? name.toUpper() : name);
    row[2] = textOrNull(c.styles.accountingEmail == 1 ? contact.email.toUpper() : contact.email);
    row[3] = textOrNull(layoutPhone(contact.phone, otherPhoneFormat ? kDashed : kPlain));
    row[4] = textOrNull(companyName(contact.company, CompanyNames::Accounting));
    row[5] = textOrNull(Canonical::stateCode(contact.state));
    row[6] = QVariant(u"US"_s);
    const qint64 limit =
        c.amountDividedBy100[Accounting] ? (c.creditLimitCents + 50) / 100 : c.creditLimitCents;
    row[7] = QVariant(Canonical::money(limit));
    row[8] = QVariant(Canonical::money(balanceCents));
    row[9] = QVariant(c.bankAccount);
    row[10] = QVariant(isoDate(invoiceDay));
    row[11] = QVariant(Vocabulary::instance().paymentTerms[c.paymentTerms]);
    row[12] = QVariant(sqlTimestamp(updatedAt));
}

void marketingRow(const Customer& c, const Contact& contact, bool otherPhoneFormat, qint64 updatedAt,
                  RowValues& row)
{
    QString first = contact.firstName;
    QString last = contact.lastName;
    if (c.styles.marketingName == 1) {
        first = first.toLower();
        last = last.toUpper();
    } else if (c.styles.marketingName == 2) {
        first = first.toLower();
        last = last.toLower();
    }
    static const char16_t* const kLayouts[] = {kDotted, kE164, kDashed};
    row[1] = textOrEmpty(first);
    row[2] = textOrEmpty(last);
    row[3] = textOrEmpty(contact.email);
    row[4] = textOrEmpty(
        layoutPhone(contact.phone, otherPhoneFormat ? kParenthesized : kLayouts[c.styles.marketingPhone]));
    row[5] = textOrEmpty(companyName(
        contact.company, c.styles.marketingCompany == 1 ? CompanyNames::Expanded : CompanyNames::Canonical));
    row[6] = textOrEmpty(c.styles.marketingState == 0 ? stateName(contact.state)
                                                      : Canonical::stateCode(contact.state));
    row[7] = QVariant(Vocabulary::instance().lifecycleStages[c.lifecycleStage]);
    row[8] = QVariant(isoDateTimeMinutes(updatedAt));
}

} // namespace

namespace RowFormatter {

void mainRow(SystemId system, const Customer& c, RowValues& row)
{
    row.resize(systemSchema(system).columns.size());
    const Contact& contact = c.view[system];
    const qint64 updatedAt = c.updatedAt[system];
    switch (system) {
    case Crm:
        crmRow(c, contact, false, updatedAt, row);
        break;
    case Quoting:
        quotingRow(c, contact, false, updatedAt, c.quoteCents, c.quoteDay, c.amountDividedBy100[Quoting],
                   row);
        break;
    case Accounting:
        accountingRow(c, contact, false, updatedAt, c.balanceCents, c.invoiceDay, row);
        break;
    case Marketing:
        marketingRow(c, contact, false, updatedAt, row);
        break;
    }
}

void duplicateRow(const Customer& c, RowValues& row)
{
    const DuplicateRow& d = c.duplicate;
    const auto system = static_cast<SystemId>(d.system);
    row.resize(systemSchema(system).columns.size());
    const bool otherFormat = d.variant == DuplicateVariant::PhoneFormat;
    switch (system) {
    case Crm:
        crmRow(c, d.contact, otherFormat, d.updatedAt, row);
        break;
    case Quoting:
        // An older quote under the duplicate: the latest quote is on the main row.
        quotingRow(c, d.contact, otherFormat, d.updatedAt, d.quoteCents, d.quoteDay, false, row);
        break;
    case Accounting:
        // An abandoned second account: nothing owed on it.
        accountingRow(c, d.contact, otherFormat, d.updatedAt, 0, d.invoiceDay, row);
        break;
    case Marketing:
        marketingRow(c, d.contact, otherFormat, d.updatedAt, row);
        break;
    }
}

} // namespace RowFormatter

namespace Canonical {

QString phone(const QString& tenDigits)
{
    return tenDigits.isEmpty() ? QString() : layoutPhone(tenDigits, kE164);
}

QString money(qint64 cents)
{
    const bool negative = cents < 0;
    quint64 v = negative ? quint64(-cents) : quint64(cents);
    char buf[32];
    char* end = buf + sizeof buf;
    char* p = end;
    *--p = char('0' + v % 10);
    v /= 10;
    *--p = char('0' + v % 10);
    v /= 10;
    *--p = '.';
    do {
        *--p = char('0' + v % 10);
        v /= 10;
    } while (v > 0);
    if (negative)
        *--p = '-';
    return QString::fromLatin1(p, end - p);
}

QString company(int company)
{
    return companyName(company, CompanyNames::Canonical);
}

QString stateCode(int state)
{
    return state < 0 ? QString() : Vocabulary::instance().states[state].code;
}

} // namespace Canonical

} // namespace concord::gen
