// Write-back against real databases (a private SQLite file, the PostgreSQL and MariaDB test servers):
// the version token apply re-reads before each write equals the snapshot's, a row changed
// underneath is never overwritten, hostile values and identifiers are written verbatim, a rollback
// restores the table exactly, and an interrupted batch is settled to match the systems. Every outcome
// is checked by reading the tables back through the test's own connection.
// Failure paths (locks, retries, dead letters, permanent errors, read-only systems): tst_applyfailures.

#include "ApplyTestSupport.h"

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::applytest;

namespace {

QVariant sqlNull()
{
    return QVariant(QMetaType::fromType<QString>());
}

bool sameExact(const QString& a, const QString& b)
{
    return a.isNull() == b.isNull() && a == b;
}

} // namespace

class TstApply : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void versionTokensAgree_data();
    void versionTokensAgree();
    void changedUnderneathIsNotOverwritten_data() { addBackendRows(); }
    void changedUnderneathIsNotOverwritten();
    void hostileValuesAndIdentifiers_data();
    void hostileValuesAndIdentifiers();
    void rollbackRestoresTableExactly_data() { addBackendRows(); }
    void rollbackRestoresTableExactly();
    void rollbackLeavesRowsChangedSince_data() { addBackendRows(); }
    void rollbackLeavesRowsChangedSince();
    void rollbackRefusesTwiceAndUnknownBatch_data() { addBackendRows(); }
    void rollbackRefusesTwiceAndUnknownBatch();
    void recoverySettlesInterruptedBatch_data() { addBackendRows(); }
    void recoverySettlesInterruptedBatch();
    void recoveryKeepsNullApartFromEmpty_data() { addBackendRows(); }
    void recoveryKeepsNullApartFromEmpty();
    void cancelStopsAfterTheCurrentTransaction_data() { addBackendRows(); }
    void cancelStopsAfterTheCurrentTransaction();
};

void TstApply::versionTokensAgree_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("versionColumn");
    for (const QString& backend : {u"sqlite"_s, u"postgresql"_s, u"mariadb"_s}) {
        QTest::addRow("%s/row hash", qPrintable(backend)) << backend << QString();
        QTest::addRow("%s/version column", qPrintable(backend)) << backend << u"ts"_s;
    }
}

