#include "MappingModel.h"

#include "normalize/Normalize.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QSet>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace concord {

MappingModel::MappingModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void MappingModel::setSystem(const SystemConfig& system, const QList<FieldMapping>& saved,
                             const QList<CanonicalField>& fields, const SourceSample& sample)
{
    beginResetModel();
    m_system = system;
    m_fields = fields;
    m_addedFields.clear();
    m_columns = sample.columns;
    m_rows = sample.preview;
    m_saved.clear();
    for (const ColumnInfo& c : std::as_const(m_columns)) {
        QString field;
        for (const FieldMapping& m : saved) {
            if (m.system == system.name && m.column == c.name)
                field = m.field;
        }
        m_saved << field;
    }
    // A saved mapping of a column the source no longer has stays visible, so it can be removed.
    for (const FieldMapping& m : saved) {
        if (m.system == system.name && rowOfColumn(m.column) < 0) {
            m_columns.append(ColumnInfo{m.column, tr("(not in the source)"), false});
            m_saved << m.field;
        }
    }
    m_pending = m_saved;
    m_samples.clear();
    m_failures.clear();
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        m_samples.append(QList<SampleValue>());
        m_failures.append(0);
        normalizeSample(static_cast<int>(i));
    }
    endResetModel();
    Q_EMIT pendingChanged();
}

void MappingModel::clear()
{
    beginResetModel();
    m_system = SystemConfig();
    m_columns.clear();
    m_rows.clear();
    m_saved.clear();
    m_pending.clear();
    m_samples.clear();
    m_failures.clear();
    m_addedFields.clear();
    endResetModel();
    Q_EMIT pendingChanged();
}

void MappingModel::revertPending()
{
    for (const CanonicalField& added : std::as_const(m_addedFields))
        m_fields.removeIf([&](const CanonicalField& f) { return f.name == added.name; });
    m_addedFields.clear();
    for (int row = 0; row < m_pending.size(); ++row) {
        if (m_pending[row] != m_saved[row]) {
            m_pending[row] = m_saved[row];
            normalizeSample(row);
        }
    }
    if (!m_pending.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    Q_EMIT pendingChanged();
}

void MappingModel::addField(const CanonicalField& field)
{
    m_fields.append(field);
    m_addedFields.append(field);
    Q_EMIT pendingChanged();
}

QList<FieldMapping> MappingModel::savedMappings() const
{
    QList<FieldMapping> list;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (!m_saved[i].isEmpty())
            list.append(FieldMapping{m_system.name, m_columns[i].name, m_saved[i]});
    }
    return list;
}

QList<FieldMapping> MappingModel::pendingMappings() const
{
    QList<FieldMapping> list;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (!m_pending[i].isEmpty())
            list.append(FieldMapping{m_system.name, m_columns[i].name, m_pending[i]});
    }
    return list;
}

bool MappingModel::isDirty() const
{
    return m_pending != m_saved || !m_addedFields.isEmpty();
}

QStringList MappingModel::problems() const
{
    QStringList list;
    QHash<QString, QString> columnOfField;
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        const QString& field = m_pending[i];
        if (field.isEmpty())
            continue;
        if (columnOfField.contains(field))
            list << tr("%1 is fed by two columns, %2 and %3")
                        .arg(field, columnOfField.value(field), m_columns[i].name);
        columnOfField.insert(field, m_columns[i].name);
    }
    return list;
}

QString MappingModel::fieldOf(int row) const
{
    return row >= 0 && row < m_pending.size() ? m_pending[row] : QString();
}

void MappingModel::setFieldOf(int row, const QString& field)
{
    if (row < 0 || row >= m_pending.size() || m_pending[row] == field)
        return;
    m_pending[row] = field;
    normalizeSample(row);
    Q_EMIT dataChanged(index(row, 0), index(row, ColumnCount - 1));
    Q_EMIT pendingChanged();
}

int MappingModel::rowOfColumn(const QString& column) const
{
    for (qsizetype i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].name == column)
            return static_cast<int>(i);
    }
    return -1;
}

QString MappingModel::ruleOf(const QString& field) const
{
    for (const CanonicalField& f : m_fields) {
        if (f.name == field)
            return f.type;
    }
    return QString();
}

QList<MappingModel::SampleValue> MappingModel::sampleOf(int row) const
{
    return m_samples.value(row);
}

void MappingModel::normalizeSample(int row)
{
    // Once per change of the column's field, not once per paint.
    QList<SampleValue> list;
    const QString rule = ruleOf(m_pending[row]);
    NormalizeContext ctx;
    if (!m_system.defaultRegion.isEmpty())
        ctx.defaultRegion = m_system.defaultRegion;
    if (!m_system.dateOrder.isEmpty())
        ctx.dateOrder = m_system.dateOrder;
    int failed = 0;
    for (const QStringList& values : std::as_const(m_rows)) {
        SampleValue v;
        v.raw = values.value(row);
        if (!rule.isEmpty()) {
            const Normalized n = Normalizer::apply(rule, v.raw, ctx);
            v.normalized = n.value;
            v.problem = n.problem;
            failed += n.problem.isEmpty() ? 0 : 1;
        }
        list.append(v);
    }
    m_samples[row] = list;
    m_failures[row] = failed;
}

int MappingModel::failuresOf(int row) const
{
    return m_failures.value(row);
}

