#include "SideBySideView.h"

#include "EntityRecordsModel.h"
#include "ReviewQueueModel.h"
#include "ValueProposalCommand.h"
#include "WorkspaceSession.h"

#include <QFont>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QMenu>
#include <QPointer>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
#include <QUndoStack>
#include <QUrl>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString bandWords(MatchBand band)
{
    switch (band) {
    case MatchBand::Auto:
        return SideBySideView::tr("same customer");
    case MatchBand::Review:
        return SideBySideView::tr("a person decides");
    case MatchBand::NoMatch:
        return SideBySideView::tr("not linked by score");
    }
    return QString();
}

QString esc(const QString& text)
{
    return text.toHtmlEscaped();
}
} // namespace

SideBySideView::SideBySideView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new EntityRecordsModel(this))
    , m_undoStack(undoStack)
    , m_title(new QLabel(this))
    , m_message(new QLabel(this))
    , m_table(new QTableView(this))
    , m_tabs(new QTabWidget(this))
    , m_evidence(new QTextBrowser(this))
    , m_history(new QTextBrowser(this))
    , m_items(new QTextBrowser(this))
{
    setObjectName(u"sideBySideView"_s);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setObjectName(u"sideBySideTitle"_s);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_title->setText(tr("Select a customer in the grid or a review item to see its records side by side"));

    m_message->setObjectName(u"sideBySideMessage"_s);
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    m_table->setObjectName(u"sideBySideTable"_s);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    m_table->setToolTip(QString());
    connect(m_table, &QWidget::customContextMenuRequested, this, &SideBySideView::showCellMenu);
    connect(m_table, &QAbstractItemView::doubleClicked, this, &SideBySideView::askForValue);
    m_table->setModel(m_model);
    m_table->setWordWrap(false);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    // The records share the width left by the field, value and rule columns: a customer's
    // records are the point of this view, and there are rarely more than a handful.
    m_table->horizontalHeader()->setDefaultSectionSize(150);
    m_table->horizontalHeader()->setMinimumSectionSize(60);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);

    m_evidence->setObjectName(u"evidencePanel"_s);
    m_history->setObjectName(u"historyPanel"_s);
    m_items->setObjectName(u"entityReviewItems"_s);
    m_history->setPlaceholderText(tr("Select a cell to see its earlier values from the audit trail"));
    // A link in the history proposes a revert; it never navigates.
    m_history->setOpenLinks(false);
    connect(m_history, &QTextBrowser::anchorClicked, this, &SideBySideView::historyLinkClicked);
    m_tabs->addTab(m_evidence, tr("Why one customer"));
    m_tabs->addTab(m_history, tr("Cell history"));
    m_tabs->addTab(m_items, tr("Review items"));

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->setObjectName(u"sideBySideSplitter"_s);
    splitter->addWidget(m_table);
    splitter->addWidget(m_tabs);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({860, 420});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_title);
    layout->addWidget(m_message);
    layout->addWidget(splitter, 1);

    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex& current) { showHistoryOf(current); });
    // A run changes results and queue and moves selections at once: describe the customer once
    // per turn of the event loop, not once per signal.
    m_refreshLater.setSingleShot(true);
    m_refreshLater.setInterval(0);
    connect(&m_refreshLater, &QTimer::timeout, this, &SideBySideView::refresh);
    connect(session, &WorkspaceSession::resultsChanged, &m_refreshLater, qOverload<>(&QTimer::start));
    connect(session, &WorkspaceSession::queueChanged, &m_refreshLater, qOverload<>(&QTimer::start));
    connect(session, &WorkspaceSession::closed, this, [this] {
        m_shown.reset();
        m_model->clear();
        m_evidence->clear();
        m_history->clear();
        m_items->clear();
        m_reverts.clear();
        m_message->hide();
    });
}

void SideBySideView::showRecord(const RecordRef& record)
{
    m_shown = record;
    m_refreshLater.start();
}

