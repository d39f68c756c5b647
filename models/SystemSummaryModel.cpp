#include "SystemSummaryModel.h"

#include <QBrush>
#include <QColor>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace concord {

SystemSummaryModel::SystemSummaryModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void SystemSummaryModel::setReports(const QList<SystemLoadReport>& reports)
{
    beginResetModel();
    m_reports = reports;
    endResetModel();
}

qint64 SystemSummaryModel::totalRecords() const
{
    qint64 total = 0;
    for (const SystemLoadReport& r : m_reports)
        total += r.rows;
    return total;
}

int SystemSummaryModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_reports.size());
}

int SystemSummaryModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant SystemSummaryModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const SystemLoadReport& r = m_reports.at(index.row());
    const bool failed = !r.error.isEmpty();
    QStringList mapped;
    for (const FieldMapping& m : r.mapped)
        mapped << (m.column == m.field ? m.field : m.column + u" \u2192 "_s + m.field);

    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case SystemColumn:
            return r.system;
        case DriverColumn:
            return r.driver;
        case SourceColumn:
            return r.location;
        case RecordsColumn:
            return failed ? QVariant() : QVariant(QLocale().toString(r.rows));
        case MappedColumn:
            return failed ? QVariant()
                          : QVariant(tr("%1 of %2 columns").arg(r.mapped.size()).arg(r.columns.size()));
        case UnmappedColumn:
            return failed ? QVariant()
                          : QVariant(r.unmappedColumns.isEmpty() ? u"none"_s
                                                                 : u"%1: %2"_s.arg(r.unmappedColumns.size())
                                                                       .arg(r.unmappedColumns.join(u", "_s)));
        case StatusColumn:
            return failed ? r.error : u"loaded in %1 s"_s.arg(r.seconds, 0, 'f', 2);
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (index.column() == MappedColumn)
            return mapped.join(u'\n');
        if (index.column() == UnmappedColumn)
            return r.unmappedColumns.join(u'\n');
        if (index.column() == StatusColumn)
            return failed ? r.error : QVariant();
    }
    if (role == Qt::TextAlignmentRole && index.column() == RecordsColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && failed)
        return QBrush(QColor(0xB0, 0x00, 0x20));
    if (role == Qt::UserRole && index.column() == RecordsColumn)
        return r.rows; // the raw count, for sorting and tests
    return {};
}

QVariant SystemSummaryModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SystemColumn:
        return tr("System");
    case DriverColumn:
        return tr("Kind");
    case SourceColumn:
        return tr("Source");
    case RecordsColumn:
        return tr("Records");
    case MappedColumn:
        return tr("Mapped fields");
    case UnmappedColumn:
        return tr("Unmapped columns");
    case StatusColumn:
        return tr("Status");
    default:
        return {};
    }
}

} // namespace concord
