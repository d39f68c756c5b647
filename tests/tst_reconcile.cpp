// The reconcile grid and the side-by-side record view on a generated demo: the filter is right
// for every kind of criterion, both models pass QAbstractItemModelTester, and the widgets show
// a differing customer with its differing cells and its winner.
#include "EntityRecordsModel.h"
#include "GridFilter.h"
#include "ReconcileGridModel.h"
#include "ReconcileView.h"
#include "SessionTestSupport.h"
#include "SideBySideView.h"
#include "WorkspaceSession.h"

#include <QAbstractItemModelTester>
#include <QCheckBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

class TestReconcile : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void filterKeepsExactlyTheMatchingCustomers_data();
    void filterKeepsExactlyTheMatchingCustomers();
    void textFindsByIdAndValue();
    void sortOrdersByResolvedValue();
    void gridModelPassesTester();
    void staleSortColumnSortsNothing();
    void clearingTheFilterWinsOverARunningPass();
    void gridCellsCarryStateAndReason();
    void entityModelPassesTester();
    void viewsShowADifferingCustomer();

private:
    std::uint32_t differingEntity() const;
    QTemporaryDir m_dir;
    WorkspaceSession m_session;
};

void TestReconcile::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    QVERIFY2(!openGeneratedDemo(m_session, m_dir.filePath(u"demo"_s), 1200, 11, &message).isEmpty(),
             qPrintable(message));
}

std::uint32_t TestReconcile::differingEntity() const
{
    const auto results = m_session.results();
    // A customer with several records and a decided difference that needs no person.
    for (const FieldDecision& d : results->resolved().resolution.decisions) {
        if (!d.review && results->records(d.entity).size() >= 3 && d.source != UINT32_MAX)
            return d.entity;
    }
    return 0;
}

void TestReconcile::filterKeepsExactlyTheMatchingCustomers_data()
{
    QTest::addColumn<bool>("onlyDifferences");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("system");
    QTest::addColumn<int>("review");
    QTest::newRow("everything") << false << QString() << QString() << 0;
    QTest::newRow("only differences") << true << QString() << QString() << 0;
    QTest::newRow("phone") << false << u"phone"_s << QString() << 0;
    QTest::newRow("marketing") << false << QString() << u"marketing"_s << 0;
    QTest::newRow("waiting for review") << false << QString() << QString() << 1;
    QTest::newRow("nothing to review") << false << QString() << QString() << 2;
    QTest::newRow("differences in email, in quoting") << true << u"email"_s << u"quoting"_s << 0;
}

void TestReconcile::filterKeepsExactlyTheMatchingCustomers()
{
    QFETCH(bool, onlyDifferences);
    QFETCH(QString, field);
    QFETCH(QString, system);
    QFETCH(int, review);
    const auto results = m_session.results();
    const NormalizedSnapshot& data = results->data();
    GridFilter filter;
    filter.onlyDifferences = onlyDifferences;
    filter.field = field.isEmpty() ? -1 : data.fieldIndex(field);
    filter.system = system.isEmpty() ? -1 : data.systemIndex(system);
    filter.review = static_cast<GridFilter::Review>(review);
    const std::vector<std::uint32_t> rows = filterEntities(*results, m_session.openItems(), filter);

    // The same question asked the slow way, one customer at a time, through the entity view.
    std::vector<std::uint32_t> expected;
    for (std::uint32_t e = 0; e < results->entityCount(); ++e) {
        bool keep = !onlyDifferences || results->hasDifference(e);
        if (keep && filter.field >= 0) {
            const CellState s = results->cellState(e, filter.field, m_session.openItems());
            keep = s != CellState::Agree;
        }
        if (keep && filter.system >= 0) {
            bool has = false;
            for (auto r : results->records(e))
                has = has || data.systemOf(r) == filter.system;
            keep = has;
        }
        if (keep && review != 0) {
            const EntityView view = describeEntityAt(*results, m_session.queue(), e);
            bool waiting = false;
            for (const EntityField& f : view.fields)
                waiting = waiting || f.state == CellState::Review || f.reviewKind.has_value();
            for (const ReviewItem& item : view.reviewItems)
                waiting = waiting || (item.state == ReviewState::Open &&
                                      results->plan().reviewItems.end() !=
                                          std::find_if(results->plan().reviewItems.begin(),
                                                       results->plan().reviewItems.end(),
                                                       [&](const ReviewItem& i) { return i.id == item.id; }));
            keep = review == 1 ? waiting : !waiting;
        }
        if (keep)
            expected.push_back(e);
    }
    QCOMPARE(rows.size(), expected.size());
    QVERIFY(rows == expected);
    if (QByteArray(QTest::currentDataTag()) != "everything")
        QVERIFY(rows.size() < results->entityCount());
    QVERIFY(!rows.empty());
}

