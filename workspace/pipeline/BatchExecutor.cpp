#include "BatchExecutor.h"

#include "Logging.h"
#include "Reconnect.h"
#include "SnapshotLoader.h"
#include "SqlWriter.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QThread>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// Exact: NULL is not ''. Qt's operator== alone treats them as equal.
bool sameExact(const QString& a, const QString& b)
{
    return a.isNull() == b.isNull() && a == b;
}

// A snapshot's value (which may not keep NULL apart from '') against the value now.
bool sameLoose(const QString& a, const QString& b)
{
    return a == b;
}

// What a database hands back for a value it stored may be spelled differently from what was
// bound ("5000" into NUMERIC(12,2) reads back "5000.00"): the same number counts as the same.
bool sameStored(const QString& stored, const QString& bound)
{
    if (sameLoose(stored, bound))
        return true;
    bool okA = false;
    bool okB = false;
    const double a = stored.toDouble(&okA);
    const double b = bound.toDouble(&okB);
    return okA && okB && a == b;
}

// The ops that are written all or nothing: one row's, or a whole merge's (several rows), in the
// order they are to run.
struct WriteGroup
{
    QList<int> ops;
    bool alreadyWritten = false; // found holding its after-values after a commit whose outcome was lost
};

struct SystemWork
{
    SystemConfig config;
    std::unique_ptr<SqlWriter> writer;
    WriteTarget target;
    QList<WriteGroup> groups;
};

// The distinct rows of a group, in order, each with its ops.
QList<std::pair<QString, QList<int>>> rowsOf(const WriteGroup& group, const QList<WriteOp>& ops)
{
    QList<std::pair<QString, QList<int>>> rows;
    for (int i : group.ops) {
        const QString& rowId = ops[i].entry.rowId;
        auto it = std::find_if(rows.begin(), rows.end(), [&](const auto& r) { return r.first == rowId; });
        if (it == rows.end())
            rows.append({rowId, {i}});
        else
            it->second.append(i);
    }
    return rows;
}

class Executor
{
public:
    Executor(Workspace& workspace, QList<WriteOp>& ops, const ApplyOptions& options, bool isRollback)
        : m_workspace(workspace)
        , m_ops(ops)
        , m_options(options)
        , m_refusedState(isRollback ? u"conflict"_s : u"changed_underneath"_s)
    {}

