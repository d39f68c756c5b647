#include "ReviewQueueView.h"

#include "WorkspaceSession.h"

#include <QAction>
#include <QApplication>
#include <QColor>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QItemSelectionModel>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMap>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScopedValueRollback>
#include <QSplitter>
#include <QTableView>
#include <QTreeWidget>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
constexpr int KindRole = Qt::UserRole; // on the kind list: the ReviewItemKind, none for "All"

std::optional<ReviewItemKind> kindOf(const QTreeWidgetItem* item)
{
    const QVariant kind = item->data(0, KindRole);
    return kind.isValid() ? std::optional(kind.value<ReviewItemKind>()) : std::nullopt;
}

QLabel* detailLabel(QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->setTextFormat(Qt::PlainText);
    label->setAlignment(Qt::AlignLeft | Qt::AlignTop);
    return label;
}

// A button that is a face of an action: same text, tooltip and enabled state.
QPushButton* buttonFor(QAction* action, const QString& text, const QString& objectName, QWidget* parent)
{
    auto* button = new QPushButton(text, parent);
    button->setObjectName(objectName);
    button->setFocusPolicy(Qt::NoFocus); // a click must leave the focus in the table, where the keys work
    QObject::connect(button, &QPushButton::clicked, action, &QAction::trigger);
    auto sync = [button, action] {
        button->setEnabled(action->isEnabled());
        button->setToolTip(action->toolTip());
    };
    QObject::connect(action, &QAction::changed, button, sync);
    sync();
    return button;
}
} // namespace

ReviewQueueView::ReviewQueueView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_undoStack(undoStack)
    , m_model(new ReviewQueueModel(session, this))
    , m_filter(new ReviewQueueFilter(m_model, this))
{
    setObjectName(u"reviewQueueView"_s);
    createActions();

    auto* splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(buildKindsPane());
    splitter->addWidget(buildItemsPane());
    splitter->setStretchFactor(0, 0);
    splitter->setStretchFactor(1, 1);
    splitter->setSizes({240, 1000});
    splitter->setChildrenCollapsible(false);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(splitter);

    connect(m_model, &ReviewQueueModel::openCountsChanged, this, &ReviewQueueView::refreshKinds);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ReviewQueueView::currentChanged);
    // A run or another workspace resets the model: come back to the item the steward was on.
    connect(m_filter, &QAbstractItemModel::modelReset, this, &ReviewQueueView::ensureCurrent);
    for (auto signal : {&QAbstractItemModel::rowsInserted, &QAbstractItemModel::rowsRemoved})
        connect(m_filter, signal, this, &ReviewQueueView::updateActions);
    connect(m_filter, &QAbstractItemModel::dataChanged, this, &ReviewQueueView::currentChanged);
    if (m_session) // a run can name an item's customer when the queue itself did not change
        connect(m_session, &WorkspaceSession::resultsChanged, this, [this] {
            m_currentId.clear();
            currentChanged();
        });
    refreshKinds();
    ensureCurrent();
}

