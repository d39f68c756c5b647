#include "ConnectionProbe.h"

#include "SnapshotLoader.h"

using namespace Qt::StringLiterals;

namespace concord {

ConnectionProbe probeConnection(const Workspace& workspace, const SystemConfig& system,
                                const QList<FieldMapping>& mappings)
{
    ConnectionProbe probe;
    probe.system = system.name;
    probe.entity = system.entity;
    auto spec = connectionSpecFor(workspace, system);
    if (!spec) {
        probe.error = spec.errorString();
        return probe;
    }
    auto connector = createConnector(*spec);
    if (!connector) {
        probe.error = connector.errorString();
        return probe;
    }
    if (auto opened = (*connector)->open(); !opened) {
        probe.error = opened.errorString();
        return probe;
    }
    auto columns = (*connector)->columns(system.entity);
    if (!columns) {
        probe.error = columns.errorString();
        return probe;
    }
    probe.columns = static_cast<int>(columns->size());
    probe.columnCheck = checkColumns(system, mappings, *columns);
    QStringList errors;
    if (!probe.columnCheck.ok())
        errors << probe.columnCheck.error().message;
    // Counted even when a column is missing: counting a file reads all of it, so a malformed
    // record is reported in the same run as the configuration problem.
    auto count = (*connector)->countRows(system.entity);
    if (count)
        probe.rows = *count;
    else
        errors << count.errorString();
    probe.error = errors.join(u"; "_s);
    return probe;
}

Result<QList<ConnectionProbe>> probeConnections(const Workspace& workspace, const QStringList& only,
                                                const std::function<void(const ConnectionProbe&)>& onProbed)
{
    auto systems = workspace.systems();
    if (!systems)
        return systems.error();
    auto mappings = workspace.mappings();
    if (!mappings)
        return mappings.error();
    for (const QString& name : only) {
        if (auto s = workspace.system(name); !s)
            return s.error();
    }
    QList<ConnectionProbe> probes;
    for (const SystemConfig& s : std::as_const(*systems)) {
        if (!only.isEmpty() && !only.contains(s.name))
            continue;
        probes.append(probeConnection(workspace, s, *mappings));
        if (onProbed)
            onProbed(probes.constLast());
    }
    return probes;
}

} // namespace concord
