// The plans the steward reviewed: `concord-cli plan` stores each plan it shows, apply writes
// the latest one exactly (its before-values and versions as read then), once.
#include "Workspace.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
const QString kPlanColumns =
    u"plan_id, created_at, steward, decisions, write_count, body, applied_at, applied_batch"_s;

StoredPlan readPlan(const QSqlQuery& q)
{
    StoredPlan p;
    p.id = q.value(0).toString();
    p.createdAt = q.value(1).toString();
    p.steward = q.value(2).toString();
    p.decisions = q.value(3).toString();
    p.writeCount = q.value(4).toInt();
    p.body = q.value(5).toString();
    p.appliedAt = q.value(6).toString();
    p.appliedBatch = q.value(7).toString();
    return p;
}
} // namespace

Result<void> Workspace::savePlan(const StoredPlan& plan)
{
    return inTransaction(u"store plan %1"_s.arg(plan.id), [&]() -> Result<void> {
        return exec(u"INSERT INTO plans (plan_id, created_at, steward, decisions, write_count, body)"
                    " VALUES (?,?,?,?,?,?)"_s,
                    {plan.id, plan.createdAt, plan.steward, plan.decisions, plan.writeCount, plan.body});
    });
}

Result<std::optional<StoredPlan>> Workspace::latestPlan() const
{
    QSqlQuery q(m_db);
    // Ids sort by time (newBatchId), so the latest is the largest, also within one second.
    if (!q.exec(u"SELECT %1 FROM plans ORDER BY created_at DESC, plan_id DESC LIMIT 1"_s.arg(kPlanColumns)))
        return makeError(u"%1: cannot read the stored plans: %2"_s.arg(m_path, q.lastError().text()));
    if (!q.next())
        return std::optional<StoredPlan>();
    return std::optional<StoredPlan>(readPlan(q));
}

Result<StoredPlan> Workspace::storedPlan(const QString& id) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM plans WHERE plan_id = ?"_s.arg(kPlanColumns));
    q.addBindValue(id);
    if (!q.exec())
        return makeError(u"%1: cannot read plan %2: %3"_s.arg(m_path, id, q.lastError().text()));
    if (!q.next())
        return makeError(u"no plan %1 in this workspace (concord-cli plan prints the id of the plan it "
                         "shows)"_s.arg(id),
                         ErrorKind::NotFound, id);
    return readPlan(q);
}

Result<bool> Workspace::markPlanApplied(const QString& id, const QString& batch)
{
    bool marked = false;
    auto r = inTransaction(u"mark plan %1 applied"_s.arg(id), [&]() -> Result<void> {
        QSqlQuery q(m_db);
        q.prepare(
            u"UPDATE plans SET applied_at = ?, applied_batch = ? WHERE plan_id = ? AND applied_at = ''"_s);
        q.addBindValue(QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        q.addBindValue(batch.isNull() ? u""_s : batch); // NOT NULL: a plan with nothing to write has no batch
        q.addBindValue(id);
        if (!q.exec())
            return makeError(q.lastError().text());
        marked = q.numRowsAffected() == 1;
        return {};
    });
    if (!r)
        return makeError(u"%1: cannot mark plan %2 applied: %3"_s.arg(m_path, id, r.errorString()));
    return marked;
}

Result<void> Workspace::unmarkPlanApplied(const QString& id)
{
    return inTransaction(u"unmark plan %1"_s.arg(id), [&]() -> Result<void> {
        return exec(u"UPDATE plans SET applied_at = '', applied_batch = '' WHERE plan_id = ?"_s, {id});
    });
}

Result<QString> Workspace::decisionsFingerprint() const
{
    // Read as SQL text, so the hash does not depend on how the C++ types spell kinds and states.
    // Times, notes and prose are left out: they change nothing a plan writes.
    static const QList<std::pair<QString, QString>> kTables = {
        {u"systems"_s, u"*"_s},
        {u"canonical_fields"_s, u"*"_s},
        {u"field_mappings"_s, u"*"_s},
        {u"settings"_s, u"*"_s},
        {u"field_ownership"_s, u"*"_s},
        {u"field_policies"_s, u"*"_s},
        {u"match_decisions"_s, u"system_a, source_id_a, system_b, source_id_b, decision"_s},
        {u"review_items"_s,
         u"item_id, kind, state, field_name, records, fingerprint, edited_value, choice, proposed_value"_s},
    };
    QCryptographicHash hash(QCryptographicHash::Sha256);
    QSqlQuery q(m_db);
    for (const auto& [table, columns] : kTables) {
        if (!q.exec(u"SELECT %1 FROM %2"_s.arg(columns, table)))
            return makeError(u"%1: cannot read %2: %3"_s.arg(m_path, table, q.lastError().text()));
        QStringList rows;
        while (q.next()) {
            QStringList values;
            for (int c = 0; c < q.record().count(); ++c)
                values << (q.value(c).isNull() ? u"\x01NULL"_s : q.value(c).toString());
            rows << values.join(u'\x1f');
        }
        rows.sort(); // row order is the database's, not a decision
        hash.addData(table.toUtf8());
        hash.addData(rows.join(u'\x1e').toUtf8());
        hash.addData(QByteArrayView("\x1d"));
    }
    return QString::fromLatin1(hash.result().toHex());
}

} // namespace concord
