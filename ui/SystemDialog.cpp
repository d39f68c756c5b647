#include "SystemDialog.h"

#include "ColumnCheck.h"
#include "Credentials.h"
#include "Workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardItemModel>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// Selects the item whose data is `value`; adds it (marked) when the source does not have it,
// so a setting that names a missing column is seen, not silently replaced.
void selectData(QComboBox* box, const QString& value)
{
    int at = box->findData(value);
    if (at < 0) {
        box->addItem(SystemDialog::tr("%1 (not in the source)").arg(value), value);
        at = box->count() - 1;
    }
    box->setCurrentIndex(at);
}

QString currentData(const QComboBox* box)
{
    return box->currentData().toString();
}
} // namespace

SystemDialog::SystemDialog(const QString& workspaceDir, const QStringList& takenNames,
                           const std::optional<SystemConfig>& existing, const QList<FieldMapping>& mappings,
                           QWidget* parent)
    : QDialog(parent)
    , m_workspaceDir(workspaceDir)
    , m_takenNames(takenNames)
    , m_existing(existing)
    , m_mappings(mappings)
{
    setObjectName(u"systemDialog"_s);
    setWindowTitle(existing ? tr("System %1").arg(existing->name) : tr("Add a system"));
    buildForm();
    connect(&m_watcher, &QFutureWatcher<SourceSample>::finished, this, &SystemDialog::onTested);

    if (existing) {
        const SystemConfig& s = *existing;
        m_name->setText(s.name);
        m_name->setReadOnly(true);
        m_driver->setCurrentIndex(std::max(0, m_driver->findData(s.driver)));
        if (s.isFile())
            m_file->setText(s.database);
        else
            m_database->setText(s.database);
        m_host->setText(s.host);
        if (s.port > 0)
            m_port->setValue(s.port);
        m_user->setText(s.user);
        m_table->setEditText(s.entity);
        m_region->setText(s.defaultRegion);
        m_dateOrder->setCurrentIndex(std::max(0, m_dateOrder->findData(s.dateOrder)));
        m_readOnly->setChecked(s.readOnly);
        m_softDeleteValue->setText(s.softDeleteValue);
        m_hardDelete->setChecked(s.hardDelete);
        m_stampVersion->setChecked(s.stampVersion);
        fillColumns();
    }
    driverChanged();
    showStatus(tr("Not tested yet: Test connection reads the source's tables, columns and first rows."),
               false);
}

SystemDialog::~SystemDialog()
{
    // The worker holds only copies; a slow server answers into nothing.
    m_watcher.waitForFinished();
}

