// The review queue: what a person must decide, and what they decided.
#include "Workspace.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString now()
{
    return QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
}

const QString kColumns =
    u"item_id, kind, state, field_name, records, summary, detail, fingerprint, edited_value,"
    " decided_by, decided_at, note, created_at, updated_at, choice, entity_ref, current_values, proposed_value"_s;

QVariant proposed(const ReviewItem& item)
{
    return item.proposedValue ? QVariant(*item.proposedValue) : QVariant(QMetaType::fromType<QString>());
}

// A kind or state this Concord does not know (a newer one wrote it) is refused with the item and
// the name, rather than read as something else: a queue read in part would let a run's sync drop
// or reopen items it cannot see, and a decision taken on a guessed kind could write the wrong thing.
Error unknownName(const QString& path, const QString& id, const char* what, const QString& name)
{
    return makeError(u"%1: review item %2 has the %3 '%4', which this version of Concord does not know "
                     "(was the workspace written by a newer one?)"_s.arg(path, id, QLatin1String(what), name),
                     ErrorKind::Failed, id);
}

Result<ReviewItem> readItem(const QSqlQuery& q, const QString& path)
{
    ReviewItem item;
    item.id = q.value(0).toString();
    const auto kind = reviewItemKindFromName(q.value(1).toString());
    if (!kind)
        return unknownName(path, item.id, "kind", q.value(1).toString());
    item.kind = *kind;
    const auto state = reviewStateFromName(q.value(2).toString());
    if (!state)
        return unknownName(path, item.id, "state", q.value(2).toString());
    item.state = *state;
    item.field = q.value(3).toString();
    item.records = q.value(4).toString().split(u'\n', Qt::SkipEmptyParts);
    item.summary = q.value(5).toString();
    item.detail = q.value(6).toString();
    item.fingerprint = q.value(7).toString();
    if (!q.value(8).isNull())
        item.editedValue = q.value(8).toString();
    item.decidedBy = q.value(9).toString();
    item.decidedAt = q.value(10).toString();
    item.note = q.value(11).toString();
    item.createdAt = q.value(12).toString();
    item.updatedAt = q.value(13).toString();
    item.choice = q.value(14).toString();
    item.entityRef = q.value(15).toString();
    item.currentValues = ReviewItem::currentValuesFromJson(q.value(16).toString());
    if (!q.value(17).isNull())
        item.proposedValue = q.value(17).toString();
    return item;
}
} // namespace

Result<QList<ReviewItem>> Workspace::reviewItems(std::optional<ReviewState> state) const
{
    const QString name = state ? reviewStateName(*state) : u""_s;
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM review_items WHERE ? = '' OR state = ? ORDER BY created_at, item_id"_s.arg(
        kColumns));
    q.addBindValue(name);
    q.addBindValue(name);
    if (!q.exec())
        return makeError(u"%1: cannot read the review queue: %2"_s.arg(m_path, q.lastError().text()));
    QList<ReviewItem> list;
    while (q.next()) {
        auto item = readItem(q, m_path);
        if (!item)
            return item.error();
        list.append(std::move(*item));
    }
    return list;
}

Result<ReviewItem> Workspace::reviewItem(const QString& id) const
{
    QSqlQuery q(m_db);
    q.prepare(u"SELECT %1 FROM review_items WHERE item_id = ?"_s.arg(kColumns));
    q.addBindValue(id);
    if (!q.exec())
        return makeError(u"%1: cannot read the review queue: %2"_s.arg(m_path, q.lastError().text()));
    if (!q.next())
        return makeError(u"no review item '%1'"_s.arg(id));
    return readItem(q, m_path);
}

Result<ReviewSync> Workspace::syncReviewItems(const QList<ReviewItem>& current)
{
    auto existing = reviewItems();
    if (!existing)
        return existing.error();
    QHash<QString, ReviewItem> stored;
    for (const ReviewItem& item : std::as_const(*existing))
        stored.insert(item.id, item);
    ReviewSync sync;
    const QString stamp = now();
    auto result = inTransaction(u"update the review queue"_s, [&]() -> Result<void> {
        QSet<QString> produced;
        for (const ReviewItem& item : current) {
            produced.insert(item.id);
            const auto it = stored.constFind(item.id);
            if (it == stored.cend()) {
                auto r = exec(
                    u"INSERT INTO review_items (item_id, kind, state, field_name, records, summary, detail,"
                    " fingerprint, created_at, updated_at, entity_ref, current_values, proposed_value)"
                    " VALUES (?,?,'open',?,?,?,?,?,?,?,?,?,?)"_s,
                    {item.id, reviewItemKindName(item.kind), item.field, item.records.join(u'\n'),
                     item.summary, item.detail, item.fingerprint, stamp, stamp, item.entityRef,
                     item.currentValuesJson(), proposed(item)});
                if (!r)
                    return r;
                ++sync.added;
            } else if (it->fingerprint != item.fingerprint) {
                // The values behind the item changed: a decision taken on the old values no
                // longer stands.
                const QString note = it->state == ReviewState::Open
                                         ? it->note
                                         : (it->note.isEmpty() ? QString() : it->note + u"\n"_s) +
                                               u"reopened %1: the values changed since it was %2 by %3"_s.arg(
                                                   stamp, reviewStateName(it->state), it->decidedBy);
                auto r =
                    exec(u"UPDATE review_items SET state = 'open', summary = ?, detail = ?, fingerprint = ?,"
                         " edited_value = NULL, choice = '', decided_by = '', decided_at = '', note = ?, "
                         "updated_at = ?, entity_ref = ?, current_values = ?, proposed_value = ?"
                         " WHERE item_id = ?"_s,
                         {item.summary, item.detail, item.fingerprint, note, stamp, item.entityRef,
                          item.currentValuesJson(), proposed(item), item.id});
                if (!r)
                    return r;
                if (it->state != ReviewState::Open)
                    ++sync.reopened;
                else
                    ++sync.unchanged;
            } else {
                // Items stored before schema 5 get their data the first time a run produces them.
                if (it->entityRef.isEmpty() && !item.entityRef.isEmpty()) {
                    auto r =
                        exec(u"UPDATE review_items SET entity_ref = ?, current_values = ?, proposed_value = ?"
                             " WHERE item_id = ?"_s,
                             {item.entityRef, item.currentValuesJson(), proposed(item), item.id});
                    if (!r)
                        return r;
                }
                ++sync.unchanged;
            }
        }
        for (const ReviewItem& old : std::as_const(*existing)) {
            if (!produced.contains(old.id) && old.state == ReviewState::Open &&
                old.kind != ReviewItemKind::StewardValue) {
                if (auto r = exec(u"DELETE FROM review_items WHERE item_id = ?"_s, {old.id}); !r)
                    return r;
                ++sync.dropped;
            }
        }
        return {};
    });
    if (!result)
        return result.error();
    return sync;
}

