#pragma once

#include "ReviewCommands.h"
#include "ReviewQueueModel.h"
#include "SessionResults.h"

#include <QWidget>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTreeWidget;
class QUndoStack;

namespace concord {

class WorkspaceSession;

// The review queue, keyboard first: the kinds with their open counts on the left (a click
// filters), the items on the right with the selected one's detail and the decisions under
// them. With the table focused, J/K move, A approves, R rejects, E edits the value and N says
// "not the same customer"; after a decision the next open item is selected. Every decision is
// a command on the window's undo stack.
class ReviewQueueView : public QWidget
{
    Q_OBJECT

public:
    ReviewQueueView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent = nullptr);

    QTableView* table() const { return m_table; }
    ReviewQueueModel* model() const { return m_model; }
    ReviewQueueFilter* filter() const { return m_filter; }
    QTreeWidget* kindList() const { return m_kinds; }

    // For menus and tests; each carries its shortcut and a tooltip naming it.
    QAction* approveAction() const { return m_approve; }
    QAction* rejectAction() const { return m_reject; }
    QAction* editAction() const { return m_edit; }
    QAction* notSameAction() const { return m_notSame; }
    QAction* nextAction() const { return m_next; }
    QAction* previousAction() const { return m_previous; }
    QAction* approveShownAction() const { return m_approveShown; }

    QString currentItemId() const;
    // Selects an item if the filters show it.
    bool selectItem(const QString& itemId);
    // The last error shown in the view (empty when the last step worked).
    QString errorText() const;

    // What the keys and buttons do. decideCurrent is A, R, E (after its dialog) and N.
    Result<void> decideCurrent(const Decision& decision);
    // "Approve all shown…": the open items the filters show, as one undo step. `ask` shows the
    // confirmation naming the count (tests pass false); a steward who says no approves nothing.
    Result<int> approveAllShown(bool ask = true);

public Q_SLOTS:
    void setKindFilter(std::optional<concord::ReviewItemKind> kind); // none: all kinds
    void setStateFilter(concord::ReviewQueueFilter::States states);
    void setSearchText(const QString& text);
    void moveBy(int rows);

Q_SIGNALS:
    // The customer the current item is about, for the side-by-side view.
    void itemSelected(const concord::RecordRef& record);

private:
    QWidget* buildKindsPane();
    QWidget* buildItemsPane();
    QWidget* buildDetailPane();
    void createActions();
    void editCurrent();
    const ReviewItem* currentItem() const;
    void refreshKinds();
    void currentChanged();
    void showDetail(const ReviewItem* item);
    void updateActions();
    void ensureCurrent();
    QString nextOpenAfter(int row) const;
    void showError(const QString& message);
    void clearError();
    ReviewFeedback feedback();

    WorkspaceSession* m_session;
    QUndoStack* m_undoStack;
    ReviewQueueModel* m_model;
    ReviewQueueFilter* m_filter;

    QLabel* m_title = nullptr;
    QTreeWidget* m_kinds = nullptr;
    QComboBox* m_states = nullptr;
    QLineEdit* m_search = nullptr;
    QLabel* m_shown = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_detailTitle = nullptr;
    QLabel* m_summary = nullptr;
    QLabel* m_why = nullptr;
    QLabel* m_records = nullptr;
    QLabel* m_note = nullptr;
    QLabel* m_decided = nullptr;
    QWidget* m_fields = nullptr; // the detail's form, hidden when no item is selected
    QLabel* m_empty = nullptr;   // over the table when it shows nothing
    QLabel* m_error = nullptr;

    QAction* m_approve = nullptr;
    QAction* m_reject = nullptr;
    QAction* m_edit = nullptr;
    QAction* m_notSame = nullptr;
    QAction* m_next = nullptr;
    QAction* m_previous = nullptr;
    QAction* m_approveShown = nullptr;

    QString m_currentId;     // the item itemSelected last spoke of
    bool m_settling = false; // a decision is moving the selection: say only where it lands
};

} // namespace concord
