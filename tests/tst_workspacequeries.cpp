// What a view asks of the workspace, tested on a generated demo without the CLI: the merge
// options of an approval, the redaction of sensitive audit values, the dry-run SQL of a plan
// or a selection of it, the match counts, the connection probe and the ownership matrix. The
// CLI prints these same results (tst_*cli check its output), so they are tested here once.
#include "Applier.h"
#include "AuditTrail.h"
#include "ColumnCheck.h"
#include "ConnectionProbe.h"
#include "DemoWorkspace.h"
#include "MatchSummary.h"
#include "MergeChoiceCheck.h"
#include "OwnershipMatrix.h"
#include "PlanSql.h"
#include "Planner.h"
#include "SnapshotLoader.h"
#include "WriteStatements.h"

#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace concord;

class TestWorkspaceQueries : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mergeChoice_data();
    void mergeChoice();
    void mergeChoiceWithoutWorkspace();
    void redactionRule_data();
    void redactionRule();
    void auditTrailRedacts_data();
    void auditTrailRedacts();
    void auditTrailUnknownBatch();
    void planSqlOfSelection_data();
    void planSqlOfSelection();
    void planSqlWholePlanIsEverySelection();
    void planSqlCommentsStayOnTheirLine();
    void matchSummaryPerSystem_data();
    void matchSummaryPerSystem();
    void matchSummaryAddsUp();
    void connectionProbe_data();
    void connectionProbe();
    void connectionProbeUnknownSystem();
    void probeChecksWhatSnapshotNeeds_data();
    void probeChecksWhatSnapshotNeeds();
    void checkColumnsWithoutConnecting();
    void ownershipMatrix_data();
    void ownershipMatrix();

private:
    const ReviewItem* itemOfKind(bool duplicate) const;
    QString unmappedField(const QString& system) const;

    QTemporaryDir m_dir;
    QString m_workspacePath;
    std::unique_ptr<Workspace> m_ws;
    std::unique_ptr<MatchRun> m_run;
    Plan m_plan;
    WorkspaceConfig m_config;
    QString m_batch; // the batch applyPlan wrote, for the audit
};

void TestWorkspaceQueries::initTestCase()
{
    QVERIFY(m_dir.isValid());
    auto path = generateDemoWorkspace(m_dir.filePath(u"demo"_s), 800, 2);
    QVERIFY2(path, qPrintable(path.errorString()));
    m_workspacePath = *path;
    auto ws = Workspace::open(m_workspacePath);
    QVERIFY2(ws, qPrintable(ws.errorString()));
    m_ws = std::move(*ws);

    // phone is made sensitive so that the audit has sensitive rows (bank_account, the demo's
    // sensitive field, is held by its owner alone and never written).
    auto governance = m_ws->governance();
    QVERIFY2(governance, qPrintable(governance.errorString()));
    for (FieldGovernance g : std::as_const(*governance)) {
        if (g.field == "phone"_L1) {
            g.sensitive = true;
            QVERIFY2(m_ws->setGovernance(g), "setGovernance");
        }
    }
    auto config = m_ws->config();
    QVERIFY2(config, qPrintable(config.errorString()));
    m_config = *config;

    auto run = runMatching(*m_ws);
    QVERIFY2(run, qPrintable(run.errorString()));
    m_run = std::move(*run);
    auto plan = buildPlan(*m_ws, *m_run);
    QVERIFY2(plan, qPrintable(plan.errorString()));
    m_plan = *plan;
    QVERIFY(m_plan.writes.size() > 20);
    QVERIFY2(itemOfKind(true), "the demo has no duplicate proposal");
    QVERIFY(itemOfKind(false));
}

const ReviewItem* TestWorkspaceQueries::itemOfKind(bool duplicate) const
{
    for (const ReviewItem& i : m_plan.reviewItems) {
        if ((i.kind == ReviewItemKind::Duplicate) == duplicate)
            return &i;
    }
    return nullptr;
}

// A canonical field the system has no column for.
QString TestWorkspaceQueries::unmappedField(const QString& system) const
{
    for (const CanonicalField& f : m_config.fields) {
        const bool mapped =
            std::any_of(m_config.mappings.cbegin(), m_config.mappings.cend(),
                        [&](const FieldMapping& m) { return m.system == system && m.field == f.name; });
        if (!mapped)
            return f.name;
    }
    return QString();
}

