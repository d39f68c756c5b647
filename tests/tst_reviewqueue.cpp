// The review queue as a steward uses it, on a generated demo: the model and its filter pass
// Qt's model tester with the real queue, the kind list counts what the store holds open, the
// keys move and decide, every decision undoes and redoes through the store, "not the same
// customer" is remembered and forgotten again, and a bulk approval is one step.
#include "ReviewCommands.h"
#include "ReviewQueueModel.h"
#include "ReviewQueueView.h"
#include "SessionTestSupport.h"
#include "WorkspaceSession.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

namespace {
QMap<ReviewItemKind, int> openCountsInStore(Workspace* store)
{
    QMap<ReviewItemKind, int> counts;
    auto open = store->reviewItems(ReviewState::Open);
    if (open) {
        for (const ReviewItem& item : std::as_const(*open))
            ++counts[item.kind];
    }
    return counts;
}

// None when the item cannot be read (the comparison then fails).
std::optional<ReviewState> stateInStore(WorkspaceSession& session, const QString& id)
{
    auto item = session.store()->reviewItem(id);
    return item ? std::optional(item->state) : std::nullopt;
}

bool pairStored(Workspace* store, const ReviewItem& item)
{
    auto decisions = store->matchDecisions();
    if (!decisions)
        return false;
    for (const MatchDecision& d : std::as_const(*decisions)) {
        const QString a = d.systemA + u':' + d.sourceIdA;
        const QString b = d.systemB + u':' + d.sourceIdB;
        if (!d.same && item.records.contains(a) && item.records.contains(b))
            return true;
    }
    return false;
}
} // namespace

class TestReviewQueue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void modelPassesTester();
    void kindsAreInStewardWords();
    void kindListCountsTheStoresOpenItems();
    void filtersByKindStateAndText();
    void keysMoveBetweenItems();
    void approveKeyDecidesAndUndoes();
    void rejectKey();
    void editValueThroughTheCommand();
    void editIsRefusedWithoutAField();
    void notTheSameCustomerIsRememberedAndUndone();
    void bulkApprovalOfAKindIsOneStep();
    void itemSelectedNamesTheItemsCustomer();
    void errorsAreShownNotThrown();
    void undoOfAnItemThatChangedIsRefused();

private:
    QString firstOpen(ReviewItemKind kind) const;
    void checkKindList(int* total);
    void focusTable();

    QTemporaryDir m_dir;
    WorkspaceSession m_session;
    QUndoStack m_stack;
    std::unique_ptr<ReviewQueueView> m_view;
};

void TestReviewQueue::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    QVERIFY2(!openGeneratedDemo(m_session, m_dir.filePath(u"demo"_s), 1500, 3, &message).isEmpty(),
             qPrintable(message));
    QVERIFY(m_session.queue().size() > 20);
    m_view = std::make_unique<ReviewQueueView>(&m_session, &m_stack);
    m_view->resize(1280, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowActive(m_view.get()));
}

void TestReviewQueue::init()
{
    // Every test starts from the whole open queue.
    m_view->setKindFilter(std::nullopt);
    m_view->setStateFilter(ReviewQueueFilter::States::Open);
    m_view->setSearchText(QString());
    m_stack.clear();
}

QString TestReviewQueue::firstOpen(ReviewItemKind kind) const
{
    for (const ReviewItem& item : m_session.queue()) {
        if (item.state == ReviewState::Open && item.kind == kind)
            return item.id;
    }
    return {};
}

void TestReviewQueue::focusTable()
{
    m_view->activateWindow();
    m_view->table()->setFocus();
    QTRY_VERIFY(m_view->table()->hasFocus());
}

