#pragma once

#include "EntityView.h"

#include <QAbstractTableModel>

namespace concord {

// The side-by-side records of one customer: one row per canonical field, the resolved value
// and its rule, then one column per record (each system's record in its own column), fields
// aligned. The engine hands the rows already aligned (EntityView); this model only paints.
class EntityRecordsModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        FieldColumn,
        ResolvedColumn,
        RuleColumn,
        FirstRecordColumn
    };
    enum Role
    {
        DiffersRole = Qt::UserRole + 1, // bool: the record holds something other than the resolved value
        WinnerRole,                     // bool: the record's value is the one the rule chose
        FieldNameRole,
    };

    explicit EntityRecordsModel(QObject* parent = nullptr);

    void setView(EntityView view);
    void clear();
    const EntityView& view() const { return m_view; }
    bool isEmpty() const { return m_view.records.isEmpty(); }
    // The record and field of a cell; nullopt outside the record columns.
    std::optional<RecordRef> recordAt(const QModelIndex& index) const;
    const EntityField* fieldAt(int row) const;

    // "owner: crm", "most recent: quoting", ... in a steward's words.
    static QString ruleText(const EntityField& field);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QVariant recordCell(const EntityField& field, int record, int role) const;

    EntityView m_view;
};

} // namespace concord