// $A and $B stand for the duplicate item's two records, $UNMAPPED for a field their system
// does not map, $ID and $KIND for the item the row is about.
void TestWorkspaceQueries::mergeChoice_data()
{
    QTest::addColumn<QString>("item"); // duplicate, other or an id
    QTest::addColumn<QString>("survivor");
    QTest::addColumn<QString>("rule");
    QTest::addColumn<QStringList>("takes");
    QTest::addColumn<QString>("error"); // the expected message; empty = accepted

    QTest::newRow("no option") << u"duplicate"_s << QString() << QString() << QStringList() << QString();
    QTest::newRow("valid") << u"duplicate"_s << u"$A"_s << QString() << QStringList{u"email=$B"_s}
                           << QString();
    QTest::newRow("valid rule") << u"duplicate"_s << QString() << u"oldest"_s << QStringList() << QString();
    QTest::newRow("unknown survivor")
        << u"duplicate"_s << u"crm:no-such-id"_s << QString() << QStringList()
        << u"--survivor crm:no-such-id is not one of the item's records ($A, $B)"_s;
    QTest::newRow("take without record")
        << u"duplicate"_s << QString() << QString() << QStringList{u"email"_s}
        << u"--take 'email' must be FIELD=RECORD with RECORD one of $A, $B"_s;
    QTest::newRow("take without field") << u"duplicate"_s << QString() << QString() << QStringList{u"=$B"_s}
                                        << u"--take '=$B' must be FIELD=RECORD with RECORD one of $A, $B"_s;
    QTest::newRow("take of another record")
        << u"duplicate"_s << QString() << QString() << QStringList{u"email=crm:no-such-id"_s}
        << u"--take 'email=crm:no-such-id' must be FIELD=RECORD with RECORD one of $A, $B"_s;
    QTest::newRow("unmapped field") << u"duplicate"_s << QString() << QString()
                                    << QStringList{u"$UNMAPPED=$B"_s}
                                    << u"--take '$UNMAPPED=$B': system '$SYSTEM' has no column mapped to a "
                                       "field '$UNMAPPED'"_s;
    QTest::newRow("unknown field")
        << u"duplicate"_s << QString() << QString() << QStringList{u"no_such=$B"_s}
        << u"--take 'no_such=$B': system '$SYSTEM' has no column mapped to a field "
           "'no_such'"_s;
    QTest::newRow("unknown rule")
        << u"duplicate"_s << QString() << u"weird"_s << QStringList()
        << u"survivor rule 'weird' is not one of most_complete, oldest, most_recent"_s;
    QTest::newRow("not a duplicate")
        << u"other"_s << u"$A"_s << QString() << QStringList()
        << u"--survivor, --survivor-rule and --take are for duplicate (merge) items; $ID is $KIND"_s;
    QTest::newRow("not a duplicate, rule only")
        << u"other"_s << QString() << u"oldest"_s << QStringList()
        << u"--survivor, --survivor-rule and --take are for duplicate (merge) items; $ID is $KIND"_s;
    QTest::newRow("unknown item") << u"no-such-item"_s << QString() << QString() << QStringList{u"email=$B"_s}
                                  << u"no review item 'no-such-item'"_s;
}

void TestWorkspaceQueries::mergeChoice()
{
    QFETCH(QString, item);
    QFETCH(QString, survivor);
    QFETCH(QString, rule);
    QFETCH(QStringList, takes);
    QFETCH(QString, error);

    const ReviewItem* duplicate = itemOfKind(true);
    const ReviewItem* about = item == "duplicate"_L1 ? duplicate
                              : item == "other"_L1   ? itemOfKind(false)
                                                     : nullptr;
    const QString id = about ? about->id : item;
    const QString system = duplicate->records[0].section(u':', 0, 0);
    const QString unmapped = unmappedField(system);
    QVERIFY2(!unmapped.isEmpty(), qPrintable(system));
    auto fill = [&](QString text) {
        return text.replace(u"$A"_s, duplicate->records[0])
            .replace(u"$B"_s, duplicate->records[1])
            .replace(u"$UNMAPPED"_s, unmapped)
            .replace(u"$SYSTEM"_s, system)
            .replace(u"$ID"_s, id)
            .replace(u"$KIND"_s, about ? reviewItemKindName(about->kind) : QString());
    };
    survivor = fill(survivor);
    for (QString& take : takes)
        take = fill(take);

    const Result<QString> choice = checkMergeChoice(*m_ws, id, survivor, rule, takes);
    if (!error.isEmpty()) {
        QVERIFY2(!choice, qPrintable(choice ? *choice : QString()));
        QCOMPARE(choice.errorString(), fill(error));
        return;
    }
    QVERIFY2(choice, qPrintable(choice.errorString()));
    if (survivor.isEmpty() && rule.isEmpty() && takes.isEmpty()) {
        QVERIFY(choice->isEmpty()); // the defaults: nothing kept with the decision
        return;
    }
    // What is kept reads back as the choice that was asked for.
    auto read = MergeChoice::fromJson(*choice);
    QVERIFY2(read, qPrintable(read.errorString()));
    QCOMPARE(read->survivor, survivor);
    QCOMPARE(read->survivorRule, rule.isEmpty() ? u"most_complete"_s : rule);
    QCOMPARE(read->fields.size(), takes.size());
    for (const QString& take : std::as_const(takes))
        QCOMPARE(read->fields.value(take.section(u'=', 0, 0)), take.section(u'=', 1));
}

