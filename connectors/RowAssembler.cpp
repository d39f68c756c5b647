#include "RowAssembler.h"

#include "RowVersion.h"

namespace concord {

namespace {
int indexOf(const QList<ColumnInfo>& columns, const QString& name)
{
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i].name == name)
            return i;
    }
    // Databases differ in identifier case folding; accept a unique case-insensitive match.
    int found = -1;
    for (int i = 0; i < columns.size(); ++i) {
        if (columns[i].name.compare(name, Qt::CaseInsensitive) == 0) {
            if (found >= 0)
                return -1;
            found = i;
        }
    }
    return found;
}

} // namespace

int RowAssembler::columnIndex(const QList<ColumnInfo>& columns, const QString& name)
{
    return indexOf(columns, name);
}

namespace {
QString describe(const QString& system, const QString& origin)
{
    return system.isEmpty() ? origin : QStringLiteral("system '%1' (%2)").arg(system, origin);
}
} // namespace

Result<RowAssembler> RowAssembler::create(const QList<ColumnInfo>& columns, const QString& keyColumn,
                                          const QString& versionColumn, const QString& origin,
                                          const QString& system)
{
    RowAssembler assembler;
    if (!keyColumn.isEmpty()) {
        const int index = indexOf(columns, keyColumn);
        if (index < 0)
            return makeError(QStringLiteral("%1: key column '%2' does not exist")
                                 .arg(describe(system, origin), keyColumn));
        assembler.m_keyIndexes.append(index);
    } else {
        for (int i = 0; i < columns.size(); ++i) {
            if (columns[i].primaryKey)
                assembler.m_keyIndexes.append(i);
        }
        if (assembler.m_keyIndexes.isEmpty())
            return makeError(QStringLiteral("%1 has no primary key and no key column is configured")
                                 .arg(describe(system, origin)),
                             ErrorKind::NoKeyColumn, system);
    }
    if (!versionColumn.isEmpty()) {
        assembler.m_versionIndex = indexOf(columns, versionColumn);
        if (assembler.m_versionIndex < 0)
            return makeError(QStringLiteral("%1: version column '%2' does not exist")
                                 .arg(describe(system, origin), versionColumn));
    }
    return assembler;
}

void RowAssembler::assemble(SourceRow& row) const
{
    if (m_keyIndexes.size() == 1) {
        row.sourceId = row.values.at(m_keyIndexes.first());
    } else {
        QString id;
        for (int i = 0; i < m_keyIndexes.size(); ++i) {
            if (i > 0)
                id += KeySeparator;
            id += row.values.at(m_keyIndexes[i]);
        }
        row.sourceId = id;
    }
    // A null version column value (a row never stamped) falls back to the row hash, so a
    // later edit of that row is still detected.
    if (m_versionIndex >= 0 && !row.values.at(m_versionIndex).isNull())
        row.version = RowVersion::fromColumn(row.values.at(m_versionIndex));
    else
        row.version = RowVersion::fromValues(row.values);
}

} // namespace concord
