#pragma once

#include "SourceDiscovery.h"

#include <QDialog>
#include <QFutureWatcher>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QStandardItemModel;
class QTableView;

namespace concord {

// Adds a system to the workspace or edits one: a SQLite file or a PostgreSQL / MariaDB server
// (host, port, database, user, password, table picked from the server's list) or a CSV / JSON
// file (with its first rows as parsed). "Test connection" runs on a worker and shows the row
// count or the exact error; the key, version and soft-delete columns are picked from the
// columns the source has, so what Save accepts can be read. A typed password goes to the
// desktop keyring, never to the workspace; where no keyring is reachable the dialog says so and
// names the environment variable instead.
class SystemDialog : public QDialog
{
    Q_OBJECT

public:
    // `existing`: the system to edit (its name stays), or nullopt to add one. `mappings`: the
    // workspace's mappings of that system, checked against the source's columns on Save.
    SystemDialog(const QString& workspaceDir, const QStringList& takenNames,
                 const std::optional<SystemConfig>& existing, const QList<FieldMapping>& mappings,
                 QWidget* parent = nullptr);
    ~SystemDialog() override;

    // The system as typed; what Save stored once the dialog is accepted.
    SystemConfig system() const;
    const SourceSample& sample() const { return m_sample; }
    bool isTesting() const { return m_watcher.isRunning(); }
    QString statusText() const;

    // For tests and scripts: the widgets a person types into.
    QComboBox* driverBox() const { return m_driver; }
    QLineEdit* nameEdit() const { return m_name; }
    QLineEdit* fileEdit() const { return m_file; }
    QLineEdit* hostEdit() const { return m_host; }
    QSpinBox* portBox() const { return m_port; }
    QLineEdit* databaseEdit() const { return m_database; }
    QLineEdit* userEdit() const { return m_user; }
    QLineEdit* passwordEdit() const { return m_password; }
    QComboBox* tableBox() const { return m_table; }
    QComboBox* keyBox() const { return m_key; }
    QComboBox* versionBox() const { return m_version; }
    QPushButton* testButton() const { return m_test; }
    QPushButton* saveButton() const { return m_save; }
    QTableView* previewTable() const { return m_preview; }

public Q_SLOTS:
    void testConnection();
    void accept() override;

Q_SIGNALS:
    // A test finished (ok or not); sample() and statusText() say what it found.
    void tested(bool ok);

private:
    void buildForm();
    void driverChanged();
    void connectionEdited();
    void chooseFile();
    void onTested();
    void fillColumns();
    void showStatus(const QString& text, bool error);
    bool finishSave();
    QString connectionKey() const;
    QString driverName() const;

    QString m_workspaceDir;
    QStringList m_takenNames;
    std::optional<SystemConfig> m_existing;
    QList<FieldMapping> m_mappings;
    SourceSample m_sample;
    QString m_sampledKey; // the connection settings m_sample was read with
    bool m_saveAfterTest = false;
    QFutureWatcher<SourceSample> m_watcher;

    QLineEdit* m_name = nullptr;
    QComboBox* m_driver = nullptr;
    QWidget* m_filePage = nullptr;
    QWidget* m_serverPage = nullptr;
    QLineEdit* m_file = nullptr;
    QLineEdit* m_host = nullptr;
    QSpinBox* m_port = nullptr;
    QLineEdit* m_database = nullptr;
    QLineEdit* m_user = nullptr;
    QLineEdit* m_password = nullptr;
    QComboBox* m_table = nullptr;
    QLabel* m_tableLabel = nullptr;
    QComboBox* m_key = nullptr;
    QComboBox* m_version = nullptr;
    QLineEdit* m_region = nullptr;
    QComboBox* m_dateOrder = nullptr;
    QCheckBox* m_readOnly = nullptr;
    QComboBox* m_softDelete = nullptr;
    QLineEdit* m_softDeleteValue = nullptr;
    QCheckBox* m_hardDelete = nullptr;
    QCheckBox* m_stampVersion = nullptr;
    QPushButton* m_test = nullptr;
    QLabel* m_status = nullptr;
    QLabel* m_format = nullptr;
    QTableView* m_preview = nullptr;
    QStandardItemModel* m_previewModel = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
    QPushButton* m_save = nullptr;
};

} // namespace concord
