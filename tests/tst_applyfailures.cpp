// Write-back when things go wrong, against real databases (a private SQLite file, the PostgreSQL and
// MariaDB test servers): a row locked by someone else is retried and dead-lettered while the rest of
// the batch is written, and written later once free; a permanent error dead-letters only its row; a
// read-only or unreachable system is never written, and stops a batch before anything is written or
// recorded. Every outcome is checked by reading the tables back through the test's own connection.

#include "ApplyTestSupport.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSet>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <atomic>
#include <unistd.h>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::applytest;

namespace {

QSet<QString> rowIds(const QList<JournalEntry>& entries)
{
    QSet<QString> ids;
    for (const JournalEntry& e : entries)
        ids.insert(e.rowId);
    return ids;
}

QString joined(const QSet<QString>& ids)
{
    QStringList list(ids.cbegin(), ids.cend());
    list.sort();
    return list.join(u',');
}

// A TCP relay in front of the PostgreSQL test server, on its own thread, that "loses the server"
// when the client sends its n-th BEGIN: it stops listening and drops every connection, so the
// writer's statements fail and reconnecting is refused at the relay's port, as with a server that
// went away, while the shared test server itself keeps running for the other tests.
class PgRelay
{
public:
    PgRelay(const QString& host, quint16 port, int loseAtBegin)
    {
        m_thread.start();
        m_context.moveToThread(&m_thread);
        QMetaObject::invokeMethod(
            &m_context,
            [&] {
                m_server = new QTcpServer(&m_context);
                QObject::connect(m_server, &QTcpServer::newConnection, &m_context,
                                 [this, host, port, loseAtBegin] {
                                     while (QTcpSocket* client = m_server->nextPendingConnection())
                                         relay(client, host, port, loseAtBegin);
                                 });
                m_server->listen(QHostAddress::LocalHost);
                m_port = m_server->serverPort();
            },
            Qt::BlockingQueuedConnection);
    }
    ~PgRelay()
    {
        // Everything is deleted on the relay's thread, and the context comes home to die.
        QThread* home = QThread::currentThread();
        QMetaObject::invokeMethod(
            &m_context,
            [&] {
                qDeleteAll(m_context.children());
                m_context.moveToThread(home);
            },
            Qt::BlockingQueuedConnection);
        m_thread.quit();
        m_thread.wait();
    }
    PgRelay(const PgRelay&) = delete;
    PgRelay& operator=(const PgRelay&) = delete;
    quint16 port() const { return m_port; }
    bool lost() const { return m_lost; }

private:
    void relay(QTcpSocket* client, const QString& host, quint16 port, int loseAtBegin)
    {
        client->setParent(&m_context);
        auto* upstream = new QTcpSocket(&m_context);
        upstream->connectToHost(host, port);
        QObject::connect(client, &QTcpSocket::readyRead, &m_context, [=, this] {
            const QByteArray data = client->readAll();
            if (data.contains("BEGIN") && ++m_begins == loseAtBegin) {
                loseServer();
                return;
            }
            upstream->write(data);
        });
        QObject::connect(upstream, &QTcpSocket::readyRead, &m_context,
                         [=] { client->write(upstream->readAll()); });
        QObject::connect(client, &QTcpSocket::disconnected, &m_context, [=] { upstream->abort(); });
        QObject::connect(upstream, &QTcpSocket::disconnected, &m_context, [=] { client->abort(); });
    }
    void loseServer()
    {
        m_lost = true;
        m_server->close();
        for (QTcpSocket* socket : m_context.findChildren<QTcpSocket*>())
            socket->abort();
    }

    QThread m_thread;
    QObject m_context; // lives on m_thread, parent of the server and the sockets
    QTcpServer* m_server = nullptr;
    quint16 m_port = 0;
    int m_begins = 0;
    std::atomic<bool> m_lost = false;
};

} // namespace

