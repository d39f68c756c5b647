#include "ConnectionProbe.h"

#include "SnapshotLoader.h"

namespace concord {

ConnectionProbe probeConnection(const Workspace& workspace, const SystemConfig& system)
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
    auto count = (*connector)->countRows(system.entity);
    if (!count) {
        probe.error = count.errorString();
        return probe;
    }
    probe.rows = *count;
    probe.columns = static_cast<int>(columns->size());
    return probe;
}

Result<QList<ConnectionProbe>> probeConnections(const Workspace& workspace, const QStringList& only,
                                                const std::function<void(const ConnectionProbe&)>& onProbed)
{
    auto systems = workspace.systems();
    if (!systems)
        return systems.error();
    for (const QString& name : only) {
        if (auto s = workspace.system(name); !s)
            return s.error();
    }
    QList<ConnectionProbe> probes;
    for (const SystemConfig& s : std::as_const(*systems)) {
        if (!only.isEmpty() && !only.contains(s.name))
            continue;
        probes.append(probeConnection(workspace, s));
        if (onProbed)
            onProbed(probes.constLast());
    }
    return probes;
}

} // namespace concord