// The snapshot (SqlConnector::readRows) and apply's locking re-read (SqlWriter::lockRow) must read
// every value identically, or every row would count as changed underneath and nothing be written.
void TstApply::versionTokensAgree()
{
    QFETCH(QString, backend);
    QFETCH(QString, versionColumn);
    SETUP_APPLY(backend);
    const Types t = db.types();
    const QString table = uniqueName(u"versions"_s);
    QVERIFY2(db.createTable(
                 table, u"id INTEGER PRIMARY KEY, i INTEGER, r %1, f %2, n NUMERIC(12,2), t TEXT, "
                        "v VARCHAR(50), d DATE, ts %3"_s.arg(t.doubleType(), t.floatType(), t.timestamp())),
             qPrintable(db.error()));
    const QStringList columns{u"id"_s, u"i"_s, u"r"_s, u"f"_s, u"n"_s, u"t"_s, u"v"_s, u"d"_s, u"ts"_s};
    const QVariant null = sqlNull();
    QVERIFY2(
        db.insert(table, columns,
                  {{1, 42, u"0.1"_s, u"0.1"_s, u"12.50"_s, u""_s, u"plain"_s, u"2024-02-29"_s,
                    u"2024-03-01 10:15:30.123456"_s},
                   {2, null, null, null, null, null, null, null, null},
                   {3, -7, u"1e20"_s, u"3.25"_s, u"-0.05"_s, u"東京 Trading 😀 Ünïcödé"_s, u"O'Brien"_s,
                    u"1999-12-31"_s, u"1999-12-31 23:59:59"_s},
                   {4, 2147483647, u"123456789.123456789"_s, u"1.5e-7"_s, u"1234567890.12"_s,
                    u"line one\nline two \\ end"_s, u""_s, u"2000-01-01"_s, u"2000-01-01 00:00:00.000001"_s},
                   {5, 0, u"-0.000001234"_s, u"100000000"_s, u"0.00"_s, u"  padded  "_s, u"x"_s,
                    u"1970-01-01"_s, null}}),
        qPrintable(db.error()));

    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table, versionColumn);
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    QCOMPARE(snapshot->rows.size(), 5);
    // The comparison only means something if NULL and '' are read apart.
    QVERIFY(!snapshot->value(u"1"_s, u"t"_s).isNull() && snapshot->value(u"1"_s, u"t"_s).isEmpty());
    QVERIFY(snapshot->value(u"2"_s, u"t"_s).isNull());

    SqlWriter writer(connectionSpec(system));
    VERIFY_RESULT(writer.open(2000));
    auto target = writer.target(table, u"id"_s, versionColumn);
    VERIFY_RESULT(target);
    const auto begun = writer.begin();
    QVERIFY2(!begun, qPrintable(begun ? begun->message : QString()));
    QStringList mismatches;
    for (int id = 1; id <= 5; ++id) {
        const QString rowId = QString::number(id);
        auto locked = writer.lockRow(*target, {rowId});
        if (const auto* failure = std::get_if<WriteFailure>(&locked))
            QFAIL(qPrintable(failure->message));
        const auto& row = std::get<std::optional<SourceRow>>(locked);
        QVERIFY2(row.has_value(), qPrintable(u"row %1 not found by lockRow"_s.arg(id)));
        const SourceRow snap = snapshot->rows.value(rowId);
        QCOMPARE(row->sourceId, rowId);
        for (int c = 0; c < columns.size(); ++c) {
            if (!sameExact(row->values.value(c), snap.values.value(c)))
                mismatches << u"row %1 column %2: snapshot %3, lockRow %4"_s.arg(
                    rowId, columns[c], shown(snap.values.value(c)), shown(row->values.value(c)));
        }
        if (row->version != snap.version)
            mismatches << u"row %1 version: snapshot %2, lockRow %3"_s.arg(rowId, snap.version, row->version);
        // With a version column the token is its value; a row never stamped falls back to the hash.
        const bool stamped = !versionColumn.isEmpty() && id != 2 && id != 5;
        QVERIFY2(snap.version.startsWith(stamped ? u"v:"_s : u"h:"_s), qPrintable(snap.version));
    }
    auto missing = writer.lockRow(*target, {u"999"_s});
    QVERIFY(std::holds_alternative<std::optional<SourceRow>>(missing));
    QVERIFY(!std::get<std::optional<SourceRow>>(missing).has_value());
    writer.rollback();
    QVERIFY2(mismatches.isEmpty(), qPrintable(mismatches.join(u'\n')));
}

