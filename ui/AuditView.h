#pragma once

#include "AuditLogModel.h"
#include "SessionResults.h"

#include <QFutureWatcher>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTableView;

namespace concord {

class WorkspaceSession;

// The audit trail of the workspace: every value Concord wrote, filterable by batch, system,
// table, field, steward, rule and time, sortable, sensitive values redacted (the same redaction
// as `concord-cli audit`), exported as CSV or JSON as filtered. A batch can be rolled back from
// here after a confirmation that says what will be restored; the rollback runs on a worker and
// its outcome (restored, in conflict) is shown. Selecting a row shows its customer side by side.
class AuditView : public QWidget
{
    Q_OBJECT

public:
    explicit AuditView(WorkspaceSession* session, QWidget* parent = nullptr);
    ~AuditView() override;

    AuditLogModel* model() const { return m_model; }
    AuditLogFilter* filter() const { return m_filter; }
    QTableView* table() const { return m_table; }
    QComboBox* batchBox() const { return m_batch; }
    QPushButton* rollbackButton() const { return m_rollback; }
    QString statusText() const;
    bool isBusy() const { return m_load.isRunning() || m_rollbackRun.isRunning(); }

public Q_SLOTS:
    void reload();
    // Writes the rows shown to `path` (.json: JSON, else CSV); asks for a file when empty.
    Result<void> exportShown(const QString& path = QString());
    // Rolls back the batch chosen in the filter, after a confirmation (unless !ask).
    void rollBackChosenBatch(bool ask = true);

Q_SIGNALS:
    void recordSelected(const concord::RecordRef& record);
    void loaded(bool ok);
    void rolledBack(bool ok, const QString& summary);

protected:
    void showEvent(QShowEvent* event) override;

private:
    struct Loaded
    {
        QList<AuditRow> rows;
        QList<BatchInfo> batches;
        QString error;
    };
    struct RolledBack
    {
        QString summary;
        bool ok = false;
    };
    void onLoaded();
    void onRolledBack();
    void fillChoices();
    void applyFilter();
    void updateActions();
    void say(const QString& text, bool error);
    std::optional<BatchInfo> chosenBatch() const;

    WorkspaceSession* m_session = nullptr;
    AuditLogModel* m_model = nullptr;
    AuditLogFilter* m_filter = nullptr;
    QList<BatchInfo> m_batches;
    QComboBox* m_batch = nullptr;
    QComboBox* m_system = nullptr;
    QComboBox* m_tableBox = nullptr;
    QComboBox* m_field = nullptr;
    QComboBox* m_steward = nullptr;
    QComboBox* m_rule = nullptr;
    QCheckBox* m_sinceOn = nullptr;
    QDateTimeEdit* m_since = nullptr;
    QLineEdit* m_text = nullptr;
    QPushButton* m_reload = nullptr;
    QPushButton* m_export = nullptr;
    QPushButton* m_rollback = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_status = nullptr;
    QTableView* m_table = nullptr;
    QFutureWatcher<Loaded> m_load;
    QFutureWatcher<RolledBack> m_rollbackRun;
    bool m_stale = true;
    QString m_outcome; // the last rollback's outcome, kept in the status line
    bool m_outcomeFailed = false;
};

} // namespace concord