class TstApplyFailures : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lockedRowIsDeadLetteredThenWritten_data() { addBackendRows(); }
    void lockedRowIsDeadLetteredThenWritten();
    void permanentErrorDeadLettersOnlyItsRow_data();
    void permanentErrorDeadLettersOnlyItsRow();
    void readOnlySystemIsSkipped_data() { addBackendRows(); }
    void readOnlySystemIsSkipped();
    void unwritableSystemStopsBatchBeforeWriting_data();
    void unwritableSystemStopsBatchBeforeWriting();
    void lostServerStopsOnlyThatSystem();
};

// Another connection holds row 2 (servers) or the whole file (SQLite) for the entire apply.
void TstApplyFailures::lockedRowIsDeadLetteredThenWritten()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"locked"_s);
    QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    for (int id = 1; id <= 3; ++id)
        plan.writes << plannedWrite(system, *snapshot, id, u"email"_s, u"new%1@x.example"_s.arg(id));
    const QStringList before = db.dump(table);

    Db blocker(backend, sqlitePath);
    QVERIFY2(blocker.isOpen(), qPrintable(blocker.error()));
    if (backend == "sqlite"_L1) {
        QVERIFY2(blocker.exec(u"BEGIN IMMEDIATE"_s), qPrintable(blocker.error()));
    } else {
        QVERIFY2(blocker.exec(u"BEGIN"_s), qPrintable(blocker.error()));
        QVERIFY2(blocker.exec(u"SELECT * FROM %1 WHERE id = 2 FOR UPDATE"_s.arg(blocker.quote(table))),
                 qPrintable(blocker.error()));
    }
    ApplyOptions options = quickOptions();
    options.lockTimeoutMs = 300;
    options.maxAttempts = 2;
    options.backoffMs = 50;
    const auto report = applyPlan(ws, plan, options);
    // What the others see while the lock is still held: never a half-written row.
    const QStringList duringLock = db.dump(table);
    QVERIFY2(blocker.exec(u"ROLLBACK"_s), qPrintable(blocker.error()));
    VERIFY_RESULT(report);

    // SQLite locks the whole file, so no row of the batch can be written; a server locks one row.
    const QSet<QString> stuck =
        backend == "sqlite"_L1 ? QSet<QString>{u"1"_s, u"2"_s, u"3"_s} : QSet<QString>{u"2"_s};
    for (const JournalEntry& e : report->entries) {
        if (stuck.contains(e.rowId)) {
            QVERIFY2(e.state == "dead_letter"_L1, describeEntries(report->entries).constData());
            QVERIFY2(e.error.contains(u"gave up after 2 attempts"_s), qPrintable(e.error));
            QCOMPARE(e.attempts, 2);
            QCOMPARE(db.value(table, u"email"_s, e.rowId.toInt()), snapshot->value(e.rowId, u"email"_s));
        } else {
            QVERIFY2(e.state == "written"_L1, describeEntries(report->entries).constData());
            QCOMPARE(db.value(table, u"email"_s, e.rowId.toInt()), e.after);
        }
    }
    QCOMPARE(db.dump(table), duringLock);
    if (backend == "sqlite"_L1)
        QCOMPARE(duringLock, before);
    const auto dead = ws.deadLetters();
    VERIFY_RESULT(dead);
    QCOMPARE(joined(rowIds(*dead)), joined(stuck));

    // The lock is gone: the same writes, planned from a fresh snapshot, go through and settle the
    // dead letters.
    const auto fresh = readSnapshot(system);
    QVERIFY2(fresh->error.isEmpty(), qPrintable(fresh->error));
    Plan retry;
    for (const QString& id : stuck)
        retry.writes << plannedWrite(system, *fresh, id.toInt(), u"email"_s, u"new%1@x.example"_s.arg(id));
    const auto second = applyPlan(ws, retry, options);
    VERIFY_RESULT(second);
    QVERIFY2(second->count(u"written"_s) == stuck.size(), describeEntries(second->entries).constData());
    for (int id = 1; id <= 3; ++id)
        QCOMPARE(db.value(table, u"email"_s, id), u"new%1@x.example"_s.arg(id));
    const auto none = ws.deadLetters();
    VERIFY_RESULT(none);
    QVERIFY2(none->isEmpty(), describeEntries(*none).constData());
    const auto first = ws.journal(report->batch.id, u"dead_letter"_s);
    VERIFY_RESULT(first);
    QCOMPARE(first->size(), stuck.size());
    for (const JournalEntry& e : *first)
        QCOMPARE(e.resolvedBy, second->batch.id);
}

