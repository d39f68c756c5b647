#include "AuditTrail.h"

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

} // namespace concord
