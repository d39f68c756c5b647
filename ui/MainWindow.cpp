#include "MainWindow.h"

#include "SystemsOverview.h"

#include <QAction>
#include <QFileDialog>
#include <QFileInfo>
#include <QKeySequence>
#include <QMenuBar>
#include <QStatusBar>

using namespace Qt::StringLiterals;

namespace concord {

MainWindow::MainWindow(QWidget* parent)
    : QMainWindow(parent)
    , m_overview(new SystemsOverview(this))
{
    setWindowTitle(tr("Concord"));
    setCentralWidget(m_overview);
    resize(1200, 640);

    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* open = file->addAction(tr("&Open Workspace\u2026"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, &MainWindow::chooseWorkspace);
    QAction* reload = file->addAction(tr("&Reload"));
    reload->setShortcut(QKeySequence::Refresh);
    connect(reload, &QAction::triggered, m_overview, &SystemsOverview::reload);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    connect(m_overview, &SystemsOverview::loadFinished, this, [this](bool ok, const QString& message) {
        statusBar()->showMessage(ok ? tr("Loaded") : message);
    });
    statusBar()->showMessage(tr("Open a workspace (*.concord) to begin"));
}

void MainWindow::openWorkspace(const QString& path)
{
    setWindowTitle(tr("%1 \u2014 Concord").arg(QFileInfo(path).fileName()));
    statusBar()->showMessage(tr("Loading %1 ...").arg(path));
    m_overview->setWorkspacePath(path);
}

void MainWindow::chooseWorkspace()
{
    const QString path = QFileDialog::getOpenFileName(this, tr("Open Workspace"), QString(),
                                                      tr("Concord workspaces (*.concord);;All files (*)"));
    if (!path.isEmpty())
        openWorkspace(path);
}

} // namespace concord