void TestReviewQueue::modelPassesTester()
{
    ReviewQueueModel model(&m_session);
    ReviewQueueFilter filter(&model);
    QAbstractItemModelTester modelTester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(&filter, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), static_cast<int>(m_session.queue().size()));
    QCOMPARE(filter.rowCount(), static_cast<int>(m_session.openItems().size()));

    // Decisions change rows in place; the open filter drops and takes back the row.
    const QString id = firstOpen(ReviewItemKind::Conflict);
    QVERIFY(!id.isEmpty());
    const ReviewItem before = *m_session.queueItem(id);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QVERIFY(m_session.decide(id, ReviewState::Approved, u"checked"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(reset.size(), 0);
    QCOMPARE(model.index(model.rowOf(id), ReviewQueueModel::StateColumn).data().toString(), u"Approved"_s);
    QCOMPARE(filter.rowOf(id), -1);
    QCOMPARE(filter.rowCount(), static_cast<int>(m_session.openItems().size()));
    QVERIFY(m_session.restoreItem(before));
    QVERIFY(filter.rowOf(id) >= 0);
    QCOMPARE(model.index(model.rowOf(id), 0).data(ReviewQueueModel::ItemIdRole).toString(), id);

    // Filters while the testers watch.
    filter.setKind(ReviewItemKind::Duplicate);
    filter.setStates(ReviewQueueFilter::States::All);
    filter.setText(u"crm"_s);
    filter.setStates(ReviewQueueFilter::States::Decided);
    filter.setText(QString());
    filter.setKind(std::nullopt);
    filter.setStates(ReviewQueueFilter::States::Open);

    // A run that finds the same items changes nothing.
    QSignalSpy finished(&m_session, &WorkspaceSession::runFinished);
    m_session.run();
    QVERIFY(finished.wait(120000));
    QVERIFY(finished.first().at(0).toBool());
    QCOMPARE(model.rowCount(), static_cast<int>(m_session.queue().size()));
    QCOMPARE(filter.rowCount(), static_cast<int>(m_session.openItems().size()));

    // Another workspace (here: the same file opened and closed again) resets the model.
    WorkspaceSession other;
    ReviewQueueModel otherModel(&other);
    ReviewQueueFilter otherFilter(&otherModel);
    QAbstractItemModelTester otherTester(&otherModel, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester otherFilterTester(&otherFilter,
                                               QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy otherReset(&otherModel, &QAbstractItemModel::modelReset);
    QCOMPARE(otherModel.rowCount(), 0);
    QVERIFY(other.open(m_session.path()));
    QCOMPARE(otherReset.size(), 1);
    QCOMPARE(otherModel.rowCount(), static_cast<int>(m_session.queue().size()));
    QCOMPARE(otherFilter.rowCount(), static_cast<int>(m_session.openItems().size()));
    QCOMPARE(otherModel.openCount(), static_cast<int>(m_session.openItems().size()));
    other.close();
    QCOMPARE(otherReset.size(), 2);
    QCOMPARE(otherModel.rowCount(), 0);
    QCOMPARE(otherModel.openCount(), 0);
}

void TestReviewQueue::kindsAreInStewardWords()
{
    QCOMPARE(ReviewQueueModel::kindLabel(ReviewItemKind::AmbiguousMatch), u"Possible match"_s);
    QCOMPARE(ReviewQueueModel::kindLabel(ReviewItemKind::HighStakes), u"High-stakes"_s);
    QCOMPARE(ReviewQueueModel::kindLabel(ReviewItemKind::PartialUpdate), u"Partial update"_s);
    QCOMPARE(ReviewQueueModel::kindLabel(ReviewItemKind::ChangedUnderneath), u"Changed underneath"_s);
    QCOMPARE(ReviewQueueModel::kindGroupLabel(ReviewItemKind::Duplicate), u"Duplicates"_s);
    for (ReviewItemKind kind : ReviewQueueModel::kinds())
        QVERIFY(!ReviewQueueModel::kindLabel(kind).contains(u'_'));

    const QString id = firstOpen(ReviewItemKind::Conflict);
    const ReviewItem item = *m_session.queueItem(id);
    const QString text = decisionText(item, Decision::approve());
    QCOMPARE(text, u"Approve conflict on %1 for %2"_s.arg(item.field, item.records.first()));
}

void TestReviewQueue::checkKindList(int* total)
{
    const QMap<ReviewItemKind, int> counts = openCountsInStore(m_session.store());
    *total = 0;
    for (int n : counts)
        *total += n;
    QTreeWidget* kinds = m_view->kindList();
    QCOMPARE(kinds->objectName(), u"reviewKinds"_s);
    QCOMPARE(kinds->topLevelItemCount(), 1 + static_cast<int>(ReviewQueueModel::kinds().size()));
    QCOMPARE(kinds->topLevelItem(0)->text(0), u"All"_s);
    QCOMPARE(kinds->topLevelItem(0)->text(1), QLocale().toString(*total));
    QList<ReviewItemKind> seen;
    for (int i = 1; i < kinds->topLevelItemCount(); ++i) {
        const auto kind = kinds->topLevelItem(i)->data(0, Qt::UserRole).value<ReviewItemKind>();
        QCOMPARE(kinds->topLevelItem(i)->text(0), ReviewQueueModel::kindGroupLabel(kind));
        QCOMPARE(kinds->topLevelItem(i)->text(1), QLocale().toString(counts.value(kind)));
        QCOMPARE(m_view->model()->openCount(kind), counts.value(kind));
        seen << kind;
    }
    for (auto it = counts.cbegin(); it != counts.cend(); ++it)
        QVERIFY2(seen.contains(it.key()), qPrintable(reviewItemKindName(it.key())));
}

void TestReviewQueue::kindListCountsTheStoresOpenItems()
{
    int before = 0;
    checkKindList(&before);
    if (QTest::currentTestFailed())
        return;
    QVERIFY(before > 0);
    // A decision is counted at once, and so is its undo.
    const QString id = firstOpen(ReviewItemKind::Duplicate);
    QVERIFY(!id.isEmpty());
    QVERIFY(pushReviewDecision(&m_stack, &m_session, id, Decision::approve()));
    int after = 0;
    checkKindList(&after);
    QCOMPARE(after, before - 1);
    m_stack.undo();
    checkKindList(&after);
    QCOMPARE(after, before);

    // Clicking a kind filters the table to it.
    QTreeWidget* kinds = m_view->kindList();
    QTreeWidgetItem* duplicates = kinds->findItems(u"Duplicates"_s, Qt::MatchExactly).value(0);
    QVERIFY(duplicates);
    const QRect rect = kinds->visualItemRect(duplicates);
    QTest::mouseClick(kinds->viewport(), Qt::LeftButton, {}, rect.center());
    QCOMPARE(m_view->filter()->kind(), std::optional(ReviewItemKind::Duplicate));
    QCOMPARE(m_view->filter()->rowCount(), m_view->model()->openCount(ReviewItemKind::Duplicate));
}

void TestReviewQueue::filtersByKindStateAndText()
{
    ReviewQueueFilter* filter = m_view->filter();
    m_view->setStateFilter(ReviewQueueFilter::States::All);
    QCOMPARE(filter->rowCount(), static_cast<int>(m_session.queue().size()));
    m_view->setKindFilter(ReviewItemKind::Conflict);
    for (int row = 0; row < filter->rowCount(); ++row)
        QCOMPARE(filter->index(row, 0).data(ReviewQueueModel::KindRole).value<ReviewItemKind>(),
                 ReviewItemKind::Conflict);

    // A record named in the search finds exactly the items about it.
    const ReviewItem item = *m_session.queueItem(firstOpen(ReviewItemKind::Conflict));
    m_view->setKindFilter(std::nullopt);
    m_view->setSearchText(item.records.first());
    QVERIFY(filter->rowOf(item.id) >= 0);
    for (int row = 0; row < filter->rowCount(); ++row) {
        const ReviewItem& shown = m_view->model()->item(m_view->model()->rowOf(filter->itemId(row)));
        const QString all = shown.summary + shown.detail + shown.records.join(u' ') + shown.note;
        QVERIFY(all.contains(item.records.first(), Qt::CaseInsensitive));
    }

    // Decided shows nothing open.
    QVERIFY(pushReviewDecision(&m_stack, &m_session, item.id, Decision::reject()));
    m_view->setSearchText(QString());
    m_view->setStateFilter(ReviewQueueFilter::States::Decided);
    QVERIFY(filter->rowOf(item.id) >= 0);
    QVERIFY(filter->shownOpenItems().isEmpty());
    m_stack.undo();
    QCOMPARE(filter->rowOf(item.id), -1);
}

void TestReviewQueue::keysMoveBetweenItems()
{
    QTableView* table = m_view->table();
    QCOMPARE(table->objectName(), u"reviewTable"_s);
    QVERIFY(m_view->filter()->rowCount() > 3);
    QVERIFY(m_view->selectItem(m_view->filter()->itemId(0)));
    focusTable();
    QTest::keyClick(table, Qt::Key_J);
    QCOMPARE(table->currentIndex().row(), 1);
    QTest::keyClick(table, Qt::Key_J);
    QCOMPARE(table->currentIndex().row(), 2);
    QTest::keyClick(table, Qt::Key_K);
    QCOMPARE(table->currentIndex().row(), 1);
    QCOMPARE(m_view->currentItemId(), m_view->filter()->itemId(1));
    // The whole row is selected, not one cell.
    QCOMPARE(table->selectionModel()->selectedRows().size(), 1);
    // Shortcuts are named in the tooltips.
    QVERIFY(m_view->approveAction()->toolTip().contains(u"(A)"_s));
    QVERIFY(m_view->nextAction()->toolTip().contains(u"(J)"_s));
}

void TestReviewQueue::approveKeyDecidesAndUndoes()
{
    QTableView* table = m_view->table();
    m_view->setKindFilter(ReviewItemKind::Conflict);
    QVERIFY(m_view->filter()->rowCount() >= 2);
    const QString id = m_view->filter()->itemId(0);
    const QString next = m_view->filter()->itemId(1);
    QVERIFY(m_view->selectItem(id));
    focusTable();
    QTest::keyClick(table, Qt::Key_A);
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Approved));
    QCOMPARE(m_session.store()->reviewItem(id)->decidedBy, m_session.steward());
    QCOMPARE(m_view->currentItemId(), next); // on to the next open item
    QCOMPARE(m_stack.count(), 1);
    QVERIFY(m_stack.undoText().startsWith(u"Approve conflict on "_s));
    QVERIFY(m_view->errorText().isEmpty());

    m_stack.undo();
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));
    QVERIFY(m_session.store()->reviewItem(id)->decidedBy.isEmpty());
    QCOMPARE(m_view->currentItemId(), id); // the item put back is selected again
    m_stack.redo();
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Approved));
    m_stack.undo();
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));

    // With every state shown the approved row stays, and the selection still moves on.
    m_view->setStateFilter(ReviewQueueFilter::States::All);
    QVERIFY(m_view->selectItem(id));
    focusTable();
    QTest::keyClick(table, Qt::Key_A);
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Approved));
    QVERIFY(m_view->filter()->rowOf(id) >= 0);
    QVERIFY(m_view->currentItemId() != id);
    QCOMPARE(m_session.queueItem(m_view->currentItemId())->state, ReviewState::Open);
    m_stack.undo();
}

