#pragma once

#include <QReadWriteLock>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <memory>

// Field normalization: turns a raw value as a system stores it ("(415) 555-0101",
// "SMITH, JOHN", "ACME LOGISTICS, Inc.", "05/03/2026") into the canonical form of
// docs/truth-format.md ("+14155550101", "John Smith", "ACME LOGISTICS Inc" ...) plus a
// match key for comparison. Every rule is a pure function of (raw, context): no I/O, no
// globals that change, safe to call from any thread.
namespace concord {

// How one system writes its values. Comes from the system's workspace settings.
struct NormalizeContext
{
    QString defaultRegion = QStringLiteral("US"); // phone region, postal code rules; "" = none
    QString dateOrder = QStringLiteral("MDY");    // "MDY", "DMY" or "YMD" for all-numeric dates
    int moneyScale = 0;                           // 2 = the system stores cents as integers

    bool operator==(const NormalizeContext&) const = default;
};

struct Normalized
{
    QString value;   // canonical form (truth-format.md); empty when the raw value is null/blank (missing)
    QString key;     // match key: folded for comparison; empty when missing or invalid
    QString problem; // empty = fine; else why the raw value could not be normalized.
                     // value is then the raw value trimmed, and key is empty.

    bool ok() const { return problem.isEmpty(); }
    bool missing() const { return value.isEmpty() && problem.isEmpty(); }
    bool operator==(const Normalized&) const = default;
};

// E.164 via libphonenumber ("+14155550101"); an extension is dropped. key = the digits
// without "+". Numbers without a country code are read in ctx.defaultRegion.
Normalized normalizePhone(QStringView raw, const NormalizeContext& ctx);
// The digits of a phone number written with separators only ("(415) 555-0101",
// "+1 415.555.0101"), with its leading '+': all libphonenumber reads of it. Empty when the
// value holds anything else (letters, an extension), which must be parsed as written.
QString phoneSharingKey(QStringView raw);
// Trimmed, lower-case address ("Name <addr>" and "mailto:" accepted). key = value.
Normalized normalizeEmail(QStringView raw, const NormalizeContext& ctx);
// "SMITH, JOHN" -> "John Smith"; ALL-CAPS or all-lower text is title-cased, mixed case
// is kept. key: no diacritics, lower case, no punctuation ("jose nunez", "obrien").
Normalized normalizePersonName(QStringView raw, const NormalizeContext& ctx);
// "ACME LOGISTICS, Inc." -> "Acme Logistics Inc"; key without the legal form ("acme logistics").
Normalized normalizeCompany(QStringView raw, const NormalizeContext& ctx);
// Host names: lower case, no "www.", no scheme, user, port or path. Empty when there is none.
QString domainFromEmail(QStringView email);
QString domainFromWebsite(QStringView url);
// USPS code ("California", "Calif.", "N. Carolina", "ca" -> "CA"), incl. DC and territories.
Normalized normalizeUsState(QStringView raw, const NormalizeContext& ctx);
// ISO 3166-1 alpha-2 from names (English and native), alpha-3, alpha-2 and aliases.
Normalized normalizeCountry(QStringView raw, const NormalizeContext& ctx);
// "YYYY-MM-DD" from ISO dates/timestamps, numeric dates in ctx.dateOrder, YYYYMMDD and
// English month names; a trailing time is dropped (no time zone conversion).
Normalized normalizeDate(QStringView raw, const NormalizeContext& ctx);
// Plain decimal with exactly two decimals ("$1,234.50" -> "1234.50", "(100)" -> "-100.00").
Normalized normalizeMoney(QStringView raw, const NormalizeContext& ctx);
// Plain decimal without trailing zeros ("1,234.50" -> "1234.5").
Normalized normalizeNumber(QStringView raw, const NormalizeContext& ctx);
// US: five-digit ZIP ("02110-1234" -> "02110", "2110" -> "02110"); elsewhere upper-case.
Normalized normalizePostalCode(QStringView raw, const NormalizeContext& ctx);
// "routing/account" digits ("021000021/4829301845") or a compact, checked IBAN.
Normalized normalizeBankAccount(QStringView raw, const NormalizeContext& ctx);
// Trimmed, whitespace folded, NFC. key: lower case without diacritics.
Normalized normalizeText(QStringView raw, const NormalizeContext& ctx);

// Rule dispatch by a canonical field's type name ("text", "email", "phone", "name",
// "company", "state", "country", "date", "money", "number", "postal_code", "bank_account"),
// with a cache: libphonenumber is slow and the same raw values repeat across rows.
//
// Thread safety: one Normalizer may be shared between threads. Lookups take a read lock,
// inserts a write lock; normalization itself runs outside the lock. Cached entries never
// move, so references returned by normalizeCached() stay valid until clear() or destruction.
// The cache grows with the number of distinct (rule, context, value) triples.
class Normalizer
{
public:
    Normalizer();
    ~Normalizer();
    Normalizer(const Normalizer&) = delete;
    Normalizer& operator=(const Normalizer&) = delete;

    static QStringList ruleNames();
    static bool isKnownRule(const QString& rule);
    // Uncached: the rule applied directly. An unknown rule gives a problem.
    static Normalized apply(const QString& rule, QStringView raw, const NormalizeContext& ctx);
    // Raw values with the same non-empty sharing key (in one context) normalize to the same
    // valid result, so a caller may normalize one of them and reuse a valid result for the
    // rest. A problem is about the value as written and is never shared. Empty: no sharing.
    static QString sharingKey(const QString& rule, QStringView raw);

    // Cached by (rule, context, raw value).
    Normalized normalize(const QString& rule, const QString& raw, const NormalizeContext& ctx);
    // Same, keyed by a caller's stable value id (e.g. a StringPool id) to avoid hashing
    // strings twice. The caller promises that (contextId, valueId) always denote the same
    // (ctx, raw) pair for this Normalizer.
    const Normalized& normalizeCached(const QString& rule, quint32 contextId, quint32 valueId,
                                      const QString& raw, const NormalizeContext& ctx);

    qsizetype cachedCount() const;
    void clear(); // invalidates references returned by normalizeCached()

private:
    struct Cache;
    std::unique_ptr<Cache> m_cache;
    mutable QReadWriteLock m_lock;
};

} // namespace concord
