#include "SystemsOverview.h"

#include "SystemColumnsModel.h"
#include "SystemDialog.h"
#include "SystemSummaryModel.h"
#include "WorkspaceSession.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

SystemsOverview::SystemsOverview(WorkspaceSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_add(new QPushButton(tr("&Add\u2026"), this))
    , m_edit(new QPushButton(tr("&Edit\u2026"), this))
    , m_remove(new QPushButton(tr("Re&move\u2026"), this))
    , m_test(new QPushButton(tr("&Test connections"), this))
    , m_message(new QLabel(this))
    , m_title(new QLabel(this))
    , m_summary(new QLabel(this))
    , m_reload(new QPushButton(tr("&Reload"), this))
    , m_table(new QTableView(this))
    , m_columnsTitle(new QLabel(this))
    , m_columnsTable(new QTableView(this))
    , m_model(new SystemSummaryModel(this))
    , m_columnsModel(new SystemColumnsModel(this))
{
    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table->setModel(m_model);
    m_table->setObjectName(u"systemsTable"_s);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_reload->setObjectName(u"reloadButton"_s);

    m_columnsTable->setModel(m_columnsModel);
    m_columnsTable->setObjectName(u"columnsTable"_s);
    m_columnsTable->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_columnsTable->verticalHeader()->hide();
    m_columnsTable->horizontalHeader()->setStretchLastSection(true);
    m_columnsTable->setSelectionBehavior(QAbstractItemView::SelectRows);

    auto* header = new QHBoxLayout;
    auto* titles = new QVBoxLayout;
    titles->addWidget(m_title);
    titles->addWidget(m_summary);
    header->addLayout(titles, 1);
    m_add->setObjectName(u"addSystemButton"_s);
    m_edit->setObjectName(u"editSystemButton"_s);
    m_remove->setObjectName(u"removeSystemButton"_s);
    m_test->setObjectName(u"testConnectionsButton"_s);
    m_test->setToolTip(tr("Connect to every system and count its rows, without reading them"));
    m_reload->setToolTip(tr("Read every system in full: record counts, columns, what is mapped"));
    for (QPushButton* button : {m_add, m_edit, m_remove, m_test})
        header->addWidget(button, 0, Qt::AlignTop);
    header->addWidget(m_reload, 0, Qt::AlignTop);
    m_message->setObjectName(u"systemsMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_message);
    auto* details = new QWidget(this);
    auto* detailsLayout = new QVBoxLayout(details);
    detailsLayout->setContentsMargins(0, 0, 0, 0);
    detailsLayout->addWidget(m_columnsTitle);
    detailsLayout->addWidget(m_columnsTable, 1);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_table);
    splitter->addWidget(details);
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 2);
    layout->addWidget(splitter, 1);

    connect(m_reload, &QPushButton::clicked, this, &SystemsOverview::reload);
    connect(m_add, &QPushButton::clicked, this, &SystemsOverview::addSystem);
    connect(m_edit, &QPushButton::clicked, this, &SystemsOverview::editSystem);
    connect(m_remove, &QPushButton::clicked, this, &SystemsOverview::removeSystem);
    connect(m_test, &QPushButton::clicked, this, &SystemsOverview::testConnections);
    connect(m_table, &QAbstractItemView::doubleClicked, this, &SystemsOverview::editSystem);
    connect(&m_probeWatcher, &QFutureWatcher<QList<ConnectionProbe>>::finished, this, [this] {
        m_test->setEnabled(m_session != nullptr);
        for (const ConnectionProbe& probe : m_probeWatcher.result())
            m_model->setProbe(probe);
        int failed = 0;
        for (const ConnectionProbe& probe : m_probeWatcher.result())
            failed += probe.ok() ? 0 : 1;
        say(failed == 0 ? tr("Every system answered.")
                        : tr("%n system(s) did not answer: see the status column.", nullptr, failed),
            failed > 0);
        Q_EMIT connectionsTested();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showColumnsOf(current.isValid() ? current.row() : -1); });
    connect(&m_watcher, &QFutureWatcher<LoadOutcome>::finished, this, &SystemsOverview::onLoaded);
    m_title->setText(tr("No workspace open"));
    m_reload->setEnabled(false);
    for (QPushButton* button : {m_add, m_edit, m_remove, m_test}) {
        button->setEnabled(false);
        button->setVisible(session != nullptr);
    }
}

SystemsOverview::~SystemsOverview()
{
    m_watcher.waitForFinished();
    m_probeWatcher.waitForFinished();
}

void SystemsOverview::setWorkspacePath(const QString& path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_title->setText(QFileInfo(m_path).fileName());
    m_model->setReports({});
    for (QPushButton* button : {m_add, m_edit, m_remove, m_test})
        button->setEnabled(m_session != nullptr);
    reload();
}

SystemsOverview::LoadOutcome SystemsOverview::load(const QString& path)
{
    LoadOutcome outcome;
    auto ws = Workspace::open(path);
    if (!ws) {
        outcome.error = ws.errorString();
        return outcome;
    }
    auto loaded = loadSnapshot(**ws);
    if (!loaded) {
        outcome.error = loaded.errorString();
        return outcome;
    }
    outcome.reports = loaded->reports;
    return outcome;
}

void SystemsOverview::reload()
{
    if (m_path.isEmpty() || m_watcher.isRunning())
        return;
    m_reload->setEnabled(false);
    m_summary->setText(tr("Reading every system of %1 ...").arg(m_path));
    m_watcher.setFuture(QtConcurrent::run(&SystemsOverview::load, m_path));
}

