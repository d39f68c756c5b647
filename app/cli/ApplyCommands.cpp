// apply, rollback, audit and dead-letters: writing to the steward's systems and the record of it.
#include "Applier.h"
#include "AuditTrail.h"
#include "Cli.h"
#include "CsvWriter.h"
#include "OpenWorkspace.h"

#include <QBuffer>
#include <QFile>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
QString shown(const QString& value)
{
    return value.isNull() ? u"NULL"_s : u"'"_s + value + u"'"_s;
}

void addRunOptions(Command& cmd)
{
    cmd.parser().addOption({u"by"_s, u"Who runs it, for the audit (default: $USER)."_s, u"NAME"_s});
    cmd.parser().addOption({u"lock-timeout"_s,
                            u"Milliseconds to wait for a locked row before retrying (default 5000)."_s,
                            u"MS"_s});
    cmd.parser().addOption(
        {u"rows-per-transaction"_s, u"Rows written per transaction (default 100)."_s, u"N"_s});
}

// Options shared by apply and rollback; false (with the exit code set) on a bad value.
bool readRunOptions(Command& cmd, ApplyOptions* options, int* code)
{
    options->steward = cmd.parser().value(u"by"_s);
    if (options->steward.isEmpty())
        options->steward = qEnvironmentVariable("USER", u"steward"_s);
    for (const auto& [name, target, minimum] :
         {std::tuple{u"lock-timeout"_s, &options->lockTimeoutMs, 1},
          std::tuple{u"rows-per-transaction"_s, &options->rowsPerTransaction, 1}}) {
        if (!cmd.parser().isSet(name))
            continue;
        bool ok = false;
        const int value = cmd.parser().value(name).toInt(&ok);
        if (!ok || value < minimum) {
            *code = cmd.fail(ExitUsage, u"--%1 '%2' must be a whole number of at least %3"_s
                                            .arg(name, cmd.parser().value(name))
                                            .arg(minimum));
            return false;
        }
        *target = value;
    }
    // A test hook: slows every row down so that a test can kill apply in the middle of a batch.
    options->rowDelayMs = qEnvironmentVariableIntValue("CONCORD_TEST_APPLY_ROW_DELAY_MS");
    return true;
}

QJsonObject reportJson(const BatchReport& r)
{
    QJsonArray entries;
    for (const JournalEntry& e : r.entries)
        entries.append(journalEntryJson(e));
    QJsonObject skipped;
    for (const JournalEntry& e : r.skipped)
        skipped.insert(e.error, skipped.value(e.error).toInt() + 1);
    const double seconds = std::max(r.seconds, 0.001);
    return QJsonObject{{u"plan"_s, r.plan},
                       {u"batch"_s, r.batch.id},
                       {u"kind"_s, r.batch.kind},
                       {u"written"_s, r.count(u"written"_s)},
                       {u"rowsWritten"_s, r.rowsWritten()},
                       {u"changedUnderneath"_s, r.count(u"changed_underneath"_s)},
                       {u"conflicts"_s, r.count(u"conflict"_s)},
                       {u"deadLettered"_s, r.count(u"dead_letter"_s)},
                       {u"skipped"_s, skipped},
                       {u"seconds"_s, r.seconds},
                       {u"rowsPerSecond"_s, static_cast<double>(r.rowsWritten()) / seconds},
                       {u"recovered"_s, QJsonArray::fromStringList(r.notes)},
                       {u"unsettled"_s, QJsonArray::fromStringList(r.unsettled)},
                       {u"notes"_s, QJsonArray::fromStringList(r.planNotes)},
                       {u"entries"_s, entries}};
}

