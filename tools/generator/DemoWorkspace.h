#pragma once

#include "DemoGenerator.h"
#include "Workspace.h"

namespace concord {

// The demo's field-ownership matrix, as a company would draw it: the CRM owns contact
// details, the quoting tool quote fields, accounting billing and payment fields; bank
// accounts and credit limits are high-stakes, bank accounts sensitive.
QList<FieldGovernance> demoGovernance(const GeneratedDemo& demo);

// The workspace that points at what the generator wrote: systems with paths relative to
// the workspace, the canonical fields, each system's column mappings, the matrix and the
// CRM as system of record. accountingServer: where the accounting table was loaded instead
// of its SQLite file (driver, host, port, database, user), or null. All or nothing.
Result<void> writeDemoWorkspace(const GeneratedDemo& demo, const QString& path,
                                const SystemConfig* accountingServer);

// The demo in `dir` (generated with its workspace demo.concord unless that exists already):
// what the window's "Open the demo" and tools/demo.sh open. Returns the workspace's path.
Result<QString> generateDemoWorkspace(const QString& dir, qint64 customers = 2000, quint64 seed = 1);

} // namespace concord
