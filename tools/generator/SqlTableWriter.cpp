#include "SqlTableWriter.h"

#include <QSqlDriver>
#include <QSqlError>

using namespace Qt::StringLiterals;

namespace concord::gen {

SqlTableWriter::SqlTableWriter(QSqlDatabase db, const SystemSchema& schema, int batchRows)
    : m_db(std::move(db))
    , m_schema(schema)
    , m_batchRows(batchRows)
    , m_columns(int(schema.columns.size()))
{
    m_table = m_db.driver()->escapeIdentifier(schema.entity, QSqlDriver::TableName);
    m_pending.reserve(qsizetype(m_batchRows) * m_columns);
}

SqlTableWriter::~SqlTableWriter()
{
    abort();
}

Error SqlTableWriter::sqlError(const QString& what, const QSqlError& error) const
{
    return makeError(u"%1: %2 (table %3 in %4): %5"_s.arg(m_schema.name, what, m_schema.entity,
                                                          m_db.databaseName(), error.text()));
}

QString SqlTableWriter::insertStatement(int rows) const
{
    QString columns;
    QString placeholders = u"("_s;
    for (int c = 0; c < m_columns; ++c) {
        if (c > 0) {
            columns += u", "_s;
            placeholders += u", "_s;
        }
        columns += m_db.driver()->escapeIdentifier(m_schema.columns[c].name, QSqlDriver::FieldName);
        placeholders += u'?';
    }
    placeholders += u')';
    QString sql = u"INSERT INTO "_s + m_table + u" ("_s + columns + u") VALUES "_s;
    sql.reserve(sql.size() + rows * (placeholders.size() + 2));
    for (int r = 0; r < rows; ++r) {
        if (r > 0)
            sql += u", "_s;
        sql += placeholders;
    }
    return sql;
}

Result<void> SqlTableWriter::begin()
{
    QString columns;
    for (int c = 0; c < m_columns; ++c) {
        const ColumnSpec& column = m_schema.columns[c];
        if (c > 0)
            columns += u", "_s;
        columns +=
            m_db.driver()->escapeIdentifier(column.name, QSqlDriver::FieldName) + u' ' + column.sqlType;
    }
    // DDL outside the transaction: MariaDB commits implicitly around it anyway.
    QSqlQuery ddl(m_db);
    if (!ddl.exec(u"DROP TABLE IF EXISTS "_s + m_table))
        return sqlError(u"cannot drop the existing table"_s, ddl.lastError());
    if (!ddl.exec(u"CREATE TABLE "_s + m_table + u" ("_s + columns + u')'))
        return sqlError(u"cannot create the table"_s, ddl.lastError());
    if (!m_db.transaction())
        return sqlError(u"cannot start a transaction"_s, m_db.lastError());
    m_inTransaction = true;
    m_batchInsert = std::make_unique<QSqlQuery>(m_db);
    if (!m_batchInsert->prepare(insertStatement(m_batchRows)))
        return sqlError(u"cannot prepare the insert"_s, m_batchInsert->lastError());
    return {};
}

Result<void> SqlTableWriter::write(const RowValues& row)
{
    Q_ASSERT(row.size() == m_columns);
    m_pending.append(row);
    if (++m_pendingRows == m_batchRows)
        return flushBatch();
    return {};
}

Result<void> SqlTableWriter::flushBatch()
{
    if (m_pendingRows == 0)
        return {};
    std::unique_ptr<QSqlQuery> tail;
    QSqlQuery* query = m_batchInsert.get();
    if (m_pendingRows != m_batchRows) {
        tail = std::make_unique<QSqlQuery>(m_db);
        if (!tail->prepare(insertStatement(m_pendingRows)))
            return sqlError(u"cannot prepare the insert"_s, tail->lastError());
        query = tail.get();
    }
    for (qsizetype i = 0; i < m_pending.size(); ++i)
        query->bindValue(int(i), m_pending[i]);
    if (!query->exec()) {
        return sqlError(u"cannot insert rows %1 to %2"_s.arg(m_written + 1).arg(m_written + m_pendingRows),
                        query->lastError());
    }
    m_written += m_pendingRows;
    m_pending.resize(0);
    m_pendingRows = 0;
    return {};
}

Result<void> SqlTableWriter::finish()
{
    if (auto flushed = flushBatch(); !flushed)
        return flushed;
    m_batchInsert.reset();
    if (m_inTransaction) {
        m_inTransaction = false;
        if (!m_db.commit())
            return sqlError(u"cannot commit"_s, m_db.lastError());
    }
    return {};
}

void SqlTableWriter::abort()
{
    m_batchInsert.reset();
    if (m_inTransaction) {
        m_inTransaction = false;
        m_db.rollback();
    }
}

} // namespace concord::gen