// Rows changed by someone else after the snapshot are refused whole and go back to review; the
// rest of the batch is written.
void TstApply::changedUnderneathIsNotOverwritten()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"changed"_s);
    QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));

    // Row 2's write was approved by the steward: that decision must come back open.
    ReviewItem approved;
    approved.kind = ReviewItemKind::HighStakes;
    approved.field = u"email"_s;
    approved.records = {u"crm:2"_s};
    approved.id = ReviewItem::makeId(approved.kind, approved.field, approved.records);
    approved.summary = u"crm:2 email: b@x.example -> bob@new.example"_s;
    approved.fingerprint = ReviewItem::makeFingerprint({u"b@x.example"_s, u"bob@new.example"_s});
    VERIFY_RESULT(ws.syncReviewItems({approved}));
    VERIFY_RESULT(ws.decideReviewItem(approved.id, ReviewState::Approved, u"tester"_s, u"fine"_s));

    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    plan.writes << plannedWrite(system, *snapshot, 1, u"email"_s, u"alice@new.example"_s);
    PlannedWrite second = plannedWrite(system, *snapshot, 2, u"email"_s, u"bob@new.example"_s);
    second.reviewItem = approved.id;
    second.status = u"approved"_s;
    plan.writes << second;
    plan.writes << plannedWrite(system, *snapshot, 3, u"email"_s, u"carol@new.example"_s);
    plan.writes << plannedWrite(system, *snapshot, 4, u"name"_s, u"Daniel"_s);

    // Someone else: row 1 in another column, row 2 in the very column the plan writes.
    QVERIFY2(db.set(table, u"phone"_s, 1, u"555-OTHER"_s), qPrintable(db.error()));
    QVERIFY2(db.set(table, u"email"_s, 2, u"bob@someone.else"_s), qPrintable(db.error()));

    const auto report = applyPlan(ws, plan, quickOptions());
    VERIFY_RESULT(report);
    QVERIFY2(report->count(u"changed_underneath"_s) == 2 && report->count(u"written"_s) == 2,
             describeEntries(report->entries).constData());

    QCOMPARE(db.value(table, u"email"_s, 1), u"a@x.example"_s);
    QCOMPARE(db.value(table, u"phone"_s, 1), u"555-OTHER"_s);
    QCOMPARE(db.value(table, u"email"_s, 2), u"bob@someone.else"_s);
    QCOMPARE(db.value(table, u"email"_s, 3), u"carol@new.example"_s);
    QCOMPARE(db.value(table, u"name"_s, 4), u"Daniel"_s);

    const auto journal = ws.journal(report->batch.id);
    VERIFY_RESULT(journal);
    const auto entries = byRowAndColumn(*journal);
    for (const QString& key : {u"1.email"_s, u"2.email"_s}) {
        QCOMPARE(entries.value(key).state, u"changed_underneath"_s);
        QVERIFY2(entries.value(key).error.contains(u"changed since the snapshot"_s),
                 qPrintable(entries.value(key).error));
    }
    QCOMPARE(entries.value(u"3.email"_s).state, u"written"_s);
    QCOMPARE(entries.value(u"3.email"_s).before, u"c@x.example"_s);
    QCOMPARE(entries.value(u"4.name"_s).state, u"written"_s);

    const auto open = ws.reviewItems(ReviewState::Open);
    VERIFY_RESULT(open);
    QStringList openIds;
    for (const ReviewItem& item : *open)
        openIds << item.id;
    QCOMPARE(open->size(), 2);
    const auto fresh = std::find_if(open->cbegin(), open->cend(), [](const ReviewItem& i) {
        return i.kind == ReviewItemKind::ChangedUnderneath;
    });
    QVERIFY2(fresh != open->cend(), qPrintable(openIds.join(u", "_s)));
    QCOMPARE(fresh->records, QStringList{u"crm:1"_s});
    QCOMPARE(fresh->field, u"email"_s);
    const auto reopened = ws.reviewItem(approved.id);
    VERIFY_RESULT(reopened);
    QCOMPARE(reopened->state, ReviewState::Open);
    QVERIFY2(reopened->note.contains(u"changed underneath"_s), qPrintable(reopened->note));
}

void TstApply::hostileValuesAndIdentifiers_data()
{
    QTest::addColumn<QString>("backend");
    QTest::addColumn<QString>("column"); // the written column's name
    // Qt 6.4's QSqlDriver::escapeIdentifier splits a name at '.' on PostgreSQL and MariaDB and
    // does not double a backtick on MariaDB: the dot and backtick rows guard Concord's own quoting.
    const QString doubleQuoted = u"na\"me; x"_s;
    QTest::newRow("sqlite") << u"sqlite"_s << doubleQuoted;
    QTest::newRow("postgresql") << u"postgresql"_s << doubleQuoted;
    QTest::newRow("mariadb") << u"mariadb"_s << doubleQuoted;
    QTest::newRow("mariadb/backtick") << u"mariadb"_s << u"na`me; x"_s;
    QTest::newRow("sqlite/dot") << u"sqlite"_s << u"a.b c"_s;
    QTest::newRow("postgresql/dot") << u"postgresql"_s << u"a.b c"_s;
    QTest::newRow("mariadb/dot") << u"mariadb"_s << u"a.b c"_s;
}

