// A value the steward proposes for a customer's field (a revert from a cell's history, or a value
// typed in) goes the normal way: an open review item, writes awaiting approval in the plan,
// approved writes, an apply that journals them; and a record that changed since the proposal is
// never overwritten by it. On a generated demo, through the session and the side-by-side view.
#include "Applier.h"
#include "EntityRecordsModel.h"
#include "SessionTestSupport.h"
#include "SideBySideView.h"

#include <QLabel>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;

class TestStewardValue : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void proposalWaitsForApprovalThenWrites();
    void changedRecordIsNeverOverwritten();
    void undoTakesTheProposalBack();
    void revertFromTheCellHistory();
    void nothingToChangeIsRefused();

private:
    // An entity whose records (two or more, in writable systems) all hold one non-blank value of
    // `field`: the steward's value then differs from every record.
    std::optional<RecordRef> agreeingCustomer(const QString& field, int skip = 0) const;
    QList<PlannedWrite> writesOf(const QString& itemId) const;
    Result<void> setValueInSystem(const RecordRef& record, const QString& field, const QString& value);

    QTemporaryDir m_dir;
    WorkspaceSession m_session;
    std::optional<RecordRef> m_written; // the customer whose email the first test wrote
    QString m_path;
};

void TestStewardValue::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    m_path = openGeneratedDemo(m_session, m_dir.path(), 300, 11, &message);
    QVERIFY2(!m_path.isEmpty(), qPrintable(message));
}

std::optional<RecordRef> TestStewardValue::agreeingCustomer(const QString& field, int skip) const
{
    const auto results = m_session.results();
    const NormalizedSnapshot& data = results->data();
    const int f = data.fieldIndex(field);
    if (f < 0)
        return std::nullopt;
    QSet<QString> writable;
    const auto config = m_session.store()->config();
    for (const SystemConfig& s : config->systems) {
        if (s.driver == "sqlite"_L1 && !s.readOnly)
            writable.insert(s.name);
    }
    for (std::uint32_t e = 0; e < results->entityCount(); ++e) {
        int mapped = 0;
        QString value;
        bool agree = true;
        for (SessionResults::Record r : results->records(e)) {
            if (!data.isMapped(f, data.systemOf(r)))
                continue;
            const QString raw = data.rawValue(f, r);
            agree = agree && writable.contains(data.system(data.systemOf(r)).system()) && !raw.isEmpty() &&
                    (value.isEmpty() || raw == value);
            value = raw;
            ++mapped;
        }
        if (agree && mapped >= 2 && results->reviewItemsOf(e).isEmpty() && skip-- == 0)
            return results->refOf(results->records(e).front());
    }
    return std::nullopt;
}

QList<PlannedWrite> TestStewardValue::writesOf(const QString& itemId) const
{
    QList<PlannedWrite> list;
    for (const PlannedWrite& w : m_session.results()->plan().writes) {
        if (w.reviewItem == itemId)
            list.append(w);
    }
    return list;
}

Result<void> TestStewardValue::setValueInSystem(const RecordRef& record, const QString& field,
                                                const QString& value)
{
    auto config = m_session.store()->config();
    if (!config)
        return config.error();
    QString column;
    for (const FieldMapping& m : std::as_const(config->mappings)) {
        if (m.system == record.system && m.field == field)
            column = m.column;
    }
    for (const SystemConfig& s : std::as_const(config->systems)) {
        if (s.name != record.system)
            continue;
        const QString name = u"steward-value-edit"_s;
        Result<void> done;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
            db.setDatabaseName(m_session.store()->resolvePath(s.database));
            if (!db.open())
                return makeError(db.lastError().text());
            QSqlQuery q(db);
            q.prepare(u"UPDATE %1 SET %2 = ? WHERE %3 = ?"_s.arg(s.entity, column, s.keyColumn));
            q.addBindValue(value);
            q.addBindValue(record.sourceId);
            if (!q.exec() || q.numRowsAffected() != 1)
                done = makeError(u"update of %1 failed: %2"_s.arg(record.toString(), q.lastError().text()));
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        return done;
    }
    return makeError(u"no system %1"_s.arg(record.system));
}