void TestReviewQueue::rejectKey()
{
    m_view->setKindFilter(ReviewItemKind::Conflict);
    const QString id = m_view->filter()->itemId(0);
    QVERIFY(m_view->selectItem(id));
    focusTable();
    QTest::keyClick(m_view->table(), Qt::Key_R);
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Rejected));
    QVERIFY(m_stack.undoText().startsWith(u"Reject conflict"_s));
    m_stack.undo();
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));
}

void TestReviewQueue::editValueThroughTheCommand()
{
    const QString id = firstOpen(ReviewItemKind::Conflict);
    const ReviewItem before = *m_session.queueItem(id);
    QVERIFY(pushReviewDecision(&m_stack, &m_session, id, Decision::editValue(u"+1 415 555 0100"_s)));
    auto item = m_session.store()->reviewItem(id);
    QCOMPARE(item->state, ReviewState::Edited);
    QCOMPARE(item->editedValue.value_or(QString()), u"+1 415 555 0100"_s);
    QCOMPARE(m_stack.undoText(),
             u"Set %1 to \u201c+1 415 555 0100\u201d for %2"_s.arg(before.field, before.records.first()));
    m_stack.undo();
    item = m_session.store()->reviewItem(id);
    QCOMPARE(item->state, ReviewState::Open);
    QVERIFY(!item->editedValue.has_value());
    QCOMPARE(item->note, before.note);
    m_stack.redo();
    QCOMPARE(*m_session.store()->reviewItem(id)->editedValue, u"+1 415 555 0100"_s);
    m_stack.undo();

    // The view's E path is the same function: a decided item shows its value.
    QVERIFY(m_view->selectItem(id));
    QVERIFY(m_view->decideCurrent(Decision::editValue(u"+1 415 555 0199"_s)));
    QCOMPARE(*m_session.store()->reviewItem(id)->editedValue, u"+1 415 555 0199"_s);
    m_stack.undo();
}

