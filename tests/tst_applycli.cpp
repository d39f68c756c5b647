// apply, audit, rollback and dead-letters through the built concord-cli, on a generated demo
// whose accounting table is an SQLite file or on a PostgreSQL or MariaDB test server: what apply
// writes is exactly what the plan allowed, the audit lists it (sensitive values redacted), a
// rollback restores every table exactly, a batch killed with SIGKILL is settled row by row by the
// next apply, and bad input writes nothing. The tables are read through the test's own
// connections (ApplyCliSupport.h), never through Concord.
#include "ApplyCliSupport.h"
#include "CliRunner.h"
#include "TestServers.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

using namespace Qt::StringLiterals;
using namespace concord::test;

namespace {

const QSet<QString> kDecidableKinds{u"conflict"_s, u"high_stakes"_s, u"anomaly"_s};

// One cell of one system: how journal entries and table dumps are matched up.
QString cellKey(const QString& system, const QString& rowId, const QString& column)
{
    return system + u'\x1f' + rowId + u'\x1f' + column;
}

// NULL and '' are one value to a snapshot (a planned write's before may not tell them apart).
bool sameLoose(const QString& a, const QString& b)
{
    return a == b;
}

QString entryText(const QJsonObject& e)
{
    return QString::fromUtf8(QJsonDocument(e).toJson(QJsonDocument::Compact));
}

QString entryText(const JournalRow& e)
{
    return u"%1 #%2 %3:%4 %5 %6 -> %7 [%8] %9"_s.arg(e.batch).arg(e.seq).arg(
        e.system, e.rowId, e.column, shownValue(e.before), shownValue(e.after), e.state, e.error);
}

// Parses a --json answer; false (with a warning quoting the run) unless it exited with code.
bool jsonOf(const Run& r, int code, QJsonObject* json)
{
    QString error;
    *json = parseObject(r.out, &error, 3000);
    if (r.exitCode == code && error.isEmpty())
        return true;
    qWarning("%s\n%s", qPrintable(r.describe(3000)), qPrintable(error));
    return false;
}

QStringList batchIds(const Demo& demo)
{
    const Run r = demo.run({u"audit"_s, demo.workspace, u"--batches"_s, u"--format"_s, u"json"_s});
    QJsonObject json;
    if (!jsonOf(r, 0, &json))
        return {u"<audit --batches failed>"_s};
    QStringList ids;
    for (const QJsonValue& v : json.value(u"batches"_s).toArray())
        ids << v.toObject().value(u"batch"_s).toString();
    return ids;
}

} // namespace

class TestApplyCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void applyAuditRollback_data();
    void applyAuditRollback();
    void killedBatchIsSettledByTheNextApply();
    void badInputWritesNothing();

private:
    QTemporaryDir m_dir;
};

void TestApplyCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
    QVERIFY(m_dir.isValid());
}