    Result<void> runSystem(SystemWork& work)
    {
        // PostgreSQL keeps 64 subtransactions per transaction in memory; each group takes one
        // savepoint, and more than that slows every session on the server.
        int size = m_options.rowsPerTransaction;
        if (SqlConnector::qtDriverName(work.config.driver) == "QPSQL"_L1)
            size = std::min(size, 50);
        m_lost.clear();
        m_systemDone = 0;
        m_systemTotal = 0;
        for (const WriteGroup& group : std::as_const(work.groups))
            m_systemTotal += group.ops.size();
        for (qsizetype start = 0; start < work.groups.size(); start += size) {
            if (cancelRequested())
                return cancelRest(work, start);
            QList<WriteGroup*> chunk;
            for (qsizetype i = start; i < std::min(work.groups.size(), start + size); ++i)
                chunk.append(&work.groups[i]);
            if (auto r = runWithRetries(work, chunk); !r)
                return r;
            if (!m_lost.isEmpty()) {
                // The server is gone: the rows not yet tried are not tried one by one against it.
                QList<WriteGroup*> rest;
                for (qsizetype i = start + size; i < work.groups.size(); ++i)
                    rest.append(&work.groups[i]);
                return giveUp(rest, false);
            }
        }
        return {};
    }

private:
    // A transaction over chunk, retried on transient failures; a chunk that keeps failing is
    // split so that one stuck group is dead-lettered on its own and the others are written.
    Result<void> runWithRetries(SystemWork& work, const QList<WriteGroup*>& chunk)
    {
        WriteFailure last;
        bool commitUncertain = false;
        for (int attempt = 1; attempt <= m_options.maxAttempts; ++attempt) {
            resetChunk(chunk, attempt);
            auto failure = runChunk(work, chunk, commitUncertain);
            if (!failure)
                return settleChunk(chunk);
            if (failure->message.startsWith(u"workspace:"_s))
                return makeError(failure->message); // the journal itself failed: stop, nothing half-recorded
            work.writer->rollback();
            last = *failure;
            // A COMMIT that lost its connection may have committed: the next attempt accepts rows
            // that already hold exactly what this chunk writes as written, instead of refusing them.
            commitUncertain = commitUncertain || (failure->atCommit && failure->connectionLost);
            qCInfo(lcWorkspace) << "attempt" << attempt << "failed:" << failure->message;
            if (failure->connectionLost) {
                if (auto back = reconnect(*work.writer, m_options); !back) {
                    m_lost = back.errorString();
                    return giveUp(chunk, commitUncertain);
                }
                continue; // on the new connection; the attempt counts
            }
            if (!failure->transient)
                break; // isolate the groups below
            if (attempt < m_options.maxAttempts)
                QThread::msleep(static_cast<unsigned long>(m_options.backoffMs) << (attempt - 1));
        }
        if (chunk.size() > 1) {
            for (qsizetype i = 0; i < chunk.size(); ++i) {
                if (auto r = runWithRetries(work, {chunk[i]}); !r)
                    return r;
                if (!m_lost.isEmpty()) // gone while the chunk was split: the rest is not tried
                    return giveUp(chunk.mid(i + 1), false);
            }
            return {};
        }
        for (int i : chunk.first()->ops) {
            m_ops[i].entry.state = u"dead_letter"_s;
            m_ops[i].entry.error =
                u"gave up after %1 attempts: %2"_s.arg(m_ops[i].entry.attempts).arg(last.message);
        }
        return settleChunk(chunk);
    }

    // The system's connection is lost for good: every op of `groups` is dead-lettered with the
    // cause in one settlement, except those whose COMMIT went unanswered (uncertain): they may be
    // written, so they stay intended and the batch running until a later apply settles them.
    Result<void> giveUp(const QList<WriteGroup*>& groups, bool uncertain)
    {
        if (uncertain) {
            for (WriteGroup* group : groups) {
                for (int i : group->ops)
                    m_ops[i].entry.state = u"intended"_s;
            }
            return {};
        }
        for (WriteGroup* group : groups) {
            for (int i : group->ops) {
                m_ops[i].entry.state = u"dead_letter"_s;
                m_ops[i].entry.error = u"not written: %1"_s.arg(m_lost);
            }
        }
        return groups.isEmpty() ? Result<void>() : settleChunk(groups);
    }

    void resetChunk(const QList<WriteGroup*>& chunk, int attempt)
    {
        for (WriteGroup* group : chunk) {
            group->alreadyWritten = false;
            for (int i : group->ops) {
                m_ops[i].entry.state = u"intended"_s;
                m_ops[i].entry.error.clear();
                m_ops[i].entry.attempts = attempt;
            }
        }
    }

    void refuseGroup(const WriteGroup& group, const QString& state, const QString& why)
    {
        for (int i : group.ops) {
            m_ops[i].entry.state = state;
            m_ops[i].entry.error = why;
        }
    }

