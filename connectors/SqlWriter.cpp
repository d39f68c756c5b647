#include "SqlWriter.h"

#include "Logging.h"

#include <QScopeGuard>
#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// SQLSTATE classes and codes that say "try again": connection exceptions (08), serialization
// failure and deadlock (40001, 40P01), lock not available (55P03), the server going away
// (57P01-57P03).
bool pgTransient(const QString& state, bool* connectionLost)
{
    if (state.startsWith("08"_L1) || state.startsWith("57P0"_L1)) {
        *connectionLost = true;
        return true;
    }
    return state == "40001"_L1 || state == "40P01"_L1 || state == "55P03"_L1;
}

// MariaDB error numbers: lock wait timeout, deadlock, and the client's "server has gone away",
// "lost connection", "can't connect".
bool mysqlTransient(int code, bool* connectionLost)
{
    if (code == 2002 || code == 2003 || code == 2006 || code == 2013 || code == 1927 || code == 4031) {
        *connectionLost = true;
        return true;
    }
    return code == 1205 || code == 1213;
}

// SQLite primary result codes (extended codes carry them in the low byte): busy, locked.
bool sqliteTransient(int code)
{
    return (code & 0xff) == 5 || (code & 0xff) == 6;
}

QString errorText(const QSqlError& error)
{
    QString text = error.text().trimmed();
    if (text.isEmpty())
        text = u"unknown database error"_s;
    if (!error.nativeErrorCode().isEmpty())
        text += u" [%1]"_s.arg(error.nativeErrorCode());
    return text;
}
} // namespace

int WriteTarget::columnIndex(const QString& name) const
{
    for (int i = 0; i < shape.columns.size(); ++i) {
        if (shape.columns[i].name == name)
            return i;
    }
    for (int i = 0; i < shape.columns.size(); ++i) {
        if (shape.columns[i].name.compare(name, Qt::CaseInsensitive) == 0)
            return i;
    }
    return -1;
}

SqlWriter::SqlWriter(ConnectionSpec spec)
    : m_spec(std::move(spec))
    , m_statements(m_spec.driver)
{
    m_spec.readOnly = false;
    m_connector = std::make_unique<SqlConnector>(m_spec);
}

SqlWriter::~SqlWriter() = default;

Result<void> SqlWriter::open(int lockTimeoutMs)
{
    m_lockTimeoutMs = lockTimeoutMs;
    if (auto opened = m_connector->open(); !opened)
        return opened;
    const QString qtDriver = SqlConnector::qtDriverName(m_spec.driver);
    QString setting;
    if (qtDriver == "QPSQL"_L1)
        setting = u"SET lock_timeout = %1"_s.arg(lockTimeoutMs);
    else if (qtDriver == "QMYSQL"_L1) // whole seconds, at least one
        setting =
            u"SET SESSION innodb_lock_wait_timeout = %1"_s.arg(std::max(1, (lockTimeoutMs + 999) / 1000));
    else
        setting = u"PRAGMA busy_timeout = %1"_s.arg(lockTimeoutMs);
    if (auto failed = execPlain(setting))
        return makeError(u"%1: cannot set the lock timeout: %2"_s.arg(describe(), failed->message));
    return {};
}

Result<void> SqlWriter::reopen()
{
    m_failed.reset();
    m_prepared.clear(); // prepared on the connection that is going away
    m_connector->close();
    return open(m_lockTimeoutMs);
}

Result<WriteTarget> SqlWriter::target(const QString& entity, const QString& keyColumn,
                                      const QString& versionColumn)
{
    auto shape = m_connector->tableShape(entity);
    if (!shape)
        return shape.error();
    auto assembler =
        RowAssembler::create(shape->columns, keyColumn, versionColumn, shape->table, m_spec.name);
    if (!assembler)
        return assembler.error();
    WriteTarget t{*shape, *assembler, {}};
    for (int i : t.assembler.keyIndexes())
        t.keyColumns << t.shape.columns[i].name;
    return t;
}

std::optional<WriteFailure> SqlWriter::execPlain(const QString& sql)
{
    QSqlQuery q(m_connector->database());
    if (q.exec(sql))
        return std::nullopt;
    const WriteFailure failure = classify(q.lastError(), sql);
    m_failed = std::move(q);
    return failure;
}

