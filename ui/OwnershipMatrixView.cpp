#include "OwnershipMatrixView.h"

#include "OwnershipCommands.h"
#include "OwnershipMatrixModel.h"
#include "WorkspaceSession.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QKeyEvent>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScrollBar>
#include <QStyledItemDelegate>
#include <QTableView>
#include <QUndoStack>
#include <QVBoxLayout>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// The Rule column is edited with a combo that commits as soon as a rule is picked, so a change
// is one step on the undo stack and never waits for the editor to lose focus.
class RuleDelegate : public QStyledItemDelegate
{
public:
    RuleDelegate(OwnershipMatrixModel* model, QObject* parent)
        : QStyledItemDelegate(parent)
        , m_model(model)
    {}

    QWidget* createEditor(QWidget* parent, const QStyleOptionViewItem& option,
                          const QModelIndex& index) const override
    {
        if (index.column() != m_model->ruleColumn())
            return QStyledItemDelegate::createEditor(parent, option, index);
        auto* combo = new QComboBox(parent);
        const QStringList rules = OwnershipMatrixModel::rules();
        FieldGovernance example;
        for (const QString& rule : rules) {
            example.rule = rule;
            example.priority = {u"\u2026"_s};
            combo->addItem(rule);
            combo->setItemData(combo->count() - 1, OwnershipMatrixModel::ruleDescription(example),
                               Qt::ToolTipRole);
        }
        auto* self = const_cast<RuleDelegate*>(this);
        connect(combo, &QComboBox::activated, self, [self, combo] {
            Q_EMIT self->commitData(combo);
            Q_EMIT self->closeEditor(combo);
        });
        // The editor opens from a single click: show the choices at once.
        QTimer::singleShot(0, combo, &QComboBox::showPopup);
        return combo;
    }

    void setEditorData(QWidget* editor, const QModelIndex& index) const override
    {
        if (auto* combo = qobject_cast<QComboBox*>(editor))
            combo->setCurrentIndex(combo->findText(index.data(Qt::EditRole).toString()));
        else
            QStyledItemDelegate::setEditorData(editor, index);
    }

    void setModelData(QWidget* editor, QAbstractItemModel* model, const QModelIndex& index) const override
    {
        if (auto* combo = qobject_cast<QComboBox*>(editor))
            model->setData(index, combo->currentText(), Qt::EditRole);
        else
            QStyledItemDelegate::setModelData(editor, model, index);
    }

private:
    OwnershipMatrixModel* m_model;
};

// As tall as its rows, so a dozen fields leave no empty pane; it scrolls when there are more.
// (QAbstractScrollArea's AdjustToContents counted scroll bars that were only shown while the
// window was first laid out, which left an empty strip under the last row.)
class MatrixTable : public QTableView
{
public:
    using QTableView::QTableView;

    QSize sizeHint() const override
    {
        const int frame = 2 * frameWidth();
        const int width = (verticalHeader()->isHidden() ? 0 : verticalHeader()->width()) +
                          horizontalHeader()->length() +
                          (verticalScrollBar()->isVisible() ? verticalScrollBar()->sizeHint().width() : 0);
        const int height =
            (horizontalHeader()->isHidden() ? 0 : horizontalHeader()->height()) + verticalHeader()->length() +
            (horizontalScrollBar()->isVisible() ? horizontalScrollBar()->sizeHint().height() : 0);
        return {frame + width, frame + height};
    }
};

QString number(qint64 n)
{
    return QLocale().toString(n);
}
} // namespace