void SystemDialog::buildForm()
{
    m_name = new QLineEdit(this);
    m_name->setObjectName(u"systemName"_s);
    m_name->setPlaceholderText(tr("crm, billing, shop ... (letters, digits, _ and -)"));
    m_driver = new QComboBox(this);
    m_driver->setObjectName(u"systemDriver"_s);
    m_driver->addItem(tr("SQLite database file"), u"sqlite"_s);
    m_driver->addItem(tr("PostgreSQL server"), u"postgresql"_s);
    m_driver->addItem(tr("MariaDB / MySQL server"), u"mariadb"_s);
    m_driver->addItem(tr("CSV export (read only)"), u"csv"_s);
    m_driver->addItem(tr("JSON export (read only)"), u"json"_s);

    m_file = new QLineEdit(this);
    m_file->setObjectName(u"systemFile"_s);
    m_file->setPlaceholderText(tr("a path; relative paths are kept relative to the workspace"));
    auto* browse = new QPushButton(tr("Browse\u2026"), this);
    m_filePage = new QWidget(this);
    auto* fileRow = new QHBoxLayout(m_filePage);
    fileRow->setContentsMargins(0, 0, 0, 0);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);

    m_host = new QLineEdit(u"localhost"_s, this);
    m_host->setObjectName(u"systemHost"_s);
    m_port = new QSpinBox(this);
    m_port->setObjectName(u"systemPort"_s);
    m_port->setRange(1, 65535);
    m_database = new QLineEdit(this);
    m_database->setObjectName(u"systemDatabase"_s);
    m_user = new QLineEdit(this);
    m_user->setObjectName(u"systemUser"_s);
    m_password = new QLineEdit(this);
    m_password->setObjectName(u"systemPassword"_s);
    m_password->setEchoMode(QLineEdit::Password);
    m_password->setPlaceholderText(tr("kept in the desktop keyring, never shown again"));
    m_serverPage = new QWidget(this);
    auto* serverForm = new QFormLayout(m_serverPage);
    serverForm->setContentsMargins(0, 0, 0, 0);
    serverForm->addRow(tr("Host"), m_host);
    serverForm->addRow(tr("Port"), m_port);
    serverForm->addRow(tr("Database"), m_database);
    serverForm->addRow(tr("User"), m_user);
    serverForm->addRow(tr("Password"), m_password);

    // Only one of the two shows: a file's path, or a server's address and login.
    auto* where = new QWidget(this);
    auto* whereLayout = new QVBoxLayout(where);
    whereLayout->setContentsMargins(0, 0, 0, 0);
    whereLayout->addWidget(m_filePage);
    whereLayout->addWidget(m_serverPage);

    m_table = new QComboBox(this);
    m_table->setObjectName(u"systemTable"_s);
    m_table->setEditable(true);
    m_table->setInsertPolicy(QComboBox::NoInsert);
    m_tableLabel = new QLabel(tr("Table"), this);
    m_key = new QComboBox(this);
    m_key->setObjectName(u"systemKey"_s);
    m_version = new QComboBox(this);
    m_version->setObjectName(u"systemVersion"_s);
    m_region = new QLineEdit(this);
    m_region->setPlaceholderText(tr("for phone numbers without a country code, e.g. US"));
    m_region->setMaxLength(2);
    m_dateOrder = new QComboBox(this);
    m_dateOrder->addItem(tr("(detected from the values)"), QString());
    m_dateOrder->addItem(tr("month/day/year"), u"MDY"_s);
    m_dateOrder->addItem(tr("day/month/year"), u"DMY"_s);
    m_dateOrder->addItem(tr("year/month/day"), u"YMD"_s);

    auto* form = new QFormLayout;
    form->addRow(tr("Name"), m_name);
    form->addRow(tr("Kind"), m_driver);
    form->addRow(tr("Where"), where);
    form->addRow(m_tableLabel, m_table);
    form->addRow(tr("Key column"), m_key);
    form->addRow(tr("Version column"), m_version);
    form->addRow(tr("Phone region"), m_region);
    form->addRow(tr("Date order"), m_dateOrder);

    auto* writes = new QGroupBox(tr("Writing back"), this);
    m_readOnly = new QCheckBox(tr("Read only: never write to this system"), writes);
    m_softDelete = new QComboBox(writes);
    m_softDelete->setObjectName(u"systemSoftDelete"_s);
    m_softDeleteValue = new QLineEdit(writes);
    m_softDeleteValue->setPlaceholderText(tr("1"));
    m_hardDelete = new QCheckBox(tr("Delete merged-away rows outright (kept whole in the audit)"), writes);
    m_stampVersion = new QCheckBox(tr("Set the version column on every write"), writes);
    auto* writesForm = new QFormLayout(writes);
    writesForm->addRow(m_readOnly);
    writesForm->addRow(tr("Soft-delete column"), m_softDelete);
    writesForm->addRow(tr("Soft-delete value"), m_softDeleteValue);
    writesForm->addRow(m_hardDelete);
    writesForm->addRow(m_stampVersion);

    m_test = new QPushButton(tr("&Test connection"), this);
    m_test->setObjectName(u"testConnection"_s);
    m_status = new QLabel(this);
    m_status->setObjectName(u"systemStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_format = new QLabel(this);
    m_format->setWordWrap(true);
    m_previewModel = new QStandardItemModel(this);
    m_preview = new QTableView(this);
    m_preview->setObjectName(u"systemPreview"_s);
    m_preview->setModel(m_previewModel);
    m_preview->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_preview->setWordWrap(false);
    m_preview->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_preview->horizontalHeader()->setDefaultSectionSize(120);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    m_save = m_buttons->button(QDialogButtonBox::Save);
    m_save->setObjectName(u"saveSystem"_s);

    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(writes);
    left->addStretch(1);
    auto* right = new QVBoxLayout;
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(m_test);
    testRow->addStretch(1);
    right->addLayout(testRow);
    right->addWidget(m_status);
    right->addWidget(m_format);
    right->addWidget(new QLabel(tr("First rows, as Concord reads them:"), this));
    right->addWidget(m_preview, 1);
    auto* columns = new QHBoxLayout;
    columns->addLayout(left, 2);
    columns->addLayout(right, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(m_buttons);
    resize(1040, 620);

    connect(m_driver, &QComboBox::currentIndexChanged, this, &SystemDialog::driverChanged);
    connect(browse, &QPushButton::clicked, this, &SystemDialog::chooseFile);
    for (QLineEdit* edit : {m_file, m_host, m_database, m_user, m_password})
        connect(edit, &QLineEdit::textEdited, this, &SystemDialog::connectionEdited);
    connect(m_port, &QSpinBox::valueChanged, this, &SystemDialog::connectionEdited);
    // Picking a table from the server's list reads its columns at once.
    connect(m_table, &QComboBox::textActivated, this, [this] {
        connectionEdited();
        testConnection();
    });
    connect(m_test, &QPushButton::clicked, this, &SystemDialog::testConnection);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &SystemDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &SystemDialog::reject);
}

