// Guards of write-back that a review found missing, driven through the built concord-cli on
// generated SQLite demos (MergeCliSupport.h) and checked against the databases themselves: a merge
// is written all or nothing; only one apply or rollback runs on a workspace at a time (a lock left
// by a killed process is taken over); a row changed under apply makes it exit 4. The engine-level
// guards are in tst_applyguards_engine.cpp; the tables are read back through the test's own
// connections.

#include "MergeCliSupport.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace concord::test;

namespace {

const QString kLockMessage = u"another apply or rollback is running"_s;

QString describeRow(const JournalRow& e)
{
    return u"%1 #%2 %3:%4 %5 %6 -> %7 [%8] %9"_s.arg(e.batch).arg(e.seq).arg(
        e.system, e.rowId, e.column, shownValue(e.before), shownValue(e.after), e.state, e.error);
}

} // namespace

class TstApplyGuards : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void mergeIsWrittenAllOrNothing();
    void applyWritesTheReviewedPlanOnly();
    void oneApplyAtATime();
    void lockOfAKilledApplyIsTakenOver();
    void changedUnderneathNeedsAPerson();

private:
    // Starts `apply --rows-per-transaction 5` slowed down by delayMs per row.
    void startSlowApply(QProcess& process, const Demo& demo, int delayMs);
    // Polls the journal until it has a written entry (or the process ends, or 60 s pass).
    qint64 waitForWritten(const Demo& demo, const QProcess& process, QString* pollError);

    QTemporaryDir m_dir; // the generated demos
};

void TstApplyGuards::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
    QVERIFY(m_dir.isValid());
}

void TstApplyGuards::startSlowApply(QProcess& process, const Demo& demo, int delayMs)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"CONCORD_NO_KEYRING"_s, u"1"_s);
    env.insert(u"USER"_s, u"tester"_s);
    env.insert(u"CONCORD_TEST_APPLY_ROW_DELAY_MS"_s, QString::number(delayMs));
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(demo.dir);
    SHOW_PLAN(demo);
    process.start(QStringLiteral(CONCORD_CLI),
                  {u"apply"_s, demo.workspace, u"--rows-per-transaction"_s, u"5"_s});
}

qint64 TstApplyGuards::waitForWritten(const Demo& demo, const QProcess& process, QString* pollError)
{
    QElapsedTimer timer;
    timer.start();
    qint64 written = 0;
    while (written == 0 && timer.elapsed() < 60000 && process.state() == QProcess::Running) {
        QThread::msleep(10);
        *pollError = withWorkspaceDb(demo.workspace, false, [&](QSqlDatabase& db) -> QString {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT COUNT(*) FROM journal WHERE state = 'written'"_s) || !q.next())
                return q.lastError().text(); // busy: poll again
            written = q.value(0).toLongLong();
            return QString();
        });
    }
    return written;
}

