#pragma once

#include "Result.h"
#include "SourceRow.h"

#include <QString>
#include <QStringList>
#include <memory>

namespace concord {

// What to read from a system and how to identify its rows.
struct ReadSpec
{
    QString entity;        // table name, or file path for CSV/JSON connectors
    QString keyColumn;     // configured source id column; empty = the declared primary key
    QString versionColumn; // configured updated_at-style column; empty = row hash
    // Rows whose softDeleteColumn holds softDeleteValue are deleted as far as the steward is
    // concerned and are not read (SQL systems only).
    QString softDeleteColumn = {};
    QString softDeleteValue = {};
};

// How to reach a system. Passwords never live here longer than a connection attempt:
// they come from the credential store (keyring or environment) at connect time.
struct ConnectionSpec
{
    QString driver; // "sqlite", "postgresql", "mariadb", "csv", "json"
    QString host;
    int port = 0;
    QString database; // database name, or file path for sqlite/csv/json
    QString user;
    QString password;
    QString name;         // the system's name in the workspace, used in error messages
    bool readOnly = true; // snapshots never need write access; apply opens read-write
};

// One kind of system. A connector lists entities, introspects their columns and streams
// rows forward-only; memory must not grow with the size of the entity.
class Connector
{
public:
    virtual ~Connector() = default;

    virtual Result<void> open() = 0;
    virtual void close() = 0;
    virtual Result<QStringList> entities() = 0;
    virtual Result<QList<ColumnInfo>> columns(const QString& entity) = 0;
    // Streams every row of spec.entity to receiver; returns the number of rows delivered.
    virtual Result<qint64> readRows(const ReadSpec& spec, RowReceiver& receiver) = 0;
    // Number of rows without reading them all where the system can tell cheaply.
    virtual Result<qint64> countRows(const QString& entity) = 0;
};

// Creates the connector for spec.driver, or an error naming the unknown driver.
Result<std::unique_ptr<Connector>> createConnector(const ConnectionSpec& spec);

} // namespace concord
