#include "AuditTrail.h"

#include "CsvWriter.h"

#include <QBuffer>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace concord {

bool holdsSensitiveValue(const JournalEntry& entry, const QSet<QString>& sensitiveFields)
{
    return sensitiveFields.contains(entry.field) ||
           (entry.operation != "update"_L1 && !sensitiveFields.isEmpty());
}

QList<AuditRow> auditRows(const QList<JournalEntry>& written, const QList<FieldGovernance>& governance,
                          bool includeSensitive)
{
    QSet<QString> sensitive;
    for (const FieldGovernance& g : governance) {
        if (g.sensitive)
            sensitive.insert(g.field);
    }
    QList<AuditRow> rows;
    rows.reserve(written.size());
    for (const JournalEntry& e : written) {
        AuditRow row{e, holdsSensitiveValue(e, sensitive), false};
        if (row.sensitive && !includeSensitive) {
            row.redacted = true;
            row.entry.before = u"[redacted]"_s;
            row.entry.after = u"[redacted]"_s;
        }
        rows.append(row);
    }
    return rows;
}

Result<QList<AuditRow>> auditTrail(const Workspace& workspace, const QString& batch, bool includeSensitive)
{
    if (!batch.isEmpty()) {
        if (auto known = workspace.batch(batch); !known)
            return known.error();
    }
    auto entries = workspace.journal(batch, u"written"_s);
    if (!entries)
        return entries.error();
    auto governance = workspace.governance();
    if (!governance)
        return governance.error();
    return auditRows(*entries, *governance, includeSensitive);
}

QJsonObject journalEntryJson(const JournalEntry& e)
{
    auto nullable = [](const QString& value) {
        return value.isNull() ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
    };
    return QJsonObject{{u"batch"_s, e.batch},
                       {u"seq"_s, e.seq},
                       {u"at"_s, e.at},
                       {u"steward"_s, e.steward},
                       {u"system"_s, e.system},
                       {u"table"_s, e.table},
                       {u"rowId"_s, e.rowId},
                       {u"field"_s, e.field},
                       {u"column"_s, e.column},
                       {u"operation"_s, e.operation},
                       {u"before"_s, nullable(e.before)},
                       {u"after"_s, nullable(e.after)},
                       {u"rule"_s, e.rule},
                       {u"reason"_s, e.reason},
                       {u"reviewItem"_s, e.reviewItem},
                       {u"state"_s, e.state},
                       {u"error"_s, e.error},
                       {u"attempts"_s, e.attempts}};
}

QStringList auditCsvHeader()
{
    return {u"batch"_s,  u"at"_s,    u"steward"_s, u"system"_s,     u"table"_s,
            u"row_id"_s, u"field"_s, u"column"_s,  u"operation"_s,  u"before"_s,
            u"after"_s,  u"rule"_s,  u"reason"_s,  u"review_item"_s};
}

QStringList auditCsvFields(const JournalEntry& e)
{
    return {e.batch,  e.at,        e.steward, e.system, e.table, e.rowId,  e.field,
            e.column, e.operation, e.before,  e.after,  e.rule,  e.reason, e.reviewItem};
}

QJsonObject auditJsonObject(const JournalEntry& e)
{
    // Written entries only: their state, error and attempts say nothing more.
    QJsonObject o = journalEntryJson(e);
    o.remove(u"state"_s);
    o.remove(u"error"_s);
    o.remove(u"attempts"_s);
    return o;
}

QByteArray exportAudit(const QList<AuditRow>& rows, bool json)
{
    if (json) {
        QJsonArray array;
        for (const AuditRow& row : rows)
            array.append(auditJsonObject(row.entry));
        return QJsonDocument(QJsonObject{{u"audit"_s, array}}).toJson(QJsonDocument::Indented);
    }
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter csv(&buffer);
        csv.writeRow(auditCsvHeader());
        for (const AuditRow& row : rows)
            csv.writeRow(auditCsvFields(row.entry));
        csv.flush();
    }
    return bytes;
}

} // namespace concord