// The plain-value form needs no workspace: a view can check options as the steward types them.
void TestWorkspaceQueries::mergeChoiceWithoutWorkspace()
{
    ReviewItem item;
    item.id = u"item-1"_s;
    item.kind = ReviewItemKind::Duplicate;
    item.records = QStringList{u"crm:1"_s, u"crm:2"_s};
    const QList<FieldMapping> mappings{{u"crm"_s, u"mail"_s, u"email"_s}, {u"erp"_s, u"tel"_s, u"phone"_s}};
    auto ok = mergeChoiceJson(item, mappings, u"crm:1"_s, QString(), {u"email=crm:2"_s});
    QVERIFY2(ok, qPrintable(ok.errorString()));
    // phone is mapped, but in another system: the merge in crm would ignore it.
    auto wrongSystem = mergeChoiceJson(item, mappings, QString(), QString(), {u"phone=crm:2"_s});
    QCOMPARE(wrongSystem.errorString(),
             u"--take 'phone=crm:2': system 'crm' has no column mapped to a field 'phone'"_s);
}

void TestWorkspaceQueries::redactionRule_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("operation");
    QTest::addColumn<QStringList>("sensitive");
    QTest::addColumn<bool>("include");
    QTest::addColumn<bool>("redacted");

    const QStringList phone{u"phone"_s};
    QTest::newRow("sensitive update") << u"phone"_s << u"update"_s << phone << false << true;
    QTest::newRow("sensitive update, included") << u"phone"_s << u"update"_s << phone << true << false;
    QTest::newRow("other field") << u"email"_s << u"update"_s << phone << false << false;
    // A deleted or restored row's image holds every field, the sensitive ones too.
    QTest::newRow("deleted row") << QString() << u"delete"_s << phone << false << true;
    QTest::newRow("restored row") << QString() << u"insert"_s << phone << false << true;
    QTest::newRow("deleted row, included") << QString() << u"delete"_s << phone << true << false;
    QTest::newRow("deleted row, nothing sensitive")
        << QString() << u"delete"_s << QStringList() << false << false;
    QTest::newRow("version stamp") << QString() << u"update"_s << phone << false << false;
}

void TestWorkspaceQueries::redactionRule()
{
    QFETCH(QString, field);
    QFETCH(QString, operation);
    QFETCH(QStringList, sensitive);
    QFETCH(bool, include);
    QFETCH(bool, redacted);

    JournalEntry e;
    e.field = field;
    e.operation = operation;
    e.before = u"before-value"_s;
    e.after = QString(); // SQL NULL
    QList<FieldGovernance> governance;
    for (const QString& f : {u"phone"_s, u"email"_s}) {
        FieldGovernance g;
        g.field = f;
        g.sensitive = sensitive.contains(f);
        governance << g;
    }
    const QList<AuditRow> rows = auditRows({e}, governance, include);
    QCOMPARE(rows.size(), 1);
    QCOMPARE(rows[0].redacted, redacted);
    const bool holds = holdsSensitiveValue(e, QSet<QString>(sensitive.cbegin(), sensitive.cend()));
    QCOMPARE(rows[0].sensitive, holds);
    QCOMPARE(rows[0].redacted, holds && !include);
    if (redacted) {
        QCOMPARE(rows[0].entry.before, u"[redacted]"_s);
        QCOMPARE(rows[0].entry.after, u"[redacted]"_s);
    } else {
        QCOMPARE(rows[0].entry.before, e.before);
        QVERIFY(rows[0].entry.after.isNull()); // NULL stays NULL (the JSON audit shows null)
    }
}

void TestWorkspaceQueries::auditTrailRedacts_data()
{
    QTest::addColumn<bool>("include");
    QTest::newRow("redacted") << false;
    QTest::newRow("include sensitive") << true;
}

// On the workspace: an apply of the demo's plan writes phones (made sensitive) and other fields.
void TestWorkspaceQueries::auditTrailRedacts()
{
    QFETCH(bool, include);
    if (m_batch.isEmpty()) {
        ApplyOptions options;
        options.steward = u"tester"_s;
        auto report = applyPlan(*m_ws, m_plan, options);
        QVERIFY2(report, qPrintable(report.errorString()));
        QVERIFY(!report->batch.id.isEmpty());
        m_batch = report->batch.id;
    }
    auto journal = m_ws->journal(m_batch, u"written"_s);
    QVERIFY2(journal, qPrintable(journal.errorString()));
    auto audit = auditTrail(*m_ws, m_batch, include);
    QVERIFY2(audit, qPrintable(audit.errorString()));
    QCOMPARE(audit->size(), journal->size());
    int phones = 0;
    int others = 0;
    for (qsizetype i = 0; i < audit->size(); ++i) {
        const AuditRow& row = audit->at(i);
        const JournalEntry& written = journal->at(i);
        QCOMPARE(row.entry.seq, written.seq);
        const bool phone = written.field == "phone"_L1;
        phones += phone;
        others += !phone;
        QCOMPARE(row.sensitive, phone);
        QCOMPARE(row.redacted, phone && !include);
        QCOMPARE(row.entry.before, row.redacted ? u"[redacted]"_s : written.before);
        QCOMPARE(row.entry.after, row.redacted ? u"[redacted]"_s : written.after);
        QCOMPARE(row.entry.reason, written.reason); // only the values are withheld
    }
    QVERIFY2(phones > 0 && others > 0, qPrintable(u"%1 phones, %2 others"_s.arg(phones).arg(others)));
    // Every batch (no batch named) holds this one's rows too.
    auto all = auditTrail(*m_ws, QString(), include);
    QVERIFY2(all, qPrintable(all.errorString()));
    QVERIFY(all->size() >= audit->size());
}

