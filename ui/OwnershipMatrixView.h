#pragma once

#include "WorkspaceTypes.h"

#include <QPointer>
#include <QTimer>
#include <QWidget>

class QLabel;
class QPushButton;
class QTableView;
class QUndoStack;

namespace concord {

class OwnershipMatrixModel;
class WorkspaceSession;
struct OwnershipWhatIf;

// The field-ownership matrix as a table the steward edits with single clicks (a system cell makes
// that system the field's owner), with a what-if line that says what saving would change in the
// last run's resolved values, review queue and planned writes, before anything is written.
// Every edit, Revert and Save is a step on the shared undo stack; Save writes the workspace only,
// never a system.
class OwnershipMatrixView : public QWidget
{
    Q_OBJECT

public:
    OwnershipMatrixView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent = nullptr);
    ~OwnershipMatrixView() override;

    QTableView* table() const { return m_table; }
    OwnershipMatrixModel* model() const { return m_model; }
    QLabel* whatIfLabel() const { return m_whatIf; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* revertButton() const { return m_revert; }

    // The what-if line's text for a computed what-if of `changedFields` edited fields.
    static QString describeWhatIf(const OwnershipWhatIf& whatIf, int changedFields);

public Q_SLOTS:
    // Writes the pending matrix's changed fields to the workspace (one undoable step).
    void save();
    // Puts every unsaved change back as saved (one undoable step).
    void revert();

Q_SIGNALS:
    void saved(const QStringList& fields);
    void saveFailed(const QString& message);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onPendingChanged();
    void requestWhatIf();
    void onWhatIfReady(const OwnershipWhatIf& whatIf);
    void onResultsChanged();
    void showCleanState();
    void showMessage(const QString& message);
    void onCellClicked(const QModelIndex& index);
    void sizeColumns();

    QPointer<WorkspaceSession> m_session;
    QPointer<QUndoStack> m_undoStack;
    OwnershipMatrixModel* m_model = nullptr;
    QLabel* m_title = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_legend = nullptr;
    QLabel* m_whatIf = nullptr;
    QLabel* m_message = nullptr;
    QPushButton* m_revert = nullptr;
    QPushButton* m_save = nullptr;
    QTimer m_whatIfDelay;
    bool m_waitingForWhatIf = false;
    // The stored matrix when the last run finished: after a save the run is out of date.
    QList<FieldGovernance> m_runGovernance;
};

} // namespace concord
