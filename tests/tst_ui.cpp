// The systems overview as a user sees it: a workspace with two SQLite systems and a broken one.
#include "MainWindow.h"
#include "SystemColumnsModel.h"
#include "SystemSummaryModel.h"
#include "SystemsOverview.h"
#include "Workspace.h"

#include <QAbstractItemModelTester>
#include <QPushButton>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

class TestUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modelPassesTester();
    void columnRolesNameIdentityColumns();
    void overviewShowsCountsAndFields();
    void columnsOfSelectedSystem();
    void reloadButtonPicksUpNewRows();
    void brokenSystemIsShownNotHidden();

private:
    void makeTable(const QString& file, const QString& table, int rows);
    QString m_workspace;
    QTemporaryDir m_dir;
};

void TestUi::makeTable(const QString& file, const QString& table, int rows)
{
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"setup"_s);
        db.setDatabaseName(file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(
            u"CREATE TABLE IF NOT EXISTS %1 (id INTEGER PRIMARY KEY, email TEXT, state TEXT, notes TEXT)"_s
                .arg(table)));
        db.transaction();
        for (int i = 0; i < rows; ++i) {
            q.prepare(u"INSERT INTO %1 (email, state, notes) VALUES (?, ?, ?)"_s.arg(table));
            q.addBindValue(u"user%1@example.com"_s.arg(i));
            q.addBindValue(i % 2 ? u"CA"_s : u"California"_s);
            q.addBindValue(u"custom"_s);
            QVERIFY(q.exec());
        }
        db.commit();
    }
    QSqlDatabase::removeDatabase(u"setup"_s);
}

void TestUi::initTestCase()
{
    QVERIFY(m_dir.isValid());
    makeTable(m_dir.filePath(u"crm.sqlite"_s), u"contacts"_s, 25);
    makeTable(m_dir.filePath(u"billing.sqlite"_s), u"accounts"_s, 7);
    m_workspace = m_dir.filePath(u"test.concord"_s);
    auto ws = Workspace::create(m_workspace);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    WorkspaceConfig config;
    config.systems = {
        SystemConfig{
            u"crm"_s, u"sqlite"_s, {}, 0, u"crm.sqlite"_s, {}, u"contacts"_s, {}, {}, u"US"_s, u"YMD"_s},
        SystemConfig{u"billing"_s,
                     u"sqlite"_s,
                     {},
                     0,
                     u"billing.sqlite"_s,
                     {},
                     u"accounts"_s,
                     {},
                     {},
                     u"US"_s,
                     u"MDY"_s}};
    config.fields = {CanonicalField{u"email"_s, u"email"_s, {}}, CanonicalField{u"state"_s, u"state"_s, {}}};
    config.mappings = {FieldMapping{u"crm"_s, u"email"_s, u"email"_s},
                       FieldMapping{u"crm"_s, u"state"_s, u"state"_s},
                       FieldMapping{u"billing"_s, u"email"_s, u"email"_s}};
    auto replaced = (*ws)->replaceConfig(config);
    QVERIFY2(replaced, qPrintable(replaced.errorString()));
}

void TestUi::modelPassesTester()
{
    SystemSummaryModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SystemLoadReport ok;
    ok.system = u"crm"_s;
    ok.rows = 10;
    ok.mapped = {FieldMapping{u"crm"_s, u"mail"_s, u"email"_s}};
    ok.unmappedColumns = {u"lead_source"_s};
    SystemLoadReport failed;
    failed.system = u"erp"_s;
    failed.error = u"cannot connect"_s;
    model.setReports({ok, failed});
    QCOMPARE(model.rowCount(), 2);
    ok.columns = {
        {u"id"_s, u"INTEGER"_s, true}, {u"mail"_s, u"TEXT"_s, false}, {u"lead_source"_s, u"TEXT"_s, false}};
    model.setReports({ok, failed});
    QCOMPARE(model.index(0, SystemSummaryModel::MappedColumn).data().toString(), u"1 of 3 columns"_s);
    QCOMPARE(model.index(0, SystemSummaryModel::UnmappedColumn).data().toString(), u"1: lead_source"_s);
    QCOMPARE(model.index(1, SystemSummaryModel::StatusColumn).data().toString(), u"cannot connect"_s);
    QVERIFY(!model.index(1, SystemSummaryModel::RecordsColumn).data().isValid());
    model.setReports({});
    QCOMPARE(model.rowCount(), 0);
}

void TestUi::overviewShowsCountsAndFields()
{
    MainWindow window;
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QSignalSpy finished(window.systemsOverview(), &SystemsOverview::loadFinished);
    window.openWorkspace(m_workspace);
    window.showTab(window.systemsOverview()); // the systems are read when the tab is looked at
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toBool(), true);
    auto* table = window.findChild<QTableView*>(u"systemsTable"_s);
    QVERIFY(table);
    QAbstractItemModel* model = table->model();
    QCOMPARE(model->rowCount(), 2);
    QCOMPARE(model->index(0, SystemSummaryModel::SystemColumn).data().toString(), u"crm"_s);
    QCOMPARE(model->index(0, SystemSummaryModel::RecordsColumn).data(Qt::UserRole).toLongLong(), 25);
    QCOMPARE(model->index(1, SystemSummaryModel::RecordsColumn).data(Qt::UserRole).toLongLong(), 7);
    QCOMPARE(model->index(0, SystemSummaryModel::MappedColumn).data().toString(), u"2 of 4 columns"_s);
    QCOMPARE(model->index(1, SystemSummaryModel::UnmappedColumn).data().toString(), u"2: state, notes"_s);
}

