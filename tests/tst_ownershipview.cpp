// The ownership matrix as a steward edits it, on a generated demo: the model passes Qt's model
// tester, one click on a system's cell makes it the field's owner and the what-if line shows the
// session's own numbers, every edit undoes, a field with two owners is flagged and cannot be
// saved, Save reaches the store and its undo puts the store back, and nothing but Save touches
// the workspace file.
#include "OwnershipCommands.h"
#include "OwnershipMatrixModel.h"
#include "OwnershipMatrixView.h"
#include "SessionTestSupport.h"
#include "WorkspaceSession.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QCryptographicHash>
#include <QFile>
#include <QFont>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

namespace {
QStringList storedOwners(WorkspaceSession& session, const QString& field)
{
    auto governance = session.store()->governance();
    if (!governance)
        return {governance.errorString()};
    for (const FieldGovernance& g : std::as_const(*governance)) {
        if (g.field == field)
            return g.owners;
    }
    return {};
}
} // namespace

class TestOwnershipView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void modelPassesTester();
    void showsTheSavedMatrix();
    void clickMakesQuotingTheOwnerAndUndoPutsTheCrmBack();
    void keyboardMakesTheOwner();
    void ruleAndFlagsAreUndoableEdits();
    void twoOwnersAreFlaggedAndCannotBeSaved();
    void ownerWithoutAColumnIsNoted();
    void revertIsOneUndoableStep();
    void saveReachesTheStoreAndUndoRestoresIt();
    void failedSaveLeavesTheStoreAsItWas();
    void withoutAWorkspaceTheLineSaysWhy();

private:
    OwnershipMatrixModel* model() const { return m_view->model(); }
    QModelIndex cell(const QString& field, const QString& system) const;
    void click(const QModelIndex& index);

    QTemporaryDir m_dir;
    QString m_path;
    WorkspaceSession m_session;
    QUndoStack m_stack;
    std::unique_ptr<OwnershipMatrixView> m_view;
};

void TestOwnershipView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    m_path = openGeneratedDemo(m_session, m_dir.filePath(u"demo"_s), 1500, 5, &message);
    QVERIFY2(!m_path.isEmpty(), qPrintable(message));
    m_view = std::make_unique<OwnershipMatrixView>(&m_session, &m_stack);
    m_view->resize(1280, 800);
    m_view->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_view.get()));
    QCOMPARE(m_view->objectName(), u"ownershipView"_s);
    QCOMPARE(m_view->table()->objectName(), u"ownershipTable"_s);
    QCOMPARE(m_view->whatIfLabel()->objectName(), u"whatIfLabel"_s);
    QCOMPARE(m_view->saveButton()->objectName(), u"saveOwnership"_s);
}

void TestOwnershipView::init()
{
    // Every test starts from the saved matrix and an empty stack.
    QVERIFY2(!model()->isDirty(), qPrintable(model()->changedFields().join(u", "_s)));
    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"crm"_s});
    m_stack.clear();
}

QModelIndex TestOwnershipView::cell(const QString& field, const QString& system) const
{
    return model()->index(model()->rowOfField(field), model()->columnOfSystem(system));
}

void TestOwnershipView::click(const QModelIndex& index)
{
    QVERIFY(index.isValid());
    m_view->table()->scrollTo(index);
    const QRect rect = m_view->table()->visualRect(index);
    QVERIFY(!rect.isEmpty());
    QTest::mouseClick(m_view->table()->viewport(), Qt::LeftButton, {}, rect.center());
}

void TestOwnershipView::modelPassesTester()
{
    QAbstractItemModelTester tester(model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model()->rowCount(), m_session.fieldNames().size());
    QCOMPARE(model()->columnCount(), m_session.systemNames().size() + 3);
    // Edits, their undo and a reload from the session, all under the tester's eye.
    QVERIFY(model()->makeOwner(model()->rowOfField(u"email"_s), u"marketing"_s));
    QVERIFY(model()->setData(model()->index(0, model()->sensitiveColumn()), Qt::Checked, Qt::CheckStateRole));
    model()->reload();
    QCOMPARE(model()->changedFields().size(), 2);
    m_stack.undo();
    m_stack.undo();
    QVERIFY(!model()->isDirty());
}

