// The system dialog and the systems view as a steward uses them: a CSV export added with its
// first rows shown as parsed, a key column that does not exist refused with the columns that do,
// a bad connection shown with its exact error, and a system added, changed and removed through
// the Systems tab's buttons.
#include "SessionTestSupport.h"
#include "SystemDialog.h"
#include "SystemSummaryModel.h"
#include "SystemsOverview.h"
#include "TestServers.h"

#include <QApplication>
#include <QComboBox>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardItemModel>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

class TestSystemDialog : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvExportShowsItsRowsAsParsed();
    void missingKeyColumnIsRefused();
    void badConnectionShowsTheExactError();
    void wrongPasswordShowsTheServersAnswer();
    void systemsTabAddsEditsAndRemoves();

private:
    bool testAndWait(SystemDialog& dialog);
    QString writeFile(const QString& name, const QByteArray& bytes);
    QString makeSqlite(const QString& name);

    QTemporaryDir m_dir;
};

void TestSystemDialog::initTestCase()
{
    QVERIFY(m_dir.isValid());
}

QString TestSystemDialog::writeFile(const QString& name, const QByteArray& bytes)
{
    QFile f(m_dir.filePath(name));
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size())
        return QString();
    return f.fileName();
}

QString TestSystemDialog::makeSqlite(const QString& name)
{
    const QString path = m_dir.filePath(name);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"make"_s);
        db.setDatabaseName(path);
        if (!db.open())
            return QString();
        QSqlQuery q(db);
        q.exec(u"CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, email TEXT, updated_at TEXT)"_s);
        q.exec(u"INSERT INTO customers VALUES (1, 'Ada Lovelace', 'ada@example.org', '2026-01-01')"_s);
        q.exec(u"INSERT INTO customers VALUES (2, 'Alan Turing', 'alan@example.org', '2026-01-02')"_s);
        db.close();
    }
    QSqlDatabase::removeDatabase(u"make"_s);
    return path;
}

bool TestSystemDialog::testAndWait(SystemDialog& dialog)
{
    QSignalSpy tested(&dialog, &SystemDialog::tested);
    QTest::mouseClick(dialog.testButton(), Qt::LeftButton);
    return tested.wait(20000) || tested.size() == 1;
}

void TestSystemDialog::csvExportShowsItsRowsAsParsed()
{
    const QString csv = writeFile(u"shop.csv"_s, "\xEF\xBB\xBF"
                                                 "customer_id;name;city\n"
                                                 "S-1;Ada Lovelace;London\n"
                                                 "S-2;\"Turing; Alan\";Wilmslow\n"
                                                 "S-3;Grace Hopper;New York\n");
    QVERIFY(!csv.isEmpty());
    SystemDialog dialog(m_dir.path(), {u"crm"_s}, std::nullopt, {});
    dialog.show();
    QTest::keyClicks(dialog.nameEdit(), u"shop"_s);
    dialog.driverBox()->setCurrentIndex(dialog.driverBox()->findData(u"csv"_s));
    QVERIFY(dialog.fileEdit()->isVisible());
    QVERIFY(!dialog.hostEdit()->isVisible());
    QTest::keyClicks(dialog.fileEdit(), u"shop.csv"_s);
    QVERIFY(testAndWait(dialog));
    QVERIFY2(dialog.sample().ok(), qPrintable(dialog.statusText()));
    QCOMPARE(dialog.sample().rows, 3);
    QVERIFY2(dialog.statusText().contains(u"3 rows"_s), qPrintable(dialog.statusText()));
    QVERIFY2(dialog.sample().format.contains(u"semicolon"_s), qPrintable(dialog.sample().format));
    QVERIFY(dialog.sample().format.contains(u"byte-order mark"_s));
    auto* preview = qobject_cast<QStandardItemModel*>(dialog.previewTable()->model());
    QVERIFY(preview);
    QCOMPARE(preview->rowCount(), 3);
    QCOMPARE(preview->columnCount(), 3);
    QCOMPARE(preview->item(1, 1)->text(), u"Turing; Alan"_s);
    QCOMPARE(preview->headerData(0, Qt::Horizontal).toString(), u"customer_id"_s);
    // The id-like column is proposed as the key; Save accepts.
    QCOMPARE(dialog.keyBox()->currentData().toString(), u"customer_id"_s);
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));
    const SystemConfig saved = dialog.system();
    QCOMPARE(saved.name, u"shop"_s);
    QCOMPARE(saved.driver, u"csv"_s);
    QCOMPARE(saved.database, u"shop.csv"_s);
    QCOMPARE(saved.entity, u"shop"_s);
    QCOMPARE(saved.keyColumn, u"customer_id"_s);
}

