#pragma once

#include "Result.h"
#include "WorkspaceTypes.h"
#include "match/MatchConfig.h"
#include "match/Matcher.h"

#include <QSqlDatabase>
#include <QString>
#include <functional>
#include <memory>

namespace concord {

// The steward's project file: an SQLite database (*.concord) holding systems, canonical
// fields, mappings, matching rules and decisions, the ownership matrix, the review queue and
// the journal of writes (the audit trail). All access goes through this class, with portable SQL via Qt SQL,
// so a team can later share a workspace on PostgreSQL. Every change is one transaction: a failure leaves the
// file as it was.
class Workspace
{
public:
    static constexpr int SchemaVersion = 6;

    static Result<std::unique_ptr<Workspace>> create(const QString& path);
    static Result<std::unique_ptr<Workspace>> open(const QString& path);
    ~Workspace();
    Workspace(const Workspace&) = delete;
    Workspace& operator=(const Workspace&) = delete;

    QString path() const { return m_path; }
    // A workspace whose file (or folder) this user cannot write is opened read-only: reading
    // works, every change is refused naming the file and the reason, and a front end shows a
    // preview where it would otherwise update the review queue.
    bool isReadOnly() const { return !m_readOnlyReason.isEmpty(); }
    QString readOnlyReason() const { return m_readOnlyReason; }
    // Resolves a file-system path stored relative to the workspace's folder.
    QString resolvePath(const QString& stored) const;
    // Stores paths inside the workspace's folder relative to it, so the folder can move.
    QString storablePath(const QString& path) const;

    Result<QList<SystemConfig>> systems() const;
    Result<SystemConfig> system(const QString& name) const;
    Result<void> addSystem(const SystemConfig& system);
    Result<void> removeSystem(const QString& name);
    // Changes everything about an existing system but its name (connection, entity, key and
    // version columns, region, date order, write settings), validated like a new system.
    Result<void> updateSystem(const SystemConfig& system);
    // Changes a system's write-back settings (read-only, soft-delete column and value, hard
    // deletes), validated like a new system.
    Result<void> setSystemWriteSettings(const SystemConfig& system);

    Result<QList<CanonicalField>> fields() const;
    Result<void> addField(const CanonicalField& field);

    Result<QList<FieldMapping>> mappings(const QString& system = QString()) const;
    // Maps system.column to field; an empty field removes the mapping.
    Result<void> setMapping(const QString& system, const QString& column, const QString& field);

    // The matching rules; the rules suggested from the fields' types when none are stored.
    Result<MatchConfig> matchConfig() const;
    bool hasStoredMatchConfig() const;
    Result<void> setMatchConfig(const MatchConfig& config);

    // A steward's "same" / "not the same" about two records, by stable source ids.
    Result<QList<MatchDecision>> matchDecisions() const;
    Result<void> recordMatchDecision(const MatchDecision& decision, const QString& steward,
                                     const QString& note);
    // Forgets the stored decision about the pair (in either order) if it says what `decision`
    // says (the steward's undo); nothing stored is not an error, a different verdict stays.
    Result<void> removeMatchDecision(const MatchDecision& decision);

    // The field-ownership matrix and per-field policies (one entry per canonical field that has
    // an owner or a policy), and the system of record.
    Result<QList<FieldGovernance>> governance() const;
    Result<void> setGovernance(const FieldGovernance& governance);
    Result<QString> recordOwner() const;
    Result<void> setRecordOwner(const QString& system);
    // One message per field with no owner or two, naming them; empty when the matrix is valid.
    Result<QStringList> validateOwnership() const;

    // The review queue.
    // Runs `work` (calls of this class's setters) as one transaction: all of it or none, and one
    // commit instead of one per call (a steward approving a thousand items at once).
    Result<void> transaction(const QString& what, const std::function<Result<void>()>& work);

