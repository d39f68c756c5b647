#pragma once

#include "WorkspaceSession.h"
#include "WorkspaceTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QMap>
#include <QPointer>
#include <QSortFilterProxyModel>

namespace concord {

// The session's review queue as a table, in the steward's words. It follows the session: a
// decision (the same items, one of them changed) updates the changed rows in place, so views
// keep their selection; anything else (a run, another workspace) resets the model.
class ReviewQueueModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        KindColumn,
        StateColumn,
        FieldColumn,
        RecordsColumn,
        SummaryColumn,
        DecidedByColumn,
        ColumnCount
    };
    enum Role
    {
        ItemIdRole = Qt::UserRole + 1,
        KindRole,  // the item's ReviewItemKind
        StateRole, // the item's ReviewState
    };

    explicit ReviewQueueModel(WorkspaceSession* session, QObject* parent = nullptr);

    // The kinds in the order the steward's list shows them.
    static QList<ReviewItemKind> kinds();
    static QString kindLabel(ReviewItemKind kind);      // "Duplicate", "Possible match"
    static QString kindGroupLabel(ReviewItemKind kind); // "Duplicates", "Possible matches"
    static QString stateLabel(ReviewState state);       // "Open", "Approved", ...

    WorkspaceSession* session() const { return m_session; }
    const ReviewItem& item(int row) const { return m_items.at(row); }
    QString itemId(int row) const;
    int rowOf(const QString& itemId) const { return m_rowOfId.value(itemId, -1); }
    // Open items per kind, and in all.
    int openCount(ReviewItemKind kind) const { return m_openCounts.value(kind); }
    int openCount() const { return m_openTotal; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

Q_SIGNALS:
    void openCountsChanged();

private:
    void refresh();
    void countOpen();

    QPointer<WorkspaceSession> m_session;
    QList<ReviewItem> m_items; // an implicitly shared copy of the session's queue
    QHash<QString, int> m_rowOfId;
    QMap<ReviewItemKind, int> m_openCounts;
    int m_openTotal = 0;
};

// What the table shows: one kind or all, open or decided items or all, and a free-text search
// over the words a steward would type (records, field, summary, detail, note). Queues hold
// some thousands of items, so filtering row by row here is fast enough.
class ReviewQueueFilter : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    enum class States
    {
        Open,
        Decided,
        All
    };

    explicit ReviewQueueFilter(ReviewQueueModel* queue, QObject* parent = nullptr);

    ReviewQueueModel* queue() const { return m_queue; }
    void setKind(std::optional<ReviewItemKind> kind); // none: every kind
    std::optional<ReviewItemKind> kind() const { return m_kind; }
    void setStates(States states);
    States states() const { return m_states; }
    void setText(const QString& text);
    QString text() const { return m_text; }

    QString itemId(int row) const;
    int rowOf(const QString& itemId) const; // -1 when the item is not shown
    // The open items shown, top to bottom.
    QStringList shownOpenItems() const;

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const override;

private:
    ReviewQueueModel* m_queue;
    std::optional<ReviewItemKind> m_kind;
    States m_states = States::Open;
    QString m_text;
};

} // namespace concord
