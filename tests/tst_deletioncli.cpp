// What a steward may ask of merges and deletions, through the built concord-cli on generated demos
// (SQLite files, or the accounting table on a PostgreSQL or MariaDB test server): an approved
// deletion soft-deletes its records where a system has a soft-delete column; a system that allows
// neither soft nor hard deletes gets a note and no write; bad input and contradictory delete
// settings are refused with nothing written. The merges themselves are in tst_mergecli.cpp. Every
// outcome is read back from the databases through the test's own connections (ApplyCliSupport.h).
#include "ApplyCliSupport.h"
#include "CliRunner.h"
#include "MergeCliSupport.h"
#include "TestServers.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord::test;

class TestDeletionCli : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();

    void mergeWithoutDeleteSettingsIsANote();
    void mergeNoteForAFileExportDoesNotSuggestSystemsSet();
    void badInputIsRefused();
    void softDeleteValueWithoutAColumnIsRefused();
    void takeOfAFieldTheSystemDoesNotHoldIsRefused();
    void approvedDeletionSoftDeletes_data();
    void approvedDeletionSoftDeletes();

private:
    QTemporaryDir m_dir; // the generated demos
};

void TestDeletionCli::initTestCase()
{
    QVERIFY2(QFileInfo(QStringLiteral(CONCORD_CLI)).isExecutable(), CONCORD_CLI);
    QVERIFY(m_dir.isValid());
}

// A system with neither a soft-delete column nor hard deletes: the approved merge is a note that
// says how to allow it, and nothing is written for it.
void TestDeletionCli::mergeWithoutDeleteSettingsIsANote()
{
    Demo demo;
    QVERIFY(generatePlannedDemo(m_dir.path(), u"neither"_s, 1, QString(), &demo));
    QString item;
    QStringList records;
    for (const QJsonObject& i : reviewItems(demo, u"duplicate"_s)) {
        if (item.isEmpty() && systemOf(recordsOf(i).value(0)) == "quoting"_L1) {
            item = i.value(u"id"_s).toString();
            records = recordsOf(i);
        }
    }
    QVERIFY2(!item.isEmpty(), "no quoting duplicate (seed 1)");
    Run r = demo.run({u"review"_s, u"approve"_s, demo.workspace, item, u"--survivor"_s, records[0]});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString error;
    const Dumps before = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));

    auto noteOf = [&](const QJsonArray& notes) {
        for (const QJsonValue& v : notes) {
            if (v.toString().contains(item))
                return v.toString();
        }
        return QString();
    };
    const QString planned = noteOf(planJson(demo).value(u"notes"_s).toArray());
    QVERIFY2(planned.contains(u"'quoting'"_s) && planned.contains(u"systems set"_s) &&
                 planned.contains(u"--soft-delete-column"_s) && planned.contains(u"--hard-delete"_s),
             qPrintable(u"plan note: "_s + planned));

    QJsonObject report;
    SHOW_PLAN(demo);
    QVERIFY(jsonOf(demo.run({u"apply"_s, demo.workspace, u"--json"_s}), 0, &report));
    QCOMPARE(noteOf(report.value(u"notes"_s).toArray()), planned);
    QVERIFY2(entriesOf(report, item).isEmpty(), QJsonDocument(report).toJson().constData());
    for (const QJsonValue& v : report.value(u"entries"_s).toArray())
        QVERIFY2(v.toObject().value(u"rule"_s).toString() != "merge"_L1, qPrintable(text(v)));
    const Dumps after = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString unexplained = unexplainedChanges(before, after, report);
    QVERIFY2(unexplained.isEmpty(), qPrintable(unexplained));
    QCOMPARE(after[u"quoting"_s].rows.size(), before[u"quoting"_s].rows.size());
    for (const QString& record : std::as_const(records))
        QVERIFY(after[u"quoting"_s].rows.contains(idOf(record)));

    // The text report shows the note too (after the rest was written: nothing to write).
    SHOW_PLAN(demo);
    r = demo.run({u"apply"_s, demo.workspace});
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"nothing to write"_s) &&
                 r.out.contains(u"note: review item %1: system 'quoting'"_s.arg(item)) &&
                 r.out.contains(u"systems set"_s),
             qPrintable(r.describe()));
    const Dumps end = demo.dump(&error);
    QVERIFY2(compareDumps(after, end).isEmpty(), qPrintable(compareDumps(after, end)));
    QCOMPARE(reviewItem(demo, item).value(u"state"_s).toString(), u"approved"_s);
}