WriteFailure SqlWriter::classify(const QSqlError& error, const QString& statement) const
{
    WriteFailure failure;
    const QString qtDriver = SqlConnector::qtDriverName(m_spec.driver);
    const QString code = error.nativeErrorCode();
    if (qtDriver == "QPSQL"_L1) {
        failure.transient = pgTransient(code, &failure.connectionLost);
        // libpq reports what it detects itself (a reset connection, a crashed server) without an
        // SQLSTATE, and Qt as a statement error. A probe tells: on a live connection it fails with
        // an SQLSTATE at worst (25P02 in an aborted transaction); on a dead one without.
        if (!failure.transient && code.isEmpty()) {
            QSqlQuery probe(m_connector->database());
            if (!probe.exec(u"SELECT 1"_s) && probe.lastError().nativeErrorCode().isEmpty()) {
                failure.transient = true;
                failure.connectionLost = true;
            }
        }
    } else if (qtDriver == "QMYSQL"_L1) {
        failure.transient = mysqlTransient(code.toInt(), &failure.connectionLost);
    } else {
        failure.transient = sqliteTransient(code.toInt());
    }
    if (!m_connector->database().isOpen()) {
        failure.transient = true;
        failure.connectionLost = true;
    }
    failure.message = u"%1: %2 (%3)"_s.arg(describe(), errorText(error), statement);
    qCDebug(lcConnectors) << "write failed" << failure.message << "transient" << failure.transient;
    return failure;
}

QSqlQuery* SqlWriter::execute(const WriteStatement& statement, WriteFailure* failure)
{
    auto it = m_prepared.find(statement.sql);
    if (it == m_prepared.end()) {
        auto q = std::make_unique<QSqlQuery>(m_connector->database());
        q->setForwardOnly(true);
        // Numbers come back as the database's own text ("12.50"), as in the snapshot.
        q->setNumericalPrecisionPolicy(QSql::HighPrecision);
        if (!q->prepare(statement.sql)) {
            *failure = classify(q->lastError(), statement.display());
            m_failed = std::move(*q);
            return nullptr;
        }
        it = m_prepared.emplace(statement.sql, std::move(q)).first;
    }
    QSqlQuery& q = *it->second;
    for (int i = 0; i < statement.values.size(); ++i)
        q.bindValue(i, statement.values[i]);
    if (!q.exec()) {
        *failure = classify(q.lastError(), statement.display());
        return nullptr;
    }
    return &q;
}

std::optional<WriteFailure> SqlWriter::run(const WriteStatement& statement, qint64 expectRows)
{
    WriteFailure failure;
    QSqlQuery* q = execute(statement, &failure);
    if (!q)
        return failure;
    const int affected = q->numRowsAffected();
    q->finish();
    if (expectRows >= 0 && affected != expectRows)
        return WriteFailure{u"%1: expected to change %2 row, changed %3: %4"_s.arg(describe())
                                .arg(expectRows)
                                .arg(affected)
                                .arg(statement.display()),
                            false, false};
    return std::nullopt;
}

std::optional<WriteFailure> SqlWriter::begin()
{
    // SQLite: take the write lock now, so the re-read and the write see the same file.
    if (SqlConnector::qtDriverName(m_spec.driver) == "QSQLITE"_L1)
        return execPlain(u"BEGIN IMMEDIATE"_s);
    if (SqlConnector::qtDriverName(m_spec.driver) == "QMYSQL"_L1)
        return execPlain(u"START TRANSACTION"_s);
    return execPlain(u"BEGIN"_s);
}

std::optional<WriteFailure> SqlWriter::commit()
{
    return execPlain(u"COMMIT"_s);
}

void SqlWriter::rollback()
{
    QSqlQuery q(m_connector->database());
    if (!q.exec(u"ROLLBACK"_s))
        qCDebug(lcConnectors) << describe() << "rollback:" << q.lastError().text();
    m_failed.reset();
}

std::optional<WriteFailure> SqlWriter::savepoint()
{
    return execPlain(u"SAVEPOINT concord_row"_s);
}

std::optional<WriteFailure> SqlWriter::rollbackToSavepoint()
{
    auto failure = execPlain(u"ROLLBACK TO SAVEPOINT concord_row"_s);
    if (!failure)
        m_failed.reset();
    return failure;
}

std::optional<WriteFailure> SqlWriter::releaseSavepoint()
{
    return execPlain(u"RELEASE SAVEPOINT concord_row"_s);
}