QString SystemDialog::driverName() const
{
    return currentData(m_driver);
}

void SystemDialog::driverChanged()
{
    const QString driver = driverName();
    const bool server = driver == "postgresql"_L1 || driver == "mariadb"_L1;
    m_filePage->setVisible(!server);
    m_serverPage->setVisible(server);
    // A CSV or JSON file is its one entity; SQL systems pick a table.
    const bool tables = driver != "csv"_L1 && driver != "json"_L1;
    m_table->setVisible(tables);
    m_tableLabel->setVisible(tables);
    const bool writable = tables;
    for (QWidget* w : {static_cast<QWidget*>(m_softDelete), static_cast<QWidget*>(m_softDeleteValue),
                       static_cast<QWidget*>(m_hardDelete), static_cast<QWidget*>(m_stampVersion),
                       static_cast<QWidget*>(m_readOnly)})
        w->setEnabled(writable);
    if (server && (!m_existing || m_existing->driver != driver))
        m_port->setValue(driver == "postgresql"_L1 ? 5432 : 3306);
    connectionEdited();
}

void SystemDialog::chooseFile()
{
    const QString driver = driverName();
    const QString filter = driver == "csv"_L1 ? tr("CSV files (*.csv *.txt);;All files (*)")
                           : driver == "json"_L1
                               ? tr("JSON files (*.json);;All files (*)")
                               : tr("SQLite databases (*.sqlite *.db *.sqlite3);;All files (*)");
    const QString path = QFileDialog::getOpenFileName(this, tr("Choose the file"), m_workspaceDir, filter);
    if (path.isEmpty())
        return;
    const QString relative = QDir(m_workspaceDir).relativeFilePath(path);
    m_file->setText(relative.startsWith(u".."_s) ? path : relative);
    connectionEdited();
    testConnection();
}

QString SystemDialog::connectionKey() const
{
    const SystemConfig s = system();
    return QStringList{s.driver,
                       s.host,
                       QString::number(s.port),
                       s.database,
                       s.user,
                       m_password->text(),
                       s.isFile() && s.driver != "sqlite"_L1 ? QString() : s.entity}
        .join(u'\x1f');
}

void SystemDialog::connectionEdited()
{
    if (connectionKey() != m_sampledKey && !m_sampledKey.isEmpty())
        showStatus(tr("Changed since the last test: test the connection again."), false);
}

SystemConfig SystemDialog::system() const
{
    SystemConfig s = m_existing.value_or(SystemConfig());
    s.name = m_name->text().trimmed();
    s.driver = driverName();
    const bool server = s.driver == "postgresql"_L1 || s.driver == "mariadb"_L1;
    s.database = server ? m_database->text().trimmed() : m_file->text().trimmed();
    s.host = server ? m_host->text().trimmed() : QString();
    s.port = server ? m_port->value() : 0;
    s.user = server ? m_user->text().trimmed() : QString();
    if (s.driver == "csv"_L1 || s.driver == "json"_L1)
        s.entity = m_sample.entity.isEmpty() ? QFileInfo(s.database).completeBaseName() : m_sample.entity;
    else
        s.entity = m_table->currentText().trimmed();
    s.keyColumn = currentData(m_key);
    s.versionColumn = currentData(m_version);
    s.defaultRegion = m_region->text().trimmed().toUpper();
    s.dateOrder = currentData(m_dateOrder);
    const bool writable = s.isSqlDatabase();
    s.readOnly = writable && m_readOnly->isChecked();
    s.softDeleteColumn = writable ? currentData(m_softDelete) : QString();
    s.softDeleteValue =
        writable && !s.softDeleteColumn.isEmpty() ? m_softDeleteValue->text().trimmed() : QString();
    s.hardDelete = writable && m_hardDelete->isChecked();
    s.stampVersion = writable && m_stampVersion->isChecked();
    return s;
}

void SystemDialog::testConnection()
{
    if (m_watcher.isRunning())
        return;
    const SystemConfig draft = system();
    m_test->setEnabled(false);
    showStatus(tr("Connecting to %1 \u2026").arg(draft.isFile() ? draft.database : draft.host), false);
    m_sampledKey = connectionKey();
    m_watcher.setFuture(QtConcurrent::run(&sampleSource, draft, m_workspaceDir, m_password->text(), 8));
}

