#pragma once

#include "Connector.h"
#include "Result.h"
#include "Snapshot.h"
#include "Workspace.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <functional>
#include <memory>

namespace concord {

// What loading one system produced: its rows, and which of its columns are mapped to
// canonical fields and which are not (custom fields are reported, never dropped).
struct SystemLoadReport
{
    QString system;
    QString driver;
    QString origin;   // how connector errors name the source (file, or server and table)
    QString location; // the file path, or host:port/database, and the entity
    qint64 rows = 0;
    QList<ColumnInfo> columns;
    QList<FieldMapping> mapped;
    QStringList identityColumns; // the source id (key) and version columns
    QString versionColumn;       // the configured version column, empty = row hash
    QString softDeleteColumn;    // rows with it set are deleted for the steward and not read
    QStringList unmappedColumns; // every other column no mapping uses: custom fields
    QString error;               // empty when the system loaded
    double seconds = 0;
    QDateTime readAt; // when the read finished
};

struct SnapshotLoad
{
    std::unique_ptr<Snapshot> snapshot;
    QList<SystemLoadReport> reports;
    bool ok() const;
};

// The connection spec for a workspace system: paths resolved against the workspace,
// password from the credential store.
Result<ConnectionSpec> connectionSpecFor(const Workspace& workspace, const SystemConfig& system);
ReadSpec readSpecFor(const SystemConfig& system);

// Loads one system into snapshot; first checks that every column its configuration names
// exists (checkColumns).
SystemLoadReport loadSystem(const Workspace& workspace, const SystemConfig& system, Snapshot& snapshot);
// Loads every system of the workspace; a failing system is reported and the others still load.
Result<SnapshotLoad> loadSnapshot(const Workspace& workspace,
                                  const std::function<void(const SystemLoadReport&)>& onSystemDone = {});

} // namespace concord