void TestReviewQueue::editIsRefusedWithoutAField()
{
    const QString id = firstOpen(ReviewItemKind::Duplicate);
    auto refused = pushReviewDecision(&m_stack, &m_session, id, Decision::editValue(u"x"_s));
    QVERIFY(!refused);
    QVERIFY(refused.errorString().contains(u"approve or reject"_s));
    QCOMPARE(m_stack.count(), 0);
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));
    QVERIFY(m_view->selectItem(id));
    QVERIFY(!m_view->editAction()->isEnabled());
    QVERIFY(m_view->notSameAction()->isEnabled());
}

void TestReviewQueue::notTheSameCustomerIsRememberedAndUndone()
{
    QString id = firstOpen(ReviewItemKind::AmbiguousMatch);
    if (id.isEmpty())
        id = firstOpen(ReviewItemKind::Duplicate);
    QVERIFY(!id.isEmpty());
    const ReviewItem item = *m_session.queueItem(id);
    QVERIFY(!pairStored(m_session.store(), item));

    QVERIFY(m_view->selectItem(id));
    focusTable();
    QTest::keyClick(m_view->table(), Qt::Key_N);
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Rejected));
    QVERIFY(pairStored(m_session.store(), item));
    QVERIFY(m_stack.undoText().startsWith(u"Not the same customer: "_s));

    m_stack.undo();
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));
    QVERIFY(!pairStored(m_session.store(), item));
    m_stack.redo();
    QVERIFY(pairStored(m_session.store(), item));
    m_stack.undo();
    QVERIFY(!pairStored(m_session.store(), item));

    // Only a match can be two customers.
    const QString conflict = firstOpen(ReviewItemKind::Conflict);
    auto refused = pushReviewDecision(&m_stack, &m_session, conflict, Decision::notSameCustomer());
    QVERIFY(!refused);
    QCOMPARE(stateInStore(m_session, conflict), std::optional(ReviewState::Open));
}