void TstApplyFailures::permanentErrorDeadLettersOnlyItsRow_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("badValue");
    QTest::newRow("sqlite/check") << u"sqlite"_s << u"qty"_s << u"-5"_s;
    QTest::newRow("postgresql/check") << u"postgresql"_s << u"qty"_s << u"-5"_s;
    QTest::newRow("postgresql/too long") << u"postgresql"_s << u"code"_s << u"TOOLONG1"_s;
    QTest::newRow("mariadb/check") << u"mariadb"_s << u"qty"_s << u"-5"_s;
}

// A value the database refuses every time is not retried: that row is dead-lettered at once and
// the rest of its transaction is written.
void TstApplyFailures::permanentErrorDeadLettersOnlyItsRow()
{
    QFETCH(QString, backend);
    QFETCH(QString, column);
    QFETCH(QString, badValue);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"refused"_s);
    QVERIFY2(
        db.createTable(table, u"id INTEGER PRIMARY KEY, qty INTEGER CHECK (qty >= 0), code VARCHAR(5)"_s) &&
            db.insert(table, {u"id"_s, u"qty"_s, u"code"_s},
                      {{1, 1, u"a"_s}, {2, 2, u"b"_s}, {3, 3, u"c"_s}}),
        qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    plan.writes << plannedWrite(system, *snapshot, 1, u"qty"_s, u"10"_s)
                << plannedWrite(system, *snapshot, 2, column, badValue)
                << plannedWrite(system, *snapshot, 3, u"code"_s, u"zz"_s);
    const QString row2Before = db.value(table, column, 2);

    const auto report = applyPlan(ws, plan, quickOptions());
    VERIFY_RESULT(report);
    const auto entries = byRowAndColumn(report->entries);
    const JournalEntry refused = entries.value(u"2."_s + column);
    QVERIFY2(refused.state == "dead_letter"_L1, describeEntries(report->entries).constData());
    QCOMPARE(refused.attempts, 1); // not retried
    QVERIFY2(refused.error.contains(u"system 'crm'"_s), qPrintable(refused.error));
    QCOMPARE(entries.value(u"1.qty"_s).state, u"written"_s);
    QCOMPARE(entries.value(u"3.code"_s).state, u"written"_s);

    QCOMPARE(db.value(table, u"qty"_s, 1), u"10"_s);
    QCOMPARE(db.value(table, column, 2), row2Before);
    QCOMPARE(db.value(table, u"code"_s, 3), u"zz"_s);
    const auto dead = ws.deadLetters();
    VERIFY_RESULT(dead);
    QCOMPARE(dead->size(), 1);
    QCOMPARE(dead->first().rowId, u"2"_s);
    QCOMPARE(dead->first().after, badValue);
}