void TestReconcile::textFindsByIdAndValue()
{
    const auto results = m_session.results();
    const std::uint32_t e = differingEntity();
    const auto records = results->records(e);
    const RecordRef ref = results->refOf(records.front());
    GridFilter filter;
    // A source id finds its customer.
    filter.text = ref.sourceId;
    std::vector<std::uint32_t> rows = filterEntities(*results, {}, filter);
    QVERIFY(std::find(rows.begin(), rows.end(), e) != rows.end());
    // A raw value, in another case, finds it too.
    const int email = results->data().fieldIndex(u"email"_s);
    QString value;
    for (auto r : records) {
        if (value.isEmpty())
            value = results->data().rawValue(email, r);
    }
    QVERIFY(!value.isEmpty());
    filter.text = value.toUpper();
    rows = filterEntities(*results, {}, filter);
    QVERIFY(std::find(rows.begin(), rows.end(), e) != rows.end());
    QVERIFY(rows.size() < 5);
    filter.text = u"no customer is called this \u00e9\u00e8"_s;
    QVERIFY(filterEntities(*results, {}, filter).empty());
}

void TestReconcile::sortOrdersByResolvedValue()
{
    const auto results = m_session.results();
    const int state = results->data().fieldIndex(u"state"_s);
    GridFilter filter;
    filter.sortColumn = 1 + state;
    const std::vector<std::uint32_t> rows = filterEntities(*results, {}, filter);
    QCOMPARE(rows.size(), static_cast<std::size_t>(results->entityCount()));
    for (std::size_t i = 1; i < rows.size(); ++i) {
        const QString a = results->resolvedValue(rows[i - 1], state);
        const QString b = results->resolvedValue(rows[i], state);
        if (b.isEmpty())
            continue; // blanks last
        QVERIFY2(!a.isEmpty() && a.compare(b, Qt::CaseInsensitive) <= 0, qPrintable(a + u" > "_s + b));
    }
    filter.descending = true;
    const std::vector<std::uint32_t> down = filterEntities(*results, {}, filter);
    QCOMPARE(results->resolvedValue(down.front(), state)
                     .compare(results->resolvedValue(rows.back(), state), Qt::CaseInsensitive) >= 0,
             true);
}

void TestReconcile::gridModelPassesTester()
{
    ReconcileGridModel model(&m_session);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QCOMPARE(model.rowCount(), static_cast<int>(m_session.results()->entityCount()));
    QCOMPARE(model.columnCount(), 1 + m_session.results()->fieldCount());
    GridFilter filter;
    filter.onlyDifferences = true;
    QSignalSpy ready(&model, &ReconcileGridModel::rowsReady);
    model.setFilter(filter);
    model.waitForRows();
    QVERIFY(model.rowCount() > 0);
    QVERIFY(model.rowCount() < static_cast<int>(m_session.results()->entityCount()));
    model.sort(2, Qt::DescendingOrder);
    model.waitForRows();
    model.setFilter(GridFilter());
    QCOMPARE(model.rowCount(), static_cast<int>(m_session.results()->entityCount()));
    QVERIFY(ready.size() >= 3);
}

void TestReconcile::staleSortColumnSortsNothing()
{
    // A sort column left from a workspace with more fields must not read past this one's.
    const auto results = m_session.results();
    GridFilter filter;
    filter.sortColumn = results->fieldCount() + 5;
    const std::vector<std::uint32_t> rows = filterEntities(*results, {}, filter);
    QCOMPARE(rows.size(), static_cast<std::size_t>(results->entityCount()));
    QCOMPARE(rows.front(), 0u);
}

void TestReconcile::clearingTheFilterWinsOverARunningPass()
{
    ReconcileGridModel model(&m_session);
    GridFilter search;
    search.text = u"smith"_s;
    model.setFilter(search);
    model.setFilter(GridFilter()); // cleared before the search's rows came back
    QCOMPARE(model.rowCount(), static_cast<int>(m_session.results()->entityCount()));
    model.waitForRows();
    QTest::qWait(50); // the search's finished signal, if still queued, arrives here
    QCOMPARE(model.rowCount(), static_cast<int>(m_session.results()->entityCount()));
}