// Values and column names that would break out of naive SQL are written and rolled back byte for
// byte; neither the table nor a canary table is touched.
void TstApply::hostileValuesAndIdentifiers()
{
    QFETCH(QString, backend);
    QFETCH(QString, column);
    SETUP_APPLY(backend);
    const QString canary = uniqueName(u"canary"_s);
    QVERIFY2(db.createTable(canary, u"id INTEGER PRIMARY KEY, v VARCHAR(20)"_s) &&
                 db.insert(canary, {u"id"_s, u"v"_s}, {{1, u"alive"_s}}),
             qPrintable(db.error()));
    const QString table = uniqueName(u"hostile"_s);
    QVERIFY2(
        db.createTable(table, u"id INTEGER PRIMARY KEY, %1 VARCHAR(200), note TEXT"_s.arg(db.quote(column))),
        qPrintable(db.error()));
    const QStringList hostile{
        u"O'Brien; DROP TABLE %1; --"_s.arg(canary),
        u"'); DROP TABLE %1; --"_s.arg(table),
        u"\"; DROP TABLE %1; --"_s.arg(canary),
        u"`; DROP TABLE %1; -- "_s.arg(canary),
        u"\\'; DROP TABLE %1; --"_s.arg(canary),
        u"line one\nline two\r\n\ttab \\ back\\slash \\\\ end\\"_s,
        u"東京 😀 ? :name $1 %s"_s,
    };
    const int n = static_cast<int>(hostile.size());
    QList<QVariantList> rows;
    for (int id = 1; id <= n; ++id)
        rows << QVariantList{id, u"orig %1"_s.arg(id), id % 2 ? sqlNull() : QVariant(u"note %1"_s.arg(id))};
    QVERIFY2(db.insert(table, {u"id"_s, column, u"note"_s}, rows), qPrintable(db.error()));
    const QStringList before = db.dump(table);

    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    for (int id = 1; id <= n; ++id) {
        plan.writes << plannedWrite(system, *snapshot, id, column, hostile[id - 1]);
        plan.writes << plannedWrite(system, *snapshot, id, u"note"_s, hostile[id % n]);
    }
    const auto report = applyPlan(ws, plan, quickOptions());
    VERIFY_RESULT(report);
    QVERIFY2(report->count(u"written"_s) == 2 * n, describeEntries(report->entries).constData());

    for (int id = 1; id <= n; ++id) {
        const QString stored = db.value(table, column, id);
        QCOMPARE(stored, hostile[id - 1]);
        QCOMPARE(stored.toUtf8(), hostile[id - 1].toUtf8());
        QCOMPARE(db.value(table, u"note"_s, id).toUtf8(), hostile[id % n].toUtf8());
    }
    QVERIFY(db.tableExists(table));
    QVERIFY(db.tableExists(canary));
    QCOMPARE(db.value(canary, u"v"_s, 1), u"alive"_s);
    const auto written = ws.journal(report->batch.id, u"written"_s);
    VERIFY_RESULT(written);
    for (const JournalEntry& e : *written) {
        const int id = e.rowId.toInt();
        QCOMPARE(e.after, e.column == "note"_L1 ? hostile[id % n] : hostile[id - 1]);
    }

    const auto undone = rollbackBatch(ws, report->batch.id, quickOptions());
    VERIFY_RESULT(undone);
    QVERIFY2(undone->count(u"written"_s) == 2 * n, describeEntries(undone->entries).constData());
    QCOMPARE(db.dump(table), before);
    QVERIFY(db.value(table, u"note"_s, 1).isNull()); // NULL came back as NULL
    QCOMPARE(db.value(canary, u"v"_s, 1), u"alive"_s);
}

