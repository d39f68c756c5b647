// What the merge CLI tests read and check beside the CLI's own output: a generated demo and how to
// run the CLI on it, the review queue and plan as JSON, the steward's merge choice found in the
// data, and comparisons of table dumps with what a batch reports (ApplyCliSupport.h reads the
// tables). Header-only; include from tst_mergecli.cpp, tst_deletioncli.cpp and the
// tst_applyguards*.cpp tests only.
#pragma once

#include "ApplyCliSupport.h"
#include "CliRunner.h"
#include "TestServers.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QSet>
#include <algorithm>
#include <optional>

namespace concord::test {

using namespace Qt::StringLiterals;

// A demo of 300 customers (generateDemo) after its first plan, which fills the review queue
// (duplicates, deletions). Seed 1 has duplicates inside crm and quoting, seed 2 inside accounting.
inline bool generatePlannedDemo(const QString& parent, const QString& name, int seed, const QString& driver,
                                Demo* demo)
{
    if (!generateDemo(parent, name, 300, seed, driver, demo))
        return false;
    const Run plan = demo->run({u"plan"_s, demo->workspace});
    if (plan.exitCode != 0) {
        qWarning("%s", qPrintable(plan.describe(3000)));
        return false;
    }
    return true;
}

// Parses a --json answer; false (with a warning quoting the run) unless it exited with code.
inline bool jsonOf(const Run& r, int code, QJsonObject* json)
{
    QString error;
    *json = parseObject(r.out, &error, 3000);
    if (r.exitCode == code && error.isEmpty())
        return true;
    qWarning("%s\n%s", qPrintable(r.describe(3000)), qPrintable(error));
    return false;
}

inline QString text(const QJsonValue& v)
{
    return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
}

// "crm:1001" -> "crm" / "1001".
inline QString systemOf(const QString& record)
{
    return record.section(u':', 0, 0);
}
inline QString idOf(const QString& record)
{
    return record.section(u':', 1);
}

inline QString cellKey(const QString& system, const QString& rowId, const QString& column)
{
    return system + u'\x1f' + rowId + u'\x1f' + column;
}

// The review queue's items of one kind (all when kind is empty); empty with a warning on failure.
inline QList<QJsonObject> reviewItems(const Demo& demo, const QString& kind)
{
    QStringList args{u"review"_s, u"list"_s, demo.workspace, u"--json"_s};
    if (!kind.isEmpty())
        args << u"--kind"_s << kind;
    QJsonObject json;
    if (!jsonOf(demo.run(args), 0, &json))
        return {};
    QList<QJsonObject> items;
    for (const QJsonValue& v : json.value(u"items"_s).toArray())
        items.append(v.toObject());
    return items;
}

inline QStringList recordsOf(const QJsonObject& item)
{
    return item.value(u"records"_s).toVariant().toStringList();
}

// One review item by id, from `review show --json`.
inline QJsonObject reviewItem(const Demo& demo, const QString& id)
{
    QJsonObject json;
    jsonOf(demo.run({u"review"_s, u"show"_s, demo.workspace, id, u"--json"_s}), 0, &json);
    return json;
}

// The mapped columns of a system: canonical field -> column (from `config export`).
inline QHash<QString, QString> fieldColumns(const Demo& demo, const QString& system)
{
    QJsonObject config;
    if (!jsonOf(demo.run({u"config"_s, u"export"_s, demo.workspace, u"-"_s}), 0, &config))
        return {};
    QHash<QString, QString> columns;
    const QJsonObject mapped = config.value(u"mappings"_s).toObject().value(system).toObject();
    for (auto it = mapped.begin(); it != mapped.end(); ++it)
        columns.insert(it->toString(), it.key());
    return columns;
}

// The records `snapshot` reads from a system (rows with the soft-delete flag set are not read).
inline qint64 snapshotRecords(const Demo& demo, const QString& system)
{
    QJsonObject json;
    if (!jsonOf(demo.run({u"snapshot"_s, demo.workspace, u"--json"_s}), 0, &json))
        return -1;
    for (const QJsonValue& v : json.value(u"systems"_s).toArray()) {
        if (v.toObject().value(u"system"_s).toString() == system)
            return v.toObject().value(u"records"_s).toInteger(-1);
    }
    return -1;
}

// `plan --json`; an empty object (with a warning) on failure.
inline QJsonObject planJson(const Demo& demo)
{
    QJsonObject json;
    jsonOf(demo.run({u"plan"_s, demo.workspace, u"--json"_s}), 0, &json);
    return json;
}

// Every planned write's cell, whatever its status.
inline QSet<QString> plannedCells(const QJsonObject& plan)
{
    QSet<QString> cells;
    for (const QJsonValue& v : plan.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        cells.insert(cellKey(w.value(u"system"_s).toString(), w.value(u"rowId"_s).toString(),
                             w.value(u"column"_s).toString()));
    }
    return cells;
}

// True when anything in a plan (a write or a review item) names the record "system:id".
inline bool planMentions(const QJsonObject& plan, const QString& record)
{
    for (const QJsonValue& v : plan.value(u"writes"_s).toArray()) {
        const QJsonObject w = v.toObject();
        if (w.value(u"system"_s).toString() + u':' + w.value(u"rowId"_s).toString() == record)
            return true;
    }
    static const QRegularExpression tail(u"^[A-Za-z0-9_-]"_s);
    for (const QJsonValue& v : plan.value(u"reviewItems"_s).toArray()) {
        const QString summary = v.toObject().value(u"summary"_s).toString();
        for (qsizetype at = summary.indexOf(record); at >= 0; at = summary.indexOf(record, at + 1)) {
            // "crm:105" must not count as a mention of "crm:1059"
            if (!tail.match(summary.mid(at + record.size(), 1)).hasMatch())
                return true;
        }
    }
    return false;
}

// The entries of an apply or rollback report that belong to a review item.
inline QList<QJsonObject> entriesOf(const QJsonObject& report, const QString& item)
{
    QList<QJsonObject> list;
    for (const QJsonValue& v : report.value(u"entries"_s).toArray()) {
        if (v.toObject().value(u"reviewItem"_s).toString() == item)
            list.append(v.toObject());
    }
    return list;
}

// The version stamp entry of a row in a report; empty when there is none.
inline QJsonObject versionEntry(const QJsonObject& report, const QString& system, const QString& rowId)
{
    for (const QJsonValue& v : report.value(u"entries"_s).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"rule"_s).toString() == "version"_L1 && e.value(u"system"_s).toString() == system &&
            e.value(u"rowId"_s).toString() == rowId)
            return e;
    }
    return {};
}