// The key, the version column and the soft-delete flag are each named for what they are.
void TestUi::columnRolesNameIdentityColumns()
{
    SystemColumnsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    SystemLoadReport report;
    report.system = u"crm"_s;
    report.columns = {ColumnInfo{u"id"_s, u"INTEGER"_s, true}, ColumnInfo{u"email"_s, u"TEXT"_s, false},
                      ColumnInfo{u"updated_at"_s, u"TEXT"_s, false},
                      ColumnInfo{u"archived"_s, u"INTEGER"_s, false},
                      ColumnInfo{u"lead_source"_s, u"TEXT"_s, false}};
    report.mapped = {FieldMapping{u"crm"_s, u"email"_s, u"email"_s}};
    report.identityColumns = {u"id"_s, u"updated_at"_s, u"archived"_s};
    report.versionColumn = u"updated_at"_s;
    report.softDeleteColumn = u"archived"_s;
    report.unmappedColumns = {u"lead_source"_s};
    model.setReport(report);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.roleOf(0), SystemColumnsModel::Role::SourceId);
    QCOMPARE(model.roleOf(1), SystemColumnsModel::Role::Mapped);
    QCOMPARE(model.roleOf(2), SystemColumnsModel::Role::Version);
    QCOMPARE(model.roleOf(3), SystemColumnsModel::Role::SoftDelete);
    QCOMPARE(model.roleOf(4), SystemColumnsModel::Role::Unmapped);
    QVERIFY(
        model.index(3, SystemColumnsModel::RoleColumn).data().toString().startsWith(u"soft-delete flag"_s));
}

void TestUi::columnsOfSelectedSystem()
{
    SystemsOverview overview;
    QSignalSpy finished(&overview, &SystemsOverview::loadFinished);
    overview.setWorkspacePath(m_workspace);
    QVERIFY(finished.wait(20000));
    auto* systems = overview.findChild<QTableView*>(u"systemsTable"_s);
    auto* columns = overview.findChild<QTableView*>(u"columnsTable"_s);
    QVERIFY(systems && columns);
    QCOMPARE(columns->model()->rowCount(), 4); // the first system is selected after a load
    SystemColumnsModel* model = overview.columnsModel();
    QCOMPARE(model->index(0, SystemColumnsModel::RoleColumn).data().toString(), u"source id"_s);
    QCOMPARE(model->index(1, SystemColumnsModel::RoleColumn).data().toString(), u"\u2192 email"_s);
    QCOMPARE(model->index(3, SystemColumnsModel::RoleColumn).data().toString(), u"unmapped (custom field)"_s);
    systems->selectRow(1); // billing: only email is mapped
    QCOMPARE(model->roleOf(1), SystemColumnsModel::Role::Mapped);
    QCOMPARE(model->roleOf(2), SystemColumnsModel::Role::Unmapped);
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    systems->selectRow(0);
    QCOMPARE(model->roleOf(2), SystemColumnsModel::Role::Mapped);
}

void TestUi::reloadButtonPicksUpNewRows()
{
    SystemsOverview overview;
    overview.show();
    QSignalSpy finished(&overview, &SystemsOverview::loadFinished);
    overview.setWorkspacePath(m_workspace);
    QVERIFY(finished.wait(20000));
    makeTable(m_dir.filePath(u"billing.sqlite"_s), u"accounts"_s, 3);
    auto* reload = overview.findChild<QPushButton*>(u"reloadButton"_s);
    QVERIFY(reload && reload->isEnabled());
    QTest::mouseClick(reload, Qt::LeftButton);
    QVERIFY(finished.wait(20000));
    QCOMPARE(overview.model()->index(1, SystemSummaryModel::RecordsColumn).data(Qt::UserRole).toLongLong(),
             10);
}

void TestUi::brokenSystemIsShownNotHidden()
{
    {
        auto ws = Workspace::open(m_workspace);
        QVERIFY(ws);
        auto added = (*ws)->addSystem(
            SystemConfig{u"erp"_s, u"sqlite"_s, {}, 0, u"missing.sqlite"_s, {}, u"t"_s, {}, {}, {}, {}});
        QVERIFY2(added, qPrintable(added.errorString()));
    }
    SystemsOverview overview;
    QSignalSpy finished(&overview, &SystemsOverview::loadFinished);
    overview.setWorkspacePath(m_workspace);
    QVERIFY(finished.wait(20000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QCOMPARE(overview.model()->rowCount(), 3);
    const QString status = overview.model()->index(2, SystemSummaryModel::StatusColumn).data().toString();
    QVERIFY2(status.contains("missing.sqlite"_L1) && status.contains("does not exist"_L1),
             qPrintable(status));
    QFileInfo missing(m_dir.filePath(u"missing.sqlite"_s));
    QVERIFY(!missing.exists()); // reading never creates a steward's file
}

QTEST_MAIN(TestUi)
#include "tst_ui.moc"
