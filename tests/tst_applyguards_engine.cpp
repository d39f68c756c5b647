// Guards of write-back that a review found missing, at the engine level and checked against the
// databases themselves: recovery lets the database compare values it spells its own way; a table in
// a non-public PostgreSQL schema is read, written and rolled back; a rollback does not clear a dead
// letter; a decided changed-underneath item no longer holds the field. The cases use
// ApplyTestSupport.h, or a generated SQLite demo (MergeCliSupport.h) worked on through the engine;
// the CLI-driven guards are in tst_applyguards.cpp.

#include "ApplyTestSupport.h"
#include "MatchPipeline.h"
#include "MergeCliSupport.h"
#include "Planner.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::test;
namespace at = concord::applytest;

namespace {

// The journal entries (engine) that write a cell.
const JournalEntry* entryFor(const QList<JournalEntry>& entries, const QString& system, const QString& rowId,
                             const QString& column)
{
    for (const JournalEntry& e : entries) {
        if (e.system == system && e.rowId == rowId && e.column == column)
            return &e;
    }
    return nullptr;
}

const PlannedWrite* writeFor(const Plan& plan, const QString& system, const QString& rowId,
                             const QString& column)
{
    for (const PlannedWrite& w : plan.writes) {
        if (w.system == system && w.rowId == rowId && w.column == column)
            return &w;
    }
    return nullptr;
}

QString describeWrite(const PlannedWrite* w)
{
    if (!w)
        return u"<no write>"_s;
    return u"%1:%2 %3: '%4' -> '%5' [%6] item %7"_s.arg(w->system, w->rowId, w->column, w->before, w->after,
                                                        w->status, w->reviewItem);
}

// A rule of the database's own that refuses one email address: a CHECK constraint on the servers,
// a trigger on SQLite (whose CHECK constraints cannot be dropped again).
QString refusalName(const QString& table)
{
    return table + u"_refuse"_s;
}

bool addRefusal(at::Db& db, const QString& table, const QString& refused)
{
    const QString name = refusalName(table);
    if (db.backend() == "sqlite"_L1)
        return db.exec(u"CREATE TRIGGER %1 BEFORE UPDATE OF email ON %2 WHEN NEW.email = '%3' "
                       "BEGIN SELECT RAISE(ABORT, 'address refused'); END"_s.arg(db.quote(name),
                                                                                 db.quote(table), refused));
    return db.exec(u"ALTER TABLE %1 ADD CONSTRAINT %2 CHECK (email <> '%3')"_s.arg(db.quote(table),
                                                                                   db.quote(name), refused));
}

bool dropRefusal(at::Db& db, const QString& table)
{
    const QString name = refusalName(table);
    if (db.backend() == "sqlite"_L1)
        return db.exec(u"DROP TRIGGER %1"_s.arg(db.quote(name)));
    return db.exec(u"ALTER TABLE %1 DROP CONSTRAINT %2"_s.arg(db.quote(table), db.quote(name)));
}

Plan onePlan(const PlannedWrite& w)
{
    Plan plan;
    plan.writes << w;
    return plan;
}

// Drops a schema (and what is in it) when the test ends, however it ends.
struct SchemaGuard
{
    at::Db& db;
    QString schema;
    ~SchemaGuard()
    {
        if (!db.exec(u"DROP SCHEMA IF EXISTS %1 CASCADE"_s.arg(db.quote(schema))))
            qWarning("could not drop schema %s: %s", qPrintable(schema), qPrintable(db.error()));
    }
};

// Every row of schema.table ordered by id, every column as PostgreSQL renders it as text.
QStringList dumpSchemaTable(const at::Db& db, const QString& schema, const QString& table,
                            const QStringList& columns)
{
    QStringList select;
    for (const QString& c : columns)
        select << db.castToText(db.quote(c));
    QSqlQuery q(db.database());
    if (!q.exec(u"SELECT %1 FROM %2.%3 ORDER BY id"_s.arg(select.join(u", "_s), db.quote(schema),
                                                          db.quote(table))))
        return {u"<cannot dump: %1>"_s.arg(q.lastError().text())};
    QStringList lines;
    while (q.next()) {
        QStringList values;
        for (int i = 0; i < columns.size(); ++i)
            values << at::shown(at::textOf(q.value(i)));
        lines << values.join(u" | "_s);
    }
    return lines;
}

} // namespace