// The shape of a value: every digit a 9 ("2024-10-12T18:15:08Z" -> "9999-99-99T99:99:99Z").
inline QString shapeOf(QString value)
{
    for (QChar& c : value) {
        if (c.isDigit())
            c = u'9';
    }
    return value;
}

// Empty when the report stamps the row's version column: from its value before, to a new value
// of the same shape.
inline QString checkStamp(const QJsonObject& report, const SystemTable& system, const QString& rowId,
                          const QString& before)
{
    const QJsonObject v = versionEntry(report, system.name, rowId);
    if (v.isEmpty())
        return u"no version stamp for %1:%2"_s.arg(system.name, rowId);
    const QString after = v.value(u"after"_s).toString();
    if (v.value(u"column"_s).toString() != system.versionColumn ||
        v.value(u"before"_s).toString() != before || after == before || shapeOf(after) != shapeOf(before) ||
        v.value(u"state"_s).toString() != "written"_L1)
        return u"version stamp of %1:%2 from '%3': %4"_s.arg(system.name, rowId, before, text(v));
    return QString();
}

// Empty when the tables changed exactly as the report's written entries say: every updated cell
// holds its after, every deleted row is gone, every inserted row is there, nothing else changed.
inline QString unexplainedChanges(const Dumps& before, const Dumps& after, const QJsonObject& report)
{
    QSet<QString> updated;
    QSet<QString> deleted;
    QSet<QString> inserted;
    QString problems;
    for (const QJsonValue& v : report.value(u"entries"_s).toArray()) {
        const QJsonObject e = v.toObject();
        if (e.value(u"state"_s).toString() != "written"_L1) {
            problems += u"not written: %1\n"_s.arg(text(e));
            continue;
        }
        const QString system = e.value(u"system"_s).toString();
        const QString row = e.value(u"rowId"_s).toString();
        const QString operation = e.value(u"operation"_s).toString();
        if (operation == "delete"_L1) {
            deleted.insert(system + u'\x1f' + row);
        } else if (operation == "insert"_L1) {
            inserted.insert(system + u'\x1f' + row);
        } else {
            const QString column = e.value(u"column"_s).toString();
            updated.insert(cellKey(system, row, column));
            bool found = false;
            const QString now = after.value(system).cell(row, column, &found);
            if (!found || now != e.value(u"after"_s).toString())
                problems += u"%1 but the cell holds %2\n"_s.arg(text(e), shownValue(now));
        }
    }
    for (auto it = before.cbegin(); it != before.cend(); ++it) {
        const TableDump& now = after.value(it.key());
        for (auto row = it->rows.cbegin(); row != it->rows.cend(); ++row) {
            const QString rowKey = it.key() + u'\x1f' + row.key();
            const bool gone = !now.rows.contains(row.key());
            if (gone != deleted.contains(rowKey)) {
                problems += u"%1:%2 %3\n"_s.arg(it.key(), row.key(),
                                                gone ? u"is gone without a delete"_s
                                                     : u"has a delete entry but is still there"_s);
                continue;
            }
            if (gone)
                continue;
            for (auto col = row->cbegin(); col != row->cend(); ++col) {
                bool found = false;
                const QString value = now.cell(row.key(), col.key(), &found);
                const bool changed = !found || !sameExact(value, col.value());
                if (changed != updated.contains(cellKey(it.key(), row.key(), col.key())))
                    problems += u"%1:%2 %3: %4 -> %5 (%6)\n"_s.arg(
                        it.key(), row.key(), col.key(), shownValue(col.value()), shownValue(value),
                        changed ? u"changed without an entry"_s : u"an entry but unchanged"_s);
            }
        }
        for (auto row = now.rows.cbegin(); row != now.rows.cend(); ++row) {
            if (!it->rows.contains(row.key()) && !inserted.contains(it.key() + u'\x1f' + row.key()))
                problems += u"%1:%2 appeared without an insert\n"_s.arg(it.key(), row.key());
        }
    }
    return problems;
}