    // Checks a locked row against what each of its ops expects; fills each op's exact before.
    // Returns the refusal reason, empty when the row may be written.
    QString verify(const SystemWork& work, const QString& rowId, const QList<int>& rowOps,
                   const std::optional<SourceRow>& current)
    {
        for (int i : rowOps) {
            WriteOp& op = m_ops[i];
            if (op.expectAbsent) {
                if (current)
                    return u"a row with key %1 exists again"_s.arg(rowId);
                continue;
            }
            if (!current)
                return u"row %1 no longer exists"_s.arg(rowId);
            if (!op.expectVersion.isEmpty() && current->version != op.expectVersion)
                return u"row %1 changed since the snapshot (version %2, now %3)"_s.arg(
                    rowId, op.expectVersion, current->version);
            if (op.entry.operation == "delete"_L1) {
                op.entry.before = rowImage(work.target.shape.columns, current->values);
                if (op.expectValue && !sameExact(*op.expectValue, op.entry.before))
                    return u"row %1 differs from the image it must have"_s.arg(rowId);
                continue;
            }
            const int c = work.target.columnIndex(op.entry.column);
            if (c < 0)
                return u"column '%1' does not exist"_s.arg(op.entry.column);
            const QString& value = current->values[c];
            if (op.expectValue) {
                const bool same =
                    op.loose ? sameLoose(*op.expectValue, value) : sameExact(*op.expectValue, value);
                if (!same)
                    return u"row %1: %2 is now '%3', not '%4'"_s.arg(rowId, op.entry.column, value,
                                                                     *op.expectValue);
            }
            op.entry.before = value;
        }
        return {};
    }

    // After a commit whose outcome was lost: does the row hold what its ops write?
    bool holdsAfter(const SystemWork& work, const QList<int>& rowOps,
                    const std::optional<SourceRow>& current) const
    {
        for (int i : rowOps) {
            const JournalEntry& e = m_ops[i].entry;
            if (e.operation == "delete"_L1) {
                if (current)
                    return false;
                continue;
            }
            if (!current)
                return false;
            if (e.operation == "insert"_L1)
                continue;
            const int c = work.target.columnIndex(e.column);
            if (c < 0 || !sameStored(current->values[c], e.after))
                return false;
        }
        return true;
    }

    std::optional<WriteFailure> execute(SystemWork& work, const WriteGroup& group)
    {
        for (const auto& [rowId, rowOps] : rowsOf(group, m_ops)) {
            const QStringList keys = SqlWriter::keyValues(rowId, work.target.keyColumns.size());
            for (int i : rowOps) {
                JournalEntry& e = m_ops[i].entry;
                std::optional<WriteFailure> failure;
                if (e.operation == "update"_L1) {
                    failure = work.writer->update(work.target, keys, e.column, e.after);
                } else if (e.operation == "delete"_L1) {
                    failure = work.writer->deleteRow(work.target, keys);
                } else {
                    auto image = parseRowImage(e.after);
                    if (!image)
                        return WriteFailure{image.errorString(), false, false, false};
                    QStringList columns;
                    QStringList values;
                    for (const auto& [column, value] : std::as_const(*image)) {
                        columns << column;
                        values << value;
                    }
                    failure = work.writer->insertRow(work.target, columns, values);
                }
                if (failure)
                    return failure;
            }
            // What the database now holds is what the audit records ("5000" may read back "5000.00").
            auto reread = work.writer->lockRow(work.target, keys);
            if (auto* failure = std::get_if<WriteFailure>(&reread))
                return *failure;
            const auto& stored = std::get<std::optional<SourceRow>>(reread);
            for (int i : rowOps) {
                JournalEntry& e = m_ops[i].entry;
                if (e.operation == "update"_L1 && stored) {
                    const int c = work.target.columnIndex(e.column);
                    if (c >= 0)
                        e.after = stored->values[c];
                } else if (e.operation == "insert"_L1 && stored) {
                    e.after = rowImage(work.target.shape.columns, stored->values);
                }
            }
        }
        return std::nullopt;
    }