OwnershipMatrixView::OwnershipMatrixView(WorkspaceSession* session, QUndoStack* undoStack, QWidget* parent)
    : QWidget(parent)
    , m_session(session)
    , m_undoStack(undoStack)
    , m_model(new OwnershipMatrixModel(session, this))
    , m_title(new QLabel(tr("Ownership matrix"), this))
    , m_table(new MatrixTable(this))
    , m_legend(new QLabel(this))
    , m_whatIf(new QLabel(this))
    , m_message(new QLabel(this))
    , m_revert(new QPushButton(tr("&Revert"), this))
    , m_save(new QPushButton(tr("&Save ownership"), this))
{
    setObjectName(u"ownershipView"_s);
    m_model->setUndoStack(undoStack);

    QFont titleFont = m_title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    titleFont.setBold(true);
    m_title->setFont(titleFont);

    m_table->setObjectName(u"ownershipTable"_s);
    m_table->setModel(m_model);
    m_table->setItemDelegate(new RuleDelegate(m_model, m_table));
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    // A single click acts (see onCellClicked); F2 or typing opens the rule's editor.
    m_table->setEditTriggers(QAbstractItemView::EditKeyPressed | QAbstractItemView::AnyKeyPressed);
    m_table->setWordWrap(false);
    m_table->setAlternatingRowColors(true);
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 12);
    m_table->verticalHeader()->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    m_table->horizontalHeader()->setHighlightSections(false);
    // Bold in the field column means changed or flagged, not "the current row".
    m_table->verticalHeader()->setHighlightSections(false);
    m_table->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Maximum);
    m_table->installEventFilter(this);
    m_table->setToolTip(tr("Click a system's cell to make it the field's owner (or press Space)."));

    m_legend->setObjectName(u"ownershipLegend"_s);
    m_legend->setWordWrap(true);
    m_legend->setTextFormat(Qt::PlainText);
    m_legend->setText(
        tr("\u25CF owner (bold): the field's system of record \u2014 its value wins and the other systems "
           "are brought in line with it.     reads: the system shows the field but never decides it.\n"
           "not mapped: the system has no column for the field.     \u26A0 a field needs exactly one "
           "owner.     * and italics: changed, not saved yet.\n"
           "Saving changes this workspace only; no system is written until Apply."));

    m_whatIf->setObjectName(u"whatIfLabel"_s);
    m_whatIf->setTextFormat(Qt::PlainText);
    m_whatIf->setWordWrap(true);
    m_whatIf->setFrameShape(QFrame::StyledPanel);
    m_whatIf->setMargin(6);
    m_whatIf->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_whatIf->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);

    m_message->setObjectName(u"ownershipMessage"_s);
    m_message->setTextFormat(Qt::PlainText);
    m_message->setWordWrap(true);
    m_message->hide();

    m_save->setObjectName(u"saveOwnership"_s);
    m_save->setToolTip(tr("Write the changed fields' ownership to this workspace (undo with Ctrl+Z). "
                          "No system is written until Apply."));
    m_revert->setObjectName(u"revertOwnership"_s);
    m_revert->setToolTip(tr("Put every unsaved change back as saved (undo with Ctrl+Z)."));

    auto* actions = new QHBoxLayout;
    actions->addWidget(m_whatIf, 1);
    actions->addWidget(m_revert, 0, Qt::AlignTop);
    actions->addWidget(m_save, 0, Qt::AlignTop);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_table);
    layout->addWidget(m_legend);
    layout->addLayout(actions);
    layout->addWidget(m_message);
    layout->addStretch(1);

    m_whatIfDelay.setSingleShot(true);
    m_whatIfDelay.setInterval(100); // a burst of clicks asks the worker once
    connect(&m_whatIfDelay, &QTimer::timeout, this, &OwnershipMatrixView::requestWhatIf);
    connect(m_model, &OwnershipMatrixModel::pendingChanged, this, &OwnershipMatrixView::onPendingChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &OwnershipMatrixView::sizeColumns);
    connect(m_table, &QAbstractItemView::clicked, this, &OwnershipMatrixView::onCellClicked);
    connect(m_save, &QPushButton::clicked, this, &OwnershipMatrixView::save);
    connect(m_revert, &QPushButton::clicked, this, &OwnershipMatrixView::revert);
    if (session) {
        connect(session, &WorkspaceSession::whatIfReady, this, &OwnershipMatrixView::onWhatIfReady);
        connect(session, &WorkspaceSession::resultsChanged, this, &OwnershipMatrixView::onResultsChanged);
    }
    sizeColumns();
    onResultsChanged();
}

OwnershipMatrixView::~OwnershipMatrixView() = default;

