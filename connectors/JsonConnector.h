#pragma once

#include "FileConnector.h"

namespace concord {

// A JSON file (an array of objects, or JSON Lines) as a system with one entity: the
// file's base name. Columns are the union of the records' keys in order of first
// appearance, typed by their first non-null value ("string", "number", "boolean",
// "object", "array"; "null" if never set). A key missing from a record reads as null.
//
// Reading takes two streaming passes: the first collects the columns and validates the
// whole file, the second delivers rows, so memory does not grow with the file and no row
// is delivered from a file that turns out to be malformed.
class JsonConnector : public FileConnector
{
public:
    // spec.database is the file path, spec.name the system's name for error messages.
    explicit JsonConnector(const ConnectionSpec& spec);

    Result<QList<ColumnInfo>> columns(const QString& entity) override;
    // One SourceRow per record: ordinal = record number, line = line of its '{'.
    // RowReceiver::end() is called only after the last record; a receiver refusing a row
    // stops the read with an error.
    Result<qint64> readRows(const ReadSpec& spec, RowReceiver& receiver) override;
    Result<qint64> countRows(const QString& entity) override;

private:
    Result<QList<ColumnInfo>> scanColumns() const;
};

} // namespace concord
