#include "MainWindow.h"

#include "AuditView.h"
#include "DemoWorkspace.h"
#include "MappingView.h"
#include "OwnershipMatrixView.h"
#include "RecentWorkspaces.h"
#include "ReconcileView.h"
#include "ReviewQueueView.h"
#include "RunStatus.h"
#include "SideBySideView.h"
#include "StartPage.h"
#include "SystemsOverview.h"
#include "WorkspaceSession.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QKeySequence>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStackedWidget>
#include <QStandardPaths>
#include <QStatusBar>
#include <QStyle>
#include <QTabWidget>
#include <QToolBar>
#include <QUndoStack>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_session(new WorkspaceSession(this))
    , m_undo(new QUndoStack(this))
    , m_pages(new QStackedWidget(this))
    , m_start(new StartPage(this))
    , m_tabs(new QTabWidget(this))
{
    setWindowTitle(tr("Concord"));
    setWindowIcon(QIcon(u":/icons/concord.png"_s));
    m_reconcile = new ReconcileView(m_session, this);
    m_review = new ReviewQueueView(m_session, m_undo, this);
    m_ownership = new OwnershipMatrixView(m_session, m_undo, this);
    m_overview = new SystemsOverview(m_session, this);
    m_mapping = new MappingView(m_session, m_undo, this);
    m_audit = new AuditView(m_session, this);
    m_sideBySide = new SideBySideView(m_session, m_undo, this);
    m_status = new RunStatus(m_session, this);

    m_tabs->setObjectName(u"workbenchTabs"_s);
    m_tabs->addTab(m_reconcile, tr("&Reconcile"));
    m_tabs->addTab(m_review, tr("Re&view queue"));
    m_tabs->addTab(m_ownership, tr("O&wnership"));
    m_tabs->addTab(m_overview, tr("S&ystems"));
    m_tabs->addTab(m_mapping, tr("&Mapping"));
    m_tabs->addTab(m_audit, tr("&Audit"));
    m_pages->addWidget(m_start);
    m_pages->addWidget(m_tabs);
    setCentralWidget(m_pages);

    // The selected customer, side by side, under whichever view selected it.
    m_sideBySideDock = new QDockWidget(tr("Side by side"), this);
    m_sideBySideDock->setObjectName(u"sideBySideDock"_s);
    m_sideBySideDock->setWidget(m_sideBySide);
    m_sideBySideDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::BottomDockWidgetArea, m_sideBySideDock);
    statusBar()->addPermanentWidget(m_status, 1);

    // Selection drives everything: one signal per view, one side-by-side.
    connect(m_reconcile, &ReconcileView::recordSelected, m_sideBySide, &SideBySideView::showRecord);
    connect(m_review, &ReviewQueueView::itemSelected, m_sideBySide, &SideBySideView::showRecord);
    connect(m_audit, &AuditView::recordSelected, m_sideBySide, &SideBySideView::showRecord);
    // The systems tab reads every system itself: only when the steward looks at it. The side by
    // side belongs under the views that select customers; the matrix and the systems get the height.
    connect(m_tabs, &QTabWidget::currentChanged, this, [this] {
        m_sideBySideDock->setVisible(m_tabs->currentWidget() == m_reconcile ||
                                     m_tabs->currentWidget() == m_review ||
                                     m_tabs->currentWidget() == m_audit);
        if (m_tabs->currentWidget() == m_overview && m_overview->workspacePath() != m_session->path() &&
            m_session->isOpen())
            m_overview->setWorkspacePath(m_session->path());
    });

    connect(m_start, &StartPage::openRequested, this, &MainWindow::chooseWorkspace);
    connect(m_start, &StartPage::newRequested, this, &MainWindow::newWorkspace);
    connect(m_start, &StartPage::demoRequested, this, [this] { openDemo(); });
    connect(m_start, &StartPage::openPath, this, [this](const QString& path) { openWorkspace(path); });

    buildMenus();
    resize(1280, 800);
    resizeDocks({m_sideBySideDock}, {300}, Qt::Vertical);
    restoreLayout();
    showWorkbench(false);
}