void OwnershipMatrixView::sizeColumns()
{
    // Fixed widths from the font, not ResizeToContents: the systems share what is left.
    QHeaderView* header = m_table->horizontalHeader();
    const QFontMetrics fm = m_table->fontMetrics();
    for (int c = 0; c < m_model->systemCount(); ++c)
        header->setSectionResizeMode(c, QHeaderView::Stretch);
    const int check = 28; // the check indicator and the cell's margins
    const int rule = m_model->ruleColumn();
    header->setSectionResizeMode(rule, QHeaderView::Interactive);
    header->resizeSection(rule, fm.horizontalAdvance(u"priority"_s) + 56);
    header->setSectionResizeMode(m_model->highStakesColumn(), QHeaderView::Interactive);
    header->resizeSection(
        m_model->highStakesColumn(),
        std::max(fm.horizontalAdvance(tr("High-stakes")), fm.horizontalAdvance(tr("approval")) + check) + 24);
    header->setSectionResizeMode(m_model->sensitiveColumn(), QHeaderView::Interactive);
    header->resizeSection(
        m_model->sensitiveColumn(),
        std::max(fm.horizontalAdvance(tr("Sensitive")), fm.horizontalAdvance(tr("redacted")) + check) + 24);
    // Wide enough for the longest field with its markers, so flagging a row does not shift the columns.
    QFont bold = m_table->verticalHeader()->font();
    bold.setBold(true);
    int longest = 0;
    for (int row = 0; row < m_model->rowCount(); ++row)
        longest = std::max(
            longest, QFontMetrics(bold).horizontalAdvance(u"\u26A0 "_s + m_model->fieldAt(row) + u" *"_s));
    m_table->verticalHeader()->setMinimumWidth(longest + 16);
    header->setMinimumSectionSize(fm.horizontalAdvance(u"\u25CF owner"_s) + check + 16);
    m_table->updateGeometry(); // the rows' height is the table's size hint
}

QString OwnershipMatrixView::describeWhatIf(const OwnershipWhatIf& whatIf, int changedFields)
{
    if (!whatIf.error.isEmpty())
        return tr("What-if not available: %1").arg(whatIf.error);
    if (!whatIf.problems.isEmpty())
        return tr("\u26A0 Cannot plan with this matrix: %1").arg(whatIf.problems.join(u"; "_s));
    return (changedFields == 1 ? tr("If saved (1 field changed): ")
                               : tr("If saved (%1 fields changed): ").arg(changedFields)) +
           tr("%1 resolved values change \u00B7 review items %2 \u2192 %3 \u00B7 writes %4 \u2192 %5")
               .arg(number(whatIf.changedValues), number(whatIf.reviewItemsBefore),
                    number(whatIf.reviewItemsAfter), number(whatIf.writesBefore), number(whatIf.writesAfter));
}

void OwnershipMatrixView::onPendingChanged()
{
    showMessage(QString());
    // Without fields there is no matrix to show, only the line that says why.
    const bool hasFields = m_model->rowCount() > 0;
    m_table->setVisible(hasFields);
    m_legend->setVisible(hasFields);
    const bool dirty = m_model->isDirty();
    const QStringList problems = m_model->problems();
    m_save->setEnabled(dirty && problems.isEmpty() && m_session && m_session->isOpen());
    m_revert->setEnabled(dirty);
    // Whatever answer is on its way is for an older matrix.
    m_waitingForWhatIf = false;
    m_whatIfDelay.stop();
    QFont font = m_whatIf->font();
    font.setBold(dirty);
    m_whatIf->setFont(font);
    if (!dirty) {
        showCleanState();
        return;
    }
    if (!problems.isEmpty()) {
        // Known here without the worker: an invalid matrix cannot be resolved or planned.
        m_whatIf->setText(tr("\u26A0 Cannot save: %1").arg(problems.join(u"; "_s)));
        return;
    }
    m_whatIf->setText(tr("Working out what saving would change\u2026"));
    m_whatIfDelay.start();
}