// A row image (the journal's JSON of a whole row) against a dumped row: the same columns and
// values, NULL kept apart from ''. Empty when equal.
inline QString compareImage(const QString& image, const QHash<QString, QString>& row)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(image.toUtf8(), &error);
    if (!doc.isObject())
        return u"the image is not a JSON object (%1): %2"_s.arg(error.errorString(), image);
    const QJsonObject o = doc.object();
    QString problems;
    const QStringList keys = o.keys();
    if (QSet<QString>(keys.cbegin(), keys.cend()) != QSet<QString>(row.keyBegin(), row.keyEnd()))
        problems += u"columns %1 vs %2\n"_s.arg(keys.join(u','), QStringList(row.keys()).join(u','));
    for (auto it = row.cbegin(); it != row.cend(); ++it) {
        const QJsonValue v = o.value(it.key());
        const QString value = v.isNull() ? QString() : v.toString(u"<not text>"_s);
        if (!sameExact(value, it.value()))
            problems += u"%1: image %2, row %3\n"_s.arg(it.key(), shownValue(value), shownValue(it.value()));
    }
    return problems;
}

// Runs one statement on a system through the test's own (writable) connection.
inline QString execSql(const Demo& demo, const QString& system, const QString& sql,
                       const QVariantList& binds = {})
{
    const SystemTable* s = demo.system(system);
    if (!s)
        return u"no system '%1'"_s.arg(system);
    return withSystemDb(*s, demo.password, true, [&](QSqlDatabase& db) -> QString {
        QSqlQuery q(db);
        if (binds.isEmpty()) // DDL cannot be prepared on every server (PostgreSQL)
            return q.exec(sql) ? QString() : u"%1: %2"_s.arg(sql, q.lastError().text());
        if (!q.prepare(sql))
            return u"%1: %2"_s.arg(sql, q.lastError().text());
        for (const QVariant& b : binds)
            q.addBindValue(b);
        if (!q.exec())
            return u"%1: %2"_s.arg(sql, q.lastError().text());
        return QString();
    });
}

