#include "MergePlanner.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
using Record = NormalizedSnapshot::Record;

// "crm:1001" -> ("crm", "1001"); the id may itself hold ':'.
std::pair<QString, QString> splitRecord(const QString& record)
{
    const qsizetype colon = record.indexOf(u':');
    return colon < 0 ? std::pair{QString(), record} : std::pair{record.left(colon), record.mid(colon + 1)};
}

// Keys compared as numbers when both are numbers ("9" before "10"), else as text.
bool keyLess(const QString& a, const QString& b)
{
    bool okA = false;
    bool okB = false;
    const qlonglong x = a.toLongLong(&okA);
    const qlonglong y = b.toLongLong(&okB);
    if (okA && okB)
        return x < y;
    return a < b;
}

struct Side
{
    QString record; // "system:id"
    QString id;
    qsizetype row = -1;
    qint64 stamp = 0;
    int filled = 0;
};
} // namespace

Result<MergeChoice> MergeChoice::fromJson(const QString& json)
{
    MergeChoice choice;
    choice.survivorRule = u"most_complete"_s;
    if (json.trimmed().isEmpty())
        return choice;
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json.toUtf8(), &error);
    if (!doc.isObject())
        return makeError(u"merge choice is not a JSON object: %1"_s.arg(error.errorString()));
    const QJsonObject o = doc.object();
    choice.survivor = o.value(u"survivor"_s).toString();
    if (o.contains(u"survivorRule"_s))
        choice.survivorRule = o.value(u"survivorRule"_s).toString();
    static const QStringList rules{u"most_complete"_s, u"oldest"_s, u"most_recent"_s};
    if (!rules.contains(choice.survivorRule))
        return makeError(
            u"survivor rule '%1' is not one of %2"_s.arg(choice.survivorRule, rules.join(u", "_s)));
    const QJsonObject fields = o.value(u"fields"_s).toObject();
    for (auto it = fields.begin(); it != fields.end(); ++it)
        choice.fields.insert(it.key(), it->toString());
    return choice;
}

