#include "MappingView.h"

#include "MappingModel.h"
#include "WorkspaceSession.h"
#include "normalize/Normalize.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QSplitter>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QTextBrowser>
#include <QUndoStack>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// How many rows of a system the preview normalizes: enough to see the formats a column holds.
constexpr int kSampleRows = 200;

// The canonical field of a column, picked from a list: "(not mapped)" or "email (email)".
class FieldDelegate : public QStyledItemDelegate
{
public:
    FieldDelegate(MappingModel* model, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {}

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem&, const QModelIndex&) const override
    {
        auto* box = new QComboBox(parent);
        box->addItem(MappingView::tr("(not mapped)"), QString());
        for (const CanonicalField& f : m_model->fields())
            box->addItem(u"%1 (%2)"_s.arg(f.name, f.type), f.name);
        return box;
    }
    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        auto* box = static_cast<QComboBox*>(editor);
        box->setCurrentIndex(std::max(0, box->findData(index.data(Qt::EditRole).toString())));
    }
    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        model->setData(index, static_cast<QComboBox*>(editor)->currentData(), Qt::EditRole);
    }

private:
    MappingModel* m_model;
};

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}
} // namespace

MappingView::MappingView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_undoStack(undoStack)
    , m_model(new MappingModel(this))
    , m_systems(new QComboBox(this))
    , m_addField(new QPushButton(tr("Add &field\u2026"), this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_save(new QPushButton(tr("&Save mapping"), this))
    , m_status(new QLabel(this))
    , m_table(new QTableView(this))
    , m_preview(new QTextBrowser(this))
{
    setObjectName(u"mappingView"_s);
    m_model->setUndoStack(undoStack);
    m_systems->setObjectName(u"mappingSystem"_s);
    m_systems->setMinimumContentsLength(16);
    m_addField->setObjectName(u"addField"_s);
    m_revert->setObjectName(u"revertMapping"_s);
    m_save->setObjectName(u"saveMapping"_s);
    m_save->setToolTip(tr("Write this system's mapping (and any added field) to the workspace; the next "
                          "run (F5) reads the systems with it"));
    m_status->setObjectName(u"mappingStatus"_s);
    m_status->setWordWrap(true);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table->setObjectName(u"mappingTable"_s);
    m_table->setModel(m_model);
    m_table->setItemDelegateForColumn(MappingModel::FieldColumn, new FieldDelegate(m_model, this));
    m_table->setEditTriggers(QAbstractItemView::DoubleClicked | QAbstractItemView::EditKeyPressed |
                             QAbstractItemView::SelectedClicked);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->horizontalHeader()->setDefaultSectionSize(150);
    m_preview->setObjectName(u"mappingPreview"_s);
    m_preview->setPlaceholderText(tr("Select a column to see its sample values normalized"));

    auto* top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("System"), this));
    top->addWidget(m_systems);
    top->addWidget(m_status, 1);
    top->addWidget(m_addField);
    top->addWidget(m_revert);
    top->addWidget(m_save);
    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_table);
    splitter->addWidget(m_preview);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    splitter->setSizes({880, 400});
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(top);
    layout->addWidget(splitter, 1);

    connect(m_systems, &QComboBox::textActivated, this, &MappingView::showSystem);
    connect(m_save, &QPushButton::clicked, this, [this] { (void)save(); });
    connect(m_revert, &QPushButton::clicked, this, &MappingView::revert);
    connect(m_addField, &QPushButton::clicked, this, &MappingView::askForField);
    connect(&m_watcher, &QFutureWatcher<SourceSample>::finished, this, &MappingView::onSampled);
    connect(m_model, &MappingModel::pendingChanged, this, [this] {
        updateActions();
        showPreviewOf(m_table->currentIndex().row());
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { showPreviewOf(current.row()); });
    // Read when the steward looks, not on every open: a sample reads the system.
    auto stale = [this] {
        m_stale = true;
        if (isVisible() && !m_model->isDirty())
            reload();
    };
    connect(session, &WorkspaceSession::opened, this, stale);
    connect(session, &WorkspaceSession::systemsChanged, this, stale);
    connect(session, &WorkspaceSession::closed, this, [this] {
        m_systems->clear();
        m_model->clear();
        m_preview->clear();
        updateActions();
    });
    updateActions();
}