void TestApplyCli::applyAuditRollback_data()
{
    QTest::addColumn<QString>("driver");
    QTest::newRow("sqlite") << u"sqlite"_s;
    QTest::newRow("postgresql") << u"postgresql"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

void TestApplyCli::applyAuditRollback()
{
    QFETCH(QString, driver);
    std::optional<ServerInfo> server;
    if (driver == "postgresql"_L1) {
        server = postgres();
        CONCORD_REQUIRE_SERVER(server, "PostgreSQL");
    } else if (driver == "mariadb"_L1) {
        server = mariadb();
        CONCORD_REQUIRE_SERVER(server, "MariaDB");
    }
    Demo demo;
    // Seed 2 has duplicates inside accounting, which the full flow needs (see below).
    QVERIFY(generateDemo(m_dir.path(), u"flow-"_s + driver, 300, 2, driver, &demo));
    // Accounting stamps its version column on the rows apply writes (off by default): the stamps
    // are journaled and rolled back like any other value.
    const Run stamp =
        demo.run({u"systems"_s, u"set"_s, demo.workspace, u"accounting"_s, u"--stamp-version"_s});
    QVERIFY2(stamp.exitCode == 0, qPrintable(stamp.describe()));
    const SystemTable* accounting = demo.system(u"accounting"_s);
    QVERIFY(accounting);
    QCOMPARE(accounting->driver, driver);

    // A sensitive value to write (and redact): two accounting records of one customer are made to
    // disagree about the bank account, which the owner settles with a high-stakes write. The review
    // queue (which names the duplicates) is filled by a first plan.
    Run r = demo.run({u"plan"_s, demo.workspace});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(3000)));
    r = demo.run({u"review"_s, u"list"_s, demo.workspace, u"--json"_s, u"--kind"_s, u"duplicate"_s});
    QJsonObject json;
    QVERIFY(jsonOf(r, 0, &json));
    QString changedRow;
    for (const QJsonValue& v : json.value(u"items"_s).toArray()) {
        const QStringList records = v.toObject().value(u"records"_s).toVariant().toStringList();
        if (changedRow.isEmpty() && records.size() == 2 && records[0].startsWith(u"accounting:"_s) &&
            records[1].startsWith(u"accounting:"_s))
            changedRow = records[0].mid(11);
    }
    QVERIFY2(!changedRow.isEmpty(), "the demo (seed 2) has no duplicate inside accounting");
    const QString newBank = u"021000021/9%1"_s.arg(changedRow);
    QString error = withSystemDb(*accounting, demo.password, true, [&](QSqlDatabase& db) -> QString {
        QSqlQuery q(db);
        q.prepare(u"UPDATE %1 SET bank_account = ? WHERE %2 = ?"_s.arg(accounting->table, accounting->key));
        q.addBindValue(newBank);
        q.addBindValue(changedRow.toLongLong());
        if (!q.exec())
            return q.lastError().text();
        return q.numRowsAffected() == 1 ? QString() : u"%1 rows changed"_s.arg(q.numRowsAffected());
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const Dumps beforePlan = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(beforePlan.keys(), (QStringList{u"accounting"_s, u"crm"_s, u"quoting"_s}));
    for (const TableDump& d : beforePlan)
        QVERIFY(d.lines.size() > 100);

    // The plan, and one held write approved: the bank account's, of a kind a person decides.
    r = demo.run({u"plan"_s, demo.workspace, u"--json"_s});
    QVERIFY(jsonOf(r, 0, &json));
    const QJsonArray planned = json.value(u"writes"_s).toArray();
    QJsonObject held;
    for (const QJsonValue& v : planned) {
        const QJsonObject w = v.toObject();
        if (w.value(u"field"_s).toString() == "bank_account"_L1 &&
            w.value(u"status"_s).toString() == "awaiting approval"_L1)
            held = w;
    }
    QVERIFY2(!held.isEmpty(), "no bank_account write awaiting approval in the plan");
    const QString item = held.value(u"reviewItem"_s).toString();
    r = demo.run({u"review"_s, u"list"_s, demo.workspace, u"--json"_s});
    QVERIFY(jsonOf(r, 0, &json));
    QString kind;
    for (const QJsonValue& v : json.value(u"items"_s).toArray()) {
        if (v.toObject().value(u"id"_s).toString() == item)
            kind = v.toObject().value(u"kind"_s).toString();
    }
    QVERIFY2(kDecidableKinds.contains(kind), qPrintable(item + u" is of kind '"_s + kind + u"'"_s));
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, item, u"--note"_s, u"checked the bank"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    // Planning and reviewing touch no system.
    const Dumps before = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(compareDumps(beforePlan, before).isEmpty(), qPrintable(compareDumps(beforePlan, before)));

    // What apply may write: every planned write that is ready, approved or edited.
    r = demo.run({u"plan"_s, demo.workspace, u"--json"_s});
    QVERIFY(jsonOf(r, 0, &json));
    QSet<QString> allowed;
    QSet<QString> notAllowed;
    int notApplicable = 0;
    for (const QJsonValue& v : json.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        const QString status = w.value(u"status"_s).toString();
        const QString cell = cellKey(w.value(u"system"_s).toString(), w.value(u"rowId"_s).toString(),
                                     w.value(u"column"_s).toString());
        if (status == "ready"_L1 || status == "approved"_L1 || status == "edited"_L1) {
            allowed.insert(cell);
        } else {
            notAllowed.insert(cell);
            ++notApplicable;
        }
        if (w.value(u"reviewItem"_s).toString() == item)
            QCOMPARE(status, u"approved"_s);
    }

    // apply: exactly the allowed writes (and the version stamps of their rows), all written.
    SHOW_PLAN(demo);
    r = demo.run(
        {u"apply"_s, demo.workspace, u"--json"_s, u"--by"_s, u"ann"_s, u"--lock-timeout"_s, u"2000"_s});
    QVERIFY(jsonOf(r, 0, &json));
    const QString batch = json.value(u"batch"_s).toString();
    QVERIFY(!batch.isEmpty());
    QCOMPARE(json.value(u"kind"_s).toString(), u"apply"_s);
    const int written = json.value(u"written"_s).toInt();
    QVERIFY(written > 0);
    QCOMPARE(json.value(u"deadLettered"_s).toInt(), 0);
    QCOMPARE(json.value(u"changedUnderneath"_s).toInt(), 0);
    int skipped = 0;
    for (const QJsonValue& v : json.value(u"skipped"_s).toObject())
        skipped += v.toInt();
    QCOMPARE(skipped, notApplicable);
    const QJsonArray entries = json.value(u"entries"_s).toArray();
    QCOMPARE(entries.size(), written);
    QSet<QString> writtenCells;
    QSet<QString> stampedRows;
    bool approvedWritten = false;
    for (const QJsonValue& v : entries) {
        const QJsonObject e = v.toObject();
        QCOMPARE(e.value(u"state"_s).toString(), u"written"_s);
        QCOMPARE(e.value(u"batch"_s).toString(), batch);
        QCOMPARE(e.value(u"steward"_s).toString(), u"ann"_s);
        const QString system = e.value(u"system"_s).toString();
        const QString cell = cellKey(system, e.value(u"rowId"_s).toString(), e.value(u"column"_s).toString());
        QVERIFY2(!writtenCells.contains(cell), qPrintable(entryText(e)));
        writtenCells.insert(cell);
        if (e.value(u"rule"_s).toString() == "version"_L1) {
            QCOMPARE(system, u"accounting"_s);
            QCOMPARE(e.value(u"column"_s).toString(), demo.system(system)->versionColumn);
            stampedRows.insert(system + u'\x1f' + e.value(u"rowId"_s).toString());
        } else {
            QVERIFY2(allowed.contains(cell), qPrintable(entryText(e)));
        }
        if (e.value(u"reviewItem"_s).toString() == item) {
            approvedWritten = true;
            QCOMPARE(e.value(u"column"_s).toString(), u"bank_account"_s);
            QCOMPARE(e.value(u"before"_s).toString(), held.value(u"before"_s).toString());
            QCOMPARE(e.value(u"after"_s).toString(), newBank);
        }
    }
    QVERIFY2(approvedWritten, qPrintable(u"review item %1 was approved but not written"_s.arg(item)));
    for (const QString& cell : std::as_const(allowed))
        QVERIFY2(writtenCells.contains(cell), qPrintable(u"allowed but not written: "_s + cell));
    for (const QString& cell : std::as_const(notAllowed))
        QVERIFY2(!writtenCells.contains(cell), qPrintable(u"held but written: "_s + cell));
    QVERIFY(!stampedRows.isEmpty());
    qInfo("batch %s: %d entries written in %d rows, %d held", qPrintable(batch), written,
          static_cast<int>(stampedRows.size()), notApplicable);

    // The tables hold exactly the batch's values: every written cell has its after, no other
    // cell changed.
    const Dumps after = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QSet<QString> changedCells;
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        const TableDump& now = after.value(it.key());
        QCOMPARE(now.rows.size(), it->rows.size());
        for (auto row = it->rows.cbegin(); row != it->rows.cend(); ++row) {
            for (auto col = row->cbegin(); col != row->cend(); ++col) {
                bool found = false;
                const QString value = now.cell(row.key(), col.key(), &found);
                QVERIFY(found);
                if (!sameExact(value, col.value()))
                    changedCells.insert(cellKey(it.key(), row.key(), col.key()));
            }
        }
    }
    QCOMPARE(changedCells, writtenCells);
    for (const QJsonValue& v : entries) {
        const QJsonObject e = v.toObject();
        bool found = false;
        const QString value =
            after.value(e.value(u"system"_s).toString())
                .cell(e.value(u"rowId"_s).toString(), e.value(u"column"_s).toString(), &found);
        QVERIFY2(found && value == e.value(u"after"_s).toString(),
                 qPrintable(entryText(e) + u" now "_s + value));
    }

    // A second apply has nothing left to write, and writes nothing.
    SHOW_PLAN(demo);
    r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"nothing to write"_s), qPrintable(r.describe(3000)));
    QCOMPARE(batchIds(demo), QStringList{batch});
    const Dumps afterSecond = demo.dump(&error);
    QVERIFY2(compareDumps(after, afterSecond).isEmpty(), qPrintable(compareDumps(after, afterSecond)));

    // The audit as CSV: a header and one row per written entry, in journal order; the bank
    // account redacted unless asked for.
    const QStringList header{u"batch"_s,  u"at"_s,    u"steward"_s, u"system"_s,     u"table"_s,
                             u"row_id"_s, u"field"_s, u"column"_s,  u"operation"_s,  u"before"_s,
                             u"after"_s,  u"rule"_s,  u"reason"_s,  u"review_item"_s};
    for (const bool include : {false, true}) {
        QStringList args{u"audit"_s, demo.workspace, u"--batch"_s, batch, u"--format"_s, u"csv"_s};
        if (include)
            args << u"--include-sensitive"_s;
        r = demo.run(args);
        QVERIFY2(r.exitCode == 0, qPrintable(r.describe(3000)));
        const QList<QStringList> rows = parseCsv(r.out);
        QCOMPARE(rows.size(), written + 1);
        QCOMPARE(rows[0], header);
        int redacted = 0;
        for (int i = 0; i < written; ++i) {
            const QStringList& row = rows[i + 1];
            const QJsonObject e = entries[i].toObject();
            QCOMPARE(row.size(), header.size());
            QCOMPARE(row[0], batch);
            QCOMPARE(row[2], u"ann"_s);
            QCOMPARE(row[3], e.value(u"system"_s).toString());
            QCOMPARE(row[5], e.value(u"rowId"_s).toString());
            QCOMPARE(row[7], e.value(u"column"_s).toString());
            QCOMPARE(row[13], e.value(u"reviewItem"_s).toString());
            const bool sensitive = row[6] == "bank_account"_L1;
            redacted += sensitive && !include;
            QCOMPARE(row[9], sensitive && !include ? u"[redacted]"_s : e.value(u"before"_s).toString());
            QCOMPARE(row[10], sensitive && !include ? u"[redacted]"_s : e.value(u"after"_s).toString());
        }
        QCOMPARE(redacted, include ? 0 : 1);
        QCOMPARE(r.out.contains(newBank), include);

        // The same as JSON, and the same CSV into a file.
        r = demo.run(args.mid(0, 4) + QStringList{u"--format"_s, u"json"_s} + args.mid(6));
        QVERIFY(jsonOf(r, 0, &json));
        const QJsonArray audit = json.value(u"audit"_s).toArray();
        QCOMPARE(audit.size(), written);
        for (int i = 0; i < written; ++i) {
            const QJsonObject a = audit[i].toObject();
            const bool sensitive = a.value(u"field"_s).toString() == "bank_account"_L1;
            QCOMPARE(a.value(u"after"_s), sensitive && !include ? QJsonValue(u"[redacted]"_s)
                                                                : entries[i].toObject().value(u"after"_s));
        }
        QCOMPARE(r.out.contains(newBank), include);
        const QString file = QDir(demo.dir).filePath(u"audit-%1.csv"_s.arg(include));
        const Run toStdout = demo.run(args);
        r = demo.run(args + QStringList{u"--output"_s, file});
        QVERIFY2(r.exitCode == 0 && r.out.contains(u"wrote %1 rows to %2"_s.arg(written).arg(file)),
                 qPrintable(r.describe()));
        QCOMPARE(QString::fromUtf8(fileBytes(file)), toStdout.out);
    }

    // The batches, and no dead letters.
    r = demo.run({u"audit"_s, demo.workspace, u"--batches"_s, u"--format"_s, u"json"_s});
    QVERIFY(jsonOf(r, 0, &json));
    QCOMPARE(json.value(u"batches"_s).toArray().size(), 1);
    const QJsonObject listed = json.value(u"batches"_s).toArray().first().toObject();
    QCOMPARE(listed.value(u"batch"_s).toString(), batch);
    QCOMPARE(listed.value(u"kind"_s).toString(), u"apply"_s);
    QCOMPARE(listed.value(u"state"_s).toString(), u"finished"_s);
    QCOMPARE(listed.value(u"steward"_s).toString(), u"ann"_s);
    r = demo.run({u"audit"_s, demo.workspace, u"--batches"_s});
    QVERIFY2(r.exitCode == 0 && r.out.startsWith(u"batch,kind,state,"_s) &&
                 r.out.contains(batch + u",apply,finished,ann,"_s),
             qPrintable(r.describe()));
    r = demo.run({u"dead-letters"_s, demo.workspace, u"--json"_s});
    QVERIFY(jsonOf(r, 0, &json));
    QCOMPARE(json.value(u"deadLetters"_s).toArray(), QJsonArray());
    r = demo.run({u"dead-letters"_s, demo.workspace});
    QVERIFY2(r.exitCode == 0 && r.out.startsWith(u"0 dead letters"_s), qPrintable(r.describe()));

    // Rollback: every value back, every table exactly as before the apply.
    r = demo.run({u"rollback"_s, demo.workspace, batch, u"--json"_s});
    QVERIFY(jsonOf(r, 0, &json));
    const QString rollback = json.value(u"batch"_s).toString();
    QCOMPARE(json.value(u"kind"_s).toString(), u"rollback"_s);
    QCOMPARE(json.value(u"written"_s).toInt(), written);
    QCOMPARE(json.value(u"conflicts"_s).toInt(), 0);
    QCOMPARE(json.value(u"deadLettered"_s).toInt(), 0);
    const Dumps rolledBack = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(compareDumps(before, rolledBack).isEmpty(), qPrintable(compareDumps(before, rolledBack)));
    QCOMPARE(batchIds(demo), (QStringList{batch, rollback}));

    // The same batch again, and a batch that does not exist: refused, naming it; nothing written.
    r = demo.run({u"rollback"_s, demo.workspace, batch});
    QVERIFY2(r.exitCode == 1 && r.err.contains(batch) && r.err.contains(u"already rolled back"_s),
             qPrintable(r.describe()));
    const QString unknown = u"20000101-000000-dead"_s;
    r = demo.run({u"rollback"_s, demo.workspace, unknown});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"'%1'"_s.arg(unknown)), qPrintable(r.describe()));
    QCOMPARE(batchIds(demo), (QStringList{batch, rollback}));
    const Dumps end = demo.dump(&error);
    QVERIFY2(compareDumps(before, end).isEmpty(), qPrintable(compareDumps(before, end)));
}