    // Every item, or those in `state`. An item whose kind or state this Concord does not know (a
    // newer one wrote it) makes the whole read fail, naming the item and the name (see readItem).
    Result<QList<ReviewItem>> reviewItems(std::optional<ReviewState> state = std::nullopt) const;
    Result<ReviewItem> reviewItem(const QString& id) const;
    // Brings the queue in line with a run's items, in one transaction: new items open,
    // decided items whose fingerprint changed reopen, open items no longer produced go (except
    // the steward's own proposals, which no run produces).
    Result<ReviewSync> syncReviewItems(const QList<ReviewItem>& current);
    // state: Approved, Rejected or Edited (with a value). choice: a merge's survivor and field
    // picks (JSON), for an approved duplicate.
    Result<void> decideReviewItem(const QString& id, ReviewState state, const QString& steward,
                                  const QString& note,
                                  const std::optional<QString>& editedValue = std::nullopt,
                                  const QString& choice = QString(),
                                  const QString& expectedFingerprint = QString());
    // Adds a steward_value item as open, or replaces one with the same id (a new value for the
    // same cell): the steward's proposal waits for approval like any other item.
    Result<void> proposeStewardValue(const ReviewItem& item);
    // Takes back a proposal that is still open (the undo of proposeStewardValue).
    Result<void> withdrawStewardValue(const QString& id);
    // Puts an item back exactly as it was before a decision (the steward's undo): state,
    // decision, edited value, choice and note as in `previous`. Refused when the item's values
    // changed since (its fingerprint differs): then the earlier state no longer means anything.
    Result<void> restoreReviewItem(const ReviewItem& previous);

    // The journal of writes (its written entries are the audit trail). A batch and all the
    // writes it intends are recorded before any system is touched.
    Result<void> beginBatch(const BatchInfo& batch, const QList<JournalEntry>& entries);
    // Records outcomes (by batch and seq: state, before, after, error, attempts, at) and sends
    // the given items back to the review queue as open, in one transaction. A written entry
    // resolves earlier dead letters for the same row and column.
    Result<void> settleEntries(const QList<JournalEntry>& entries,
                               const QList<ReviewItem>& backToReview = {});
    Result<void> finishBatch(const QString& batch, const QString& state, const QString& summary);
    Result<QList<BatchInfo>> batches() const;
    Result<BatchInfo> batch(const QString& id) const;
    // Entries of one batch (all batches when empty), optionally of one state, in batch and seq order.
    Result<QList<JournalEntry>> journal(const QString& batch = QString(),
                                        const QString& state = QString()) const;
    // Every entry about one row of a system (its history), oldest first; uses the row index.
    Result<QList<JournalEntry>> journalOfRow(const QString& system, const QString& rowId) const;
    // Writes that failed and were not written by a later batch.
    Result<QList<JournalEntry>> deadLetters() const;

    // Plans as reviewed (concord-cli plan stores each one it shows; apply writes the latest, once).
    Result<void> savePlan(const StoredPlan& plan);
    // The latest stored plan, with its body; none when no plan was ever stored.
    Result<std::optional<StoredPlan>> latestPlan() const;
    Result<StoredPlan> storedPlan(const QString& id) const;
    // Marks a plan applied (by `batch`, empty when it wrote nothing) if no one did before: false
    // when it was already applied, so two applies never write one plan twice.
    Result<bool> markPlanApplied(const QString& id, const QString& batch);
    // Takes a mark back (apply failed before a batch was recorded): the plan can be applied again.
    Result<void> unmarkPlanApplied(const QString& id);
    // A hash of everything a plan is made under but the systems' data: the configuration,
    // ownership and policies, match decisions and the review queue's decisions. A stored plan
    // whose hash differs was made before a later decision.
    Result<QString> decisionsFingerprint() const;

    Result<WorkspaceConfig> config() const;
    // Replaces the whole configuration (validated first); all or nothing.
    Result<void> replaceConfig(const WorkspaceConfig& config);

private:
    Workspace(QString path, QString connectionName);
    static Result<std::unique_ptr<Workspace>> connect(const QString& path, bool creating);
    Result<void> inTransaction(const QString& what, const std::function<Result<void>()>& work);
    // Why this user cannot write the workspace at path ("" when they can).
    static QString unwritableReason(const QString& path);
    Error readOnlyError(const QString& what) const;
    int m_transactionDepth = 0;
    Result<void> insertSystem(const SystemConfig& system);
    Result<void> insertField(const CanonicalField& field);
    Result<void> insertMapping(const FieldMapping& mapping);
    Result<void> exec(const QString& sql, const QVariantList& values = {}) const;
    Result<void> writeMatchConfig(const MatchConfig& config);
    Result<void> writeGovernance(const FieldGovernance& governance);
    Result<void> writeSetting(const QString& key, const QString& value);

    QString m_path;
    QString m_connectionName;
    QSqlDatabase m_db;
    QString m_readOnlyReason;
};

// Validation shared by import and the single-item setters; errors name the item.
Result<void> validateConfig(const WorkspaceConfig& config);
// Rules that name unknown fields or systems are refused; an owner missing or doubled is not
// (the matrix is built step by step) but is reported by ownershipProblems.
Result<void> validateGovernance(const WorkspaceConfig& config);
QStringList ownershipProblems(const WorkspaceConfig& config);
Result<void> validateSystem(const SystemConfig& system);

} // namespace concord