class TstApplyGuardsEngine : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void recoveryComparesInTheDatabase();
    void tableInANonPublicSchema();
    void deadLetterOutlivesARollback_data() { at::addBackendRows(); }
    void deadLetterOutlivesARollback();
    void decidedChangedUnderneathReleasesTheField();
    void referencedRowIsNotDeleted_data() { at::addBackendRows(); }
    void referencedRowIsNotDeleted();

private:
    QTemporaryDir m_dir; // the generated demos
};

void TstApplyGuardsEngine::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
    QVERIFY(m_dir.isValid());
}

// 1. Values PostgreSQL spells its own way ('1' into a boolean reads back 'true', '5000' into
// NUMERIC(12,2) '5000.00') are written, not conflicts, and the audit records the stored value.
void TstApplyGuardsEngine::recoveryComparesInTheDatabase()
{
    SETUP_APPLY(u"postgresql"_s);
    const QString table = at::uniqueName(u"spelled"_s);
    QVERIFY2(
        db.createTable(table, u"id INTEGER PRIMARY KEY, flag BOOLEAN, amount NUMERIC(12,2)"_s) &&
            db.insert(
                table, {u"id"_s, u"flag"_s, u"amount"_s},
                {{1, false, u"1.00"_s}, {2, false, u"2.00"_s}, {3, false, u"3.00"_s}, {4, false, u"4.00"_s}}),
        qPrintable(db.error()));
    const SystemConfig system = at::systemConfig(u"postgresql"_s, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = at::readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    QCOMPARE(snapshot->value(u"1"_s, u"flag"_s), u"false"_s);

    struct Intent
    {
        int id;
        QString column;
        QString after;
    };
    const QList<Intent> intents{{1, u"flag"_s, u"1"_s},
                                {2, u"amount"_s, u"5000"_s},
                                {3, u"flag"_s, u"1"_s},
                                {4, u"amount"_s, u"5000"_s}};
    BatchInfo batch;
    batch.id = u"20240101-000000-b001"_s;
    batch.steward = u"tester"_s;
    QList<JournalEntry> entries;
    for (const Intent& intent : intents) {
        JournalEntry e =
            at::writeOp(at::plannedWrite(system, *snapshot, intent.id, intent.column, intent.after)).entry;
        e.seq = static_cast<int>(entries.size()) + 1;
        entries << e;
    }
    VERIFY_RESULT(ws.beginBatch(batch, entries));
    // The crash: rows 1 and 2 were committed, 3 not, 4 was changed by someone else since.
    QVERIFY2(db.exec(u"UPDATE %1 SET flag = true WHERE id = 1"_s.arg(db.quote(table))),
             qPrintable(db.error()));
    QVERIFY2(db.exec(u"UPDATE %1 SET amount = 5000.00 WHERE id = 2"_s.arg(db.quote(table))),
             qPrintable(db.error()));
    QVERIFY2(db.exec(u"UPDATE %1 SET amount = 7.00 WHERE id = 4"_s.arg(db.quote(table))),
             qPrintable(db.error()));

    const auto lines = recoverInterruptedBatches(ws, at::quickOptions());
    VERIFY_RESULT(lines);
    QCOMPARE(lines->size(), 1);
    const auto journal = ws.journal(batch.id);
    VERIFY_RESULT(journal);
    const auto states = at::byRowAndColumn(*journal);
    QVERIFY2(states.value(u"1.flag"_s).state == "written"_L1, at::describeEntries(*journal).constData());
    QVERIFY2(states.value(u"2.amount"_s).state == "written"_L1, at::describeEntries(*journal).constData());
    QVERIFY2(states.value(u"3.flag"_s).state == "not_written"_L1, at::describeEntries(*journal).constData());
    QVERIFY2(states.value(u"4.amount"_s).state == "conflict"_L1, at::describeEntries(*journal).constData());
    // The audit holds what the database holds, as it renders it.
    QCOMPARE(db.value(table, u"flag"_s, 1), u"true"_s);
    QCOMPARE(db.value(table, u"amount"_s, 2), u"5000.00"_s);
    QCOMPARE(states.value(u"1.flag"_s).after, u"true"_s);
    QCOMPARE(states.value(u"2.amount"_s).after, u"5000.00"_s);
    const auto settled = ws.batch(batch.id);
    VERIFY_RESULT(settled);
    QCOMPARE(settled->state, u"recovered"_s);

    // And the settled batch rolls back to exactly what was there.
    const auto undone = rollbackBatch(ws, batch.id, at::quickOptions());
    VERIFY_RESULT(undone);
    QVERIFY2(undone->count(u"written"_s) == 2, at::describeEntries(undone->entries).constData());
    QCOMPARE(db.value(table, u"flag"_s, 1), u"false"_s);
    QCOMPARE(db.value(table, u"amount"_s, 2), u"2.00"_s);
    QCOMPARE(db.value(table, u"amount"_s, 4), u"7.00"_s);
}

// 2. A table outside the search path, which Qt lists as "schema.table": snapshot, apply and
// rollback all reach it.
void TstApplyGuardsEngine::tableInANonPublicSchema()
{
    SETUP_APPLY(u"postgresql"_s);
    const QString schema = at::uniqueName(u"s"_s).toLower();
    const QString table = u"customers"_s;
    const QString qualified = schema + u'.' + table;
    QVERIFY2(db.exec(u"CREATE SCHEMA %1"_s.arg(db.quote(schema))), qPrintable(db.error()));
    SchemaGuard guard{db, schema};
    const QString quotedTable = db.quote(schema) + u'.' + db.quote(table);
    QVERIFY2(db.exec(u"CREATE TABLE %1 (id INTEGER PRIMARY KEY, name VARCHAR(100), email VARCHAR(100), "
                     "amount NUMERIC(12,2))"_s.arg(quotedTable)),
             qPrintable(db.error()));
    for (const QVariantList& row :
         QList<QVariantList>{{1, u"Alice"_s, u"a@x.example"_s, u"1.50"_s},
                             {2, u"Bob"_s, QVariant(QMetaType::fromType<QString>()), u"2.00"_s},
                             {3, u"Carol"_s, u"c@x.example"_s, u"3.25"_s}})
        QVERIFY2(
            db.exec(u"INSERT INTO %1 (id, name, email, amount) VALUES (?, ?, ?, ?)"_s.arg(quotedTable), row),
            qPrintable(db.error()));
    const QStringList tables = db.database().tables();
    QVERIFY2(tables.contains(qualified), qPrintable(tables.join(u", "_s)));
    const QStringList columns{u"id"_s, u"name"_s, u"email"_s, u"amount"_s};
    const QStringList before = dumpSchemaTable(db, schema, table, columns);
    QCOMPARE(before.size(), 3);

    const SystemConfig system = at::systemConfig(u"postgresql"_s, u"crm"_s, sqlitePath, qualified);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = at::readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    QCOMPARE(snapshot->rows.size(), 3);
    QCOMPARE(snapshot->value(u"1"_s, u"email"_s), u"a@x.example"_s);
    QCOMPARE(snapshot->value(u"3"_s, u"amount"_s), u"3.25"_s);

    Plan plan;
    plan.writes << at::plannedWrite(system, *snapshot, 1, u"email"_s, u"alice@new.example"_s)
                << at::plannedWrite(system, *snapshot, 2, u"email"_s, u"bob@new.example"_s)
                << at::plannedWrite(system, *snapshot, 3, u"amount"_s, u"99.99"_s);
    const auto report = applyPlan(ws, plan, at::quickOptions());
    VERIFY_RESULT(report);
    QVERIFY2(report->count(u"written"_s) == 3, at::describeEntries(report->entries).constData());
    const QStringList written = dumpSchemaTable(db, schema, table, columns);
    QCOMPARE(written, QStringList({u"'1' | 'Alice' | 'alice@new.example' | '1.50'"_s,
                                   u"'2' | 'Bob' | 'bob@new.example' | '2.00'"_s,
                                   u"'3' | 'Carol' | 'c@x.example' | '99.99'"_s}));
    for (const JournalEntry& e : report->entries)
        QCOMPARE(e.table, qualified);

    const auto undone = rollbackBatch(ws, report->batch.id, at::quickOptions());
    VERIFY_RESULT(undone);
    QVERIFY2(undone->count(u"written"_s) == 3, at::describeEntries(undone->entries).constData());
    QCOMPARE(dumpSchemaTable(db, schema, table, columns), before);
}

// 3. A rollback restoring a cell is not the change a dead letter failed to make: the dead letter
// stays until an apply writes that change.
void TstApplyGuardsEngine::deadLetterOutlivesARollback()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = at::uniqueName(u"letters"_s);
    QVERIFY2(at::createCustomers(db, table), qPrintable(db.error()));
    const QString refused = u"blocked@x.example"_s;
    QVERIFY2(addRefusal(db, table, refused), qPrintable(db.error()));
    const SystemConfig system = at::systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));

    auto snapshot = at::readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    const auto first =
        applyPlan(ws, onePlan(at::plannedWrite(system, *snapshot, 1, u"email"_s, u"first@x.example"_s)),
                  at::quickOptions());
    VERIFY_RESULT(first);
    QVERIFY2(first->count(u"written"_s) == 1, at::describeEntries(first->entries).constData());

    snapshot = at::readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    const auto refusedBatch = applyPlan(
        ws, onePlan(at::plannedWrite(system, *snapshot, 1, u"email"_s, refused)), at::quickOptions());
    VERIFY_RESULT(refusedBatch);
    QVERIFY2(refusedBatch->count(u"dead_letter"_s) == 1,
             at::describeEntries(refusedBatch->entries).constData());
    QCOMPARE(db.value(table, u"email"_s, 1), u"first@x.example"_s);
    auto letters = ws.deadLetters();
    VERIFY_RESULT(letters);
    QVERIFY2(letters->size() == 1 && letters->first().batch == refusedBatch->batch.id &&
                 letters->first().rowId == "1"_L1 && letters->first().column == "email"_L1,
             at::describeEntries(*letters).constData());
    const int letterSeq = letters->first().seq;

    // Rolling back the first batch writes the same cell (back to its original value).
    const auto undone = rollbackBatch(ws, first->batch.id, at::quickOptions());
    VERIFY_RESULT(undone);
    QVERIFY2(undone->count(u"written"_s) == 1, at::describeEntries(undone->entries).constData());
    QCOMPARE(db.value(table, u"email"_s, 1), u"a@x.example"_s);
    letters = ws.deadLetters();
    VERIFY_RESULT(letters);
    QVERIFY2(letters->size() == 1 && letters->first().batch == refusedBatch->batch.id &&
                 letters->first().seq == letterSeq && letters->first().resolvedBy.isEmpty(),
             qPrintable(u"a rollback cleared the dead letter:\n"_s +
                        QString::fromUtf8(at::describeEntries(*letters))));

    // The change itself, written once the database allows it, settles the dead letter.
    QVERIFY2(dropRefusal(db, table), qPrintable(db.error()));
    snapshot = at::readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));
    const auto later = applyPlan(ws, onePlan(at::plannedWrite(system, *snapshot, 1, u"email"_s, refused)),
                                 at::quickOptions());
    VERIFY_RESULT(later);
    QVERIFY2(later->count(u"written"_s) == 1, at::describeEntries(later->entries).constData());
    QCOMPARE(db.value(table, u"email"_s, 1), refused);
    letters = ws.deadLetters();
    VERIFY_RESULT(letters);
    QVERIFY2(letters->isEmpty(), at::describeEntries(*letters).constData());
    const auto settled = ws.journal(refusedBatch->batch.id, u"dead_letter"_s);
    VERIFY_RESULT(settled);
    QCOMPARE(settled->size(), 1);
    QCOMPARE(settled->first().resolvedBy, later->batch.id);
}

