#pragma once

#include "match/MatchConfig.h"

#include <QList>
#include <QString>

#include <optional>

namespace concord {

// A system the steward reconciles: where it is and how its rows are identified.
// No password here, ever: see Credentials.
struct SystemConfig
{
    QString name;   // unique, e.g. "crm"
    QString driver; // sqlite, postgresql, mariadb, csv, json
    QString host;
    int port = 0;
    QString database; // database name, or a file path (relative paths are relative to the workspace)
    QString user;
    QString entity;        // table, or file base name
    QString keyColumn;     // empty = primary key
    QString versionColumn; // empty = row hash
    QString defaultRegion; // phone parsing region, e.g. "US"
    QString dateOrder;     // "MDY", "DMY" or "YMD"

    bool isFile() const; // sqlite, csv, json
    bool isServer() const { return !isFile(); }
};

// A field of the business entity, independent of any one system ("email", "state").
struct CanonicalField
{
    QString name;
    QString type = QStringLiteral("text");
    QString description;
};

// system.column -> canonical field
struct FieldMapping
{
    QString system;
    QString column;
    QString field;
};

// Everything a workspace is configured with, as exported to / imported from JSON.
struct WorkspaceConfig
{
    QList<SystemConfig> systems;
    QList<CanonicalField> fields;
    QList<FieldMapping> mappings;
    std::optional<MatchConfig> matching; // absent: the rules suggested from the fields' types

    QList<MatchField> matchFields() const;
};

} // namespace concord