void TestWorkspaceQueries::auditTrailUnknownBatch()
{
    auto audit = auditTrail(*m_ws, u"no-such-batch"_s, false);
    QVERIFY(!audit);
    QVERIFY2(audit.errorString().contains(u"no batch 'no-such-batch'"_s), qPrintable(audit.errorString()));
}

void TestWorkspaceQueries::planSqlOfSelection_data()
{
    QTest::addColumn<QList<int>>("writes"); // indexes into the plan's applicable writes
    QTest::addColumn<int>("notApplicable"); // how many writes apply would not run to add to the selection

    QTest::newRow("one write") << QList<int>{0} << 0;
    QTest::newRow("three writes") << QList<int>{0, 2, 5} << 0;
    QTest::newRow("first and last") << QList<int>{0, -1} << 0;
    QTest::newRow("with writes awaiting approval") << QList<int>{1, 3} << 2;
    QTest::newRow("only writes awaiting approval") << QList<int>{} << 2;
    QTest::newRow("nothing") << QList<int>{} << 0;
}

void TestWorkspaceQueries::planSqlOfSelection()
{
    QFETCH(QList<int>, writes);
    QFETCH(int, notApplicable);

    QList<int> applicable;
    QList<int> held;
    for (int i = 0; i < m_plan.writes.size(); ++i)
        (m_plan.writes[i].isApplicable() ? applicable : held) << i;
    QVERIFY(applicable.size() > 6);
    QVERIFY(held.size() >= notApplicable);
    PlanSelection selection;
    for (int w : std::as_const(writes))
        selection.writes << (w < 0 ? applicable.last() : applicable[w]);
    selection.writes << held.mid(0, notApplicable);

    auto systems = m_ws->systems();
    QVERIFY2(systems, qPrintable(systems.errorString()));
    const QString sql = renderPlanSql(m_plan, *m_run->load.snapshot, *systems, selection);
    if (writes.isEmpty()) {
        QVERIFY2(sql.isEmpty(), qPrintable(sql)); // writes apply would not run have no SQL
        return;
    }
    const QStringList lines = sql.split(u'\n');
    const auto count = [&](const QString& prefix) {
        return qsizetype(std::count_if(lines.cbegin(), lines.cend(),
                                       [&](const QString& l) { return l.startsWith(prefix); }));
    };
    QCOMPARE(count(u"UPDATE "_s), writes.size());
    QCOMPARE(count(u"SELECT "_s), writes.size());
    QCOMPARE(count(u"BEGIN;"_s), count(u"COMMIT;"_s));
    QVERIFY(count(u"DELETE "_s) == 0); // no merge was selected
    for (int i = 0; i < m_plan.writes.size(); ++i) {
        const PlannedWrite& w = m_plan.writes[i];
        const QString comment = u"-- %1 of row %2: "_s.arg(w.field, w.rowId);
        const bool selected = selection.writes.contains(i) && w.isApplicable();
        // Row ids repeat across systems: only a selected write's own comment may be there.
        if (!selected && std::none_of(selection.writes.cbegin(), selection.writes.cend(), [&](int s) {
                return m_plan.writes[s].isApplicable() && m_plan.writes[s].field == w.field &&
                       m_plan.writes[s].rowId == w.rowId;
            }))
            QVERIFY2(!sql.contains(comment), qPrintable(comment));
        if (!selected)
            continue;
        QVERIFY2(sql.contains(comment), qPrintable(comment));
        // Identifiers quoted in the system's own dialect; values bound, never spliced.
        const WriteStatements statements(w.driver);
        const QString update = u"UPDATE %1 SET %2 = ? WHERE "_s.arg(statements.quoteTable(w.table),
                                                                    statements.quoteIdentifier(w.column));
        QVERIFY2(statements.quoteIdentifier(w.column) != w.column, qPrintable(w.column));
        QVERIFY2(sql.contains(update), qPrintable(update + u"\n"_s + sql));
        QVERIFY2(!sql.contains(u"= '"_s + w.after + u"'"_s), qPrintable(w.after));
    }
}

