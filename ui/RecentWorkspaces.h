#pragma once

#include <QStringList>

namespace concord {

// The workspaces a steward opened lately, newest first, kept in QSettings; files that no
// longer exist are left out when read.
class RecentWorkspaces
{
public:
    static constexpr int maxEntries = 8;
    static QStringList list();
    static void add(const QString& path);
    static QString last(); // the newest that still exists, or empty
};

} // namespace concord
