// The session layer the window stands on, tested without widgets on a generated demo: the
// entity view agrees with the plan and with the truth, a what-if writes nothing, decisions
// and their undo reach the store, a run can be cancelled.
#include "EntityView.h"
#include "Planner.h"
#include "SessionTestSupport.h"
#include "TruthFile.h"
#include "WorkspaceSession.h"
#include "normalize/Normalize.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

using namespace concord::test;

class TestSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void recordRefParses_data();
    void recordRefParses();
    void entityViewAgreesWithPlan();
    void entityRecordsAreTheTruths();
    void unknownRecordIsAnError();
    void previewPlanEqualsThePlanAndWritesNothing();
    void whatIfCountsAndLeavesTheFileAlone();
    void whatIfNamesAnInvalidMatrix();
    void decisionAndUndoReachTheStore();
    void notTheSameCustomerIsRemembered();
    void reviewItemsCarryTheirData();
    void cancelStopsARun();
    void closeDuringARunInstallsNothing();
    void invalidMatrixFailsWithItsKind();

private:
    QTemporaryDir m_dir;
    QString m_workspace;
    QString m_truth;
    WorkspaceSession m_session;
};

void TestSession::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QString message;
    m_workspace = openGeneratedDemo(m_session, m_dir.filePath(u"demo"_s), 1500, 7, &message);
    QVERIFY2(!m_workspace.isEmpty(), qPrintable(message));
    m_truth = m_dir.filePath(u"demo/truth.csv"_s);
    QVERIFY(m_session.results());
    QVERIFY(m_session.results()->entityCount() > 1000);
    QVERIFY(!m_session.queue().isEmpty());
}

void TestSession::recordRefParses_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("id");
    QTest::newRow("plain") << u"crm:1001"_s << true << u"crm"_s << u"1001"_s;
    QTest::newRow("id with colons") << u"erp:a:b:c"_s << true << u"erp"_s << u"a:b:c"_s;
    QTest::newRow("no colon") << u"crm1001"_s << false << QString() << QString();
    QTest::newRow("no system") << u":1001"_s << false << QString() << QString();
    QTest::newRow("no id") << u"crm:"_s << false << QString() << QString();
}

void TestSession::recordRefParses()
{
    QFETCH(QString, text);
    QFETCH(bool, valid);
    const auto ref = RecordRef::parse(text);
    QCOMPARE(ref.has_value(), valid);
    if (valid) {
        QFETCH(QString, system);
        QFETCH(QString, id);
        QCOMPARE(ref->system, system);
        QCOMPARE(ref->sourceId, id);
        QCOMPARE(ref->toString(), text);
    }
}

void TestSession::entityViewAgreesWithPlan()
{
    const auto results = m_session.results();
    const Plan& plan = results->plan();
    // 50 entities that the plan writes to: each write's value is the entity view's winner.
    QList<qint64> entities;
    for (const PlannedWrite& w : plan.writes) {
        if (w.entity >= 0 && !entities.contains(w.entity) && w.rule != "steward"_L1)
            entities.append(w.entity);
        if (entities.size() == 50)
            break;
    }
    QCOMPARE(entities.size(), 50);
    int compared = 0;
    for (qint64 e : entities) {
        const auto first = results->records(static_cast<std::uint32_t>(e));
        QVERIFY(!first.empty());
        auto view = m_session.describe(results->refOf(first.front()));
        QVERIFY2(view, qPrintable(view.errorString()));
        QCOMPARE(view->entity, static_cast<std::uint32_t>(e));
        QCOMPARE(view->records.size(), static_cast<qsizetype>(first.size()));
        for (const EntityField& field : view->fields) {
            for (qsizetype c = 0; c < field.cells.size(); ++c) {
                for (const PlannedWrite& w : field.cells[c].writes) {
                    // The plan renders the winner in the target's own style; both are the same value.
                    const QString written = Normalizer::apply(field.type, w.after, NormalizeContext()).key;
                    const QString winner =
                        Normalizer::apply(field.type, field.resolved, NormalizeContext()).key;
                    QVERIFY2(written == winner,
                             qPrintable(u"%1 %2: plan writes '%3', the view's winner is '%4'"_s.arg(
                                 view->records[c].toString(), field.name, w.after, field.resolved)));
                    QCOMPARE(w.system, view->records[c].system);
                    QCOMPARE(w.rowId, view->records[c].sourceId);
                    QVERIFY(!field.rule.isEmpty());
                    QVERIFY(field.state == CellState::Resolved || field.state == CellState::Review);
                    ++compared;
                }
            }
        }
        // Evidence for every pair of records (entities here are small).
        const qsizetype n = view->records.size();
        QCOMPARE(view->evidence.size(), std::min<qsizetype>(n * (n - 1) / 2, EntityView::maxEvidencePairs));
        for (const EntityPair& pair : view->evidence)
            QVERIFY(!pair.evidence.rule.isEmpty());
    }
    QVERIFY(compared >= 50);
}