// A duplicate inside a CSV export cannot be merged by Concord at all (`systems set` refuses delete
// settings for an export), so the note must not send the steward to `systems set`.
void TestDeletionCli::mergeNoteForAFileExportDoesNotSuggestSystemsSet()
{
    Demo demo;
    QVERIFY(generatePlannedDemo(m_dir.path(), u"csv-dup"_s, 2, QString(), &demo));
    QString item;
    for (const QJsonObject& i : reviewItems(demo, u"duplicate"_s)) {
        if (item.isEmpty() && systemOf(recordsOf(i).value(0)) == "marketing"_L1)
            item = i.value(u"id"_s).toString();
    }
    QVERIFY2(!item.isEmpty(), "no marketing duplicate (seed 2)");
    Run r = demo.run({u"review"_s, u"approve"_s, demo.workspace, item});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    QString note;
    for (const QJsonValue& v : planJson(demo).value(u"notes"_s).toArray()) {
        if (v.toString().contains(item))
            note = v.toString();
    }
    QVERIFY2(!note.isEmpty(), "the approved marketing merge has no note");
    // What the note suggests is refused:
    r = demo.run({u"systems"_s, u"set"_s, demo.workspace, u"marketing"_s, u"--soft-delete-column"_s, u"x"_s});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"export"_s), qPrintable(r.describe()));
    r = demo.run({u"systems"_s, u"set"_s, demo.workspace, u"marketing"_s, u"--hard-delete"_s});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"export"_s), qPrintable(r.describe()));
    QVERIFY2(!note.contains(u"systems set"_s) && note.contains(u"export"_s),
             qPrintable(u"BUG (workspace/MergePlanner.cpp, planMerges: the 'no soft-delete column and hard "
                        "deletes are off' note is given before checking sc.isSqlDatabase()): for a csv "
                        "export it suggests a command that systems set refuses: "_s +
                        note));
}

