#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>
#include <QString>
#include <QStringList>
#include <vector>

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

// A batch of rows as UTF-8 bytes, for the readers that get UTF-8 from their source
// (SQLite): no QString per value. Value v of row r is at index r * columnCount + v.
struct Utf8RowBatch
{
    struct Span
    {
        qsizetype offset = 0;
        qint32 length = -1; // -1 = NULL
    };

    int columnCount = 0;
    QByteArray bytes;         // every value, source id and version, back to back
    std::vector<Span> values; // rowCount * columnCount
    std::vector<Span> sourceIds;
    std::vector<Span> versions;
    std::vector<qint64> ordinals;
    std::vector<qint64> lines;

    qsizetype rowCount() const { return static_cast<qsizetype>(sourceIds.size()); }
    QByteArrayView view(const Span& s) const
    {
        return QByteArrayView(bytes.constData() + s.offset, s.length);
    }
    Span append(QByteArrayView utf8, bool isNull);
    void clear();
    // The row as a SourceRow (for receivers without a UTF-8 path).
    SourceRow row(qsizetype r) const;
};

// Receives a stream of rows. Connectors call begin() once, then row() per row, then
// end(). Returning false from row() stops the stream (cancel or a receiver error).
class RowReceiver
{
public:
    virtual ~RowReceiver() = default;
    virtual void begin(const QList<ColumnInfo>& columns, const QString& origin) = 0;
    virtual bool row(const SourceRow& row) = 0;
    // Readers with UTF-8 at hand deliver batches; by default each row goes to row().
    // Returns how many rows were accepted: fewer than batch.rowCount() stops the stream
    // (like row() returning false) at the first row not accepted.
    virtual qsizetype rows(const Utf8RowBatch& batch);
    virtual void end() {}
};

} // namespace concord