void TestSession::entityRecordsAreTheTruths()
{
    const auto results = m_session.results();
    auto truth = readTruthFile(m_truth, results->data());
    QVERIFY2(truth, qPrintable(truth.errorString()));
    QHash<qint64, QSet<QString>> recordsOfCustomer;
    for (SessionResults::Record r = 0; r < results->data().recordCount(); ++r)
        recordsOfCustomer[truth->labelOfRecord[r]].insert(results->refOf(r).toString());
    int right = 0;
    int checked = 0;
    for (std::uint32_t e = 0; e < results->entityCount() && checked < 50; e += 29, ++checked) {
        const auto records = results->records(e);
        auto view = m_session.describe(results->refOf(records.front()));
        QVERIFY(view);
        const qint64 label = truth->labelOfRecord[records.front()];
        QSet<QString> viewRecords;
        for (const RecordRef& ref : view->records)
            viewRecords.insert(ref.toString());
        if (viewRecords == recordsOfCustomer.value(label))
            ++right;
    }
    QCOMPARE(checked, 50);
    // Matching is near perfect on the demo (README: F1 0.9999): every sampled entity is the truth's customer.
    QVERIFY2(right >= 49, qPrintable(u"%1 of 50 entities hold exactly the truth's records"_s.arg(right)));
}

void TestSession::unknownRecordIsAnError()
{
    auto view = m_session.describe(RecordRef{u"crm"_s, u"no-such-id"_s});
    QVERIFY(!view);
    QVERIFY(view.errorString().contains(u"crm:no-such-id"_s));
    view = m_session.describe(RecordRef{u"erp"_s, u"1"_s});
    QVERIFY(!view);
}

void TestSession::previewPlanEqualsThePlanAndWritesNothing()
{
    const QByteArray before = fileHash(m_workspace);
    const auto results = m_session.results();
    auto preview = computePlan(results->resolved(), results->run(), m_session.queue());
    QVERIFY2(preview, qPrintable(preview.errorString()));
    QCOMPARE(fileHash(m_workspace), before);
    const Plan& plan = results->plan();
    QCOMPARE(preview->writes.size(), plan.writes.size());
    for (qsizetype i = 0; i < plan.writes.size(); ++i) {
        QCOMPARE(preview->writes[i].rowId, plan.writes[i].rowId);
        QCOMPARE(preview->writes[i].after, plan.writes[i].after);
        QCOMPARE(preview->writes[i].status, plan.writes[i].status);
    }
    QCOMPARE(preview->reviewItems.size(), plan.reviewItems.size());
    QCOMPARE(preview->sync.added, 0); // the run already brought the queue in line
}

void TestSession::whatIfCountsAndLeavesTheFileAlone()
{
    const QByteArray before = fileHash(m_workspace);
    QList<FieldGovernance> governance = m_session.governance();
    // Quoting instead of the CRM owns the phone: resolved phones change, writes move.
    bool changed = false;
    for (FieldGovernance& g : governance) {
        if (g.field == "phone"_L1) {
            g.owners = QStringList{u"quoting"_s};
            changed = true;
        }
    }
    QVERIFY(changed);
    const OwnershipWhatIf whatIf = m_session.computeWhatIf(governance);
    QVERIFY2(whatIf.error.isEmpty(), qPrintable(whatIf.error));
    QVERIFY(whatIf.problems.isEmpty());
    QVERIFY(whatIf.changedValues > 0);
    QCOMPARE(whatIf.writesBefore, m_session.results()->plan().writes.size());
    QVERIFY(whatIf.writesAfter != whatIf.writesBefore || whatIf.reviewItemsAfter != whatIf.reviewItemsBefore);

    // The same on the worker, through the signal.
    QSignalSpy ready(&m_session, &WorkspaceSession::whatIfReady);
    m_session.previewGovernance(governance);
    QVERIFY(ready.wait(60000));
    const auto async = ready.first().at(0).value<OwnershipWhatIf>();
    QCOMPARE(async.changedValues, whatIf.changedValues);
    QCOMPARE(async.writesAfter, whatIf.writesAfter);

    // The unchanged matrix changes nothing.
    const OwnershipWhatIf same = m_session.computeWhatIf(m_session.governance());
    QCOMPARE(same.changedValues, 0);
    QCOMPARE(same.writesAfter, same.writesBefore);
    QCOMPARE(fileHash(m_workspace), before);
}