// The whole plan is the selection of every write and every merge.
void TestWorkspaceQueries::planSqlWholePlanIsEverySelection()
{
    auto systems = m_ws->systems();
    QVERIFY2(systems, qPrintable(systems.errorString()));
    PlanSelection all;
    for (int i = 0; i < m_plan.writes.size(); ++i)
        all.writes << i;
    for (int i = 0; i < m_plan.merges.size(); ++i)
        all.merges << i;
    const QString whole = renderPlanSql(m_plan, *m_run->load.snapshot, *systems);
    QVERIFY(whole.startsWith(u"\n-- "_s));
    QCOMPARE(renderPlanSql(m_plan, *m_run->load.snapshot, *systems, all), whole);
    all.writes << -1 << int(m_plan.writes.size()); // out of range: ignored
    QCOMPARE(renderPlanSql(m_plan, *m_run->load.snapshot, *systems, all), whole);
}

// A merge's reason and survivor are the steward's data: a line break in one must not end the
// SQL comment it is printed in.
void TestWorkspaceQueries::planSqlCommentsStayOnTheirLine()
{
    const PlannedWrite* write = nullptr;
    for (const PlannedWrite& w : std::as_const(m_plan.writes)) {
        if (w.isApplicable()) {
            write = &w;
            break;
        }
    }
    QVERIFY(write);
    Plan plan;
    PlannedMerge merge;
    merge.reviewItem = u"item-1"_s;
    merge.system = write->system;
    merge.survivor = u"1\nDROP TABLE x; --"_s;
    WriteOp op;
    op.entry.system = write->system;
    op.entry.table = write->table;
    op.entry.keyColumns = write->keyColumns;
    op.entry.rowId = write->rowId;
    op.entry.operation = u"delete"_s;
    op.entry.reason = u"merged\r\ninto\u2028the survivor"_s;
    op.entry.version = write->version;
    merge.ops << op;
    plan.merges << merge;
    auto systems = m_ws->systems();
    QVERIFY2(systems, qPrintable(systems.errorString()));
    const QString sql = renderPlanSql(plan, *m_run->load.snapshot, *systems);
    const QStringList lines = sql.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 6); // header, BEGIN, comment, re-read, delete, COMMIT
    for (const QString& line : lines)
        QVERIFY2(line.startsWith(u"-- "_s) || line.startsWith(u"SELECT "_s) ||
                     line.startsWith(u"DELETE "_s) || line == "BEGIN;"_L1 || line == "COMMIT;"_L1,
                 qPrintable(line));
    QVERIFY(!sql.contains(QChar(0x2028)));
    // The driver of a system with no field write in the plan comes from its configuration.
    QVERIFY2(sql.contains(WriteStatements(write->driver).quoteTable(write->table)), qPrintable(sql));
}

void TestWorkspaceQueries::matchSummaryPerSystem_data()
{
    QTest::addColumn<QString>("system");
    for (const SystemConfig& s : std::as_const(m_config.systems))
        QTest::newRow(qPrintable(s.name)) << s.name;
}

// Each system's counts, against a count made here from the result's own lists.
void TestWorkspaceQueries::matchSummaryPerSystem()
{
    QFETCH(QString, system);
    const MatchSummary summary = summarizeMatch(*m_run);
    const NormalizedSnapshot& data = *m_run->data;
    const MatchResult& result = m_run->result;
    const auto counts = std::find_if(summary.systems.cbegin(), summary.systems.cend(),
                                     [&](const SystemMatchCounts& c) { return c.system == system; });
    QVERIFY(counts != summary.systems.cend());
    const int index = data.systemIndex(system);
    QVERIFY(index >= 0);
    QCOMPARE(int(counts - summary.systems.cbegin()), index);

    QHash<std::uint32_t, int> size;
    for (std::uint32_t c : result.clusterOf)
        ++size[c];
    qint64 records = 0;
    qint64 unmatched = 0;
    for (NormalizedSnapshot::Record r = 0; r < data.recordCount(); ++r) {
        if (data.systemOf(r) != index)
            continue;
        ++records;
        unmatched += size.value(result.clusterOf[r]) == 1;
    }
    const qint64 duplicates =
        std::count_if(result.duplicates.cbegin(), result.duplicates.cend(), [&](const MatchEdge& e) {
            return data.systemOf(e.a) == index && data.systemOf(e.b) == index;
        });
    QCOMPARE(counts->records, records);
    QCOMPARE(counts->unmatched, unmatched);
    QCOMPARE(counts->duplicates, duplicates);
    QVERIFY(counts->records > 0);
}