// The plan a steward reviewed is the plan applied: a row edited after `plan` (without its version
// column moving) is refused and sent back to review, not overwritten with the owner's value; apply
// refuses with no plan, a superseded plan, a plan applied already and a plan older than a decision.
void TstApplyGuards::applyWritesTheReviewedPlanOnly()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"reviewed"_s, 300, 1, QString(), &demo));
    Run r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"no reviewed plan"_s), qPrintable(r.describe(3000)));

    const QJsonObject plan = planJson(demo);
    const QString planId = plan.value(u"plan"_s).toString();
    QVERIFY2(!planId.isEmpty(), "plan --json names no plan");
    QJsonObject target; // a write needing no approval into a SQLite table, not into its version column
    for (const QJsonValue& v : plan.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        const SystemTable* s = demo.system(w.value(u"system"_s).toString());
        if (s && s->driver == "sqlite"_L1 && w.value(u"status"_s).toString() == "ready"_L1 &&
            w.value(u"column"_s).toString() != s->versionColumn) {
            target = w;
            break;
        }
    }
    QVERIFY2(!target.isEmpty(), "the plan has no ready write into a SQLite system");
    const QString system = target.value(u"system"_s).toString();
    const QString rowId = target.value(u"rowId"_s).toString();
    const QString column = target.value(u"column"_s).toString();
    const SystemTable* s = demo.system(system);
    const QString edited = u"edited after the plan"_s;
    QCOMPARE(execSql(demo, system,
                     u"UPDATE %1 SET %2 = ? WHERE %3 = ?"_s.arg(tableName(*s), columnName(*s, column),
                                                                columnName(*s, s->key)),
                     {edited, rowId}),
             QString());

    QJsonObject report;
    // The row changed underneath needs a person: exit 4, like a dead letter.
    QVERIFY(jsonOf(demo.run({u"apply"_s, demo.workspace, u"--plan"_s, planId, u"--json"_s}), 4, &report));
    QCOMPARE(report.value(u"plan"_s).toString(), planId);
    QVERIFY(report.value(u"written"_s).toInt() > 0);
    QString state;
    for (const QJsonValue& v : report.value(u"entries"_s).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"system"_s).toString() == system && e.value(u"rowId"_s).toString() == rowId &&
            e.value(u"column"_s).toString() == column)
            state = e.value(u"state"_s).toString();
    }
    QCOMPARE(state, u"changed_underneath"_s);
    bool found = false;
    QCOMPARE(dumpTable(*s, demo.password).cell(rowId, column, &found), edited);
    QVERIFY(found);
    bool backInReview = false;
    for (const QJsonObject& item : reviewItems(demo, u"changed_underneath"_s))
        backInReview = backInReview || recordsOf(item).contains(system + u':' + rowId);
    QVERIFY2(backInReview, "the refused write is not back in review as changed underneath");

    // Once: the same plan is not written again.
    r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"applied already"_s), qPrintable(r.describe(3000)));
    // A newer plan supersedes the reviewed one, and a decision made after it makes it stale.
    const QString newer = planJson(demo).value(u"plan"_s).toString();
    QVERIFY(!newer.isEmpty() && newer != planId);
    r = demo.run({u"apply"_s, demo.workspace, u"--plan"_s, planId});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"superseded by plan "_s + newer),
             qPrintable(r.describe(3000)));
    QString open;
    for (const QJsonObject& item : reviewItems(demo, QString())) {
        if (item.value(u"state"_s).toString() == "open"_L1 &&
            item.value(u"kind"_s).toString() != "duplicate"_L1) {
            open = item.value(u"id"_s).toString();
            break;
        }
    }
    QVERIFY2(!open.isEmpty(), "no open review item to decide");
    r = demo.run({u"review"_s, u"reject"_s, demo.workspace, open});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(3000)));
    r = demo.run({u"apply"_s, demo.workspace, u"--plan"_s, newer});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"older than the latest decisions"_s),
             qPrintable(r.describe(3000)));
    QCOMPARE(batchIds(demo).size(), 1); // the refused applies wrote nothing
}

