#pragma once

#include "RowAssembler.h"
#include "SqlConnector.h"
#include "WriteStatements.h"

#include <QSqlError>
#include <QSqlQuery>
#include <map>
#include <memory>
#include <optional>
#include <variant>

namespace concord {

// A table opened for writing: its shape and how its rows' ids and version tokens are made
// (the same RowAssembler the snapshot used).
struct WriteTarget
{
    TableShape shape;
    RowAssembler assembler;
    QStringList keyColumns; // the source id's columns, in order
    int columnIndex(const QString& name) const;
};

// How a failed statement should be treated: transient failures (lost connection, lock
// timeout, deadlock, serialization failure, a busy SQLite file) are worth retrying; anything
// else (a constraint, a type, a permission) fails the same way every time.
struct WriteFailure
{
    QString message;
    bool transient = false;
    bool connectionLost = false;
    bool atCommit = false; // the COMMIT failed: with a lost connection, its outcome is unknown
};

// The one place Concord changes a steward's database: a read-write connection with explicit
// transactions and savepoints, the locking re-read before each write, and statements built
// only by WriteStatements (bound values, quoted identifiers). Errors come back as values and
// are classified, so the caller can retry what is transient and dead-letter the rest.
class SqlWriter
{
public:
    explicit SqlWriter(ConnectionSpec spec);
    ~SqlWriter();
    SqlWriter(const SqlWriter&) = delete;
    SqlWriter& operator=(const SqlWriter&) = delete;

    // lockTimeoutMs bounds how long a locked row is waited for (PostgreSQL lock_timeout,
    // InnoDB lock wait timeout, SQLite busy timeout) before that counts as a transient failure.
    Result<void> open(int lockTimeoutMs);
    // Drops and re-establishes the connection (after it was lost).
    Result<void> reopen();
    QString describe() const { return m_connector->describe(); }
    QString driver() const { return m_spec.driver; }

    Result<WriteTarget> target(const QString& entity, const QString& keyColumn, const QString& versionColumn);

    std::optional<WriteFailure> begin();
    std::optional<WriteFailure> commit();
    void rollback();
    std::optional<WriteFailure> savepoint();
    std::optional<WriteFailure> rollbackToSavepoint();
    std::optional<WriteFailure> releaseSavepoint();

    // The row as it is now (values as the snapshot reads them, id and version token filled),
    // locked until the transaction ends on servers; nullopt when no row has that key.
    std::variant<std::optional<SourceRow>, WriteFailure> lockRow(const WriteTarget& target,
                                                                 const QStringList& keyValues);
    // column = value (a null QString writes NULL) on exactly one row.
    std::optional<WriteFailure> update(const WriteTarget& target, const QStringList& keyValues,
                                       const QString& column, const QString& value);
    std::optional<WriteFailure> deleteRow(const WriteTarget& target, const QStringList& keyValues);
    // Whether the row's column holds value as the database compares it (a boolean column holds
    // '1' when it reads back 'true'); false when no row has the key.
    std::variant<bool, WriteFailure> holds(const WriteTarget& target, const QStringList& keyValues,
                                           const QString& column, const QString& value);
    // The tables whose foreign keys point at target's table (empty when none).
    std::variant<QStringList, WriteFailure> referencingTables(const WriteTarget& target);
    // A row from its image (column -> value, a null QString for NULL).
    std::optional<WriteFailure> insertRow(const WriteTarget& target, const QStringList& columns,
                                          const QStringList& values);

    // Splits a source id into its key values (composite keys are joined by U+001F).
    static QStringList keyValues(const QString& rowId, qsizetype keyCount);

private:
    std::optional<WriteFailure> run(const WriteStatement& statement, qint64 expectRows = -1);
    // Prepares statement.sql once per connection and executes it with statement's values; the
    // query stays cached (a statement is prepared once, not on every row). Null on failure,
    // with *failure set.
    QSqlQuery* execute(const WriteStatement& statement, WriteFailure* failure);
    std::optional<WriteFailure> execPlain(const QString& sql);
    WriteFailure classify(const QSqlError& error, const QString& statement) const;

    ConnectionSpec m_spec;
    std::unique_ptr<SqlConnector> m_connector;
    WriteStatements m_statements;
    int m_lockTimeoutMs = 5000;
    // The statement that failed, kept until the transaction or savepoint is rolled back:
    // PostgreSQL cannot deallocate a prepared statement inside an aborted transaction.
    std::optional<QSqlQuery> m_failed;
    // Declared after m_connector: destroyed before the connection they use.
    std::map<QString, std::unique_ptr<QSqlQuery>> m_prepared;
};

} // namespace concord
