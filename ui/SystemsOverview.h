#pragma once

#include "SnapshotLoader.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;

namespace concord {

class SystemColumnsModel;
class SystemSummaryModel;

// The workspace's systems with their record counts and mapped / unmapped fields. Loading
// runs on a worker thread (with its own workspace connection: Qt SQL connections belong
// to the thread that opened them); the UI thread only paints.
class SystemsOverview : public QWidget
{
    Q_OBJECT

public:
    explicit SystemsOverview(QWidget* parent = nullptr);
    ~SystemsOverview() override;

    void setWorkspacePath(const QString& path);
    QString workspacePath() const { return m_path; }
    SystemSummaryModel* model() const { return m_model; }
    SystemColumnsModel* columnsModel() const { return m_columnsModel; }
    bool isLoading() const { return m_watcher.isRunning(); }

public Q_SLOTS:
    void reload();

Q_SIGNALS:
    void loadFinished(bool ok, const QString& message);

private:
    struct LoadOutcome
    {
        QString error; // workspace-level error (cannot open, no systems)
        QList<SystemLoadReport> reports;
    };
    static LoadOutcome load(const QString& path);
    void onLoaded();
    void showColumnsOf(int row);

    QString m_path;
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
