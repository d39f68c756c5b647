#pragma once

#include "Result.h"
#include "WorkspaceTypes.h"

#include <QString>

namespace concord {

// Where passwords come from. Never from the workspace file, never printed.
//  1. the environment variable CONCORD_PASSWORD_<SYSTEM> (upper case, '-' -> '_'),
//     for scheduled runs and CI;
//  2. the OS keyring through qtkeychain (service "concord", key "<system>@<host>:<port>/<db>"),
//     only when a desktop session bus exists, so a headless run never blocks on a prompt.
// No password found is not an error: the server may use trust or peer authentication, and
// if it does not, the connection error says so.
namespace Credentials {

QString environmentVariable(const QString& systemName);
QString keyringKey(const SystemConfig& system);
Result<QString> password(const SystemConfig& system);
Result<void> storeInKeyring(const SystemConfig& system, const QString& password);

} // namespace Credentials

} // namespace concord