// 4. A write apply found changed underneath is held for a person; once they approve it, it is
// written, and a later change of the owner's value is planned ready, not held again.
void TstApplyGuardsEngine::decidedChangedUnderneathReleasesTheField()
{
    Demo demo;
    QVERIFY(generateDemo(m_dir.path(), u"released"_s, 300, 1, QString(), &demo));
    auto opened = Workspace::open(demo.workspace);
    VERIFY_RESULT(opened);
    Workspace& ws = **opened;
    auto governance = ws.governance();
    VERIFY_RESULT(governance);
    QString owner;
    for (const FieldGovernance& g : std::as_const(*governance)) {
        if (g.field == "state"_L1)
            owner = g.owners.value(0);
    }
    QVERIFY2(!owner.isEmpty(), "the demo's state field has no owner");

    auto run = runMatching(ws);
    VERIFY_RESULT(run);
    auto plan = buildPlan(ws, **run);
    VERIFY_RESULT(plan);
    // A ready write of the owner's state into another system's database.
    const PlannedWrite* pick = nullptr;
    for (const PlannedWrite& w : plan->writes) {
        const SystemTable* target = demo.system(w.system);
        if (w.status == "ready"_L1 && w.field == "state"_L1 && w.system != owner && target &&
            target->driver == "sqlite"_L1 && !w.before.isEmpty()) {
            pick = &w;
            break;
        }
    }
    QVERIFY2(pick, "no ready write of state into a database system (seed 1)");
    const PlannedWrite planned = *pick;
    const SystemTable* target = demo.system(planned.system);
    const NormalizedSnapshot& data = *(*run)->data;
    QStringList ownerRows;
    for (NormalizedSnapshot::Record r = 0; r < data.recordCount(); ++r) {
        if ((*run)->result.clusterOf[r] == static_cast<std::uint32_t>(planned.entity) &&
            data.system(data.systemOf(r)).system() == owner)
            ownerRows << data.sourceId(r);
    }
    QVERIFY2(!ownerRows.isEmpty(), qPrintable(describeWrite(&planned)));
    QString ownerColumn;
    auto mappings = ws.mappings(owner);
    VERIFY_RESULT(mappings);
    for (const FieldMapping& m : std::as_const(*mappings)) {
        if (m.field == "state"_L1)
            ownerColumn = m.column;
    }
    const SystemTable* ownerTable = demo.system(owner);
    QVERIFY(!ownerColumn.isEmpty() && ownerTable);
    TableDump ownerDump = dumpTable(*ownerTable, {});
    QVERIFY2(ownerDump.error.isEmpty(), qPrintable(ownerDump.error));
    bool found = false;
    const QString ownerValue = ownerDump.cell(ownerRows.first(), ownerColumn, &found);
    QVERIFY2(found, qPrintable(ownerRows.first()));

    // States none of the values involved so far spell (as a USPS code or a name).
    const QList<std::pair<QString, QString>> states{
        {u"WY"_s, u"Wyoming"_s}, {u"VT"_s, u"Vermont"_s}, {u"NV"_s, u"Nevada"_s}, {u"OR"_s, u"Oregon"_s}};
    QList<int> unused;
    for (int i = 0; i < states.size(); ++i) {
        bool clash = false;
        for (const QString& v : {planned.before, planned.after, ownerValue})
            clash = clash || v.compare(states[i].first, Qt::CaseInsensitive) == 0 ||
                    v.compare(states[i].second, Qt::CaseInsensitive) == 0;
        if (!clash)
            unused << i;
    }
    QVERIFY(unused.size() >= 2);
    const auto spelled = [](const std::pair<QString, QString>& state, const QString& like) {
        return like.size() == 2 ? state.first : state.second;
    };
    const QString someoneElse = spelled(states[unused[0]], planned.before);
    const auto& ownerNext = states[unused[1]];
    const auto replan = [&ws]() -> Result<Plan> {
        auto matched = runMatching(ws);
        if (!matched)
            return matched.error();
        return buildPlan(ws, **matched);
    };
    const auto cellNow = [&]() {
        const TableDump dump = dumpTable(*target, {});
        bool there = false;
        const QString value = dump.cell(planned.rowId, planned.column, &there);
        return dump.error.isEmpty() && there ? value : u"<missing: %1>"_s.arg(dump.error);
    };

    // Someone else changes the cell between the plan and the apply: not written, held for a person.
    QString error = execSql(demo, planned.system,
                            u"UPDATE %1 SET %2 = ? WHERE %3 = ?"_s.arg(tableName(*target),
                                                                       columnName(*target, planned.column),
                                                                       columnName(*target, target->key)),
                            {someoneElse, planned.rowId});
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const auto refused = applyPlan(ws, *plan, at::quickOptions());
    VERIFY_RESULT(refused);
    const JournalEntry* refusedEntry =
        entryFor(refused->entries, planned.system, planned.rowId, planned.column);
    QVERIFY2(refusedEntry && refusedEntry->state == "changed_underneath"_L1,
             at::describeEntries(refused->entries).constData());
    QCOMPARE(cellNow(), someoneElse);
    const QString itemId = ReviewItem::makeId(ReviewItemKind::ChangedUnderneath, u"state"_s,
                                              {planned.system + u':' + planned.rowId});
    auto item = ws.reviewItem(itemId);
    VERIFY_RESULT(item);
    QCOMPARE(item->state, ReviewState::Open);
    auto held = replan();
    VERIFY_RESULT(held);
    const PlannedWrite* heldWrite = writeFor(*held, planned.system, planned.rowId, planned.column);
    QVERIFY2(heldWrite && heldWrite->status == "awaiting approval"_L1 && heldWrite->reviewItem == itemId,
             qPrintable(describeWrite(heldWrite)));

    // Approved: the next apply writes it.
    VERIFY_RESULT(
        ws.decideReviewItem(itemId, ReviewState::Approved, u"tester"_s, u"the owner's value stands"_s));
    auto approved = replan();
    VERIFY_RESULT(approved);
    const PlannedWrite* approvedWrite = writeFor(*approved, planned.system, planned.rowId, planned.column);
    QVERIFY2(approvedWrite &&
                 (approvedWrite->status == "ready"_L1 || approvedWrite->status == "approved"_L1) &&
                 approvedWrite->after == planned.after,
             qPrintable(describeWrite(approvedWrite)));
    const auto written = applyPlan(ws, *approved, at::quickOptions());
    VERIFY_RESULT(written);
    const JournalEntry* writtenEntry =
        entryFor(written->entries, planned.system, planned.rowId, planned.column);
    QVERIFY2(writtenEntry && writtenEntry->state == "written"_L1,
             at::describeEntries(written->entries).constData());
    QCOMPARE(cellNow(), planned.after);

    // The owner's value changes again: the new write of the same field is ready, not held.
    for (const QString& row : std::as_const(ownerRows)) {
        error = execSql(demo, owner,
                        u"UPDATE %1 SET %2 = ? WHERE %3 = ?"_s.arg(tableName(*ownerTable),
                                                                   columnName(*ownerTable, ownerColumn),
                                                                   columnName(*ownerTable, ownerTable->key)),
                        {spelled(ownerNext, ownerValue), row});
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    auto next = replan();
    VERIFY_RESULT(next);
    const PlannedWrite* nextWrite = writeFor(*next, planned.system, planned.rowId, planned.column);
    QVERIFY2(nextWrite && (nextWrite->after == ownerNext.first || nextWrite->after == ownerNext.second),
             qPrintable(describeWrite(nextWrite)));
    QVERIFY2(nextWrite->status == "ready"_L1,
             qPrintable(u"the decided changed_underneath item still holds the field: "_s +
                        describeWrite(nextWrite)));
    const auto nextReport = applyPlan(ws, *next, at::quickOptions());
    VERIFY_RESULT(nextReport);
    const JournalEntry* nextEntry =
        entryFor(nextReport->entries, planned.system, planned.rowId, planned.column);
    QVERIFY2(nextEntry && nextEntry->state == "written"_L1,
             at::describeEntries(nextReport->entries).constData());
    QCOMPARE(cellNow(), nextWrite->after);
}

// 5. A row that other tables point at is never deleted (a hard-delete merge would cascade or fail
// outside the journal): the delete is left out with the reason, the rest of the batch is written.
void TstApplyGuardsEngine::referencedRowIsNotDeleted()
{
    QFETCH(QString, backend);
    SETUP_APPLY(backend);
    const QString table = at::uniqueName(u"parents"_s);
    QVERIFY2(at::createCustomers(db, table), qPrintable(db.error()));
    const QString child = at::uniqueName(u"orders"_s);
    QVERIFY2(db.createTable(child, u"id INTEGER PRIMARY KEY, customer_id INTEGER, FOREIGN KEY (customer_id) "
                                   "REFERENCES %1 (id)"_s.arg(db.quote(table))),
             qPrintable(db.error()));
    const SystemConfig system = at::systemConfig(backend, u"crm"_s, sqlitePath, table);
    VERIFY_RESULT(ws.addSystem(system));
    const auto snapshot = at::readSnapshot(system);
    QVERIFY2(snapshot->error.isEmpty(), qPrintable(snapshot->error));

    QList<WriteOp> ops;
    ops << at::writeOp(at::plannedWrite(system, *snapshot, 2, u"email"_s, u"bob@y.example"_s));
    WriteOp remove;
    remove.entry.system = system.name;
    remove.entry.table = table;
    remove.entry.keyColumns = {u"id"_s};
    remove.entry.rowId = u"1"_s;
    remove.entry.operation = u"delete"_s;
    remove.entry.version = snapshot->rows.value(u"1"_s).version;
    remove.expectVersion = remove.entry.version;
    ops << remove;
    BatchInfo batch;
    batch.id = u"fk-guard"_s;
    batch.steward = u"tester"_s;
    const auto report = executeBatch(ws, batch, ops, at::quickOptions());
    VERIFY_RESULT(report);
    QCOMPARE(report->skipped.size(), 1);
    QCOMPARE(report->skipped.first().rowId, u"1"_s);
    QVERIFY2(report->skipped.first().error.contains(u"referenced by foreign keys"_s),
             qPrintable(report->skipped.first().error));
    QVERIFY2(report->skipped.first().error.contains(child, Qt::CaseInsensitive),
             qPrintable(report->skipped.first().error));
    QCOMPARE(report->count(u"written"_s), 1);
    QCOMPARE(db.value(table, u"name"_s, 1), u"Alice"_s); // still there
    QCOMPARE(db.value(table, u"email"_s, 2), u"bob@y.example"_s);
    QVERIFY2(db.exec(u"DROP TABLE "_s + db.quote(child)), qPrintable(db.error())); // before its parent
}

QTEST_GUILESS_MAIN(TstApplyGuardsEngine)
#include "tst_applyguards_engine.moc"
