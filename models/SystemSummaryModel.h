#pragma once

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
        MappedColumn,
        UnmappedColumn,
        StatusColumn,
        ColumnCount
    };

    explicit SystemSummaryModel(QObject* parent = nullptr);

    void setReports(const QList<SystemLoadReport>& reports);
    const QList<SystemLoadReport>& reports() const { return m_reports; }
    qint64 totalRecords() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<SystemLoadReport> m_reports;
};

} // namespace concord