// A read-only system's writes are listed as skipped and never written; a writable system in the
// same plan is written. The executor itself refuses a batch that includes one.
void TstApplyFailures::readOnlySystemIsSkipped()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"readonly"_s);
    QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    SystemConfig readOnly = systemConfig(backend, u"crm"_s, sqlitePath, table);
    readOnly.readOnly = true;
    VERIFY_RESULT(ws.addSystem(readOnly));
    const QString ledgerPath = dir.filePath(u"ledger.sqlite"_s);
    Db ledgerDb(u"sqlite"_s, ledgerPath);
    const QString ledgerTable = uniqueName(u"ledger"_s);
    QVERIFY2(createCustomers(ledgerDb, ledgerTable), qPrintable(ledgerDb.error()));
    const SystemConfig ledger = systemConfig(u"sqlite"_s, u"ledger"_s, ledgerPath, ledgerTable);
    VERIFY_RESULT(ws.addSystem(ledger));
    const QStringList before = db.dump(table);
    const QStringList ledgerBefore = ledgerDb.dump(ledgerTable);

    const auto snapshot = readSnapshot(readOnly);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    const auto ledgerSnapshot = readSnapshot(ledger);
    QVERIFY2(ledgerSnapshot->error.isEmpty(), qPrintable(ledgerSnapshot->error));
    const PlannedWrite toReadOnly1 = plannedWrite(readOnly, *snapshot, 1, u"email"_s, u"new1@x.example"_s);
    const PlannedWrite toReadOnly2 = plannedWrite(readOnly, *snapshot, 2, u"name"_s, u"Robert"_s);
    const PlannedWrite toLedger = plannedWrite(ledger, *ledgerSnapshot, 1, u"email"_s, u"ledger@x.example"_s);

    // Only read-only writes: nothing to do, no batch.
    Plan onlyReadOnly;
    onlyReadOnly.writes << toReadOnly1 << toReadOnly2;
    const auto skippedOnly = applyPlan(ws, onlyReadOnly, quickOptions());
    VERIFY_RESULT(skippedOnly);
    QVERIFY(skippedOnly->batch.id.isEmpty());
    QVERIFY(skippedOnly->entries.isEmpty());
    QCOMPARE(skippedOnly->skipped.size(), 2);
    for (const JournalEntry& e : skippedOnly->skipped) {
        QCOMPARE(e.state, u"not_written"_s);
        QVERIFY2(e.error.contains(u"system 'crm' is read-only"_s), qPrintable(e.error));
    }
    QCOMPARE(batchCount(ws), 0);
    QCOMPARE(db.dump(table), before);

    // Mixed: the writable system is written, the read-only one skipped.
    Plan mixed;
    mixed.writes << toReadOnly1 << toLedger << toReadOnly2;
    const auto report = applyPlan(ws, mixed, quickOptions());
    VERIFY_RESULT(report);
    QCOMPARE(report->skipped.size(), 2);
    QVERIFY2(report->entries.size() == 1 && report->count(u"written"_s) == 1,
             describeEntries(report->entries).constData());
    QCOMPARE(report->entries.first().system, u"ledger"_s);
    QCOMPARE(ledgerDb.value(ledgerTable, u"email"_s, 1), u"ledger@x.example"_s);
    QCOMPARE(db.dump(table), before);
    QCOMPARE(batchCount(ws), 1);

    // The executor, handed a read-only system's write anyway, refuses the whole batch up front.
    const QStringList ledgerAfterApply = ledgerDb.dump(ledgerTable);
    QVERIFY(ledgerAfterApply != ledgerBefore);
    const auto fresh = readSnapshot(ledger);
    QVERIFY2(fresh->error.isEmpty(), qPrintable(fresh->error));
    BatchInfo batch;
    batch.id = newBatchId();
    const auto refused = executeBatch(
        ws, batch,
        {writeOp(plannedWrite(ledger, *fresh, 2, u"email"_s, u"again@x.example"_s)), writeOp(toReadOnly1)},
        quickOptions());
    QVERIFY(!refused.ok());
    QVERIFY2(refused.errorString().contains(u"system 'crm' is read-only"_s),
             qPrintable(refused.errorString()));
    QVERIFY2(refused.errorString().contains(u"nothing was written"_s), qPrintable(refused.errorString()));
    QCOMPARE(ledgerDb.dump(ledgerTable), ledgerAfterApply);
    QCOMPARE(db.dump(table), before);
    QCOMPARE(batchCount(ws), 1);
}

void TstApplyFailures::unwritableSystemStopsBatchBeforeWriting_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("problem");
    QTest::addColumn<QString>("expected"); // in the error, besides the system's name
    QTest::newRow("sqlite/read-only file") << u"sqlite"_s << u"chmod"_s << u"read-only"_s;
    QTest::newRow("sqlite/missing file") << u"sqlite"_s << u"missing"_s << u"does not exist"_s;
    QTest::newRow("postgresql/wrong password") << u"postgresql"_s << u"password"_s << u"cannot connect"_s;
    QTest::newRow("mariadb/wrong password") << u"mariadb"_s << u"password"_s << u"cannot connect"_s;
}

