#pragma once

#include "Cli.h"
#include "Workspace.h"

#include <memory>

namespace concord::cli {

// Opens the workspace named on the command line, printing the error and setting the
// workspace exit code when it cannot be opened.
inline std::unique_ptr<Workspace> openWorkspace(Command& command, const QString& path, int* exitCode)
{
    auto ws = Workspace::open(path);
    if (!ws) {
        *exitCode = command.fail(ExitWorkspace, ws.errorString());
        return nullptr;
    }
    return std::move(*ws);
}

// Splits "systems add ..." into the action and the action's own arguments.
inline QString takeAction(QStringList& args)
{
    if (args.size() < 2 || args[1].startsWith(u'-'))
        return QString();
    return args.takeAt(1);
}

} // namespace concord::cli