Result<void> Workspace::decideReviewItem(const QString& id, ReviewState state, const QString& steward,
                                         const QString& note, const std::optional<QString>& editedValue,
                                         const QString& choice, const QString& expectedFingerprint)
{
    if (state == ReviewState::Open)
        return makeError(
            u"a review decision is approved, rejected or edited, not '%1'"_s.arg(reviewStateName(state)));
    if ((state == ReviewState::Edited) != editedValue.has_value())
        return makeError(state == ReviewState::Edited ? u"an edit needs the value to use"_s
                                                      : u"only an edit carries a value"_s);
    const QString stamp = now();
    return inTransaction(u"decide review item"_s, [&]() -> Result<void> {
        // Read inside the transaction: a run's queue sync cannot slip between the check and the write.
        auto item = reviewItem(id);
        if (!item)
            return item.error();
        if (!expectedFingerprint.isEmpty() && item->fingerprint != expectedFingerprint)
            return makeError(
                u"review item %1 changed since it was shown (a run saw other values); look at it again"_s.arg(
                    id));
        // Notes accumulate: a reopened item keeps why it was reopened next to the new decision.
        const QString notes = item->note.isEmpty() ? note
                              : note.isEmpty()     ? item->note
                                                   : item->note + u"\n"_s + note;
        return exec(u"UPDATE review_items SET state = ?, edited_value = ?, choice = ?, decided_by = ?, "
                    u"decided_at = ?,"
                    " note = ?, updated_at = ? WHERE item_id = ?"_s,
                    {reviewStateName(state),
                     editedValue ? QVariant(*editedValue) : QVariant(QMetaType::fromType<QString>()), choice,
                     steward, stamp, notes, stamp, id});
    });
}

Result<void> Workspace::proposeStewardValue(const ReviewItem& item)
{
    if (item.kind != ReviewItemKind::StewardValue)
        return makeError(
            u"only a steward_value item is proposed by hand, not '%1'"_s.arg(reviewItemKindName(item.kind)));
    if (item.id.isEmpty() || item.field.isEmpty() || !item.proposedValue || item.currentValues.isEmpty())
        return makeError(u"a proposed value needs its id, field, value and the records' current values"_s);
    const QString stamp = now();
    return inTransaction(u"propose a value"_s, [&]() -> Result<void> {
        if (auto r = exec(u"DELETE FROM review_items WHERE item_id = ?"_s, {item.id}); !r)
            return r;
        return exec(u"INSERT INTO review_items (item_id, kind, state, field_name, records, summary, detail,"
                    " fingerprint, note, created_at, updated_at, entity_ref, current_values, proposed_value)"
                    " VALUES (?,?,'open',?,?,?,?,?,?,?,?,?,?,?)"_s,
                    {item.id, reviewItemKindName(item.kind), item.field, item.records.join(u'\n'),
                     item.summary, item.detail, item.fingerprint, item.note, stamp, stamp, item.entityRef,
                     item.currentValuesJson(), proposed(item)});
    });
}

Result<void> Workspace::withdrawStewardValue(const QString& id)
{
    return inTransaction(u"withdraw a proposed value"_s, [&]() -> Result<void> {
        auto item = reviewItem(id);
        if (!item)
            return item.error();
        if (item->kind != ReviewItemKind::StewardValue)
            return makeError(u"review item %1 is a %2, not a value the steward proposed"_s.arg(
                id, reviewItemKindName(item->kind)));
        if (item->state != ReviewState::Open)
            return makeError(
                u"review item %1 was %2 meanwhile; undo that first"_s.arg(id, reviewStateName(item->state)));
        return exec(u"DELETE FROM review_items WHERE item_id = ?"_s, {id});
    });
}

Result<void> Workspace::restoreReviewItem(const ReviewItem& previous)
{
    auto item = reviewItem(previous.id);
    if (!item)
        return item.error();
    if (item->fingerprint != previous.fingerprint)
        return makeError(u"review item %1 changed since that decision (a later run saw other values); "
                         "it cannot be put back"_s.arg(previous.id));
    return inTransaction(u"restore review item"_s, [&]() -> Result<void> {
        return exec(u"UPDATE review_items SET state = ?, edited_value = ?, choice = ?, decided_by = ?, "
                    "decided_at = ?, note = ?, updated_at = ? WHERE item_id = ?"_s,
                    {reviewStateName(previous.state),
                     previous.editedValue ? QVariant(*previous.editedValue)
                                          : QVariant(QMetaType::fromType<QString>()),
                     previous.choice, previous.decidedBy, previous.decidedAt, previous.note, now(),
                     previous.id});
    });
}

} // namespace concord
