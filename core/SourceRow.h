#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace concord {

// One column of a system's entity (table, CSV file, JSON file) as introspected.
struct ColumnInfo
{
    QString name;
    QString type;            // the system's own type name ("TEXT", "varchar", "string" ...)
    bool primaryKey = false; // part of the primary key as declared by the system
};

// One row as read from a system. Values are kept exactly as read; a null QString
// (QString::isNull) is SQL NULL or a JSON key that is absent/null, an empty one is "".
struct SourceRow
{
    qint64 ordinal = 0; // 1-based position in the stream
    qint64 line = 0;    // 1-based line in the file where the row starts (files only, else 0)
    QString sourceId;   // primary key or configured key column; composite keys joined by U+001F
    QString version;    // "v:<version column>" or "h:<16 hex digits of the row hash>"
    QStringList values; // one per column, in the order announced to RowReceiver::begin
};

// Receives a stream of rows. Connectors call begin() once, then row() per row, then
// end(). Returning false from row() stops the stream (cancel or a receiver error).
class RowReceiver
{
public:
    virtual ~RowReceiver() = default;
    virtual void begin(const QList<ColumnInfo>& columns, const QString& origin) = 0;
    virtual bool row(const SourceRow& row) = 0;
    virtual void end() {}
};

} // namespace concord