void TestWorkspaceQueries::matchSummaryAddsUp()
{
    const MatchSummary s = summarizeMatch(*m_run);
    const MatchResult& result = m_run->result;
    QCOMPARE(s.records, qint64(m_run->data->recordCount()));
    QCOMPARE(s.entities, qint64(result.clusterCount));
    QCOMPARE(s.autoLinks, qint64(result.autoEdges.size()));
    QCOMPARE(s.reviewPairs, qint64(result.reviewPairs.size()));
    QCOMPARE(s.duplicateProposals, qint64(result.duplicates.size()));
    QCOMPARE(s.candidatePairs, result.stats.candidatePairs);
    QVERIFY(s.autoLinks > 0 && s.duplicateProposals > 0); // (this demo has no pair left for review)

    qint64 byRule = 0;
    for (qint64 n : s.autoLinksByRule)
        byRule += n;
    QCOMPARE(byRule, s.autoLinks);
    QVERIFY(s.autoLinksByRule.contains(u"fuzzy"_s));
    qint64 records = 0, unmatched = 0, duplicates = 0;
    for (const SystemMatchCounts& c : s.systems) {
        records += c.records;
        unmatched += c.unmatched;
        duplicates += c.duplicates;
    }
    QCOMPARE(records, s.records);
    QCOMPARE(duplicates, s.duplicateProposals);
    QCOMPARE(s.systems.size(), m_config.systems.size());
    // Every record is in one entity: the entities of two or more records hold all the matched ones.
    QVERIFY(unmatched < s.entities);
    QVERIFY(s.entities - unmatched <= (s.records - unmatched) / 2);
    // Links join clusters: n records in k entities need at least n - k links.
    QVERIFY(s.autoLinks >= s.records - s.entities);
    QCOMPARE(s.totalSeconds, m_run->loadSeconds + m_run->normalizeSeconds + m_run->matchSeconds);
}

void TestWorkspaceQueries::connectionProbe_data()
{
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("database"); // replaces the system's; empty = as configured
    QTest::addColumn<QString>("entity");   // likewise
    QTest::addColumn<QString>("error");    // a part of the expected error; empty = connects

    QTest::newRow("sqlite") << u"crm"_s << QString() << QString() << QString();
    QTest::newRow("csv export") << u"marketing"_s << QString() << QString() << QString();
    QTest::newRow("missing sqlite file")
        << u"crm"_s << u"gone/crm.sqlite"_s << QString() << u"gone/crm.sqlite"_s;
    QTest::newRow("missing table") << u"crm"_s << QString() << u"no_such_table"_s << u"no_such_table"_s;
}

void TestWorkspaceQueries::connectionProbe()
{
    QFETCH(QString, system);
    QFETCH(QString, database);
    QFETCH(QString, entity);
    QFETCH(QString, error);

    auto config = m_ws->system(system);
    QVERIFY2(config, qPrintable(config.errorString()));
    if (!database.isEmpty())
        config->database = database;
    if (!entity.isEmpty())
        config->entity = entity;
    auto mappings = m_ws->mappings(system);
    QVERIFY(mappings);
    const ConnectionProbe probe = probeConnection(*m_ws, *config, *mappings);
    QCOMPARE(probe.system, system);
    QCOMPARE(probe.entity, config->entity);
    if (!error.isEmpty()) {
        QVERIFY(!probe.ok());
        QVERIFY2(probe.error.contains(error), qPrintable(probe.error));
        QVERIFY2(probe.error.contains(system), qPrintable(probe.error)); // which system, too
        QCOMPARE(probe.rows, qint64(-1));
        return;
    }
    QVERIFY2(probe.ok(), qPrintable(probe.error));
    QVERIFY(probe.columns > 3);
    // The row count is the snapshot's (apply, earlier in this test, deleted no row).
    const SystemSnapshot* read = m_run->load.snapshot->system(system);
    QVERIFY(read);
    QVERIFY2(probe.rows >= read->rowCount(), qPrintable(u"%1 < %2"_s.arg(probe.rows).arg(read->rowCount())));
}

void TestWorkspaceQueries::connectionProbeUnknownSystem()
{
    auto none = probeConnections(*m_ws, {u"crm"_s, u"no_such_system"_s});
    QVERIFY(!none);
    QVERIFY2(none.errorString().contains(u"no system named 'no_such_system'"_s),
             qPrintable(none.errorString()));

    QStringList heard;
    auto some = probeConnections(*m_ws, {u"quoting"_s, u"crm"_s},
                                 [&](const ConnectionProbe& p) { heard << p.system; });
    QVERIFY2(some, qPrintable(some.errorString()));
    QCOMPARE(heard, (QStringList{u"crm"_s, u"quoting"_s})); // workspace order, each as it is done
    QCOMPARE(some->size(), 2);
    QVERIFY(some->at(0).ok() && some->at(1).ok());
}

