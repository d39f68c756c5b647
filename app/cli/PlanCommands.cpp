// plan and review: the proposed writes, and the queue of what a person must decide.
#include "Cli.h"
#include "MergePlanner.h"
#include "OpenWorkspace.h"
#include "Planner.h"
#include "WriteStatements.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
QJsonObject writeJson(const PlannedWrite& w)
{
    return QJsonObject{{u"system"_s, w.system}, {u"table"_s, w.table},           {u"rowId"_s, w.rowId},
                       {u"field"_s, w.field},   {u"column"_s, w.column},         {u"before"_s, w.before},
                       {u"after"_s, w.after},   {u"version"_s, w.version},       {u"rule"_s, w.rule},
                       {u"reason"_s, w.reason}, {u"reviewItem"_s, w.reviewItem}, {u"status"_s, w.status}};
}

QJsonObject itemJson(const ReviewItem& i)
{
    QJsonObject o{{u"id"_s, i.id},
                  {u"kind"_s, i.kind},
                  {u"state"_s, i.state},
                  {u"field"_s, i.field},
                  {u"records"_s, QJsonArray::fromStringList(i.records)},
                  {u"summary"_s, i.summary},
                  {u"detail"_s, i.detail},
                  {u"decidedBy"_s, i.decidedBy},
                  {u"decidedAt"_s, i.decidedAt},
                  {u"note"_s, i.note},
                  {u"createdAt"_s, i.createdAt},
                  {u"updatedAt"_s, i.updatedAt}};
    if (i.editedValue)
        o.insert(u"editedValue"_s, *i.editedValue);
    return o;
}

// Text inside an SQL comment must stay on its line, whatever a row id or reason holds.
QString commentSafe(QString text)
{
    for (QChar& c : text) {
        if (c.category() == QChar::Other_Control || c == QChar::LineSeparator ||
            c == QChar::ParagraphSeparator)
            c = u' ';
    }
    return text;
}

QJsonArray mergesJson(const QList<PlannedMerge>& merges)
{
    QJsonArray array;
    for (const PlannedMerge& m : merges) {
        QJsonArray ops;
        for (const WriteOp& op : m.ops)
            ops.append(QJsonObject{{u"system"_s, op.entry.system},
                                   {u"rowId"_s, op.entry.rowId},
                                   {u"column"_s, op.entry.column},
                                   {u"operation"_s, op.entry.operation},
                                   {u"before"_s, op.entry.before},
                                   {u"after"_s, op.entry.after},
                                   {u"reason"_s, op.entry.reason}});
        array.append(QJsonObject{{u"reviewItem"_s, m.reviewItem},
                                 {u"system"_s, m.system},
                                 {u"survivor"_s, m.survivor},
                                 {u"losers"_s, QJsonArray::fromStringList(m.losers)},
                                 {u"survivorRule"_s, m.survivorRule},
                                 {u"writes"_s, ops}});
    }
    return array;
}

// The merge options of `review approve`, checked against the item, as the JSON kept with it.
Result<QString> mergeChoice(Command& cmd, const Workspace& ws, const QString& id, bool approving)
{
    if (!approving)
        return QString();
    const QString survivor = cmd.parser().value(u"survivor"_s);
    const QString rule = cmd.parser().value(u"survivor-rule"_s);
    const QStringList takes = cmd.parser().values(u"take"_s);
    if (survivor.isEmpty() && rule.isEmpty() && takes.isEmpty())
        return QString();
    auto item = ws.reviewItem(id);
    if (!item)
        return item.error();
    if (item->kind != "duplicate"_L1)
        return makeError(
            u"--survivor, --survivor-rule and --take are for duplicate (merge) items; %1 is %2"_s.arg(
                id, item->kind));
    MergeChoice choice;
    choice.survivor = survivor;
    choice.survivorRule = rule.isEmpty() ? u"most_complete"_s : rule;
    if (!survivor.isEmpty() && !item->records.contains(survivor))
        return makeError(u"--survivor %1 is not one of the item's records (%2)"_s.arg(
            survivor, item->records.join(u", "_s)));
    for (const QString& take : takes) {
        const qsizetype eq = take.indexOf(u'=');
        const QString record = eq < 0 ? QString() : take.mid(eq + 1);
        if (eq <= 0 || !item->records.contains(record))
            return makeError(u"--take '%1' must be FIELD=RECORD with RECORD one of %2"_s.arg(
                take, item->records.join(u", "_s)));
        // A field the system does not map would be silently ignored by the merge.
        const QString field = take.left(eq);
        auto mappings = ws.mappings(record.section(u':', 0, 0));
        if (!mappings)
            return mappings.error();
        const bool mapped = std::any_of(mappings->cbegin(), mappings->cend(),
                                        [&](const FieldMapping& m) { return m.field == field; });
        if (!mapped)
            return makeError(u"--take '%1': system '%2' has no column mapped to a field '%3'"_s.arg(
                take, record.section(u':', 0, 0), field));
        choice.fields.insert(field, record);
    }
    if (auto checked = MergeChoice::fromJson(choice.toJson()); !checked)
        return checked.error();
    return choice.toJson();
}