void SideBySideView::refresh()
{
    if (!m_shown) {
        m_model->clear();
        return;
    }
    auto view = m_session->describe(*m_shown);
    if (!view) {
        m_model->clear();
        m_title->setText(view.errorString());
        m_evidence->clear();
        m_items->clear();
        return;
    }
    const int differing = view->differingFields;
    const int records = static_cast<int>(view->records.size());
    const int items = static_cast<int>(view->reviewItems.size());
    // The steward keeps their place when the same customer is described again (a decision, a
    // proposal, a run): the same field of the same record stays selected.
    const QModelIndex current = m_table->currentIndex();
    const auto currentRecord = m_model->recordAt(current);
    const QString currentField =
        m_model->fieldAt(current.row()) ? m_model->fieldAt(current.row())->name : QString();
    const bool sameCustomer = currentRecord && view->records.contains(*currentRecord);
    m_model->setView(std::move(*view));
    if (sameCustomer) {
        const int column = EntityRecordsModel::FirstRecordColumn +
                           static_cast<int>(m_model->view().records.indexOf(*currentRecord));
        for (int row = 0; row < m_model->rowCount(); ++row) {
            if (m_model->fieldAt(row)->name == currentField)
                m_table->setCurrentIndex(m_model->index(row, column));
        }
    }
    auto count = [](int n, const QString& one, const QString& many) {
        return n == 1 ? one : many.arg(n);
    };
    m_title->setText(tr("Customer #%1 \u2014 %2 \u00b7 %3 \u00b7 %4")
                         .arg(m_model->view().entity + 1)
                         .arg(count(records, tr("1 record"), tr("%1 records")),
                              count(differing, tr("1 field differs"), tr("%1 fields differ")),
                              count(items, tr("1 review item"), tr("%1 review items"))));
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(EntityRecordsModel::FieldColumn, QHeaderView::ResizeToContents);
    header->setSectionResizeMode(EntityRecordsModel::ResolvedColumn, QHeaderView::Interactive);
    header->setSectionResizeMode(EntityRecordsModel::RuleColumn, QHeaderView::Interactive);
    header->resizeSection(EntityRecordsModel::ResolvedColumn, 150);
    header->resizeSection(EntityRecordsModel::RuleColumn, 130);
    showEvidence();
    showReviewItems();
    showHistoryOf(m_table->currentIndex());
}

void SideBySideView::showEvidence()
{
    const EntityView& view = m_model->view();
    if (view.records.size() < 2) {
        m_evidence->setHtml(tr("<p>One record: no other system or record was matched to %1.</p>")
                                .arg(esc(view.records.value(0).toString())));
        return;
    }
    QString html;
    for (const EntityPair& pair : view.evidence) {
        const PairEvidence& e = pair.evidence;
        html += u"<p><b>%1 \u2248 %2</b><br/>%3 \u00b7 score %4 \u00b7 %5</p>"_s.arg(
            esc(pair.a.toString()), esc(pair.b.toString()), esc(e.rule), QString::number(e.score, 'f', 1),
            esc(bandWords(e.band)));
        if (e.fields.isEmpty())
            continue;
        html += u"<table cellspacing='0' cellpadding='2'><tr><th align='left'>%1</th><th align='left'>%2</th>"
                "<th align='left'>%3</th><th align='left'>%4</th><th align='right'>%5</th></tr>"_s.arg(
                    tr("field"), tr("how"), esc(pair.a.system), esc(pair.b.system), tr("weight"));
        for (const FieldEvidence& f : e.fields) {
            const QString colour = f.weight > 0 ? u"#15803d"_s : f.weight < 0 ? u"#b91c1c"_s : u"#64748b"_s;
            html += u"<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td>"
                    "<td align='right' style='color:%5'>%6%7</td></tr>"_s.arg(
                        esc(f.field), esc(f.method), esc(f.valueA), esc(f.valueB), colour,
                        f.weight > 0 ? u"+"_s : QString(), QString::number(f.weight, 'f', 1));
        }
        html += u"</table>"_s;
    }
    if (view.evidence.size() == EntityView::maxEvidencePairs)
        html += tr("<p>Only the first %1 pairs are shown.</p>").arg(EntityView::maxEvidencePairs);
    m_evidence->setHtml(html);
}

void SideBySideView::showReviewItems()
{
    const EntityView& view = m_model->view();
    if (view.reviewItems.isEmpty()) {
        m_items->setHtml(tr("<p>Nothing about this customer waits for a person.</p>"));
        return;
    }
    QString html;
    for (const ReviewItem& item : view.reviewItems) {
        // In the queue's words, as the review queue shows the same items.
        const QString state = ReviewQueueModel::stateLabel(item.state);
        html += u"<p><b>%1</b> \u00b7 %2<br/>%3"_s.arg(esc(ReviewQueueModel::kindLabel(item.kind)),
                                                       esc(state), esc(item.summary));
        if (!item.decidedBy.isEmpty())
            html +=
                u"<br/><i>%1</i>"_s.arg(esc(tr("%1 by %2 at %3").arg(state, item.decidedBy, item.decidedAt)));
        html += u"</p>"_s;
    }
    m_items->setHtml(html);
}