void ReviewQueueView::createActions()
{
    auto make = [this](const QString& text, QKeySequence key, const QString& tip, auto slot) {
        auto* action = new QAction(text, this);
        action->setShortcut(key);
        // The single letters act only when the table has the focus: typing in the search box
        // must not approve anything.
        action->setShortcutContext(Qt::WidgetShortcut);
        action->setToolTip(key.isEmpty() ? tip
                                         : tr("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
        connect(action, &QAction::triggered, this, slot);
        return action;
    };
    auto decide = [this](Decision decision) {
        return [this, decision] {
            if (auto done = decideCurrent(decision); !done)
                showError(done.errorString());
        };
    };
    m_approve =
        make(tr("&Approve"), QKeySequence(Qt::Key_A),
             tr("Approve the selected item: its change is planned as shown"), decide(Decision::approve()));
    m_reject = make(tr("&Reject"), QKeySequence(Qt::Key_R),
                    tr("Reject the selected item: nothing of it is written"), decide(Decision::reject()));
    m_edit = make(tr("&Edit value\u2026"), QKeySequence(Qt::Key_E),
                  tr("Write a value of your own instead of the proposed one"), [this] { editCurrent(); });
    m_notSame = make(tr("&Not the same customer"), QKeySequence(Qt::Key_N),
                     tr("These records are two customers: keep them apart in every later run"),
                     decide(Decision::notSameCustomer()));
    m_next =
        make(tr("Next item"), QKeySequence(Qt::Key_J), tr("Select the next item"), [this] { moveBy(1); });
    m_previous = make(tr("Previous item"), QKeySequence(Qt::Key_K), tr("Select the previous item"),
                      [this] { moveBy(-1); });
    m_approveShown = make(tr("Approve all shown\u2026"), QKeySequence(),
                          tr("Approve every open item the filters show, as one step you can undo"), [this] {
                              if (auto done = approveAllShown(true); !done)
                                  showError(done.errorString());
                          });
}

QWidget* ReviewQueueView::buildKindsPane()
{
    auto* pane = new QWidget(this);
    m_title = new QLabel(pane);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_kinds = new QTreeWidget(pane);
    m_kinds->setObjectName(u"reviewKinds"_s);
    m_kinds->setColumnCount(2);
    m_kinds->setHeaderHidden(true);
    m_kinds->setRootIsDecorated(false);
    m_kinds->setUniformRowHeights(true);
    m_kinds->header()->setStretchLastSection(false);
    m_kinds->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_kinds->header()->setSectionResizeMode(1, QHeaderView::Fixed);
    m_kinds->header()->resizeSection(1, fontMetrics().horizontalAdvance(u"000000"_s) + 12);
    m_kinds->setToolTip(tr("Open items of each kind; click one to show only those"));
    const QSize rowSize(0, fontMetrics().height() + 8); // room to aim a click at
    auto add = [this, rowSize](const QVariant& kind, const QString& label) {
        auto* item = new QTreeWidgetItem(m_kinds, QStringList{label, QString()});
        item->setData(0, KindRole, kind);
        item->setTextAlignment(1, Qt::AlignRight | Qt::AlignVCenter);
        item->setSizeHint(0, rowSize);
    };
    add(QVariant(), tr("All"));
    for (ReviewItemKind kind : ReviewQueueModel::kinds())
        add(QVariant::fromValue(kind), ReviewQueueModel::kindGroupLabel(kind));
    m_kinds->setCurrentItem(m_kinds->topLevelItem(0));
    connect(m_kinds, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        if (item)
            setKindFilter(kindOf(item));
    });

    auto* keys =
        new QLabel(tr("Keys in the item list: J / K next / previous \u00b7 A approve \u00b7 R reject "
                      "\u00b7 E edit the value \u00b7 N not the same customer \u00b7 Ctrl+Z undo"),
                   pane);
    keys->setWordWrap(true);
    keys->setForegroundRole(QPalette::PlaceholderText);

    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(6, 6, 0, 6);
    layout->addWidget(m_title);
    layout->addWidget(m_kinds, 1);
    layout->addWidget(keys);
    return pane;
}

QWidget* ReviewQueueView::buildItemsPane()
{
    auto* pane = new QWidget(this);
    m_states = new QComboBox(pane);
    m_states->setObjectName(u"reviewStateFilter"_s);
    m_states->addItem(tr("Open"), QVariant::fromValue(static_cast<int>(ReviewQueueFilter::States::Open)));
    m_states->addItem(tr("Decided"),
                      QVariant::fromValue(static_cast<int>(ReviewQueueFilter::States::Decided)));
    m_states->addItem(tr("All"), QVariant::fromValue(static_cast<int>(ReviewQueueFilter::States::All)));
    m_states->setToolTip(tr("Show the items still waiting, the ones decided, or both"));
    connect(m_states, &QComboBox::currentIndexChanged, this, [this](int index) {
        setStateFilter(static_cast<ReviewQueueFilter::States>(m_states->itemData(index).toInt()));
    });
    m_search = new QLineEdit(pane);
    m_search->setObjectName(u"reviewSearch"_s);
    m_search->setPlaceholderText(tr("Search records, fields, summaries, notes\u2026"));
    m_search->setClearButtonEnabled(true);
    connect(m_search, &QLineEdit::textChanged, this, &ReviewQueueView::setSearchText);
    m_shown = new QLabel(pane);

    m_table = new QTableView(pane);
    m_table->setObjectName(u"reviewTable"_s);
    m_table->setModel(m_filter);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 8);
    QHeaderView* header = m_table->horizontalHeader();
    header->setStretchLastSection(false);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(ReviewQueueModel::SummaryColumn, QHeaderView::Stretch);
    // Widths from the font, never from the contents (ResizeToContents would measure every row).
    const int em = fontMetrics().horizontalAdvance(u'M');
    auto width = [this, header, em](int column, int ems) {
        const QString title = m_filter->headerData(column, Qt::Horizontal).toString();
        header->resizeSection(column,
                              std::max(ems * em, header->fontMetrics().horizontalAdvance(title) + 2 * em));
    };
    width(ReviewQueueModel::KindColumn, 10);
    width(ReviewQueueModel::StateColumn, 6);
    width(ReviewQueueModel::FieldColumn, 10);
    width(ReviewQueueModel::RecordsColumn, 15);
    width(ReviewQueueModel::DecidedByColumn, 7);
    // An empty table says why it is empty instead of being a blank pane.
    m_empty = new QLabel(m_table->viewport());
    m_empty->setObjectName(u"reviewEmpty"_s);
    m_empty->setAlignment(Qt::AlignCenter);
    m_empty->setWordWrap(true);
    m_empty->setForegroundRole(QPalette::PlaceholderText);
    auto* emptyLayout = new QVBoxLayout(m_table->viewport());
    emptyLayout->addWidget(m_empty);
    for (QAction* action : {m_approve, m_reject, m_edit, m_notSame, m_next, m_previous})
        m_table->addAction(action);

    auto* filters = new QHBoxLayout;
    filters->addWidget(new QLabel(tr("Show"), pane));
    filters->addWidget(m_states);
    filters->addWidget(m_search, 1);
    filters->addWidget(m_shown);

    auto* splitter = new QSplitter(Qt::Vertical, pane);
    splitter->addWidget(m_table);
    splitter->addWidget(buildDetailPane());
    // The detail keeps room for a wrapped summary and reason; the table takes the rest.
    splitter->setStretchFactor(0, 1);
    splitter->setStretchFactor(1, 0);
    // The list gets the height: the detail is a few lines, and the customer is side by side below.
    splitter->setSizes({26 * fontMetrics().height(), 10 * fontMetrics().height()});
    splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 6, 6, 6);
    layout->addLayout(filters);
    layout->addWidget(splitter, 1);
    return pane;
}

