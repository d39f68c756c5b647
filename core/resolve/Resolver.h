#pragma once

#include "match/Matcher.h"
#include "match/NormalizedSnapshot.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>
#include <vector>

// Resolution: for every (entity, field) whose systems disagree, decide which value is right
// by the field's explicit rule (owner wins, then source priority, then recency), and list
// the writes that would make every other record hold it. Changes a person must see first
// (partial updates, conflicts no rule settles, high-stakes fields, anomalies) are flagged,
// never guessed. Pure functions over the normalized snapshot and the match result.
namespace concord {

// How one canonical field is resolved.
struct FieldPolicy
{
    QString field;
    QString owner;                          // the one system that may change the field; others only read it
    QString rule = QStringLiteral("owner"); // "owner" | "priority" | "recency": who wins when values differ
    QStringList priority;       // for "priority" (and as the fallback when the owner has no record):
                                // systems in order, the first with a value wins
    bool highStakes = false;    // every change needs approval (bank account, credit limit)
    bool sensitive = false;     // redacted in exported reports (stored only; the resolver ignores it)
    double anomalyRatio = 10.0; // numbers: new/old or old/new above this -> anomaly (100 -> 1); 0 = off
    int anomalyYears = 2;       // dates: a jump of more than this many years -> anomaly; 0 = off
};

QStringList resolutionRules(); // "owner", "priority", "recency"

struct OwnershipEntry
{
    QString field;
    QString system;
};

// Every field (of `fields`) must have exactly one owner among `systems`. Returns one message
// per problem, naming the field and the systems ("field 'phone' is owned by crm and quoting",
// "field 'email' has no owner", "field 'x' is owned by unknown system 'erp'", "ownership names
// 'fax', which is not a canonical field (owned by crm)"), in field order; empty when valid.
QStringList validateOwnership(const QList<OwnershipEntry>& entries, const QStringList& fields,
                              const QStringList& systems);

// validateOwnership over the policies' owners, plus each policy's own settings: a known rule,
// priority systems that exist, at most one policy per field, an anomaly ratio of 0 (off) or
// above 1, non-negative anomaly years.
QStringList validatePolicies(const QList<FieldPolicy>& policies, const QStringList& fields,
                             const QStringList& systems);

enum class ReviewKind
{
    AmbiguousMatch,
    Duplicate,
    Conflict,
    HighStakes,
    Anomaly,
    PartialUpdate,
    Deletion
};

// "ambiguous_match", "duplicate", "conflict", "high_stakes", "anomaly", "partial_update", "deletion"
QString reviewKindName(ReviewKind kind);
std::optional<ReviewKind> reviewKindFromName(const QString& name);

// One (entity, field) whose systems disagree, and who is right.
struct FieldDecision
{
    std::uint32_t entity = 0;
    int field = 0;                                  // field index in NormalizedSnapshot
    QString value;                                  // the winning canonical value; empty = no decision
    NormalizedSnapshot::Record source = UINT32_MAX; // the record whose value won (UINT32_MAX: none)
    QString rule;                                   // "owner", "priority", "recency"
    QString reason;                   // "crm owns phone", "quoting edited it last (2026-05-03T14:22)"
    std::optional<ReviewKind> review; // a person must decide or approve: PartialUpdate, Conflict
                                      // (no rule settles it; value empty), HighStakes, Anomaly
    QString reviewReason;
};

// A write the plan will contain: make `target` hold the decided value.
struct ProposedChange
{
    std::uint32_t entity = 0;
    int field = 0;
    NormalizedSnapshot::Record target = 0;
    QString before;           // the target's raw value as read (empty when blank)
    QString beforeNormalized; // empty when blank
    QString after;            // canonical value; the plan layer renders it in the target's format
    NormalizedSnapshot::Record source = 0; // the record whose value won (its raw text is the owner's value)
    QString rule;
    QString reason;
    std::optional<ReviewKind> review; // the decision's flag, or this change's own (HighStakes, Anomaly)
    QString reviewReason;             // every reason that applies, joined by "; "
};

// An entity with no record in the system of record: deleted there, alive elsewhere. Its
// records get no field changes; the plan lists them for a person.
struct Ghost
{
    std::uint32_t entity = 0;
    QList<NormalizedSnapshot::Record> records;
    QString reason;
};

struct Resolution
{
    QList<FieldDecision> decisions; // by entity, then field
    QList<ProposedChange> changes;  // by entity, field, target record
    QList<Ghost> ghosts;            // by entity
    qint64 agreed = 0;              // (entity, field) pairs where every record holds the same value
    QStringList warnings;           // configuration the resolver had to skip (field without a policy ...)
};

struct ResolveOptions
{
    QString recordOwner; // the system of record: an entity without a record there is a ghost; "" = no check
};

// timestamps: per record, its last-modified time in ms since epoch (0 = unknown), for
// "recency"; shorter than the record count = unknown for the rest.
Resolution resolve(const NormalizedSnapshot& data, const MatchResult& match,
                   const QList<FieldPolicy>& policies, const std::vector<qint64>& timestamps,
                   const ResolveOptions& options);

// A version token ("v:2026-05-03T14:22:10Z", "v:05/03/2026 14:22", "v:2026-05-03 14:22:10",
// "v:03.05.2026 2:22 PM") as ms since epoch, reading all-numeric dates in the system's
// `dateOrder` ("MDY"/"DMY"/"YMD", "" = MDY; a four-digit first group is always the year). A time
// without a zone is UTC. 0 for a row hash ("h:..."), a counter or anything unparseable.
qint64 versionTimestamp(const QString& versionToken, const QString& dateOrder);

// Why moving a field of `type` ("money", "number", "date") from `before` to `after`
// (canonical values) is an anomaly under `policy`, or "" when it is not (or either is blank
// or unparseable). For checks against a value from an earlier run as well.
QString anomalyReason(const QString& type, const QString& before, const QString& after,
                      const FieldPolicy& policy);

} // namespace concord
