// plan and review: the proposed writes, and the queue of what a person must decide.
#include "Cli.h"
#include "MergeChoiceCheck.h"
#include "OpenWorkspace.h"
#include "PlanPreview.h"
#include "PlanSql.h"
#include "PlanStore.h"
#include "Planner.h"

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
                  {u"kind"_s, reviewItemKindName(i.kind)},
                  {u"state"_s, reviewStateName(i.state)},
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
    // The item as data (schema 5): the customer, what each record holds, what is proposed.
    o.insert(u"entity"_s, i.entityRef);
    QJsonArray values;
    for (const RecordValue& v : i.currentValues)
        values.append(QJsonObject{{u"record"_s, v.record}, {u"value"_s, v.value}});
    o.insert(u"currentValues"_s, values);
    if (i.proposedValue)
        o.insert(u"proposedValue"_s, *i.proposedValue);
    return o;
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
} // namespace

int runPlan(const QStringList& args)
{
    Command cmd(
        u"plan"_s,
        u"Match, resolve every disagreement by the ownership matrix and list the proposed writes: system, "
        "table, row, field, before, after (in the system's own format), the version seen, rule, reason and "
        "review item. Updates the review queue (a workspace you cannot write gets a preview that leaves it "
        "as it is). Writes nothing to the systems; --sql shows the exact "
        "statements apply would run, with their bound values. The plan is stored with an id: apply writes "
        "exactly this plan (each row only while it still holds the values shown here), once."_s,
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
        return cmd.fail(ExitFailed, run.error());
    // A workspace this user cannot write still shows its plan, as a preview: the same writes,
    // against the review queue as it is stored, which is left as it was.
    auto plan = [&]() -> Result<Plan> {
        if (!ws->isReadOnly())
            return buildPlan(*ws, **run);
        auto resolved = resolveWorkspace(*ws, **run);
        if (!resolved)
            return resolved.error();
        return previewPlan(*ws, **run, *resolved);
    }();
    if (!plan)
        return cmd.fail(ExitFailed, plan.error());
    if (ws->isReadOnly())
        cmd.warn(u"%1: %2, so this plan is a preview: the review queue was not updated"_s.arg(
            ws->path(), ws->readOnlyReason()));
    // Only a plan the workspace keeps can be applied; a preview is shown and not stored.
    std::optional<StoredPlan> stored;
    if (!ws->isReadOnly()) {
        auto kept = storePlan(*ws, *plan, qEnvironmentVariable("USER", u"steward"_s));
        if (!kept)
            return cmd.fail(ExitFailed, kept.error());
        stored = *kept;
    }

    QMap<QString, QMap<QString, int>> bySystem; // system -> status -> count
    for (const PlannedWrite& w : std::as_const(plan->writes))
        ++bySystem[w.system][w.status];
    if (cmd.json()) {
        QJsonArray writes;
        for (const PlannedWrite& w : std::as_const(plan->writes))
            writes.append(writeJson(w));
        QJsonArray items;
        for (const ReviewItem& i : std::as_const(plan->reviewItems))
            items.append(QJsonObject{
                {u"id"_s, i.id}, {u"kind"_s, reviewItemKindName(i.kind)}, {u"summary"_s, i.summary}});
        return cmd.printJson(QJsonObject{{u"plan"_s, stored ? QJsonValue(stored->id) : QJsonValue()},
                                         {u"writes"_s, writes},
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
    if (stored)
        out << "plan " << stored->id << " (apply writes exactly this plan: concord-cli apply "
            << cmd.positional()[0] << " --plan " << stored->id << ")\n";
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
        auto systems = ws->systems();
        if (!systems)
            return cmd.fail(ExitFailed, systems.error());
        out << renderPlanSql(*plan, *(*run)->load.snapshot, *systems);
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
        // A state or kind no item can have (a typo, or a name only a newer Concord knows) lists
        // nothing rather than failing: scripts rely on that output.
        const QString stateName = cmd.parser().value(u"state"_s);
        const QString kindName = cmd.parser().value(u"kind"_s);
        const std::optional<ReviewState> state = reviewStateFromName(stateName);
        const std::optional<ReviewItemKind> kind = reviewItemKindFromName(kindName);
        auto items = stateName.isEmpty() || state ? ws->reviewItems(state)
                                                  : Result<QList<ReviewItem>>(QList<ReviewItem>());
        if (!items)
            return cmd.fail(ExitFailed, items.error());
        QJsonArray list;
        for (const ReviewItem& i : std::as_const(*items)) {
            if (!kindName.isEmpty() && i.kind != kind)
                continue;
            if (cmd.json())
                list.append(itemJson(i));
            else
                cmd.out() << i.id << "  " << reviewStateName(i.state).leftJustified(9)
                          << reviewItemKindName(i.kind).leftJustified(16) << i.summary << '\n';
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
            return cmd.fail(ExitFailed, item.error());
        if (cmd.json())
            return cmd.printJson(itemJson(*item));
        QTextStream& out = cmd.out();
        out << "id:       " << item->id << "\nkind:     " << reviewItemKindName(item->kind)
            << "\nstate:    " << reviewStateName(item->state) << "\nfield:    " << item->field
            << "\nrecords:  " << item->records.join(u", "_s) << "\nsummary:  " << item->summary
            << "\ndetail:   " << item->detail << '\n';
        for (const RecordValue& v : item->currentValues)
            out << "holds:    " << v.record << " '" << v.value << "'\n";
        if (item->proposedValue)
            out << "proposed: '" << *item->proposedValue << "'\n";
        if (item->editedValue)
            out << "value:    " << *item->editedValue << '\n';
        if (!item->decidedBy.isEmpty())
            out << "decided:  " << reviewStateName(item->state) << " by " << item->decidedBy << " at "
                << item->decidedAt << '\n';
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
        const ReviewState state = edit                     ? ReviewState::Edited
                                  : action == "approve"_L1 ? ReviewState::Approved
                                                           : ReviewState::Rejected;
        const std::optional<QString> value =
            edit ? std::optional<QString>(cmd.positional()[2]) : std::nullopt;
        // Only approving a merge takes merge options (reject and edit have none).
        auto choice =
            action == "approve"_L1
                ? checkMergeChoice(*ws, cmd.positional()[1], cmd.parser().value(u"survivor"_s),
                                   cmd.parser().value(u"survivor-rule"_s), cmd.parser().values(u"take"_s))
                : Result<QString>(QString());
        if (!choice)
            return cmd.fail(ExitUsage, choice.error());
        if (auto r = ws->decideReviewItem(cmd.positional()[1], state, by, cmd.parser().value(u"note"_s),
                                          value, *choice);
            !r)
            return cmd.fail(ExitFailed, r.error());
        cmd.out() << cmd.positional()[1] << ": " << reviewStateName(state) << " by " << by << Qt::endl;
        return ExitOk;
    }
    Command cmd(u"review"_s, u"The review queue: review list|show|approve|reject|edit WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(ExitUsage,
                    u"expected list, show, approve, reject or edit; run 'concord-cli review list --help'"_s);
}

} // namespace concord::cli
