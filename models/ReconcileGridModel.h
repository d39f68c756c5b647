#pragma once

#include "GridFilter.h"
#include "SessionResults.h"

#include <QAbstractTableModel>
#include <QFutureWatcher>
#include <QSet>
#include <atomic>
#include <memory>
#include <vector>

namespace concord {

class WorkspaceSession;

// One row per customer (entity), one column per canonical field showing the resolved value,
// each cell coloured by its state. A virtual model over the session's columnar results: a row
// is an entity number, a cell is computed when painted, nothing is copied per row. Filtering
// and sorting run on a worker (filterEntities) and swap the row list in when done, so a
// million customers never block the UI thread.
class ReconcileGridModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role
    {
        CellStateRole = Qt::UserRole + 1, // CellState as int (not for the customer column)
        EntityRole,                       // the entity number
        RecordRole,                       // "system:id" of the customer's first record
    };

    explicit ReconcileGridModel(WorkspaceSession* session, QObject* parent = nullptr);
    ~ReconcileGridModel() override;

    // Filters and sorts on the worker; rowsReady says when the grid shows the result.
    void setFilter(const GridFilter& filter);
    const GridFilter& filter() const { return m_filter; }
    bool isFiltering() const { return m_watcher.isRunning(); }
    // Blocks until a pending filter has been applied (tests, benchmark).
    void waitForRows();

    std::uint32_t entityAt(int row) const { return m_rows[static_cast<std::size_t>(row)]; }
    int rowOfEntity(std::uint32_t entity) const; // -1 when filtered out
    qint64 totalEntities() const { return m_results ? m_results->entityCount() : 0; }
    std::size_t memoryBytes() const { return m_rows.capacity() * sizeof(std::uint32_t); }

    static QColor stateColor(CellState state);
    static QString stateName(CellState state);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    void rowsReady(int shown, qint64 total, double seconds);

private:
    void onResultsChanged();
    void onQueueChanged();
    void startFiltering();
    void onFiltered();

    WorkspaceSession* m_session = nullptr;
    std::shared_ptr<const SessionResults> m_results;
    QSet<QString> m_openItems;
    std::vector<std::uint32_t> m_rows;
    QStringList m_fieldNames;
    GridFilter m_filter;
    struct Filtered
    {
        std::shared_ptr<const SessionResults> results;
        std::vector<std::uint32_t> rows;
        double seconds = 0;
        int generation = 0;
    };
    QFutureWatcher<Filtered> m_watcher;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_pending = false; // a newer filter arrived while one was running
    int m_generation = 0;   // of the last filtering started
    int m_appliedGeneration = 0;
    int m_startedGeneration = 0; // the generation of the last pass started (applied or not)
};

} // namespace concord
