#pragma once

#include "SystemSchemas.h"
#include "SystemSink.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <memory>

namespace concord::gen {

// Creates a system's table in an open connection and fills it with multi-row INSERTs
// (bound values, one prepared statement per batch size) inside one transaction.
// Works on SQLite, PostgreSQL and MariaDB: identifiers are quoted by the driver and
// the column types of the schema are portable where the table must be.
class SqlTableWriter : public SystemSink
{
public:
    SqlTableWriter(QSqlDatabase db, const SystemSchema& schema, int batchRows = 64);
    ~SqlTableWriter() override;

    // Drops a table of the same name, creates the table and opens the transaction.
    Result<void> begin();
    Result<void> write(const RowValues& row) override;
    Result<void> finish() override;
    // Rolls back an open transaction (after an error elsewhere).
    void abort();

private:
    QString insertStatement(int rows) const;
    Result<void> flushBatch();
    Error sqlError(const QString& what, const QSqlError& error) const;

    QSqlDatabase m_db;
    const SystemSchema& m_schema;
    int m_batchRows;
    int m_columns;
    QString m_table; // quoted
    std::unique_ptr<QSqlQuery> m_batchInsert;
    RowValues m_pending;
    int m_pendingRows = 0;
    qint64 m_written = 0;
    bool m_inTransaction = false;
};

} // namespace concord::gen