// The table after apply + rollback is exactly the table before: NULL, '', numbers, other columns.
void TstApply::rollbackRestoresTableExactly()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"rollback"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, name VARCHAR(100), note VARCHAR(100), "
                                   "amount NUMERIC(12,2), seen %1"_s.arg(db.types().timestamp())),
             qPrintable(db.error()));
    QVERIFY2(db.insert(table, {u"id"_s, u"name"_s, u"note"_s, u"amount"_s, u"seen"_s},
                       {{1, u"Alice"_s, sqlNull(), u"12.50"_s, u"2024-03-01 10:15:30.123456"_s},
                        {2, u"Bob"_s, u""_s, sqlNull(), sqlNull()},
                        {3, u"Carol"_s, u"x"_s, u"0.00"_s, u"2024-12-31 23:59:59.999999"_s},
                        {4, u"Dan"_s, u"untouched"_s, u"1.00"_s, u"2000-01-01 00:00:00"_s}}),
             qPrintable(db.error()));
    const QStringList before = db.dump(table);
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));

    Plan plan;
    plan.writes << plannedWrite(system, *snapshot, 1, u"note"_s, u"now set"_s)
                << plannedWrite(system, *snapshot, 1, u"amount"_s, u"5000"_s)
                << plannedWrite(system, *snapshot, 2, u"note"_s, QString()) // '' -> NULL
                << plannedWrite(system, *snapshot, 2, u"name"_s, u"Robert"_s)
                << plannedWrite(system, *snapshot, 3, u"note"_s, u""_s) // 'x' -> ''
                << plannedWrite(system, *snapshot, 3, u"amount"_s, QString());
    const auto report = applyPlan(ws, plan, quickOptions());
    VERIFY_RESULT(report);
    QVERIFY2(report->count(u"written"_s) == 6, describeEntries(report->entries).constData());
    QCOMPARE(db.value(table, u"note"_s, 1), u"now set"_s);
    QCOMPARE(db.value(table, u"amount"_s, 1).toDouble(), 5000.0);
    QVERIFY(db.value(table, u"note"_s, 2).isNull());
    QCOMPARE(db.value(table, u"note"_s, 3), u""_s);
    QVERIFY(!db.value(table, u"note"_s, 3).isNull());
    QVERIFY(db.value(table, u"amount"_s, 3).isNull());
    QVERIFY(db.dump(table) != before);

    const auto undone = rollbackBatch(ws, report->batch.id, quickOptions());
    VERIFY_RESULT(undone);
    QVERIFY2(undone->count(u"written"_s) == 6, describeEntries(undone->entries).constData());
    QCOMPARE(undone->batch.kind, u"rollback"_s);
    QCOMPARE(db.dump(table), before);
    const auto recorded = ws.batch(undone->batch.id);
    VERIFY_RESULT(recorded);
    QCOMPARE(recorded->rollsBack, report->batch.id);
}

// A value someone else changed after the apply is a conflict, left alone; the rest is restored.
void TstApply::rollbackLeavesRowsChangedSince()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"conflict"_s);
    QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    for (int id = 1; id <= 3; ++id)
        plan.writes << plannedWrite(system, *snapshot, id, u"email"_s, u"new%1@x.example"_s.arg(id));
    const auto report = applyPlan(ws, plan, quickOptions());
    VERIFY_RESULT(report);
    QVERIFY2(report->count(u"written"_s) == 3, describeEntries(report->entries).constData());

    QVERIFY2(db.set(table, u"email"_s, 2, u"someone@else.example"_s), qPrintable(db.error()));
    const auto undone = rollbackBatch(ws, report->batch.id, quickOptions());
    VERIFY_RESULT(undone);
    const auto entries = byRowAndColumn(undone->entries);
    QCOMPARE(entries.value(u"2.email"_s).state, u"conflict"_s);
    QVERIFY(!entries.value(u"2.email"_s).error.isEmpty());
    QCOMPARE(entries.value(u"1.email"_s).state, u"written"_s);
    QCOMPARE(entries.value(u"3.email"_s).state, u"written"_s);
    QCOMPARE(db.value(table, u"email"_s, 1), u"a@x.example"_s);
    QCOMPARE(db.value(table, u"email"_s, 2), u"someone@else.example"_s);
    QCOMPARE(db.value(table, u"email"_s, 3), u"c@x.example"_s);
}