void SystemDialog::onTested()
{
    m_sample = m_watcher.result();
    m_test->setEnabled(true);
    const QString typed = m_table->currentText();
    m_table->clear();
    m_table->addItems(m_sample.entities);
    m_table->setEditText(typed);
    fillColumns();

    m_previewModel->clear();
    m_previewModel->setHorizontalHeaderLabels(m_sample.columnNames());
    for (const QStringList& row : std::as_const(m_sample.preview)) {
        QList<QStandardItem*> items;
        for (const QString& value : row)
            items << new QStandardItem(value);
        m_previewModel->appendRow(items);
    }
    m_format->setText(m_sample.format);

    if (!m_sample.ok()) {
        m_saveAfterTest = false;
        showStatus(m_sample.error, true);
    } else if (m_sample.entity.isEmpty()) {
        m_saveAfterTest = false;
        showStatus(tr("Connected. Choose one of its %1 tables.").arg(m_sample.entities.size()), false);
    } else {
        showStatus(tr("Connected: %1 has %2 rows and %3 columns.")
                       .arg(m_sample.entity, QLocale().toString(m_sample.rows))
                       .arg(m_sample.columns.size()),
                   false);
    }
    Q_EMIT tested(m_sample.ok());
    if (m_saveAfterTest) {
        m_saveAfterTest = false;
        if (finishSave())
            QDialog::accept();
    }
}

void SystemDialog::fillColumns()
{
    const SystemConfig wanted = m_existing && m_key->count() == 0 ? *m_existing : system();
    bool hasPrimaryKey = false;
    for (const ColumnInfo& c : std::as_const(m_sample.columns))
        hasPrimaryKey = hasPrimaryKey || c.primaryKey;
    const bool sql = wanted.isSqlDatabase();
    m_key->clear();
    m_version->clear();
    m_softDelete->clear();
    m_key->addItem(sql ? tr("(the table's primary key)") : tr("(choose the column that identifies a row)"),
                   QString());
    m_version->addItem(tr("(none: changes are seen by a hash of the row)"), QString());
    m_softDelete->addItem(tr("(none)"), QString());
    for (const ColumnInfo& c : std::as_const(m_sample.columns)) {
        const QString label = c.primaryKey ? tr("%1 (primary key)").arg(c.name) : c.name;
        m_key->addItem(label, c.name);
        m_version->addItem(c.name, c.name);
        m_softDelete->addItem(c.name, c.name);
    }
    const bool sampled = !m_sample.columns.isEmpty();
    auto restore = [&](QComboBox* box, const QString& value) {
        if (value.isEmpty())
            return;
        if (sampled) {
            selectData(box, value); // marked when the source does not have it
        } else {
            box->addItem(value, value); // not read yet: shown as configured
            box->setCurrentIndex(box->count() - 1);
        }
    };
    restore(m_key, wanted.keyColumn);
    restore(m_version, wanted.versionColumn);
    restore(m_softDelete, wanted.softDeleteColumn);
    // A file without a declared key: the first column named like an id is the likely key.
    if (sampled && !sql && !hasPrimaryKey && wanted.keyColumn.isEmpty()) {
        for (const ColumnInfo& c : std::as_const(m_sample.columns)) {
            if (c.name.compare(u"id"_s, Qt::CaseInsensitive) == 0 || c.name.endsWith(u"_id"_s)) {
                m_key->setCurrentIndex(m_key->findData(c.name));
                break;
            }
        }
    }
}

void SystemDialog::accept()
{
    const SystemConfig draft = system();
    if (auto valid = validateSystem(draft); !valid)
        return showStatus(valid.errorString(), true);
    if (!m_existing && m_takenNames.contains(draft.name))
        return showStatus(tr("A system named %1 exists already: choose another name.").arg(draft.name), true);
    // Save checks the source as it is now: test first when the settings changed since.
    if (m_watcher.isRunning() || connectionKey() != m_sampledKey || !m_sample.ok()) {
        m_saveAfterTest = true;
        testConnection();
        return;
    }
    if (finishSave())
        QDialog::accept();
}

bool SystemDialog::finishSave()
{
    const SystemConfig draft = system();
    if (!m_sample.ok()) {
        showStatus(tr("Not saved: %1").arg(m_sample.error), true);
        return false;
    }
    if (m_sample.entity.isEmpty()) {
        showStatus(tr("Not saved: choose a table."), true);
        return false;
    }
    const ColumnCheck check = checkColumns(draft, m_mappings, m_sample.columns);
    if (!check.ok()) {
        showStatus(tr("Not saved: %1").arg(check.error().message), true);
        return false;
    }
    if (!m_password->text().isEmpty()) {
        if (auto stored = Credentials::storeInKeyring(draft, m_password->text()); !stored) {
            showStatus(tr("Not saved: the password could not be kept (%1). Clear the password field to save "
                          "without it; Concord then reads it from %2 when it connects.")
                           .arg(stored.errorString(), Credentials::environmentVariable(draft.name)),
                       true);
            return false;
        }
    }
    return true;
}

QString SystemDialog::statusText() const
{
    return m_status->text();
}

void SystemDialog::showStatus(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b91c1c"_s : QString());
}

} // namespace concord
