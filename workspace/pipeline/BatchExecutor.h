#pragma once

#include "Workspace.h"

#include <atomic>
#include <functional>
#include <optional>

namespace concord {

// Where a batch stands, reported after each transaction settles (on the thread running it).
struct ApplyProgress
{
    QString system;        // the system being written
    qint64 systemDone = 0; // its writes settled so far (written, refused or dead-lettered)
    qint64 systemTotal = 0;
    qint64 done = 0; // the whole batch's
    qint64 total = 0;
    qint64 written = 0; // of `done`, written
};

struct ApplyOptions
{
    QString steward;
    int lockTimeoutMs = 5000; // how long a locked row is waited for before it counts as transient
    int maxAttempts = 4;      // per transaction, for transient failures
    int backoffMs = 200;      // first retry delay, doubled each time
    int rowsPerTransaction = 100;
    int rowDelayMs = 0; // test hook (CONCORD_TEST_APPLY_ROW_DELAY_MS): a pause after each row
    // A system whose connection is lost is reconnected with backoff for this long; then nothing
    // more is written to it in the batch and its remaining rows are dead-lettered at once.
    int reconnectWindowMs = 15000;
    std::function<void(const ApplyProgress&)> progress; // optional
    // Set from another thread to stop: the transaction under way finishes (what it wrote stays
    // journaled and audited), nothing more is written, and the writes not reached are recorded
    // as not written, cancelled (a later plan proposes them again).
    const std::atomic<bool>* cancel = nullptr;
};

// One write as the executor runs it: the journal entry (what is recorded and audited) and
// what the row must look like for the write to go ahead.
struct WriteOp
{
    JournalEntry entry;
    QString expectVersion;              // the row's version token at snapshot time; empty = not checked
    std::optional<QString> expectValue; // the column's value now (update), or the whole row (delete)
    bool loose = false;                 // a snapshot value: NULL and '' compare equal
    bool expectAbsent = false;          // insert: no row may have the key
    QString unit = {}; // ops sharing a unit (a merge) are written all or nothing, with their rows' other ops
};

// The outcome of a batch: every entry with its final state, and interrupted batches settled.
struct BatchReport
{
    BatchInfo batch;
    QList<JournalEntry> entries;
    QList<JournalEntry> skipped; // not attempted (awaiting approval, rejected, not writable), state
                                 // "not_written" with the reason in error
    QStringList notes;           // interrupted batches settled first
    QStringList planNotes;       // what the plan could not do as asked (set by the caller)
    QString plan;                // the stored plan applied, if any
    bool cancelled = false;      // the steward stopped it: entries not reached are "not_written"
    QStringList unsettled;       // writes whose outcome is unknown, left for the next apply to settle
    double seconds = 0;
    qint64 count(const QString& state) const;
    qint64 rowsWritten() const; // distinct rows with at least one written entry
};

// A row image (the whole row, for deletes and the inserts that undo them) as stored in the
// journal: a JSON object column -> value, null for NULL.
QString rowImage(const QList<ColumnInfo>& columns, const QStringList& values);
Result<QList<std::pair<QString, QString>>> parseRowImage(const QString& image);

// Records the batch and its intended writes in the journal, then runs them system by system:
// per system one connection, rows in transactions of options.rowsPerTransaction, each row
// re-read and locked before it is written and refused whole if it changed since the snapshot
// (state "changed_underneath" for an apply, "conflict" for a rollback). Transient failures
// retry with backoff; a row that still fails is dead-lettered and the rest go on. A lost
// connection is recognised once: reconnected within options.reconnectWindowMs, or that system's
// remaining rows are dead-lettered in one step with the cause and the other systems go on (rows
// whose COMMIT lost its answer stay intended, the batch running, for the next apply to settle). Every
// system is opened for writing before anything is written: a system that cannot be written
// fails the batch with nothing written.
Result<BatchReport> executeBatch(Workspace& workspace, BatchInfo batch, QList<WriteOp> ops,
                                 const ApplyOptions& options);

// Settles batches a crash left running: each intended entry is compared with its row as it is
// now (after: written; before: not written; else conflict), so the journal and the audit
// match the systems. Returns one line per settled batch.
Result<QStringList> recoverInterruptedBatches(Workspace& workspace, const ApplyOptions& options);

} // namespace concord