void TestReviewQueue::bulkApprovalOfAKindIsOneStep()
{
    m_view->setKindFilter(ReviewItemKind::Conflict);
    const QStringList shown = m_view->filter()->shownOpenItems();
    QVERIFY(shown.size() >= 2);
    QMap<ReviewItemKind, int> before = openCountsInStore(m_session.store());
    QVERIFY(m_view->approveShownAction()->isEnabled());

    auto approved = m_view->approveAllShown(false);
    QVERIFY2(approved, qPrintable(approved.errorString()));
    QCOMPARE(*approved, static_cast<int>(shown.size()));
    QCOMPARE(m_stack.count(), 1);
    QCOMPARE(m_stack.undoText(), u"Approve %1 conflicts"_s.arg(shown.size()));
    for (const QString& id : shown)
        QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Approved));
    QMap<ReviewItemKind, int> after = openCountsInStore(m_session.store());
    QCOMPARE(after.value(ReviewItemKind::Conflict),
             before.value(ReviewItemKind::Conflict) - static_cast<int>(shown.size()));
    after.remove(ReviewItemKind::Conflict);
    before.remove(ReviewItemKind::Conflict);
    QCOMPARE(after, before); // nothing of another kind
    QCOMPARE(m_view->filter()->rowCount(), 0);
    QVERIFY(!m_view->approveShownAction()->isEnabled());

    m_stack.undo();
    for (const QString& id : shown)
        QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));
    QCOMPARE(m_view->filter()->shownOpenItems(), shown);
    m_stack.redo();
    for (const QString& id : shown)
        QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Approved));
    m_stack.undo();
    QCOMPARE(static_cast<int>(m_session.openItems().size()), m_view->model()->openCount());
}

