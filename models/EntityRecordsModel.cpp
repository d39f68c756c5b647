#include "EntityRecordsModel.h"

#include "CellGlyphs.h"
#include "ReconcileGridModel.h"

#include <QBrush>
#include <QFont>
#include <QPainter>
#include <QPixmap>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QColor differsColor()
{
    return QColor(239, 68, 68, 70); // red, translucent: reads on light and dark palettes
}

QColor winnerColor()
{
    return QColor(34, 197, 94, 80); // green
}

// A check mark beside the winning value (the shape says it without colour).
QIcon winnerGlyph()
{
    static const QIcon icon = [] {
        QPixmap pixmap(12, 12);
        pixmap.fill(Qt::transparent);
        QPainter p(&pixmap);
        p.setRenderHint(QPainter::Antialiasing);
        p.setPen(QPen(QColor(21, 128, 61), 2));
        p.drawLine(QPointF(2, 6.5), QPointF(5, 9.5));
        p.drawLine(QPointF(5, 9.5), QPointF(10.5, 2.5));
        return QIcon(pixmap);
    }();
    return icon;
}
} // namespace

EntityRecordsModel::EntityRecordsModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void EntityRecordsModel::setView(EntityView view)
{
    beginResetModel();
    m_view = std::move(view);
    endResetModel();
}

void EntityRecordsModel::clear()
{
    setView(EntityView());
}

std::optional<RecordRef> EntityRecordsModel::recordAt(const QModelIndex& index) const
{
    const int record = index.column() - FirstRecordColumn;
    if (!index.isValid() || record < 0 || record >= m_view.records.size())
        return std::nullopt;
    return m_view.records[record];
}

const EntityField* EntityRecordsModel::fieldAt(int row) const
{
    return row >= 0 && row < m_view.fields.size() ? &m_view.fields[row] : nullptr;
}

QString EntityRecordsModel::ruleText(const EntityField& field)
{
    QString text;
    if (field.rule.isEmpty())
        text = field.state == CellState::Missing ? tr("blank in some system") : tr("all agree");
    else if (field.rule == "owner"_L1)
        text = tr("owner: %1").arg(field.winnerSystem);
    else if (field.rule == "recency"_L1)
        text = tr("most recent: %1").arg(field.winnerSystem);
    else if (field.rule == "priority"_L1)
        text = tr("priority: %1").arg(field.winnerSystem);
    else
        text = field.winnerSystem.isEmpty() ? field.rule : u"%1: %2"_s.arg(field.rule, field.winnerSystem);
    if (field.state == CellState::Review)
        text += tr(" \u2014 waits for review");
    return text;
}

int EntityRecordsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_view.fields.size());
}

int EntityRecordsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || m_view.records.isEmpty()
               ? 0
               : FirstRecordColumn + static_cast<int>(m_view.records.size());
}

QVariant EntityRecordsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const EntityField& field = m_view.fields[index.row()];
    if (role == FieldNameRole)
        return field.name;
    switch (index.column()) {
    case FieldColumn:
        if (role == Qt::DisplayRole)
            return field.name;
        if (role == Qt::ToolTipRole)
            return tr("%1 (%2)").arg(field.name, field.type);
        if (role == Qt::FontRole && field.state != CellState::Agree) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return QVariant();
    case ResolvedColumn:
        if (role == Qt::DisplayRole)
            return field.resolved;
        if (role == Qt::BackgroundRole) {
            const QColor c = ReconcileGridModel::stateColor(field.state);
            return c.isValid() ? QVariant(c) : QVariant();
        }
        if (role == Qt::DecorationRole)
            return cellGlyph(field.state);
        if (role == Qt::ToolTipRole) {
            QString tip = tr("%1\nrule: %2%3")
                              .arg(ReconcileGridModel::stateName(field.state),
                                   field.rule.isEmpty() ? tr("none needed") : field.rule,
                                   field.reason.isEmpty() ? QString() : u" ("_s + field.reason + u")"_s);
            if (!field.reviewReason.isEmpty())
                tip += u"\n"_s + field.reviewReason;
            return tip;
        }
        return QVariant();
    case RuleColumn:
        if (role == Qt::DisplayRole)
            return ruleText(field);
        if (role == Qt::ToolTipRole)
            return field.reason;
        return QVariant();
    default:
        return recordCell(field, index.column() - FirstRecordColumn, role);
    }
}

QVariant EntityRecordsModel::recordCell(const EntityField& field, int record, int role) const
{
    const EntityCell& cell = field.cells[record];
    if (!cell.mapped) {
        if (role == Qt::DisplayRole)
            return tr("\u2014");
        if (role == Qt::ToolTipRole)
            return tr("%1 has no column for %2").arg(m_view.records[record].system, field.name);
        if (role == Qt::ForegroundRole)
            return QBrush(Qt::gray);
        return QVariant();
    }
    // A cell differs only where the systems disagree on the field (not on agreeing blanks).
    const bool differs = cell.differs && field.state != CellState::Agree;
    switch (role) {
    case Qt::DisplayRole:
        return cell.raw;
    case DiffersRole:
        return differs;
    case WinnerRole:
        return cell.winner;
    case Qt::BackgroundRole:
        if (cell.winner)
            return winnerColor();
        if (differs)
            return differsColor();
        return QVariant();
    case Qt::FontRole:
        if (cell.winner || differs) {
            QFont font;
            font.setBold(true);
            font.setItalic(differs && !cell.winner);
            return font;
        }
        return QVariant();
    case Qt::DecorationRole:
        return cell.winner ? winnerGlyph() : QVariant();
    case Qt::ToolTipRole: {
        QStringList lines;
        lines << tr("as read: %1").arg(cell.raw.isEmpty() ? tr("(blank)") : cell.raw);
        lines << tr("normalized: %1").arg(cell.normalized.isEmpty() ? tr("(blank)") : cell.normalized);
        if (!cell.problem.isEmpty())
            lines << tr("cannot be normalized: %1").arg(cell.problem);
        if (cell.winner)
            lines << tr("the winning value (%1)").arg(ruleText(field));
        for (const PlannedWrite& w : cell.writes)
            lines << tr("plan: write '%1' (%2, %3)").arg(w.after, w.rule, w.status);
        return lines.join(u'\n');
    }
    default:
        return QVariant();
    }
}

QVariant EntityRecordsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (role == Qt::DisplayRole) {
        switch (section) {
        case FieldColumn:
            return tr("Field");
        case ResolvedColumn:
            return tr("Customer has");
        case RuleColumn:
            return tr("Why");
        default:
            // Two lines, system over id: ids are long and the records share the width.
            if (section - FirstRecordColumn < m_view.records.size()) {
                const RecordRef& ref = m_view.records[section - FirstRecordColumn];
                return u"%1\n%2"_s.arg(ref.system, ref.sourceId);
            }
        }
    }
    if (role == Qt::ToolTipRole && section >= FirstRecordColumn &&
        section - FirstRecordColumn < m_view.records.size())
        return tr("version at snapshot: %1").arg(m_view.versions.value(section - FirstRecordColumn));
    return QVariant();
}

} // namespace concord