MappingView::~MappingView()
{
    m_watcher.waitForFinished();
}

void MappingView::showEvent(QShowEvent* event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

void MappingView::reload()
{
    if (!m_session->store())
        return;
    m_stale = false;
    auto systems = m_session->store()->systems();
    if (!systems)
        return say(systems.errorString(), true);
    const QString current = m_systems->currentText();
    m_systems->clear();
    for (const SystemConfig& s : std::as_const(*systems))
        m_systems->addItem(s.name);
    const int at = std::max(0, m_systems->findText(current));
    m_systems->setCurrentIndex(at);
    if (m_systems->count() > 0)
        showSystem(m_systems->itemText(at));
}

void MappingView::showSystem(const QString& name)
{
    if (!m_session->store() || name.isEmpty())
        return;
    if (m_model->isDirty() && m_model->system().name != name) {
        QMessageBox box(QMessageBox::Question, tr("Unsaved mapping"),
                        tr("The mapping of %1 has unsaved changes.").arg(m_model->system().name),
                        QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, this);
        box.setDefaultButton(QMessageBox::Save);
        const int answer = box.exec();
        if (answer == QMessageBox::Cancel || (answer == QMessageBox::Save && !save())) {
            m_systems->setCurrentText(m_model->system().name);
            return;
        }
    }
    auto system = m_session->store()->system(name);
    if (!system)
        return say(system.errorString(), true);
    if (m_watcher.isRunning()) {
        m_loading = name; // onSampled reads the newest choice again
        return;
    }
    m_loading = name;
    m_sampling = name;
    say(tr("Reading a sample of %1 \u2026").arg(name), false);
    m_watcher.setFuture(QtConcurrent::run(&sampleSource, *system, QFileInfo(m_session->path()).absolutePath(),
                                          QString(), kSampleRows));
}

void MappingView::onSampled()
{
    const SourceSample sample = m_watcher.result();
    const QString name = m_loading;
    auto system =
        m_session->store() ? m_session->store()->system(name) : Result<SystemConfig>(makeError(QString()));
    if (!system)
        return;
    if (m_sampling != name) {
        showSystem(name); // the choice changed while this sample was read: read the newest one
        return;
    }
    auto saved = m_session->store()->mappings(name);
    auto fields = m_session->store()->fields();
    if (!saved || !fields)
        return say(saved ? fields.errorString() : saved.errorString(), true);
    m_model->setSystem(*system, *saved, *fields, sample);
    m_table->resizeColumnToContents(MappingModel::ColumnColumn);
    m_table->resizeColumnToContents(MappingModel::SourceTypeColumn);
    m_table->setColumnWidth(MappingModel::FieldColumn, 190);
    m_table->setColumnWidth(MappingModel::RuleColumn, 100);
    m_table->setColumnWidth(MappingModel::SampleColumn, 230);
    if (!sample.ok()) {
        say(tr("%1 could not be read: %2").arg(name, sample.error), true);
    } else {
        int unmapped = 0;
        for (int row = 0; row < m_model->rowCount(); ++row)
            unmapped += m_model->fieldOf(row).isEmpty() ? 1 : 0;
        say(tr("%1: %2 columns, %3 mapped; sample of %4 rows")
                .arg(name)
                .arg(m_model->rowCount())
                .arg(m_model->rowCount() - unmapped)
                .arg(sample.preview.size()),
            false);
    }
    if (m_model->rowCount() > 0)
        m_table->selectRow(0);
    updateActions();
    Q_EMIT sampleLoaded(sample.ok());
}

void MappingView::showPreviewOf(int row)
{
    if (row < 0 || row >= m_model->rowCount()) {
        m_preview->clear();
        return;
    }
    const QString column = m_model->index(row, MappingModel::ColumnColumn).data().toString();
    const QString field = m_model->fieldOf(row);
    const QList<MappingModel::SampleValue> values = m_model->sampleOf(row);
    QString html;
    if (field.isEmpty()) {
        html =
            tr("<p><b>%1</b> feeds no canonical field: Concord reads it and reports it as a custom column, "
               "but does not compare or write it.</p>")
                .arg(esc(column));
    } else {
        int failed = 0;
        for (const auto& v : values)
            failed += v.problem.isEmpty() ? 0 : 1;
        html = tr("<p><b>%1 \u2192 %2</b>, normalized as <i>%3</i>: %4 of %5 sample values fail.</p>")
                   .arg(esc(column), esc(field), esc(m_model->ruleOf(field)))
                   .arg(failed)
                   .arg(values.size());
    }
    html += u"<table cellspacing='0' cellpadding='2'>"_s;
    // Failures first: they are what the steward must look at.
    for (bool failures : {true, false}) {
        for (const auto& v : values) {
            if (v.problem.isEmpty() == failures)
                continue;
            const QString shown = v.raw.isEmpty() ? tr("(blank)") : v.raw;
            if (field.isEmpty())
                html += u"<tr><td>%1</td></tr>"_s.arg(esc(shown));
            else if (failures)
                html += u"<tr><td>%1</td><td>\u2192</td><td style='color:#b91c1c'>\u26A0 %2</td></tr>"_s.arg(
                    esc(shown), esc(v.problem));
            else
                html +=
                    u"<tr><td>%1</td><td>\u2192</td><td>%2</td></tr>"_s.arg(esc(shown), esc(v.normalized));
        }
    }
    html += u"</table>"_s;
    m_preview->setHtml(html);
}

Result<void> MappingView::save()
{
    const QStringList problems = m_model->problems();
    if (!problems.isEmpty()) {
        say(tr("Not saved: %1").arg(problems.join(u"; "_s)), true);
        return makeError(problems.join(u"; "_s));
    }
    auto done =
        m_session->saveMappings(m_model->system().name, m_model->addedFields(), m_model->pendingMappings());
    if (!done) {
        say(tr("Not saved: %1").arg(done.errorString()), true);
        return done;
    }
    const QString name = m_model->system().name;
    say(tr("Saved the mapping of %1. The next run (F5) uses it.").arg(name), false);
    reload();
    return {};
}

void MappingView::revert()
{
    m_model->revertPending();
    say(tr("Back to the saved mapping of %1.").arg(m_model->system().name), false);
}

void MappingView::askForField()
{
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Add a canonical field"),
                                               tr("Name (letters, digits, _ and -), e.g. loyalty_tier:"),
                                               QLineEdit::Normal, QString(), &ok)
                             .trimmed();
    if (!ok || name.isEmpty())
        return;
    const QString type = QInputDialog::getItem(this, tr("Add a canonical field"),
                                               tr("How %1 is normalized and compared:").arg(name),
                                               Normalizer::ruleNames(), 0, false, &ok);
    if (!ok)
        return;
    if (auto added = addField(name, type); !added)
        say(added.errorString(), true);
}

Result<void> MappingView::addField(const QString& name, const QString& type)
{
    if (m_model->system().name.isEmpty())
        return makeError(tr("choose a system first"));
    if (!m_model->ruleOf(name).isEmpty())
        return makeError(tr("there is a field named %1 already").arg(name));
    if (!Normalizer::isKnownRule(type))
        return makeError(tr("%1 is not a field type (%2)").arg(type, Normalizer::ruleNames().join(u", "_s)));
    m_model->addField(CanonicalField{name, type, QString()});
    say(tr("Added the field %1 (%2): map a column to it, then Save.").arg(name, type), false);
    return {};
}

void MappingView::updateActions()
{
    const bool dirty = m_model->isDirty();
    m_save->setEnabled(dirty && m_session->isOpen());
    m_revert->setEnabled(dirty);
    m_addField->setEnabled(!m_model->system().name.isEmpty());
    if (dirty && !m_model->problems().isEmpty())
        say(tr("\u26A0 %1").arg(m_model->problems().join(u"; "_s)), true);
}

void MappingView::say(const QString& text, bool error)
{
    m_status->setText(text);
    m_status->setStyleSheet(error ? u"color: #b91c1c"_s : QString());
}

} // namespace concord