void SideBySideView::showHistoryOf(const QModelIndex& index)
{
    const auto record = m_model->recordAt(index);
    const EntityField* field = m_model->fieldAt(index.row());
    m_reverts.clear();
    m_historyRecord = record;
    m_historyField = field ? field->name : QString();
    if (!record || !field || !m_session->store()) {
        m_history->clear();
        return;
    }
    auto entries = m_session->store()->journalOfRow(record->system, record->sourceId);
    if (!entries) {
        m_history->setPlainText(entries.errorString());
        return;
    }
    QString html = u"<p><b>%1</b></p>"_s.arg(esc(tr("%1 of %2").arg(field->name, record->toString())));
    int shown = 0;
    for (const JournalEntry& e : std::as_const(*entries)) {
        // The cell's own writes, and whole-row operations (a merge's delete, a rollback's insert).
        if (e.field != field->name && !e.field.isEmpty())
            continue;
        ++shown;
        const QString what =
            e.operation == "update"_L1
                ? tr("'%1' \u2192 '%2'").arg(e.before, e.after)
                : tr("row %1").arg(e.operation == "delete"_L1 ? tr("deleted") : tr("re-inserted"));
        QString revert;
        // A value a written update replaced can be proposed again: the revert goes through the
        // review queue and the plan like any change, never straight into the system.
        if (e.operation == "update"_L1 && e.state == "written"_L1 && e.field == field->name) {
            revert = u"<br/><a href='revert:%1'>%2</a>"_s.arg(m_reverts.size())
                         .arg(esc(tr("Propose reverting to '%1'").arg(e.before)));
            m_reverts.append(
                Revert{e.before, tr("revert %1 of %2 to the value batch %3 replaced on %4 (%5)")
                                     .arg(field->name, record->toString(), e.batch, e.at,
                                          e.steward.isEmpty() ? tr("unknown steward") : e.steward)});
        }
        html += u"<p>%1<br/><small>%2</small>%3</p>"_s.arg(
            esc(what),
            esc(tr("batch %1 \u00b7 %2 \u00b7 by %3 \u00b7 %4 (%5) \u00b7 %6")
                    .arg(e.batch, e.at, e.steward.isEmpty() ? tr("unknown") : e.steward, e.rule, e.reason,
                         e.state)),
            revert);
    }
    if (shown == 0)
        html += tr("<p>Concord has never written this cell: it holds the value the system had.</p>");
    html += tr("<p><small>Double-click a cell to propose another value for the customer.</small></p>");
    m_history->setHtml(html);
}

void SideBySideView::historyLinkClicked(const QUrl& link)
{
    if (link.scheme() != "revert"_L1)
        return;
    bool ok = false;
    const int index = link.path().toInt(&ok);
    if (ok)
        (void)revertTo(index); // says the outcome in the view
}

Result<ReviewItem> SideBySideView::revertTo(int index)
{
    if (index < 0 || index >= m_reverts.size() || !m_historyRecord) {
        say(tr("That history entry is no longer shown."), true);
        return makeError(tr("no history entry %1 is shown").arg(index));
    }
    const Revert revert = m_reverts.at(index);
    return proposeValue(m_historyField, revert.value, revert.why);
}

Result<ReviewItem> SideBySideView::proposeValue(const QString& field, const QString& value,
                                                const QString& why)
{
    if (!m_shown) {
        say(tr("Select a customer first."), true);
        return makeError(tr("no customer is shown"));
    }
    ReviewFeedback feedback;
    QPointer<SideBySideView> self(this);
    feedback.failed = [self](const QString& message) {
        if (self)
            self->say(message, true);
    };
    auto proposed = pushValueProposal(m_undoStack, m_session, *m_shown, field, value, why, feedback);
    if (!proposed) {
        say(proposed.errorString(), true);
        return proposed;
    }
    say(tr("Proposed %1 \u2192 \u2018%2\u2019 for this customer. It waits in the review queue as a steward "
           "value: approve it there, then apply. Ctrl+Z takes it back.")
            .arg(field, value),
        false);
    return proposed;
}

void SideBySideView::showCellMenu(const QPoint& pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    const EntityField* field = m_model->fieldAt(index.row());
    if (!field)
        return;
    QMenu menu(this);
    QAction* propose = menu.addAction(tr("Propose a value for %1\u2026").arg(field->name));
    QAction* history = menu.addAction(tr("Show the cell's history"));
    history->setEnabled(m_model->recordAt(index).has_value());
    QAction* chosen = menu.exec(m_table->viewport()->mapToGlobal(pos));
    if (chosen == propose) {
        askForValue(index);
    } else if (chosen == history) {
        m_table->setCurrentIndex(index);
        m_tabs->setCurrentWidget(m_history);
    }
}

void SideBySideView::askForValue(const QModelIndex& index)
{
    const EntityField* field = m_model->fieldAt(index.row());
    if (!field || !m_shown)
        return;
    // Start from the value of the cell double-clicked, else from the customer's resolved value.
    const qsizetype column = index.column() - EntityRecordsModel::FirstRecordColumn;
    const QString start =
        column >= 0 && column < field->cells.size() ? field->cells.at(column).raw : field->resolved;
    bool ok = false;
    const QString value = QInputDialog::getText(
        this, tr("Propose a value"),
        tr("%1 for this customer (every record that has the field gets it once the proposal is approved and "
           "applied):")
            .arg(field->name),
        QLineEdit::Normal, start, &ok);
    if (!ok)
        return;
    (void)proposeValue(field->name, value, tr("typed in by the steward"));
}

void SideBySideView::say(const QString& text, bool error)
{
    m_message->setStyleSheet(error ? u"color: #b91c1c"_s : u"color: #15803d"_s);
    m_message->setText(text);
    m_message->setVisible(!text.isEmpty());
}

} // namespace concord
