#include "ReconcileView.h"

#include "ReconcileGridModel.h"
#include "WorkspaceSession.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QTableView>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace concord {

ReconcileView::ReconcileView(WorkspaceSession* session, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_model(new ReconcileGridModel(session, this))
    , m_onlyDifferences(new QCheckBox(tr("Only &differences"), this))
    , m_field(new QComboBox(this))
    , m_system(new QComboBox(this))
    , m_review(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_count(new QLabel(this))
    , m_table(new QTableView(this))
{
    setObjectName(u"reconcileView"_s);
    m_onlyDifferences->setObjectName(u"onlyDifferences"_s);
    m_onlyDifferences->setToolTip(tr("Show only customers whose systems disagree on some field"));
    m_field->setObjectName(u"fieldFilter"_s);
    m_field->setToolTip(
        tr("Only customers whose systems differ on this field (or where it is blank somewhere)"));
    m_system->setObjectName(u"systemFilter"_s);
    m_system->setToolTip(tr("Only customers with a record in this system"));
    m_review->setObjectName(u"reviewFilter"_s);
    m_review->addItem(tr("Any review state"));
    m_review->addItem(tr("Waits for review"));
    m_review->addItem(tr("Nothing to review"));
    m_search->setObjectName(u"gridSearch"_s);
    m_search->setPlaceholderText(tr("Search values and ids (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_count->setObjectName(u"gridCount"_s);

    m_table->setObjectName(u"reconcileGrid"_s);
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setSortingEnabled(true);
    m_table->horizontalHeader()->setSortIndicatorShown(true);
    m_table->horizontalHeader()->setSortIndicator(-1, Qt::AscendingOrder);
    m_table->horizontalHeader()->setDefaultSectionSize(140);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    // Fixed heights: a million rows must never be measured.
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 8);
    m_table->verticalHeader()->hide();
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);

    auto* bar = new QHBoxLayout;
    bar->addWidget(m_onlyDifferences);
    bar->addWidget(m_field);
    bar->addWidget(m_system);
    bar->addWidget(m_review);
    bar->addWidget(m_search, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 0);
    layout->addLayout(bar);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);

    m_searchDelay.setSingleShot(true);
    m_searchDelay.setInterval(250);
    connect(&m_searchDelay, &QTimer::timeout, this, &ReconcileView::applyFilter);
    connect(m_search, &QLineEdit::textChanged, this, [this] { m_searchDelay.start(); });
    connect(m_search, &QLineEdit::returnPressed, this, &ReconcileView::applyFilter);
    connect(m_onlyDifferences, &QCheckBox::toggled, this, &ReconcileView::applyFilter);
    for (QComboBox* box : {m_field, m_system, m_review})
        connect(box, &QComboBox::currentIndexChanged, this, &ReconcileView::applyFilter);
    connect(m_model, &ReconcileGridModel::rowsReady, this, &ReconcileView::onRowsReady);
    // New results may have other fields and systems: the pickers follow them by name, and the
    // filter is applied again with the new results' numbers.
    connect(session, &WorkspaceSession::resultsChanged, this, [this] {
        refillChoices();
        applyFilter();
    });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex& current) { onCurrentChanged(current); });
    refillChoices();
}

void ReconcileView::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

QString ReconcileView::countText() const
{
    return m_countText;
}

void ReconcileView::refillChoices()
{
    // The choices follow the results' fields and systems; keep the steward's picks by name.
    const QString field = m_field->currentIndex() > 0 ? m_field->currentText() : QString();
    const QString system = m_system->currentIndex() > 0 ? m_system->currentText() : QString();
    const QSignalBlocker blockField(m_field);
    const QSignalBlocker blockSystem(m_system);
    m_field->clear();
    m_system->clear();
    m_field->addItem(tr("Any field"));
    m_system->addItem(tr("Any system"));
    if (const auto results = m_session->results()) {
        for (int f = 0; f < results->fieldCount(); ++f)
            m_field->addItem(results->data().field(f).field.name);
        for (int s = 0; s < results->data().systemCount(); ++s)
            m_system->addItem(results->data().system(s).system());
    }
    m_field->setCurrentIndex(std::max(0, m_field->findText(field)));
    m_system->setCurrentIndex(std::max(0, m_system->findText(system)));
}

void ReconcileView::applyFilter()
{
    GridFilter filter = m_model->filter();
    filter.onlyDifferences = m_onlyDifferences->isChecked();
    filter.field = m_field->currentIndex() - 1;
    filter.system = m_system->currentIndex() - 1;
    filter.review = static_cast<GridFilter::Review>(std::max(0, m_review->currentIndex()));
    filter.text = m_search->text().trimmed();
    m_model->setFilter(filter);
    if (m_model->isFiltering())
        m_count->setText(
            tr("Filtering %1 customers\u2026").arg(QLocale().toString(m_model->totalEntities())));
}

void ReconcileView::onRowsReady(int shown, qint64 total, double seconds)
{
    if (total == 0)
        m_countText =
            m_session->isOpen() ? tr("Run the workspace (F5) to match its systems") : tr("No workspace open");
    else if (shown == total)
        m_countText = tr("%1 customers").arg(QLocale().toString(total));
    else
        m_countText = tr("Showing %1 of %2 customers (filtered in %3 s)")
                          .arg(QLocale().toString(shown), QLocale().toString(total))
                          .arg(seconds, 0, 'f', 2);
    m_count->setText(m_countText);
    Q_EMIT countsChanged(m_countText);
    if (shown > 0 && !m_table->currentIndex().isValid())
        m_table->setCurrentIndex(m_model->index(0, 0));
}

void ReconcileView::onCurrentChanged(const QModelIndex& current)
{
    if (!current.isValid())
        return;
    const auto ref = RecordRef::parse(m_model->data(current, ReconcileGridModel::RecordRole).toString());
    if (ref)
        Q_EMIT recordSelected(*ref);
}

} // namespace concord