void TestOwnershipView::showsTheSavedMatrix()
{
    QCOMPARE(model()->pending().size(), m_session.governance().size());
    const QModelIndex crm = cell(u"phone"_s, u"crm"_s);
    const QModelIndex quoting = cell(u"phone"_s, u"quoting"_s);
    QCOMPARE(crm.data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QVERIFY(crm.data().toString().contains(u"owner"_s));
    QVERIFY(crm.data(Qt::FontRole).value<QFont>().bold());
    QCOMPARE(quoting.data(Qt::CheckStateRole).toInt(), int(Qt::Unchecked));
    QCOMPARE(quoting.data().toString(), u"reads"_s);
    QVERIFY(!quoting.data(Qt::FontRole).value<QFont>().bold());
    // The quoting tool has no bank-account column: it does not read the field at all.
    QCOMPARE(cell(u"bank_account"_s, u"quoting"_s).data().toString(), u"not mapped"_s);
    // Accounting owns the bank account, which is high-stakes and sensitive.
    const int bank = model()->rowOfField(u"bank_account"_s);
    QCOMPARE(cell(u"bank_account"_s, u"accounting"_s).data(Qt::CheckStateRole).toInt(), int(Qt::Checked));
    QCOMPARE(model()->index(bank, model()->highStakesColumn()).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QCOMPARE(model()->index(bank, model()->sensitiveColumn()).data(Qt::CheckStateRole).toInt(),
             int(Qt::Checked));
    QVERIFY(model()->problems().isEmpty());
    QVERIFY(!m_view->saveButton()->isEnabled());
    QVERIFY(!m_view->revertButton()->isEnabled());
    QVERIFY(m_view->whatIfLabel()->text().startsWith(u"No changes"_s));
    // Fixed row heights.
    QCOMPARE(m_view->table()->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
}

void TestOwnershipView::clickMakesQuotingTheOwnerAndUndoPutsTheCrmBack()
{
    const QByteArray before = fileHash(m_path);
    QSignalSpy ready(&m_session, &WorkspaceSession::whatIfReady);
    click(cell(u"phone"_s, u"quoting"_s));
    QCOMPARE(model()->pendingEntry(u"phone"_s).owners, QStringList{u"quoting"_s});
    QCOMPARE(model()->savedEntry(u"phone"_s).owners, QStringList{u"crm"_s});
    QVERIFY(model()->isDirty());
    QCOMPARE(m_stack.count(), 1);
    QCOMPARE(m_stack.undoText(), u"Make quoting the owner of phone"_s);
    QVERIFY(m_view->saveButton()->isEnabled());
    QVERIFY(m_view->revertButton()->isEnabled());
    const int phone = model()->rowOfField(u"phone"_s);
    QVERIFY(model()->headerData(phone, Qt::Vertical).toString().endsWith(u"*"_s));

    QVERIFY(ready.wait(60000));
    const OwnershipWhatIf expected = m_session.computeWhatIf(model()->pending());
    QVERIFY2(expected.error.isEmpty(), qPrintable(expected.error));
    QVERIFY(expected.problems.isEmpty());
    QVERIFY(expected.changedValues > 0);
    const auto shown = ready.last().at(0).value<OwnershipWhatIf>();
    QCOMPARE(shown.changedValues, expected.changedValues);
    QCOMPARE(shown.reviewItemsAfter, expected.reviewItemsAfter);
    QCOMPARE(shown.writesAfter, expected.writesAfter);
    const QString text = m_view->whatIfLabel()->text();
    QCOMPARE(text, OwnershipMatrixView::describeWhatIf(expected, 1));
    QVERIFY2(text.startsWith(u"If saved"_s), qPrintable(text));
    for (qint64 n : {expected.changedValues, expected.reviewItemsBefore, expected.reviewItemsAfter,
                     expected.writesBefore, expected.writesAfter})
        QVERIFY2(text.contains(QLocale().toString(n)), qPrintable(text));

    // A second click on the owner changes nothing and adds no step.
    click(cell(u"phone"_s, u"quoting"_s));
    QCOMPARE(m_stack.count(), 1);

    m_stack.undo();
    QCOMPARE(model()->pendingEntry(u"phone"_s).owners, QStringList{u"crm"_s});
    QVERIFY(!model()->isDirty());
    QVERIFY(m_view->whatIfLabel()->text().startsWith(u"No changes"_s));
    QVERIFY(!m_view->saveButton()->isEnabled());
    // Redo and undo again, with another what-if: still nothing written.
    m_stack.redo();
    QVERIFY(ready.wait(60000));
    QCOMPARE(m_view->whatIfLabel()->text(), OwnershipMatrixView::describeWhatIf(expected, 1));
    m_stack.undo();
    QVERIFY(m_view->whatIfLabel()->text().startsWith(u"No changes"_s));
    QCOMPARE(fileHash(m_path), before);
    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"crm"_s});
}

void TestOwnershipView::keyboardMakesTheOwner()
{
    const QModelIndex marketing = cell(u"phone"_s, u"marketing"_s);
    m_view->table()->setFocus();
    m_view->table()->setCurrentIndex(marketing);
    QTest::keyClick(m_view->table(), Qt::Key_Space);
    QCOMPARE(model()->pendingEntry(u"phone"_s).owners, QStringList{u"marketing"_s});
    QCOMPARE(m_stack.undoText(), u"Make marketing the owner of phone"_s);
    m_stack.undo();
    QVERIFY(!model()->isDirty());
}

void TestOwnershipView::ruleAndFlagsAreUndoableEdits()
{
    const int phone = model()->rowOfField(u"phone"_s);
    const QModelIndex rule = model()->index(phone, model()->ruleColumn());
    QCOMPARE(rule.data(Qt::EditRole).toString(), u"owner"_s);

    // A click opens the rule's combo; picking a rule commits it at once.
    click(rule);
    auto* combo = m_view->table()->viewport()->findChild<QComboBox*>();
    QVERIFY(combo);
    combo->hidePopup();
    const int recency = combo->findText(u"recency"_s);
    QVERIFY(recency >= 0);
    combo->setCurrentIndex(recency);
    Q_EMIT combo->activated(recency);
    QCOMPARE(model()->pendingEntry(u"phone"_s).rule, u"recency"_s);
    QCOMPARE(m_stack.undoText(), u"Settle phone by the most recent value"_s);

    // Priority needs an order: the owner first, then the other systems.
    QVERIFY(model()->setData(rule, u"priority"_s, Qt::EditRole));
    const FieldGovernance byPriority = model()->pendingEntry(u"phone"_s);
    QCOMPARE(byPriority.rule, u"priority"_s);
    QCOMPARE(byPriority.priority.size(), m_session.systemNames().size());
    QCOMPARE(byPriority.priority.first(), u"crm"_s);
    QVERIFY(model()->problems().isEmpty());
    QVERIFY(!model()->setData(rule, u"last write wins"_s, Qt::EditRole));

    QVERIFY(model()->setData(model()->index(phone, model()->highStakesColumn()), Qt::Checked,
                             Qt::CheckStateRole));
    QVERIFY(model()->pendingEntry(u"phone"_s).highStakes);
    QCOMPARE(m_stack.undoText(), u"Require approval for changes to phone"_s);
    QVERIFY(
        model()->setData(model()->index(phone, model()->sensitiveColumn()), Qt::Checked, Qt::CheckStateRole));
    QVERIFY(model()->pendingEntry(u"phone"_s).sensitive);
    QCOMPARE(m_stack.undoText(), u"Redact phone in exported reports"_s);
    QCOMPARE(m_stack.count(), 4);
    QVERIFY(m_view->saveButton()->isEnabled());

    while (m_stack.canUndo())
        m_stack.undo();
    QVERIFY(!model()->isDirty());
    QCOMPARE(model()->pendingEntry(u"phone"_s).rule, u"owner"_s);
}

void TestOwnershipView::twoOwnersAreFlaggedAndCannotBeSaved()
{
    QSignalSpy ready(&m_session, &WorkspaceSession::whatIfReady);
    FieldGovernance email = model()->pendingEntry(u"email"_s);
    email.owners = QStringList{u"crm"_s, u"quoting"_s};
    QVERIFY(model()->propose(email));
    QCOMPARE(m_stack.undoText(), u"Let quoting also own email"_s);

    const int row = model()->rowOfField(u"email"_s);
    const QString problem = model()->problemOf(row);
    QCOMPARE(problem, u"email is owned by both crm and quoting"_s);
    QCOMPARE(model()->problems(), QStringList{problem});
    for (int c = 0; c < model()->columnCount(); ++c) {
        QVERIFY(model()->index(row, c).data(Qt::BackgroundRole).isValid());
        QVERIFY(model()->index(row, c).data(Qt::ToolTipRole).toString().contains(problem));
    }
    // Not by colour only: both owner cells are bold and marked, the row's header carries a marker.
    QVERIFY(cell(u"email"_s, u"quoting"_s).data().toString().contains(u"owner"_s));
    QVERIFY(cell(u"email"_s, u"quoting"_s).data(Qt::FontRole).value<QFont>().bold());
    QVERIFY(model()->headerData(row, Qt::Vertical).toString().startsWith(u"\u26A0"_s));
    QVERIFY(!model()->index(model()->rowOfField(u"phone"_s), 0).data(Qt::BackgroundRole).isValid());

    QVERIFY(model()->isDirty());
    QVERIFY(!m_view->saveButton()->isEnabled());
    QVERIFY(m_view->revertButton()->isEnabled());
    QVERIFY2(m_view->whatIfLabel()->text().contains(problem), qPrintable(m_view->whatIfLabel()->text()));
    m_view->save(); // refused
    QCOMPARE(m_stack.count(), 1);
    QCOMPARE(storedOwners(m_session, u"email"_s), QStringList{u"crm"_s});
    // An invalid matrix is not sent to the worker: nothing can be resolved with it.
    QTest::qWait(300);
    QCOMPARE(ready.count(), 0);

    // No owner at all is named too.
    email.owners.clear();
    QVERIFY(model()->propose(email));
    QCOMPARE(model()->problemOf(row), u"email has no owner"_s);
    QVERIFY(m_view->whatIfLabel()->text().contains(u"email has no owner"_s));

    // One click on the CRM's cell settles it.
    click(cell(u"email"_s, u"crm"_s));
    QCOMPARE(model()->pendingEntry(u"email"_s).owners, QStringList{u"crm"_s});
    QVERIFY(model()->problemOf(row).isEmpty());
    QVERIFY(!model()->index(row, 0).data(Qt::BackgroundRole).isValid());
    QVERIFY(!model()->isDirty());
    QVERIFY(m_view->whatIfLabel()->text().startsWith(u"No changes"_s));
}

void TestOwnershipView::ownerWithoutAColumnIsNoted()
{
    // The CRM has no bank-account column: allowed (the matrix is valid) but said on the what-if line.
    QSignalSpy ready(&m_session, &WorkspaceSession::whatIfReady);
    click(cell(u"bank_account"_s, u"crm"_s));
    QCOMPARE(model()->pendingEntry(u"bank_account"_s).owners, QStringList{u"crm"_s});
    QVERIFY(model()->isValid());
    QVERIFY(m_view->saveButton()->isEnabled());
    QCOMPARE(model()->notes().size(), 1);
    QVERIFY(ready.wait(60000));
    const QString text = m_view->whatIfLabel()->text();
    QVERIFY2(
        text.startsWith(OwnershipMatrixView::describeWhatIf(m_session.computeWhatIf(model()->pending()), 1)),
        qPrintable(text));
    QVERIFY2(text.contains(u"crm has no column for bank_account"_s), qPrintable(text));
    m_stack.undo();
    QVERIFY(model()->notes().isEmpty());
}

void TestOwnershipView::revertIsOneUndoableStep()
{
    click(cell(u"phone"_s, u"quoting"_s));
    click(cell(u"email"_s, u"marketing"_s));
    QStringList changed = model()->changedFields();
    changed.sort();
    QCOMPARE(changed, (QStringList{u"email"_s, u"phone"_s}));
    QTest::mouseClick(m_view->revertButton(), Qt::LeftButton);
    QVERIFY(!model()->isDirty());
    QCOMPARE(m_stack.count(), 3);
    QCOMPARE(m_stack.undoText(), u"Put back the saved ownership of 2 fields"_s);
    m_stack.undo();
    QCOMPARE(model()->pendingEntry(u"phone"_s).owners, QStringList{u"quoting"_s});
    QCOMPARE(model()->pendingEntry(u"email"_s).owners, QStringList{u"marketing"_s});
    m_stack.redo();
    QVERIFY(!model()->isDirty());
}

void TestOwnershipView::saveReachesTheStoreAndUndoRestoresIt()
{
    const QByteArray before = fileHash(m_path);
    QSignalSpy saved(m_view.get(), &OwnershipMatrixView::saved);
    QSignalSpy ownershipChanged(&m_session, &WorkspaceSession::ownershipChanged);
    click(cell(u"phone"_s, u"quoting"_s));
    QVERIFY(m_view->saveButton()->isEnabled());
    QTest::mouseClick(m_view->saveButton(), Qt::LeftButton);

    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"quoting"_s});
    QCOMPARE(ownershipChanged.count(), 1);
    QCOMPARE(saved.count(), 1);
    QCOMPARE(saved.first().at(0).toStringList(), QStringList{u"phone"_s});
    QCOMPARE(m_stack.count(), 2);
    QCOMPARE(m_stack.undoText(), u"Save ownership: make quoting the owner of phone"_s);
    QVERIFY(!model()->isDirty());
    QCOMPARE(model()->savedEntry(u"phone"_s).owners, QStringList{u"quoting"_s});
    QVERIFY(!m_view->saveButton()->isEnabled());
    QVERIFY(fileHash(m_path) != before);
    // The last run was made with the CRM as owner: the line says to run again.
    QVERIFY(m_view->whatIfLabel()->text().startsWith(u"No changes"_s));
    QVERIFY(m_view->whatIfLabel()->text().contains(u"run again"_s));

    m_stack.undo();
    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"crm"_s});
    QCOMPARE(model()->savedEntry(u"phone"_s).owners, QStringList{u"crm"_s});
    // The edit before the save is still on the stack; pending follows the store it matched.
    QCOMPARE(model()->pendingEntry(u"phone"_s).owners, QStringList{u"crm"_s});
    QVERIFY(!model()->isDirty());
    m_stack.redo();
    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"quoting"_s});
    m_stack.undo();
    m_stack.undo();
    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"crm"_s});
    QVERIFY(!model()->isDirty());
}