std::variant<std::optional<SourceRow>, WriteFailure> SqlWriter::lockRow(const WriteTarget& target,
                                                                        const QStringList& keyValues)
{
    const WriteStatement s = m_statements.rereadExpressions(target.shape.table, target.shape.textSelectList,
                                                            target.keyColumns, keyValues);
    WriteFailure failure;
    QSqlQuery* query = execute(s, &failure);
    if (!query) // a lock timeout here is the common transient case
        return failure;
    QSqlQuery& q = *query;
    // The cached query is reused: its result is released on every way out.
    const auto release = qScopeGuard([&q] { q.finish(); });
    if (!q.next())
        return std::optional<SourceRow>();
    SourceRow row;
    const int columnCount = static_cast<int>(target.shape.columns.size());
    row.values.resize(columnCount);
    for (int i = 0; i < columnCount; ++i) {
        const QVariant v = q.value(i);
        row.values[i] = v.isNull() ? QString() : v.toString();
        if (!v.isNull() && row.values[i].isNull())
            row.values[i] = u""_s; // an empty text is not NULL
    }
    target.assembler.assemble(row);
    if (q.next())
        return WriteFailure{u"%1: key %2 matches more than one row of '%3'; nothing is written to it"_s.arg(
                                describe(), keyValues.join(u", "_s), target.shape.table),
                            false, false};
    return std::optional<SourceRow>(row);
}

std::optional<WriteFailure> SqlWriter::update(const WriteTarget& target, const QStringList& keyValues,
                                              const QString& column, const QString& value)
{
    return run(
        m_statements.update(target.shape.table, column, boundText(value), target.keyColumns, keyValues), 1);
}

std::optional<WriteFailure> SqlWriter::deleteRow(const WriteTarget& target, const QStringList& keyValues)
{
    return run(m_statements.remove(target.shape.table, target.keyColumns, keyValues), 1);
}

std::optional<WriteFailure> SqlWriter::insertRow(const WriteTarget& target, const QStringList& columns,
                                                 const QStringList& values)
{
    QVariantList bound;
    for (const QString& v : values)
        bound << boundText(v);
    return run(m_statements.insert(target.shape.table, columns, bound), 1);
}

std::variant<bool, WriteFailure> SqlWriter::holds(const WriteTarget& target, const QStringList& keyValues,
                                                  const QString& column, const QString& value)
{
    const WriteStatement s =
        m_statements.holds(target.shape.table, target.keyColumns, keyValues, column, boundText(value));
    WriteFailure failure;
    QSqlQuery* q = execute(s, &failure);
    if (!q)
        return failure;
    const bool found = q->next();
    q->finish();
    return found;
}

std::variant<QStringList, WriteFailure> SqlWriter::referencingTables(const WriteTarget& target)
{
    const QString qtDriver = SqlConnector::qtDriverName(m_spec.driver);
    QSqlQuery q(m_connector->database());
    QStringList tables;
    auto failed = [&](const QString& what) {
        return WriteFailure{u"%1: cannot read the foreign keys that point at '%2': %3"_s.arg(
                                describe(), target.shape.table, errorText(q.lastError())) +
                                (what.isEmpty() ? QString() : u" ("_s + what + u")"_s),
                            false, false};
    };
    if (qtDriver == "QSQLITE"_L1) {
        QStringList all;
        if (!q.exec(u"SELECT name FROM sqlite_master WHERE type = 'table'"_s))
            return failed(QString());
        while (q.next())
            all << q.value(0).toString();
        for (const QString& table : std::as_const(all)) {
            if (!q.exec(u"PRAGMA foreign_key_list(%1)"_s.arg(m_statements.quoteIdentifier(table))))
                return failed(table);
            while (q.next()) {
                if (q.value(2).toString().compare(target.shape.table, Qt::CaseInsensitive) == 0 &&
                    !tables.contains(table))
                    tables << table;
            }
        }
        return tables;
    }
    if (qtDriver == "QPSQL"_L1) {
        q.prepare(u"SELECT DISTINCT conrelid::regclass::text FROM pg_constraint WHERE contype = 'f'"
                  " AND confrelid = to_regclass(?)"_s);
        q.addBindValue(m_statements.quoteTable(target.shape.table));
    } else {
        q.prepare(u"SELECT DISTINCT TABLE_NAME FROM information_schema.KEY_COLUMN_USAGE"
                  " WHERE REFERENCED_TABLE_SCHEMA = DATABASE() AND REFERENCED_TABLE_NAME = ?"_s);
        q.addBindValue(target.shape.table);
    }
    if (!q.exec())
        return failed(QString());
    while (q.next())
        tables << q.value(0).toString();
    return tables;
}

QStringList SqlWriter::keyValues(const QString& rowId, qsizetype keyCount)
{
    return keyCount <= 1 ? QStringList{rowId} : rowId.split(RowAssembler::KeySeparator);
}

} // namespace concord