QStringList splitKey(const QString& rowId, qsizetype parts)
{
    return parts <= 1 ? QStringList{rowId} : rowId.split(QChar(0x1F));
}
} // namespace

int runPlan(const QStringList& args)
{
    Command cmd(
        u"plan"_s,
        u"Match, resolve every disagreement by the ownership matrix and list the proposed writes: system, "
        "table, row, field, before, after (in the system's own format), the version seen, rule, reason and "
        "review item. Updates the review queue. Writes nothing to the systems; --sql shows the exact "
        "statements apply would run, with their bound values."_s,
        args);
    cmd.addJsonOption();
    cmd.parser().addOption({u"sql"_s, u"Print the statements per system (a dry run)."_s});
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    auto run = runMatching(*ws);
    if (!run)
        return cmd.fail(ExitFailed, run.errorString());
    auto plan = buildPlan(*ws, **run);
    if (!plan)
        return cmd.fail(ExitFailed, plan.errorString());

    QMap<QString, QMap<QString, int>> bySystem; // system -> status -> count
    for (const PlannedWrite& w : std::as_const(plan->writes))
        ++bySystem[w.system][w.status];
    if (cmd.json()) {
        QJsonArray writes;
        for (const PlannedWrite& w : std::as_const(plan->writes))
            writes.append(writeJson(w));
        QJsonArray items;
        for (const ReviewItem& i : std::as_const(plan->reviewItems))
            items.append(QJsonObject{{u"id"_s, i.id}, {u"kind"_s, i.kind}, {u"summary"_s, i.summary}});
        return cmd.printJson(QJsonObject{{u"writes"_s, writes},
                                         {u"reviewItems"_s, items},
                                         {u"queue"_s, QJsonObject{{u"added"_s, plan->sync.added},
                                                                  {u"reopened"_s, plan->sync.reopened},
                                                                  {u"unchanged"_s, plan->sync.unchanged},
                                                                  {u"dropped"_s, plan->sync.dropped}}},
                                         {u"ghosts"_s, static_cast<qint64>(plan->ghosts.size())},
                                         {u"agreed"_s, plan->agreed},
                                         {u"formatOnly"_s, plan->formatOnly},
                                         {u"notes"_s, QJsonArray::fromStringList(plan->notes)},
                                         {u"merges"_s, mergesJson(plan->merges)}});
    }
    QTextStream& out = cmd.out();
    out << "proposed writes: " << plan->writes.size() << " (values that already agree: " << plan->agreed
        << ", differences of form only, not written: " << plan->formatOnly << ")\n";
    for (auto it = bySystem.cbegin(); it != bySystem.cend(); ++it) {
        QStringList parts;
        for (auto s = it.value().cbegin(); s != it.value().cend(); ++s)
            parts << u"%1 %2"_s.arg(s.value()).arg(s.key());
        out << "  " << it.key().leftJustified(12) << ' ' << parts.join(u", "_s) << '\n';
    }
    out << "review queue: " << plan->reviewItems.size() << " items from this run (" << plan->sync.added
        << " new, " << plan->sync.reopened << " reopened because their values changed)\n";
    out << "ghosts (missing from the system of record): " << plan->ghosts.size() << '\n';
    for (const PlannedMerge& m : std::as_const(plan->merges)) {
        out << (m.survivor.isEmpty() ? "approved deletion " : "approved merge ") << m.reviewItem << " in "
            << m.system << ": ";
        if (!m.survivor.isEmpty())
            out << m.losers.join(u", "_s) << " into " << m.survivor << " (survivor by " << m.survivorRule
                << "), ";
        out << m.ops.size() << " writes\n";
        for (const WriteOp& op : m.ops)
            out << "    " << op.entry.system << ':' << op.entry.rowId << ' '
                << (op.entry.operation == "update"_L1 ? QString(op.entry.column + u": '"_s + op.entry.before +
                                                                u"' -> '"_s + op.entry.after + u"'"_s)
                                                      : QString(op.entry.operation + u" row"_s))
                << "  (" << op.entry.reason << ")\n";
    }
    for (qsizetype i = 0; i < plan->notes.size() && i < 10; ++i)
        out << "note: " << plan->notes[i] << '\n';
    if (plan->notes.size() > 10)
        out << "... and " << plan->notes.size() - 10 << " more notes (--json lists them all)\n";

    if (cmd.parser().isSet(u"sql"_s)) {
        QString current;
        for (const PlannedWrite& w : std::as_const(plan->writes)) {
            if (!w.isApplicable())
                continue; // awaiting approval, rejected, or a file export that cannot be written
            if (w.system != current) {
                if (!current.isEmpty())
                    out << "COMMIT;\n";
                current = w.system;
                out << "\n-- " << commentSafe(w.system) << " (" << w.driver << ")\nBEGIN;\n";
            }
            const WriteStatements statements(w.driver);
            const QStringList keyValues = splitKey(w.rowId, w.keyColumns.size());
            out << "-- " << w.field << " of row " << w.rowId << ": " << w.rule << " (" << w.reason << ")"
                << (w.reviewItem.isEmpty() ? QString()
                                           : u", review item "_s + w.reviewItem + u" "_s + w.status)
                << '\n';
            out << "-- the row must still have version " << w.version << '\n';
            QStringList allColumns;
            const auto* s = (*run)->load.snapshot->system(w.system);
            for (const ColumnInfo& c : s->columns())
                allColumns << c.name;
            out << statements.reread(w.table, allColumns, w.keyColumns, keyValues).display() << '\n';
            out << statements.update(w.table, w.column, w.after, w.keyColumns, keyValues).display() << '\n';
        }
        if (!current.isEmpty())
            out << "COMMIT;\n";
        // Approved merges and deletions, each all or nothing.
        for (const PlannedMerge& m : std::as_const(plan->merges)) {
            const auto* s = (*run)->load.snapshot->system(m.system);
            if (!s || m.ops.isEmpty())
                continue;
            QString driver;
            for (const PlannedWrite& w : std::as_const(plan->writes)) {
                if (w.system == m.system)
                    driver = w.driver;
            }
            if (driver.isEmpty()) {
                auto sc = ws->system(m.system);
                driver = sc ? sc->driver : QString();
            }
            const WriteStatements statements(driver);
            QStringList allColumns;
            for (const ColumnInfo& c : s->columns())
                allColumns << c.name;
            out << "\n-- " << commentSafe(m.system) << ": review item " << m.reviewItem << " ("
                << (m.survivor.isEmpty() ? u"deletion"_s : u"merge into "_s + commentSafe(m.survivor))
                << ")\nBEGIN;\n";
            for (const WriteOp& op : m.ops) {
                const QStringList keyValues = splitKey(op.entry.rowId, op.entry.keyColumns.size());
                out << "-- " << commentSafe(op.entry.reason) << "; the row must still have version "
                    << op.entry.version << '\n';
                out << statements.reread(op.entry.table, allColumns, op.entry.keyColumns, keyValues).display()
                    << '\n';
                if (op.entry.operation == "delete"_L1)
                    out << statements.remove(op.entry.table, op.entry.keyColumns, keyValues).display()
                        << '\n';
                else
                    out << statements
                               .update(op.entry.table, op.entry.column, op.entry.after, op.entry.keyColumns,
                                       keyValues)
                               .display()
                        << '\n';
            }
            out << "COMMIT;\n";
        }
    } else {
        const int shown = std::min<int>(20, static_cast<int>(plan->writes.size()));
        if (shown > 0)
            out << "\nfirst writes:\n";
        for (int i = 0; i < shown; ++i) {
            const PlannedWrite& w = plan->writes[i];
            out << "  " << w.system << ':' << w.rowId << ' ' << w.column << ": '" << w.before << "' -> '"
                << w.after << "'  [" << w.rule << ", " << w.status << "] " << w.reason << '\n';
        }
    }
    out.flush();
    return ExitOk;
}

