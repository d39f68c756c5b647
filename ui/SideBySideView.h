#pragma once

#include "SessionResults.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QTableView;
class QTabWidget;
class QTextBrowser;

namespace concord {

class EntityRecordsModel;
class WorkspaceSession;

// The heart of the workbench: the selected customer's records side by side, one column per
// system's record, fields aligned, differing cells highlighted and the winning value marked with
// its rule; beside it why these records are one customer (the evidence), the history of the
// selected cell from the audit trail, and the review items about the customer.
class SideBySideView : public QWidget
{
    Q_OBJECT

public:
    explicit SideBySideView(WorkspaceSession* session, QWidget* parent = nullptr);

    EntityRecordsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QTextBrowser* evidence() const { return m_evidence; }
    QTextBrowser* history() const { return m_history; }
    std::optional<RecordRef> shownRecord() const { return m_shown; }

public Q_SLOTS:
    // Shows the customer the record belongs to (from the grid, a review item, ...), as soon as
    // the event loop turns (several selections in one turn describe one customer once).
    void showRecord(const concord::RecordRef& record);
    void refresh();

private:
    void showEvidence();
    void showReviewItems();
    void showHistoryOf(const QModelIndex& index);

    WorkspaceSession* m_session = nullptr;
    EntityRecordsModel* m_model = nullptr;
    QLabel* m_title = nullptr;
    QTableView* m_table = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_evidence = nullptr;
    QTextBrowser* m_history = nullptr;
    QTextBrowser* m_items = nullptr;
    std::optional<RecordRef> m_shown;
    QTimer m_refreshLater;
};

} // namespace concord
