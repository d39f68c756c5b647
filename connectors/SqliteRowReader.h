#pragma once

#include "Result.h"
#include "RowAssembler.h"
#include "SourceRow.h"

#include <QSqlDatabase>

namespace concord {

// The fast path for SQLite: the connection is Qt's (opened by SqlConnector through Qt
// SQL), but rows are stepped with the SQLite C API on that connection's own handle, so
// each value stays the UTF-8 SQLite stores instead of becoming a QVariant and a QString.
// A worker thread steps the statement while the caller's thread hands full batches to the
// receiver (always on the caller's thread, never concurrently).
class SqliteRowReader
{
public:
    // True when db is a QSQLITE connection whose native handle can be used.
    static bool canRead(const QSqlDatabase& db);

    // Streams `SELECT columns FROM table [WHERE ...]` to receiver.rows() in batches; bindings
    // are bound, as text, to the statement's ? parameters in order.
    static Result<qint64> read(const QSqlDatabase& db, const QString& selectSql,
                               const QList<ColumnInfo>& columns, const RowAssembler& assembler,
                               RowReceiver& receiver, const QString& describe,
                               const QStringList& bindings = {});
};

} // namespace concord
