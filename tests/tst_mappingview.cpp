// The mapping editor as a steward uses it on a generated demo: a system's columns against the
// canonical fields, a custom column mapped to a field added here (picked in the table's editor),
// the sample values normalized in the preview with the failures counted, undo, a field fed by
// two columns refused, and Save writing the system's mapping.
#include "MappingModel.h"
#include "MappingView.h"
#include "SessionTestSupport.h"

#include <QAbstractItemModelTester>
#include <QComboBox>
#include <QPushButton>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

class TestMappingView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modelPassesTheTester();
    void customColumnIsFlaggedAndMappedThroughTheEditor();
    void previewNormalizesTheSample();
    void fieldFedTwiceIsRefused();

private:
    bool showSystem(MappingView& view, const QString& system);
    int rowOf(const MappingView& view, const QString& column) const;

    QTemporaryDir m_dir;
    WorkspaceSession m_session;
    QString m_path;
};

void TestMappingView::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    m_path = openGeneratedDemo(m_session, m_dir.path(), 80, 5, &message);
    QVERIFY2(!m_path.isEmpty(), qPrintable(message));
}

bool TestMappingView::showSystem(MappingView& view, const QString& system)
{
    QSignalSpy loaded(&view, &MappingView::sampleLoaded);
    view.reload();
    if (view.systemBox()->currentText() != system) {
        if (!loaded.isEmpty() || loaded.wait(20000))
            loaded.clear();
        view.systemBox()->setCurrentText(system);
        view.showSystem(system);
    }
    return (!loaded.isEmpty() || loaded.wait(20000)) && view.model()->system().name == system;
}

int TestMappingView::rowOf(const MappingView& view, const QString& column) const
{
    return view.model()->rowOfColumn(column);
}

void TestMappingView::modelPassesTheTester()
{
    QUndoStack stack;
    MappingView view(&m_session, &stack);
    QAbstractItemModelTester tester(view.model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    QVERIFY(showSystem(view, u"crm"_s));
    QVERIFY(view.model()->rowCount() > 5);
    view.model()->setData(view.model()->index(0, MappingModel::FieldColumn), u"email"_s);
    stack.undo();
}

void TestMappingView::customColumnIsFlaggedAndMappedThroughTheEditor()
{
    QUndoStack stack;
    MappingView view(&m_session, &stack);
    view.resize(1280, 600);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    QVERIFY(showSystem(view, u"crm"_s));
    const int row = rowOf(view, u"lead_source"_s);
    QVERIFY2(row >= 0, "the demo's crm has a custom column lead_source");
    const QModelIndex field = view.model()->index(row, MappingModel::FieldColumn);
    QCOMPARE(field.data().toString(), u"not mapped (custom column)"_s);
    QVERIFY(!view.saveButton()->isEnabled());

    QVERIFY(view.addField(u"lead_source"_s, u"text"_s));
    QVERIFY(!view.addField(u"email"_s, u"text"_s)); // exists
    QVERIFY(!view.addField(u"tier"_s, u"no_such_type"_s));
    // Pick the new field in the table's own editor, as a person does.
    view.table()->setCurrentIndex(field);
    view.table()->edit(field);
    auto* editor = view.table()->viewport()->findChild<QComboBox*>();
    QVERIFY(editor);
    editor->setCurrentIndex(editor->findData(u"lead_source"_s));
    QTest::keyClick(editor, Qt::Key_Return);
    QTRY_COMPARE(view.model()->fieldOf(row), u"lead_source"_s);
    QVERIFY(field.data().toString().contains(u"lead_source *"_s));
    QVERIFY(view.saveButton()->isEnabled());
    QCOMPARE(stack.count(), 1);
    stack.undo();
    QCOMPARE(view.model()->fieldOf(row), QString());
    stack.redo();
    QCOMPARE(view.model()->fieldOf(row), u"lead_source"_s);

    QSignalSpy loaded(&view, &MappingView::sampleLoaded);
    auto saved = view.save();
    QVERIFY2(saved, qPrintable(saved.errorString()));
    auto mappings = m_session.store()->mappings(u"crm"_s);
    QVERIFY(mappings);
    bool mapped = false;
    for (const FieldMapping& m : std::as_const(*mappings))
        mapped = mapped || (m.column == "lead_source"_L1 && m.field == "lead_source"_L1);
    QVERIFY2(mapped, "Save wrote crm.lead_source -> lead_source");
    auto fields = m_session.store()->fields();
    QVERIFY(fields);
    QVERIFY(std::any_of(fields->cbegin(), fields->cend(), [](const CanonicalField& f) {
        return f.name == "lead_source"_L1 && f.type == "text"_L1;
    }));
    QVERIFY(loaded.wait(20000)); // the editor reads the system again, now saved
    QVERIFY(!view.model()->isDirty());
}

void TestMappingView::previewNormalizesTheSample()
{
    QUndoStack stack;
    MappingView view(&m_session, &stack);
    view.resize(1280, 600);
    view.show();
    QVERIFY(showSystem(view, u"crm"_s));
    const int phone = rowOf(view, u"phone"_s);
    QVERIFY(phone >= 0);
    view.table()->selectRow(phone);
    const QString preview = view.preview()->toPlainText();
    QVERIFY2(preview.contains(u"phone \u2192 phone"_s), qPrintable(preview));
    // Each sample value is shown beside its normalized form (E.164 for phones).
    QString normalized;
    for (const MappingModel::SampleValue& v : view.model()->sampleOf(phone)) {
        if (v.problem.isEmpty() && !v.normalized.isEmpty() && normalized.isEmpty())
            normalized = v.normalized;
    }
    QVERIFY2(normalized.startsWith(u"+"_s), qPrintable(normalized));
    QVERIFY2(preview.contains(normalized), qPrintable(preview));
    // Mapped to a date, the phone numbers fail: the preview counts and lists them first.
    QVERIFY(
        view.model()->setData(view.model()->index(phone, MappingModel::FieldColumn), u"last_invoice_date"_s));
    const int failed =
        view.model()->index(phone, MappingModel::FailsColumn).data(MappingModel::FailCountRole).toInt();
    QVERIFY(failed > 0);
    QVERIFY(view.preview()->toPlainText().contains(u"\u26A0"_s));
    QVERIFY(view.preview()->toPlainText().contains(u"%1 of"_s.arg(failed)));
    view.revert();
    QVERIFY(!view.model()->isDirty());
}

void TestMappingView::fieldFedTwiceIsRefused()
{
    QUndoStack stack;
    MappingView view(&m_session, &stack);
    QVERIFY(showSystem(view, u"crm"_s));
    const int city = rowOf(view, u"city"_s);
    QVERIFY(city >= 0);
    QVERIFY(view.model()->setData(view.model()->index(city, MappingModel::FieldColumn), u"street"_s));
    QVERIFY(!view.model()->problems().isEmpty());
    const QByteArray before = fileHash(m_path);
    auto saved = view.save();
    QVERIFY(!saved);
    QVERIFY(saved.errorString().contains(u"street"_s));
    QCOMPARE(fileHash(m_path), before);
    stack.undo();
    QVERIFY(view.model()->problems().isEmpty());
}

QTEST_MAIN(TestMappingView)
#include "tst_mappingview.moc"