void TestSession::whatIfNamesAnInvalidMatrix()
{
    QList<FieldGovernance> governance = m_session.governance();
    governance[0].owners = QStringList{u"crm"_s, u"quoting"_s};
    const OwnershipWhatIf whatIf = m_session.computeWhatIf(governance);
    QCOMPARE(whatIf.problems.size(), 1);
    QVERIFY(whatIf.problems.first().contains(governance[0].field));
    QCOMPARE(whatIf.writesAfter, 0);
}

void TestSession::decisionAndUndoReachTheStore()
{
    QString id;
    for (const ReviewItem& item : m_session.queue()) {
        if (item.state == ReviewState::Open && item.kind == ReviewItemKind::Conflict) {
            id = item.id;
            break;
        }
    }
    QVERIFY(!id.isEmpty());
    const ReviewItem before = *m_session.queueItem(id);
    QSignalSpy queueChanged(&m_session, &WorkspaceSession::queueChanged);
    QVERIFY(m_session.decide(id, ReviewState::Approved, u"checked"_s));
    QCOMPARE(queueChanged.size(), 1);
    QCOMPARE(m_session.queueItem(id)->state, ReviewState::Approved);
    QVERIFY(!m_session.openItems().contains(id));
    QCOMPARE(m_session.store()->reviewItem(id)->decidedBy, m_session.steward());

    QVERIFY(m_session.restoreItem(before));
    QCOMPARE(m_session.queueItem(id)->state, ReviewState::Open);
    QVERIFY(m_session.openItems().contains(id));
    QCOMPARE(m_session.store()->reviewItem(id)->note, before.note);

    // An edit carries the steward's value.
    QVERIFY(m_session.decide(id, ReviewState::Edited, QString(), u"+1 415 555 0100"_s));
    QCOMPARE(*m_session.store()->reviewItem(id)->editedValue, u"+1 415 555 0100"_s);
    QVERIFY(m_session.restoreItem(before));
    QVERIFY(!m_session.store()->reviewItem(id)->editedValue.has_value());

    // A decision about values the steward was not shown is refused.
    QVERIFY(!m_session.store()->decideReviewItem(id, ReviewState::Approved, u"x"_s, QString(), std::nullopt,
                                                 QString(), u"an older fingerprint"_s));
    QCOMPARE(m_session.store()->reviewItem(id)->state, ReviewState::Open);
    // An item whose values changed since cannot be put back to a stale state.
    ReviewItem stale = before;
    stale.fingerprint = u"something else"_s;
    QVERIFY(!m_session.restoreItem(stale));
}

void TestSession::notTheSameCustomerIsRemembered()
{
    QString id;
    for (const ReviewItem& item : m_session.queue()) {
        if (item.state == ReviewState::Open &&
            (item.kind == ReviewItemKind::Duplicate || item.kind == ReviewItemKind::AmbiguousMatch)) {
            id = item.id;
            break;
        }
    }
    QVERIFY(!id.isEmpty());
    const ReviewItem item = *m_session.queueItem(id);
    QVERIFY(m_session.decideDifferent(id, QString()));
    QCOMPARE(m_session.queueItem(id)->state, ReviewState::Rejected);
    auto decisions = m_session.store()->matchDecisions();
    QVERIFY(decisions);
    bool found = false;
    for (const MatchDecision& d : *decisions) {
        const QString a = d.systemA + u':' + d.sourceIdA;
        const QString b = d.systemB + u':' + d.sourceIdB;
        found = found || (!d.same && item.records.contains(a) && item.records.contains(b));
    }
    QVERIFY(found);
    // The next run keeps the two records apart.
    QString message;
    QVERIFY2(runAndWait(m_session, &message), qPrintable(message));
    const auto results = m_session.results();
    const auto a = results->entityOf(*RecordRef::parse(item.records[0]));
    const auto b = results->entityOf(*RecordRef::parse(item.records[1]));
    QVERIFY(a && b);
    QVERIFY(*a != *b);
}

