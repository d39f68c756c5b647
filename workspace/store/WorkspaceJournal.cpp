// The journal of writes: intent recorded before a system is touched, outcomes settled after
// each transaction commits. Its written entries are the audit trail.
#include "Workspace.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

// NULL stays NULL: a before-image of NULL must be restored as NULL, not as ''.
QVariant nullable(const QString& value)
{
    return value.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(value);
}

// For the NOT NULL columns: an unset QString is ''.
QString text(const QString& value)
{
    return value.isNull() ? u""_s : value;
}

QString textOrNull(const QVariant& v)
{
    return v.isNull() ? QString() : v.toString();
}

const QString kEntryColumns =
    u"j.batch_id, j.seq, j.system_name, j.table_name, j.key_columns, j.row_id, j.field_name, j.column_name,"
    " j.operation, j.before_value, j.after_value, j.version_token, j.rule, j.reason, j.review_item, j.state,"
    " j.error, j.attempts, j.settled_at, j.resolved_by, b.steward"_s;

JournalEntry readEntry(const QSqlQuery& q)
{
    JournalEntry e;
    e.batch = q.value(0).toString();
    e.seq = q.value(1).toInt();
    e.system = q.value(2).toString();
    e.table = q.value(3).toString();
    const QJsonArray keys = QJsonDocument::fromJson(q.value(4).toString().toUtf8()).array();
    for (const QJsonValue& k : keys)
        e.keyColumns << k.toString();
    e.rowId = q.value(5).toString();
    e.field = q.value(6).toString();
    e.column = q.value(7).toString();
    e.operation = q.value(8).toString();
    e.before = textOrNull(q.value(9));
    e.after = textOrNull(q.value(10));
    e.version = q.value(11).toString();
    e.rule = q.value(12).toString();
    e.reason = q.value(13).toString();
    e.reviewItem = q.value(14).toString();
    e.state = q.value(15).toString();
    e.error = q.value(16).toString();
    e.attempts = q.value(17).toInt();
    e.at = q.value(18).toString();
    e.resolvedBy = q.value(19).toString();
    e.steward = q.value(20).toString();
    return e;
}

BatchInfo readBatch(const QSqlQuery& q)
{
    BatchInfo b;
    b.id = q.value(0).toString();
    b.kind = q.value(1).toString();
    b.state = q.value(2).toString();
    b.steward = q.value(3).toString();
    b.startedAt = q.value(4).toString();
    b.finishedAt = q.value(5).toString();
    b.rollsBack = q.value(6).toString();
    b.summary = q.value(7).toString();
    return b;
}

const QString kBatchColumns =
    u"batch_id, kind, state, steward, started_at, finished_at, rolls_back, summary"_s;
} // namespace

Result<void> Workspace::beginBatch(const BatchInfo& batch, const QList<JournalEntry>& entries)
{
    return inTransaction(u"record batch %1"_s.arg(batch.id), [&]() -> Result<void> {
        auto r = exec(u"INSERT INTO batches (batch_id, kind, state, steward, started_at, rolls_back)"
                      " VALUES (?,?,?,?,?,?)"_s,
                      {batch.id, batch.kind, batch.state, text(batch.steward),
                       batch.startedAt.isEmpty() ? now() : batch.startedAt, text(batch.rollsBack)});
        if (!r)
            return r;
        QSqlQuery q(m_db);
        if (!q.prepare(u"INSERT INTO journal (batch_id, seq, system_name, table_name, key_columns, row_id,"
                       " field_name, column_name, operation, before_value, after_value, version_token, rule,"
                       " reason, review_item, state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"_s))
            return makeError(q.lastError().text());
        for (const JournalEntry& e : entries) {
            const QVariantList values{
                batch.id,
                e.seq,
                text(e.system),
                text(e.table),
                QString::fromUtf8(
                    QJsonDocument(QJsonArray::fromStringList(e.keyColumns)).toJson(QJsonDocument::Compact)),
                text(e.rowId),
                text(e.field),
                text(e.column),
                text(e.operation),
                nullable(e.before),
                nullable(e.after),
                text(e.version),
                text(e.rule),
                text(e.reason),
                text(e.reviewItem),
                text(e.state)};
            for (const QVariant& v : values)
                q.addBindValue(v);
            if (!q.exec())
                return makeError(
                    u"journal entry %1 of batch %2: %3"_s.arg(e.seq).arg(batch.id, q.lastError().text()));
        }
        return {};
    });
}

