#pragma once

#include "Connector.h"
#include "WorkspaceTypes.h"

#include <QList>
#include <QStringList>

namespace concord {

// What a system holds, as a dialog shows it before the system is saved: the tables it offers,
// the chosen table's columns and row count, its first rows as parsed, and for a file how it was
// read (delimiter, header, encoding). Read on a worker thread; nothing is written anywhere.
struct SourceSample
{
    QStringList entities;       // tables and views (SQL); the file's one entity (CSV, JSON)
    QString entity;             // the entity the columns and rows are of; empty when none was chosen
    QList<ColumnInfo> columns;  // of that entity
    qint64 rows = -1;           // its row count
    QList<QStringList> preview; // its first rows, one value per column
    QString format;             // files: "CSV, delimiter ';', UTF-8 with a BOM, header row"
    QString error;              // the exact error (connection, file, table), empty when it answered

    bool ok() const { return error.isEmpty(); }
    QStringList columnNames() const;
};

// Connects with a system's settings as typed (not yet stored). Relative file paths are taken
// from baseDir (the workspace's folder); a non-empty password is used instead of the keyring's
// or the environment's. With no entity chosen, only the entity list is read.
SourceSample sampleSource(const SystemConfig& draft, const QString& baseDir, const QString& password,
                          int previewRows = 8);

} // namespace concord