// 1. A merge whose survivor update fails (a UNIQUE index on the phone) writes nothing at all: the
// loser is not archived either. Once the index is gone, the next apply writes the whole merge.
void TstApplyGuards::mergeIsWrittenAllOrNothing()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"merge"_s, 300, 1, QString(),
                         &demo));                  // seed 1 has duplicates inside the CRM
    Run r = demo.run({u"plan"_s, demo.workspace}); // fills the review queue
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(3000)));
    const SystemTable* crm = demo.system(u"crm"_s);
    QVERIFY(crm);
    const QString phone = fieldColumns(demo, u"crm"_s).value(u"phone"_s);
    QVERIFY2(!phone.isEmpty(), "the CRM maps no column to phone");
    const TableDump generated = dumpTable(*crm, {});
    QVERIFY2(generated.error.isEmpty(), qPrintable(generated.error));
    const QSet<QString> planned = plannedCells(planJson(demo));

    // A duplicate whose two records hold different, non-empty phones.
    QString item;
    QString survivor;
    QString loser;
    QString survivorPhone;
    QString loserPhone;
    for (const QJsonObject& candidate : reviewItems(demo, u"duplicate"_s)) {
        const QStringList records = recordsOf(candidate);
        if (records.size() != 2 || systemOf(records[0]) != "crm"_L1 || systemOf(records[1]) != "crm"_L1)
            continue;
        for (int keep = 0; keep < 2 && item.isEmpty(); ++keep) {
            const QString a = idOf(records[keep]);
            const QString b = idOf(records[1 - keep]);
            bool foundA = false;
            bool foundB = false;
            const QString phoneA = generated.cell(a, phone, &foundA);
            const QString phoneB = generated.cell(b, phone, &foundB);
            bool found = false;
            if (!foundA || !foundB || phoneA.isEmpty() || phoneB.isEmpty() || phoneA == phoneB ||
                planned.contains(cellKey(u"crm"_s, a, phone)) ||
                generated.cell(a, u"archived"_s, &found) != "0"_L1 ||
                generated.cell(b, u"archived"_s, &found) != "0"_L1)
                continue;
            item = candidate.value(u"id"_s).toString();
            survivor = a;
            loser = b;
            survivorPhone = phoneA;
            loserPhone = phoneB;
        }
        if (!item.isEmpty())
            break;
    }
    QVERIFY2(!item.isEmpty(), "no CRM duplicate whose records hold different, non-empty phones (seed 1)");
    bool numeric = false;
    survivor.toLongLong(&numeric);
    QVERIFY2(numeric && loser.toLongLong() > 0, qPrintable(survivor + u", "_s + loser));

    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, item, u"--survivor"_s, u"crm:"_s + survivor,
                  u"--take"_s, u"phone=crm:"_s + loser});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));

    // The generated CRM holds the same phone on other rows (duplicates), so the index covers the
    // merge's two records only: the survivor cannot take the phone the loser still holds.
    const QString index = u"guard_unique_phone"_s;
    QString error = execSql(
        demo, u"crm"_s,
        u"CREATE UNIQUE INDEX %1 ON %2 (%3) WHERE %4 IN (%5, %6)"_s.arg(
            index, tableName(*crm), columnName(*crm, phone), columnName(*crm, crm->key), survivor, loser));
    QVERIFY2(error.isEmpty(), qPrintable(error));

    SHOW_PLAN(demo);
    r = demo.run({u"apply"_s, demo.workspace, u"--json"_s});
    QJsonObject report;
    QVERIFY(jsonOf(r, 4, &report));
    const QString failedBatch = report.value(u"batch"_s).toString();
    QVERIFY(!failedBatch.isEmpty());
    const QList<QJsonObject> failed = entriesOf(report, item);
    QStringList shown;
    for (const QJsonObject& e : failed)
        shown << text(e);
    QVERIFY2(failed.size() >= 2, qPrintable(shown.join(u'\n')));
    bool tookPhone = false;
    bool archives = false;
    for (const QJsonObject& e : failed) {
        QVERIFY2(e.value(u"state"_s).toString() == "dead_letter"_L1, qPrintable(text(e)));
        QVERIFY2(e.value(u"error"_s).toString().contains(u"UNIQUE"_s, Qt::CaseInsensitive),
                 qPrintable(text(e)));
        tookPhone = tookPhone ||
                    (e.value(u"rowId"_s).toString() == survivor && e.value(u"column"_s).toString() == phone);
        archives = archives || (e.value(u"rowId"_s).toString() == loser &&
                                e.value(u"column"_s).toString() == "archived"_L1);
    }
    QVERIFY2(tookPhone && archives, qPrintable(shown.join(u'\n')));

    // The tables: neither half of the merge was written.
    TableDump now = dumpTable(*crm, {});
    QVERIFY2(now.error.isEmpty(), qPrintable(now.error));
    bool found = false;
    QCOMPARE(now.cell(survivor, phone, &found), survivorPhone);
    QCOMPARE(now.cell(loser, u"archived"_s, &found), u"0"_s);
    QCOMPARE(now.cell(loser, phone, &found), loserPhone);
    // The journal: every entry of the batch on the merge's rows is dead-lettered, none written.
    QList<JournalRow> journal;
    QList<BatchRow> batches;
    error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    int onMergeRows = 0;
    for (const JournalRow& e : std::as_const(journal)) {
        if (e.batch != failedBatch || e.system != "crm"_L1 || (e.rowId != survivor && e.rowId != loser))
            continue;
        ++onMergeRows;
        QVERIFY2(e.state == "dead_letter"_L1, qPrintable(describeRow(e)));
    }
    QVERIFY(onMergeRows >= 2);

    // Without the index the same approved merge is written whole.
    error = execSql(demo, u"crm"_s, u"DROP INDEX %1"_s.arg(index));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    SHOW_PLAN(demo);
    r = demo.run({u"apply"_s, demo.workspace, u"--json"_s});
    QVERIFY(jsonOf(r, 0, &report));
    const QList<QJsonObject> merged = entriesOf(report, item);
    shown.clear();
    for (const QJsonObject& e : merged)
        shown << text(e);
    QVERIFY2(merged.size() >= 2, qPrintable(shown.join(u'\n')));
    for (const QJsonObject& e : merged)
        QVERIFY2(e.value(u"state"_s).toString() == "written"_L1, qPrintable(text(e)));
    now = dumpTable(*crm, {});
    QVERIFY2(now.error.isEmpty(), qPrintable(now.error));
    QCOMPARE(now.cell(survivor, phone, &found), loserPhone);
    QCOMPARE(now.cell(loser, u"archived"_s, &found), u"1"_s);
    QCOMPARE(now.cell(survivor, u"archived"_s, &found), u"0"_s);

    // The merge's dead letters are settled by the batch that wrote it.
    QJsonObject letters;
    QVERIFY(jsonOf(demo.run({u"dead-letters"_s, demo.workspace, u"--json"_s}), 0, &letters));
    for (const QJsonValue& v : letters.value(u"deadLetters"_s).toArray()) {
        const QJsonObject e = v.toObject();
        QVERIFY2(e.value(u"reviewItem"_s).toString() != item, qPrintable(text(e)));
    }
}