void TestReviewQueue::itemSelectedNamesTheItemsCustomer()
{
    QSignalSpy selected(m_view.get(), &ReviewQueueView::itemSelected);
    m_view->setKindFilter(ReviewItemKind::Duplicate);
    const QString id = m_view->filter()->itemId(1);
    QVERIFY(m_view->selectItem(id));
    QVERIFY(!selected.isEmpty());
    const auto record = selected.last().at(0).value<RecordRef>();
    QCOMPARE(record, *m_session.recordOfItem(id));
    QVERIFY(m_session.queueItem(id)->records.contains(record.toString()));
    QVERIFY(m_session.results()->entityOf(record).has_value());
    // Moving on names the next item's customer.
    const int count = static_cast<int>(selected.size());
    focusTable();
    QTest::keyClick(m_view->table(), Qt::Key_J);
    QCOMPARE(selected.size(), count + 1);
    QVERIFY(m_session.queueItem(m_view->currentItemId())
                ->records.contains(selected.last().at(0).value<RecordRef>().toString()));
}

void TestReviewQueue::errorsAreShownNotThrown()
{
    auto missing = pushReviewDecision(&m_stack, &m_session, u"no-such-item"_s, Decision::approve());
    QVERIFY(!missing);
    QVERIFY(missing.errorString().contains(u"no-such-item"_s));
    QCOMPARE(m_stack.count(), 0);

    // The view says why it refused, in the view.
    m_view->setKindFilter(ReviewItemKind::Conflict);
    QVERIFY(m_view->selectItem(m_view->filter()->itemId(0)));
    auto refused = m_view->decideCurrent(Decision::notSameCustomer());
    QVERIFY(!refused);
    m_view->notSameAction()->setEnabled(true); // as a stale menu would have it
    m_view->notSameAction()->trigger();
    QVERIFY(m_view->errorText().contains(u"not the same customer"_s));
    // The next decision that works clears it.
    QVERIFY(m_view->decideCurrent(Decision::approve()));
    QVERIFY(m_view->errorText().isEmpty());
    m_stack.undo();
}

void TestReviewQueue::undoOfAnItemThatChangedIsRefused()
{
    const QString id = firstOpen(ReviewItemKind::Conflict);
    QVERIFY(m_view->selectItem(id));
    QVERIFY(m_view->decideCurrent(Decision::approve())); // the view's own feedback
    QCOMPARE(m_stack.count(), 1);
    // A later run saw other values behind the item: the store reopens it with a new fingerprint.
    QList<ReviewItem> current = *m_session.store()->reviewItems();
    for (ReviewItem& item : current) {
        if (item.id == id)
            item.fingerprint = u"other values"_s;
    }
    QVERIFY(m_session.store()->syncReviewItems(current));
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));

    QVERIFY(m_view->selectItem(firstOpen(ReviewItemKind::Duplicate)));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"Could not undo .*changed since"_s));
    m_stack.undo();
    QCOMPARE(m_stack.count(), 0); // the step that cannot be undone is dropped
    QVERIFY(m_view->errorText().contains(u"changed since that decision"_s));
    QCOMPARE(stateInStore(m_session, id), std::optional(ReviewState::Open));
}

QTEST_MAIN(TestReviewQueue)
#include "tst_reviewqueue.moc"
