#pragma once

#include "Workspace.h"

#include <QJsonObject>
#include <QSet>

namespace concord {

// One row of the audit trail: a written journal entry. When its values are withheld, entry's
// before and after hold "[redacted]" instead (so no caller can print them by mistake).
struct AuditRow
{
    JournalEntry entry;
    bool sensitive = false; // it holds the value of a sensitive field
    bool redacted = false;  // and its values were replaced
};

// Whether an entry holds a sensitive value: its field is sensitive, or it is a whole-row image
// (a deleted or restored row holds every field, sensitive ones included) while some field is.
bool holdsSensitiveValue(const JournalEntry& entry, const QSet<QString>& sensitiveFields);

// Written journal entries as audit rows, the values of sensitive fields (per `governance`)
// redacted unless includeSensitive.
QList<AuditRow> auditRows(const QList<JournalEntry>& written, const QList<FieldGovernance>& governance,
                          bool includeSensitive);

// The audit trail of one batch (every batch when empty), in batch and seq order, redacted
// unless includeSensitive. An unknown batch is an error.
Result<QList<AuditRow>> auditTrail(const Workspace& workspace, const QString& batch, bool includeSensitive);

// A journal entry as JSON (null before/after stay null), as apply, dead-letters and audit print it.
QJsonObject journalEntryJson(const JournalEntry& entry);

// The audit's exported form, the same from `concord-cli audit` and the window's Export: CSV with
// this header and one row per entry (CSV cannot tell NULL from ''), or JSON {"audit": [...]}.
QStringList auditCsvHeader();
QStringList auditCsvFields(const JournalEntry& entry);
QJsonObject auditJsonObject(const JournalEntry& entry);
QByteArray exportAudit(const QList<AuditRow>& rows, bool json);

} // namespace concord