// A batch already rolled back, and a batch that does not exist: an error naming it, nothing written.
void TstApply::rollbackRefusesTwiceAndUnknownBatch()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"twice"_s);
    QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    plan.writes << plannedWrite(system, *snapshot, 1, u"name"_s, u"Alicia"_s)
                << plannedWrite(system, *snapshot, 2, u"name"_s, u"Robert"_s);
    const auto report = applyPlan(ws, plan, quickOptions());
    VERIFY_RESULT(report);
    QCOMPARE(report->count(u"written"_s), 2);
    VERIFY_RESULT(rollbackBatch(ws, report->batch.id, quickOptions()));
    const QStringList afterRollback = db.dump(table);
    const int batches = batchCount(ws);
    QCOMPARE(batches, 2);

    // Someone re-applies the same values by hand: a second rollback must still not touch them.
    QVERIFY2(db.set(table, u"name"_s, 1, u"Alicia"_s), qPrintable(db.error()));
    const QStringList changedByHand = db.dump(table);
    const auto again = rollbackBatch(ws, report->batch.id, quickOptions());
    QVERIFY(!again.ok());
    QVERIFY2(again.errorString().contains(report->batch.id), qPrintable(again.errorString()));
    QVERIFY2(again.errorString().contains(u"already rolled back"_s), qPrintable(again.errorString()));
    QCOMPARE(db.dump(table), changedByHand);
    QCOMPARE(batchCount(ws), batches);
    QVERIFY(changedByHand != afterRollback);

    const QString unknown = u"20990101-000000-dead"_s;
    const auto none = rollbackBatch(ws, unknown, quickOptions());
    QVERIFY(!none.ok());
    QVERIFY2(none.errorString().contains(unknown), qPrintable(none.errorString()));
    QCOMPARE(db.dump(table), changedByHand);
    QCOMPARE(batchCount(ws), batches);
}