MainWindow::~MainWindow() = default;

void MainWindow::buildMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* create = file->addAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Workspace\u2026"));
    create->setShortcut(QKeySequence::New);
    connect(create, &QAction::triggered, this, &MainWindow::newWorkspace);
    QAction* open =
        file->addAction(style()->standardIcon(QStyle::SP_DialogOpenButton), tr("&Open Workspace\u2026"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::chooseWorkspace);
    m_recentMenu = file->addMenu(tr("Open &Recent"));
    connect(m_recentMenu, &QMenu::aboutToShow, this, &MainWindow::fillRecentMenu);
    QAction* demo = file->addAction(tr("Open the &Demo"));
    connect(demo, &QAction::triggered, this, [this] { openDemo(); });
    QAction* close = file->addAction(tr("&Close Workspace"));
    close->setShortcut(QKeySequence::Close);
    connect(close, &QAction::triggered, this, &MainWindow::closeWorkspace);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* edit = menuBar()->addMenu(tr("&Edit"));
    QAction* undo = m_undo->createUndoAction(this, tr("&Undo"));
    undo->setShortcut(QKeySequence::Undo);
    QAction* redo = m_undo->createRedoAction(this, tr("&Redo"));
    redo->setShortcuts({QKeySequence(u"Ctrl+Shift+Z"_s), QKeySequence::Redo});
    edit->addAction(undo);
    edit->addAction(redo);
    edit->addSeparator();
    QAction* find = edit->addAction(tr("&Find Customer"));
    find->setShortcut(QKeySequence::Find);
    connect(find, &QAction::triggered, this, [this] {
        showTab(m_reconcile);
        m_reconcile->focusSearch();
    });

    QMenu* view = menuBar()->addMenu(tr("&View"));
    const QList<QWidget*> tabs{m_reconcile, m_review, m_ownership, m_overview, m_mapping, m_audit};
    for (int i = 0; i < tabs.size(); ++i) {
        QAction* a = view->addAction(m_tabs->tabText(i).remove(u'&'));
        a->setShortcut(QKeySequence(u"Ctrl+%1"_s.arg(i + 1)));
        connect(a, &QAction::triggered, this, [this, w = tabs[i]] { showTab(w); });
    }
    view->addSeparator();
    view->addAction(m_sideBySideDock->toggleViewAction());

    QMenu* run = menuBar()->addMenu(tr("&Run"));
    QAction* match = run->addAction(style()->standardIcon(QStyle::SP_BrowserReload), tr("&Match and Plan"));
    match->setShortcut(QKeySequence::Refresh);
    match->setToolTip(
        tr("Read every system again, match, resolve and plan (F5). Writes nothing to the systems."));
    connect(match, &QAction::triggered, m_session, &WorkspaceSession::run);
    QAction* cancel = run->addAction(style()->standardIcon(QStyle::SP_BrowserStop), tr("&Cancel"));
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel->setEnabled(false);
    connect(cancel, &QAction::triggered, m_session, &WorkspaceSession::cancel);
    connect(m_session, &WorkspaceSession::busyChanged, this, [match, cancel](bool busy) {
        match->setEnabled(!busy);
        cancel->setEnabled(busy);
    });

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About Concord"));
    connect(about, &QAction::triggered, this, [this] {
        QMessageBox::about(this, tr("About Concord"),
                           tr("<b>Concord %1</b><p>The data steward's workbench: reconcile the customers "
                              "your systems share.</p>")
                               .arg(QApplication::applicationVersion()));
    });

    QToolBar* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(u"mainToolbar"_s);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(open);
    toolbar->addAction(match);
    toolbar->addAction(cancel);
    toolbar->addSeparator();
    toolbar->addAction(undo);
    toolbar->addAction(redo);
}