void TestReconcile::gridCellsCarryStateAndReason()
{
    ReconcileGridModel model(&m_session);
    const std::uint32_t e = differingEntity();
    const int row = model.rowOfEntity(e);
    QVERIFY(row >= 0);
    const auto results = m_session.results();
    int resolved = 0;
    for (int f = 0; f < results->fieldCount(); ++f) {
        const QModelIndex cell = model.index(row, 1 + f);
        QCOMPARE(cell.data().toString(), results->resolvedValue(e, f));
        const auto state = static_cast<CellState>(cell.data(ReconcileGridModel::CellStateRole).toInt());
        if (state == CellState::Resolved) {
            ++resolved;
            QVERIFY(cell.data(Qt::BackgroundRole).value<QColor>().isValid());
            QVERIFY(cell.data(Qt::FontRole).value<QFont>().bold());
            QVERIFY(cell.data(Qt::ToolTipRole).toString().contains(u"rule"_s));
        }
    }
    QVERIFY(resolved >= 1);
}

void TestReconcile::entityModelPassesTester()
{
    EntityRecordsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    auto view =
        describeEntity(*m_session.results(), m_session.queue(),
                       m_session.results()->refOf(m_session.results()->records(differingEntity()).front()));
    QVERIFY(view);
    const int records = static_cast<int>(view->records.size());
    model.setView(*view);
    QCOMPARE(model.columnCount(), EntityRecordsModel::FirstRecordColumn + records);
    QCOMPARE(model.rowCount(), m_session.results()->fieldCount());
    model.clear();
    QCOMPARE(model.rowCount(), 0);
}

void TestReconcile::viewsShowADifferingCustomer()
{
    ReconcileView grid(&m_session);
    QUndoStack undoStack;
    SideBySideView sideBySide(&m_session, &undoStack);
    connect(&grid, &ReconcileView::recordSelected, &sideBySide, &SideBySideView::showRecord);
    grid.resize(1280, 500);
    sideBySide.resize(1280, 330);
    grid.show();
    sideBySide.show();
    QVERIFY(QTest::qWaitForWindowExposed(&grid));

    QSignalSpy ready(grid.model(), &ReconcileGridModel::rowsReady);
    QTest::mouseClick(grid.onlyDifferences(), Qt::LeftButton);
    QVERIFY(ready.wait(10000));
    QVERIFY(grid.countText().contains(u"Showing"_s));
    const std::uint32_t e = differingEntity();
    const int row = grid.model()->rowOfEntity(e);
    QVERIFY(row >= 0);
    grid.table()->scrollTo(grid.model()->index(row, 1));
    const QRect cell = grid.table()->visualRect(grid.model()->index(row, 1));
    QTest::mouseClick(grid.table()->viewport(), Qt::LeftButton, {}, cell.center());
    QTRY_COMPARE(sideBySide.model()->view().entity, e);

    int differing = 0;
    int winners = 0;
    const EntityRecordsModel* m = sideBySide.model();
    for (int r = 0; r < m->rowCount(); ++r) {
        for (int c = EntityRecordsModel::FirstRecordColumn; c < m->columnCount(); ++c) {
            const QModelIndex i = m->index(r, c);
            if (i.data(EntityRecordsModel::DiffersRole).toBool()) {
                ++differing;
                QVERIFY(i.data(Qt::BackgroundRole).value<QColor>().isValid());
            }
            if (i.data(EntityRecordsModel::WinnerRole).toBool()) {
                ++winners;
                QVERIFY(!i.data(Qt::DecorationRole).value<QIcon>().isNull());
                const QString rule = m->index(r, EntityRecordsModel::RuleColumn).data().toString();
                QVERIFY2(rule.contains(u"owner:"_s) || rule.contains(u"most recent:"_s) ||
                             rule.contains(u"priority:"_s),
                         qPrintable(rule));
            }
        }
    }
    QVERIFY(differing >= 1);
    QVERIFY(winners >= 1);
    QVERIFY(sideBySide.evidence()->toPlainText().contains(u"score"_s));

    // The search box narrows the grid to the customer with that e-mail address.
    QSignalSpy again(grid.model(), &ReconcileGridModel::rowsReady);
    const auto results = m_session.results();
    grid.search()->setText(
        results->data().value(results->data().fieldIndex(u"email"_s), results->records(e).front()));
    QVERIFY(again.wait(10000));
    QVERIFY(grid.model()->rowOfEntity(e) >= 0);
    QVERIFY(grid.model()->rowCount() < 10);
}

QTEST_MAIN(TestReconcile)
#include "tst_reconcile.moc"
