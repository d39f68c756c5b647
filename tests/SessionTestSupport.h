// What the session and GUI tests share: a generated demo opened and run in a WorkspaceSession,
// and a hash of the workspace file (to prove a preview wrote nothing). Header-only.
#pragma once

#include "DemoWorkspace.h"
#include "WorkspaceSession.h"

#include <QCryptographicHash>
#include <QFile>
#include <QSignalSpy>

namespace concord::test {

using namespace Qt::StringLiterals;

inline QByteArray fileHash(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

// Runs the session's workspace and waits; false (with why in *message) when the run failed.
inline bool runAndWait(WorkspaceSession& session, QString* message = nullptr)
{
    QSignalSpy finished(&session, &WorkspaceSession::runFinished);
    session.run();
    if (!finished.wait(120000)) {
        if (message)
            *message = u"the run did not finish in 120 s"_s;
        return false;
    }
    if (message)
        *message = finished.first().at(1).toString();
    return finished.first().at(0).toBool();
}

// Generates a demo of `customers` (seed `seed`) under dir, opens it in `session` and runs it.
// Returns the workspace's path, or an empty string with why in *message.
inline QString openGeneratedDemo(WorkspaceSession& session, const QString& dir, qint64 customers,
                                 quint64 seed, QString* message)
{
    auto path = generateDemoWorkspace(dir, customers, seed);
    if (!path) {
        *message = path.errorString();
        return QString();
    }
    if (auto opened = session.open(*path); !opened) {
        *message = opened.errorString();
        return QString();
    }
    return runAndWait(session, message) ? *path : QString();
}

} // namespace concord::test