// `systems test` must fail whenever `snapshot` would on the configuration: a key, version,
// soft-delete or mapped column the source does not have is named, with the columns it has, and
// loading the system fails with the same words.
void TestWorkspaceQueries::probeChecksWhatSnapshotNeeds_data()
{
    QTest::addColumn<QString>("system");
    QTest::addColumn<QString>("setting");  // key, version, soft-delete, mapping (the first one's column)
    QTest::addColumn<QString>("value");    // the column named; $UPPER: the real column in upper case
    QTest::addColumn<QString>("expected"); // $ENTITY and $FIELD stand for the entity and mapped field

    QTest::newRow("sqlite key") << u"crm"_s << u"key"_s << u"contact_no"_s
                                << u"key column 'contact_no' does not exist in '$ENTITY'"_s;
    QTest::newRow("sqlite version") << u"crm"_s << u"version"_s << u"modified"_s
                                    << u"version column 'modified' does not exist in '$ENTITY'"_s;
    QTest::newRow("sqlite soft delete") << u"crm"_s << u"soft-delete"_s << u"deleted"_s
                                        << u"soft-delete column 'deleted' does not exist in '$ENTITY'"_s;
    QTest::newRow("sqlite mapping")
        << u"crm"_s << u"mapping"_s << u"e_mail"_s
        << u"mapping e_mail -> $FIELD names column 'e_mail', which does not exist in '$ENTITY'"_s;
    QTest::newRow("mapping differs in case") << u"quoting"_s << u"mapping"_s << u"$UPPER"_s
                                             << u"which does not exist in '$ENTITY' (there is '$REAL')"_s;
    QTest::newRow("csv key") << u"marketing"_s << u"key"_s << u"Contact"_s
                             << u"key column 'Contact' does not exist in '$ENTITY'"_s;
    QTest::newRow("csv without key") << u"marketing"_s << u"key"_s << QString()
                                     << u"'$ENTITY' has no primary key and no key column is configured"_s;
    QTest::newRow("csv mapping")
        << u"marketing"_s << u"mapping"_s << u"Fax"_s
        << u"mapping Fax -> $FIELD names column 'Fax', which does not exist in '$ENTITY'"_s;
}

void TestWorkspaceQueries::probeChecksWhatSnapshotNeeds()
{
    QFETCH(QString, system);
    QFETCH(QString, setting);
    QFETCH(QString, value);
    QFETCH(QString, expected);

    auto config = m_ws->system(system);
    QVERIFY2(config, qPrintable(config.errorString()));
    auto stored = m_ws->mappings(system);
    QVERIFY2(stored && !stored->isEmpty(), qPrintable(stored.errorString()));
    QList<FieldMapping> mappings = *stored;
    const FieldMapping first = mappings.constFirst();
    if (value == "$UPPER"_L1)
        value = first.column.toUpper();
    if (setting == "key"_L1)
        config->keyColumn = value;
    else if (setting == "version"_L1)
        config->versionColumn = value;
    else if (setting == "soft-delete"_L1)
        config->softDeleteColumn = value;
    else
        mappings.first().column = value;
    expected.replace(u"$ENTITY"_s, config->entity)
        .replace(u"$FIELD"_s, first.field)
        .replace(u"$REAL"_s, first.column);

    const ConnectionProbe probe = probeConnection(*m_ws, *config, mappings);
    QVERIFY(!probe.ok());
    const QStringList available = probe.columnCheck.available;
    QVERIFY(available.size() > 3);
    QVERIFY2(probe.error.startsWith(u"system '%1': "_s.arg(system)), qPrintable(probe.error));
    QVERIFY2(probe.error.contains(expected), qPrintable(probe.error));
    QVERIFY2(
        probe.error.endsWith(u". The columns of '%1' are: %2"_s.arg(config->entity, available.join(u", "_s))),
        qPrintable(probe.error));
    QVERIFY(probe.rows > 0); // the rows were still counted (a file is read whole for that)
    if (value.isEmpty()) {
        QVERIFY(probe.columnCheck.noPrimaryKey);
        QCOMPARE(probe.columnCheck.error().kind, ErrorKind::NoKeyColumn);
    } else {
        QCOMPARE(probe.columnCheck.missing.size(), 1);
        QCOMPARE(probe.columnCheck.missing[0].column, value);
    }

    // Loading the system fails with the same words (its mappings come from the store).
    if (setting == "mapping"_L1) {
        QVERIFY(m_ws->setMapping(system, first.column, QString()));
        QVERIFY(m_ws->setMapping(system, value, first.field));
    }
    Snapshot snapshot;
    const SystemLoadReport load = loadSystem(*m_ws, *config, snapshot);
    if (setting == "mapping"_L1) {
        QVERIFY(m_ws->setMapping(system, value, QString()));
        QVERIFY(m_ws->setMapping(system, first.column, first.field));
    }
    QCOMPARE(load.error, probe.columnCheck.error().message);
    QVERIFY(!snapshot.system(system));

    // As configured, the probe and the load both succeed.
    auto asStored = m_ws->system(system);
    QVERIFY(asStored);
    const ConnectionProbe good = probeConnection(*m_ws, *asStored, *stored);
    QVERIFY2(good.ok(), qPrintable(good.error));
    QVERIFY(good.columnCheck.ok());
}

