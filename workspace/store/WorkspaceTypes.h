#pragma once

#include "match/MatchConfig.h"

#include <QList>
#include <QString>
#include <optional>

namespace concord {

enum class ReviewKind; // core/resolve/Resolver.h: the kinds the resolver flags

// A system the steward reconciles: where it is and how its rows are identified.
// No password here, ever: see Credentials.
struct SystemConfig
{
    QString name;   // unique, e.g. "crm"
    QString driver; // sqlite, postgresql, mariadb, csv, json
    QString host;
    int port = 0;
    QString database; // database name, or a file path (relative paths are relative to the workspace)
    QString user;
    QString entity;        // table, or file base name
    QString keyColumn;     // empty = primary key
    QString versionColumn; // empty = row hash
    QString defaultRegion; // phone parsing region, e.g. "US"
    QString dateOrder;     // "MDY", "DMY" or "YMD"
    // Write-back settings. A read-only system is never written: its planned changes are listed
    // and skipped. Merge losers are soft-deleted by writing softDeleteValue into
    // softDeleteColumn, or deleted outright when hardDelete is set (with the whole row in the
    // audit either way, so a merge can be undone).
    bool readOnly = false;
    QString softDeleteColumn = {};
    QString softDeleteValue = {}; // empty = "1"
    bool hardDelete = false;
    bool stampVersion = false; // apply sets the version column to "now" (in its own shape) on rows it writes

    bool isFile() const; // sqlite, csv, json
    bool isServer() const { return !isFile(); }
    bool isSqlDatabase() const; // sqlite, postgresql, mariadb: the systems Concord can write to
};

// A field of the business entity, independent of any one system ("email", "state").
struct CanonicalField
{
    QString name;
    QString type = QStringLiteral("text");
    QString description;
};

// system.column -> canonical field
struct FieldMapping
{
    QString system;
    QString column;
    QString field;
};

// Who may change a field and how conflicts on it are settled. `owners` should hold exactly
// one system (the steward builds the matrix step by step, so a matrix in progress may hold
// none or two; validation names them and nothing is planned until it is valid).
struct FieldGovernance
{
    QString field;
    QStringList owners;
    QString rule = QStringLiteral("owner"); // owner | priority | recency
    QStringList priority;                   // systems in order, for "priority"
    bool highStakes = false;                // every change needs approval
    bool sensitive = false;                 // redacted in exported reports
    double anomalyRatio = 10.0; // numbers: a change by more than this factor is held for review; 0 = off
    int anomalyYears = 2;       // dates: a jump of more than this many years is held for review; 0 = off
};

// A review item's kind: the resolver's kinds (core's ReviewKind) and the two the workspace adds,
// a write an apply found changed underneath and a value the steward proposed. Stored and
// exchanged as its name ("ambiguous_match", "duplicate", "conflict", "high_stakes", "anomaly",
// "partial_update", "deletion", "changed_underneath", "steward_value"); in C++ always the enum.
enum class ReviewItemKind
{
    AmbiguousMatch,
    Duplicate,
    Conflict,
    HighStakes,
    Anomaly,
    PartialUpdate,
    Deletion,
    ChangedUnderneath,
    StewardValue
};
QString reviewItemKindName(ReviewItemKind kind);
std::optional<ReviewItemKind> reviewItemKindFromName(const QString& name);
// The queue's kind for what the resolver flagged.
ReviewItemKind reviewItemKind(ReviewKind kind);

// A review item's state. Stored and exchanged as "open", "approved", "rejected", "edited".
enum class ReviewState
{
    Open,
    Approved,
    Rejected,
    Edited
};
QString reviewStateName(ReviewState state);
std::optional<ReviewState> reviewStateFromName(const QString& name);

// One record's value of the field a review item is about.
struct RecordValue
{
    QString record; // "system:sourceId"
    QString value;  // as the system holds it
    bool operator==(const RecordValue&) const = default;
};

// An item in the review queue: something a person must decide or approve. Its id is
// stable (kind, field and the records' source ids), so a decision survives later runs; its
// fingerprint covers the values behind it, so a decision on values that have since changed
// comes back open.
struct ReviewItem
{
    QString id;
    // What a run produced (match, field and deletion kinds), an apply (ChangedUnderneath) or the
    // steward (StewardValue: no run produces it, so a run's queue sync leaves it alone; the plan
    // writes it to the customer's records once approved, as long as they still hold the values
    // shown). Every producer sets it.
    ReviewItemKind kind = ReviewItemKind::Conflict;
    ReviewState state = ReviewState::Open;
    QString field;
    QStringList records; // "system:sourceId"
    QString summary;
    QString detail;
    QString fingerprint;
    std::optional<QString> editedValue; // the steward's own value, for state Edited
    QString choice; // a merge's survivor and field picks, as JSON ({"survivor": .., "fields": {..}})
    // As data, for views and scripts (schema 5): a record of the customer the item is about (a
    // stable reference, unlike entity numbers), each record's current value of the field, and the
    // value the plan proposes (field items; none for match and deletion items).
    QString entityRef;
    QList<RecordValue> currentValues;
    std::optional<QString> proposedValue;
    QString decidedBy;
    QString decidedAt;
    QString note;
    QString createdAt;
    QString updatedAt;

