#pragma once

#include "Result.h"
#include "SourceRow.h"

#include <QList>
#include <QString>

namespace concord {

// Shared by every connector: resolves which columns make the source id and the version
// token, then turns a row's raw values into a SourceRow. Keeping this in one place means
// the snapshot and apply's pre-write re-read compute ids and versions identically.
class RowAssembler
{
public:
    // origin names the file or table in errors; system names the workspace system.
    static Result<RowAssembler> create(const QList<ColumnInfo>& columns, const QString& keyColumn,
                                       const QString& versionColumn, const QString& origin,
                                       const QString& system);

    // Fills row.sourceId and row.version from row.values.
    void assemble(SourceRow& row) const;

    const QList<int>& keyIndexes() const { return m_keyIndexes; }
    int versionIndex() const { return m_versionIndex; }

    // The index of a column by name (exact, else a unique case-insensitive match), or -1.
    static int columnIndex(const QList<ColumnInfo>& columns, const QString& name);

    static constexpr QChar KeySeparator = QChar(0x1F); // joins composite keys

private:
    QList<int> m_keyIndexes;
    int m_versionIndex = -1;
};

} // namespace concord
