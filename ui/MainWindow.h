#pragma once

#include <QMainWindow>

class QDockWidget;
class QMenu;
class QStackedWidget;
class QTabWidget;
class QUndoStack;

namespace concord {

class OwnershipMatrixView;
class ReconcileView;
class ReviewQueueView;
class RunStatus;
class SideBySideView;
class StartPage;
class SystemsOverview;
class MappingView;
class AuditView;
class WorkspaceSession;

// Wires the workbench together: the session, the undo stack, the views, menus and the status
// bar. Holds no logic of its own beyond deciding what to show.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    ~MainWindow() override;

    // Opens a workspace and runs it (match, resolve, plan) on the worker.
    bool openWorkspace(const QString& path);
    // Generates the demo (once) under `dir` (default: the application's data folder) on a
    // worker and opens it.
    void openDemo(const QString& dir = QString(), qint64 customers = 2000);

    WorkspaceSession* session() const { return m_session; }
    QUndoStack* undoStack() const { return m_undo; }
    SystemsOverview* systemsOverview() const { return m_overview; }
    MappingView* mappingView() const { return m_mapping; }
    AuditView* auditView() const { return m_audit; }
    ReconcileView* reconcileView() const { return m_reconcile; }
    SideBySideView* sideBySideView() const { return m_sideBySide; }
    ReviewQueueView* reviewQueueView() const { return m_review; }
    OwnershipMatrixView* ownershipView() const { return m_ownership; }
    StartPage* startPage() const { return m_start; }
    void showTab(QWidget* view);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    void chooseWorkspace();
    void newWorkspace();
    void closeWorkspace();
    void fillRecentMenu();
    void showWorkbench(bool shown);
    void restoreLayout();
    void saveLayout();

    WorkspaceSession* m_session = nullptr;
    QUndoStack* m_undo = nullptr;
    QStackedWidget* m_pages = nullptr;
    StartPage* m_start = nullptr;
    QTabWidget* m_tabs = nullptr;
    ReconcileView* m_reconcile = nullptr;
    ReviewQueueView* m_review = nullptr;
    OwnershipMatrixView* m_ownership = nullptr;
    SystemsOverview* m_overview = nullptr;
    MappingView* m_mapping = nullptr;
    AuditView* m_audit = nullptr;
    SideBySideView* m_sideBySide = nullptr;
    QDockWidget* m_sideBySideDock = nullptr;
    RunStatus* m_status = nullptr;
    QMenu* m_recentMenu = nullptr;
};

} // namespace concord