void TestSession::reviewItemsCarryTheirData()
{
    // Schema 5: a field item names its customer, what each of its records holds and what the plan
    // proposes, as stored data; match items name their customer.
    const auto results = m_session.results();
    int fieldItems = 0;
    int matchItems = 0;
    for (const PlannedWrite& w : results->plan().writes) {
        if (w.reviewItem.isEmpty() || w.rule == "steward"_L1)
            continue;
        auto stored = m_session.store()->reviewItem(w.reviewItem);
        QVERIFY2(stored, qPrintable(stored.errorString()));
        if (stored->field.isEmpty() || stored->state != ReviewState::Open)
            continue;
        QCOMPARE(stored->entityRef, w.system + u':' + w.rowId);
        QVERIFY(stored->proposedValue.has_value());
        QCOMPARE(*stored->proposedValue, w.after);
        bool target = false;
        for (const RecordValue& v : stored->currentValues) {
            const auto entity = results->entityOf(*RecordRef::parse(v.record));
            QVERIFY(entity);
            QCOMPARE(static_cast<qint64>(*entity), w.entity);
            if (v.record == stored->entityRef) {
                target = true;
                QCOMPARE(v.value, w.before);
            }
        }
        QVERIFY(target);
        ++fieldItems;
    }
    for (const ReviewItem& item : m_session.queue()) {
        if (item.kind == ReviewItemKind::Duplicate) {
            QCOMPARE(item.entityRef, item.records.first());
            QVERIFY(!item.proposedValue.has_value());
            ++matchItems;
        }
    }
    QVERIFY(fieldItems > 10);
    QVERIFY(matchItems > 0);
    QCOMPARE(reviewStateFromName(u"edited"_s), std::optional<ReviewState>(ReviewState::Edited));
    QVERIFY(!reviewStateFromName(u"maybe"_s));
}

void TestSession::closeDuringARunInstallsNothing()
{
    WorkspaceSession other;
    QVERIFY(other.open(m_workspace));
    QSignalSpy results(&other, &WorkspaceSession::resultsChanged);
    QSignalSpy finished(&other, &WorkspaceSession::runFinished);
    other.run();
    other.close(); // waits for the worker; the run's answer belongs to the closed workspace
    const int afterClose = static_cast<int>(results.size());
    QTest::qWait(200);
    QVERIFY(!other.results());
    QVERIFY(!other.isOpen());
    QCOMPARE(results.size(), afterClose);
    QCOMPARE(finished.size(), 0);
}

void TestSession::cancelStopsARun()
{
    QSignalSpy finished(&m_session, &WorkspaceSession::runFinished);
    QSignalSpy busy(&m_session, &WorkspaceSession::busyChanged);
    const auto previous = m_session.results();
    m_session.run();
    QVERIFY(m_session.isBusy());
    m_session.cancel();
    QVERIFY(finished.wait(30000));
    QCOMPARE(finished.first().at(0).toBool(), false);
    QVERIFY(finished.first().at(1).toString().contains(u"cancel"_s));
    QCOMPARE(busy.size(), 2);
    QCOMPARE(m_session.results(), previous); // the last good results stay
    QCOMPARE(m_session.lastError().kind, ErrorKind::Cancelled);
}

void TestSession::invalidMatrixFailsWithItsKind()
{
    // A field with two owners: the run says so with a kind the window turns into a remedy, the
    // last good results stay, and the message carries no command-line wording.
    const QList<FieldGovernance> saved = m_session.governance();
    FieldGovernance twice = saved.first();
    twice.owners = QStringList{u"crm"_s, u"quoting"_s};
    QVERIFY(m_session.setGovernance(twice));
    const auto previous = m_session.results();
    QString message;
    QVERIFY(!runAndWait(m_session, &message));
    QCOMPARE(m_session.lastError().kind, ErrorKind::InvalidOwnership);
    QVERIFY(message.contains(twice.field));
    QVERIFY(!message.contains(u"concord-cli"_s));
    QCOMPARE(m_session.results(), previous);
    QVERIFY(m_session.setGovernance(saved.first()));
    QVERIFY2(runAndWait(m_session, &message), qPrintable(message));
    QCOMPARE(m_session.lastError().kind, ErrorKind::Failed);
    QVERIFY(m_session.lastError().message.isEmpty());
}

QTEST_MAIN(TestSession)
#include "tst_session.moc"
