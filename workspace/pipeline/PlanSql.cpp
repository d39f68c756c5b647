#include "PlanSql.h"

#include "WriteStatements.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
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

QStringList splitKey(const QString& rowId, qsizetype parts)
{
    return parts <= 1 ? QStringList{rowId} : rowId.split(QChar(0x1F));
}

QStringList columnNames(const SystemSnapshot& system)
{
    QStringList names;
    for (const ColumnInfo& c : system.columns())
        names << c.name;
    return names;
}

// The driver of a system with a merge: its field writes say it, else its configuration.
QString driverOf(const Plan& plan, const QList<SystemConfig>& systems, const QString& system)
{
    QString driver;
    for (const PlannedWrite& w : plan.writes) {
        if (w.system == system)
            driver = w.driver;
    }
    if (!driver.isEmpty())
        return driver;
    for (const SystemConfig& s : systems) {
        if (s.name == system)
            return s.driver;
    }
    return QString();
}

QString renderWrites(const Plan& plan, const Snapshot& snapshot, const QSet<int>* selected)
{
    QString out;
    QString current;
    for (int i = 0; i < plan.writes.size(); ++i) {
        const PlannedWrite& w = plan.writes[i];
        if (selected && !selected->contains(i))
            continue;
        if (!w.isApplicable())
            continue; // awaiting approval, rejected, or a file export that cannot be written
        const SystemSnapshot* s = snapshot.system(w.system);
        if (!s)
            continue; // not from this snapshot: there is no row to re-read
        if (w.system != current) {
            if (!current.isEmpty())
                out += u"COMMIT;\n"_s;
            current = w.system;
            out += u"\n-- "_s + commentSafe(w.system) + u" ("_s + w.driver + u")\nBEGIN;\n"_s;
        }
        const WriteStatements statements(w.driver);
        const QStringList keyValues = splitKey(w.rowId, w.keyColumns.size());
        // As `plan --sql` always printed it: field, row and reason are not made comment-safe here.
        out += u"-- "_s + w.field + u" of row "_s + w.rowId + u": "_s + w.rule + u" ("_s + w.reason + u")"_s;
        if (!w.reviewItem.isEmpty())
            out += u", review item "_s + w.reviewItem + u" "_s + w.status;
        out += u"\n-- the row must still have version "_s + w.version + u'\n';
        out += statements.reread(w.table, columnNames(*s), w.keyColumns, keyValues).display() + u'\n';
        out += statements.update(w.table, w.column, w.after, w.keyColumns, keyValues).display() + u'\n';
    }
    if (!current.isEmpty())
        out += u"COMMIT;\n"_s;
    return out;
}

QString renderMerge(const PlannedMerge& m, const SystemSnapshot& s, const QString& driver)
{
    const WriteStatements statements(driver);
    const QStringList allColumns = columnNames(s);
    QString out = u"\n-- "_s + commentSafe(m.system) + u": review item "_s + m.reviewItem + u" ("_s +
                  (m.survivor.isEmpty() ? u"deletion"_s : u"merge into "_s + commentSafe(m.survivor)) +
                  u")\nBEGIN;\n"_s;
    for (const WriteOp& op : m.ops) {
        const JournalEntry& e = op.entry;
        const QStringList keyValues = splitKey(e.rowId, e.keyColumns.size());
        out += u"-- "_s + commentSafe(e.reason) + u"; the row must still have version "_s + e.version + u'\n';
        out += statements.reread(e.table, allColumns, e.keyColumns, keyValues).display() + u'\n';
        if (e.operation == "delete"_L1)
            out += statements.remove(e.table, e.keyColumns, keyValues).display() + u'\n';
        else
            out += statements.update(e.table, e.column, e.after, e.keyColumns, keyValues).display() + u'\n';
    }
    out += u"COMMIT;\n"_s;
    return out;
}

QString render(const Plan& plan, const Snapshot& snapshot, const QList<SystemConfig>& systems,
               const PlanSelection* selection)
{
    QSet<int> writes;
    QSet<int> merges;
    if (selection) {
        writes = QSet<int>(selection->writes.cbegin(), selection->writes.cend());
        merges = QSet<int>(selection->merges.cbegin(), selection->merges.cend());
    }
    QString out = renderWrites(plan, snapshot, selection ? &writes : nullptr);
    // Approved merges and deletions, each all or nothing.
    for (int i = 0; i < plan.merges.size(); ++i) {
        const PlannedMerge& m = plan.merges[i];
        if (selection && !merges.contains(i))
            continue;
        const SystemSnapshot* s = snapshot.system(m.system);
        if (!s || m.ops.isEmpty())
            continue;
        out += renderMerge(m, *s, driverOf(plan, systems, m.system));
    }
    return out;
}
} // namespace

QString renderPlanSql(const Plan& plan, const Snapshot& snapshot, const QList<SystemConfig>& systems)
{
    return render(plan, snapshot, systems, nullptr);
}

QString renderPlanSql(const Plan& plan, const Snapshot& snapshot, const QList<SystemConfig>& systems,
                      const PlanSelection& selection)
{
    return render(plan, snapshot, systems, &selection);
}

} // namespace concord