    std::optional<WriteFailure> runChunk(SystemWork& work, const QList<WriteGroup*>& chunk,
                                         bool commitUncertain)
    {
        if (auto failure = work.writer->begin())
            return failure;
        QList<WriteGroup*> writable;
        for (WriteGroup* group : chunk) {
            QString refusal;
            bool allWritten = commitUncertain;
            for (const auto& [rowId, rowOps] : rowsOf(*group, m_ops)) {
                // No savepoint around the check: a failing re-read fails the chunk, which is then
                // split until the failing group is on its own.
                auto current = work.writer->lockRow(
                    work.target, SqlWriter::keyValues(rowId, work.target.keyColumns.size()));
                if (auto* failure = std::get_if<WriteFailure>(&current))
                    return *failure;
                const auto& row = std::get<std::optional<SourceRow>>(current);
                if (allWritten && holdsAfter(work, rowOps, row))
                    continue;
                allWritten = false;
                if (refusal.isEmpty())
                    refusal = verify(work, rowId, rowOps, row);
            }
            if (allWritten) {
                group->alreadyWritten = true;
                continue;
            }
            if (!refusal.isEmpty()) {
                refuseGroup(*group, m_refusedState, refusal);
                continue;
            }
            writable.append(group);
        }
        // The exact before-images go into the journal before anything changes, so a crash from
        // here on can always be settled and undone.
        QList<JournalEntry> prepared;
        for (WriteGroup* group : std::as_const(writable)) {
            for (int i : group->ops)
                prepared.append(m_ops[i].entry);
        }
        if (!prepared.isEmpty()) {
            if (auto r = m_workspace.settleEntries(prepared); !r)
                return WriteFailure{u"workspace: "_s + r.errorString(), false, false, false};
        }
        for (WriteGroup* group : std::as_const(writable)) {
            if (auto failure = work.writer->savepoint())
                return failure;
            if (auto failure = execute(work, *group)) {
                if (failure->transient)
                    return failure;
                if (auto f = work.writer->rollbackToSavepoint())
                    return f;
                refuseGroup(*group, u"dead_letter"_s, failure->message);
                continue;
            }
            if (auto failure = work.writer->releaseSavepoint())
                return failure;
            for (int i : group->ops)
                m_ops[i].entry.state = u"pending"_s; // written once the transaction commits
            if (m_options.rowDelayMs > 0)
                QThread::msleep(static_cast<unsigned long>(m_options.rowDelayMs));
        }
        if (auto failure = work.writer->commit()) {
            failure->atCommit = true;
            return failure;
        }
        return std::nullopt;
    }

public:
    bool cancelRequested() const { return m_options.cancel && m_options.cancel->load(); }
    bool cancelled() const { return m_cancelled; }

    // The steward stopped the batch: the groups of `work` from `start` on are recorded as not
    // written, in one settlement, and not tried.
    Result<void> cancelRest(SystemWork& work, qsizetype start)
    {
        m_cancelled = true;
        QList<WriteGroup*> rest;
        for (qsizetype i = start; i < work.groups.size(); ++i) {
            rest.append(&work.groups[i]);
            refuseGroup(work.groups[i], u"not_written"_s,
                        u"cancelled: the apply was stopped before this row was written"_s);
        }
        return rest.isEmpty() ? Result<void>() : settleChunk(rest);
    }

    void setBatchSize(qint64 total) { m_total = total; }
    void beginSystem(const QString& system) { m_system = system; }

private:
    Result<void> settleChunk(const QList<WriteGroup*>& chunk)
    {
        QList<JournalEntry> settled;
        QList<ReviewItem> back;
        const QString stamp = now();
        for (WriteGroup* group : chunk) {
            for (int i : group->ops) {
                JournalEntry& e = m_ops[i].entry;
                if (e.state == "pending"_L1 || group->alreadyWritten)
                    e.state = u"written"_s;
                if (group->alreadyWritten)
                    e.error = u"written; the commit's acknowledgement was lost and the row was checked"_s;
                e.at = stamp;
                settled.append(e);
                if (e.state == "changed_underneath"_L1 && !e.field.isEmpty())
                    back.append(changedUnderneath(e));
            }
        }
        auto r = m_workspace.settleEntries(settled, back);
        if (r)
            reportSettled(settled);
        return r;
    }

    void reportSettled(const QList<JournalEntry>& settled)
    {
        m_systemDone += settled.size();
        m_done += settled.size();
        for (const JournalEntry& e : settled)
            m_written += e.state == "written"_L1 ? 1 : 0;
        if (m_options.progress)
            m_options.progress(
                ApplyProgress{m_system, m_systemDone, m_systemTotal, m_done, m_total, m_written});
    }

