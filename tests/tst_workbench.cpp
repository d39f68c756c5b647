// The workbench as a steward uses it, through the real window with mouse and keyboard: open the
// demo, filter the grid to differing customers, open one side by side (differing cells
// highlighted, the winner marked), change an owner in the matrix and see the what-if, undo it,
// approve a review item with the keyboard, and find the decision where concord-cli finds it.
#include "EntityRecordsModel.h"
#include "MainWindow.h"
#include "OwnershipMatrixModel.h"
#include "OwnershipMatrixView.h"
#include "ReconcileGridModel.h"
#include "ReconcileView.h"
#include "ReviewQueueView.h"
#include "SideBySideView.h"
#include "StartPage.h"
#include "WorkspaceSession.h"

#include <QCheckBox>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QProcess>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QUndoStack>

#ifndef CONCORD_CLI
#error "CONCORD_CLI must name the concord-cli binary"
#endif

using namespace Qt::StringLiterals;
using namespace concord;

namespace {
// Measures how long the UI thread goes without serving its event loop: a 10 ms timer that
// records the largest gap between two of its ticks.
class EventLoopProbe : public QObject
{
public:
    EventLoopProbe()
    {
        m_timer.setInterval(10);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            const qint64 now = m_clock.elapsed();
            m_worst = std::max(m_worst, now - m_last);
            m_last = now;
        });
    }
    void start()
    {
        m_clock.start();
        m_last = 0;
        m_worst = 0;
        m_timer.start();
    }
    qint64 worstGapMs() const { return m_worst; }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    qint64 m_worst = 0;
};

void clickCell(QTableView* table, const QModelIndex& index)
{
    table->scrollTo(index);
    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(index).center());
}
} // namespace

class TestWorkbench : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void fromTheGridToADecidedReviewItem();
    void uiThreadStaysResponsiveWhileALargeWorkspaceRuns();

private:
    QTemporaryDir m_dir;
};

void TestWorkbench::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // recent files and layout go to a test location
    QVERIFY(m_dir.isValid());
}

