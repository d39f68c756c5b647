#include "ReviewQueueModel.h"

#include "ReviewKindWords.h"
#include "WorkspaceSession.h"

#include <QFont>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// Whether a decision changed what a row shows (the id and kind never change in place).
bool sameRow(const ReviewItem& a, const ReviewItem& b)
{
    return a.state == b.state && a.field == b.field && a.records == b.records && a.summary == b.summary &&
           a.detail == b.detail && a.note == b.note && a.decidedBy == b.decidedBy &&
           a.decidedAt == b.decidedAt && a.editedValue == b.editedValue && a.choice == b.choice;
}
} // namespace

ReviewQueueModel::ReviewQueueModel(WorkspaceSession* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    if (m_session) {
        connect(m_session, &WorkspaceSession::queueChanged, this, &ReviewQueueModel::refresh);
        m_items = m_session->queue();
        for (int row = 0; row < m_items.size(); ++row)
            m_rowOfId.insert(m_items.at(row).id, row);
        countOpen();
    }
}

QList<ReviewItemKind> ReviewQueueModel::kinds()
{
    return reviewKindsInQueueOrder();
}

QString ReviewQueueModel::kindLabel(ReviewItemKind kind)
{
    return reviewKindWords(kind).label;
}

QString ReviewQueueModel::kindGroupLabel(ReviewItemKind kind)
{
    return reviewKindWords(kind).group;
}

QString ReviewQueueModel::stateLabel(ReviewState state)
{
    switch (state) {
    case ReviewState::Open:
        return tr("Open");
    case ReviewState::Approved:
        return tr("Approved");
    case ReviewState::Rejected:
        return tr("Rejected");
    case ReviewState::Edited:
        return tr("Edited");
    }
    return QString();
}

QString ReviewQueueModel::itemId(int row) const
{
    return row >= 0 && row < m_items.size() ? m_items.at(row).id : QString();
}

void ReviewQueueModel::countOpen()
{
    m_openCounts.clear();
    m_openTotal = 0;
    for (const ReviewItem& item : std::as_const(m_items)) {
        if (item.state == ReviewState::Open) {
            ++m_openCounts[item.kind];
            ++m_openTotal;
        }
    }
}

void ReviewQueueModel::refresh()
{
    const QList<ReviewItem> next = m_session ? m_session->queue() : QList<ReviewItem>();
    bool sameItems = next.size() == m_items.size();
    for (qsizetype row = 0; sameItems && row < next.size(); ++row)
        sameItems = next.at(row).id == m_items.at(row).id;

    if (!sameItems) {
        beginResetModel();
        m_items = next;
        m_rowOfId.clear();
        m_rowOfId.reserve(m_items.size());
        for (int row = 0; row < m_items.size(); ++row)
            m_rowOfId.insert(m_items.at(row).id, row);
        endResetModel();
    } else {
        // A decision or an undo: the same items in the same order, a few of them changed.
        // Telling views which rows changed keeps their selection and scroll position.
        QList<int> changed;
        for (int row = 0; row < next.size(); ++row) {
            if (!sameRow(next.at(row), m_items.at(row)))
                changed.append(row);
        }
        m_items = next;
        for (qsizetype i = 0; i < changed.size();) {
            qsizetype j = i;
            while (j + 1 < changed.size() && changed.at(j + 1) == changed.at(j) + 1)
                ++j;
            Q_EMIT dataChanged(index(changed.at(i), 0), index(changed.at(j), ColumnCount - 1));
            i = j + 1;
        }
    }
    countOpen();
    Q_EMIT openCountsChanged();
}

int ReviewQueueModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_items.size());
}

int ReviewQueueModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ReviewQueueModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ReviewItem& item = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case KindColumn:
            return kindLabel(item.kind);
        case StateColumn:
            return item.state == ReviewState::Edited && item.editedValue
                       ? tr("Edited: %1").arg(*item.editedValue)
                       : stateLabel(item.state);
        case FieldColumn:
            return item.field;
        case RecordsColumn:
            return item.records.join(u", "_s);
        case SummaryColumn:
            return item.summary;
        case DecidedByColumn:
            return item.decidedBy;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        switch (index.column()) {
        case RecordsColumn:
            return item.records.join(u'\n');
        case SummaryColumn:
            return item.detail.isEmpty() ? item.summary : item.summary + u"\n\n"_s + item.detail;
        case DecidedByColumn:
            return item.decidedAt.isEmpty() ? QVariant() : QVariant(tr("on %1").arg(item.decidedAt));
        case StateColumn:
            return item.note.isEmpty() ? QVariant() : QVariant(item.note);
        default:
            return {};
        }
    case Qt::FontRole:
        // What still waits for a decision stands out by weight, not only by colour.
        if (index.column() == StateColumn && item.state == ReviewState::Open) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        return {};
    case ItemIdRole:
        return item.id;
    case KindRole:
        return QVariant::fromValue(item.kind);
    case StateRole:
        return QVariant::fromValue(item.state);
    default:
        return {};
    }
}

QVariant ReviewQueueModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case KindColumn:
        return tr("Kind");
    case StateColumn:
        return tr("State");
    case FieldColumn:
        return tr("Field");
    case RecordsColumn:
        return tr("Records");
    case SummaryColumn:
        return tr("Summary");
    case DecidedByColumn:
        return tr("Decided by");
    default:
        return {};
    }
}

ReviewQueueFilter::ReviewQueueFilter(ReviewQueueModel* queue, QObject* parent)
    : QSortFilterProxyModel(parent)
    , m_queue(queue)
{
    setSourceModel(queue);
}

void ReviewQueueFilter::setKind(std::optional<ReviewItemKind> kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    invalidateRowsFilter();
}

void ReviewQueueFilter::setStates(States states)
{
    if (states == m_states)
        return;
    m_states = states;
    invalidateRowsFilter();
}

void ReviewQueueFilter::setText(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed == m_text)
        return;
    m_text = trimmed;
    invalidateRowsFilter();
}

QString ReviewQueueFilter::itemId(int row) const
{
    if (row < 0 || row >= rowCount())
        return {};
    return m_queue->itemId(mapToSource(index(row, 0)).row());
}

int ReviewQueueFilter::rowOf(const QString& itemId) const
{
    const int sourceRow = m_queue->rowOf(itemId);
    if (sourceRow < 0)
        return -1;
    const QModelIndex shown = mapFromSource(m_queue->index(sourceRow, 0));
    return shown.isValid() ? shown.row() : -1;
}

QStringList ReviewQueueFilter::shownOpenItems() const
{
    QStringList ids;
    for (int row = 0; row < rowCount(); ++row) {
        const ReviewItem& item = m_queue->item(mapToSource(index(row, 0)).row());
        if (item.state == ReviewState::Open)
            ids.append(item.id);
    }
    return ids;
}

bool ReviewQueueFilter::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (sourceParent.isValid())
        return false;
    const ReviewItem& item = m_queue->item(sourceRow);
    if (m_kind && item.kind != *m_kind)
        return false;
    const bool open = item.state == ReviewState::Open;
    if ((m_states == States::Open && !open) || (m_states == States::Decided && open))
        return false;
    if (m_text.isEmpty())
        return true;
    auto has = [this](const QString& text) {
        return text.contains(m_text, Qt::CaseInsensitive);
    };
    return has(item.summary) || has(item.field) || has(item.detail) || has(item.note) ||
           has(item.decidedBy) || has(ReviewQueueModel::kindLabel(item.kind)) ||
           std::any_of(item.records.cbegin(), item.records.cend(), has);
}

} // namespace concord