    static ReviewItem changedUnderneath(const JournalEntry& e)
    {
        ReviewItem item;
        const QString record = e.system + u':' + e.rowId;
        // A write that had an item of its own (an approved conflict, say) reopens that item, whose
        // kind stays as stored; only a write without one gets a new changed_underneath item.
        item.kind = ReviewItemKind::ChangedUnderneath;
        item.id = e.reviewItem.isEmpty() ? ReviewItem::makeId(item.kind, e.field, {record}) : e.reviewItem;
        item.field = e.field;
        item.records = QStringList{record};
        item.summary = u"%1 %2: changed since the snapshot, not written ('%3' -> '%4')"_s.arg(
            record, e.field, e.before, e.after);
        item.detail = u"batch %1: %2"_s.arg(e.batch, e.error);
        item.fingerprint = ReviewItem::makeFingerprint({e.version, e.before, e.after});
        item.note = u"changed underneath in batch %1: %2"_s.arg(e.batch, e.error);
        return item;
    }

    Workspace& m_workspace;
    QList<WriteOp>& m_ops;
    const ApplyOptions& m_options;
    QString m_refusedState;
    QString m_lost; // why the current system could not be reconnected (empty while it is reachable)
    bool m_cancelled = false;
    QString m_system; // for progress
    qint64 m_systemDone = 0;
    qint64 m_systemTotal = 0;
    qint64 m_done = 0;
    qint64 m_total = 0;
    qint64 m_written = 0;
};

// Which all-or-nothing group each op belongs to: its row's, or, when the row is part of a unit
// (a merge), the unit's, which takes in the other ops on those rows too.
QStringList groupKeysOf(const QList<WriteOp>& ops)
{
    QHash<QString, QString> unitOfRow; // system \x1f row -> unit
    for (const WriteOp& op : ops) {
        if (!op.unit.isEmpty())
            unitOfRow.insert(op.entry.system + u'\x1f' + op.entry.rowId, op.unit);
    }
    QStringList keys;
    for (const WriteOp& op : ops) {
        const QString rowKey = op.entry.system + u'\x1f' + op.entry.rowId;
        const QString unit = unitOfRow.value(rowKey);
        keys << (unit.isEmpty() ? rowKey : op.entry.system + u"\x1funit\x1f"_s + unit);
    }
    return keys;
}

// Groups ops by system, then into all-or-nothing groups (groupKeysOf), in the order they first
// appear.
QMap<QString, QList<WriteGroup>> groupOps(const QList<WriteOp>& ops)
{
    const QStringList keys = groupKeysOf(ops);
    QMap<QString, QList<WriteGroup>> bySystem;
    QHash<QString, int> index; // group key -> position in its system's list
    for (int i = 0; i < ops.size(); ++i) {
        const JournalEntry& e = ops[i].entry;
        const QString& key = keys[i];
        QList<WriteGroup>& groups = bySystem[e.system];
        auto it = index.constFind(key);
        if (it == index.cend()) {
            index.insert(key, static_cast<int>(groups.size()));
            groups.append(WriteGroup{{i}, false});
        } else {
            groups[it.value()].ops.append(i);
        }
    }
    return bySystem;
}