// A crash after the journal recorded its intent: recovery compares each row with its before and
// after values and settles the batch so that the audit matches the system.
void TstApply::recoverySettlesInterruptedBatch()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"recover"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, name VARCHAR(100), amount NUMERIC(12,2)"_s) &&
                 db.insert(table, {u"id"_s, u"name"_s, u"amount"_s},
                           {{1, u"A"_s, u"1.00"_s},
                            {2, u"B"_s, u"2.00"_s},
                            {3, u"C"_s, u"3.00"_s},
                            {4, u"D"_s, u"10.00"_s},
                            {5, u"E"_s, u"5.00"_s}}),
             qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));

    struct Intent
    {
        int id;
        QString column;
        QString after;
    };
    const QList<Intent> intents{{1, u"name"_s, u"A2"_s},
                                {2, u"name"_s, u"B2"_s},
                                {3, u"name"_s, u"C2"_s},
                                {4, u"amount"_s, u"5000"_s},
                                {5, u"name"_s, u"E2"_s}};
    BatchInfo batch;
    batch.id = u"20240101-000000-c0de"_s;
    batch.steward = u"tester"_s;
    QList<JournalEntry> entries;
    for (const Intent& intent : intents) {
        const PlannedWrite w = plannedWrite(system, *snapshot, intent.id, intent.column, intent.after);
        JournalEntry e;
        e.seq = static_cast<int>(entries.size()) + 1;
        e.system = w.system;
        e.table = w.table;
        e.keyColumns = w.keyColumns;
        e.rowId = w.rowId;
        e.field = w.field;
        e.column = w.column;
        e.before = w.before;
        e.after = w.after;
        e.version = w.version;
        e.rule = w.rule;
        entries << e;
    }
    VERIFY_RESULT(ws.beginBatch(batch, entries));
    // The crash: rows 1 and 4 were committed, 2 and 3 not, 5 was changed by someone else since.
    QVERIFY2(db.set(table, u"name"_s, 1, u"A2"_s), qPrintable(db.error()));
    QVERIFY2(db.set(table, u"amount"_s, 4, u"5000"_s), qPrintable(db.error()));
    QVERIFY2(db.set(table, u"name"_s, 5, u"someone else"_s), qPrintable(db.error()));

    const auto lines = recoverInterruptedBatches(ws, quickOptions());
    VERIFY_RESULT(lines);
    QCOMPARE(lines->size(), 1);
    QVERIFY2(lines->first().contains(batch.id) && lines->first().contains(u"2 written, 2 not written, 1 "_s),
             qPrintable(lines->first()));
    const auto settled = ws.batch(batch.id);
    VERIFY_RESULT(settled);
    QCOMPARE(settled->state, u"recovered"_s);

    const auto journal = ws.journal(batch.id);
    VERIFY_RESULT(journal);
    const auto states = byRowAndColumn(*journal);
    QCOMPARE(states.value(u"1.name"_s).state, u"written"_s);
    QCOMPARE(states.value(u"2.name"_s).state, u"not_written"_s);
    QCOMPARE(states.value(u"3.name"_s).state, u"not_written"_s);
    QCOMPARE(states.value(u"4.amount"_s).state, u"written"_s);
    QCOMPARE(states.value(u"5.name"_s).state, u"conflict"_s);

    // The audit (written entries) is exactly what the table holds: the value as stored.
    const auto audit = ws.journal(batch.id, u"written"_s);
    VERIFY_RESULT(audit);
    QCOMPARE(audit->size(), 2);
    for (const JournalEntry& e : *audit)
        QCOMPARE(e.after, db.value(table, e.column, e.rowId.toInt()));
    const auto again = recoverInterruptedBatches(ws, quickOptions());
    VERIFY_RESULT(again);
    QCOMPARE(*again, QStringList());

    // And the settled batch can be undone like any other.
    const auto undone = rollbackBatch(ws, batch.id, quickOptions());
    VERIFY_RESULT(undone);
    QVERIFY2(undone->count(u"written"_s) == 2, describeEntries(undone->entries).constData());
    QCOMPARE(db.value(table, u"name"_s, 1), u"A"_s);
    QCOMPARE(db.value(table, u"amount"_s, 4).toDouble(), 10.0);
    QCOMPARE(db.value(table, u"name"_s, 5), u"someone else"_s);
}

// Clearing a value ('' -> NULL, or NULL -> '') that was committed before the crash is written:
// the journal's before-image is exact, so recovery must not take NULL and '' for the same value.
void TstApply::recoveryKeepsNullApartFromEmpty()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"nulls"_s);
    QVERIFY2(db.createTable(table, u"id INTEGER PRIMARY KEY, note VARCHAR(100)"_s) &&
                 db.insert(table, {u"id"_s, u"note"_s}, {{1, u""_s}, {2, sqlNull()}, {3, u""_s}}),
             qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    BatchInfo batch;
    batch.id = u"20240101-000000-0a11"_s;
    QList<JournalEntry> entries;
    const QList<std::pair<int, QString>> intents{{1, QString()}, {2, u""_s}, {3, QString()}};
    for (const auto& [id, after] : intents) {
        const WriteOp op = writeOp(plannedWrite(system, *snapshot, id, u"note"_s, after));
        JournalEntry e = op.entry;
        e.seq = id;
        entries << e;
    }
    VERIFY_RESULT(ws.beginBatch(batch, entries));
    // Rows 1 and 2 were committed before the crash, row 3 was not.
    QVERIFY2(db.set(table, u"note"_s, 1, sqlNull()), qPrintable(db.error()));
    QVERIFY2(db.set(table, u"note"_s, 2, u""_s), qPrintable(db.error()));
    QVERIFY(db.value(table, u"note"_s, 1).isNull());
    QVERIFY(!db.value(table, u"note"_s, 2).isNull());

    VERIFY_RESULT(recoverInterruptedBatches(ws, quickOptions()));
    const auto journal = ws.journal(batch.id);
    VERIFY_RESULT(journal);
    const auto states = byRowAndColumn(*journal);
    QCOMPARE(states.value(u"3.note"_s).state, u"not_written"_s);
    QCOMPARE(states.value(u"1.note"_s).state, u"written"_s);
    QCOMPARE(states.value(u"2.note"_s).state, u"written"_s);
}

