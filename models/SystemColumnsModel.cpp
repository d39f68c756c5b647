#include "SystemColumnsModel.h"

#include <QBrush>
#include <QColor>
#include <QFont>

using namespace Qt::StringLiterals;

namespace concord {

SystemColumnsModel::SystemColumnsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void SystemColumnsModel::setReport(const SystemLoadReport& report)
{
    beginResetModel();
    m_rows.clear();
    for (const ColumnInfo& c : report.columns) {
        Row row{c.name, c.type, Role::Unmapped, {}};
        for (const FieldMapping& m : report.mapped) {
            if (m.column == c.name) {
                row.role = Role::Mapped;
                row.field = m.field;
            }
        }
        if (row.role == Role::Unmapped && report.identityColumns.contains(c.name))
            row.role = c.name == report.versionColumn      ? Role::Version
                       : c.name == report.softDeleteColumn ? Role::SoftDelete
                                                           : Role::SourceId;
        m_rows.append(row);
    }
    endResetModel();
}

void SystemColumnsModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

SystemColumnsModel::Role SystemColumnsModel::roleOf(int row) const
{
    return m_rows.at(row).role;
}

int SystemColumnsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int SystemColumnsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SystemColumnsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& r = m_rows.at(index.row());
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn:
            return r.name;
        case TypeColumn:
            return r.type;
        case RoleColumn:
            switch (r.role) {
            case Role::Mapped:
                return tr("\u2192 %1").arg(r.field);
            case Role::SourceId:
                return tr("source id");
            case Role::Version:
                return tr("version token");
            case Role::SoftDelete:
                return tr("soft-delete flag (rows with it set are not read)");
            case Role::Unmapped:
                return tr("unmapped (custom field)");
            }
            return {};
        default:
            return {};
        }
    }
    if (role == Qt::ForegroundRole && index.column() == RoleColumn && r.role == Role::Unmapped)
        return QBrush(QColor(0x9A, 0x5B, 0x00));
    if (role == Qt::FontRole && index.column() == RoleColumn && r.role == Role::Mapped) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    return {};
}

QVariant SystemColumnsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Column");
    case TypeColumn:
        return tr("Type");
    case RoleColumn:
        return tr("Used as");
    default:
        return {};
    }
}

} // namespace concord
