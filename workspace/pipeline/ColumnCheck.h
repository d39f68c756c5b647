#pragma once

#include "Result.h"
#include "SourceRow.h"
#include "WorkspaceTypes.h"

#include <QList>
#include <QStringList>

namespace concord {

// A column that a system's configuration names and its source does not have.
struct MissingColumn
{
    enum class Role
    {
        Key,        // SystemConfig::keyColumn
        Version,    // SystemConfig::versionColumn
        SoftDelete, // SystemConfig::softDeleteColumn
        Mapped,     // a FieldMapping's column
    };
    Role role = Role::Mapped;
    QString column;
    QString field;     // Mapped: the canonical field the column feeds
    QString closeName; // a column that differs only in case, for "did you mean"; may be empty
};

// What reading a system needs of its source's columns (the key column or a declared primary
// key, the version and soft-delete columns, every mapped column), checked against the columns
// the source has before a row is read. A pure function of its arguments, so a dialog can check
// a system and mappings the steward is still editing against columns it listed itself.
struct ColumnCheck
{
    QString system;
    QString entity;
    QStringList available; // the source's columns, in its order
    QList<MissingColumn> missing;
    bool noPrimaryKey = false; // no key column is configured and the source declares no primary key

    bool ok() const { return missing.isEmpty() && !noPrimaryKey; }
    // One message naming every problem and listing the columns that do exist; kind NoKeyColumn
    // (subject: the system) when the source has no key to identify rows by. An empty error when ok.
    Error error() const;
    Result<void> result() const;
};

ColumnCheck checkColumns(const SystemConfig& system, const QList<FieldMapping>& mappings,
                         const QList<ColumnInfo>& columns);

} // namespace concord
