// Review item kinds and states are enums in C++ and names only in the store, the CLI and the
// window's words: the names are the ones workspaces already hold, and a name this Concord does not
// know (a newer one wrote it) is refused with the item and the name, never read as something else.
#include "Workspace.h"
#include "WorkspaceSession.h"
#include "resolve/Resolver.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {
ReviewItem makeItem(ReviewItemKind kind, const QString& field, const QString& record)
{
    ReviewItem i;
    i.kind = kind;
    i.field = field;
    i.records = QStringList{record};
    i.id = ReviewItem::makeId(kind, field, i.records);
    i.summary = u"about "_s + record;
    i.fingerprint = ReviewItem::makeFingerprint({record});
    return i;
}

// Raw SQL on the workspace file, behind this Concord's back: to write what a newer one might have
// written, and to see what is stored. Returns the first value read, or the error.
QString execOn(const QString& path, const QString& sql, const QVariantList& values = {})
{
    const QString name = u"review-names-raw"_s;
    QString result;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        if (!db.open())
            return u"error: "_s + db.lastError().text();
        QSqlQuery q(db);
        // The schema's CHECK already refuses an unknown state; a newer schema might not have it.
        q.exec(u"PRAGMA ignore_check_constraints = ON"_s);
        q.prepare(sql);
        for (const QVariant& v : values)
            q.addBindValue(v);
        if (!q.exec())
            result = u"error: "_s + q.lastError().text();
        else if (q.next())
            result = q.value(0).toString();
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

// Each value has its name and is read back from it; the `unknown` names are no value (names are
// matched exactly: "Open" is not "open").
template <typename Enum>
void checkNames(const QList<std::pair<Enum, QString>>& names, QString (*nameOf)(Enum),
                std::optional<Enum> (*fromName)(const QString&), const QStringList& unknown)
{
    for (const auto& [value, name] : names) {
        QCOMPARE(nameOf(value), name);
        QCOMPARE(fromName(name), std::optional(value));
    }
    for (const QString& name : unknown)
        QCOMPARE(fromName(name), std::nullopt);
}

// A workspace holding `items`, then one of them given a `column` ("kind" or "state") this Concord
// does not know, as a newer Concord might have written it.
Result<std::unique_ptr<Workspace>> queueWithNewerName(const QString& path, const QList<ReviewItem>& items,
                                                      const QString& column, const QString& newerName)
{
    auto ws = Workspace::create(path);
    if (!ws)
        return ws.error();
    if (auto synced = (*ws)->syncReviewItems(items); !synced)
        return synced.error();
    const QString error = execOn(path, u"UPDATE review_items SET %1 = ? WHERE item_id = ?"_s.arg(column),
                                 {newerName, items.first().id});
    if (!error.isEmpty())
        return makeError(error);
    return ws;
}

// Refused, saying `message` (after the workspace's path).
template <typename T> void verifyRefused(const Result<T>& result, const QString& message)
{
    QVERIFY(!result);
    QVERIFY2(result.errorString().endsWith(message), qPrintable(result.errorString()));
}

// What every read of such an item says (after the workspace's path).
QString unknownNameMessage(const QString& id, const QString& column, const QString& newerName)
{
    return u"review item %1 has the %2 '%3', which this version of Concord does not know (was the "
           "workspace written by a newer one?)"_s.arg(id, column, newerName);
}
} // namespace

class TestReviewNames : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kindNames();
    void stateNames();
    void resolverKindsKeepTheirNames();
    void unknownKindIsRefusedNotLost();
    void unknownStateIsRefusedNotLost();

private:
    QTemporaryDir m_dir;
};

void TestReviewNames::kindNames()
{
    // Stored in every workspace, printed by the CLI: these names must never change.
    const QList<std::pair<ReviewItemKind, QString>> names{
        {ReviewItemKind::AmbiguousMatch, u"ambiguous_match"_s},
        {ReviewItemKind::Duplicate, u"duplicate"_s},
        {ReviewItemKind::Conflict, u"conflict"_s},
        {ReviewItemKind::HighStakes, u"high_stakes"_s},
        {ReviewItemKind::Anomaly, u"anomaly"_s},
        {ReviewItemKind::PartialUpdate, u"partial_update"_s},
        {ReviewItemKind::Deletion, u"deletion"_s},
        {ReviewItemKind::ChangedUnderneath, u"changed_underneath"_s},
        {ReviewItemKind::StewardValue, u"steward_value"_s},
    };
    checkNames(names, &reviewItemKindName, &reviewItemKindFromName, {u"escalation"_s, u"Duplicate"_s, u""_s});
}

