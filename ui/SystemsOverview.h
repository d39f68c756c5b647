#pragma once

#include "ConnectionProbe.h"
#include "SnapshotLoader.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace concord {

class WorkspaceSession;
class SystemColumnsModel;
class SystemSummaryModel;

// The workspace's systems with their record counts and mapped / unmapped fields. Loading
// runs on a worker thread (with its own workspace connection: Qt SQL connections belong
// to the thread that opened them); the UI thread only paints.
class SystemsOverview : public QWidget
{
    Q_OBJECT

public:
    // With a session, systems can be added, changed, removed and tested here; without one the
    // view only reads (tests of the overview alone).
    explicit SystemsOverview(WorkspaceSession* session = nullptr, QWidget* parent = nullptr);
    ~SystemsOverview() override;

    void setWorkspacePath(const QString& path);
    QString workspacePath() const { return m_path; }
    SystemSummaryModel* model() const { return m_model; }
    SystemColumnsModel* columnsModel() const { return m_columnsModel; }
    bool isLoading() const { return m_watcher.isRunning(); }

public Q_SLOTS:
    void reload();
    // Each opens the system dialog (modal) and stores what it accepts through the session.
    void addSystem();
    void editSystem();
    void removeSystem();
    // Connects to every system on a worker: reachable with its row count, or the exact error.
    void testConnections();

Q_SIGNALS:
    void loadFinished(bool ok, const QString& message);
    void connectionsTested();

private:
    struct LoadOutcome
    {
        QString error; // workspace-level error (cannot open, no systems)
        QList<SystemLoadReport> reports;
    };
    static LoadOutcome load(const QString& path);
    void onLoaded();
    void showColumnsOf(int row);
    QString selectedSystem() const;
    void say(const QString& text, bool error);
    void systemsEdited(const QString& message);

    WorkspaceSession* m_session = nullptr;
    QString m_path;
    QPushButton* m_add = nullptr;
    QPushButton* m_edit = nullptr;
    QPushButton* m_remove = nullptr;
    QPushButton* m_test = nullptr;
    QLabel* m_message = nullptr;
    QFutureWatcher<QList<ConnectionProbe>> m_probeWatcher;
    QLabel* m_title = nullptr;
    QLabel* m_summary = nullptr;
    QPushButton* m_reload = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_columnsTitle = nullptr;
    QTableView* m_columnsTable = nullptr;
    SystemSummaryModel* m_model = nullptr;
    SystemColumnsModel* m_columnsModel = nullptr;
    QFutureWatcher<LoadOutcome> m_watcher;
};

} // namespace concord