void TestDeletionCli::badInputIsRefused()
{
    Demo demo;
    QVERIFY(generatePlannedDemo(m_dir.path(), u"bad"_s, 1, QString(), &demo));
    QString duplicate;
    QStringList records;
    QString deletion;
    QString other; // neither a duplicate nor a deletion
    for (const QJsonObject& i : reviewItems(demo, QString())) {
        const QString kind = i.value(u"kind"_s).toString();
        if (kind == "duplicate"_L1 && duplicate.isEmpty() && systemOf(recordsOf(i).value(0)) == "crm"_L1) {
            duplicate = i.value(u"id"_s).toString();
            records = recordsOf(i);
        } else if (kind == "deletion"_L1 && deletion.isEmpty()) {
            deletion = i.value(u"id"_s).toString();
        } else if (kind != "duplicate"_L1 && kind != "deletion"_L1 && other.isEmpty()) {
            other = i.value(u"id"_s).toString();
        }
    }
    QVERIFY(!duplicate.isEmpty() && !deletion.isEmpty() && !other.isEmpty());
    QString error;
    const Dumps before = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QJsonObject systemsBefore;
    QVERIFY(jsonOf(demo.run({u"systems"_s, u"list"_s, demo.workspace, u"--json"_s}), 0, &systemsBefore));

    // A survivor that is not one of the item's records: exit 2, naming the records.
    Run r =
        demo.run({u"review"_s, u"approve"_s, demo.workspace, duplicate, u"--survivor"_s, u"crm:999999"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"crm:999999"_s) && r.err.contains(records[0]) &&
                 r.err.contains(records[1]),
             qPrintable(r.describe()));
    // --take that is not FIELD=RECORD, or names another record: exit 2.
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, duplicate, u"--take"_s, u"phone"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"'phone'"_s) && r.err.contains(records[0]),
             qPrintable(r.describe()));
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, duplicate, u"--take"_s, u"phone=crm:999999"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"phone=crm:999999"_s), qPrintable(r.describe()));
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, duplicate, u"--take"_s, u"="_s + records[0]});
    QCOMPARE(r.exitCode, 2);
    // An unknown survivor rule: exit 2, naming the rules.
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, duplicate, u"--survivor-rule"_s, u"newest"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"'newest'"_s) && r.err.contains(u"most_recent"_s),
             qPrintable(r.describe()));
    // Merge options on items that are not merges: exit 2, naming the kind.
    r = demo.run(
        {u"review"_s, u"approve"_s, demo.workspace, deletion, u"--take"_s, u"phone=%1"_s.arg(records[0])});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"deletion"_s), qPrintable(r.describe()));
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, other, u"--survivor"_s, records[0]});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"duplicate"_s), qPrintable(r.describe()));
    // Merge options on reject: not options of reject.
    r = demo.run({u"review"_s, u"reject"_s, demo.workspace, duplicate, u"--survivor"_s, records[0]});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"survivor"_s), qPrintable(r.describe()));
    // An unknown item.
    r = demo.run(
        {u"review"_s, u"approve"_s, demo.workspace, u"0000000000000000"_s, u"--survivor"_s, records[0]});
    QVERIFY2(r.exitCode != 0 && r.err.contains(u"0000000000000000"_s), qPrintable(r.describe()));
    // None of them decided anything.
    for (const QString& id : {duplicate, deletion, other})
        QCOMPARE(reviewItem(demo, id).value(u"state"_s).toString(), u"open"_s);

    // Delete settings on a CSV export: exit 1, saying why.
    r = demo.run({u"systems"_s, u"set"_s, demo.workspace, u"marketing"_s, u"--soft-delete-column"_s, u"x"_s});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"'marketing'"_s) && r.err.contains(u"csv export"_s),
             qPrintable(r.describe()));
    // Contradictions: exit 2 for two flags at once, 1 for a setting that contradicts another.
    r = demo.run(
        {u"systems"_s, u"set"_s, demo.workspace, u"crm"_s, u"--hard-delete"_s, u"--no-hard-delete"_s});
    QVERIFY2(r.exitCode == 2 && r.err.contains(u"--hard-delete and --no-hard-delete"_s),
             qPrintable(r.describe()));
    r = demo.run({u"systems"_s, u"set"_s, demo.workspace, u"crm"_s, u"--read-only"_s, u"--read-write"_s});
    QCOMPARE(r.exitCode, 2);
    r = demo.run({u"systems"_s, u"set"_s, demo.workspace, u"crm"_s, u"--hard-delete"_s});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"not both"_s), qPrintable(r.describe()));
    r = demo.run({u"systems"_s, u"set"_s, demo.workspace, u"nosuch"_s, u"--hard-delete"_s});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"'nosuch'"_s), qPrintable(r.describe()));
    QJsonObject systemsAfter;
    QVERIFY(jsonOf(demo.run({u"systems"_s, u"list"_s, demo.workspace, u"--json"_s}), 0, &systemsAfter));
    QCOMPARE(systemsAfter, systemsBefore);

    // Nothing was written anywhere.
    QCOMPARE(batchIds(demo), QStringList());
    const Dumps after = demo.dump(&error);
    QVERIFY2(compareDumps(before, after).isEmpty(), qPrintable(compareDumps(before, after)));
}