void TestSystemDialog::missingKeyColumnIsRefused()
{
    const QString db = makeSqlite(u"crm.sqlite"_s);
    QVERIFY(!db.isEmpty());
    SystemConfig existing;
    existing.name = u"crm"_s;
    existing.driver = u"sqlite"_s;
    existing.database = u"crm.sqlite"_s;
    existing.entity = u"customers"_s;
    existing.keyColumn = u"customer_no"_s; // a column the table does not have
    const QList<FieldMapping> mappings{{u"crm"_s, u"email"_s, u"email"_s},
                                       {u"crm"_s, u"phone"_s, u"phone"_s}};
    SystemDialog dialog(m_dir.path(), {}, existing, mappings);
    dialog.show();
    QVERIFY(!dialog.nameEdit()->isEnabled() || dialog.nameEdit()->isReadOnly());
    QVERIFY(testAndWait(dialog));
    QVERIFY2(dialog.sample().ok(), qPrintable(dialog.statusText()));
    QVERIFY(dialog.tableBox()->findText(u"customers"_s) >= 0);
    QVERIFY(dialog.keyBox()->currentText().contains(u"not in the source"_s));
    QSignalSpy finished(&dialog, &QDialog::finished);
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QCOMPARE(finished.size(), 0);
    const QString status = dialog.statusText();
    QVERIFY2(status.contains(u"customer_no"_s) && status.contains(u"id, name, email, updated_at"_s),
             qPrintable(status));
    QVERIFY2(status.contains(u"'phone'"_s), "the mapped column that is missing is named too");

    // Choosing the primary key and dropping the missing mapping's complaint is up to the steward:
    // with the key fixed, only the mapping remains.
    dialog.keyBox()->setCurrentIndex(dialog.keyBox()->findData(QString()));
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QVERIFY(!dialog.statusText().contains(u"customer_no"_s));
    QVERIFY(dialog.statusText().contains(u"'phone'"_s));
}

void TestSystemDialog::badConnectionShowsTheExactError()
{
    SystemDialog dialog(m_dir.path(), {}, std::nullopt, {});
    dialog.show();
    QTest::keyClicks(dialog.nameEdit(), u"billing"_s);
    dialog.driverBox()->setCurrentIndex(dialog.driverBox()->findData(u"postgresql"_s));
    QCOMPARE(dialog.portBox()->value(), 5432);
    dialog.hostEdit()->setText(u"127.0.0.1"_s);
    dialog.portBox()->setValue(1); // nothing listens there
    QTest::keyClicks(dialog.databaseEdit(), u"billing"_s);
    QTest::keyClicks(dialog.userEdit(), u"concord"_s);
    QTest::keyClicks(dialog.passwordEdit(), u"secret"_s);
    QVERIFY(testAndWait(dialog));
    QVERIFY(!dialog.sample().ok());
    QVERIFY2(dialog.statusText().contains(u"127.0.0.1"_s) || dialog.statusText().contains(u"refused"_s),
             qPrintable(dialog.statusText()));
    QVERIFY2(!dialog.statusText().contains(u"secret"_s), "the password is never shown");
    QSignalSpy finished(&dialog, &QDialog::finished);
    dialog.tableBox()->setEditText(u"customers"_s);
    QTest::mouseClick(dialog.saveButton(), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isTesting());
    QCOMPARE(finished.size(), 0);
}

