#pragma once

#include "Result.h"
#include "WorkspaceTypes.h"

#include <QByteArray>
#include <QJsonObject>

namespace concord {

// The whole workspace configuration as readable JSON, for version control and for loading
// into a new workspace. Secrets are never part of it. Format (version 1):
// { "format": "concord-config", "version": 1,
//   "systems": [ { "name", "driver", "host", "port", "database", "user", "entity",
//                  "keyColumn", "versionColumn", "defaultRegion", "dateOrder" } ],
//   "fields": [ { "name", "type", "description" } ],
//   "mappings": { "<system>": { "<column>": "<field>" } },
//   "matching": { "keys", "derived", "blocking", "comparators", "thresholds" } (optional; see MatchConfig) }
namespace ConfigJson {

QJsonObject toJson(const WorkspaceConfig& config);
QByteArray toBytes(const WorkspaceConfig& config);
// origin names the file in errors.
Result<WorkspaceConfig> fromBytes(const QByteArray& bytes, const QString& origin);

} // namespace ConfigJson

} // namespace concord