void printReport(QTextStream& out, const BatchReport& r)
{
    for (const QString& note : r.notes)
        out << "settled first: " << note << '\n';
    if (!r.plan.isEmpty())
        out << "plan " << r.plan << ": ";
    if (r.batch.id.isEmpty()) {
        out << "nothing to write";
    } else {
        const double seconds = std::max(r.seconds, 0.001);
        const qint64 stamps = std::count_if(r.entries.cbegin(), r.entries.cend(), [](const JournalEntry& e) {
            return e.state == "written"_L1 && e.rule == "version"_L1;
        });
        out << (r.batch.kind == "rollback"_L1 ? "rollback batch " : "batch ") << r.batch.id << ": "
            << r.count(u"written"_s) - stamps << " values written in " << r.rowsWritten() << " rows";
        if (stamps > 0)
            out << " (and " << stamps << " version stamps)";
        if (r.batch.kind == "rollback"_L1)
            out << ", " << r.count(u"conflict"_s) << " conflicts (left alone)";
        else
            out << ", " << r.count(u"changed_underneath"_s) << " changed underneath (back in review)";
        out << ", " << r.count(u"dead_letter"_s) << " dead-lettered; " << QString::number(r.seconds, 'f', 2)
            << " s, " << QString::number(static_cast<double>(r.rowsWritten()) / seconds, 'f', 0) << " rows/s";
    }
    out << '\n';
    QMap<QString, int> skipped;
    for (const JournalEntry& e : r.skipped)
        ++skipped[e.error];
    for (auto it = skipped.cbegin(); it != skipped.cend(); ++it)
        out << "  not written: " << it.value() << ' ' << it.key() << '\n';
    for (const QString& line : r.unsettled)
        out << "  left to settle: " << line << '\n';
    for (qsizetype i = 0; i < r.planNotes.size() && i < 10; ++i)
        out << "  note: " << r.planNotes[i] << '\n';
    if (r.planNotes.size() > 10)
        out << "  ... and " << r.planNotes.size() - 10 << " more notes (--json lists them all)\n";
    // A lost server leaves hundreds of rows with one error: a few are shown, the rest counted.
    QHash<QString, int> sameError;
    QMap<QString, int> hidden;
    for (const JournalEntry& e : r.entries) {
        if (e.state == "written"_L1)
            continue;
        const QString key = e.state + u" ("_s + e.error + u')';
        if (++sameError[key] > 3) {
            ++hidden[key];
            continue;
        }
        const QString what = e.operation == "update"_L1
                                 ? QString(e.column + u": "_s + shown(e.before) + u" -> "_s + shown(e.after))
                                 : QString(e.operation + u" row"_s);
        out << "  " << e.state.leftJustified(18) << ' ' << e.system << ':' << e.rowId << ' ' << what << "  ("
            << e.error << ")\n";
    }
    for (auto it = hidden.cbegin(); it != hidden.cend(); ++it)
        out << "  ... and " << it.value() << " more " << it.key() << " (--json lists them all)\n";
    out.flush();
}

int finish(Command& cmd, const BatchReport& report)
{
    if (cmd.json())
        cmd.printJson(reportJson(report));
    else
        printReport(cmd.out(), report);
    // A row changed underneath went back to review unwritten: like a dead letter or a conflict,
    // a scheduled run must not report that as plain success.
    const bool attention = report.count(u"dead_letter"_s) > 0 || report.count(u"conflict"_s) > 0 ||
                           report.count(u"changed_underneath"_s) > 0 || !report.unsettled.isEmpty();
    return attention ? ExitAttention : ExitOk;
}
} // namespace

int runApply(const QStringList& args)
{
    Command cmd(
        u"apply"_s,
        u"Write the plan the steward reviewed (the latest one concord-cli plan stored, or --plan ID): "
        "every write in it that needs no approval and every approved or edited one, and the merges "
        "the steward approved; nothing it did not show. Each row is re-read and locked just before "
        "it is written; a row that no longer holds the values and version the plan shows is not "
        "written and goes back to review (changed underneath). A plan is applied once; apply "
        "refuses when there is no plan, when --plan names one a newer plan superseded, or when a "
        "decision (review, ownership, mapping) was made after the plan: run plan again and review "
        "it. Transient errors are retried; what still fails is dead-lettered. Every write is "
        "journaled first and audited (concord-cli audit); a batch can be undone (concord-cli "
        "rollback). Exit code 4 when writes were dead-lettered or changed underneath: a person must look."_s,
        args);
    cmd.addJsonOption();
    addRunOptions(cmd);
    cmd.parser().addOption(
        {u"plan"_s,
         u"The plan reviewed (the id concord-cli plan printed); refused unless it is the latest."_s,
         u"ID"_s});
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    ApplyOptions options;
    if (!readRunOptions(cmd, &options, &code))
        return code;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto report = applyReviewedPlan(*ws, cmd.parser().value(u"plan"_s), options);
    if (!report)
        return cmd.fail(ExitFailed, report.error());
    return finish(cmd, *report);
}

int runRollback(const QStringList& args)
{
    Command cmd(u"rollback"_s,
                u"Undo a batch: restore each value it wrote where the row still holds what the batch wrote, "
                "re-insert the rows it deleted, and report everything else as a conflict (left alone). The "
                "rollback is itself a batch in the audit. Exit code 4 when there were conflicts."_s,
                args);
    cmd.addJsonOption();
    addRunOptions(cmd);
    if (!cmd.parse(u"WORKSPACE BATCH"_s, 2, 2))
        return cmd.exitCode();
    int code = ExitOk;
    ApplyOptions options;
    if (!readRunOptions(cmd, &options, &code))
        return code;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto report = rollbackBatch(*ws, cmd.positional()[1], options);
    if (!report)
        return cmd.fail(ExitFailed, report.error());
    return finish(cmd, *report);
}