QString MappingModel::identityRoleOf(const QString& column) const
{
    if (column == m_system.keyColumn)
        return tr("the key (source id)");
    if (column == m_system.versionColumn)
        return tr("the version");
    if (column == m_system.softDeleteColumn)
        return tr("the soft-delete flag");
    for (const ColumnInfo& c : m_columns) {
        if (c.name == column && c.primaryKey && m_system.keyColumn.isEmpty())
            return tr("the key (primary key)");
    }
    return QString();
}

int MappingModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_columns.size());
}

int MappingModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant MappingModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const ColumnInfo& column = m_columns[row];
    const QString& field = m_pending[row];
    const bool changed = field != m_saved[row];
    const QString identity = identityRoleOf(column.name);
    if (role == Qt::DisplayRole || role == Qt::EditRole) {
        switch (index.column()) {
        case ColumnColumn:
            return column.name;
        case SourceTypeColumn:
            return column.type;
        case FieldColumn:
            if (role == Qt::EditRole)
                return field;
            if (!field.isEmpty())
                return changed ? tr("\u2192 %1 *").arg(field) : tr("\u2192 %1").arg(field);
            if (!identity.isEmpty())
                return identity;
            return changed ? tr("not mapped *") : tr("not mapped (custom column)");
        case RuleColumn:
            return field.isEmpty() ? QString() : ruleOf(field);
        case SampleColumn: {
            for (const SampleValue& v : sampleOf(row)) {
                if (v.raw.isEmpty())
                    continue;
                if (field.isEmpty())
                    return v.raw;
                return v.problem.isEmpty() ? tr("%1 \u2192 %2").arg(v.raw, v.normalized)
                                           : tr("%1 \u2192 \u26A0 %2").arg(v.raw, v.problem);
            }
            return QString();
        }
        case FailsColumn: {
            if (field.isEmpty() || m_rows.isEmpty())
                return QString();
            const int failed = failuresOf(row);
            return failed == 0 ? tr("none of %1").arg(m_rows.size())
                               : tr("%1 of %2").arg(failed).arg(m_rows.size());
        }
        default:
            return {};
        }
    }
    if (role == FieldNameRole && index.column() == FieldColumn)
        return field;
    if (role == FailCountRole && index.column() == FailsColumn)
        return failuresOf(row);
    if (role == Qt::FontRole) {
        QFont font;
        font.setBold(index.column() == FieldColumn && !field.isEmpty());
        font.setItalic(changed);
        return font;
    }
    if (role == Qt::ForegroundRole) {
        if (index.column() == FieldColumn && field.isEmpty() && identity.isEmpty())
            return QBrush(QColor(0x9a, 0x5b, 0x00)); // a custom column: read, reported, never dropped
        if (index.column() == FailsColumn && failuresOf(row) > 0)
            return QBrush(QColor(0xb9, 0x1c, 0x1c));
    }
    if (role == Qt::ToolTipRole && index.column() == FieldColumn)
        return tr("Double-click or press F2 to choose the canonical field this column feeds");
    return {};
}

QVariant MappingModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ColumnColumn:
        return tr("Column");
    case SourceTypeColumn:
        return tr("Type in the source");
    case FieldColumn:
        return tr("Canonical field");
    case RuleColumn:
        return tr("Normalized as");
    case SampleColumn:
        return tr("Sample value \u2192 normalized");
    case FailsColumn:
        return tr("Fails");
    default:
        return {};
    }
}

Qt::ItemFlags MappingModel::flags(const QModelIndex& index) const
{
    Qt::ItemFlags f = QAbstractTableModel::flags(index);
    if (index.isValid() && index.column() == FieldColumn)
        f |= Qt::ItemIsEditable;
    return f;
}

bool MappingModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (role != Qt::EditRole || !checkIndex(index, CheckIndexOption::IndexIsValid) ||
        index.column() != FieldColumn)
        return false;
    const QString field = value.toString();
    if (!field.isEmpty() && ruleOf(field).isEmpty())
        return false;
    const QString before = m_pending[index.row()];
    if (before == field)
        return false;
    if (m_stack)
        m_stack->push(
            new EditMappingCommand(this, m_system.name, m_columns[index.row()].name, before, field));
    else
        setFieldOf(index.row(), field);
    return true;
}

EditMappingCommand::EditMappingCommand(MappingModel* model, QString system, QString column, QString before,
                                       QString after)
    : QUndoCommand(
          after.isEmpty()
              ? QCoreApplication::translate("concord::MappingModel", "Unmap %1.%2").arg(system, column)
              : QCoreApplication::translate("concord::MappingModel", "Map %1.%2 to %3")
                    .arg(system, column, after))
    , m_model(model)
    , m_system(std::move(system))
    , m_column(std::move(column))
    , m_before(std::move(before))
    , m_after(std::move(after))
{}

void EditMappingCommand::redo()
{
    set(m_after);
}

void EditMappingCommand::undo()
{
    set(m_before);
}

void EditMappingCommand::set(const QString& field)
{
    // The editor moved to another system (whose edits were saved or discarded): this step no
    // longer has a column to act on.
    if (!m_model || m_model->system().name != m_system || m_model->rowOfColumn(m_column) < 0) {
        setObsolete(true);
        return;
    }
    m_model->setFieldOf(m_model->rowOfColumn(m_column), field);
}

} // namespace concord
