#pragma once

#include "Connector.h"

#include <QSqlDatabase>

namespace concord {

// SQLite, PostgreSQL and MariaDB/MySQL through Qt SQL. One connection per instance,
// used from the thread that opened it (a Qt SQL rule). Reads are forward-only so the
// drivers stream (PostgreSQL single-row mode, MySQL use_result) instead of buffering.
// A table as apply sees it: its resolved name, its columns, and a SELECT list that returns each
// value as the same text the snapshot read, so a version token computed from a re-read row
// equals the snapshot's when nothing changed.
struct TableShape
{
    QString table;
    QList<ColumnInfo> columns;
    QStringList textSelectList;
};

class SqlConnector : public Connector
{
public:
    explicit SqlConnector(ConnectionSpec spec);
    ~SqlConnector() override;
    SqlConnector(const SqlConnector&) = delete;
    SqlConnector& operator=(const SqlConnector&) = delete;

    Result<void> open() override;
    void close() override;
    Result<QStringList> entities() override;
    Result<QList<ColumnInfo>> columns(const QString& entity) override;
    Result<qint64> readRows(const ReadSpec& spec, RowReceiver& receiver) override;
    Result<qint64> countRows(const QString& entity) override;

    Result<TableShape> tableShape(const QString& entity);

    // The Qt SQL driver name for a Concord driver name ("postgresql" -> "QPSQL"), or empty.
    static QString qtDriverName(const QString& driver);
    // "system 'crm' (PostgreSQL 127.0.0.1:5432/sales)": how errors name this system.
    QString describe() const;
    QSqlDatabase database() const { return m_db; }

private:
    Result<QString> resolveTable(const QString& entity);
    // fieldTypes, when given, receives Qt's type of each column (parallel to the result).
    Result<QList<ColumnInfo>> declaredColumns(const QString& table, QList<QMetaType>* fieldTypes = nullptr);
    QString quoted(const QString& identifier) const; // a column
    QString quotedTable(const QString& table) const; // a table ("schema.table" on PostgreSQL)
    QString canonicalDriver() const;                 // sqlite, postgresql or mariadb

    ConnectionSpec m_spec;
    QString m_connectionName;
    QSqlDatabase m_db;
};

} // namespace concord