// System "omega" cannot be opened for writing; "alpha" (opened first) could be. Neither is written
// and no batch is recorded, through the executor and through applyPlan.
void TstApplyFailures::unwritableSystemStopsBatchBeforeWriting()
{
    QFETCH(QString, backend);
    QFETCH(QString, problem);
    QFETCH(QString, expected);
    if (problem == "chmod"_L1 && ::geteuid() == 0)
        QSKIP("running as root, which writes to a file whatever its permissions say");
    SETUP_APPLY(backend);
    const QString alphaPath = dir.filePath(u"alpha.sqlite"_s);
    Db alphaDb(u"sqlite"_s, alphaPath);
    const QString alphaTable = uniqueName(u"alpha"_s);
    QVERIFY2(createCustomers(alphaDb, alphaTable), qPrintable(alphaDb.error()));
    const SystemConfig alpha = systemConfig(u"sqlite"_s, u"alpha"_s, alphaPath, alphaTable);
    VERIFY_RESULT(ws.addSystem(alpha));

    const QString table = uniqueName(u"omega"_s);
    QString omegaPath = sqlitePath;
    if (problem == "missing"_L1)
        omegaPath = dir.filePath(u"missing.sqlite"_s);
    else
        QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    const SystemConfig omega = systemConfig(backend, u"omega"_s, omegaPath, table);
    VERIFY_RESULT(ws.addSystem(omega));
    if (problem == "password"_L1)
        qputenv(Credentials::environmentVariable(omega.name).toLatin1().constData(), "not-the-password");
    const QStringList omegaBefore = problem == "missing"_L1 ? QStringList() : db.dump(table);
    if (problem == "chmod"_L1)
        QVERIFY(QFile::setPermissions(sqlitePath, QFile::ReadOwner | QFile::ReadGroup | QFile::ReadOther));

    const auto alphaSnapshot = readSnapshot(alpha);
    QVERIFY2(alphaSnapshot->error.isEmpty(), qPrintable(alphaSnapshot->error));
    const PlannedWrite toAlpha = plannedWrite(alpha, *alphaSnapshot, 1, u"email"_s, u"alpha@x.example"_s);
    PlannedWrite toOmega = toAlpha; // the row's version does not matter: nothing gets that far
    toOmega.system = omega.name;
    toOmega.driver = omega.driver;
    toOmega.table = table;
    const QStringList alphaBefore = alphaDb.dump(alphaTable);

    const auto checkRefused = [&](const Result<BatchReport>& result) {
        QVERIFY(!result.ok());
        QVERIFY2(result.errorString().contains(u"'omega'"_s), qPrintable(result.errorString()));
        QVERIFY2(result.errorString().contains(expected, Qt::CaseInsensitive),
                 qPrintable(result.errorString()));
        QVERIFY2(result.errorString().contains(u"nothing was written"_s), qPrintable(result.errorString()));
        QCOMPARE(alphaDb.dump(alphaTable), alphaBefore);
        if (problem != "missing"_L1)
            QCOMPARE(db.dump(table), omegaBefore);
        QCOMPARE(batchCount(ws), 0);
        const auto journal = ws.journal();
        QVERIFY(journal.ok() && journal->isEmpty());
    };
    BatchInfo batch;
    batch.id = newBatchId();
    checkRefused(executeBatch(ws, batch, {writeOp(toAlpha), writeOp(toOmega)}, quickOptions()));
    if (QTest::currentTestFailed())
        return;
    Plan plan;
    plan.writes << toAlpha << toOmega;
    checkRefused(applyPlan(ws, plan, quickOptions()));
    if (problem == "missing"_L1)
        QVERIFY2(!QFile::exists(omegaPath), "opening for writing must not create a missing SQLite file");
}

