#include "SystemsOverview.h"

#include "SystemColumnsModel.h"
#include "SystemSummaryModel.h"

#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

SystemsOverview::SystemsOverview(QWidget* parent)
    : QWidget(parent)
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
    header->addWidget(m_reload, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
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
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showColumnsOf(current.isValid() ? current.row() : -1); });
    connect(&m_watcher, &QFutureWatcher<LoadOutcome>::finished, this, &SystemsOverview::onLoaded);
    m_title->setText(tr("No workspace open"));
    m_reload->setEnabled(false);
}

SystemsOverview::~SystemsOverview()
{
    m_watcher.waitForFinished();
}

void SystemsOverview::setWorkspacePath(const QString& path)
{
    m_path = QFileInfo(path).absoluteFilePath();
    m_title->setText(QFileInfo(m_path).fileName());
    m_model->setReports({});
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

} // namespace concord