// SQLite's storage class of every column of one row (a re-inserted row must keep them), by column.
inline QHash<QString, QString> sqliteTypes(const SystemTable& s, const QString& key)
{
    QHash<QString, QString> types;
    const QString error = withSystemDb(s, {}, false, [&](QSqlDatabase& db) -> QString {
        const QSqlRecord record = db.record(s.table);
        QStringList select;
        for (int i = 0; i < record.count(); ++i)
            select << u"typeof(\"%1\")"_s.arg(record.fieldName(i));
        QSqlQuery q(db);
        q.prepare(u"SELECT %1 FROM \"%2\" WHERE \"%3\" = ?"_s.arg(select.join(u", "_s), s.table, s.key));
        q.addBindValue(key);
        if (!q.exec() || !q.next())
            return q.lastError().text() + u" (no row)"_s;
        for (int i = 0; i < record.count(); ++i)
            types.insert(record.fieldName(i), q.value(i).toString());
        return QString();
    });
    if (!error.isEmpty())
        types.insert(u"<error>"_s, error);
    return types;
}

inline QString tableName(const SystemTable& s)
{
    return s.driver == "mariadb"_L1 ? u"`%1`"_s.arg(s.table) : u"\"%1\""_s.arg(s.table);
}

inline QString columnName(const SystemTable& s, const QString& column)
{
    return s.driver == "mariadb"_L1 ? u"`%1`"_s.arg(column) : u"\"%1\""_s.arg(column);
}

// A field both records of a duplicate item hold, with different values, that the plan does not
// already write on the survivor: what a steward's --take can visibly move.
struct TakeChoice
{
    QString item, survivor, loser, field, column, survivorValue, loserValue;
};

inline std::optional<TakeChoice> findTake(const QList<QJsonObject>& items, const QString& system,
                                          const QHash<QString, QString>& columns, const TableDump& dump,
                                          const QSet<QString>& planned)
{
    QStringList fields = columns.keys();
    std::sort(fields.begin(), fields.end());
    for (const QString& preferred : {u"email"_s, u"phone"_s}) {
        if (fields.removeAll(preferred) > 0)
            fields.prepend(preferred);
    }
    for (const QJsonObject& item : items) {
        const QStringList records = recordsOf(item);
        if (records.size() != 2 || systemOf(records[0]) != system || systemOf(records[1]) != system)
            continue;
        for (int survivor = 0; survivor < 2; ++survivor) {
            const QString keep = idOf(records[survivor]);
            const QString lose = idOf(records[1 - survivor]);
            for (const QString& field : std::as_const(fields)) {
                const QString column = columns.value(field);
                bool foundA = false;
                bool foundB = false;
                const QString a = dump.cell(keep, column, &foundA);
                const QString b = dump.cell(lose, column, &foundB);
                if (foundA && foundB && !a.isEmpty() && !b.isEmpty() && a != b &&
                    !planned.contains(cellKey(system, keep, column)))
                    return TakeChoice{item.value(u"id"_s).toString(),
                                      records[survivor],
                                      records[1 - survivor],
                                      field,
                                      column,
                                      a,
                                      b};
            }
        }
    }
    return std::nullopt;
}

inline QStringList batchIds(const Demo& demo)
{
    QJsonObject json;
    if (!jsonOf(demo.run({u"audit"_s, demo.workspace, u"--batches"_s, u"--format"_s, u"json"_s}), 0, &json))
        return {u"<audit --batches failed>"_s};
    QStringList ids;
    for (const QJsonValue& v : json.value(u"batches"_s).toArray())
        ids << v.toObject().value(u"batch"_s).toString();
    return ids;
}

} // namespace concord::test