void TestApplyCli::killedBatchIsSettledByTheNextApply()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"killed"_s, 2000, 2, u"sqlite"_s, &demo));

    // apply, slowed down, five rows per transaction: killed once something is written.
    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(u"QT_QPA_PLATFORM"_s, u"offscreen"_s);
    env.insert(u"CONCORD_NO_KEYRING"_s, u"1"_s);
    env.insert(u"CONCORD_TEST_APPLY_ROW_DELAY_MS"_s, u"30"_s);
    process.setProcessEnvironment(env);
    process.setWorkingDirectory(demo.dir);
    SHOW_PLAN(demo);
    process.start(QStringLiteral(CONCORD_CLI),
                  {u"apply"_s, demo.workspace, u"--rows-per-transaction"_s, u"5"_s});
    QVERIFY2(process.waitForStarted(), qPrintable(process.errorString()));
    QElapsedTimer timer;
    timer.start();
    qint64 writtenSoFar = 0;
    QString pollError;
    while (writtenSoFar == 0 && timer.elapsed() < 60000 && process.state() == QProcess::Running) {
        QThread::msleep(10);
        pollError = withWorkspaceDb(demo.workspace, false, [&](QSqlDatabase& db) -> QString {
            QSqlQuery q(db);
            if (!q.exec(u"SELECT COUNT(*) FROM journal WHERE state = 'written'"_s) || !q.next())
                return q.lastError().text(); // e.g. the journal table is busy: poll again
            writtenSoFar = q.value(0).toLongLong();
            return QString();
        });
    }
    QVERIFY2(process.state() == QProcess::Running,
             qPrintable(u"apply ended before it could be killed (%1 written): %2 %3"_s.arg(writtenSoFar)
                            .arg(QString::fromUtf8(process.readAllStandardOutput()),
                                 QString::fromUtf8(process.readAllStandardError()))));
    QVERIFY2(writtenSoFar > 0, qPrintable(u"nothing written after 60 s: "_s + pollError));
    process.kill(); // SIGKILL: no cleanup of any kind
    QVERIFY(process.waitForFinished());
    QCOMPARE(process.exitStatus(), QProcess::CrashExit);

    QList<JournalRow> journal;
    QList<BatchRow> batches;
    QString error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 1);
    const QString killed = batches[0].id;
    QCOMPARE(batches[0].state, u"running"_s);
    int intended = 0;
    for (const JournalRow& e : std::as_const(journal))
        intended += e.state == "intended"_L1;
    QVERIFY2(intended > 0, "the killed batch has no intended entries");

    // The next apply settles the killed batch first, then writes the rest.
    SHOW_PLAN(demo);
    Run r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe(3000)));
    QVERIFY2(r.out.contains(u"settled first: batch %1"_s.arg(killed)), qPrintable(r.describe(3000)));
    journal.clear();
    batches.clear();
    error = readJournal(demo.workspace, &journal, &batches);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(batches.size(), 2);
    QCOMPARE(batches[0].id, killed);
    QCOMPARE(batches[0].state, u"recovered"_s);
    QCOMPARE(batches[1].state, u"finished"_s);

    // Every row of the killed batch is wholly written or wholly not: its transaction committed
    // or it did not.
    QHash<QString, QSet<QString>> rowStates; // system \x1f row -> states of its entries
    QHash<QString, int> stateCounts;
    for (const JournalRow& e : std::as_const(journal)) {
        QVERIFY2(e.state != "intended"_L1, qPrintable(entryText(e)));
        if (e.batch != killed)
            continue;
        rowStates[e.system + u'\x1f' + e.rowId].insert(e.state);
        ++stateCounts[e.state];
    }
    for (auto it = rowStates.cbegin(); it != rowStates.cend(); ++it)
        QVERIFY2(it->size() == 1, qPrintable(it.key() + u": "_s + QStringList(it->values()).join(u", "_s)));
    QVERIFY2(stateCounts.value(u"written"_s) > 0 && stateCounts.value(u"not_written"_s) > 0 &&
                 stateCounts.size() == 2,
             qPrintable(u"killed batch settled as: %1 written, %2 not written, %3 states"_s
                            .arg(stateCounts.value(u"written"_s))
                            .arg(stateCounts.value(u"not_written"_s))
                            .arg(stateCounts.size())));

    // Every cell's written entries form a chain (each one's before is the previous one's after)
    // whose last after is the cell's value now; a not-written entry of the killed batch left its
    // cell at its before, or the later batch wrote the cell starting from that before.
    const Dumps now = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QHash<QString, QList<const JournalRow*>> writtenByCell;
    for (const JournalRow& e : std::as_const(journal)) {
        QCOMPARE(e.operation, u"update"_s);
        if (e.state == "written"_L1)
            writtenByCell[cellKey(e.system, e.rowId, e.column)].append(&e);
    }
    for (auto it = writtenByCell.cbegin(); it != writtenByCell.cend(); ++it) {
        const QList<const JournalRow*>& chain = it.value();
        for (qsizetype i = 1; i < chain.size(); ++i)
            QVERIFY2(sameExact(chain[i]->before, chain[i - 1]->after),
                     qPrintable(entryText(*chain[i - 1]) + u"\nthen "_s + entryText(*chain[i])));
        bool found = false;
        const QString value =
            now.value(chain.last()->system).cell(chain.last()->rowId, chain.last()->column, &found);
        QVERIFY2(found && sameExact(value, chain.last()->after),
                 qPrintable(entryText(*chain.last()) + u"\nbut the cell holds "_s + shownValue(value)));
    }
    int rewritten = 0;
    for (const JournalRow& e : std::as_const(journal)) {
        if (e.batch != killed || e.state != "not_written"_L1)
            continue;
        const QList<const JournalRow*> chain = writtenByCell.value(cellKey(e.system, e.rowId, e.column));
        if (!chain.isEmpty()) {
            QVERIFY2(chain.first()->batch != killed && sameLoose(chain.first()->before, e.before),
                     qPrintable(entryText(e) + u"\nbut later "_s + entryText(*chain.first())));
            ++rewritten;
            continue;
        }
        bool found = false;
        const QString value = now.value(e.system).cell(e.rowId, e.column, &found);
        QVERIFY2(found && sameLoose(value, e.before) && !sameExact(value, e.after),
                 qPrintable(entryText(e) + u"\nbut the cell holds "_s + shownValue(value)));
    }
    QVERIFY(rewritten > 0); // the later batch wrote what the killed one had not
    qInfo("killed batch %s: %d written, %d not written (%d of them written by the next batch), %d rows",
          qPrintable(killed), stateCounts.value(u"written"_s), stateCounts.value(u"not_written"_s), rewritten,
          static_cast<int>(rowStates.size()));

    // A third apply: only what awaits a person (or cannot be written) is left.
    SHOW_PLAN(demo);
    r = demo.run({u"apply"_s, demo.workspace, u"--json"_s});
    QJsonObject json;
    QVERIFY(jsonOf(r, 0, &json));
    QCOMPARE(json.value(u"batch"_s).toString(), QString());
    QCOMPARE(json.value(u"written"_s).toInt(), 0);
    QCOMPARE(json.value(u"recovered"_s).toArray(), QJsonArray());
    const QJsonObject left = json.value(u"skipped"_s).toObject();
    QVERIFY(left.value(u"awaiting approval"_s).toInt() > 0);
    for (const QString& reason : left.keys())
        QVERIFY2(reason == "awaiting approval"_L1 || reason == "not writable (file export)"_L1,
                 qPrintable(reason));
}

