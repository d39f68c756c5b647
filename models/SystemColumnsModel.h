#pragma once

#include "SnapshotLoader.h"

#include <QAbstractTableModel>

namespace concord {

// The columns of one loaded system and what each is used for: mapped to a canonical
// field, the source id or version, or unmapped (a custom field, reported, never dropped).
class SystemColumnsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        NameColumn,
        TypeColumn,
        RoleColumn,
        ColumnCount
    };
    enum class Role
    {
        Mapped,
        SourceId,
        Version,
        SoftDelete,
        Unmapped
    };

    explicit SystemColumnsModel(QObject* parent = nullptr);

    void setReport(const SystemLoadReport& report);
    void clear();
    Role roleOf(int row) const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    struct Row
    {
        QString name;
        QString type;
        Role role = Role::Unmapped;
        QString field; // the canonical field when mapped
    };
    QList<Row> m_rows;
};

} // namespace concord