Result<std::unique_ptr<SystemWork>> openForWriting(const Workspace& workspace, const QString& system,
                                                   const ApplyOptions& options, bool settling = false)
{
    auto config = workspace.system(system);
    if (!config)
        return config.error();
    if (!config->isSqlDatabase())
        return makeError(u"system '%1' is a %2 export: Concord reads it but never writes to it"_s.arg(
            system, config->driver));
    if (config->readOnly && !settling)
        return makeError(u"system '%1' is read-only in this workspace"_s.arg(system),
                         ErrorKind::ReadOnlySystem, system);
    auto spec = connectionSpecFor(workspace, *config);
    if (!spec)
        return spec.error();
    auto work = std::make_unique<SystemWork>();
    work->config = *config;
    work->writer = std::make_unique<SqlWriter>(*spec);
    if (auto opened = work->writer->open(options.lockTimeoutMs); !opened)
        return opened.error();
    auto target = work->writer->target(config->entity, config->keyColumn, config->versionColumn);
    if (!target)
        return target.error();
    work->target = *target;
    return work;
}
// Where an interrupted entry ended up, judged from its row as it is now: its after-value means
// written, its before-value not written, anything else changed by someone else. Values the
// database spells its own way ('1' into a boolean reads back 'true') are compared by the
// database itself.
// A written entry's after becomes what the database holds, as the audit records it.
Result<QString> settledState(SystemWork& work, const QStringList& keys, const std::optional<SourceRow>& row,
                             JournalEntry& e)
{
    if (e.operation == "delete"_L1)
        return row ? u"not_written"_s : u"written"_s;
    if (e.operation == "insert"_L1)
        return row ? u"written"_s : u"not_written"_s;
    const int c = work.target.columnIndex(e.column);
    if (!row || c < 0)
        return u"conflict"_s;
    const QString& value = row->values[c];
    // The after-value first, exactly: a write of '' over NULL (or back) must not read as "not written".
    if (sameExact(value, e.after))
        return u"written"_s;
    if (sameLoose(value, e.before))
        return u"not_written"_s;
    auto holds = sameStored(value, e.after) ? std::variant<bool, WriteFailure>(true)
                                            : work.writer->holds(work.target, keys, e.column, e.after);
    if (auto* failure = std::get_if<WriteFailure>(&holds))
        return makeError(failure->message);
    if (!std::get<bool>(holds))
        return u"conflict"_s;
    e.after = value;
    return u"written"_s;
}
} // namespace

qint64 BatchReport::count(const QString& state) const
{
    return std::count_if(entries.cbegin(), entries.cend(),
                         [&](const JournalEntry& e) { return e.state == state; });
}

qint64 BatchReport::rowsWritten() const
{
    QSet<QString> rows;
    for (const JournalEntry& e : entries) {
        if (e.state == "written"_L1)
            rows.insert(e.system + u'\x1f' + e.rowId);
    }
    return rows.size();
}

QString rowImage(const QList<ColumnInfo>& columns, const QStringList& values)
{
    QJsonObject o;
    for (qsizetype i = 0; i < columns.size() && i < values.size(); ++i)
        o.insert(columns[i].name, values[i].isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(values[i]));
    return QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Result<QList<std::pair<QString, QString>>> parseRowImage(const QString& image)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(image.toUtf8(), &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return makeError(u"a row image in the journal is not valid JSON: %1"_s.arg(error.errorString()));
    QList<std::pair<QString, QString>> columns;
    const QJsonObject o = doc.object();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it->isNull() && !it->isString())
            return makeError(u"a row image in the journal holds a non-text value for '%1'"_s.arg(it.key()));
        columns.append({it.key(), it->isNull() ? QString() : it->toString()});
    }
    return columns;
}

