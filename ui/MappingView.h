#pragma once

#include "SourceDiscovery.h"

#include <QFutureWatcher>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTextBrowser;
class QUndoStack;

namespace concord {

class MappingModel;
class WorkspaceSession;

// The field mapping of one system at a time: its columns against the canonical fields (pick a
// field per column), unmapped custom columns flagged, the field's type and normalization rule,
// and a live preview on real sample values (original -> normalized, the failures listed and
// counted). New canonical fields can be added here. Edits go through the undo stack; Save writes
// the system's whole mapping in one transaction. The sample is read on a worker.
class MappingView : public QWidget
{
    Q_OBJECT

public:
    MappingView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent = nullptr);
    ~MappingView() override;

    MappingModel* model() const { return m_model; }
    QTableView* table() const { return m_table; }
    QComboBox* systemBox() const { return m_systems; }
    QTextBrowser* preview() const { return m_preview; }
    QPushButton* saveButton() const { return m_save; }
    bool isLoading() const { return m_watcher.isRunning(); }

public Q_SLOTS:
    // Re-reads the workspace's systems (and the chosen system's sample).
    void reload();
    void showSystem(const QString& name);
    Result<void> save();
    void revert();
    // Adds a canonical field (pending until Save): asked for with dialogs, or given.
    void askForField();
    Result<void> addField(const QString& name, const QString& type);

Q_SIGNALS:
    // The sample of a system was read (or failed): the view shows it.
    void sampleLoaded(bool ok);

protected:
    void showEvent(QShowEvent* event) override;

private:
    void onSampled();
    void showPreviewOf(int row);
    void updateActions();
    void say(const QString& text, bool error);

    WorkspaceSession* m_session = nullptr;
    QUndoStack* m_undoStack = nullptr;
    MappingModel* m_model = nullptr;
    QComboBox* m_systems = nullptr;
    QPushButton* m_addField = nullptr;
    QPushButton* m_revert = nullptr;
    QPushButton* m_save = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
    QTextBrowser* m_preview = nullptr;
    QFutureWatcher<SourceSample> m_watcher;
    QString m_loading;    // the system chosen last
    QString m_sampling;   // the system the running (or last) sample read is of
    bool m_stale = false; // the workspace's systems changed since they were read (read when shown)
};

} // namespace concord
