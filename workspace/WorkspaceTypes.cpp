#include "WorkspaceTypes.h"

namespace concord {

bool SystemConfig::isFile() const
{
    const QString d = driver.toLower();
    return d == QLatin1String("sqlite") || d == QLatin1String("csv") || d == QLatin1String("json");
}

QList<MatchField> WorkspaceConfig::matchFields() const
{
    QList<MatchField> list;
    for (const CanonicalField& f : fields)
        list.append(MatchField{f.name, f.type});
    return list;
}

} // namespace concord