Result<BatchReport> executeBatch(Workspace& workspace, BatchInfo batch, QList<WriteOp> ops,
                                 const ApplyOptions& options)
{
    QElapsedTimer timer;
    timer.start();
    BatchReport report;
    const bool isRollback = batch.kind == "rollback"_L1;
    for (int i = 0; i < ops.size(); ++i) {
        ops[i].entry.batch = batch.id;
        ops[i].entry.seq = i + 1;
        ops[i].entry.steward = batch.steward;
        ops[i].entry.state = u"intended"_s;
    }
    // Every system is opened read-write before anything is recorded or written.
    std::map<QString, std::unique_ptr<SystemWork>> opened;
    for (const WriteOp& op : std::as_const(ops)) {
        if (opened.count(op.entry.system) > 0)
            continue;
        auto work = openForWriting(workspace, op.entry.system, options);
        if (!work)
            return makeError(u"nothing was written: "_s + work.errorString());
        opened.emplace(op.entry.system, std::move(*work));
    }
    // A row other tables point at is never deleted: the database would cascade the delete (or
    // null the references) in rows the journal does not hold, or refuse it. Such deletes, and
    // everything written together with them (a merge), are left out.
    const QStringList groupKeys = groupKeysOf(ops);
    QHash<QString, QString> refusalOf;       // group key -> why it is left out
    QHash<QString, QStringList> referencing; // system -> tables pointing at its table, read once
    for (int i = 0; i < ops.size(); ++i) {
        const WriteOp& op = ops[i];
        if (op.entry.operation != "delete"_L1)
            continue;
        SystemWork& work = *opened[op.entry.system];
        if (!referencing.contains(op.entry.system)) {
            auto refs = work.writer->referencingTables(work.target);
            if (auto* failure = std::get_if<WriteFailure>(&refs))
                return makeError(u"nothing was written: "_s + failure->message);
            referencing.insert(op.entry.system, std::get<QStringList>(refs));
        }
        const QStringList& tables = referencing[op.entry.system];
        if (tables.isEmpty())
            continue;
        refusalOf.insert(
            groupKeys[i],
            u"not deleted: %1 is referenced by foreign keys from %2, so a delete would change "
            "or fail on rows outside the journal; give system '%3' a soft-delete column in its "
            "write settings"_s.arg(work.target.shape.table, tables.join(u", "_s), op.entry.system));
    }
    if (!refusalOf.isEmpty()) {
        QList<WriteOp> kept;
        for (int i = 0; i < ops.size(); ++i) {
            const auto refusal = refusalOf.constFind(groupKeys[i]);
            if (refusal == refusalOf.cend()) {
                kept.append(ops[i]);
                continue;
            }
            JournalEntry e = ops[i].entry;
            e.state = u"not_written"_s;
            e.error = refusal.value();
            report.skipped.append(e);
        }
        ops = kept;
        for (int i = 0; i < ops.size(); ++i)
            ops[i].entry.seq = i + 1;
        if (ops.isEmpty())
            return report; // nothing left to write: no batch
    }
    const QMap<QString, QList<WriteGroup>> grouped = groupOps(ops);
    std::vector<std::unique_ptr<SystemWork>> systems;
    for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
        std::unique_ptr<SystemWork> work = std::move(opened[it.key()]);
        work->groups = it.value();
        systems.push_back(std::move(work));
    }
    batch.startedAt = now();
    QList<JournalEntry> intended;
    for (const WriteOp& op : std::as_const(ops))
        intended.append(op.entry);
    if (auto r = workspace.beginBatch(batch, intended); !r)
        return makeError(u"nothing was written: "_s + r.errorString());

    Executor executor(workspace, ops, options, isRollback);
    executor.setBatchSize(ops.size());
    for (auto& work : systems) {
        executor.beginSystem(work->config.name);
        if (auto r = executor.cancelRequested() ? executor.cancelRest(*work, 0) : executor.runSystem(*work);
            !r)
            return makeError(
                u"batch %1 stopped (the next apply settles it): %2"_s.arg(batch.id, r.errorString()));
    }
    QMap<QString, int> uncertain; // system -> writes whose COMMIT went unanswered
    for (const WriteOp& op : std::as_const(ops)) {
        report.entries.append(op.entry);
        if (op.entry.state == "intended"_L1)
            ++uncertain[op.entry.system];
    }
    report.batch = batch;
    report.cancelled = executor.cancelled();
    if (!uncertain.isEmpty()) {
        // Left running on purpose: recoverInterruptedBatches compares those rows once the system is back.
        for (auto it = uncertain.cbegin(); it != uncertain.cend(); ++it)
            report.unsettled
                << u"batch %1: %2 writes to system '%3' may or may not be committed (the connection "
                   "was lost at COMMIT); the next apply or rollback settles them once it is reachable"_s
                       .arg(batch.id)
                       .arg(it.value())
                       .arg(it.key());
        report.seconds = static_cast<double>(timer.elapsed()) / 1000.0;
        return report;
    }
    report.seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    report.batch.summary = u"%1 written, %2 %3, %4 dead-lettered"_s.arg(report.count(u"written"_s))
                               .arg(report.count(isRollback ? u"conflict"_s : u"changed_underneath"_s))
                               .arg(isRollback ? u"conflicts"_s : u"changed underneath"_s)
                               .arg(report.count(u"dead_letter"_s));
    if (report.cancelled)
        report.batch.summary += u", %1 not written (cancelled)"_s.arg(report.count(u"not_written"_s));
    if (auto r = workspace.finishBatch(batch.id, u"finished"_s, report.batch.summary); !r)
        return r.error();
    report.batch.state = u"finished"_s;
    return report;
}

