#pragma once

#include "AuditTrail.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSortFilterProxyModel>

namespace concord {

// The audit trail as a table: one row per written change (a field, or a deleted or restored
// row), sensitive values already redacted by auditRows().
class AuditLogModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        BatchColumn,
        AtColumn,
        StewardColumn,
        SystemColumn,
        TableColumn,
        RowColumn,
        FieldColumn,
        BeforeColumn,
        AfterColumn,
        RuleColumn,
        ReasonColumn,
        ColumnCount
    };

    explicit AuditLogModel(QObject* parent = nullptr);

    void setRows(QList<AuditRow> rows);
    const QList<AuditRow>& rows() const { return m_rows; }
    const AuditRow& row(int index) const { return m_rows.at(index); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<AuditRow> m_rows;
};

// What the audit view shows: rows of one batch, system, table, field, steward and rule (each
// empty = any), written at or after `since`, holding `text` anywhere; sortable by any column.
class AuditLogFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    struct Criteria
    {
        QString batch;
        QString system;
        QString table;
        QString field;
        QString steward;
        QString rule;
        QDateTime since; // invalid = any time
        QString text;
        bool operator==(const Criteria&) const = default;
    };

    explicit AuditLogFilter(QObject* parent = nullptr);
    void setCriteria(const Criteria& criteria);
    const Criteria& criteria() const { return m_criteria; }
    // The audit rows shown, in the order shown (what Export writes).
    QList<AuditRow> shownRows() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    Criteria m_criteria;
};

} // namespace concord