QString MergeChoice::toJson() const
{
    QJsonObject o;
    if (!survivor.isEmpty())
        o.insert(u"survivor"_s, survivor);
    if (!survivorRule.isEmpty() && survivorRule != "most_complete"_L1)
        o.insert(u"survivorRule"_s, survivorRule);
    if (!fields.isEmpty()) {
        QJsonObject f;
        for (auto it = fields.cbegin(); it != fields.cend(); ++it)
            f.insert(it.key(), it.value());
        o.insert(u"fields"_s, f);
    }
    return o.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

Result<QList<PlannedMerge>> planMerges(const NormalizedSnapshot& data, const WorkspaceConfig& config,
                                       const QList<ReviewItem>& approvedDuplicates,
                                       const QList<PlannedWrite>& writes, QStringList* notes)
{
    QHash<QString, SystemConfig> systems;
    for (const SystemConfig& s : config.systems)
        systems.insert(s.name, s);
    QHash<QString, QString> fieldOfColumn; // system \x1f column -> field
    for (const FieldMapping& m : config.mappings)
        fieldOfColumn.insert(m.system + u'\x1f' + m.column, m.field);
    QSet<QString> recencyFields;
    for (const FieldGovernance& g : config.governance) {
        if (g.rule == "recency"_L1)
            recencyFields.insert(g.field);
    }
    // Columns the resolution writes on this run (a write still awaiting approval writes
    // nothing, so it must not keep the merge from filling the column).
    QSet<QString> resolvedColumns; // system \x1f row \x1f column
    for (const PlannedWrite& w : writes) {
        if (w.isApplicable())
            resolvedColumns.insert(w.system + u'\x1f' + w.rowId + u'\x1f' + w.column);
    }

    QList<PlannedMerge> merges;
    QSet<QString> touched; // records already in a merge of this plan
    for (const ReviewItem& item : approvedDuplicates) {
        if (item.records.size() != 2) {
            notes->append(u"review item %1: a merge needs two records, it names %2"_s.arg(item.id).arg(
                item.records.size()));
            continue;
        }
        auto choice = MergeChoice::fromJson(item.choice);
        if (!choice) {
            notes->append(u"review item %1: %2"_s.arg(item.id, choice.errorString()));
            continue;
        }
        const QString systemName = splitRecord(item.records[0]).first;
        if (splitRecord(item.records[1]).first != systemName) {
            notes->append(u"review item %1: a merge joins two records of one system"_s.arg(item.id));
            continue;
        }
        if (touched.contains(item.records[0]) || touched.contains(item.records[1])) {
            notes->append(u"review item %1: a record of it is already in another merge; it is merged on the "
                          "next apply"_s.arg(item.id));
            continue;
        }
        const SystemConfig sc = systems.value(systemName);
        const int s = data.systemIndex(systemName);
        if (s < 0 || sc.name.isEmpty()) {
            notes->append(u"review item %1: unknown system '%2'"_s.arg(item.id, systemName));
            continue;
        }
        if (!sc.isSqlDatabase()) {
            notes->append(
                u"review item %1: system '%2' is a %3 export, which Concord never writes: merge the "
                "records in the system that produces it"_s.arg(item.id, systemName, sc.driver));
            continue;
        }
        if (sc.softDeleteColumn.isEmpty() && !sc.hardDelete) {
            notes->append(
                u"review item %1: system '%2' has no soft-delete column and hard deletes are off, so "
                "the merge is not applied (concord-cli systems set WORKSPACE %2 --soft-delete-column "
                "COLUMN, or --hard-delete)"_s.arg(item.id, systemName));
            continue;
        }
        const SystemSnapshot& snap = data.system(s);
        QSet<int> skipColumns; // identity and bookkeeping columns are never merged
        for (const ColumnInfo& c : snap.columns()) {
            const int index = snap.columnIndex(c.name);
            if (c.primaryKey || c.name == sc.keyColumn || c.name == sc.versionColumn ||
                c.name == sc.softDeleteColumn)
                skipColumns.insert(index);
        }
        Side sides[2];
        bool missing = false;
        for (int i = 0; i < 2; ++i) {
            sides[i].record = item.records[i];
            sides[i].id = splitRecord(item.records[i]).second;
            sides[i].row = snap.rowOfSourceId(sides[i].id);
            if (sides[i].row < 0) {
                missing = true;
                break;
            }
            sides[i].stamp = versionTimestamp(snap.version(sides[i].row), sc.dateOrder);
            for (int c = 0; c < snap.columnCount(); ++c) {
                if (!skipColumns.contains(c) && !snap.value(sides[i].row, c).isEmpty())
                    ++sides[i].filled;
            }
        }
        if (missing)
            continue; // merged (or deleted) already: the loser is no longer read
        int survivor = -1;
        if (!choice->survivor.isEmpty()) {
            survivor = choice->survivor == sides[0].record ? 0 : choice->survivor == sides[1].record ? 1 : -1;
            if (survivor < 0) {
                notes->append(u"review item %1: the chosen survivor %2 is not one of its records"_s.arg(
                    item.id, choice->survivor));
                continue;
            }
        } else {
            const bool firstOlder = keyLess(sides[0].id, sides[1].id);
            if (choice->survivorRule == "most_recent"_L1)
                survivor = sides[1].stamp > sides[0].stamp ? 1 : 0;
            else if (choice->survivorRule == "oldest"_L1 || sides[0].filled == sides[1].filled)
                survivor = firstOlder ? 0 : 1;
            else
                survivor = sides[0].filled > sides[1].filled ? 0 : 1;
        }
        const Side& keep = sides[survivor];
        const Side& lose = sides[1 - survivor];

        PlannedMerge merge;
        merge.reviewItem = item.id;
        merge.system = systemName;
        merge.survivor = keep.id;
        merge.losers = QStringList{lose.id};
        merge.survivorRule = choice->survivor.isEmpty() ? choice->survivorRule : u"steward"_s;
        QStringList keyColumns;
        if (!sc.keyColumn.isEmpty())
            keyColumns << sc.keyColumn;
        for (const ColumnInfo& c : snap.columns()) {
            if (sc.keyColumn.isEmpty() && c.primaryKey)
                keyColumns << c.name;
        }
        auto op = [&](const Side& side, const QString& column, const QString& field, const QString& operation,
                      const QString& before, const QString& after, const QString& reason) {
            WriteOp w;
            w.entry.system = systemName;
            w.entry.table = sc.entity;
            w.entry.keyColumns = keyColumns;
            w.entry.rowId = side.id;
            w.entry.field = field;
            w.entry.column = column;
            w.entry.operation = operation;
            w.entry.before = before;
            w.entry.after = after;
            w.entry.version = snap.version(side.row);
            w.entry.rule = u"merge"_s;
            w.entry.reason = reason;
            w.entry.reviewItem = item.id;
            w.expectVersion = w.entry.version;
            if (operation == "update"_L1)
                w.expectValue = before;
            w.loose = true;
            w.unit = u"merge "_s + item.id; // the survivor's updates and the loser's delete: all or nothing
            merge.ops.append(w);
        };
        for (int c = 0; c < snap.columnCount(); ++c) {
            if (skipColumns.contains(c))
                continue;
            const QString column = snap.columns()[c].name;
            if (resolvedColumns.contains(systemName + u'\x1f' + keep.id + u'\x1f' + column))
                continue;
            const QString field = fieldOfColumn.value(systemName + u'\x1f' + column);
            const QString mine = snap.value(keep.row, c);
            const QString theirs = snap.value(lose.row, c);
            if (mine == theirs)
                continue;
            QString why;
            const QString picked = field.isEmpty() ? QString() : choice->fields.value(field);
            if (!picked.isEmpty()) {
                if (picked == lose.record)
                    why = u"the steward took %1's value"_s.arg(lose.record);
            } else if (mine.isEmpty()) {
                why = u"non-empty: %1 holds a value"_s.arg(lose.record);
            } else if (!theirs.isEmpty() && recencyFields.contains(field) && lose.stamp > keep.stamp) {
                why = u"most recent: %1 is newer"_s.arg(lose.record);
            }
            if (!why.isEmpty())
                op(keep, column, field, u"update"_s, mine, theirs,
                   u"merge %1 into %2: %3"_s.arg(lose.record, keep.record, why));
        }
        const QString mergedAway = u"merged into %1 (survivor by %2)"_s.arg(keep.record, merge.survivorRule);
        if (!sc.softDeleteColumn.isEmpty()) {
            const int flag = snap.columnIndex(sc.softDeleteColumn);
            op(lose, sc.softDeleteColumn, QString(), u"update"_s,
               flag >= 0 ? snap.value(lose.row, flag) : QString(),
               sc.softDeleteValue.isEmpty() ? u"1"_s : sc.softDeleteValue, u"soft delete: "_s + mergedAway);
        } else {
            op(lose, QString(), QString(), u"delete"_s, QString(), QString(), u"delete: "_s + mergedAway);
        }
        touched.insert(keep.record);
        touched.insert(lose.record);
        merges.append(merge);
    }
    return merges;
}

Result<QList<PlannedMerge>> planDeletions(const NormalizedSnapshot& data, const WorkspaceConfig& config,
                                          const QList<ReviewItem>& approvedDeletions, QStringList* notes)
{
    QHash<QString, SystemConfig> systems;
    for (const SystemConfig& s : config.systems)
        systems.insert(s.name, s);
    QList<PlannedMerge> deletions;
    for (const ReviewItem& item : approvedDeletions) {
        PlannedMerge deletion;
        deletion.reviewItem = item.id;
        QStringList byHand;
        for (const QString& record : item.records) {
            const auto [systemName, id] = splitRecord(record);
            const SystemConfig sc = systems.value(systemName);
            const int s = data.systemIndex(systemName);
            if (s < 0 || sc.softDeleteColumn.isEmpty() || !sc.isSqlDatabase()) {
                byHand << record;
                continue;
            }
            const SystemSnapshot& snap = data.system(s);
            const qsizetype row = snap.rowOfSourceId(id);
            if (row < 0)
                continue; // already gone
            if (!deletion.system.isEmpty() && deletion.system != systemName) {
                byHand << record; // one system per planned group; the rest follow on the next apply
                continue;
            }
            deletion.system = systemName;
            deletion.losers << id;
            WriteOp w;
            w.entry.system = systemName;
            w.entry.table = sc.entity;
            if (!sc.keyColumn.isEmpty())
                w.entry.keyColumns << sc.keyColumn;
            for (const ColumnInfo& c : snap.columns()) {
                if (sc.keyColumn.isEmpty() && c.primaryKey)
                    w.entry.keyColumns << c.name;
            }
            w.entry.rowId = id;
            w.entry.column = sc.softDeleteColumn;
            const int flag = snap.columnIndex(sc.softDeleteColumn);
            w.entry.before = flag >= 0 ? snap.value(row, flag) : QString();
            w.entry.after = sc.softDeleteValue.isEmpty() ? u"1"_s : sc.softDeleteValue;
            w.entry.version = snap.version(row);
            w.entry.rule = u"deletion"_s;
            w.entry.reason = u"soft delete: %1"_s.arg(item.summary);
            w.entry.reviewItem = item.id;
            w.expectVersion = w.entry.version;
            w.expectValue = w.entry.before;
            w.loose = true;
            deletion.ops.append(w);
        }
        if (!byHand.isEmpty())
            notes->append(
                u"review item %1: %2 cannot be soft-deleted by Concord (no soft-delete column); delete "
                "or keep it in the system itself"_s.arg(item.id, byHand.join(u", "_s)));
        if (!deletion.ops.isEmpty())
            deletions.append(deletion);
    }
    return deletions;
}

} // namespace concord
