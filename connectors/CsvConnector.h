#pragma once

#include "FileConnector.h"

namespace concord {

// A CSV file as a system with one entity: the file's base name ("marketing" for
// marketing.csv). Columns come from the header row and are all "text"; a file declares no
// primary key, so reading rows needs a configured key column. Every call opens the file
// afresh and streams it with CsvReader: nothing is cached, memory does not grow with it.
class CsvConnector : public FileConnector
{
public:
    // spec.database is the file path, spec.name the system's name for error messages.
    explicit CsvConnector(const ConnectionSpec& spec);

    Result<QList<ColumnInfo>> columns(const QString& entity) override;
    // Delivers one SourceRow per record with its 1-based ordinal and the line it starts
    // on (the header counts). RowReceiver::end() is called only after the last record;
    // a receiver refusing a row stops the read with an error.
    Result<qint64> readRows(const ReadSpec& spec, RowReceiver& receiver) override;
    Result<qint64> countRows(const QString& entity) override;

private:
};

} // namespace concord