int runAudit(const QStringList& args)
{
    Command cmd(u"audit"_s,
                u"The audit trail: one row per changed field (and per deleted or restored row) with batch, "
                "time, steward, system, table, row, field, before, after, rule or reason and review item. "
                "Values of sensitive fields are redacted unless --include-sensitive. --batches lists the "
                "batches instead."_s,
                args);
    cmd.parser().addOption({u"batch"_s, u"Only this batch."_s, u"BATCH"_s});
    cmd.parser().addOption({u"format"_s, u"csv (default) or json."_s, u"FORMAT"_s, u"csv"_s});
    cmd.parser().addOption({u"output"_s, u"Write to FILE instead of standard output."_s, u"FILE"_s});
    cmd.parser().addOption({u"include-sensitive"_s, u"Show the values of sensitive fields."_s});
    cmd.parser().addOption({u"batches"_s, u"List the batches (id, kind, state, steward, times, summary)."_s});
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    const QString format = cmd.parser().value(u"format"_s);
    if (format != "csv"_L1 && format != "json"_L1)
        return cmd.fail(ExitUsage, u"--format must be csv or json, not '%1'"_s.arg(format));
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;

    QStringList header;
    QList<QStringList> rows;
    QJsonArray array;
    if (cmd.parser().isSet(u"batches"_s)) {
        auto batches = ws->batches();
        if (!batches)
            return cmd.fail(ExitFailed, batches.error());
        header = QStringList{u"batch"_s,      u"kind"_s,        u"state"_s,      u"steward"_s,
                             u"started_at"_s, u"finished_at"_s, u"rolls_back"_s, u"summary"_s};
        for (const BatchInfo& b : std::as_const(*batches)) {
            rows.append(
                {b.id, b.kind, b.state, b.steward, b.startedAt, b.finishedAt, b.rollsBack, b.summary});
            array.append(QJsonObject{{u"batch"_s, b.id},
                                     {u"kind"_s, b.kind},
                                     {u"state"_s, b.state},
                                     {u"steward"_s, b.steward},
                                     {u"startedAt"_s, b.startedAt},
                                     {u"finishedAt"_s, b.finishedAt},
                                     {u"rollsBack"_s, b.rollsBack},
                                     {u"summary"_s, b.summary}});
        }
    } else {
        auto audit =
            auditTrail(*ws, cmd.parser().value(u"batch"_s), cmd.parser().isSet(u"include-sensitive"_s));
        if (!audit)
            return cmd.fail(ExitFailed, audit.error());
        header = auditCsvHeader();
        for (const AuditRow& row : std::as_const(*audit)) {
            // before and after already redacted where they must be
            rows.append(auditCsvFields(row.entry));
            array.append(auditJsonObject(row.entry));
        }
    }

    QByteArray bytes;
    if (format == "json"_L1) {
        bytes =
            QJsonDocument(QJsonObject{{cmd.parser().isSet(u"batches"_s) ? u"batches"_s : u"audit"_s, array}})
                .toJson(QJsonDocument::Indented);
    } else {
        // CSV cannot tell NULL from '': both are an empty field (the JSON form keeps null).
        QBuffer buffer(&bytes);
        buffer.open(QIODevice::WriteOnly);
        CsvWriter csv(&buffer);
        csv.writeRow(header);
        for (const QStringList& row : std::as_const(rows))
            csv.writeRow(row);
        csv.flush();
    }
    const QString output = cmd.parser().value(u"output"_s);
    if (output.isEmpty()) {
        cmd.out() << QString::fromUtf8(bytes);
        cmd.out().flush();
        return ExitOk;
    }
    QFile file(output);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size() ||
        !file.flush())
        return cmd.fail(ExitFailed, u"%1: cannot write: %2"_s.arg(output, file.errorString()));
    cmd.out() << "wrote " << rows.size() << " rows to " << output << Qt::endl;
    return ExitOk;
}

int runDeadLetters(const QStringList& args)
{
    Command cmd(u"dead-letters"_s,
                u"Writes that failed after their retries and have not been written since, with the error. "
                "The next apply tries them again if they are still planned."_s,
                args);
    cmd.addJsonOption();
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto letters = ws->deadLetters();
    if (!letters)
        return cmd.fail(ExitFailed, letters.error());
    if (cmd.json()) {
        QJsonArray array;
        for (const JournalEntry& e : std::as_const(*letters))
            array.append(journalEntryJson(e));
        return cmd.printJson(QJsonObject{{u"deadLetters"_s, array}});
    }
    cmd.out() << letters->size() << " dead letters\n";
    for (const JournalEntry& e : std::as_const(*letters))
        cmd.out() << "  " << e.batch << " #" << e.seq << ' ' << e.system << ':' << e.rowId << ' ' << e.column
                  << " -> " << shown(e.after) << "  (" << e.attempts << " attempts) " << e.error << '\n';
    cmd.out().flush();
    return ExitOk;
}

} // namespace concord::cli
