#pragma once

#include "ConnectionProbe.h"
#include "SnapshotLoader.h"

#include <QAbstractTableModel>

namespace concord {

// One row per workspace system: where it is, how many records were read, which columns
// feed canonical fields and which are unmapped (custom fields), or why it failed to load.
class SystemSummaryModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        SystemColumn,
        DriverColumn,
        SourceColumn,
        RecordsColumn,
        LastReadColumn,
        MappedColumn,
        UnmappedColumn,
        WritesColumn,
        StatusColumn,
        ColumnCount
    };

    explicit SystemSummaryModel(QObject* parent = nullptr);

    void setReports(const QList<SystemLoadReport>& reports);
    // The systems' settings (for the write-back column); a report's system not among them shows
    // no write settings.
    void setSystems(const QList<SystemConfig>& systems);
    // A connection test's answer, shown in the status column until the next read.
    void setProbe(const ConnectionProbe& probe);
    // What a system's write settings mean: "read only", "soft delete: deleted = 1", ...
    static QString writesText(const SystemConfig& system);
    const QList<SystemLoadReport>& reports() const { return m_reports; }
    qint64 totalRecords() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SystemLoadReport> m_reports;
    QHash<QString, SystemConfig> m_systems;
    QHash<QString, ConnectionProbe> m_probes;
};

} // namespace concord