QWidget* ReviewQueueView::buildDetailPane()
{
    auto* pane = new QWidget(this);
    m_detailTitle = new QLabel(pane);
    QFont titleFont = m_detailTitle->font();
    titleFont.setBold(true);
    m_detailTitle->setFont(titleFont);
    m_detailTitle->setWordWrap(true);
    m_summary = detailLabel(pane);
    m_why = detailLabel(pane);
    m_records = detailLabel(pane);
    m_note = detailLabel(pane);
    m_decided = detailLabel(pane);
    m_fields = new QWidget(pane);
    auto* form = new QFormLayout(m_fields);
    form->setContentsMargins(0, 0, 0, 0);
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->addRow(tr("Summary:"), m_summary);
    form->addRow(tr("Why:"), m_why);
    form->addRow(tr("Records:"), m_records);
    form->addRow(tr("Note:"), m_note);
    form->addRow(tr("Decided:"), m_decided);

    m_error = new QLabel(pane);
    m_error->setObjectName(u"reviewError"_s);
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    // Red that reads on the palette's base, light or dark; the words "Not done" say it without colour.
    const bool dark = palette().color(QPalette::Window).lightness() < 128;
    QPalette errorPalette = m_error->palette();
    errorPalette.setColor(QPalette::WindowText, dark ? QColor(0xFF, 0x8A, 0x80) : QColor(0xB0, 0x00, 0x20));
    m_error->setPalette(errorPalette);
    QFont errorFont = m_error->font();
    errorFont.setBold(true);
    m_error->setFont(errorFont);
    m_error->hide();

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(buttonFor(m_approve, tr("Approve"), u"approveButton"_s, pane));
    buttons->addWidget(buttonFor(m_reject, tr("Reject"), u"rejectButton"_s, pane));
    buttons->addWidget(buttonFor(m_edit, tr("Edit value\u2026"), u"editButton"_s, pane));
    buttons->addWidget(buttonFor(m_notSame, tr("Not the same customer"), u"notSameButton"_s, pane));
    buttons->addStretch(1);
    buttons->addWidget(
        buttonFor(m_approveShown, tr("Approve all shown\u2026"), u"approveShownButton"_s, pane));

    auto* layout = new QVBoxLayout(pane);
    layout->setContentsMargins(0, 6, 0, 0);
    layout->addWidget(m_detailTitle);
    layout->addWidget(m_fields);
    layout->addWidget(m_error);
    layout->addLayout(buttons);
    layout->addStretch(1);
    return pane;
}

