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
    m_probes.clear();
    endResetModel();
}

void SystemSummaryModel::setSystems(const QList<SystemConfig>& systems)
{
    m_systems.clear();
    for (const SystemConfig& s : systems)
        m_systems.insert(s.name, s);
    if (!m_reports.isEmpty())
        Q_EMIT dataChanged(index(0, WritesColumn), index(rowCount() - 1, WritesColumn));
}

void SystemSummaryModel::setProbe(const ConnectionProbe& probe)
{
    m_probes.insert(probe.system, probe);
    for (int row = 0; row < rowCount(); ++row) {
        if (m_reports.at(row).system == probe.system)
            Q_EMIT dataChanged(index(row, StatusColumn), index(row, StatusColumn));
    }
}

QString SystemSummaryModel::writesText(const SystemConfig& s)
{
    if (!s.isSqlDatabase())
        return tr("never (an export)");
    if (s.readOnly)
        return tr("read only");
    QStringList parts;
    parts << (s.hardDelete ? tr("merges delete rows")
              : s.softDeleteColumn.isEmpty()
                  ? tr("no deletes")
                  : tr("soft delete: %1 = %2")
                        .arg(s.softDeleteColumn, s.softDeleteValue.isEmpty() ? u"1"_s : s.softDeleteValue));
    if (s.stampVersion)
        parts << tr("stamps %1").arg(s.versionColumn);
    return parts.join(u", "_s);
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
    const auto probe = m_probes.constFind(r.system);
    const bool probed = probe != m_probes.cend();
    const bool failed = !r.error.isEmpty();
    const bool unreachable = probed ? !probe->ok() : failed;
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
        case LastReadColumn:
            return failed || !r.readAt.isValid()
                       ? QVariant()
                       : QVariant(QLocale().toString(r.readAt, QLocale::ShortFormat));
        case WritesColumn:
            return m_systems.contains(r.system) ? writesText(m_systems.value(r.system)) : QString();
        case StatusColumn:
            if (probed)
                return probe->ok() ? tr("reachable: %1 rows").arg(QLocale().toString(probe->rows))
                                   : probe->error;
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
            return probed && !probe->ok() ? probe->error : failed ? r.error : QVariant();
    }
    if (role == Qt::TextAlignmentRole && index.column() == RecordsColumn)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ForegroundRole && index.column() == StatusColumn && unreachable)
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
    case LastReadColumn:
        return tr("Last read");
    case WritesColumn:
        return tr("Writing back");
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
