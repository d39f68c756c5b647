#pragma once

#include "SessionResults.h"

#include <QTimer>
#include <QWidget>

class QLabel;
class QUndoStack;
class QUrl;
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
    SideBySideView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent = nullptr);

    EntityRecordsModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QTextBrowser* evidence() const { return m_evidence; }
    QTextBrowser* history() const { return m_history; }
    std::optional<RecordRef> shownRecord() const { return m_shown; }
    QLabel* message() const { return m_message; }

    // Proposes `value` for `field` of the shown customer (through the undo stack); the proposal
    // waits in the review queue, and only an approval and an apply write it.
    Result<ReviewItem> proposeValue(const QString& field, const QString& value, const QString& why);
    // Proposes the value the selected cell held before the history entry `index` (as listed in
    // the Cell history tab, newest first) changed it.
    Result<ReviewItem> revertTo(int index);

public Q_SLOTS:
    // Shows the customer the record belongs to (from the grid, a review item, ...), as soon as
    // the event loop turns (several selections in one turn describe one customer once).
    void showRecord(const concord::RecordRef& record);
    void refresh();

private:
    void showEvidence();
    void showReviewItems();
    void showHistoryOf(const QModelIndex& index);
    void historyLinkClicked(const QUrl& link);
    void showCellMenu(const QPoint& pos);
    void askForValue(const QModelIndex& index);
    void say(const QString& text, bool error);

    WorkspaceSession* m_session = nullptr;
    EntityRecordsModel* m_model = nullptr;
    QUndoStack* m_undoStack = nullptr;
    QLabel* m_title = nullptr;
    QLabel* m_message = nullptr;
    QTableView* m_table = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTextBrowser* m_evidence = nullptr;
    QTextBrowser* m_history = nullptr;
    QTextBrowser* m_items = nullptr;
    std::optional<RecordRef> m_shown;
    // What the Cell history tab offers to revert to: the record and field it shows, and per
    // entry (newest first) the earlier value and where it came from.
    struct Revert
    {
        QString value;
        QString why;
    };
    std::optional<RecordRef> m_historyRecord;
    QString m_historyField;
    QList<Revert> m_reverts;
    QTimer m_refreshLater;
};

} // namespace concord
