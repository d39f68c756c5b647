#include "ReconcileGridModel.h"

#include "CellGlyphs.h"
#include "WorkspaceSession.h"

#include <QElapsedTimer>
#include <QFont>
#include <QLocale>
#include <QtConcurrent/QtConcurrentRun>
#include <numeric>

using namespace Qt::StringLiterals;

namespace concord {

ReconcileGridModel::ReconcileGridModel(WorkspaceSession* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    connect(session, &WorkspaceSession::resultsChanged, this, &ReconcileGridModel::onResultsChanged);
    connect(session, &WorkspaceSession::queueChanged, this, &ReconcileGridModel::onQueueChanged);
    connect(&m_watcher, &QFutureWatcher<Filtered>::finished, this, &ReconcileGridModel::onFiltered);
    onResultsChanged();
}

ReconcileGridModel::~ReconcileGridModel()
{
    if (m_cancel)
        *m_cancel = true;
    m_watcher.waitForFinished();
}

QColor ReconcileGridModel::stateColor(CellState state)
{
    // Translucent, so they read on light and dark palettes alike; each state also has its own
    // glyph and font (CellGlyphs), so colour is never the only signal.
    switch (state) {
    case CellState::Agree:
        return QColor();
    case CellState::Resolved:
        return QColor(59, 130, 246, 70); // blue
    case CellState::Review:
        return QColor(245, 158, 11, 110); // amber
    case CellState::Missing:
        return QColor(148, 163, 184, 90); // slate
    }
    return QColor();
}

QString ReconcileGridModel::stateName(CellState state)
{
    switch (state) {
    case CellState::Agree:
        return tr("all systems agree");
    case CellState::Resolved:
        return tr("systems differed; a rule decided");
    case CellState::Review:
        return tr("waits for a person to decide");
    case CellState::Missing:
        return tr("blank in some system");
    }
    return QString();
}

void ReconcileGridModel::onResultsChanged()
{
    if (m_cancel)
        *m_cancel = true;
    ++m_generation; // whatever is being filtered belongs to the old results
    beginResetModel();
    m_results = m_session->results();
    m_openItems = m_session->openItems();
    m_rows.clear();
    m_fieldNames.clear();
    if (m_results) {
        for (int f = 0; f < m_results->fieldCount(); ++f)
            m_fieldNames << m_results->data().field(f).field.name;
        if (m_filter.isEmpty()) {
            m_rows.resize(m_results->entityCount());
            std::iota(m_rows.begin(), m_rows.end(), 0u);
        }
    }
    endResetModel();
    if (m_results && !m_filter.isEmpty())
        startFiltering();
    else
        Q_EMIT rowsReady(rowCount(), totalEntities(), 0);
}

void ReconcileGridModel::onQueueChanged()
{
    m_openItems = m_session->openItems();
    if (rowCount() > 0)
        Q_EMIT dataChanged(index(0, 1), index(rowCount() - 1, columnCount() - 1));
    if (m_filter.review != GridFilter::Review::Any)
        startFiltering();
}

void ReconcileGridModel::setFilter(const GridFilter& filter)
{
    if (filter == m_filter)
        return;
    m_filter = filter;
    if (!m_results)
        return;
    if (m_filter.isEmpty()) {
        if (m_cancel)
            *m_cancel = true;
        ++m_generation; // a pass still running must not replace these rows when it returns
        m_pending = false;
        QElapsedTimer timer;
        timer.start();
        beginResetModel();
        m_rows.resize(m_results->entityCount());
        std::iota(m_rows.begin(), m_rows.end(), 0u);
        endResetModel();
        Q_EMIT rowsReady(rowCount(), totalEntities(), static_cast<double>(timer.nsecsElapsed()) / 1e9);
        return;
    }
    startFiltering();
}

void ReconcileGridModel::startFiltering()
{
    if (!m_results)
        return;
    ++m_generation; // only the newest request's rows are ever shown
    if (m_watcher.isRunning()) {
        // The running pass is stale: stop it and start again when it returns.
        *m_cancel = true;
        m_pending = true;
        return;
    }
    m_pending = false;
    m_startedGeneration = m_generation;
    m_cancel = std::make_shared<std::atomic<bool>>(false);
    m_watcher.setFuture(QtConcurrent::run([results = m_results, open = m_openItems, filter = m_filter,
                                           cancel = m_cancel, generation = m_generation]() -> Filtered {
        QElapsedTimer timer;
        timer.start();
        Filtered out;
        out.generation = generation;
        out.results = results;
        out.rows = filterEntities(*results, open, filter, cancel.get());
        out.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        if (*cancel)
            out.results.reset();
        return out;
    }));
}

void ReconcileGridModel::onFiltered()
{
    Filtered out = m_watcher.result();
    if (out.generation == m_appliedGeneration)
        return; // applied already (waitForRows)
    m_appliedGeneration = out.generation;
    if (m_pending) {
        startFiltering();
        return;
    }
    if (out.generation != m_generation || !out.results || out.results != m_results)
        return; // a newer request (or other results) superseded it
    beginResetModel();
    m_rows.swap(out.rows);
    endResetModel();
    Q_EMIT rowsReady(rowCount(), totalEntities(), out.seconds);
}

void ReconcileGridModel::waitForRows()
{
    // The finished signal may not have been delivered yet (the pass may even be over already):
    // apply the result here (once).
    while (m_watcher.isRunning() || m_pending || m_startedGeneration != m_appliedGeneration) {
        m_watcher.waitForFinished();
        onFiltered();
    }
}

int ReconcileGridModel::rowOfEntity(std::uint32_t entity) const
{
    if (m_filter.sortColumn < 0) {
        const auto it = std::lower_bound(m_rows.begin(), m_rows.end(), entity);
        return it != m_rows.end() && *it == entity ? static_cast<int>(it - m_rows.begin()) : -1;
    }
    const auto it = std::find(m_rows.begin(), m_rows.end(), entity);
    return it == m_rows.end() ? -1 : static_cast<int>(it - m_rows.begin());
}

int ReconcileGridModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int ReconcileGridModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_results ? 0 : 1 + static_cast<int>(m_fieldNames.size());
}