void TestWorkbench::fromTheGridToADecidedReviewItem()
{
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The start page's "Open the demo" generates it and opens it.
    QSignalSpy finished(window.session(), &WorkspaceSession::runFinished);
    window.openDemo(m_dir.filePath(u"demo"_s));
    QVERIFY(finished.wait(120000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    const QString workspace = window.session()->path();

    // Filter the grid to customers whose systems differ.
    ReconcileView* grid = window.reconcileView();
    QSignalSpy rows(grid->model(), &ReconcileGridModel::rowsReady);
    QTest::mouseClick(grid->onlyDifferences(), Qt::LeftButton);
    QVERIFY(rows.wait(10000));
    const int shown = grid->model()->rowCount();
    QVERIFY(shown > 0);
    QVERIFY(shown < grid->model()->totalEntities());

    // Open one whose difference a rule decided: its records side by side.
    const auto results = window.session()->results();
    int row = -1;
    for (int r = 0; r < shown && row < 0; ++r) {
        const std::uint32_t e = grid->model()->entityAt(r);
        for (int f = 0; f < results->fieldCount() && row < 0; ++f) {
            const FieldDecision* d = results->decision(e, f);
            if (d && !d->review && d->source != UINT32_MAX && results->records(e).size() >= 2)
                row = r;
        }
    }
    QVERIFY(row >= 0);
    clickCell(grid->table(), grid->model()->index(row, 1));
    const EntityRecordsModel* sideBySide = window.sideBySideView()->model();
    QTRY_COMPARE(sideBySide->view().entity, grid->model()->entityAt(row));
    int differing = 0;
    int winners = 0;
    for (int r = 0; r < sideBySide->rowCount(); ++r) {
        for (int c = EntityRecordsModel::FirstRecordColumn; c < sideBySide->columnCount(); ++c) {
            const QModelIndex cell = sideBySide->index(r, c);
            if (cell.data(EntityRecordsModel::DiffersRole).toBool()) {
                ++differing;
                QVERIFY(cell.data(Qt::BackgroundRole).value<QColor>().isValid());
                QVERIFY(cell.data(Qt::FontRole).value<QFont>().bold());
            }
            if (cell.data(EntityRecordsModel::WinnerRole).toBool()) {
                ++winners;
                QVERIFY(!sideBySide->index(r, EntityRecordsModel::RuleColumn).data().toString().isEmpty());
            }
        }
    }
    QVERIFY(differing > 0);
    QVERIFY(winners > 0);

    // Make quoting the owner of phone with one click; the what-if appears.
    window.showTab(window.ownershipView());
    OwnershipMatrixView* ownership = window.ownershipView();
    OwnershipMatrixModel* matrix = ownership->model();
    const int phone = matrix->rowOfField(u"phone"_s);
    const int quoting = matrix->columnOfSystem(u"quoting"_s);
    QVERIFY(phone >= 0 && quoting >= 0);
    QSignalSpy whatIf(window.session(), &WorkspaceSession::whatIfReady);
    clickCell(ownership->table(), matrix->index(phone, quoting));
    QCOMPARE(matrix->pendingEntry(u"phone"_s).owners, QStringList{u"quoting"_s});
    QVERIFY(whatIf.wait(30000));
    QTRY_VERIFY(ownership->whatIfLabel()->text().contains(u"\u2192"_s));
    QVERIFY(window.undoStack()->canUndo());

    // Undo with the keyboard: the CRM owns the phone again and nothing is pending.
    QTest::keyClick(&window, Qt::Key_Z, Qt::ControlModifier);
    QCOMPARE(matrix->pendingEntry(u"phone"_s).owners, QStringList{u"crm"_s});
    QVERIFY(!matrix->isDirty());

    // Approve a review item with the keyboard.
    window.showTab(window.reviewQueueView());
    ReviewQueueView* review = window.reviewQueueView();
    review->table()->setFocus();
    QTRY_VERIFY(!review->currentItemId().isEmpty());
    QTest::keyClick(review->table(), Qt::Key_J);
    const QString item = review->currentItemId();
    QVERIFY(!item.isEmpty());
    QCOMPARE(window.session()->queueItem(item)->state, ReviewState::Open);
    QTest::keyClick(review->table(), Qt::Key_A);
    QCOMPARE(window.session()->queueItem(item)->state, ReviewState::Approved);
    // The item's customer is the one side by side.
    const auto record = window.session()->recordOfItem(item);
    QVERIFY(record);
    QCOMPARE(window.sideBySideView()->shownRecord().has_value(), true);

    // concord-cli sees the decision.
    QProcess cli;
    cli.start(QStringLiteral(CONCORD_CLI), {u"review"_s, u"list"_s, workspace, u"--json"_s});
    QVERIFY(cli.waitForFinished(60000));
    QCOMPARE(cli.exitCode(), 0);
    const QJsonArray items =
        QJsonDocument::fromJson(cli.readAllStandardOutput()).object().value(u"items"_s).toArray();
    bool approved = false;
    for (const QJsonValue& v : items) {
        const QJsonObject o = v.toObject();
        if (o.value(u"id"_s).toString() == item)
            approved = o.value(u"state"_s).toString() == "approved"_L1;
    }
    QVERIFY2(approved, qPrintable(u"concord-cli review list does not show %1 approved"_s.arg(item)));
}

void TestWorkbench::uiThreadStaysResponsiveWhileALargeWorkspaceRuns()
{
    // 100,000 customers (about 314,000 records in four systems): loading, normalizing and
    // matching run on the worker; the UI thread only paints.
    MainWindow window;
    window.resize(1280, 800);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(window.session(), &WorkspaceSession::runFinished);
    EventLoopProbe probe;
    window.openDemo(m_dir.filePath(u"large"_s), 100000); // generated on a worker too
    probe.start();
    // openDemo generates first; wait for the run it starts afterwards.
    QVERIFY(finished.wait(600000));
    QVERIFY2(finished.first().at(0).toBool(), qPrintable(finished.first().at(1).toString()));
    // The views refresh when the run finishes: let the probe tick once more so that their work
    // on the UI thread is measured too.
    QTest::qWait(50);
    const qint64 worst = probe.worstGapMs();
    qInfo("largest gap in the UI thread's event loop while generating, loading and matching: %lld ms", worst);
    QVERIFY2(worst < 100, qPrintable(u"the UI thread was blocked for %1 ms"_s.arg(worst)));
}

QTEST_MAIN(TestWorkbench)
#include "tst_workbench.moc"
