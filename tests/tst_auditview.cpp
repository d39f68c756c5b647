// The audit view as a steward uses it on a generated demo after an apply: every written change
// listed, filters, sensitive values redacted, export of what is shown, and a rollback from the
// view that leaves the SQLite systems exactly as they were before the apply.
#include "Applier.h"
#include "AuditView.h"
#include "SessionTestSupport.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPushButton>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

class TestAuditView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void listsEveryWrittenChange();
    void filtersAndRedacts();
    void exportsWhatIsShown();
    void rollbackRestoresTheSystems();

private:
    // Every row of every SQLite system, as text: equal dumps = equal systems.
    QStringList dumpSystems() const;
    bool loadView(AuditView& view);

    QTemporaryDir m_dir;
    WorkspaceSession m_session;
    QString m_path;
    QStringList m_before;
    QString m_batch;
    qint64 m_written = 0;
};

void TestAuditView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    m_path = openGeneratedDemo(m_session, m_dir.path(), 120, 9, &message);
    QVERIFY2(!m_path.isEmpty(), qPrintable(message));
    m_before = dumpSystems();
    QVERIFY(!m_before.isEmpty());
    ApplyOptions options;
    options.steward = u"auditor-test"_s;
    auto report = applyPlan(*m_session.store(), m_session.results()->plan(), options);
    QVERIFY2(report, qPrintable(report.errorString()));
    m_batch = report->batch.id;
    m_written = report->count(u"written"_s);
    QVERIFY2(m_written > 0, "the demo's plan has writes ready");
    QVERIFY(dumpSystems() != m_before);
}

QStringList TestAuditView::dumpSystems() const
{
    QStringList dump;
    const QStringList files = QDir(m_dir.path()).entryList({u"*.sqlite"_s}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        const QString name = u"dump-"_s + file;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(QDir(m_dir.path()).filePath(file));
            if (!db.open())
                return {};
            for (const QString& table : db.tables()) {
                QSqlQuery q(db);
                q.exec(u"SELECT * FROM %1 ORDER BY 1"_s.arg(table));
                while (q.next()) {
                    QStringList values;
                    for (int c = 0; c < q.record().count(); ++c)
                        values << (q.value(c).isNull() ? u"<null>"_s : q.value(c).toString());
                    dump << file + u'|' + table + u'|' + values.join(u'|');
                }
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
    }
    return dump;
}

bool TestAuditView::loadView(AuditView& view)
{
    QSignalSpy loaded(&view, &AuditView::loaded);
    view.reload();
    return loaded.wait(30000) && loaded.first().at(0).toBool();
}

void TestAuditView::listsEveryWrittenChange()
{
    AuditView view(&m_session);
    QAbstractItemModelTester modelTester(view.model(),
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester filterTester(view.filter(),
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(loadView(view));
    QCOMPARE(view.model()->rowCount(), m_written);
    QVERIFY(view.batchBox()->findData(m_batch) >= 0);
    // Selecting a row shows its customer side by side.
    QSignalSpy selected(&view, &AuditView::recordSelected);
    view.table()->selectRow(0);
    QCOMPARE(selected.size(), 1);
    const auto record = selected.first().at(0).value<RecordRef>();
    QVERIFY(!record.system.isEmpty() && !record.sourceId.isEmpty());
}

void TestAuditView::filtersAndRedacts()
{
    AuditView view(&m_session);
    QVERIFY(loadView(view));
    auto* system = view.findChild<QComboBox*>(u"auditSystem"_s);
    QVERIFY(system && system->count() > 1);
    system->setCurrentIndex(1);
    const QString chosen = system->currentData().toString();
    QVERIFY(view.filter()->rowCount() > 0 && view.filter()->rowCount() <= m_written);
    for (const AuditRow& row : view.filter()->shownRows())
        QCOMPARE(row.entry.system, chosen);
    system->setCurrentIndex(0);
    QCOMPARE(view.filter()->rowCount(), m_written);
    // Sensitive values (bank accounts in the demo) are never shown.
    for (const AuditRow& row : view.model()->rows()) {
        if (row.entry.field == "bank_account"_L1) {
            QVERIFY(row.redacted);
            QCOMPARE(row.entry.after, u"[redacted]"_s);
        }
    }
}

void TestAuditView::exportsWhatIsShown()
{
    AuditView view(&m_session);
    QVERIFY(loadView(view));
    auto* field = view.findChild<QComboBox*>(u"auditField"_s);
    QVERIFY(field && field->count() > 1);
    field->setCurrentIndex(1);
    const int shown = view.filter()->rowCount();
    const QString csvPath = m_dir.filePath(u"audit.csv"_s);
    QVERIFY(view.exportShown(csvPath));
    QFile csv(csvPath);
    QVERIFY(csv.open(QIODevice::ReadOnly));
    QCOMPARE(csv.readAll().count('\n'), shown + 1); // the header and one line per row shown
    const QString jsonPath = m_dir.filePath(u"audit.json"_s);
    QVERIFY(view.exportShown(jsonPath));
    QFile json(jsonPath);
    QVERIFY(json.open(QIODevice::ReadOnly));
    QCOMPARE(QJsonDocument::fromJson(json.readAll()).object().value(u"audit"_s).toArray().size(), shown);
}

void TestAuditView::rollbackRestoresTheSystems()
{
    AuditView view(&m_session);
    view.show();
    QVERIFY(loadView(view));
    view.batchBox()->setCurrentIndex(view.batchBox()->findData(m_batch));
    QCOMPARE(view.filter()->rowCount(), m_written);
    QVERIFY(view.rollbackButton()->isEnabled());
    QSignalSpy rolledBack(&view, &AuditView::rolledBack);
    view.rollBackChosenBatch(false);
    QVERIFY(rolledBack.wait(60000));
    QVERIFY2(rolledBack.first().at(0).toBool(), qPrintable(rolledBack.first().at(1).toString()));
    QVERIFY2(rolledBack.first().at(1).toString().contains(u"%1 restored"_s.arg(m_written)),
             qPrintable(rolledBack.first().at(1).toString()));
    QCOMPARE(dumpSystems(), m_before);
    // The rollback is a batch of its own; the rolled-back batch cannot be rolled back twice.
    QTRY_VERIFY(!view.isBusy());
    QTRY_VERIFY(view.batchBox()->count() >= 3);
    view.batchBox()->setCurrentIndex(view.batchBox()->findData(m_batch));
    QVERIFY(!view.rollbackButton()->isEnabled());
}

QTEST_MAIN(TestAuditView)
#include "tst_auditview.moc"
