#include "PlanStore.h"

#include "Applier.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// NULL stays NULL: a before-value of NULL is not one of ''.
QJsonValue nullable(const QString& value)
{
    return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}

QString textOf(const QJsonValue& value)
{
    return value.isNull() ? QString() : value.toString(u""_s);
}

QStringList listOf(const QJsonValue& value)
{
    QStringList list;
    for (const QJsonValue& v : value.toArray())
        list << v.toString();
    return list;
}

// The row and values a write is about: PlannedWrite and JournalEntry spell them alike.
template <typename Write> QJsonObject commonToJson(const Write& w)
{
    return QJsonObject{{u"system"_s, w.system},
                       {u"table"_s, w.table},
                       {u"keyColumns"_s, QJsonArray::fromStringList(w.keyColumns)},
                       {u"rowId"_s, w.rowId},
                       {u"field"_s, w.field},
                       {u"column"_s, w.column},
                       {u"before"_s, nullable(w.before)},
                       {u"after"_s, nullable(w.after)},
                       {u"version"_s, w.version},
                       {u"rule"_s, w.rule},
                       {u"reason"_s, w.reason},
                       {u"reviewItem"_s, w.reviewItem}};
}

template <typename Write> void commonFromJson(const QJsonObject& o, Write* w)
{
    w->system = o.value(u"system"_s).toString();
    w->table = o.value(u"table"_s).toString();
    w->keyColumns = listOf(o.value(u"keyColumns"_s));
    w->rowId = o.value(u"rowId"_s).toString();
    w->field = o.value(u"field"_s).toString();
    w->column = o.value(u"column"_s).toString();
    w->before = textOf(o.value(u"before"_s));
    w->after = textOf(o.value(u"after"_s));
    w->version = o.value(u"version"_s).toString();
    w->rule = o.value(u"rule"_s).toString();
    w->reason = o.value(u"reason"_s).toString();
    w->reviewItem = o.value(u"reviewItem"_s).toString();
}

QJsonObject writeToJson(const PlannedWrite& w)
{
    QJsonObject o = commonToJson(w);
    o.insert(u"driver"_s, w.driver);
    o.insert(u"status"_s, w.status);
    o.insert(u"entity"_s, w.entity);
    o.insert(u"fieldIndex"_s, w.fieldIndex);
    return o;
}

PlannedWrite writeFromJson(const QJsonObject& o)
{
    PlannedWrite w;
    commonFromJson(o, &w);
    w.driver = o.value(u"driver"_s).toString();
    w.status = o.value(u"status"_s).toString();
    w.entity = o.value(u"entity"_s).toInteger(-1);
    w.fieldIndex = o.value(u"fieldIndex"_s).toInt(-1);
    return w;
}

QJsonObject opToJson(const WriteOp& op)
{
    QJsonObject o = commonToJson(op.entry);
    o.insert(u"operation"_s, op.entry.operation);
    o.insert(u"expectVersion"_s, op.expectVersion);
    o.insert(u"loose"_s, op.loose);
    o.insert(u"expectAbsent"_s, op.expectAbsent);
    o.insert(u"unit"_s, op.unit);
    if (op.expectValue)
        o.insert(u"expectValue"_s, nullable(*op.expectValue));
    return o;
}

WriteOp opFromJson(const QJsonObject& o)
{
    WriteOp op;
    commonFromJson(o, &op.entry);
    op.entry.operation = o.value(u"operation"_s).toString();
    op.expectVersion = o.value(u"expectVersion"_s).toString();
    if (o.contains(u"expectValue"_s))
        op.expectValue = textOf(o.value(u"expectValue"_s));
    op.loose = o.value(u"loose"_s).toBool();
    op.expectAbsent = o.value(u"expectAbsent"_s).toBool();
    op.unit = o.value(u"unit"_s).toString();
    return op;
}
} // namespace

QByteArray planToJson(const Plan& plan)
{
    QJsonArray writes;
    for (const PlannedWrite& w : plan.writes)
        writes.append(writeToJson(w));
    QJsonArray merges;
    for (const PlannedMerge& m : plan.merges) {
        QJsonArray ops;
        for (const WriteOp& op : m.ops)
            ops.append(opToJson(op));
        merges.append(QJsonObject{{u"reviewItem"_s, m.reviewItem},
                                  {u"system"_s, m.system},
                                  {u"survivor"_s, m.survivor},
                                  {u"losers"_s, QJsonArray::fromStringList(m.losers)},
                                  {u"survivorRule"_s, m.survivorRule},
                                  {u"ops"_s, ops}});
    }
    return QJsonDocument(QJsonObject{{u"format"_s, u"concord-plan"_s},
                                     {u"version"_s, 1},
                                     {u"writes"_s, writes},
                                     {u"merges"_s, merges},
                                     {u"notes"_s, QJsonArray::fromStringList(plan.notes)}})
        .toJson(QJsonDocument::Compact);
}