// What a dialog asks while the steward edits a system: the check needs no connection, only the
// columns (listed once) and the configuration as it stands in the dialog.
void TestWorkspaceQueries::checkColumnsWithoutConnecting()
{
    const QList<ColumnInfo> columns{
        {u"id"_s, u"INTEGER"_s, true}, {u"Email"_s, u"TEXT"_s, false}, {u"changed"_s, u"TEXT"_s, false}};
    SystemConfig system;
    system.name = u"erp"_s;
    system.driver = u"postgresql"_s;
    system.entity = u"customers"_s;
    system.versionColumn = u"CHANGED"_s; // found as the connectors find it: case-insensitively
    const QList<FieldMapping> mappings{{u"erp"_s, u"Email"_s, u"email"_s}, {u"crm"_s, u"mail"_s, u"email"_s}};
    ColumnCheck check = checkColumns(system, mappings, columns);
    QVERIFY(check.ok());
    QVERIFY(check.result());
    QCOMPARE(check.available, (QStringList{u"id"_s, u"Email"_s, u"changed"_s}));

    system.softDeleteColumn = u"archived"_s;
    system.keyColumn = u"customer_no"_s;
    check = checkColumns(system, {{u"erp"_s, u"email"_s, u"email"_s}}, columns);
    QVERIFY(!check.ok());
    QCOMPARE(check.missing.size(), 3);
    QCOMPARE(check.missing[0].role, MissingColumn::Role::Key);
    QCOMPARE(check.missing[1].role, MissingColumn::Role::SoftDelete);
    QCOMPARE(check.missing[2].role, MissingColumn::Role::Mapped);
    QCOMPARE(check.missing[2].closeName, u"Email"_s);
    QCOMPARE(check.result().errorString(),
             u"system 'erp': key column 'customer_no' does not exist in 'customers'; soft-delete column "
             "'archived' does not exist in 'customers'; mapping email -> email names column 'email', which "
             "does not exist in 'customers' (there is 'Email'). The columns of 'customers' are: id, Email, "
             "changed"_s);
    QCOMPARE(check.result().error().kind, ErrorKind::Failed);
}

void TestWorkspaceQueries::ownershipMatrix_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("owner");
    QTest::addColumn<QStringList>("readers");
    QTest::addColumn<QStringList>("flags");

    QTest::newRow("email") << u"email"_s << u"crm"_s
                           << QStringList{u"quoting"_s, u"accounting"_s, u"marketing"_s} << QStringList();
    QTest::newRow("first_name") << u"first_name"_s << u"crm"_s << QStringList{u"marketing"_s}
                                << QStringList();
    QTest::newRow("phone, made sensitive")
        << u"phone"_s << u"crm"_s << QStringList{u"quoting"_s, u"accounting"_s, u"marketing"_s}
        << QStringList{u"sensitive"_s};
    QTest::newRow("bank_account") << u"bank_account"_s << u"accounting"_s << QStringList()
                                  << QStringList{u"high-stakes"_s, u"sensitive"_s};
    QTest::newRow("credit_limit") << u"credit_limit"_s << u"accounting"_s << QStringList()
                                  << QStringList{u"high-stakes"_s};
}

void TestWorkspaceQueries::ownershipMatrix()
{
    QFETCH(QString, field);
    QFETCH(QString, owner);
    QFETCH(QStringList, readers);
    QFETCH(QStringList, flags);

    auto matrix = concord::ownershipMatrix(*m_ws);
    QVERIFY2(matrix, qPrintable(matrix.errorString()));
    QVERIFY2(matrix->valid(), qPrintable(matrix->problems.join(u"; "_s)));
    QCOMPARE(matrix->recordOwner, u"crm"_s);
    QCOMPARE(matrix->systems, (QStringList{u"crm"_s, u"quoting"_s, u"accounting"_s, u"marketing"_s}));
    QCOMPARE(matrix->fields.size(), m_config.fields.size());
    const auto row = std::find_if(matrix->fields.cbegin(), matrix->fields.cend(),
                                  [&](const FieldOwnership& f) { return f.governance.field == field; });
    QVERIFY(row != matrix->fields.cend());
    QCOMPARE(row->governance.owners, QStringList{owner});
    QCOMPARE(row->readers, readers);
    QCOMPARE(row->flags(), flags);
    QCOMPARE(row->access.size(), matrix->systems.size());
    for (qsizetype s = 0; s < matrix->systems.size(); ++s) {
        const QString& system = matrix->systems[s];
        const FieldAccess expected = system == owner            ? FieldAccess::Owns
                                     : readers.contains(system) ? FieldAccess::Reads
                                                                : FieldAccess::None;
        QCOMPARE(int(row->access[s]), int(expected));
    }
}

QTEST_GUILESS_MAIN(TestWorkspaceQueries)
#include "tst_workspacequeries.moc"
