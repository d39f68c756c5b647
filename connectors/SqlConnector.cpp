#include "SqlConnector.h"

#include "Logging.h"
#include "RowAssembler.h"
#include "SqliteRowReader.h"
#include "WriteStatements.h"

#include <QAtomicInteger>
#include <QFileInfo>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlField>
#include <QSqlIndex>
#include <QSqlQuery>
#include <QSqlRecord>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QAtomicInteger<quint64> s_connectionCounter;

QString sqlErrorText(const QSqlError& error)
{
    QString text = error.text().trimmed();
    if (text.isEmpty())
        text = u"unknown database error"_s;
    return text;
}

// How a column appears in the SELECT list. Qt parses date/time columns into QDate/QTime/QDateTime,
// which drops microseconds and reformats them ("2024-03-01 10:15:30.123456" would come back as
// "2024-03-01T10:15:30.123"); the database's own text keeps values and version tokens exact.
QString selectExpression(const QString& qtDriver, const QString& column, QMetaType type)
{
    const int id = type.id();
    if (id != QMetaType::QDateTime && id != QMetaType::QDate && id != QMetaType::QTime)
        return column;
    if (qtDriver == "QPSQL"_L1)
        return u"CAST(%1 AS text)"_s.arg(column);
    if (qtDriver == "QMYSQL"_L1)
        return u"CAST(%1 AS CHAR)"_s.arg(column);
    return column;
}
} // namespace

SqlConnector::SqlConnector(ConnectionSpec spec)
    : m_spec(std::move(spec))
    , m_connectionName(u"concord-sql-%1"_s.arg(s_connectionCounter.fetchAndAddRelaxed(1)))
{}

SqlConnector::~SqlConnector()
{
    close();
}

QString SqlConnector::qtDriverName(const QString& driver)
{
    const QString d = driver.toLower();
    if (d == "sqlite"_L1)
        return u"QSQLITE"_s;
    if (d == "postgresql"_L1 || d == "postgres"_L1 || d == "psql"_L1)
        return u"QPSQL"_s;
    if (d == "mariadb"_L1 || d == "mysql"_L1)
        return u"QMYSQL"_s;
    return {};
}

QString SqlConnector::describe() const
{
    // By Qt driver, so that the accepted aliases ("postgres", "psql", "mysql") are named correctly.
    const QString qtDriver = qtDriverName(m_spec.driver);
    QString where;
    if (qtDriver == "QSQLITE"_L1)
        where = u"SQLite %1"_s.arg(m_spec.database);
    else
        where = u"%1 %2:%3/%4"_s.arg(qtDriver == "QPSQL"_L1 ? u"PostgreSQL"_s : u"MariaDB"_s, m_spec.host)
                    .arg(m_spec.port)
                    .arg(m_spec.database);
    if (m_spec.name.isEmpty())
        return where;
    return u"system '%1' (%2)"_s.arg(m_spec.name, where);
}

