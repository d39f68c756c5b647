#include "AuditView.h"

#include "Applier.h"
#include "WorkspaceSession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDateTimeEdit>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QSet>
#include <QTableView>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QComboBox* choiceBox(QWidget* parent, const QString& name)
{
    auto* box = new QComboBox(parent);
    box->setObjectName(name);
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->setMinimumContentsLength(10);
    return box;
}

// Refills a filter's choices with the values the rows hold, keeping the chosen one.
void fillBox(QComboBox* box, const QString& any, QStringList values)
{
    const QString chosen = box->currentData().toString();
    values.removeDuplicates();
    values.removeAll(QString());
    values.sort(Qt::CaseInsensitive);
    const QSignalBlocker quiet(box);
    box->clear();
    box->addItem(any, QString());
    for (const QString& v : std::as_const(values))
        box->addItem(v, v);
    box->setCurrentIndex(std::max(0, box->findData(chosen)));
}
} // namespace

AuditView::AuditView(WorkspaceSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new AuditLogModel(this))
    , m_filter(new AuditLogFilter(this))
    , m_batch(choiceBox(this, u"auditBatch"_s))
    , m_system(choiceBox(this, u"auditSystem"_s))
    , m_tableBox(choiceBox(this, u"auditTable"_s))
    , m_field(choiceBox(this, u"auditField"_s))
    , m_steward(choiceBox(this, u"auditSteward"_s))
    , m_rule(choiceBox(this, u"auditRule"_s))
    , m_sinceOn(new QCheckBox(tr("Since"), this))
    , m_since(new QDateTimeEdit(QDateTime::currentDateTime().addDays(-7), this))
    , m_text(new QLineEdit(this))
    , m_reload(new QPushButton(tr("Re&load"), this))
    , m_export(new QPushButton(tr("E&xport\u2026"), this))
    , m_rollback(new QPushButton(tr("Roll &back batch\u2026"), this))
    , m_progress(new QProgressBar(this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
{
    setObjectName(u"auditView"_s);
    m_batch->setMinimumContentsLength(24);
    m_since->setCalendarPopup(true);
    m_since->setDisplayFormat(u"yyyy-MM-dd HH:mm"_s);
    m_since->setEnabled(false);
    m_text->setObjectName(u"auditSearch"_s);
    m_text->setPlaceholderText(tr("Search rows, values, reasons"));
    m_text->setClearButtonEnabled(true);
    m_rollback->setObjectName(u"rollbackBatch"_s);
    m_rollback->setToolTip(tr("Put back every value the chosen batch wrote, where the row still holds it"));
    m_export->setObjectName(u"exportAudit"_s);
    m_export->setToolTip(tr("Write the rows shown to a CSV or JSON file (sensitive values stay redacted)"));
    m_progress->setRange(0, 0); // a rollback reports at its end
    m_progress->setMaximumWidth(160);
    m_progress->hide();
    m_status->setObjectName(u"auditStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_filter->setSourceModel(m_model);
    m_table->setObjectName(u"auditTable"_s);
    m_table->setModel(m_filter);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(AuditLogModel::AtColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultSectionSize(110);

    auto* filters = new QHBoxLayout;
    filters->addWidget(m_batch);
    for (QComboBox* box : {m_system, m_tableBox, m_field, m_steward, m_rule})
        filters->addWidget(box);
    filters->addWidget(m_sinceOn);
    filters->addWidget(m_since);
    filters->addWidget(m_text, 1);
    auto* actions = new QHBoxLayout;
    actions->addWidget(m_status, 1);
    actions->addWidget(m_progress);
    actions->addWidget(m_reload);
    actions->addWidget(m_export);
    actions->addWidget(m_rollback);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addLayout(actions);
    layout->addWidget(m_table, 1);

    for (QComboBox* box : {m_batch, m_system, m_tableBox, m_field, m_steward, m_rule})
        connect(box, &QComboBox::currentIndexChanged, this, &AuditView::applyFilter);
    connect(m_sinceOn, &QCheckBox::toggled, m_since, &QWidget::setEnabled);
    connect(m_sinceOn, &QCheckBox::toggled, this, &AuditView::applyFilter);
    connect(m_since, &QDateTimeEdit::dateTimeChanged, this, &AuditView::applyFilter);
    connect(m_text, &QLineEdit::textChanged, this, &AuditView::applyFilter);
    connect(m_reload, &QPushButton::clicked, this, &AuditView::reload);
    connect(m_export, &QPushButton::clicked, this, [this] { (void)exportShown(); });
    connect(m_rollback, &QPushButton::clicked, this, [this] { rollBackChosenBatch(true); });
    connect(&m_load, &QFutureWatcher<Loaded>::finished, this, &AuditView::onLoaded);
    connect(&m_rollbackRun, &QFutureWatcher<RolledBack>::finished, this, &AuditView::onRolledBack);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) {
                if (!current.isValid())
                    return;
                const JournalEntry& e = m_model->row(m_filter->mapToSource(current).row()).entry;
                Q_EMIT recordSelected(RecordRef{e.system, e.rowId});
            });
    auto stale = [this] {
        m_stale = true;
        if (isVisible())
            reload();
    };
    connect(session, &WorkspaceSession::opened, this, stale);
    connect(session, &WorkspaceSession::runFinished, this, stale); // a run may follow an apply
    connect(session, &WorkspaceSession::closed, this, [this] {
        m_model->setRows({});
        m_batches.clear();
        fillChoices();
    });
    updateActions();
}

AuditView::~AuditView()
{
    m_load.waitForFinished();
    m_rollbackRun.waitForFinished();
}

void AuditView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void AuditView::reload()
{
    if (!m_session->isOpen() || isBusy())
        return;
    m_stale = false;
    say(tr("Reading the audit trail \u2026"), false);
    // A worker opens its own connection to the workspace (Qt SQL connections belong to a thread).
    m_load.setFuture(QtConcurrent::run([path = m_session->path()]() -> Loaded {
        Loaded loaded;
        auto ws = Workspace::open(path);
        if (!ws) {
            loaded.error = ws.errorString();
            return loaded;
        }
        auto rows = auditTrail(**ws, QString(), false);
        auto batches = (*ws)->batches();
        if (!rows || !batches) {
            loaded.error = rows ? batches.errorString() : rows.errorString();
            return loaded;
        }
        loaded.rows = *rows;
        loaded.batches = *batches;
        return loaded;
    }));
    updateActions();
}

void AuditView::onLoaded()
{
    Loaded loaded = m_load.result();
    if (!loaded.error.isEmpty()) {
        say(loaded.error, true);
        updateActions();
        Q_EMIT this->loaded(false);
        return;
    }
    m_batches = loaded.batches;
    m_model->setRows(std::move(loaded.rows));
    fillChoices();
    applyFilter();
    m_table->resizeColumnsToContents();
    for (int c = 0; c < AuditLogModel::ColumnCount; ++c)
        m_table->setColumnWidth(c, std::min(m_table->columnWidth(c), 220));
    updateActions();
    Q_EMIT this->loaded(true);
}

void AuditView::fillChoices()
{
    QStringList systems, tables, fields, stewards, rules;
    for (const AuditRow& row : m_model->rows()) {
        systems << row.entry.system;
        tables << row.entry.table;
        fields << row.entry.field;
        stewards << row.entry.steward;
        rules << row.entry.rule;
    }
    fillBox(m_system, tr("All systems"), systems);
    fillBox(m_tableBox, tr("All tables"), tables);
    fillBox(m_field, tr("All fields"), fields);
    fillBox(m_steward, tr("All stewards"), stewards);
    fillBox(m_rule, tr("All rules"), rules);
    const QString chosen = m_batch->currentData().toString();
    const QSignalBlocker quiet(m_batch);
    m_batch->clear();
    m_batch->addItem(tr("All batches"), QString());
    // Newest first: the batch a steward wants to look at is usually the last one.
    for (auto it = m_batches.crbegin(); it != m_batches.crend(); ++it) {
        const QString label = it->kind == "rollback"_L1 ? tr("%1 (rollback of %2)").arg(it->id, it->rollsBack)
                                                        : tr("%1 (%2)").arg(it->id, it->state);
        m_batch->addItem(label, it->id);
        m_batch->setItemData(m_batch->count() - 1, it->summary, Qt::ToolTipRole);
    }
    m_batch->setCurrentIndex(std::max(0, m_batch->findData(chosen)));
}

void AuditView::applyFilter()
{
    AuditLogFilter::Criteria c;
    c.batch = m_batch->currentData().toString();
    c.system = m_system->currentData().toString();
    c.table = m_tableBox->currentData().toString();
    c.field = m_field->currentData().toString();
    c.steward = m_steward->currentData().toString();
    c.rule = m_rule->currentData().toString();
    if (m_sinceOn->isChecked())
        c.since = m_since->dateTime().toUTC();
    c.text = m_text->text().trimmed();
    m_filter->setCriteria(c);
    if (!m_rollbackRun.isRunning()) {
        const QString shown =
            tr("%1 of %2 written changes shown")
                .arg(QLocale().toString(m_filter->rowCount()), QLocale().toString(m_model->rowCount()));
        say(m_outcome.isEmpty() ? shown : m_outcome + u"  \u2022  "_s + shown, m_outcomeFailed);
    }
    updateActions();
}

std::optional<BatchInfo> AuditView::chosenBatch() const
{
    const QString id = m_batch->currentData().toString();
    for (const BatchInfo& b : m_batches) {
        if (b.id == id)
            return b;
    }
    return std::nullopt;
}

void AuditView::updateActions()
{
    const auto batch = chosenBatch();
    bool rolledBack = false;
    for (const BatchInfo& b : std::as_const(m_batches))
        rolledBack = rolledBack || (batch && b.kind == "rollback"_L1 && b.rollsBack == batch->id);
    m_rollback->setEnabled(!isBusy() && batch && batch->kind == "apply"_L1 && !rolledBack);
    m_rollback->setToolTip(
        !batch ? tr("Choose a batch in the first filter to roll it back")
        : rolledBack
            ? tr("Batch %1 was rolled back already").arg(batch->id)
            : tr("Put back every value batch %1 wrote, where the row still holds it").arg(batch->id));
    m_export->setEnabled(m_filter->rowCount() > 0);
    m_reload->setEnabled(!isBusy() && m_session->isOpen());
    m_progress->setVisible(m_rollbackRun.isRunning());
}

Result<void> AuditView::exportShown(const QString& chosenPath)
{
    QString path = chosenPath;
    if (path.isEmpty())
        path = QFileDialog::getSaveFileName(this, tr("Export the audit rows shown"), u"audit.csv"_s,
                                            tr("CSV (*.csv);;JSON (*.json)"));
    if (path.isEmpty())
        return {};
    const QList<AuditRow> rows = m_filter->shownRows();
    const QByteArray bytes = exportAudit(rows, path.endsWith(u".json"_s, Qt::CaseInsensitive));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        say(tr("Could not write %1: %2").arg(path, file.errorString()), true);
        return makeError(tr("%1: %2").arg(path, file.errorString()));
    }
    say(tr("Exported %1 rows to %2").arg(rows.size()).arg(path), false);
    return {};
}

void AuditView::rollBackChosenBatch(bool ask)
{
    const auto batch = chosenBatch();
    if (!batch || isBusy())
        return;
    QMap<QString, int> perSystem;
    int rows = 0;
    for (const AuditRow& row : m_model->rows()) {
        if (row.entry.batch == batch->id) {
            ++perSystem[row.entry.system];
            ++rows;
        }
    }
    if (ask) {
        QStringList lines;
        for (auto it = perSystem.cbegin(); it != perSystem.cend(); ++it)
            lines << tr("%1: %n change(s)", nullptr, it.value()).arg(it.key());
        QMessageBox box(QMessageBox::Warning, tr("Roll back %1").arg(batch->id),
                        tr("Put back the %n change(s) batch %1 wrote?", nullptr, rows).arg(batch->id),
                        QMessageBox::Cancel, this);
        box.setInformativeText(
            tr("%1\n\nEach value goes back to what it was before the batch, where the row still holds what "
               "the batch wrote. A row changed since is left alone and reported as a conflict (back in the "
               "review queue). Deleted rows come back. The rollback is itself a batch in this audit.")
                .arg(lines.join(u"\n"_s)));
        QPushButton* go = box.addButton(tr("Roll back"), QMessageBox::DestructiveRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != go)
            return;
    }
    say(tr("Rolling back %1 \u2026 (a transaction per system; it finishes on its own)").arg(batch->id),
        false);
    m_rollbackRun.setFuture(QtConcurrent::run([path = m_session->path(), id = batch->id,
                                               steward = m_session->steward()]() -> RolledBack {
        RolledBack outcome;
        auto ws = Workspace::open(path);
        if (!ws) {
            outcome.summary = ws.errorString();
            return outcome;
        }
        ApplyOptions options;
        options.steward = steward;
        auto report = rollbackBatch(**ws, id, options);
        if (!report) {
            outcome.summary = report.errorString();
            return outcome;
        }
        outcome.ok = true;
        outcome.summary = AuditView::tr("Rolled back %1 as batch %2: %3 restored, %4 in conflict, %5 failed.")
                              .arg(id, report->batch.id)
                              .arg(report->count(u"written"_s))
                              .arg(report->count(u"conflict"_s))
                              .arg(report->count(u"dead_letter"_s));
        return outcome;
    }));
    updateActions();
}

void AuditView::onRolledBack()
{
    const RolledBack outcome = m_rollbackRun.result();
    m_outcome = outcome.summary;
    m_outcomeFailed = !outcome.ok;
    say(outcome.summary, !outcome.ok);
    m_session->refreshQueue(); // conflicts go back to the review queue
    m_stale = true;
    updateActions();
    reload();
    Q_EMIT rolledBack(outcome.ok, outcome.summary);
}

QString AuditView::statusText() const
{
    return m_status->text();
}

void AuditView::say(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b91c1c"_s : QString());
}

} // namespace concord