// `--soft-delete-value` without a soft-delete column means nothing; the workspace refuses that
// combination, and the CLI must not drop the value silently instead.
void TestDeletionCli::softDeleteValueWithoutAColumnIsRefused()
{
    Demo demo;
    QVERIFY(generatePlannedDemo(m_dir.path(), u"value-only"_s, 1, QString(), &demo));
    const Run r =
        demo.run({u"systems"_s, u"set"_s, demo.workspace, u"quoting"_s, u"--soft-delete-value"_s, u"2"_s});
    QVERIFY2(r.exitCode == 1 && r.err.contains(u"needs a soft-delete column"_s),
             qPrintable(u"BUG (app/cli/SystemsCommand.cpp, set(): `if (s->softDeleteColumn.isEmpty()) "
                        "s->softDeleteValue.clear();` runs before setSystemWriteSettings validates, so the "
                        "given --soft-delete-value is dropped without a word and the exit code is 0): "_s +
                        r.describe()));
}

// `--take FIELD=RECORD` with a field the item's system does not hold (a typo, or a field of another
// system) can never be honoured: it must be refused, not kept and silently ignored by the merge.
void TestDeletionCli::takeOfAFieldTheSystemDoesNotHoldIsRefused()
{
    Demo demo;
    QVERIFY(generatePlannedDemo(m_dir.path(), u"take-field"_s, 1, QString(), &demo));
    QString item;
    QStringList records;
    for (const QJsonObject& i : reviewItems(demo, u"duplicate"_s)) {
        if (item.isEmpty() && systemOf(recordsOf(i).value(0)) == "crm"_L1) {
            item = i.value(u"id"_s).toString();
            records = recordsOf(i);
        }
    }
    QVERIFY(!item.isEmpty());
    QStringList failures;
    for (const QString& field : {u"e-mail"_s, u"bank_account"_s}) {
        const Run r = demo.run(
            {u"review"_s, u"approve"_s, demo.workspace, item, u"--take"_s, field + u'=' + records[1]});
        if (r.exitCode != 2 || !r.err.contains(field))
            failures << u"--take %1=%2: %3"_s.arg(field, records[1], r.describe());
    }
    QVERIFY2(failures.isEmpty(),
             qPrintable(u"BUG (app/cli/PlanCommands.cpp, mergeChoice(): the FIELD of --take is never checked "
                        "against the fields the item's system maps, so a pick planMerges can never honour is "
                        "stored and the merge silently keeps the survivor's value):\n"_s +
                        failures.join(u'\n')));
}

// An approved deletion (a customer gone from the system of record) soft-deletes its records in a
// system with a soft-delete column; the others are named in a note.
void TestDeletionCli::approvedDeletionSoftDeletes_data()
{
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("driver"); // of accounting
    QTest::addColumn<int>("seed");
    QTest::newRow("quoting sqlite") << u"quoting"_s << u"sqlite"_s << 1;
    QTest::newRow("accounting postgresql") << u"accounting"_s << u"postgresql"_s << 2;
    QTest::newRow("accounting mariadb") << u"accounting"_s << u"mariadb"_s << 2;
}