Result<void> SqlConnector::open()
{
    if (m_db.isOpen())
        return {};
    const QString qtDriver = qtDriverName(m_spec.driver);
    if (qtDriver.isEmpty())
        return makeError(u"%1: unknown database driver '%2' (expected sqlite, postgresql or mariadb)"_s.arg(
            m_spec.name, m_spec.driver));
    if (!QSqlDatabase::isDriverAvailable(qtDriver))
        return makeError(u"%1: the Qt SQL driver %2 is not installed"_s.arg(describe(), qtDriver));

    if (qtDriver == "QSQLITE"_L1) {
        // QSQLITE silently creates a missing file; a steward's typo must not become an empty system.
        const QFileInfo file(m_spec.database);
        if (!file.exists())
            return makeError(u"%1: database file does not exist"_s.arg(describe()));
        if (!file.isFile())
            return makeError(u"%1: not a file"_s.arg(describe()));
        // SQLite needs the folder too, for its rollback journal.
        if (!m_spec.readOnly && (!file.isWritable() || !QFileInfo(file.absolutePath()).isWritable()))
            return makeError(u"%1: the database file or its folder is read-only for this user, so nothing "
                             "can be written"_s.arg(describe()));
    }

    m_db = QSqlDatabase::addDatabase(qtDriver, m_connectionName);
    m_db.setDatabaseName(m_spec.database);
    if (qtDriver == "QSQLITE"_L1) {
        QStringList options{u"QSQLITE_BUSY_TIMEOUT=5000"_s};
        if (m_spec.readOnly)
            options << u"QSQLITE_OPEN_READONLY"_s;
        m_db.setConnectOptions(options.join(u';'));
    } else {
        m_db.setHostName(m_spec.host);
        if (m_spec.port > 0)
            m_db.setPort(m_spec.port);
        m_db.setUserName(m_spec.user);
        m_db.setPassword(m_spec.password);
        if (qtDriver == "QPSQL"_L1)
            m_db.setConnectOptions(u"connect_timeout=10"_s);
        else // CLIENT_FOUND_ROWS: an UPDATE reports the rows it matched, as the other databases do
            m_db.setConnectOptions(u"MYSQL_OPT_CONNECT_TIMEOUT=10;CLIENT_FOUND_ROWS"_s);
    }
    if (!m_db.open()) {
        const QString text = sqlErrorText(m_db.lastError());
        close();
        return makeError(u"%1: cannot connect: %2"_s.arg(describe(), text));
    }
    if (qtDriver == "QSQLITE"_L1) {
        // An SQLite "database" that is not one only fails on first use: probe it now.
        QSqlQuery probe(m_db);
        if (!probe.exec(u"SELECT count(*) FROM sqlite_master"_s)) {
            const QString text = sqlErrorText(probe.lastError());
            probe = QSqlQuery();
            close();
            return makeError(u"%1: not a readable SQLite database: %2"_s.arg(describe(), text));
        }
    } else if (qtDriver == "QMYSQL"_L1) {
        QSqlQuery names(m_db);
        names.exec(u"SET NAMES utf8mb4"_s);
    }
    qCDebug(lcConnectors) << "opened" << describe();
    return {};
}

void SqlConnector::close()
{
    if (m_db.isValid()) {
        m_db.close();
        m_db = QSqlDatabase();
        QSqlDatabase::removeDatabase(m_connectionName);
    }
}

QString SqlConnector::quoted(const QString& identifier) const
{
    // Not QSqlDriver::escapeIdentifier: in Qt 6.4 it splits names at '.' on PostgreSQL and
    // MariaDB and leaves a backtick inside a MariaDB name undoubled.
    return WriteStatements(canonicalDriver()).quoteIdentifier(identifier);
}

QString SqlConnector::quotedTable(const QString& table) const
{
    return WriteStatements(canonicalDriver()).quoteTable(table);
}

QString SqlConnector::canonicalDriver() const
{
    const QString qtDriver = qtDriverName(m_spec.driver);
    return qtDriver == "QPSQL"_L1 ? u"postgresql"_s : qtDriver == "QMYSQL"_L1 ? u"mariadb"_s : u"sqlite"_s;
}

Result<QStringList> SqlConnector::entities()
{
    if (auto opened = open(); !opened)
        return opened.error();
    QStringList tables = m_db.tables(QSql::Tables);
    tables += m_db.tables(QSql::Views);
    tables.sort();
    return tables;
}

Result<QString> SqlConnector::resolveTable(const QString& entity)
{
    auto tables = entities();
    if (!tables)
        return tables.error();
    if (tables->contains(entity))
        return entity;
    // PostgreSQL folds unquoted names to lower case, MariaDB may be case-sensitive:
    // accept a unique case-insensitive match so "Customers" finds "customers".
    QString found;
    for (const QString& t : *tables) {
        if (t.compare(entity, Qt::CaseInsensitive) == 0) {
            if (!found.isEmpty())
                return makeError(
                    u"%1: table name '%2' is ambiguous (%3, %4)"_s.arg(describe(), entity, found, t));
            found = t;
        }
    }
    if (found.isEmpty())
        return makeError(u"%1: table '%2' does not exist"_s.arg(describe(), entity));
    return found;
}