QString ReviewQueueView::currentItemId() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? m_filter->itemId(current.row()) : QString();
}

bool ReviewQueueView::selectItem(const QString& itemId)
{
    const int row = m_filter->rowOf(itemId);
    if (row < 0)
        return false;
    const QModelIndex index = m_filter->index(row, 0);
    m_table->selectionModel()->setCurrentIndex(index, QItemSelectionModel::ClearAndSelect |
                                                          QItemSelectionModel::Rows);
    m_table->scrollTo(index);
    return true;
}

QString ReviewQueueView::errorText() const
{
    return m_error->isHidden() ? QString() : m_error->text();
}

const ReviewItem* ReviewQueueView::currentItem() const
{
    const int row = m_model->rowOf(currentItemId());
    return row < 0 ? nullptr : &m_model->item(row);
}

void ReviewQueueView::showError(const QString& message)
{
    m_error->setText(tr("Not done: %1").arg(message));
    m_error->show();
}

void ReviewQueueView::clearError()
{
    m_error->clear();
    m_error->hide();
}

ReviewFeedback ReviewQueueView::feedback()
{
    // The stack may outlive this view.
    QPointer<ReviewQueueView> self(this);
    ReviewFeedback feedback;
    feedback.failed = [self](const QString& message) {
        if (self)
            self->showError(message);
    };
    feedback.restored = [self](const QStringList& ids) {
        if (self && !ids.isEmpty()) {
            self->clearError();
            self->selectItem(ids.first());
        }
    };
    return feedback;
}

QString ReviewQueueView::nextOpenAfter(int row) const
{
    const QString current = m_filter->itemId(row);
    auto openAt = [this, &current](int r) {
        const QModelIndex index = m_filter->index(r, 0);
        return index.data(ReviewQueueModel::StateRole).value<ReviewState>() == ReviewState::Open &&
               index.data(ReviewQueueModel::ItemIdRole).toString() != current;
    };
    for (int r = row + 1; r < m_filter->rowCount(); ++r) {
        if (openAt(r))
            return m_filter->itemId(r);
    }
    for (int r = row - 1; r >= 0; --r) {
        if (openAt(r))
            return m_filter->itemId(r);
    }
    return {};
}

Result<void> ReviewQueueView::decideCurrent(const Decision& decision)
{
    const QString id = currentItemId();
    if (id.isEmpty())
        return makeError(tr("select an item first"));
    const QString next = nextOpenAfter(m_table->currentIndex().row());
    {
        QScopedValueRollback<bool> settling(m_settling, true);
        if (auto done = pushReviewDecision(m_undoStack, m_session, id, decision, feedback()); !done)
            return done;
        if (next.isEmpty() || !selectItem(next))
            selectItem(id); // nothing else open here: stay on the decided item if it is still shown
    }
    clearError();
    currentChanged();
    return {};
}

void ReviewQueueView::editCurrent()
{
    const ReviewItem* item = currentItem();
    if (!item || !m_session)
        return showError(tr("select an item first"));
    const QString id = item->id;
    // Start from the value the plan would write, so a small correction is a small edit.
    QString proposed = item->editedValue.value_or(QString());
    if (const auto results = m_session->results(); results && !item->editedValue) {
        for (const PlannedWrite& write : results->plan().writes) {
            if (write.reviewItem == id) {
                proposed = write.after;
                break;
            }
        }
    }
    bool ok = false;
    const QString value = QInputDialog::getText(
        this, tr("Edit value"),
        tr("Value of %1 to write for %2:").arg(item->field, item->records.join(u", "_s)), QLineEdit::Normal,
        proposed, &ok);
    if (!ok)
        return;
    // The queue may have moved while the dialog was open (a run finished): edit only what was asked.
    if (currentItemId() != id && !selectItem(id))
        return showError(tr("the item is no longer shown; nothing was edited"));
    if (auto done = decideCurrent(Decision::editValue(value)); !done)
        showError(done.errorString());
}