void TestDeletionCli::approvedDeletionSoftDeletes()
{
    QFETCH(QString, system);
    QFETCH(QString, driver);
    QFETCH(int, seed);
    if (driver == "postgresql"_L1)
        CONCORD_REQUIRE_SERVER(postgres(), "PostgreSQL");
    if (driver == "mariadb"_L1)
        CONCORD_REQUIRE_SERVER(mariadb(), "MariaDB");
    Demo demo;
    QVERIFY(generatePlannedDemo(m_dir.path(), u"deletion-%1-%2"_s.arg(system, driver), seed, driver, &demo));
    const SystemTable* table = demo.system(system);
    QVERIFY(table);
    QString error =
        execSql(demo, system, u"ALTER TABLE %1 ADD COLUMN gone INTEGER DEFAULT 0"_s.arg(tableName(*table)));
    QVERIFY2(error.isEmpty(), qPrintable(error));
    Run r = demo.run({u"systems"_s, u"set"_s, demo.workspace, system, u"--soft-delete-column"_s, u"gone"_s,
                      u"--stamp-version"_s});
    QVERIFY2(r.exitCode == 0 && r.out.contains(u"soft delete gone = 1"_s), qPrintable(r.describe()));

    QString item;
    QString record;
    QStringList others;
    for (const QJsonObject& i : reviewItems(demo, u"deletion"_s)) {
        const QStringList records = recordsOf(i);
        if (!item.isEmpty() || records.size() < 2)
            continue;
        for (const QString& rec : records) {
            if (systemOf(rec) == system) {
                item = i.value(u"id"_s).toString();
                record = rec;
            }
        }
        if (!item.isEmpty()) {
            others = records;
            others.removeAll(record);
        }
    }
    QVERIFY2(!item.isEmpty(), qPrintable(u"no deletion item with a %1 record and another"_s.arg(system)));
    const QString id = idOf(record);
    r = demo.run({u"review"_s, u"approve"_s, demo.workspace, item, u"--by"_s, u"ann"_s});
    QVERIFY2(r.exitCode == 0, qPrintable(r.describe()));
    const qint64 records = snapshotRecords(demo, system);
    const Dumps before = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    bool found = false;
    QCOMPARE(before[system].cell(id, u"gone"_s, &found), u"0"_s);

    QJsonObject report;
    SHOW_PLAN(demo);
    QVERIFY(jsonOf(demo.run({u"apply"_s, demo.workspace, u"--json"_s}), 0, &report));
    const QString batch = report.value(u"batch"_s).toString();
    const QList<QJsonObject> entries = entriesOf(report, item);
    QVERIFY2(entries.size() == 1, QJsonDocument(report).toJson().constData());
    const QJsonObject e = entries.first();
    QCOMPARE(e.value(u"state"_s).toString(), u"written"_s);
    QCOMPARE(e.value(u"system"_s).toString(), system);
    QCOMPARE(e.value(u"rowId"_s).toString(), id);
    QCOMPARE(e.value(u"column"_s).toString(), u"gone"_s);
    QCOMPARE(e.value(u"operation"_s).toString(), u"update"_s);
    QCOMPARE(e.value(u"before"_s).toString(), u"0"_s);
    QCOMPARE(e.value(u"after"_s).toString(), u"1"_s);
    QCOMPARE(e.value(u"rule"_s).toString(), u"deletion"_s);
    const QString stamp =
        checkStamp(report, *table, id, before[system].rows.value(id).value(table->versionColumn));
    QVERIFY2(stamp.isEmpty(), qPrintable(stamp));
    // The records elsewhere (no soft-delete column, or a file export) are named in a note.
    QString note;
    for (const QJsonValue& v : report.value(u"notes"_s).toArray()) {
        if (v.toString().contains(item))
            note = v.toString();
    }
    for (const QString& other : std::as_const(others))
        QVERIFY2(note.contains(other), qPrintable(u"note: "_s + note));
    QVERIFY2(!note.contains(record) && note.contains(u"cannot be soft-deleted"_s), qPrintable(note));

    const Dumps after = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    const QString unexplained = unexplainedChanges(before, after, report);
    QVERIFY2(unexplained.isEmpty(), qPrintable(unexplained));
    QCOMPARE(after[system].cell(id, u"gone"_s, &found), u"1"_s);
    QCOMPARE(snapshotRecords(demo, system), records - 1);
    const QJsonObject plan = planJson(demo);
    QVERIFY(!plan.isEmpty());
    QVERIFY2(!planMentions(plan, record), qPrintable(record + u" is still planned"_s));

    QJsonObject json;
    QVERIFY(jsonOf(demo.run({u"rollback"_s, demo.workspace, batch, u"--json"_s}), 0, &json));
    QCOMPARE(json.value(u"conflicts"_s).toInt(), 0);
    const Dumps rolledBack = demo.dump(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY2(compareDumps(before, rolledBack).isEmpty(), qPrintable(compareDumps(before, rolledBack)));
    QCOMPARE(snapshotRecords(demo, system), records);
}

QTEST_GUILESS_MAIN(TestDeletionCli)
#include "tst_deletioncli.moc"
