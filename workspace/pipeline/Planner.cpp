#include "Planner.h"

#include "MergePlanner.h"
#include "RowAssembler.h"
#include "format/ValueStyle.h"

#include <QSet>
#include <algorithm>
#include <functional>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
using Record = NormalizedSnapshot::Record;

QString recordName(const NormalizedSnapshot& data, Record r)
{
    return data.system(data.systemOf(r)).system() + u':' + data.sourceId(r);
}

// How a system's values are read: its phone region and date order.
NormalizeContext contextOf(const SystemConfig& system)
{
    NormalizeContext ctx;
    if (!system.defaultRegion.isEmpty())
        ctx.defaultRegion = system.defaultRegion;
    if (!system.dateOrder.isEmpty())
        ctx.dateOrder = system.dateOrder;
    return ctx;
}

QString statusOf(const ReviewItem* item)
{
    if (!item)
        return u"ready"_s;
    if (item->state == ReviewState::Open)
        return u"awaiting approval"_s;
    return reviewStateName(item->state); // approved, edited, rejected
}
} // namespace

bool PlannedWrite::isApplicable() const
{
    return status == "ready"_L1 || status == "approved"_L1 || status == "edited"_L1;
}

QList<JournalEntry> PlannedMerge::entries() const
{
    QList<JournalEntry> list;
    for (const WriteOp& op : ops)
        list.append(op.entry);
    return list;
}

ResolvedRun resolveWith(const WorkspaceConfig& config, const QList<FieldGovernance>& governance,
                        const MatchRun& run)
{
    const NormalizedSnapshot& data = *run.data;
    ResolvedRun resolved;
    resolved.config = config;
    resolved.governance = governance;
    for (const FieldGovernance& g : governance) {
        FieldPolicy p;
        p.field = g.field;
        p.owner = g.owners.value(0);
        p.rule = g.rule;
        p.priority = g.priority;
        p.highStakes = g.highStakes;
        p.sensitive = g.sensitive;
        p.anomalyRatio = g.anomalyRatio;
        p.anomalyYears = g.anomalyYears;
        resolved.policies.append(p);
    }
    QHash<QString, QString> dateOrder;
    for (const SystemConfig& s : config.systems)
        dateOrder.insert(s.name, s.dateOrder);
    std::vector<qint64> timestamps(data.recordCount(), 0);
    for (Record r = 0; r < data.recordCount(); ++r) {
        const int s = data.systemOf(r);
        timestamps[r] =
            versionTimestamp(data.system(s).version(data.rowOf(r)), dateOrder.value(data.system(s).system()));
    }
    ResolveOptions options;
    options.recordOwner = config.recordOwner;
    resolved.resolution = resolve(data, run.result, resolved.policies, timestamps, options);
    return resolved;
}

Result<ResolvedRun> resolveWorkspace(const Workspace& workspace, const MatchRun& run)
{
    auto config = workspace.config();
    if (!config)
        return config.error();
    const QStringList problems = ownershipProblems(*config);
    if (!problems.isEmpty())
        return makeError(u"the ownership matrix is not valid, nothing can be planned or resolved:\n  "_s +
                             problems.join(u"\n  "_s),
                         ErrorKind::InvalidOwnership);
    auto governance = workspace.governance();
    if (!governance)
        return governance.error();
    return resolveWith(*config, *governance, run);
}

