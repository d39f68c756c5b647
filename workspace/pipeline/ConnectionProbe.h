#pragma once

#include "Workspace.h"

#include <functional>

namespace concord {

// Whether Concord can reach one system: its entity's row and column counts, or the exact error
// (connection, missing file, missing table) as the connector words it.
struct ConnectionProbe
{
    QString system;
    QString entity;
    qint64 rows = -1;
    int columns = 0;
    QString error; // empty when the system answered

    bool ok() const { return error.isEmpty(); }
};

// Connects to one system, lists its entity's columns and counts its rows. Reads nothing from
// the workspace file (only its folder, for relative paths, and the password from the
// environment or keyring), so a window can run it on a worker thread with a SystemConfig it
// read beforehand.
ConnectionProbe probeConnection(const Workspace& workspace, const SystemConfig& system);

// Probes every system in workspace order, or only those named in `only` (an unknown name is an
// error before anything connects). onProbed hears each system as soon as it is done.
Result<QList<ConnectionProbe>>
probeConnections(const Workspace& workspace, const QStringList& only = {},
                 const std::function<void(const ConnectionProbe&)>& onProbed = {});

} // namespace concord