// PostgreSQL goes away after the first transaction of a batch: the writer reconnects with backoff
// for a bounded time, then dead-letters the system's remaining rows in one step with the real
// cause (the connection refused at the relay's host:port), not "Driver not loaded", and goes on
// with the next system. The whole apply takes about the reconnect window, not seconds per row.
void TstApplyFailures::lostServerStopsOnlyThatSystem()
{
    SETUP_APPLY(u"postgresql"_s);
    const auto server = concord::test::postgres();
    const QString table = uniqueName(u"lost"_s);
    QList<QVariantList> rows;
    for (int id = 1; id <= 40; ++id)
        rows.append({id, u"c%1@x.example"_s.arg(id)});
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, email VARCHAR(100)"_s) &&
                 db.insert(table, {u"id"_s, u"email"_s}, rows),
             qPrintable(db.error()));
    SystemConfig pg = systemConfig(u"postgresql"_s, u"a_pg"_s, sqlitePath, table);
    const auto snapshot = readSnapshot(pg); // straight from the server
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    PgRelay relay(server->host, static_cast<quint16>(server->port), 2); // lost at the second BEGIN
    QVERIFY(relay.port() != 0);
    pg.port = relay.port();
    VERIFY_RESULT(ws.addSystem(pg));

    const QString litePath = dir.filePath(u"lite.sqlite"_s);
    Db liteDb(u"sqlite"_s, litePath);
    const QString liteTable = uniqueName(u"lite"_s);
    QVERIFY2(createCustomers(liteDb, liteTable), qPrintable(liteDb.error()));
    const SystemConfig lite = systemConfig(u"sqlite"_s, u"b_lite"_s, litePath, liteTable);
    VERIFY_RESULT(ws.addSystem(lite));
    const auto liteSnapshot = readSnapshot(lite);
    QVERIFY2(liteSnapshot->error.isEmpty(), qPrintable(liteSnapshot->error));

    Plan plan;
    for (int id = 1; id <= 40; ++id)
        plan.writes << plannedWrite(pg, *snapshot, id, u"email"_s, u"new%1@x.example"_s.arg(id));
    for (int id = 1; id <= 4; ++id)
        plan.writes << plannedWrite(lite, *liteSnapshot, id, u"email"_s, u"lite%1@x.example"_s.arg(id));
    ApplyOptions options = quickOptions();
    options.rowsPerTransaction = 10;
    options.maxAttempts = 4;
    options.backoffMs = 100;
    options.reconnectWindowMs = 1500;
    QElapsedTimer timer;
    timer.start();
    const auto report = applyPlan(ws, plan, options);
    const qint64 elapsed = timer.elapsed();
    VERIFY_RESULT(report);
    QVERIFY(relay.lost());
    QVERIFY2(elapsed < options.reconnectWindowMs + 5000, qPrintable(u"apply took %1 ms"_s.arg(elapsed)));

    const QString where = u"port %1"_s.arg(relay.port());
    for (const JournalEntry& e : report->entries) {
        const QByteArray described = describeEntries({e});
        if (e.system == "b_lite"_L1) {
            QVERIFY2(e.state == "written"_L1, described.constData());
            QCOMPARE(liteDb.value(liteTable, u"email"_s, e.rowId.toInt()), e.after);
        } else if (e.rowId.toInt() <= 10) { // the first transaction committed before the server went
            QVERIFY2(e.state == "written"_L1, described.constData());
            QCOMPARE(db.value(table, u"email"_s, e.rowId.toInt()), e.after);
        } else {
            QVERIFY2(e.state == "dead_letter"_L1, described.constData());
            QVERIFY2(e.error.contains(where) && e.error.contains(u"refused"_s, Qt::CaseInsensitive) &&
                         !e.error.contains(u"Driver not loaded"_s),
                     qPrintable(e.error));
            QCOMPARE(db.value(table, u"email"_s, e.rowId.toInt()), u"c%1@x.example"_s.arg(e.rowId));
        }
    }
    QCOMPARE(report->count(u"dead_letter"_s), 30);
    QCOMPARE(report->batch.state, u"finished"_s);
    const auto dead = ws.deadLetters();
    VERIFY_RESULT(dead);
    QCOMPARE(dead->size(), 30);
}

QTEST_GUILESS_MAIN(TstApplyFailures)
#include "tst_applyfailures.moc"