namespace {
// How the queue looks once this run's items are in it: written to the workspace by buildPlan,
// only computed by computePlan.
using QueueSync =
    std::function<Result<QList<ReviewItem>>(const QList<ReviewItem>& produced, ReviewSync* sync)>;

Result<Plan> planAgainstQueue(const ResolvedRun* resolved, const MatchRun& run,
                              const QList<ReviewItem>& stored, const QueueSync& syncQueue)
{
    const WorkspaceConfig* config = &resolved->config;
    const QList<FieldPolicy>& policies = resolved->policies;
    const Resolution& resolution = resolved->resolution;
    const NormalizedSnapshot& data = *run.data;
    QHash<QString, QString> ownerOf;
    for (const FieldPolicy& p : policies)
        ownerOf.insert(p.field, p.owner);
    QHash<QString, SystemConfig> systems;
    for (const SystemConfig& s : std::as_const(config->systems))
        systems.insert(s.name, s);
    QHash<QString, QString> columnOf; // system \x1f field -> column
    for (const FieldMapping& m : std::as_const(config->mappings))
        columnOf.insert(m.system + u'\x1f' + m.field, m.column);

    Plan plan;
    plan.agreed = resolution.agreed;
    plan.ghosts = resolution.ghosts;

    // Review items from matching: ambiguous pairs and duplicate proposals. Their fingerprint
    // is the records' versions: an edit to either record reopens a decision.
    auto versionsOf = [&](const QList<Record>& records) {
        QStringList v;
        for (Record r : records)
            v << data.system(data.systemOf(r)).version(data.rowOf(r));
        return ReviewItem::makeFingerprint(v);
    };
    auto matchItem = [&](ReviewItemKind kind, const MatchEdge& e, const QString& summary) {
        ReviewItem item;
        item.kind = kind;
        item.records = QStringList{recordName(data, e.a), recordName(data, e.b)};
        item.entityRef = item.records.first();
        item.id = ReviewItem::makeId(kind, QString(), item.records);
        item.summary = summary;
        item.detail = e.reason;
        item.fingerprint = versionsOf({e.a, e.b});
        plan.reviewItems.append(item);
    };
    for (const MatchEdge& e : run.result.reviewPairs)
        matchItem(
            ReviewItemKind::AmbiguousMatch, e,
            u"are %1 and %2 the same customer? (score %3)"_s.arg(recordName(data, e.a), recordName(data, e.b))
                .arg(e.score, 0, 'f', 1));
    for (const MatchEdge& e : run.result.duplicates)
        matchItem(ReviewItemKind::Duplicate, e,
                  u"%1 and %2 are one customer in one system: merge them?"_s.arg(recordName(data, e.a),
                                                                                 recordName(data, e.b)));
    for (const Ghost& g : resolution.ghosts) {
        ReviewItem item;
        item.kind = ReviewItemKind::Deletion;
        for (Record r : g.records)
            item.records << recordName(data, r);
        item.id = ReviewItem::makeId(item.kind, QString(), item.records);
        item.summary = u"no record in %1 (the system of record): %2"_s.arg(config->recordOwner,
                                                                           item.records.join(u", "_s));
        item.detail = g.reason;
        item.entityRef = item.records.value(0);
        item.fingerprint = versionsOf(g.records);
        plan.reviewItems.append(item);
    }

    // Column styles, learned once per (system, column) from the values the system holds.
    QHash<QString, ValueStyle> styles;
    auto styleFor = [&](int field, int system, const QString& column) -> const ValueStyle& {
        const QString key = data.system(system).system() + u'\x1f' + column;
        auto it = styles.find(key);
        if (it == styles.end()) {
            const SystemSnapshot& s = data.system(system);
            const int c = s.columnIndex(column);
            QStringList sample;
            for (qsizetype row = 0; row < s.rowCount() && sample.size() < 2000;
                 row += std::max<qsizetype>(1, s.rowCount() / 2000))
                sample << s.value(row, c);
            const SystemConfig& sc = systems.value(s.system());
            NormalizeContext ctx;
            if (!sc.defaultRegion.isEmpty())
                ctx.defaultRegion = sc.defaultRegion;
            if (!sc.dateOrder.isEmpty())
                ctx.dateOrder = sc.dateOrder;
            it = styles.insert(key, learnStyle(data.field(field).field.type, sample, ctx));
        }
        return it.value();
    };

    // A write apply found changed underneath stays held for a person until they approve it
    // again (or the values change so that it is no longer proposed).
    QSet<QString> changedUnderneath;
    for (const ReviewItem& item : stored) {
        // Once decided (and written), the item no longer holds later changes of that field.
        if (item.kind == ReviewItemKind::ChangedUnderneath && item.state == ReviewState::Open)
            changedUnderneath.insert(item.id);
    }

    // A write of `column` into `target`: where it goes and the version it was planned against.
    auto baseWrite = [&](Record target, const QString& column) {
        const SystemSnapshot& snapshot = data.system(data.systemOf(target));
        const SystemConfig& sc = systems.value(snapshot.system());
        PlannedWrite w;
        w.system = sc.name;
        w.driver = sc.driver;
        w.table = sc.entity;
        if (!sc.keyColumn.isEmpty()) {
            w.keyColumns = QStringList{sc.keyColumn};
        } else {
            for (const ColumnInfo& c : snapshot.columns()) {
                if (c.primaryKey)
                    w.keyColumns << c.name;
            }
        }
        w.rowId = data.sourceId(target);
        w.column = column;
        w.version = snapshot.version(data.rowOf(target));
        return w;
    };

    QHash<QString, int> itemIndex;
    std::vector<std::vector<Record>> membersOf; // by entity, built on the first field item
    for (const ProposedChange& change : resolution.changes) {
        const int system = data.systemOf(change.target);
        const SystemSnapshot& snapshot = data.system(system);
        const SystemConfig& sc = systems.value(snapshot.system());
        const QString field = data.field(change.field).field.name;
        const QString column = columnOf.value(sc.name + u'\x1f' + field);
        if (column.isEmpty())
            continue; // the system derives the field (e.g. a full name from first and last): nothing to write
        // A difference of form only (case, accents a system cannot store, a legal suffix spelled
        // another way) is not a data difference: writing it would at best change nothing and at
        // worst lose the accents the target has.
        const QString afterKey =
            Normalizer::apply(data.field(change.field).field.type, change.after, NormalizeContext()).key;
        if (!afterKey.isEmpty() && afterKey == data.key(change.field, change.target)) {
            ++plan.formatOnly;
            continue;
        }
        PlannedWrite w = baseWrite(change.target, column);
        w.entity = change.entity;
        w.fieldIndex = change.field;
        w.field = field;
        w.before = change.before;
        w.rule = change.rule;
        w.reason = change.reason;
        const NormalizeContext ctx = contextOf(sc);
        // The owner's text, rendered in the column's style only where nothing of it is lost.
        const ValueToWrite written = valueToWrite(
            styleFor(change.field, system, column), data.rawValue(change.field, change.source), change.after,
            contextOf(systems.value(data.system(data.systemOf(change.source)).system())), ctx);
        w.after = written.value;
        if (!written.note.isEmpty())
            plan.notes << u"%1.%2 row %3: %4"_s.arg(sc.name, column, w.rowId, written.note);
        std::optional<ReviewItemKind> kind;
        QString why;
        if (change.review) {
            kind = reviewItemKind(*change.review);
            why = change.reviewReason;
        } else if (ownerOf.value(field) == sc.name) {
            kind = ReviewItemKind::Conflict;
            why = u"a write into the owning system needs approval"_s;
        } else if (changedUnderneath.contains(ReviewItem::makeId(ReviewItemKind::ChangedUnderneath, field,
                                                                 {recordName(data, change.target)}))) {
            kind = ReviewItemKind::ChangedUnderneath;
            why = u"the row changed underneath an earlier apply"_s;
        }
        if (kind) {
            ReviewItem item;
            item.kind = *kind;
            item.field = field;
            item.records = QStringList{recordName(data, change.target)};
            item.entityRef = item.records.first();
            item.proposedValue = w.after;
            // What every record of the customer holds now, so a view can show the choice
            // without re-running anything.
            if (membersOf.empty())
                membersOf = run.result.clusters();
            for (Record r : membersOf[change.entity]) {
                if (data.isMapped(change.field, data.systemOf(r)))
                    item.currentValues.append(
                        RecordValue{recordName(data, r), data.rawValue(change.field, r)});
            }
            item.id = ReviewItem::makeId(*kind, field, item.records);
            item.summary = u"%1 %2: '%3' -> '%4'"_s.arg(item.records.first(), field, w.before, w.after);
            item.detail = why + u" (rule "_s + w.rule + u": "_s + w.reason + u")"_s;
            item.fingerprint = ReviewItem::makeFingerprint({w.version, w.before, w.after});
            w.reviewItem = item.id;
            if (!itemIndex.contains(item.id)) {
                itemIndex.insert(item.id, static_cast<int>(plan.reviewItems.size()));
                plan.reviewItems.append(item);
            }
        }
        plan.writes.append(w);
    }

    auto queue = syncQueue(plan.reviewItems, &plan.sync);
    if (!queue)
        return queue.error();
    QHash<QString, ReviewItem> byId;
    for (const ReviewItem& item : std::as_const(*queue))
        byId.insert(item.id, item);
    for (PlannedWrite& w : plan.writes) {
        const ReviewItem* item = w.reviewItem.isEmpty() ? nullptr : &byId[w.reviewItem];
        w.status = statusOf(item);
        if (item && item->state == ReviewState::Edited && item->editedValue)
            w.after = *item->editedValue;
        // A CSV or JSON export is read, never written: the change must be made in the system
        // that produced the export.
        if (w.driver == "csv"_L1 || w.driver == "json"_L1)
            w.status = u"not writable (file export)"_s;
    }
    // A steward's edited value is the entity's value: every record of it that holds something
    // else gets it, the records that held the resolved value (the owner) included; otherwise the
    // owner would keep the old value and the next run would propose it again.
    {
        QHash<qint64, QHash<int, const PlannedWrite*>>
            editedByEntity;     // entity -> field index -> an edited write
        QSet<QString> targeted; // record \x1f field index
        for (const PlannedWrite& w : std::as_const(plan.writes)) {
            targeted.insert(w.system + u':' + w.rowId + u'\x1f' + QString::number(w.fieldIndex));
            if (w.status == "edited"_L1 && w.entity >= 0)
                editedByEntity[w.entity].insert(w.fieldIndex, &w);
        }
        if (!editedByEntity.isEmpty()) {
            QList<PlannedWrite> extra;
            for (Record r = 0; r < data.recordCount(); ++r) {
                const auto found = editedByEntity.constFind(run.result.clusterOf[r]);
                if (found == editedByEntity.cend())
                    continue;
                for (const PlannedWrite* editedWrite : found.value()) {
                    const PlannedWrite& edited = *editedWrite;
                    const int field = edited.fieldIndex;
                    const int s = data.systemOf(r);
                    const QString column = columnOf.value(data.system(s).system() + u'\x1f' + edited.field);
                    if (column.isEmpty() ||
                        targeted.contains(recordName(data, r) + u'\x1f' + QString::number(field)))
                        continue;
                    const QString key =
                        Normalizer::apply(data.field(field).field.type, edited.after, NormalizeContext()).key;
                    if (!key.isEmpty() && key == data.key(field, r))
                        continue; // holds the steward's value already
                    PlannedWrite w = baseWrite(r, column);
                    w.entity = edited.entity;
                    w.fieldIndex = field;
                    w.field = edited.field;
                    w.before = data.rawValue(field, r);
                    w.after = edited.after;
                    w.rule = u"steward"_s;
                    w.reason = u"the steward's value (review item %1)"_s.arg(edited.reviewItem);
                    w.reviewItem = edited.reviewItem;
                    w.status = (w.driver == "csv"_L1 || w.driver == "json"_L1)
                                   ? u"not writable (file export)"_s
                                   : u"edited"_s;
                    extra.append(w);
                }
            }
            plan.writes += extra;
        }
    }

    // Values the steward proposed (a revert from a cell's history, a value typed in): written to
    // the records shown when the proposal was made, in each target's own style, as long as they
    // still hold the values shown then; while the proposal stands it takes the place of what the
    // run would write to those cells. A record that changed since makes the proposal stale: it
    // writes nothing, so newer data is never overwritten by an older decision.
    {
        QList<const ReviewItem*> proposals;
        QSet<QString> named;
        for (const ReviewItem& item : std::as_const(*queue)) {
            if (item.kind != ReviewItemKind::StewardValue || !item.proposedValue ||
                (item.state != ReviewState::Open && item.state != ReviewState::Approved))
                continue;
            proposals.append(&item);
            for (const RecordValue& shown : item.currentValues)
                named.insert(shown.record);
        }
        QHash<QString, Record> recordNamed;
        for (Record r = 0; !named.isEmpty() && r < data.recordCount(); ++r) {
            const QString name = recordName(data, r);
            if (named.contains(name))
                recordNamed.insert(name, r);
        }
        QSet<QString> governed; // record \x1f field index
        QList<PlannedWrite> proposedWrites;
        for (const ReviewItem* item : std::as_const(proposals)) {
            const int field = data.fieldIndex(item->field);
            if (field < 0) {
                plan.notes << u"review item %1: the field %2 is no longer mapped; it writes nothing"_s.arg(
                    item->id, item->field);
                continue;
            }
            const QString& type = data.field(field).field.type;
            const QString& value = *item->proposedValue;
            const Normalized wanted = Normalizer::apply(type, value, NormalizeContext());
            QList<Record> targets;
            QStringList cells;
            QString stale;
            for (const RecordValue& shown : item->currentValues) {
                const auto found = recordNamed.constFind(shown.record);
                if (found == recordNamed.cend()) {
                    stale = u"%1 is no longer in its system"_s.arg(shown.record);
                    break;
                }
                const Record r = found.value();
                cells << shown.record + u'\x1f' + QString::number(field);
                const QString current = data.rawValue(field, r);
                if (current == value || (!wanted.key.isEmpty() && wanted.key == data.key(field, r)))
                    continue; // holds the steward's value (already written, or agreed)
                if (current != shown.value) {
                    stale = u"%1 holds '%2' now, not '%3' as shown"_s.arg(shown.record, current, shown.value);
                    break;
                }
                targets.append(r);
            }
            if (!stale.isEmpty()) {
                plan.notes << u"review item %1 (the steward's %2 '%3'): %4; it writes nothing"_s.arg(
                    item->id, item->field, value, stale);
                continue;
            }
            for (const QString& cell : std::as_const(cells))
                governed.insert(cell);
            for (Record r : std::as_const(targets)) {
                const int system = data.systemOf(r);
                const SystemConfig& sc = systems.value(data.system(system).system());
                const QString column = columnOf.value(sc.name + u'\x1f' + item->field);
                if (column.isEmpty())
                    continue; // derived in that system: nothing to write
                PlannedWrite w = baseWrite(r, column);
                w.entity = run.result.clusterOf[r];
                w.fieldIndex = field;
                w.field = item->field;
                w.before = data.rawValue(field, r);
                w.after = value;
                // The steward's text as typed, in the column's style only where nothing of it is lost.
                if (wanted.ok() && !wanted.missing())
                    w.after = valueToWrite(styleFor(field, system, column), value, wanted.value,
                                           NormalizeContext(), contextOf(sc))
                                  .value;
                w.rule = u"steward"_s;
                w.reason = u"the steward's value (review item %1)"_s.arg(item->id);
                w.reviewItem = item->id;
                w.status = (w.driver == "csv"_L1 || w.driver == "json"_L1) ? u"not writable (file export)"_s
                                                                           : statusOf(item);
                proposedWrites.append(w);
            }
        }
        if (!governed.isEmpty()) {
            plan.writes.removeIf([&](const PlannedWrite& w) {
                return governed.contains(w.system + u':' + w.rowId + u'\x1f' + QString::number(w.fieldIndex));
            });
            plan.writes += proposedWrites;
        }
    }

    // What the steward approved beyond field values: merges of duplicates, soft deletes of
    // deleted customers. A merged-away record gets no field writes of its own.
    QList<ReviewItem> duplicates;
    QList<ReviewItem> deletions;
    for (const ReviewItem& item : std::as_const(*queue)) {
        if (item.state == ReviewState::Approved && item.kind == ReviewItemKind::Duplicate)
            duplicates.append(item);
        else if (item.state == ReviewState::Approved && item.kind == ReviewItemKind::Deletion)
            deletions.append(item);
    }
    auto merges = planMerges(data, *config, duplicates, plan.writes, &plan.notes);
    if (!merges)
        return merges.error();
    auto softDeletes = planDeletions(data, *config, deletions, &plan.notes);
    if (!softDeletes)
        return softDeletes.error();
    plan.merges = *merges + *softDeletes;
    QSet<QString> goneRows;
    for (const PlannedMerge& m : std::as_const(plan.merges)) {
        for (const QString& id : m.losers)
            goneRows.insert(m.system + u'\x1f' + id);
    }
    for (PlannedWrite& w : plan.writes) {
        if (goneRows.contains(w.system + u'\x1f' + w.rowId))
            w.status = u"merged away"_s;
    }
    // Writes grouped by system (one transaction each), in a stable order.
    std::stable_sort(plan.writes.begin(), plan.writes.end(),
                     [](const PlannedWrite& a, const PlannedWrite& b) { return a.system < b.system; });
    return plan;
}
} // namespace