// 2. While an apply runs, a second apply and a rollback are refused with nothing written, and the
// running batch is not "settled" under the first one's feet; the first finishes normally.
void TstApplyGuards::oneApplyAtATime()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"single"_s, 2000, 2, QString(), &demo));
    QProcess first;
    startSlowApply(first, demo, 50);
    QVERIFY2(first.waitForStarted(), qPrintable(first.errorString()));
    QString pollError;
    const qint64 written = waitForWritten(demo, first, &pollError);
    QVERIFY2(first.state() == QProcess::Running,
             qPrintable(u"the first apply ended before the test could run a second (%1 written): %2 %3"_s
                            .arg(written)
                            .arg(QString::fromUtf8(first.readAllStandardOutput()),
                                 QString::fromUtf8(first.readAllStandardError()))));
    QVERIFY2(written > 0, qPrintable(u"nothing written after 60 s: "_s + pollError));
    QList<JournalRow> journal;
    QList<BatchRow> batches;
    QString error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 1);
    const QString running = batches[0].id;
    QCOMPARE(batches[0].state, u"running"_s);

    const Run second = demo.run({u"apply"_s, demo.workspace});
    const Run undo = demo.run({u"rollback"_s, demo.workspace, running});
    const bool firstStillRunning = first.state() == QProcess::Running;
    QVERIFY2(second.exitCode == 1 && QString(second.err + second.out).contains(kLockMessage),
             qPrintable(second.describe(3000)));
    QVERIFY2(undo.exitCode == 1 && QString(undo.err + undo.out).contains(kLockMessage),
             qPrintable(undo.describe(3000)));
    QVERIFY2(firstStillRunning, "the first apply ended while the others ran: the refusal proves nothing");

    // Nothing of the others' in the journal, and the running batch left alone.
    journal.clear();
    batches.clear();
    error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 1);
    QCOMPARE(batches[0].id, running);
    if (first.state() == QProcess::Running)
        QCOMPARE(batches[0].state, u"running"_s);
    for (const JournalRow& e : std::as_const(journal)) {
        QCOMPARE(e.batch, running);
        QVERIFY2(!e.error.contains(u"interrupted"_s), qPrintable(describeRow(e)));
    }

    QVERIFY(first.waitForFinished(180000));
    const QString firstOutput =
        QString::fromUtf8(first.readAllStandardOutput()) + QString::fromUtf8(first.readAllStandardError());
    QVERIFY2(first.exitStatus() == QProcess::NormalExit && first.exitCode() == 0, qPrintable(firstOutput));
    journal.clear();
    batches.clear();
    error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 1);
    QCOMPARE(batches[0].id, running);
    QCOMPARE(batches[0].state, u"finished"_s);
    const Dumps tables = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    int writtenEntries = 0;
    for (const JournalRow& e : std::as_const(journal)) {
        QVERIFY2(e.state != "intended"_L1, qPrintable(describeRow(e)));
        if (e.state != "written"_L1)
            continue;
        ++writtenEntries;
        bool found = false;
        const QString value = tables.value(e.system).cell(e.rowId, e.column, &found);
        QVERIFY2(found && sameExact(value, e.after),
                 qPrintable(describeRow(e) + u"\nbut the cell holds "_s + shownValue(value)));
    }
    QVERIFY(writtenEntries > 5);
}