Result<QStringList> recoverInterruptedBatches(Workspace& workspace, const ApplyOptions& options)
{
    auto batches = workspace.batches();
    if (!batches)
        return batches.error();
    QStringList lines;
    for (const BatchInfo& batch : std::as_const(*batches)) {
        if (batch.state != "running"_L1)
            continue;
        auto entries = workspace.journal(batch.id, u"intended"_s);
        if (!entries)
            return entries.error();
        QList<WriteOp> ops;
        for (const JournalEntry& e : std::as_const(*entries))
            ops.append(WriteOp{e, {}, {}, false, false, {}});
        const QMap<QString, QList<WriteGroup>> grouped = groupOps(ops);
        for (auto it = grouped.cbegin(); it != grouped.cend(); ++it) {
            // Settling only reads: a system made read-only since the crash can still be settled.
            auto work = openForWriting(workspace, it.key(), options, true);
            if (!work)
                return makeError(u"batch %1 was interrupted and cannot be settled until system '%2' can be "
                                 "reached; nothing new is written before that: %3"_s.arg(batch.id, it.key(),
                                                                                         work.errorString()));
            SystemWork& w = **work;
            QList<JournalEntry> settled;
            for (const WriteGroup& group : it.value()) {
                for (const auto& [rowId, rowOps] : rowsOf(group, ops)) {
                    const QStringList keys = SqlWriter::keyValues(rowId, w.target.keyColumns.size());
                    auto current = w.writer->lockRow(w.target, keys);
                    if (auto* failure = std::get_if<WriteFailure>(&current))
                        return makeError(u"settling batch %1: %2"_s.arg(batch.id, failure->message));
                    const auto& row = std::get<std::optional<SourceRow>>(current);
                    for (int i : rowOps) {
                        JournalEntry e = ops[i].entry;
                        auto state = settledState(w, keys, row, e);
                        if (!state)
                            return makeError(u"settling batch %1: %2"_s.arg(batch.id, state.errorString()));
                        e.state = *state;
                        e.error = u"settled after an interrupted run"_s;
                        settled.append(e);
                    }
                }
            }
            if (auto r = workspace.settleEntries(settled); !r)
                return r.error();
        }
        // The summary counts every entry of the batch, also those settled before the crash.
        auto all = workspace.journal(batch.id);
        if (!all)
            return all.error();
        QMap<QString, int> counts;
        for (const JournalEntry& e : std::as_const(*all))
            ++counts[e.state];
        const QString summary =
            u"interrupted; settled: %1 written, %2 not written, %3 changed by someone else, %4 dead-lettered"_s
                .arg(counts.value(u"written"_s))
                .arg(counts.value(u"not_written"_s))
                .arg(counts.value(u"conflict"_s) + counts.value(u"changed_underneath"_s))
                .arg(counts.value(u"dead_letter"_s));
        if (auto r = workspace.finishBatch(batch.id, u"recovered"_s, summary); !r)
            return r.error();
        lines << u"batch %1 (%2, started %3) %4"_s.arg(batch.id, batch.kind, batch.startedAt, summary);
    }
    return lines;
}

} // namespace concord