int runReview(const QStringList& argsIn)
{
    QStringList args = argsIn;
    const QString action = takeAction(args);
    if (action == "list"_L1) {
        Command cmd(u"review list"_s, u"The review queue."_s, args);
        cmd.addJsonOption();
        cmd.parser().addOption(
            {u"state"_s, u"Only items in this state (open, approved, rejected, edited)."_s, u"STATE"_s});
        cmd.parser().addOption({u"kind"_s, u"Only items of this kind."_s, u"KIND"_s});
        if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        auto items = ws->reviewItems(cmd.parser().value(u"state"_s));
        if (!items)
            return cmd.fail(ExitFailed, items.errorString());
        const QString kind = cmd.parser().value(u"kind"_s);
        QJsonArray list;
        for (const ReviewItem& i : std::as_const(*items)) {
            if (!kind.isEmpty() && i.kind != kind)
                continue;
            if (cmd.json())
                list.append(itemJson(i));
            else
                cmd.out() << i.id << "  " << i.state.leftJustified(9) << i.kind.leftJustified(16) << i.summary
                          << '\n';
        }
        if (cmd.json())
            return cmd.printJson(QJsonObject{{u"items"_s, list}});
        cmd.out().flush();
        return ExitOk;
    }
    if (action == "show"_L1) {
        Command cmd(u"review show"_s, u"One review item, whole."_s, args);
        cmd.addJsonOption();
        if (!cmd.parse(u"WORKSPACE ID"_s, 2, 2))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        auto item = ws->reviewItem(cmd.positional()[1]);
        if (!item)
            return cmd.fail(ExitFailed, item.errorString());
        if (cmd.json())
            return cmd.printJson(itemJson(*item));
        QTextStream& out = cmd.out();
        out << "id:       " << item->id << "\nkind:     " << item->kind << "\nstate:    " << item->state
            << "\nfield:    " << item->field << "\nrecords:  " << item->records.join(u", "_s)
            << "\nsummary:  " << item->summary << "\ndetail:   " << item->detail << '\n';
        if (item->editedValue)
            out << "value:    " << *item->editedValue << '\n';
        if (!item->decidedBy.isEmpty())
            out << "decided:  " << item->state << " by " << item->decidedBy << " at " << item->decidedAt
                << '\n';
        if (!item->note.isEmpty())
            out << "note:     " << item->note << '\n';
        out.flush();
        return ExitOk;
    }
    if (action == "approve"_L1 || action == "reject"_L1 || action == "edit"_L1) {
        const bool edit = action == "edit"_L1;
        Command cmd(
            u"review "_s + action,
            edit ? u"Decide an item with your own value."_s
                 : u"Approve or reject a review item; the decision survives later runs unless the values "
                   "behind it change."_s,
            args);
        cmd.parser().addOption({u"note"_s, u"Why."_s, u"TEXT"_s});
        cmd.parser().addOption({u"by"_s, u"Who decides (default: $USER)."_s, u"NAME"_s});
        if (action == "approve"_L1) {
            cmd.parser().addOption(
                {u"survivor"_s, u"Merges: the record that survives (e.g. crm:1001)."_s, u"RECORD"_s});
            cmd.parser().addOption({u"survivor-rule"_s,
                                    u"Merges: most_complete (default), oldest or most_recent."_s, u"RULE"_s});
            cmd.parser().addOption(
                {u"take"_s, u"Merges: FIELD=RECORD, the survivor takes that record's value (repeatable)."_s,
                 u"FIELD=RECORD"_s});
        }
        if (!cmd.parse(edit ? u"WORKSPACE ID VALUE"_s : u"WORKSPACE ID"_s, edit ? 3 : 2, edit ? 3 : 2))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        QString by = cmd.parser().value(u"by"_s);
        if (by.isEmpty())
            by = qEnvironmentVariable("USER", u"steward"_s);
        const QString state = edit ? u"edited"_s : action == "approve"_L1 ? u"approved"_s : u"rejected"_s;
        const std::optional<QString> value =
            edit ? std::optional<QString>(cmd.positional()[2]) : std::nullopt;
        auto choice = mergeChoice(cmd, *ws, cmd.positional()[1], action == "approve"_L1);
        if (!choice)
            return cmd.fail(ExitUsage, choice.errorString());
        if (auto r = ws->decideReviewItem(cmd.positional()[1], state, by, cmd.parser().value(u"note"_s),
                                          value, *choice);
            !r)
            return cmd.fail(ExitFailed, r.errorString());
        cmd.out() << cmd.positional()[1] << ": " << state << " by " << by << Qt::endl;
        return ExitOk;
    }
    Command cmd(u"review"_s, u"The review queue: review list|show|approve|reject|edit WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(ExitUsage,
                    u"expected list, show, approve, reject or edit; run 'concord-cli review list --help'"_s);
}

} // namespace concord::cli