// The steward stops an apply: the transaction under way commits, nothing more is written, the rest
// is journaled as not written (cancelled), progress was reported per transaction, and what was
// written rolls back exactly.
void TstApply::cancelStopsAfterTheCurrentTransaction()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = uniqueName(u"cancel"_s);
    QVERIFY2(createCustomers(db, table), qPrintable(db.error()));
    const SystemConfig system = systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    Plan plan;
    for (int id = 1; id <= 4; ++id)
        plan.writes << plannedWrite(system, *snapshot, id, u"phone"_s, u"999-%1"_s.arg(id));

    std::atomic<bool> cancel{false};
    QList<ApplyProgress> reports;
    ApplyOptions options = quickOptions();
    options.rowsPerTransaction = 2;
    options.cancel = &cancel;
    options.progress = [&](const ApplyProgress& p) {
        reports.append(p);
        cancel = true; // the steward presses Cancel while the first transaction commits
    };
    const auto report = applyPlan(ws, plan, options);
    VERIFY_RESULT(report);
    QVERIFY(report->cancelled);
    QCOMPARE(report->count(u"written"_s), 2);
    QCOMPARE(report->count(u"not_written"_s), 2);
    QVERIFY2(report->batch.summary.contains(u"2 not written (cancelled)"_s),
             qPrintable(report->batch.summary));
    QCOMPARE(db.value(table, u"phone"_s, 1), u"999-1"_s);
    QCOMPARE(db.value(table, u"phone"_s, 2), u"999-2"_s);
    QCOMPARE(db.value(table, u"phone"_s, 3), u"333"_s);
    QCOMPARE(db.value(table, u"phone"_s, 4), u"444"_s);

    QCOMPARE(reports.size(), 2); // the committed transaction, then the cancelled rest
    QCOMPARE(reports.first().system, u"crm"_s);
    QCOMPARE(reports.first().done, 2);
    QCOMPARE(reports.first().written, 2);
    QCOMPARE(reports.last().done, 4);
    QCOMPARE(reports.last().total, 4);
    QCOMPARE(reports.last().systemTotal, 4);

    const auto journal = ws.journal(report->batch.id);
    VERIFY_RESULT(journal);
    const auto entries = byRowAndColumn(*journal);
    QCOMPARE(entries.value(u"2.phone"_s).state, u"written"_s);
    QCOMPARE(entries.value(u"3.phone"_s).state, u"not_written"_s);
    QVERIFY2(entries.value(u"4.phone"_s).error.startsWith(u"cancelled"_s),
             qPrintable(entries.value(u"4.phone"_s).error));

    const auto undone = rollbackBatch(ws, report->batch.id, quickOptions());
    VERIFY_RESULT(undone);
    QCOMPARE(undone->count(u"written"_s), 2);
    QCOMPARE(db.value(table, u"phone"_s, 1), u"111"_s);
    QCOMPARE(db.value(table, u"phone"_s, 2), u"222"_s);
}

QTEST_GUILESS_MAIN(TstApply)
#include "tst_apply.moc"