Result<QList<ColumnInfo>> SqlConnector::declaredColumns(const QString& table, QList<QMetaType>* fieldTypes)
{
    const QString qtDriver = qtDriverName(m_spec.driver);
    QHash<QString, QString> declaredTypes;
    QSqlQuery q(m_db);
    bool ok = false;
    if (qtDriver == "QSQLITE"_L1) {
        ok = q.exec(u"PRAGMA table_info(%1)"_s.arg(quotedTable(table)));
        while (ok && q.next())
            declaredTypes.insert(q.value(1).toString(), q.value(2).toString());
    } else {
        // Qt lists a PostgreSQL table outside the search path as "schema.table".
        const qsizetype dot = table.indexOf(u'.');
        const bool qualified = qtDriver == "QPSQL"_L1 && dot > 0 && dot < table.size() - 1;
        const QString schema = qualified                ? u"?"_s
                               : qtDriver == "QPSQL"_L1 ? u"current_schema()"_s
                                                        : u"database()"_s;
        ok = q.prepare(u"SELECT column_name, data_type FROM information_schema.columns "
                       "WHERE table_name = ? AND table_schema = %1"_s.arg(schema));
        q.addBindValue(qualified ? table.mid(dot + 1) : table);
        if (qualified)
            q.addBindValue(table.left(dot));
        ok = ok && q.exec();
        while (ok && q.next())
            declaredTypes.insert(q.value(0).toString(), q.value(1).toString());
    }
    if (!ok)
        qCWarning(lcConnectors) << describe() << "cannot read declared column types:" << q.lastError().text();

    const QSqlRecord record = m_db.record(table);
    if (record.isEmpty())
        return makeError(u"%1: table '%2' has no columns or cannot be read: %3"_s.arg(
            describe(), table, sqlErrorText(m_db.lastError())));
    const QSqlIndex primary = m_db.primaryIndex(table);
    QList<ColumnInfo> columns;
    columns.reserve(record.count());
    for (int i = 0; i < record.count(); ++i) {
        ColumnInfo c;
        c.name = record.fieldName(i);
        c.type = declaredTypes.value(c.name);
        if (c.type.isEmpty())
            c.type = QString::fromLatin1(record.field(i).metaType().name());
        c.primaryKey = primary.contains(c.name);
        columns.append(c);
        if (fieldTypes)
            fieldTypes->append(record.field(i).metaType());
    }
    return columns;
}

Result<QList<ColumnInfo>> SqlConnector::columns(const QString& entity)
{
    auto table = resolveTable(entity);
    if (!table)
        return table.error();
    return declaredColumns(*table);
}

Result<TableShape> SqlConnector::tableShape(const QString& entity)
{
    auto table = resolveTable(entity);
    if (!table)
        return table.error();
    QList<QMetaType> fieldTypes;
    auto cols = declaredColumns(*table, &fieldTypes);
    if (!cols)
        return cols.error();
    TableShape shape{*table, *cols, {}};
    const QString qtDriver = qtDriverName(m_spec.driver);
    for (qsizetype i = 0; i < cols->size(); ++i) {
        const QString column = quoted(cols->at(i).name);
        // The snapshot steps SQLite rows with sqlite3_column_text, which renders numbers with
        // the same routine as CAST(... AS TEXT); through Qt they would come back as doubles.
        if (qtDriver == "QSQLITE"_L1)
            shape.textSelectList << u"CAST(%1 AS TEXT)"_s.arg(column);
        else
            shape.textSelectList << selectExpression(qtDriver, column, fieldTypes.value(i));
    }
    return shape;
}