void SystemsOverview::onLoaded()
{
    const LoadOutcome outcome = m_watcher.result();
    m_reload->setEnabled(true);
    if (!outcome.error.isEmpty()) {
        m_model->setReports({});
        showColumnsOf(-1);
        m_summary->setText(outcome.error);
        Q_EMIT loadFinished(false, outcome.error);
        return;
    }
    const int selected = m_table->currentIndex().isValid() ? m_table->currentIndex().row() : 0;
    m_model->setReports(outcome.reports);
    if (m_session && m_session->store()) {
        if (auto systems = m_session->store()->systems())
            m_model->setSystems(*systems);
    }
    m_table->resizeColumnsToContents();
    if (m_model->rowCount() > 0)
        m_table->selectRow(std::min(selected, m_model->rowCount() - 1));
    int failed = 0;
    for (const SystemLoadReport& r : outcome.reports)
        failed += r.error.isEmpty() ? 0 : 1;
    QString text = tr("%1 systems, %2 records")
                       .arg(outcome.reports.size())
                       .arg(QLocale().toString(m_model->totalRecords()));
    if (failed > 0)
        text += tr(" \u2014 %1 could not be read").arg(failed);
    text += u"  \u2022  "_s + m_path;
    m_summary->setText(text);
    Q_EMIT loadFinished(failed == 0, text);
}

void SystemsOverview::showColumnsOf(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_columnsModel->clear();
        m_columnsTitle->setText(QString());
        return;
    }
    const SystemLoadReport& report = m_model->reports().at(row);
    m_columnsModel->setReport(report);
    m_columnsTable->resizeColumnsToContents();
    if (!report.error.isEmpty())
        m_columnsTitle->setText(tr("%1 could not be read: %2").arg(report.system, report.error));
    else
        m_columnsTitle->setText(tr("Columns of %1: %2 mapped, %3 unmapped")
                                    .arg(report.system)
                                    .arg(report.mapped.size())
                                    .arg(report.unmappedColumns.size()));
}

QString SystemsOverview::selectedSystem() const
{
    const QModelIndex current = m_table->currentIndex();
    if (!current.isValid() || current.row() >= m_model->rowCount())
        return QString();
    return m_model->reports().at(current.row()).system;
}

void SystemsOverview::say(const QString& text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? u"color: #b91c1c"_s : QString());
    m_message->setVisible(!text.isEmpty());
}

void SystemsOverview::systemsEdited(const QString& message)
{
    say(message, false);
    reload();
}

void SystemsOverview::addSystem()
{
    if (!m_session || !m_session->store())
        return;
    auto systems = m_session->store()->systems();
    QStringList names;
    for (const SystemConfig& s : systems ? *systems : QList<SystemConfig>())
        names << s.name;
    SystemDialog dialog(QFileInfo(m_path).absolutePath(), names, std::nullopt, {}, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const SystemConfig added = dialog.system();
    if (auto done = m_session->addSystem(added); !done)
        return say(done.errorString(), true);
    systemsEdited(
        tr("Added %1. Map its columns to the canonical fields (Mapping), then run (F5).").arg(added.name));
}

void SystemsOverview::editSystem()
{
    const QString name = selectedSystem();
    if (!m_session || !m_session->store() || name.isEmpty())
        return;
    auto system = m_session->store()->system(name);
    auto mappings = m_session->store()->mappings(name);
    if (!system || !mappings)
        return say(system ? mappings.errorString() : system.errorString(), true);
    SystemDialog dialog(QFileInfo(m_path).absolutePath(), {}, *system, *mappings, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto done = m_session->updateSystem(dialog.system()); !done)
        return say(done.errorString(), true);
    systemsEdited(tr("Saved %1. The next run (F5) reads it with these settings.").arg(name));
}

void SystemsOverview::removeSystem()
{
    const QString name = selectedSystem();
    if (!m_session || !m_session->store() || name.isEmpty())
        return;
    QMessageBox box(QMessageBox::Warning, tr("Remove %1").arg(name),
                    tr("Remove the system %1 from this workspace?").arg(name), QMessageBox::Cancel, this);
    box.setInformativeText(tr("Its column mappings and its places in the ownership matrix go with it; "
                              "fields it owned need a new owner. Nothing in the system itself changes, and "
                              "its audit trail stays."));
    QPushButton* remove = box.addButton(tr("Remove %1").arg(name), QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    if (box.clickedButton() != remove)
        return;
    if (auto done = m_session->removeSystem(name); !done)
        return say(done.errorString(), true);
    systemsEdited(tr("Removed %1.").arg(name));
}

void SystemsOverview::testConnections()
{
    if (m_path.isEmpty() || m_probeWatcher.isRunning())
        return;
    m_test->setEnabled(false);
    say(tr("Connecting to every system \u2026"), false);
    // The worker opens its own connection to the workspace: Qt SQL connections belong to the
    // thread that opened them.
    m_probeWatcher.setFuture(QtConcurrent::run([path = m_path]() -> QList<ConnectionProbe> {
        // A workspace that cannot be read is every system's answer.
        auto failed = [](const QString& error) {
            ConnectionProbe probe;
            probe.error = error;
            return QList<ConnectionProbe>{probe};
        };
        auto ws = Workspace::open(path);
        if (!ws)
            return failed(ws.errorString());
        auto probes = probeConnections(**ws);
        return probes ? *probes : failed(probes.errorString());
    }));
}

} // namespace concord