Result<int> ReviewQueueView::approveAllShown(bool ask)
{
    const QStringList ids = m_filter->shownOpenItems();
    if (ids.isEmpty())
        return makeError(tr("no open item is shown"));
    if (ask) {
        QMap<ReviewItemKind, int> perKind;
        for (const QString& id : ids)
            ++perKind[m_model->item(m_model->rowOf(id)).kind];
        QStringList parts; // in the kind list's order
        for (ReviewItemKind kind : ReviewQueueModel::kinds()) {
            if (perKind.contains(kind))
                parts << u"%1 %2"_s.arg(QLocale().toString(perKind.value(kind)),
                                        ReviewQueueModel::kindGroupLabel(kind).toLower());
        }
        const QString count = QLocale().toString(static_cast<qint64>(ids.size()));
        QMessageBox box(QMessageBox::Question, tr("Approve all shown"),
                        ids.size() == 1 ? tr("Approve the one open item shown?")
                                        : tr("Approve the %1 open items shown?").arg(count),
                        QMessageBox::Cancel, this);
        box.setInformativeText(tr("%1.\nApproved duplicates are merged and approved deletions deleted when "
                                  "you apply; nothing is written before. Ctrl+Z undoes the whole approval.")
                                   .arg(parts.join(u", "_s)));
        QPushButton* approve = box.addButton(tr("Approve %1").arg(count), QMessageBox::AcceptRole);
        box.setDefaultButton(QMessageBox::Cancel);
        box.exec();
        if (box.clickedButton() != approve)
            return 0;
    }
    const QString current = currentItemId();
    Result<int> approved = 0;
    {
        QScopedValueRollback<bool> settling(m_settling, true);
        QApplication::setOverrideCursor(Qt::WaitCursor);
        approved = pushBulkApproval(m_undoStack, m_session, ids, QString(), feedback());
        QApplication::restoreOverrideCursor();
        if (!selectItem(current))
            ensureCurrent();
    }
    if (approved)
        clearError();
    currentChanged();
    return approved;
}

void ReviewQueueView::setKindFilter(std::optional<ReviewItemKind> kind)
{
    m_filter->setKind(kind);
    for (int i = 0; i < m_kinds->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_kinds->topLevelItem(i);
        if (kindOf(item) == kind && m_kinds->currentItem() != item)
            m_kinds->setCurrentItem(item);
    }
    ensureCurrent();
}

void ReviewQueueView::setStateFilter(ReviewQueueFilter::States states)
{
    m_filter->setStates(states);
    const int index = m_states->findData(static_cast<int>(states));
    if (index != m_states->currentIndex())
        m_states->setCurrentIndex(index);
    ensureCurrent();
}

void ReviewQueueView::setSearchText(const QString& text)
{
    m_filter->setText(text);
    if (m_search->text() != text)
        m_search->setText(text);
    ensureCurrent();
}

void ReviewQueueView::moveBy(int rows)
{
    if (m_filter->rowCount() == 0)
        return;
    const QModelIndex current = m_table->currentIndex();
    const int from = current.isValid() ? current.row() : (rows > 0 ? -1 : m_filter->rowCount());
    const int to = std::clamp(from + rows, 0, m_filter->rowCount() - 1);
    selectItem(m_filter->itemId(to));
}

void ReviewQueueView::ensureCurrent()
{
    // Keep the item the steward was on if it is still shown, else the first one.
    if (!m_table->currentIndex().isValid() && !(!m_currentId.isEmpty() && selectItem(m_currentId)) &&
        m_filter->rowCount() > 0)
        selectItem(m_filter->itemId(0));
    currentChanged();
}

void ReviewQueueView::refreshKinds()
{
    const QLocale locale;
    for (int i = 0; i < m_kinds->topLevelItemCount(); ++i) {
        QTreeWidgetItem* item = m_kinds->topLevelItem(i);
        const std::optional<ReviewItemKind> kind = kindOf(item);
        const int open = kind ? m_model->openCount(*kind) : m_model->openCount();
        item->setText(1, locale.toString(open));
        // Kinds with nothing open recede; the number still says so without the colour.
        const QBrush brush = open > 0 ? palette().text() : palette().brush(QPalette::PlaceholderText);
        item->setForeground(0, brush);
        item->setForeground(1, brush);
    }
    m_title->setText(tr("Review queue (%1 open)").arg(locale.toString(m_model->openCount())));
}