// 2b. A lock left behind by an apply killed with SIGKILL does not block the next apply, which
// settles the killed batch.
void TstApplyGuards::lockOfAKilledApplyIsTakenOver()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"stale"_s, 2000, 2, QString(), &demo));
    QProcess process;
    startSlowApply(process, demo, 50);
    QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
    QString pollError;
    const qint64 written = waitForWritten(demo, process, &pollError);
    QVERIFY2(
        process.state() == QProcess::Running && written > 0,
        qPrintable(u"apply could not be killed mid-batch (%1 written): %2"_s.arg(written).arg(pollError)));
    process.kill();
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);
    const QString lockFile = demo.workspace + u".lock"_s;
    QVERIFY2(QFileInfo::exists(lockFile),
             qPrintable(lockFile + u" is not left behind by the killed apply"_s));

    QList<JournalRow> journal;
    QList<BatchRow> batches;
    QString error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 1);
    const QString killed = batches[0].id;
    QCOMPARE(batches[0].state, u"running"_s);

    SHOW_PLAN(demo);
    const Run r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 0 && !QString(r.out + r.err).contains(kLockMessage), qPrintable(r.describe(3000)));
    QVERIFY2(r.out.contains(u"settled first: batch %1"_s.arg(killed)), qPrintable(r.describe(3000)));
    QVERIFY2(!QFileInfo::exists(lockFile), "the lock file outlives the apply that took it over");
    journal.clear();
    batches.clear();
    error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 2);
    QCOMPARE(batches[0].id, killed);
    QCOMPARE(batches[0].state, u"recovered"_s);
    QCOMPARE(batches[1].state, u"finished"_s);
    for (const JournalRow& e : std::as_const(journal))
        QVERIFY2(e.state != "intended"_L1, qPrintable(describeRow(e)));
}

// 3. A row someone changes after apply read it is not written: it goes back to review, and apply
// exits 4 as it does for dead letters, so a scheduled run alerts a person instead of passing.
void TstApplyGuards::changedUnderneathNeedsAPerson()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"underneath"_s, 2000, 2, QString(), &demo));
    // The last ready write into quoting: apply writes the systems in name order (accounting first),
    // so slowed down it reaches that row well after the batch is journaled.
    QJsonObject target;
    qint64 ready = 0;
    for (const QJsonValue& v : planJson(demo).value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        if (w.value(u"status"_s).toString() != "ready"_L1)
            continue;
        ++ready;
        if (w.value(u"system"_s).toString() == "quoting"_L1)
            target = w;
    }
    QVERIFY2(!target.isEmpty() && ready > 20, qPrintable(u"%1 ready writes"_s.arg(ready)));
    const SystemTable* quoting = demo.system(u"quoting"_s);
    QVERIFY(quoting);
    const QString rowId = target.value(u"rowId"_s).toString();
    const QString column = target.value(u"column"_s).toString();

    QProcess apply;
    startSlowApply(apply, demo, 20);
    QVERIFY2(apply.waitForStarted(), qPrintable(apply.errorString()));
    QElapsedTimer timer;
    timer.start();
    qint64 batches = 0;
    while (batches == 0 && timer.elapsed() < 60000 && apply.state() == QProcess::Running) {
        QThread::msleep(5);
        withWorkspaceDb(demo.workspace, false, [&](QSqlDatabase& db) -> QString {
            QSqlQuery q(db);
            if (q.exec(u"SELECT COUNT(*) FROM batches"_s) && q.next())
                batches = q.value(0).toLongLong();
            return QString(); // busy: poll again
        });
    }
    QVERIFY2(batches == 1 && apply.state() == QProcess::Running, "apply ended before its batch was seen");
    const QString error =
        execSql(demo, u"quoting"_s,
                u"UPDATE %1 SET %2 = ? WHERE %3 = ?"_s.arg(tableName(*quoting), columnName(*quoting, column),
                                                           columnName(*quoting, quoting->key)),
                {u"edited by someone else"_s, rowId});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(apply.waitForFinished(180000));
    const QString output =
        QString::fromUtf8(apply.readAllStandardOutput()) + QString::fromUtf8(apply.readAllStandardError());
    QVERIFY2(apply.exitStatus() == QProcess::NormalExit && apply.exitCode() == 4, qPrintable(output));
    QVERIFY2(output.contains(u" changed underneath (back in review), 0 dead-lettered"_s) &&
                 !output.contains(u", 0 changed underneath"_s),
             qPrintable(output));
    QVERIFY2(output.contains(u"changed_underneath quoting:%1 %2: "_s.arg(rowId, column)), qPrintable(output));

    // With nothing changed underneath, the next reviewed plan applies cleanly.
    const Run replan = demo.run({u"plan"_s, demo.workspace});
    QVERIFY2(replan.exitCode == 0, qPrintable(replan.describe(3000)));
    const Run again = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(again.exitCode == 0, qPrintable(again.describe(3000)));
}

QTEST_GUILESS_MAIN(TstApplyGuards)
#include "tst_applyguards.moc"