    // The stable id for an item of this kind about these records and this field (made from the
    // kind's name: ids stored in workspaces must never change).
    static QString makeId(ReviewItemKind kind, const QString& field, QStringList records);
    static QString makeFingerprint(const QStringList& values);
    // currentValues as JSON ([{"record": "system:id", "value": ".."}, ...]) for the store, and back.
    QString currentValuesJson() const;
    static QList<RecordValue> currentValuesFromJson(const QString& json);
};

// One write Concord intends, did or settled, as kept in the workspace's journal. The journal
// is written before a system is touched (state "intended") and settled after its transaction
// commits; its "written" entries are the audit trail (one per changed field or deleted row).
struct JournalEntry
{
    QString batch;
    int seq = 0;
    QString system;
    QString table;
    QStringList keyColumns;
    QString rowId; // source id; composite keys joined by U+001F
    QString field; // canonical field ("" for the version column or a whole-row operation)
    QString column;
    QString operation = QStringLiteral("update"); // update, delete, insert
    QString before;  // null QString = SQL NULL; for delete/insert the whole row as JSON
    QString after;   // likewise
    QString version; // the row's version token at snapshot time
    QString rule;    // owner, priority, recency, merge, rollback, ...
    QString reason;
    QString reviewItem;
    QString state = QStringLiteral("intended"); // intended, written, changed_underneath, dead_letter,
                                                // not_written, conflict
    QString error;
    int attempts = 0;
    QString at; // when it was written or settled
    QString steward;
    QString resolvedBy; // dead letters: the batch that later wrote the same change
};

struct BatchInfo
{
    QString id;
    QString kind = QStringLiteral("apply");    // apply, rollback
    QString state = QStringLiteral("running"); // running, finished, recovered
    QString steward;
    QString startedAt;
    QString finishedAt;
    QString rollsBack; // for a rollback: the batch it undoes
    QString summary;
};

// A plan as `concord-cli plan` showed it to the steward: apply writes this one and nothing else.
struct StoredPlan
{
    QString id;
    QString createdAt;
    QString steward;
    // The decisions the plan was made under (review queue, ownership, mappings, match decisions),
    // hashed: a plan made before a later decision is not what the steward now expects written.
    QString decisions;
    QString body;         // the writes and merges as JSON (see PlanStore)
    int writeCount = 0;   // for listing
    QString appliedAt;    // empty while it has not been applied; a plan is applied once
    QString appliedBatch; // the batch that applied it (empty when it had nothing to write)
};

struct ReviewSync
{
    int added = 0;
    int reopened = 0; // decided, but the values behind the decision changed
    int unchanged = 0;
    int dropped = 0; // open items the latest run no longer produces
};

// Everything a workspace is configured with, as exported to / imported from JSON.
struct WorkspaceConfig
{
    QList<SystemConfig> systems;
    QList<CanonicalField> fields;
    QList<FieldMapping> mappings;
    std::optional<MatchConfig> matching; // absent: the rules suggested from the fields' types
    QList<FieldGovernance> governance;   // the field-ownership matrix and per-field policies
    QString recordOwner;                 // the system of record: a customer missing there was deleted

    QList<MatchField> matchFields() const;
};

} // namespace concord
