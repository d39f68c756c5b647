#include "WorkspaceTypes.h"

namespace concord {

bool SystemConfig::isFile() const
{
    const QString d = driver.toLower();
    return d == QLatin1String("sqlite") || d == QLatin1String("csv") || d == QLatin1String("json");
}

} // namespace concord