void TestSystemDialog::wrongPasswordShowsTheServersAnswer()
{
    const auto server = postgres();
    CONCORD_REQUIRE_SERVER(server, "PostgreSQL");
    SystemDialog dialog(m_dir.path(), {}, std::nullopt, {});
    dialog.show();
    QTest::keyClicks(dialog.nameEdit(), u"billing"_s);
    dialog.driverBox()->setCurrentIndex(dialog.driverBox()->findData(u"postgresql"_s));
    dialog.hostEdit()->setText(server->host);
    dialog.portBox()->setValue(server->port);
    dialog.databaseEdit()->setText(server->database);
    dialog.userEdit()->setText(server->user);
    dialog.passwordEdit()->setText(server->password + u"-wrong"_s);
    QVERIFY(testAndWait(dialog));
    if (dialog.sample().ok())
        QSKIP("the test server trusts loopback connections: any password is accepted");
    QVERIFY2(dialog.statusText().contains(u"password"_s, Qt::CaseInsensitive),
             qPrintable(dialog.statusText()));
    // With the right password the server lists its tables.
    dialog.passwordEdit()->setText(server->password);
    QVERIFY(testAndWait(dialog));
    QVERIFY2(dialog.sample().ok(), qPrintable(dialog.statusText()));
}

void TestSystemDialog::systemsTabAddsEditsAndRemoves()
{
    QTemporaryDir dir;
    QString message;
    WorkspaceSession session;
    const QString path = openGeneratedDemo(session, dir.path(), 60, 3, &message);
    QVERIFY2(!path.isEmpty(), qPrintable(message));
    QVERIFY(QFile::copy(m_dir.filePath(u"shop.csv"_s), dir.filePath(u"extra.csv"_s)));
    const QByteArray before = fileHash(path);

    SystemsOverview overview(&session);
    overview.resize(1280, 600);
    overview.show();
    QSignalSpy loaded(&overview, &SystemsOverview::loadFinished);
    overview.setWorkspacePath(path);
    QVERIFY(loaded.wait(30000));
    const int systemsBefore = overview.model()->rowCount();

    // Add: the dialog is modal; a person fills it in.
    QTimer::singleShot(0, this, [&] {
        auto* dialog = qobject_cast<SystemDialog*>(QApplication::activeModalWidget());
        QVERIFY(dialog);
        QTest::keyClicks(dialog->nameEdit(), u"extra"_s);
        dialog->driverBox()->setCurrentIndex(dialog->driverBox()->findData(u"csv"_s));
        QTest::keyClicks(dialog->fileEdit(), u"extra.csv"_s);
        QSignalSpy tested(dialog, &SystemDialog::tested);
        QTest::mouseClick(dialog->saveButton(), Qt::LeftButton); // tests first, then saves
        QVERIFY(tested.wait(20000));
    });
    QTest::mouseClick(overview.findChild<QPushButton*>(u"addSystemButton"_s), Qt::LeftButton);
    QVERIFY(loaded.wait(30000));
    QCOMPARE(overview.model()->rowCount(), systemsBefore + 1);
    auto added = session.store()->system(u"extra"_s);
    QVERIFY2(added, qPrintable(added.errorString()));
    QCOMPARE(added->keyColumn, u"customer_id"_s);
    QVERIFY(fileHash(path) != before);

    // Test connections: every system answers, the status column says so.
    QSignalSpy tested(&overview, &SystemsOverview::connectionsTested);
    QTest::mouseClick(overview.findChild<QPushButton*>(u"testConnectionsButton"_s), Qt::LeftButton);
    QVERIFY(tested.wait(30000));
    const int extraRow = overview.model()->rowCount() - 1;
    QCOMPARE(overview.model()->index(extraRow, SystemSummaryModel::StatusColumn).data().toString(),
             u"reachable: 3 rows"_s);
    QCOMPARE(overview.model()->index(extraRow, SystemSummaryModel::WritesColumn).data().toString(),
             u"never (an export)"_s);

    // Remove, after a confirmation that names the system.
    auto* table = overview.findChild<QTableView*>(u"systemsTable"_s);
    table->selectRow(extraRow);
    QTimer::singleShot(0, this, [&] {
        auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
        QVERIFY(box);
        QVERIFY(box->text().contains(u"extra"_s));
        for (QAbstractButton* button : box->buttons()) {
            if (box->buttonRole(button) == QMessageBox::DestructiveRole)
                button->click();
        }
    });
    QTest::mouseClick(overview.findChild<QPushButton*>(u"removeSystemButton"_s), Qt::LeftButton);
    QVERIFY(loaded.wait(30000));
    QCOMPARE(overview.model()->rowCount(), systemsBefore);
    QVERIFY(!session.store()->system(u"extra"_s));
}

QTEST_MAIN(TestSystemDialog)
#include "tst_systemdialog.moc"