void TestApplyCli::badInputWritesNothing()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"bad"_s, 300, 2, u"sqlite"_s, &demo));
    QString error;
    const Dumps before = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    // No workspace: exit code 3.
    const QString missing = QDir(demo.dir).filePath(u"missing.concord"_s);
    Run r = demo.run({u"apply"_s, missing});
    QVERIFY2(r.exitCode == 3 && r.err.contains(missing), qPrintable(r.describe()));
    QVERIFY(!QFile::exists(missing));
    r = demo.run({u"rollback"_s, missing, u"20000101-000000-dead"_s});
    QCOMPARE(r.exitCode, 3);

    // Usage errors: exit code 2.
    r = demo.run({u"rollback"_s, demo.workspace});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"WORKSPACE BATCH"_s), qPrintable(r.describe()));
    r = demo.run({u"audit"_s, demo.workspace, u"--format"_s, u"xml"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"'xml'"_s), qPrintable(r.describe()));
    r = demo.run({u"apply"_s, demo.workspace, u"--rows-per-transaction"_s, u"0"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"--rows-per-transaction '0'"_s), qPrintable(r.describe()));
    r = demo.run({u"apply"_s, demo.workspace, u"--lock-timeout"_s, u"soon"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"--lock-timeout 'soon'"_s), qPrintable(r.describe()));

    // An invalid ownership matrix (phone owned by two systems; `ownership set` only ever names
    // one owner, so the configuration is edited and imported): apply writes nothing.
    const QString exported = QDir(demo.dir).filePath(u"config.json"_s);
    r = demo.run({u"config"_s, u"export"_s, demo.workspace, exported});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QJsonObject config = QJsonDocument::fromJson(fileBytes(exported)).object();
    QJsonObject ownership = config.value(u"ownership"_s).toObject();
    QJsonObject phone = ownership.value(u"phone"_s).toObject();
    phone.insert(u"owner"_s, QJsonArray{u"crm"_s, u"quoting"_s});
    ownership.insert(u"phone"_s, phone);
    config.insert(u"ownership"_s, ownership);
    QVERIFY(writeFile(exported, QJsonDocument(config).toJson()));
    r = demo.run({u"config"_s, u"import"_s, demo.workspace, exported});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    r = demo.run({u"ownership"_s, u"validate"_s, demo.workspace});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"field 'phone' is owned by crm and quoting"_s),
             qPrintable(r.describe()));

    r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"nothing was written"_s) &&
                 r.err.contains(u"field 'phone' is owned by crm and quoting"_s),
             qPrintable(r.describe()));
    QCOMPARE(batchIds(demo), QStringList());
    qint64 journalRows = -1;
    error = withWorkspaceDb(demo.workspace, false, [&](QSqlDatabase& db) -> QString {
        QSqlQuery q(db);
        if (!q.exec(u"SELECT COUNT(*) FROM journal"_s) || !q.next())
            return q.lastError().text();
        journalRows = q.value(0).toLongLong();
        return QString();
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(journalRows, 0);
    const Dumps after = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(compareDumps(before, after).isEmpty(), qPrintable(compareDumps(before, after)));
}

QTEST_GUILESS_MAIN(TestApplyCli)
#include "tst_applycli.moc"
