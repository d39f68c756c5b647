#include "ColumnCheck.h"

#include "RowAssembler.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// A column whose name differs from `name` only in case: the likeliest typo to point at.
QString differingInCase(const QStringList& available, const QString& name)
{
    for (const QString& column : available) {
        if (column.compare(name, Qt::CaseInsensitive) == 0 && column != name)
            return column;
    }
    return {};
}

QString describe(const MissingColumn& m, const QString& entity)
{
    QString text;
    switch (m.role) {
    case MissingColumn::Role::Key:
        text = u"key column '%1' does not exist in '%2'"_s.arg(m.column, entity);
        break;
    case MissingColumn::Role::Version:
        text = u"version column '%1' does not exist in '%2'"_s.arg(m.column, entity);
        break;
    case MissingColumn::Role::SoftDelete:
        text = u"soft-delete column '%1' does not exist in '%2'"_s.arg(m.column, entity);
        break;
    case MissingColumn::Role::Mapped:
        text = u"mapping %1 -> %2 names column '%1', which does not exist in '%3'"_s.arg(m.column, m.field,
                                                                                         entity);
        break;
    }
    if (!m.closeName.isEmpty())
        text += u" (there is '%1')"_s.arg(m.closeName);
    return text;
}
} // namespace

ColumnCheck checkColumns(const SystemConfig& system, const QList<FieldMapping>& mappings,
                         const QList<ColumnInfo>& columns)
{
    ColumnCheck check;
    check.system = system.name;
    check.entity = system.entity;
    for (const ColumnInfo& c : columns)
        check.available << c.name;
    // Key, version and soft-delete columns are found as the connectors find them (a unique
    // case-insensitive match will do); mapped columns must match exactly, as loading needs.
    auto require = [&](MissingColumn::Role role, const QString& column) {
        if (!column.isEmpty() && RowAssembler::columnIndex(columns, column) < 0)
            check.missing.append(MissingColumn{role, column, {}, differingInCase(check.available, column)});
    };
    if (system.keyColumn.isEmpty())
        check.noPrimaryKey =
            std::none_of(columns.cbegin(), columns.cend(), [](const ColumnInfo& c) { return c.primaryKey; });
    require(MissingColumn::Role::Key, system.keyColumn);
    require(MissingColumn::Role::Version, system.versionColumn);
    // Only databases are read with a soft-delete filter; exports cannot have one configured.
    if (system.isSqlDatabase())
        require(MissingColumn::Role::SoftDelete, system.softDeleteColumn);
    for (const FieldMapping& m : mappings) {
        if (m.system == system.name && !check.available.contains(m.column))
            check.missing.append(MissingColumn{MissingColumn::Role::Mapped, m.column, m.field,
                                               differingInCase(check.available, m.column)});
    }
    return check;
}

Error ColumnCheck::error() const
{
    if (ok())
        return makeError(QString());
    QStringList problems;
    if (noPrimaryKey)
        problems << u"'%1' has no primary key and no key column is configured"_s.arg(entity);
    for (const MissingColumn& m : missing)
        problems << describe(m, entity);
    const QString message = u"system '%1': %2. The columns of '%3' are: %4"_s.arg(
        system, problems.join(u"; "_s), entity, available.isEmpty() ? u"(none)"_s : available.join(u", "_s));
    return makeError(message, noPrimaryKey ? ErrorKind::NoKeyColumn : ErrorKind::Failed,
                     noPrimaryKey ? system : QString());
}

Result<void> ColumnCheck::result() const
{
    if (ok())
        return {};
    return error();
}

} // namespace concord
