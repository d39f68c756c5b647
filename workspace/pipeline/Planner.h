#pragma once

#include "BatchExecutor.h"
#include "MatchPipeline.h"
#include "Workspace.h"
#include "resolve/Resolver.h"

namespace concord {

// One proposed write: make `column` of row `rowId` in `system` hold `after`.
struct PlannedWrite
{
    QString system;
    QString driver;
    QString table;
    QStringList keyColumns;
    QString rowId; // the source id (composite keys joined by U+001F)
    QString field;
    QString column;
    QString before;  // as read
    QString after;   // in the target system's own format
    QString version; // the row's version token at snapshot time; apply refuses if it changed
    QString rule;
    QString reason;
    QString reviewItem; // empty when no person needs to approve it
    QString status;     // ready, awaiting approval, approved, edited, rejected, not writable (file export)
    qint64 entity = -1; // the matched entity (cluster) and field index the write belongs to
    int fieldIndex = -1;

    // Whether apply writes it: it needs no approval, or was approved or edited (and the system
    // can be written at all).
    bool isApplicable() const;
};

// An approved duplicate proposal, made concrete: the surviving record takes the fields the
// survivorship rules (or the steward) pick from the others, then the others are soft-deleted
// or deleted, each with its before-image in the journal so the merge can be undone.
struct PlannedMerge
{
    QString reviewItem;
    QString system;
    QString survivor;     // source id
    QStringList losers;   // source ids
    QString survivorRule; // steward, most_complete, oldest, most_recent
    QList<WriteOp> ops;   // survivor updates, then the losers' soft delete or delete
    QList<JournalEntry> entries() const;
};

struct Plan
{
    QList<PlannedWrite> writes;
    QList<PlannedMerge> merges;
    QList<ReviewItem> reviewItems; // produced by this run (matching and resolution)
    ReviewSync sync;
    QList<Ghost> ghosts;
    qint64 agreed = 0;
    qint64 formatOnly = 0; // differences of form only (case, accents, suffix spelling): not written
    QStringList notes;     // e.g. a value that cannot be written in a column's style
};

// The resolution of a matching run under the workspace's ownership matrix and policies.
struct ResolvedRun
{
    WorkspaceConfig config;
    QList<FieldGovernance> governance;
    QList<FieldPolicy> policies;
    Resolution resolution;
};

// resolve only: nothing is written, not even the review queue. Refuses an invalid matrix.
Result<ResolvedRun> resolveWorkspace(const Workspace& workspace, const MatchRun& run);
// resolve under a given configuration and matrix (the session's what-if): a pure function of
// its arguments. The matrix is taken as it is; check it with ownershipProblems first.
ResolvedRun resolveWith(const WorkspaceConfig& config, const QList<FieldGovernance>& governance,
                        const MatchRun& run);

// The queue as Workspace::syncReviewItems would leave it after a run produced `produced`,
// computed without writing.
QList<ReviewItem> simulateReviewSync(const QList<ReviewItem>& stored, const QList<ReviewItem>& produced,
                                     ReviewSync* sync = nullptr);

// resolve -> plan against the review queue as stored, writing nothing at all (a preview):
// equal to what buildPlan would return, without touching the workspace.
Result<Plan> computePlan(const ResolvedRun& resolved, const MatchRun& run,
                         const QList<ReviewItem>& storedQueue);

// match -> resolve -> plan. Refuses an invalid ownership matrix (naming every problem).
// Updates the review queue (new items open; decided items whose values changed reopen)
// and applies the steward's decisions to the writes.
Result<Plan> buildPlan(Workspace& workspace, const MatchRun& run);
// The same for a run already resolved (by resolveWorkspace on this workspace).
Result<Plan> buildPlan(Workspace& workspace, const MatchRun& run, const ResolvedRun& resolved);

} // namespace concord
