#pragma once

#include "ColumnCheck.h"
#include "Workspace.h"

#include <functional>

namespace concord {

// Whether Concord can read one system as a snapshot would: its entity's row and column counts,
// or the exact error (connection, missing file, missing table, a malformed file, a key, version,
// soft-delete or mapped column that does not exist) as the connector or the check words it.
struct ConnectionProbe
{
    QString system;
    QString entity;
    qint64 rows = -1;
    int columns = 0;
    ColumnCheck columnCheck; // filled once the columns could be listed
    QString error;           // empty when the system answered and has every column it needs

    bool ok() const { return error.isEmpty(); }
};

// Connects to one system, lists its entity's columns, checks them against the system's
// configuration and `mappings` (checkColumns; other systems' mappings are ignored) and counts
// its rows. Reads nothing from the workspace file (only its folder, for relative paths, and the
// password from the environment or keyring), so a window can run it on a worker thread with a
// SystemConfig and mappings it read beforehand, or that the steward is still editing.
ConnectionProbe probeConnection(const Workspace& workspace, const SystemConfig& system,
                                const QList<FieldMapping>& mappings);

// Probes every system in workspace order with its stored mappings, or only those named in `only`
// (an unknown name is an error before anything connects). onProbed hears each system as soon as
// it is done.
Result<QList<ConnectionProbe>>
probeConnections(const Workspace& workspace, const QStringList& only = {},
                 const std::function<void(const ConnectionProbe&)>& onProbed = {});

} // namespace concord