void TestOwnershipView::failedSaveLeavesTheStoreAsItWas()
{
    // The second entry names a field the workspace does not have: the first, already written,
    // goes back, and the step never reaches the stack.
    FieldGovernance phone = model()->savedEntry(u"phone"_s);
    FieldGovernance phoneByQuoting = phone;
    phoneByQuoting.owners = QStringList{u"quoting"_s};
    FieldGovernance unknown;
    unknown.field = u"shoe_size"_s;
    unknown.owners = QStringList{u"crm"_s};
    QString error;
    m_stack.push(new SaveOwnershipCommand(&m_session, {phone, unknown}, {phoneByQuoting, unknown},
                                          [&error](const QString& message) { error = message; }));
    QCOMPARE(m_stack.count(), 0);
    QVERIFY2(error.contains(u"shoe_size"_s), qPrintable(error));
    QCOMPARE(storedOwners(m_session, u"phone"_s), QStringList{u"crm"_s});
    QVERIFY(!model()->isDirty());

    // A save made for a workspace that is not open is refused too.
    WorkspaceSession closed;
    error.clear();
    m_stack.push(new SaveOwnershipCommand(&closed, {phone}, {phoneByQuoting},
                                          [&error](const QString& message) { error = message; }));
    QCOMPARE(m_stack.count(), 0);
    QVERIFY(!error.isEmpty());
}

void TestOwnershipView::withoutAWorkspaceTheLineSaysWhy()
{
    WorkspaceSession none;
    QUndoStack stack;
    OwnershipMatrixView view(&none, &stack);
    QCOMPARE(view.model()->rowCount(), 0);
    QVERIFY(view.table()->isHidden());
    QVERIFY(view.whatIfLabel()->text().contains(u"No workspace is open"_s));
    QVERIFY(!view.saveButton()->isEnabled());
    QVERIFY(!view.revertButton()->isEnabled());
    // Opening the workspace fills the matrix.
    QVERIFY(none.open(m_path));
    QCOMPARE(view.model()->rowCount(), m_session.fieldNames().size());
    QVERIFY(!view.table()->isHidden());
    QVERIFY(view.whatIfLabel()->text().startsWith(u"No changes"_s));
}

QTEST_MAIN(TestOwnershipView)
#include "tst_ownershipview.moc"