Result<Plan> planFromJson(const QByteArray& json)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &error);
    const QJsonObject root = doc.object();
    if (error.error != QJsonParseError::NoError || root.value(u"format"_s).toString() != "concord-plan"_L1 ||
        root.value(u"version"_s).toInt() != 1)
        return makeError(u"a stored plan is not a Concord plan (version 1): %1"_s.arg(error.errorString()));
    Plan plan;
    for (const QJsonValue& w : root.value(u"writes"_s).toArray())
        plan.writes.append(writeFromJson(w.toObject()));
    for (const QJsonValue& value : root.value(u"merges"_s).toArray()) {
        const QJsonObject o = value.toObject();
        PlannedMerge m;
        m.reviewItem = o.value(u"reviewItem"_s).toString();
        m.system = o.value(u"system"_s).toString();
        m.survivor = o.value(u"survivor"_s).toString();
        m.losers = listOf(o.value(u"losers"_s));
        m.survivorRule = o.value(u"survivorRule"_s).toString();
        for (const QJsonValue& op : o.value(u"ops"_s).toArray())
            m.ops.append(opFromJson(op.toObject()));
        plan.merges.append(m);
    }
    plan.notes = listOf(root.value(u"notes"_s));
    return plan;
}

Result<StoredPlan> storePlan(Workspace& workspace, const Plan& plan, const QString& steward)
{
    auto decisions = workspace.decisionsFingerprint();
    if (!decisions)
        return decisions.error();
    StoredPlan stored;
    stored.id = newBatchId();
    stored.createdAt = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    stored.steward = steward;
    stored.decisions = *decisions;
    stored.body = QString::fromUtf8(planToJson(plan));
    stored.writeCount = static_cast<int>(plan.writes.size());
    for (const PlannedMerge& m : plan.merges)
        stored.writeCount += static_cast<int>(m.ops.size());
    if (auto r = workspace.savePlan(stored); !r)
        return r.error();
    return stored;
}

Result<std::pair<StoredPlan, Plan>> reviewedPlan(const Workspace& workspace, const QString& id)
{
    // Without a valid matrix nothing may be resolved, so nothing planned under it may be written.
    auto problems = workspace.validateOwnership();
    if (!problems)
        return problems.error();
    if (!problems->isEmpty())
        return makeError(u"the ownership matrix is not valid, so no plan is applied:\n  "_s +
                             problems->join(u"\n  "_s),
                         ErrorKind::InvalidOwnership);
    auto latest = workspace.latestPlan();
    if (!latest)
        return latest.error();
    if (!*latest)
        return makeError(u"no reviewed plan: apply writes only a plan the steward was shown; run "
                         "'concord-cli plan' first"_s,
                         ErrorKind::NotFound);
    const StoredPlan& plan = **latest;
    if (!id.isEmpty() && id != plan.id) {
        auto named = workspace.storedPlan(id);
        if (!named)
            return named.error();
        return makeError(u"plan %1 was superseded by plan %2 (made %3); review that one and apply it"_s.arg(
            id, plan.id, plan.createdAt));
    }
    if (!plan.appliedAt.isEmpty())
        return makeError(
            u"plan %1 was applied already (%2 at %3); run 'concord-cli plan' to see what is left "
            "to write"_s.arg(plan.id,
                             plan.appliedBatch.isEmpty() ? u"nothing to write"_s
                                                         : u"batch "_s + plan.appliedBatch,
                             plan.appliedAt));
    auto decisions = workspace.decisionsFingerprint();
    if (!decisions)
        return decisions.error();
    if (*decisions != plan.decisions)
        return makeError(u"plan %1 (made %2) is older than the latest decisions (a review item decided, "
                         "ownership, a mapping or a match decision changed since): it is not what they "
                         "would write; run 'concord-cli plan' to review the new plan, then apply it"_s.arg(
                             plan.id, plan.createdAt));
    auto body = planFromJson(plan.body.toUtf8());
    if (!body)
        return makeError(u"plan %1: %2"_s.arg(plan.id, body.errorString()));
    return std::pair<StoredPlan, Plan>(plan, *body);
}

} // namespace concord