void TestStewardValue::proposalWaitsForApprovalThenWrites()
{
    const auto customer = agreeingCustomer(u"email"_s);
    QVERIFY2(customer, "the demo has a customer whose records agree on email");
    m_written = customer;
    const QString value = u"steward.choice@example.org"_s;
    auto item = m_session.proposeValue(*customer, u"email"_s, value, u"test"_s);
    QVERIFY2(item, qPrintable(item.errorString()));
    QCOMPARE(item->kind, ReviewItemKind::StewardValue);
    QCOMPARE(item->state, ReviewState::Open);
    QVERIFY(item->currentValues.size() >= 2);
    QVERIFY(m_session.openItems().contains(item->id));

    // A run keeps the proposal (no run produces it) and plans its writes, awaiting approval.
    QString message;
    QVERIFY2(runAndWait(m_session, &message), qPrintable(message));
    QVERIFY(m_session.openItems().contains(item->id));
    QList<PlannedWrite> writes = writesOf(item->id);
    QCOMPARE(writes.size(), item->currentValues.size());
    for (const PlannedWrite& w : std::as_const(writes)) {
        QCOMPARE(w.status, u"awaiting approval"_s);
        QCOMPARE(w.rule, u"steward"_s);
        QCOMPARE(w.after, value);
        QVERIFY(!w.isApplicable());
    }
    const auto entity = m_session.results()->entityOf(*customer);
    QVERIFY(entity);
    const int field = m_session.results()->data().fieldIndex(u"email"_s);
    QCOMPARE(m_session.results()->cellState(*entity, field, m_session.openItems()), CellState::Review);

    QVERIFY(m_session.decide(item->id, ReviewState::Approved, u"checked with the customer"_s));
    QVERIFY2(runAndWait(m_session, &message), qPrintable(message));
    writes = writesOf(item->id);
    QCOMPARE(writes.size(), item->currentValues.size());
    for (const PlannedWrite& w : std::as_const(writes))
        QVERIFY2(w.isApplicable(), qPrintable(w.status));

    // Apply only these writes, as `concord-cli apply` would once they are approved.
    Plan plan;
    plan.writes = writes;
    ApplyOptions options;
    options.steward = u"test"_s;
    auto report = applyPlan(*m_session.store(), plan, options);
    QVERIFY2(report, qPrintable(report.errorString()));
    QCOMPARE(report->count(u"written"_s), static_cast<qint64>(writes.size()));

    // The next run finds every record holding the value: nothing more to write.
    QVERIFY2(runAndWait(m_session, &message), qPrintable(message));
    QVERIFY(writesOf(item->id).isEmpty());
    auto view = m_session.describe(*customer);
    QVERIFY(view);
    for (const EntityField& f : view->fields) {
        if (f.name != "email"_L1)
            continue;
        for (const EntityCell& cell : f.cells) {
            if (cell.mapped)
                QCOMPARE(cell.raw, value);
        }
    }
}

void TestStewardValue::changedRecordIsNeverOverwritten()
{
    const auto customer = agreeingCustomer(u"email"_s, 3);
    QVERIFY(customer);
    auto item = m_session.proposeValue(*customer, u"email"_s, u"proposed@example.org"_s, u"test"_s);
    QVERIFY2(item, qPrintable(item.errorString()));
    QVERIFY(m_session.decide(item->id, ReviewState::Approved, QString()));
    // Someone changes one of the records in its system after the steward's proposal.
    const auto changed = RecordRef::parse(item->currentValues.constLast().record);
    QVERIFY(changed);
    auto edited = setValueInSystem(*changed, u"email"_s, u"newer@example.org"_s);
    QVERIFY2(edited, qPrintable(edited.errorString()));

    QString message;
    QVERIFY2(runAndWait(m_session, &message), qPrintable(message));
    QVERIFY2(writesOf(item->id).isEmpty(), "a stale proposal writes nothing");
    bool noted = false;
    for (const QString& note : m_session.results()->plan().notes)
        noted = noted || (note.contains(item->id) && note.contains(u"newer@example.org"_s));
    QVERIFY2(noted, "the plan says why the proposal writes nothing");
}

