#include "AuditLogModel.h"

#include <QBrush>
#include <QColor>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString shown(const JournalEntry& e, const QString& value)
{
    if (e.operation != "update"_L1)
        return value.isNull() ? QString() : AuditLogModel::tr("(whole row)");
    return value.isNull() ? AuditLogModel::tr("NULL") : value;
}
} // namespace

AuditLogModel::AuditLogModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void AuditLogModel::setRows(QList<AuditRow> rows)
{
    beginResetModel();
    m_rows = std::move(rows);
    endResetModel();
}

int AuditLogModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int AuditLogModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditLogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AuditRow& row = m_rows[index.row()];
    const JournalEntry& e = row.entry;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case BatchColumn:
            return e.batch;
        case AtColumn:
            return e.at;
        case StewardColumn:
            return e.steward;
        case SystemColumn:
            return e.system;
        case TableColumn:
            return e.table;
        case RowColumn:
            return e.rowId;
        case FieldColumn:
            return e.operation == "update"_L1
                       ? e.field
                       : tr("row %1").arg(e.operation == "delete"_L1 ? tr("deleted") : tr("restored"));
        case BeforeColumn:
            return shown(e, e.before);
        case AfterColumn:
            return shown(e, e.after);
        case RuleColumn:
            return e.rule;
        case ReasonColumn:
            return e.reason;
        default:
            return {};
        }
    }
    if (role == Qt::ToolTipRole) {
        if (row.redacted && (index.column() == BeforeColumn || index.column() == AfterColumn))
            return tr("A sensitive field: its values are not shown (concord-cli audit --include-sensitive)");
        if (index.column() == BeforeColumn || index.column() == AfterColumn)
            return index.column() == BeforeColumn ? e.before : e.after;
        if (index.column() == ReasonColumn)
            return e.reason;
    }
    if (role == Qt::ForegroundRole && row.redacted &&
        (index.column() == BeforeColumn || index.column() == AfterColumn))
        return QBrush(QColor(0x64, 0x74, 0x8b));
    return {};
}

QVariant AuditLogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case BatchColumn:
        return tr("Batch");
    case AtColumn:
        return tr("Written at");
    case StewardColumn:
        return tr("Steward");
    case SystemColumn:
        return tr("System");
    case TableColumn:
        return tr("Table");
    case RowColumn:
        return tr("Row");
    case FieldColumn:
        return tr("Field");
    case BeforeColumn:
        return tr("Before");
    case AfterColumn:
        return tr("After");
    case RuleColumn:
        return tr("Rule");
    case ReasonColumn:
        return tr("Why");
    default:
        return {};
    }
}

AuditLogFilter::AuditLogFilter(QObject* parent)
    : QSortFilterProxyModel(parent)
{
    setSortCaseSensitivity(Qt::CaseInsensitive);
}

void AuditLogFilter::setCriteria(const Criteria& criteria)
{
    if (criteria == m_criteria)
        return;
    m_criteria = criteria;
    invalidateFilter();
}

QList<AuditRow> AuditLogFilter::shownRows() const
{
    QList<AuditRow> list;
    const auto* model = qobject_cast<const AuditLogModel*>(sourceModel());
    if (!model)
        return list;
    for (int row = 0; row < rowCount(); ++row)
        list.append(model->row(mapToSource(index(row, 0)).row()));
    return list;
}

bool AuditLogFilter::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    const auto* model = qobject_cast<const AuditLogModel*>(sourceModel());
    if (!model)
        return true;
    const JournalEntry& e = model->row(sourceRow).entry;
    const Criteria& c = m_criteria;
    auto is = [](const QString& wanted, const QString& value) {
        return wanted.isEmpty() || wanted == value;
    };
    if (!is(c.batch, e.batch) || !is(c.system, e.system) || !is(c.table, e.table) || !is(c.field, e.field) ||
        !is(c.steward, e.steward) || !is(c.rule, e.rule))
        return false;
    if (c.since.isValid()) {
        const QDateTime at = QDateTime::fromString(e.at, Qt::ISODateWithMs);
        if (at.isValid() && at < c.since)
            return false;
    }
    if (c.text.isEmpty())
        return true;
    for (const QString* value : {&e.rowId, &e.before, &e.after, &e.reason, &e.field, &e.system, &e.batch}) {
        if (value->contains(c.text, Qt::CaseInsensitive))
            return true;
    }
    return false;
}

} // namespace concord
