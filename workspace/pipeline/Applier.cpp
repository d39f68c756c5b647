#include "Applier.h"

#include "PlanStore.h"
#include "format/NextVersion.h"

#include <QDateTime>
#include <QLockFile>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
JournalEntry entryFor(const PlannedWrite& w)
{
    JournalEntry e;
    e.system = w.system;
    e.table = w.table;
    e.keyColumns = w.keyColumns;
    e.rowId = w.rowId;
    e.field = w.field;
    e.column = w.column;
    e.operation = u"update"_s;
    e.before = w.before;
    e.after = w.after;
    e.version = w.version;
    e.rule = w.rule;
    e.reason = w.reason;
    e.reviewItem = w.reviewItem;
    return e;
}
} // namespace

namespace {
// One apply or rollback at a time per workspace: a second one would take the first one's
// running batch for an interrupted one and "settle" it while it is being written. The lock is
// a file next to the workspace; a lock left by a process that died is taken over.
Result<std::unique_ptr<QLockFile>> lockForWriting(const Workspace& workspace)
{
    auto lock = std::make_unique<QLockFile>(workspace.path() + u".lock"_s);
    lock->setStaleLockTime(0); // only a dead owner makes it stale, never its age
    if (lock->tryLock(0))
        return lock;
    if (lock->error() != QLockFile::LockFailedError)
        return makeError(u"%1: cannot create the lock file %2.lock (is the folder writable?); nothing was "
                         "written"_s.arg(workspace.path(), workspace.path()));
    qint64 pid = 0;
    QString host;
    QString app;
    lock->getLockInfo(&pid, &host, &app);
    return makeError(u"%1: another apply or rollback is running on this workspace (process %2 on %3); "
                     "nothing was written"_s.arg(workspace.path())
                         .arg(pid)
                         .arg(host));
}

// What every apply and rollback does first: take the workspace's lock (held until the turn is
// destroyed), then settle what an interrupted run left (one line per batch settled).
struct WritingTurn
{
    std::unique_ptr<QLockFile> lock;
    QStringList settled;
};

Result<WritingTurn> takeWritingTurn(Workspace& workspace, const ApplyOptions& options)
{
    auto lock = lockForWriting(workspace);
    if (!lock)
        return lock.error();
    auto settled = recoverInterruptedBatches(workspace, options);
    if (!settled)
        return settled.error();
    return WritingTurn{std::move(*lock), *settled};
}
} // namespace

QString newBatchId()
{
    return QDateTime::currentDateTimeUtc().toString(u"yyyyMMdd-HHmmss"_s) + u'-' +
           QString::number(QRandomGenerator::global()->bounded(0x10000), 16).rightJustified(4, u'0');
}