QVariant ReconcileGridModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid) || !m_results)
        return QVariant();
    const std::uint32_t entity = m_rows[static_cast<std::size_t>(index.row())];
    const auto records = m_results->records(entity);
    if (role == EntityRole)
        return static_cast<qulonglong>(entity);
    if (role == RecordRole)
        return records.empty() ? QString() : m_results->refOf(records.front()).toString();
    if (index.column() == 0) {
        if (role == Qt::DisplayRole) {
            if (records.empty())
                return QString();
            const QString first = m_results->refOf(records.front()).toString();
            return records.size() > 1 ? tr("%1 +%2").arg(first).arg(records.size() - 1) : first;
        }
        if (role == Qt::ToolTipRole) {
            QStringList names;
            for (SessionResults::Record r : records)
                names << m_results->refOf(r).toString();
            return tr("Customer #%1: %2").arg(entity + 1).arg(names.join(u", "_s));
        }
        return QVariant();
    }
    const int field = index.column() - 1;
    switch (role) {
    case Qt::DisplayRole:
        return m_results->resolvedValue(entity, field);
    case CellStateRole:
        return static_cast<int>(m_results->cellState(entity, field, m_openItems));
    case Qt::BackgroundRole: {
        const QColor c = stateColor(m_results->cellState(entity, field, m_openItems));
        return c.isValid() ? QVariant(c) : QVariant();
    }
    case Qt::FontRole: {
        const CellState state = m_results->cellState(entity, field, m_openItems);
        if (state == CellState::Agree)
            return QVariant();
        QFont font;
        font.setBold(state == CellState::Resolved || state == CellState::Review);
        font.setItalic(state == CellState::Missing);
        return font;
    }
    case Qt::DecorationRole:
        return cellGlyph(m_results->cellState(entity, field, m_openItems));
    case Qt::ToolTipRole: {
        const CellState state = m_results->cellState(entity, field, m_openItems);
        QString tip = u"%1: %2"_s.arg(m_fieldNames.value(field), stateName(state));
        if (const FieldDecision* d = m_results->decision(entity, field)) {
            tip += u"\n"_s + tr("rule %1: %2").arg(d->rule, d->reason);
            if (d->review)
                tip += u"\n"_s + d->reviewReason;
        }
        return tip;
    }
    default:
        return QVariant();
    }
}

QVariant ReconcileGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    if (section == 0)
        return tr("Customer");
    return m_fieldNames.value(section - 1);
}

void ReconcileGridModel::sort(int column, Qt::SortOrder order)
{
    GridFilter f = m_filter;
    f.sortColumn = column;
    f.descending = order == Qt::DescendingOrder;
    setFilter(f);
}

} // namespace concord