Result<qint64> SqlConnector::countRows(const QString& entity)
{
    auto table = resolveTable(entity);
    if (!table)
        return table.error();
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT COUNT(*) FROM %1"_s.arg(quotedTable(*table))) || !q.next())
        return makeError(
            u"%1: cannot count rows of '%2': %3"_s.arg(describe(), *table, sqlErrorText(q.lastError())));
    return q.value(0).toLongLong();
}

Result<qint64> SqlConnector::readRows(const ReadSpec& spec, RowReceiver& receiver)
{
    auto table = resolveTable(spec.entity);
    if (!table)
        return table.error();
    QList<QMetaType> fieldTypes;
    auto cols = declaredColumns(*table, &fieldTypes);
    if (!cols)
        return cols.error();
    const QString origin = u"%1 table '%2'"_s.arg(describe(), *table);
    auto assembler = RowAssembler::create(*cols, spec.keyColumn, spec.versionColumn, *table, m_spec.name);
    if (!assembler)
        return assembler.error();

    const QString qtDriver = qtDriverName(m_spec.driver);
    QStringList select;
    for (qsizetype i = 0; i < cols->size(); ++i) {
        const QString column = quoted(cols->at(i).name);
        select << selectExpression(qtDriver, column, fieldTypes.value(i));
    }
    QString sql = u"SELECT %1 FROM %2"_s.arg(select.join(u", "_s), quotedTable(*table));
    QStringList bindings;
    if (!spec.softDeleteColumn.isEmpty()) {
        const int flag = RowAssembler::columnIndex(*cols, spec.softDeleteColumn);
        if (flag < 0)
            return makeError(u"%1: soft-delete column '%2' does not exist in table '%3'"_s.arg(
                describe(), spec.softDeleteColumn, *table));
        const QString column = quoted(cols->at(flag).name);
        sql += u" WHERE %1 IS NULL OR %1 <> ?"_s.arg(column);
        bindings << (spec.softDeleteValue.isEmpty() ? u"1"_s : spec.softDeleteValue);
    }
    if (qtDriver == "QSQLITE"_L1 && SqliteRowReader::canRead(m_db))
        return SqliteRowReader::read(m_db, sql, *cols, *assembler, receiver, origin, bindings);
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    // Numbers come back as the database's own text ("12.50"), not as a rounded double.
    q.setNumericalPrecisionPolicy(QSql::HighPrecision);
    // Prepared only when there is a value to bind: QMYSQL stores a prepared statement's whole
    // result on the client, where a plain query streams.
    bool ran = false;
    if (bindings.isEmpty()) {
        ran = q.exec(sql);
    } else if (q.prepare(sql)) {
        for (const QString& b : std::as_const(bindings))
            q.addBindValue(b);
        ran = q.exec();
    }
    if (!ran)
        return makeError(
            u"%1: cannot read table '%2': %3"_s.arg(describe(), *table, sqlErrorText(q.lastError())));

    receiver.begin(*cols, origin);
    const int columnCount = static_cast<int>(cols->size());
    SourceRow row;
    row.values.resize(columnCount);
    qint64 count = 0;
    while (q.next()) {
        for (int i = 0; i < columnCount; ++i) {
            const QVariant v = q.value(i);
            row.values[i] = v.isNull() ? QString() : v.toString();
        }
        row.ordinal = ++count;
        assembler->assemble(row);
        if (!receiver.row(row))
            return makeError(u"%1: reading '%2' stopped at row %3"_s.arg(describe(), *table).arg(count));
    }
    if (q.lastError().isValid())
        return makeError(u"%1: reading table '%2' failed after %3 rows: %4"_s.arg(describe(), *table)
                             .arg(count)
                             .arg(sqlErrorText(q.lastError())));
    receiver.end();
    return count;
}

} // namespace concord