void OwnershipMatrixView::showCleanState()
{
    if (!m_session || !m_session->isOpen()) {
        m_whatIf->setText(tr("No workspace is open: open one to decide which system owns each field."));
        return;
    }
    if (m_model->rowCount() == 0) {
        m_whatIf->setText(tr("This workspace has no fields yet: map the systems' columns to fields first."));
        return;
    }
    QString text = tr("No changes.");
    const QStringList problems = m_model->problems();
    if (!problems.isEmpty()) {
        text += u" "_s + tr("\u26A0 The saved matrix has problems: %1").arg(problems.join(u"; "_s));
    } else if (m_session && m_session->results() && !m_runGovernance.isEmpty()) {
        const QList<FieldGovernance>& stored = m_session->governance();
        bool same = stored.size() == m_runGovernance.size();
        for (qsizetype i = 0; same && i < stored.size(); ++i)
            same = sameGovernance(stored.at(i), m_runGovernance.at(i));
        text +=
            u" "_s + (same ? tr("Click a system's cell to make it a field's owner; what that would change "
                                "shows here before anything is saved.")
                           : tr("The last run used an earlier matrix: run again to update the plan and the "
                                "review queue."));
    }
    m_whatIf->setText(text);
}

void OwnershipMatrixView::requestWhatIf()
{
    if (!m_session || !m_model->isDirty() || !m_model->isValid())
        return;
    m_waitingForWhatIf = true; // before the call: it answers at once when there is no run
    m_session->previewGovernance(m_model->pending());
}

void OwnershipMatrixView::onWhatIfReady(const OwnershipWhatIf& whatIf)
{
    // Answers nobody here asked for (or for an older matrix) are not ours to show.
    if (!m_waitingForWhatIf)
        return;
    m_waitingForWhatIf = false;
    QString text = describeWhatIf(whatIf, static_cast<int>(m_model->changedFields().size()));
    if (whatIf.error.isEmpty() && whatIf.problems.isEmpty() && !m_model->notes().isEmpty())
        text += u"\n"_s + tr("Note: %1.").arg(m_model->notes().join(u"; "_s));
    m_whatIf->setText(text);
}

void OwnershipMatrixView::onResultsChanged()
{
    m_runGovernance = m_session && m_session->results() ? m_session->governance() : QList<FieldGovernance>();
    // The what-if compares with the last run: a new run means a new answer.
    onPendingChanged();
}

void OwnershipMatrixView::showMessage(const QString& message)
{
    m_message->setText(message);
    m_message->setVisible(!message.isEmpty());
}

void OwnershipMatrixView::save()
{
    if (!m_session || !m_model->isDirty() || !m_model->isValid())
        return;
    const QStringList fields = m_model->changedFields();
    QPointer<OwnershipMatrixView> self(this);
    // The command may outlive this view on the shared stack (its undo can fail later too).
    auto* command = SaveOwnershipCommand::fromModel(*m_model, [self](const QString& message) {
        if (!self)
            return;
        self->showMessage(message);
        Q_EMIT self->saveFailed(message);
    });
    if (m_undoStack) {
        m_undoStack->push(command);
    } else {
        command->redo();
        delete command;
    }
    if (m_model->isDirty())
        return; // refused: the handler has said why and nothing stayed written
    showMessage(tr("Saved the ownership of %1 to the workspace.").arg(fields.join(u", "_s)));
    Q_EMIT saved(fields);
}

void OwnershipMatrixView::revert()
{
    m_model->revert();
}

void OwnershipMatrixView::onCellClicked(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    if (m_model->isSystemColumn(index.column()))
        m_model->makeOwner(index.row(), m_model->systemAt(index.column()));
    else if (index.column() == m_model->ruleColumn())
        m_table->edit(index);
}

bool OwnershipMatrixView::eventFilter(QObject* watched, QEvent* event)
{
    // Keyboard first: Space or Enter on a system's cell makes it the owner, as a click does.
    if (watched == m_table && event->type() == QEvent::KeyPress) {
        const int key = static_cast<QKeyEvent*>(event)->key();
        const QModelIndex current = m_table->currentIndex();
        if ((key == Qt::Key_Space || key == Qt::Key_Return || key == Qt::Key_Enter) && current.isValid() &&
            m_model->isSystemColumn(current.column())) {
            m_model->makeOwner(current.row(), m_model->systemAt(current.column()));
            return true;
        }
    }
    return QWidget::eventFilter(watched, event);
}

} // namespace concord