void ReviewQueueView::currentChanged()
{
    const QString id = currentItemId();
    showDetail(currentItem());
    updateActions();
    if (m_settling || id == m_currentId)
        return;
    m_currentId = id;
    if (id.isEmpty() || !m_session)
        return;
    if (const auto record = m_session->recordOfItem(id))
        Q_EMIT itemSelected(*record);
}

void ReviewQueueView::showDetail(const ReviewItem* item)
{
    m_fields->setVisible(item != nullptr);
    if (!item) {
        m_detailTitle->setText(m_filter->rowCount() > 0 ? tr("Select an item to see why it waits for you.")
                                                        : tr("No item selected."));
        return;
    }
    QString title = ReviewQueueModel::kindLabel(item->kind);
    if (!item->field.isEmpty())
        title += tr(" on %1").arg(item->field);
    title += u" \u00b7 "_s + ReviewQueueModel::stateLabel(item->state);
    m_detailTitle->setText(title);
    m_summary->setText(item->summary);
    m_why->setText(item->detail.isEmpty() ? tr("\u2014") : item->detail);
    if (item->currentValues.isEmpty()) {
        m_records->setText(item->records.join(u", "_s));
    } else {
        // The choice as data: what each record holds now, and what the plan would write.
        QStringList held;
        for (const RecordValue& v : item->currentValues)
            held << tr("%1 holds \u201c%2\u201d").arg(v.record, v.value);
        QString text = held.join(u" \u00b7 "_s);
        if (item->proposedValue)
            text += tr(" \u2192 proposed \u201c%1\u201d").arg(*item->proposedValue);
        m_records->setText(text);
    }
    m_note->setText(item->note.isEmpty() ? tr("\u2014") : item->note);
    if (item->state == ReviewState::Open) {
        m_decided->setText(tr("not yet"));
    } else {
        QString decided =
            tr("%1 by %2 on %3")
                .arg(ReviewQueueModel::stateLabel(item->state), item->decidedBy, item->decidedAt);
        if (item->editedValue)
            decided += tr("; value to write: \u201c%1\u201d").arg(*item->editedValue);
        m_decided->setText(decided);
    }
}

void ReviewQueueView::updateActions()
{
    const ReviewItem* item = currentItem();
    const bool matchKind =
        item && (item->kind == ReviewItemKind::Duplicate || item->kind == ReviewItemKind::AmbiguousMatch);
    m_approve->setEnabled(item && item->state != ReviewState::Approved);
    m_reject->setEnabled(item && item->state != ReviewState::Rejected);
    m_edit->setEnabled(item && !item->field.isEmpty());
    m_notSame->setEnabled(matchKind);
    m_next->setEnabled(m_filter->rowCount() > 0);
    m_previous->setEnabled(m_filter->rowCount() > 0);
    // Counting the open rows shown walks the filter once: cheap next to a repaint.
    const qsizetype open = m_filter->shownOpenItems().size();
    m_approveShown->setEnabled(open > 0);
    m_empty->setVisible(m_filter->rowCount() == 0);
    if (m_filter->rowCount() == 0) {
        if (m_model->rowCount() == 0)
            m_empty->setText(m_session && m_session->isOpen()
                                 ? tr("The review queue is empty: run the workspace to fill it.")
                                 : tr("No workspace is open."));
        else if (m_filter->states() == ReviewQueueFilter::States::Open && m_filter->text().isEmpty())
            m_empty->setText(tr("Nothing open here. Choose another kind, or \u201cDecided\u201d in Show to "
                                "see the decisions taken."));
        else
            m_empty->setText(tr("No item matches. Choose another kind, \u201cAll\u201d in Show, or clear "
                                "the search."));
    }
    m_shown->setText(
        tr("%1 shown, %2 open")
            .arg(QLocale().toString(m_filter->rowCount()), QLocale().toString(static_cast<qint64>(open))));
}

} // namespace concord