namespace {
// applyPlan; with a stored plan's id, that plan is marked applied inside the writing turn, so two
// applies started together never write it twice (the second would find every row holding what
// the first wrote, not the before-values shown, and send it all back to review).
Result<BatchReport> applyWithin(Workspace& workspace, const Plan& plan, const ApplyOptions& options,
                                const QString& storedPlan, const WritingTurn& turn)
{
    auto systems = workspace.systems();
    if (!systems)
        return systems.error();
    QHash<QString, SystemConfig> byName;
    for (const SystemConfig& s : std::as_const(*systems))
        byName.insert(s.name, s);

    BatchReport skippedOnly;
    QList<WriteOp> ops;
    for (const PlannedWrite& w : plan.writes) {
        const SystemConfig& system = byName[w.system];
        QString why;
        if (!w.isApplicable())
            why = w.status;
        else if (system.readOnly)
            why = u"system '%1' is read-only in this workspace"_s.arg(w.system);
        if (!why.isEmpty()) {
            JournalEntry e = entryFor(w);
            e.state = u"not_written"_s;
            e.error = why;
            skippedOnly.skipped.append(e);
            continue;
        }
        ops.append(WriteOp{entryFor(w), w.version, w.before, true, false});
    }
    for (const PlannedMerge& merge : plan.merges) {
        if (byName[merge.system].readOnly) {
            for (const JournalEntry& e : merge.entries()) {
                JournalEntry skipped = e;
                skipped.state = u"not_written"_s;
                skipped.error = u"system '%1' is read-only in this workspace"_s.arg(merge.system);
                skippedOnly.skipped.append(skipped);
            }
            continue;
        }
        ops += merge.ops;
    }

    // Where the steward asks for it, the version column moves on with every row written (see
    // nextVersionValue), so tools that find changes by it see Concord's writes. Off by default:
    // a stamped row looks freshly edited in every field, which skews the recency rule.
    const QDateTime stamp = QDateTime::currentDateTimeUtc();
    QSet<QString> bumped;
    const qsizetype planned = ops.size();
    for (qsizetype i = 0; i < planned; ++i) {
        const JournalEntry& e = ops[i].entry;
        const QString rowKey = e.system + u'\x1f' + e.rowId;
        const SystemConfig& system = byName[e.system];
        if (!system.stampVersion || e.operation != "update"_L1 || system.versionColumn.isEmpty() ||
            bumped.contains(rowKey) || !ops[i].expectVersion.startsWith(u"v:"_s))
            continue;
        bumped.insert(rowKey);
        bool setsVersion = false;
        for (qsizetype j = 0; j < planned; ++j) {
            const JournalEntry& other = ops[j].entry;
            if (other.system == e.system && other.rowId == e.rowId &&
                other.column.compare(system.versionColumn, Qt::CaseInsensitive) == 0)
                setsVersion = true;
        }
        const QString current = ops[i].expectVersion.mid(2);
        const auto next = nextVersionValue(current, stamp, system.dateOrder);
        if (setsVersion || !next || *next == current)
            continue;
        JournalEntry v = e;
        v.field.clear();
        v.column = system.versionColumn;
        v.before = current;
        v.after = *next;
        v.rule = u"version"_s;
        v.reason = u"the row's version column moves on with Concord's write"_s;
        v.reviewItem.clear();
        ops.append(WriteOp{v, ops[i].expectVersion, current, true, false});
    }
    // Keep each row's writes together and in plan order (the executor groups by row anyway).
    std::stable_sort(ops.begin(), ops.end(),
                     [](const WriteOp& a, const WriteOp& b) { return a.entry.system < b.entry.system; });

    BatchInfo batch;
    batch.id = ops.isEmpty() ? QString() : newBatchId();
    batch.kind = u"apply"_s;
    batch.steward = options.steward;
    if (!storedPlan.isEmpty()) {
        auto marked = workspace.markPlanApplied(storedPlan, batch.id);
        if (!marked)
            return marked.error();
        if (!*marked)
            return makeError(
                u"plan %1 was applied by another run meanwhile; nothing was written"_s.arg(storedPlan));
    }
    if (ops.isEmpty()) {
        skippedOnly.notes = turn.settled;
        skippedOnly.plan = storedPlan;
        return skippedOnly;
    }
    auto report = executeBatch(workspace, batch, ops, options);
    if (!report) {
        // Refused before a batch was recorded (a system could not be opened): nothing of the plan
        // was written, so it can be applied once the system is back.
        const auto recorded =
            storedPlan.isEmpty() ? Result<BatchInfo>(BatchInfo()) : workspace.batch(batch.id);
        if (!recorded && recorded.error().kind == ErrorKind::NotFound) {
            if (auto r = workspace.unmarkPlanApplied(storedPlan); !r)
                return r.error();
        }
        return report.error();
    }
    report->skipped = skippedOnly.skipped + report->skipped;
    report->notes = turn.settled + report->notes;
    report->plan = storedPlan;
    return report;
}
} // namespace

Result<BatchReport> applyPlan(Workspace& workspace, const Plan& plan, const ApplyOptions& options)
{
    auto turn = takeWritingTurn(workspace, options);
    if (!turn)
        return turn.error();
    return applyWithin(workspace, plan, options, QString(), *turn);
}