void TestReviewNames::stateNames()
{
    const QList<std::pair<ReviewState, QString>> names{{ReviewState::Open, u"open"_s},
                                                       {ReviewState::Approved, u"approved"_s},
                                                       {ReviewState::Rejected, u"rejected"_s},
                                                       {ReviewState::Edited, u"edited"_s}};
    checkNames(names, &reviewStateName, &reviewStateFromName, {u"deferred"_s, u"Open"_s, u""_s});
}

void TestReviewNames::resolverKindsKeepTheirNames()
{
    for (ReviewKind kind :
         {ReviewKind::AmbiguousMatch, ReviewKind::Duplicate, ReviewKind::Conflict, ReviewKind::HighStakes,
          ReviewKind::Anomaly, ReviewKind::PartialUpdate, ReviewKind::Deletion})
        QCOMPARE(reviewItemKindName(reviewItemKind(kind)), reviewKindName(kind));
}

void TestReviewNames::unknownKindIsRefusedNotLost()
{
    const QString path = m_dir.filePath(u"kind.concord"_s);
    const ReviewItem newer = makeItem(ReviewItemKind::Conflict, u"phone"_s, u"crm:1"_s);
    const ReviewItem known = makeItem(ReviewItemKind::Duplicate, QString(), u"crm:2"_s);
    auto ws = queueWithNewerName(path, {newer, known}, u"kind"_s, u"escalation"_s);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    Workspace& w = **ws;

    // Every read of the queue says which item and which name, and refuses: a partial queue would
    // let a run drop or reopen what it cannot see.
    const QString message = unknownNameMessage(newer.id, u"kind"_s, u"escalation"_s);
    verifyRefused(w.reviewItems(), message);
    QCOMPARE(w.reviewItems().error().subject, newer.id); // for a front end's remedy
    verifyRefused(w.reviewItem(newer.id), message);
    QVERIFY(!w.decideReviewItem(newer.id, ReviewState::Approved, u"ann"_s, QString()));
    // A run's sync no longer produces either item; refusing keeps both, the unknown one unchanged.
    verifyRefused(w.syncReviewItems({}), message);
    QCOMPARE(execOn(path, u"SELECT COUNT(*) FROM review_items"_s), u"2"_s);
    QCOMPARE(execOn(path, u"SELECT kind || ' ' || state FROM review_items WHERE item_id = ?"_s, {newer.id}),
             u"escalation open"_s);
    // The other items stay readable one by one.
    auto other = w.reviewItem(known.id);
    QVERIFY2(other, qPrintable(other.errorString()));
    QCOMPARE(other->kind, ReviewItemKind::Duplicate);

    // The window says so when the workspace is opened, instead of showing an empty queue.
    WorkspaceSession session;
    verifyRefused(session.open(path), message);
    QVERIFY(!session.store());
}

void TestReviewNames::unknownStateIsRefusedNotLost()
{
    const QString path = m_dir.filePath(u"state.concord"_s);
    const ReviewItem item = makeItem(ReviewItemKind::Anomaly, u"credit_limit"_s, u"accounting:7"_s);
    auto ws = queueWithNewerName(path, {item}, u"state"_s, u"deferred"_s);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    Workspace& w = **ws;

    const QString message = unknownNameMessage(item.id, u"state"_s, u"deferred"_s);
    verifyRefused(w.reviewItems(), message);
    // Filtering by a known state does not read the item at all.
    auto open = w.reviewItems(ReviewState::Open);
    QVERIFY2(open, qPrintable(open.errorString()));
    QVERIFY(open->isEmpty());
    QVERIFY(!w.syncReviewItems({item}));
    QCOMPARE(execOn(path, u"SELECT state FROM review_items WHERE item_id = ?"_s, {item.id}), u"deferred"_s);
}

QTEST_GUILESS_MAIN(TestReviewNames)
#include "tst_reviewnames.moc"