bool MainWindow::openWorkspace(const QString& path)
{
    if (m_session->isBusy())
        m_session->cancel();
    auto opened = m_session->open(path);
    if (!opened) {
        m_start->setMessage(opened.errorString());
        showWorkbench(false);
        QMessageBox::warning(this, tr("Cannot open the workspace"), opened.errorString());
        return false;
    }
    m_undo->clear(); // edits of another workspace cannot be undone here
    RecentWorkspaces::add(m_session->path());
    setWindowTitle(tr("%1 \u2014 Concord").arg(QFileInfo(m_session->path()).fileName()));
    showWorkbench(true);
    if (m_tabs->currentWidget() == m_overview)
        m_overview->setWorkspacePath(m_session->path());
    m_session->run();
    return true;
}

void MainWindow::openDemo(const QString& dir, qint64 customers)
{
    const QString folder =
        dir.isEmpty()
            ? QDir(QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation)).filePath(u"demo"_s)
            : dir;
    statusBar()->showMessage(tr("Generating the demo company in %1\u2026").arg(folder));
    auto* watcher = new QFutureWatcher<Result<QString>>(this);
    connect(watcher, &QFutureWatcher<Result<QString>>::finished, this, [this, watcher] {
        const Result<QString> result = watcher->result();
        watcher->deleteLater();
        statusBar()->clearMessage();
        if (!result) {
            m_start->setMessage(result.errorString());
            QMessageBox::warning(this, tr("Cannot create the demo"), result.errorString());
            return;
        }
        openWorkspace(*result);
    });
    watcher->setFuture(
        QtConcurrent::run([folder, customers] { return generateDemoWorkspace(folder, customers); }));
}

void MainWindow::chooseWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(),
                                                      tr("Concord workspaces (*.concord);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

void MainWindow::newWorkspace()
{
    QString path = QFileDialog::getSaveFileName(this, tr("New Workspace"), QString(),
                                                tr("Concord workspaces (*.concord)"));
    if (path.isEmpty())
        return;
    if (!path.endsWith(u".concord"_s))
        path += u".concord"_s;
    auto created = Workspace::create(path);
    if (!created) {
        QMessageBox::warning(this, tr("Cannot create the workspace"), created.errorString());
        return;
    }
    created->reset();
    openWorkspace(path);
}

void MainWindow::closeWorkspace()
{
    m_session->close();
    m_undo->clear();
    setWindowTitle(tr("Concord"));
    showWorkbench(false);
}

void MainWindow::fillRecentMenu()
{
    m_recentMenu->clear();
    const QStringList paths = RecentWorkspaces::list();
    for (const QString& path : paths) {
        QAction* a = m_recentMenu->addAction(path);
        connect(a, &QAction::triggered, this, [this, path] { openWorkspace(path); });
    }
    if (paths.isEmpty())
        m_recentMenu->addAction(tr("(none)"))->setEnabled(false);
}

void MainWindow::showWorkbench(bool shown)
{
    if (!shown)
        m_start->refreshRecent();
    m_pages->setCurrentWidget(shown ? static_cast<QWidget*>(m_tabs) : m_start);
    m_sideBySideDock->setVisible(
        shown && (m_tabs->currentWidget() == m_reconcile || m_tabs->currentWidget() == m_review));
}

void MainWindow::showTab(QWidget* view)
{
    if (m_session->isOpen())
        m_tabs->setCurrentWidget(view);
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(u"window/geometry"_s).toByteArray());
    restoreState(settings.value(u"window/state"_s).toByteArray());
}

void MainWindow::saveLayout()
{
    QSettings settings;
    settings.setValue(u"window/geometry"_s, saveGeometry());
    settings.setValue(u"window/state"_s, saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_session->isBusy()) {
        const auto answer = QMessageBox::question(
            this, tr("A run is in progress"),
            tr("Concord is still reading and matching the systems. Stop it and quit? Nothing has been "
               "written to any system."));
        if (answer != QMessageBox::Yes) {
            event->ignore();
            return;
        }
    }
    m_session->cancel();
    m_session->waitForIdle();
    saveLayout();
    event->accept();
}

} // namespace concord
