#include "Remedies.h"

#include <QCoreApplication>

namespace concord {

QString windowRemedy(const Error& error)
{
    auto tr = [](const char* text) {
        return QCoreApplication::translate("Remedies", text);
    };
    switch (error.kind) {
    case ErrorKind::InvalidOwnership:
        return tr("Open the Ownership tab (Ctrl+3) and give each flagged field exactly one owner, then run "
                  "again (F5).");
    case ErrorKind::NoSystems:
        return tr("This workspace has no systems yet. Add them with concord-cli systems add (adding systems "
                  "in the window comes with the systems dialog), then run again (F5).");
    case ErrorKind::NoKeyColumn:
        return tr("System %1 needs a key column: set one with concord-cli systems add --key, then run "
                  "again (F5).")
            .arg(error.subject);
    case ErrorKind::ReadOnlySystem:
        return tr("System %1 is read-only in this workspace; change its write settings to write to it.")
            .arg(error.subject);
    case ErrorKind::Cancelled:
        return tr("The results of the last run are still shown; run again (F5) when ready.");
    case ErrorKind::NotFound:
    case ErrorKind::Failed:
        break;
    }
    return tr("Fix the system or mapping the message names, then run again (F5).");
}

} // namespace concord