Result<void> Workspace::settleEntries(const QList<JournalEntry>& entries,
                                      const QList<ReviewItem>& backToReview)
{
    const QString stamp = now();
    return inTransaction(u"settle journal entries"_s, [&]() -> Result<void> {
        for (const JournalEntry& e : entries) {
            auto r = exec(u"UPDATE journal SET state = ?, before_value = ?, after_value = ?, error = ?,"
                          " attempts = ?, settled_at = ? WHERE batch_id = ? AND seq = ?"_s,
                          {text(e.state), nullable(e.before), nullable(e.after), text(e.error), e.attempts,
                           e.at.isEmpty() ? stamp : e.at, e.batch, e.seq});
            if (!r)
                return r;
            // A later apply writing the same cell settles its dead letter; a rollback restoring the
            // cell does not (the change it failed to make was never made).
            if (e.state == "written"_L1 && e.rule != "rollback"_L1) {
                r = exec(
                    u"UPDATE journal SET resolved_by = ? WHERE state = 'dead_letter' AND resolved_by = ''"
                    " AND system_name = ? AND row_id = ? AND column_name = ? AND batch_id <> ?"_s,
                    {e.batch, e.system, e.rowId, text(e.column), e.batch});
                if (!r)
                    return r;
            }
        }
        for (const ReviewItem& item : backToReview) {
            QSqlQuery q(m_db);
            q.prepare(u"SELECT note, state, edited_value, choice FROM review_items WHERE item_id = ?"_s);
            q.addBindValue(item.id);
            if (!q.exec())
                return makeError(q.lastError().text());
            if (q.next()) {
                const QString old = q.value(0).toString();
                QString note = old.isEmpty() ? item.note : old + u"\n"_s + item.note;
                // What the steward had decided is not lost with the reopening.
                if (!q.value(2).isNull())
                    note += u" (it was %1 with the value '%2')"_s.arg(q.value(1).toString(),
                                                                      q.value(2).toString());
                if (!q.value(3).toString().isEmpty())
                    note += u" (merge choice was %1)"_s.arg(q.value(3).toString());
                auto r = exec(u"UPDATE review_items SET state = 'open', edited_value = NULL, choice = '',"
                              " decided_by = '', decided_at = '', note = ?, detail = ?, updated_at = ?"
                              " WHERE item_id = ?"_s,
                              {text(note), text(item.detail), stamp, item.id});
                if (!r)
                    return r;
            } else {
                auto r = exec(
                    u"INSERT INTO review_items (item_id, kind, state, field_name, records, summary, detail,"
                    " fingerprint, note, created_at, updated_at) VALUES (?,?,'open',?,?,?,?,?,?,?,?)"_s,
                    {item.id, reviewItemKindName(item.kind), text(item.field), item.records.join(u'\n'),
                     text(item.summary), text(item.detail), text(item.fingerprint), text(item.note), stamp,
                     stamp});
                if (!r)
                    return r;
            }
        }
        return {};
    });
}

Result<void> Workspace::finishBatch(const QString& batch, const QString& state, const QString& summary)
{
    return inTransaction(u"finish batch %1"_s.arg(batch), [&]() -> Result<void> {
        return exec(u"UPDATE batches SET state = ?, finished_at = ?, summary = ? WHERE batch_id = ?"_s,
                    {state, now(), text(summary), batch});
    });
}

Result<QList<BatchInfo>> Workspace::batches() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT %1 FROM batches ORDER BY started_at, batch_id"_s.arg(kBatchColumns)))
        return makeError(u"%1: cannot read the batches: %2"_s.arg(m_path, q.lastError().text()));
    QList<BatchInfo> list;
    while (q.next())
        list.append(readBatch(q));
    return list;
}

Result<BatchInfo> Workspace::batch(const QString& id) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM batches WHERE batch_id = ?"_s.arg(kBatchColumns));
    q.addBindValue(id);
    if (!q.exec())
        return makeError(u"%1: cannot read the batches: %2"_s.arg(m_path, q.lastError().text()));
    if (!q.next())
        return makeError(u"%1: no batch '%2'"_s.arg(m_path, id), ErrorKind::NotFound, id);
    return readBatch(q);
}

Result<QList<JournalEntry>> Workspace::journal(const QString& batch, const QString& state) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM journal j JOIN batches b ON b.batch_id = j.batch_id"
              " WHERE (? = '' OR j.batch_id = ?) AND (? = '' OR j.state = ?)"
              " ORDER BY b.started_at, j.batch_id, j.seq"_s.arg(kEntryColumns));
    const QString b = batch.isNull() ? u""_s : batch;
    const QString s = state.isNull() ? u""_s : state;
    for (const QString& v : {b, b, s, s})
        q.addBindValue(v);
    if (!q.exec())
        return makeError(u"%1: cannot read the journal: %2"_s.arg(m_path, q.lastError().text()));
    QList<JournalEntry> list;
    while (q.next())
        list.append(readEntry(q));
    return list;
}

Result<QList<JournalEntry>> Workspace::journalOfRow(const QString& system, const QString& rowId) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM journal j JOIN batches b ON b.batch_id = j.batch_id"
              " WHERE j.system_name = ? AND j.row_id = ? ORDER BY b.started_at, j.batch_id, j.seq"_s.arg(
                  kEntryColumns));
    q.addBindValue(system);
    q.addBindValue(rowId);
    if (!q.exec())
        return makeError(u"%1: cannot read the journal: %2"_s.arg(m_path, q.lastError().text()));
    QList<JournalEntry> list;
    while (q.next())
        list.append(readEntry(q));
    return list;
}

Result<QList<JournalEntry>> Workspace::deadLetters() const
{
    QSqlQuery q(m_db);
    if (!q.exec(
            u"SELECT %1 FROM journal j JOIN batches b ON b.batch_id = j.batch_id"
            " WHERE j.state = 'dead_letter' AND j.resolved_by = '' ORDER BY b.started_at, j.batch_id, j.seq"_s
                .arg(kEntryColumns)))
        return makeError(u"%1: cannot read the dead letters: %2"_s.arg(m_path, q.lastError().text()));
    QList<JournalEntry> list;
    while (q.next())
        list.append(readEntry(q));
    return list;
}

} // namespace concord
