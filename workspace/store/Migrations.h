#pragma once

#include "Result.h"

#include <QSqlDatabase>

namespace concord {

// Brings a workspace's schema from `from` to Workspace::SchemaVersion inside the caller's
// transaction. Each step is portable SQL (SQLite today, PostgreSQL for shared workspaces).
Result<void> migrateWorkspace(QSqlDatabase& db, int from, int to);

} // namespace concord