QList<ReviewItem> simulateReviewSync(const QList<ReviewItem>& stored, const QList<ReviewItem>& produced,
                                     ReviewSync* sync)
{
    // Mirrors Workspace::syncReviewItems without writing: new items open, decided items whose
    // fingerprint changed reopen, open items no longer produced go.
    ReviewSync counts;
    QHash<QString, qsizetype> storedIndex;
    for (qsizetype i = 0; i < stored.size(); ++i)
        storedIndex.insert(stored[i].id, i);
    QSet<QString> producedIds;
    QList<ReviewItem> queue;
    for (const ReviewItem& item : produced) {
        producedIds.insert(item.id);
        const auto it = storedIndex.constFind(item.id);
        if (it == storedIndex.cend()) {
            ReviewItem added = item;
            added.state = ReviewState::Open;
            queue.append(added);
            ++counts.added;
            continue;
        }
        ReviewItem kept = stored[it.value()];
        if (kept.fingerprint != item.fingerprint) {
            if (kept.state != ReviewState::Open)
                ++counts.reopened;
            else
                ++counts.unchanged;
            kept.state = ReviewState::Open;
            kept.entityRef = item.entityRef;
            kept.currentValues = item.currentValues;
            kept.proposedValue = item.proposedValue;
            kept.summary = item.summary;
            kept.detail = item.detail;
            kept.fingerprint = item.fingerprint;
            kept.editedValue.reset();
            kept.choice.clear();
            kept.decidedBy.clear();
            kept.decidedAt.clear();
        } else {
            if (kept.entityRef.isEmpty() && !item.entityRef.isEmpty()) { // stored before schema 5
                kept.entityRef = item.entityRef;
                kept.currentValues = item.currentValues;
                kept.proposedValue = item.proposedValue;
            }
            ++counts.unchanged;
        }
        queue.append(kept);
    }
    for (const ReviewItem& old : stored) {
        if (producedIds.contains(old.id))
            continue;
        if (old.state == ReviewState::Open && old.kind != ReviewItemKind::StewardValue)
            ++counts.dropped;
        else
            queue.append(old);
    }
    if (sync)
        *sync = counts;
    return queue;
}

Result<Plan> computePlan(const ResolvedRun& resolved, const MatchRun& run,
                         const QList<ReviewItem>& storedQueue)
{
    return planAgainstQueue(
        &resolved, run, storedQueue,
        [&](const QList<ReviewItem>& produced, ReviewSync* sync) -> Result<QList<ReviewItem>> {
            return simulateReviewSync(storedQueue, produced, sync);
        });
}

Result<Plan> buildPlan(Workspace& workspace, const MatchRun& run)
{
    auto resolved = resolveWorkspace(workspace, run);
    if (!resolved)
        return resolved.error();
    return buildPlan(workspace, run, *resolved);
}

Result<Plan> buildPlan(Workspace& workspace, const MatchRun& run, const ResolvedRun& resolved)
{
    auto stored = workspace.reviewItems();
    if (!stored)
        return stored.error();
    return planAgainstQueue(
        &resolved, run, *stored,
        [&](const QList<ReviewItem>& produced, ReviewSync* sync) -> Result<QList<ReviewItem>> {
            auto synced = workspace.syncReviewItems(produced);
            if (!synced)
                return synced.error();
            *sync = *synced;
            return workspace.reviewItems();
        });
}

} // namespace concord
