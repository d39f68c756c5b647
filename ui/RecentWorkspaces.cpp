#include "RecentWorkspaces.h"

#include <QFileInfo>
#include <QSettings>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
const QString kKey = u"recentWorkspaces"_s;
}

QStringList RecentWorkspaces::list()
{
    QStringList existing;
    for (const QString& path : QSettings().value(kKey).toStringList()) {
        if (QFileInfo::exists(path))
            existing << path;
    }
    return existing;
}

void RecentWorkspaces::add(const QString& path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    QStringList paths = QSettings().value(kKey).toStringList();
    paths.removeAll(absolute);
    paths.prepend(absolute);
    while (paths.size() > maxEntries)
        paths.removeLast();
    QSettings().setValue(kKey, paths);
}

QString RecentWorkspaces::last()
{
    return list().value(0);
}

} // namespace concord