Result<BatchReport> applyReviewedPlan(Workspace& workspace, const QString& planId,
                                      const ApplyOptions& options)
{
    // The plan is checked inside the writing turn: an apply running meanwhile cannot apply it
    // in between, and a batch it interrupted is settled before the plan's rows are judged.
    auto turn = takeWritingTurn(workspace, options);
    if (!turn)
        return turn.error();
    auto reviewed = reviewedPlan(workspace, planId);
    if (!reviewed) {
        QString message = u"nothing was written: "_s + reviewed.errorString();
        for (const QString& settled : std::as_const(turn->settled))
            message += u"\n(settled first: "_s + settled + u")"_s;
        return makeError(message, reviewed.error().kind, reviewed.error().subject);
    }
    auto report = applyWithin(workspace, reviewed->second, options, reviewed->first.id, *turn);
    if (!report)
        return report.error();
    // What the plan could not do as asked (a merge a system does not allow, a value that does
    // not fit a column's style) matters as much after apply as before it.
    report->planNotes = reviewed->second.notes;
    return report;
}

Result<BatchReport> rollbackBatch(Workspace& workspace, const QString& batchId, const ApplyOptions& options)
{
    auto turn = takeWritingTurn(workspace, options);
    if (!turn)
        return turn.error();
    auto target = workspace.batch(batchId);
    if (!target)
        return target.error();
    auto written = workspace.journal(batchId, u"written"_s);
    if (!written)
        return written.error();
    if (written->isEmpty())
        return makeError(u"batch %1 wrote nothing, so there is nothing to roll back"_s.arg(batchId));

    // Entries an earlier rollback of this batch already undid are not undone twice.
    auto batches = workspace.batches();
    if (!batches)
        return batches.error();
    QSet<int> undone;
    QStringList undoneBy;
    static const QRegularExpression undoRef(u"^undo [^ ]+ #([0-9]+)$"_s);
    for (const BatchInfo& b : std::as_const(*batches)) {
        if (b.kind != "rollback"_L1 || b.rollsBack != batchId)
            continue;
        auto entries = workspace.journal(b.id, u"written"_s);
        if (!entries)
            return entries.error();
        for (const JournalEntry& e : std::as_const(*entries)) {
            const auto m = undoRef.match(e.reason);
            if (m.hasMatch())
                undone.insert(m.captured(1).toInt());
        }
        if (!entries->isEmpty())
            undoneBy << b.id;
    }

    QList<WriteOp> ops;
    for (qsizetype i = written->size() - 1; i >= 0; --i) {
        const JournalEntry& w = written->at(i);
        if (undone.contains(w.seq))
            continue;
        WriteOp op;
        op.entry = w;
        op.entry.rule = u"rollback"_s;
        op.entry.reason = u"undo %1 #%2"_s.arg(batchId).arg(w.seq);
        op.entry.reviewItem = w.reviewItem;
        op.entry.version.clear();
        op.entry.error.clear();
        op.entry.attempts = 0;
        if (w.operation == "update"_L1) {
            op.entry.before = w.after;
            op.entry.after = w.before;
            op.expectValue = w.after; // only where the row still holds what the batch wrote
        } else if (w.operation == "delete"_L1) {
            op.entry.operation = u"insert"_s;
            op.entry.before = QString();
            op.entry.after = w.before;
            op.expectAbsent = true;
        } else {
            op.entry.operation = u"delete"_s;
            op.entry.before = w.after;
            op.entry.after = QString();
            op.expectValue = w.after;
        }
        ops.append(op);
    }
    if (ops.isEmpty())
        return makeError(u"batch %1 was already rolled back (by %2)"_s.arg(batchId, undoneBy.join(u", "_s)));
    BatchInfo batch;
    batch.id = newBatchId();
    batch.kind = u"rollback"_s;
    batch.rollsBack = batchId;
    batch.steward = options.steward;
    auto report = executeBatch(workspace, batch, ops, options);
    if (!report)
        return report.error();
    report->notes = turn->settled + report->notes;
    return report;
}

} // namespace concord