void TestStewardValue::undoTakesTheProposalBack()
{
    const auto customer = agreeingCustomer(u"email"_s, 5);
    QVERIFY(customer);
    QUndoStack stack;
    QSignalSpy queueChanged(&m_session, &WorkspaceSession::queueChanged);
    std::optional<ReviewItem> replaced;
    auto first = m_session.proposeValue(*customer, u"email"_s, u"first@example.org"_s, u"test"_s, &replaced);
    QVERIFY(first);
    QVERIFY(!replaced);
    // A second value for the same cell replaces the first; taking it back restores the first.
    auto second =
        m_session.proposeValue(*customer, u"email"_s, u"second@example.org"_s, u"test"_s, &replaced);
    QVERIFY(second);
    QCOMPARE(second->id, first->id);
    QVERIFY(replaced);
    QCOMPARE(*replaced->proposedValue, u"first@example.org"_s);
    QCOMPARE(*m_session.queueItem(first->id)->proposedValue, u"second@example.org"_s);
    QVERIFY(m_session.withdrawProposal(second->id, replaced));
    QCOMPARE(*m_session.queueItem(first->id)->proposedValue, u"first@example.org"_s);
    QVERIFY(m_session.withdrawProposal(first->id, std::nullopt));
    QVERIFY(!m_session.queueItem(first->id));
    QCOMPARE(queueChanged.size(), 4);
    // An approved proposal is not withdrawn behind the steward's back.
    auto third = m_session.proposeValue(*customer, u"email"_s, u"third@example.org"_s, u"test"_s);
    QVERIFY(third);
    QVERIFY(m_session.decide(third->id, ReviewState::Approved, QString()));
    QVERIFY(!m_session.withdrawProposal(third->id, std::nullopt));
    QVERIFY(m_session.restoreItem(*third));
    QVERIFY(m_session.withdrawProposal(third->id, std::nullopt));
}

void TestStewardValue::revertFromTheCellHistory()
{
    // The first test wrote the steward's email into every record of that customer: the cell's
    // history offers the value each record held before.
    const auto customer = m_written;
    QVERIFY(customer);
    QUndoStack stack;
    SideBySideView view(&m_session, &stack);
    view.resize(1280, 400);
    view.show();
    view.showRecord(*customer);
    QTRY_VERIFY(view.model()->rowCount() > 0);
    int emailRow = -1;
    for (int row = 0; row < view.model()->rowCount(); ++row) {
        if (view.model()->fieldAt(row)->name == "email"_L1)
            emailRow = row;
    }
    QVERIFY(emailRow >= 0);
    const EntityField* field = view.model()->fieldAt(emailRow);
    int column = -1;
    for (qsizetype i = 0; i < field->cells.size(); ++i) {
        if (field->cells[i].mapped && column < 0)
            column = EntityRecordsModel::FirstRecordColumn + static_cast<int>(i);
    }
    QVERIFY(column >= 0);
    view.table()->setCurrentIndex(view.model()->index(emailRow, column));
    QTRY_VERIFY2(view.history()->toHtml().contains(u"revert:0"_s), qPrintable(view.history()->toPlainText()));
    QVERIFY(view.history()->toPlainText().contains(u"Propose reverting to"_s));

    auto proposed = view.revertTo(0);
    QVERIFY2(proposed, qPrintable(proposed.errorString()));
    QCOMPARE(proposed->kind, ReviewItemKind::StewardValue);
    QVERIFY(proposed->proposedValue && *proposed->proposedValue != u"steward.choice@example.org"_s);
    QVERIFY(proposed->detail.contains(u"batch"_s));
    QVERIFY(view.message()->isVisible());
    QVERIFY(m_session.openItems().contains(proposed->id));
    QCOMPARE(stack.count(), 1);
    // The revert is about the same cell as the first test's approved proposal: it replaced it,
    // and undo puts that one back as it was.
    stack.undo();
    const auto restored = m_session.queueItem(proposed->id);
    QVERIFY(restored);
    QCOMPARE(restored->state, ReviewState::Approved);
    QCOMPARE(*restored->proposedValue, u"steward.choice@example.org"_s);
    stack.redo();
    QVERIFY(m_session.openItems().contains(proposed->id));
    QCOMPARE(*m_session.queueItem(proposed->id)->proposedValue, *proposed->proposedValue);
}

void TestStewardValue::nothingToChangeIsRefused()
{
    const auto customer = agreeingCustomer(u"email"_s, 7);
    QVERIFY(customer);
    const auto entity = m_session.results()->entityOf(*customer);
    const QString current = m_session.results()->data().rawValue(
        m_session.results()->data().fieldIndex(u"email"_s), m_session.results()->records(*entity).front());
    auto same = m_session.proposeValue(*customer, u"email"_s, current, u"test"_s);
    QVERIFY(!same);
    QVERIFY(same.errorString().contains(u"nothing to change"_s));
    auto unknown = m_session.proposeValue(*customer, u"no_such_field"_s, u"x"_s, u"test"_s);
    QVERIFY(!unknown);
    QCOMPARE(unknown.error().kind, ErrorKind::NotFound);
}

QTEST_MAIN(TestStewardValue)
#include "tst_stewardvalue.moc"
