#include "SideBySideView.h"

#include "EntityRecordsModel.h"
#include "WorkspaceSession.h"

#include <QFont>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QSplitter>
#include <QTabWidget>
#include <QTableView>
#include <QTextBrowser>
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

SideBySideView::SideBySideView(WorkspaceSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new EntityRecordsModel(this))
    , m_title(new QLabel(this))
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

    m_table->setObjectName(u"sideBySideTable"_s);
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
    m_model->setView(std::move(*view));
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
        html += u"<p><b>%1</b> \u00b7 %2<br/>%3"_s.arg(esc(item.kind), esc(item.state), esc(item.summary));
        if (!item.decidedBy.isEmpty())
            html += u"<br/><i>%1</i>"_s.arg(
                esc(tr("%1 by %2 at %3").arg(item.state, item.decidedBy, item.decidedAt)));
        html += u"</p>"_s;
    }
    m_items->setHtml(html);
}

void SideBySideView::showHistoryOf(const QModelIndex& index)
{
    const auto record = m_model->recordAt(index);
    const EntityField* field = m_model->fieldAt(index.row());
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
        html += u"<p>%1<br/><small>%2</small></p>"_s.arg(
            esc(what), esc(tr("batch %1 \u00b7 %2 \u00b7 by %3 \u00b7 %4 (%5) \u00b7 %6")
                               .arg(e.batch, e.at, e.steward.isEmpty() ? tr("unknown") : e.steward, e.rule,
                                    e.reason, e.state)));
    }
    if (shown == 0)
        html += tr("<p>Concord has never written this cell: it holds the value the system had.</p>");
    m_history->setHtml(html);
}

} // namespace concord
