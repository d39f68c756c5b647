#include "SnapshotLoader.h"

#include "ColumnCheck.h"
#include "Credentials.h"
#include "Logging.h"

#include <QDateTime>
#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

bool SnapshotLoad::ok() const
{
    for (const SystemLoadReport& r : reports) {
        if (!r.error.isEmpty())
            return false;
    }
    return true;
}

Result<ConnectionSpec> connectionSpecFor(const Workspace& workspace, const SystemConfig& system)
{
    ConnectionSpec spec;
    spec.name = system.name;
    spec.driver = system.driver;
    spec.host = system.host;
    spec.port = system.port;
    spec.user = system.user;
    spec.database = system.isFile() ? workspace.resolvePath(system.database) : system.database;
    auto password = Credentials::password(system);
    if (!password)
        return password.error();
    spec.password = *password;
    return spec;
}

ReadSpec readSpecFor(const SystemConfig& system)
{
    return ReadSpec{system.entity, system.keyColumn, system.versionColumn, system.softDeleteColumn,
                    system.softDeleteValue};
}

SystemLoadReport loadSystem(const Workspace& workspace, const SystemConfig& system, Snapshot& snapshot)
{
    SystemLoadReport report;
    report.system = system.name;
    report.driver = system.driver;
    report.location = system.isFile() ? workspace.resolvePath(system.database)
                                      : u"%1@%2:%3/%4 table %5"_s.arg(system.user, system.host)
                                            .arg(system.port)
                                            .arg(system.database, system.entity);
    if (system.driver == "sqlite"_L1)
        report.location += u" table "_s + system.entity;
    QElapsedTimer timer;
    timer.start();
    auto finish = [&](const QString& error) {
        report.error = error;
        report.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        report.readAt = QDateTime::currentDateTime();
        return report;
    };

    auto spec = connectionSpecFor(workspace, system);
    if (!spec)
        return finish(spec.errorString());
    auto connector = createConnector(*spec);
    if (!connector)
        return finish(connector.errorString());
    if (auto opened = (*connector)->open(); !opened)
        return finish(opened.errorString());
    auto columns = (*connector)->columns(system.entity);
    if (!columns)
        return finish(columns.errorString());
    auto mappings = workspace.mappings(system.name);
    if (!mappings)
        return finish(mappings.errorString());

    // Everything the configuration names is checked before a row is read, so that a missing
    // column is named with the ones that exist instead of surfacing halfway through a read.
    if (auto checked = checkColumns(system, *mappings, *columns).result(); !checked)
        return finish(checked.errorString());
    QSet<QString> mappedColumns;
    for (const FieldMapping& m : std::as_const(*mappings))
        mappedColumns.insert(m.column);
    report.mapped = *mappings;
    report.versionColumn = system.versionColumn;
    report.softDeleteColumn = system.softDeleteColumn;
    for (const ColumnInfo& c : std::as_const(*columns)) {
        if (mappedColumns.contains(c.name))
            continue;
        const bool isKey = system.keyColumn.isEmpty() ? c.primaryKey : c.name == system.keyColumn;
        if (isKey || c.name == system.versionColumn || c.name == system.softDeleteColumn)
            report.identityColumns.append(c.name);
        else
            report.unmappedColumns.append(c.name);
    }

    SnapshotBuilder builder(system.name, system.entity, snapshot.pool());
    auto rows = (*connector)->readRows(readSpecFor(system), builder);
    if (builder.hasError())
        return finish(builder.errorString());
    if (!rows)
        return finish(rows.errorString());
    auto built = builder.take();
    report.rows = built->rowCount();
    report.origin = built->origin();
    report.columns = built->columns();
    snapshot.add(std::move(built));
    qCInfo(lcWorkspace) << "loaded" << system.name << report.rows << "rows";
    return finish(QString());
}

Result<SnapshotLoad> loadSnapshot(const Workspace& workspace,
                                  const std::function<void(const SystemLoadReport&)>& onSystemDone)
{
    auto systems = workspace.systems();
    if (!systems)
        return systems.error();
    if (systems->isEmpty())
        return makeError(u"%1: the workspace has no systems"_s.arg(workspace.path()), ErrorKind::NoSystems);
    SnapshotLoad load;
    load.snapshot = std::make_unique<Snapshot>();
    for (const SystemConfig& system : std::as_const(*systems)) {
        SystemLoadReport report = loadSystem(workspace, system, *load.snapshot);
        if (onSystemDone)
            onSystemDone(report);
        load.reports.append(report);
    }
    return load;
}

} // namespace concord
