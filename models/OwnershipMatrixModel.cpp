#include "OwnershipMatrixModel.h"

#include "OwnershipCommands.h"
#include "WorkspaceSession.h"

#include <QBrush>
#include <QColor>
#include <QFont>
#include <QUndoStack>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// Text markers, so an owner and a problem read without colour (and in a screen reader).
const QString kOwnerMark = u"\u25CF "_s;   // ●
const QString kProblemMark = u"\u26A0 "_s; // ⚠
const QString kChangedMark = u" *"_s;

// "crm", "crm and quoting", "crm, quoting and accounting"
QString joinNames(const QStringList& names)
{
    if (names.size() < 2)
        return names.join(QString());
    return OwnershipMatrixModel::tr("%1 and %2")
        .arg(names.mid(0, names.size() - 1).join(u", "_s), names.last());
}
} // namespace

bool sameGovernance(const FieldGovernance& a, const FieldGovernance& b)
{
    return a.field == b.field && a.owners == b.owners && a.rule == b.rule && a.priority == b.priority &&
           a.highStakes == b.highStakes && a.sensitive == b.sensitive && a.anomalyRatio == b.anomalyRatio &&
           a.anomalyYears == b.anomalyYears;
}

OwnershipMatrixModel::OwnershipMatrixModel(WorkspaceSession* session, QObject* parent)
    : QAbstractTableModel(parent)
    , m_session(session)
{
    if (session) {
        connect(session, &WorkspaceSession::ownershipChanged, this, &OwnershipMatrixModel::reload);
        connect(session, &WorkspaceSession::closed, this, &OwnershipMatrixModel::reload);
    }
    reload();
}

void OwnershipMatrixModel::setUndoStack(QUndoStack* stack)
{
    m_undoStack = stack;
}

QUndoStack* OwnershipMatrixModel::undoStack() const
{
    return m_undoStack;
}

WorkspaceSession* OwnershipMatrixModel::session() const
{
    return m_session;
}

QStringList OwnershipMatrixModel::rules()
{
    return {u"owner"_s, u"priority"_s, u"recency"_s};
}

QString OwnershipMatrixModel::ruleDescription(const FieldGovernance& g)
{
    if (g.rule == "priority"_L1)
        return tr("Priority: the first system in the order %1 that holds a value wins.")
            .arg(g.priority.join(u" \u2192 "_s));
    if (g.rule == "recency"_L1)
        return tr("Recency: the most recently changed value wins, when the systems' times say so for "
                  "certain; otherwise the disagreement goes to review.");
    return tr("Owner: the owner's value wins; when it has none, the priority order, then the most "
              "recent value.");
}

QString OwnershipMatrixModel::systemAt(int column) const
{
    return isSystemColumn(column) ? m_systems.at(column) : QString();
}

int OwnershipMatrixModel::columnOfSystem(const QString& system) const
{
    return static_cast<int>(m_systems.indexOf(system));
}

QString OwnershipMatrixModel::fieldAt(int row) const
{
    return row >= 0 && row < m_fields.size() ? m_fields.at(row) : QString();
}

int OwnershipMatrixModel::rowOfField(const QString& field) const
{
    return static_cast<int>(m_fields.indexOf(field));
}

FieldGovernance OwnershipMatrixModel::pendingEntry(const QString& field) const
{
    const int row = rowOfField(field);
    return row < 0 ? FieldGovernance{} : m_pending.at(row);
}

FieldGovernance OwnershipMatrixModel::savedEntry(const QString& field) const
{
    const int row = rowOfField(field);
    return row < 0 ? FieldGovernance{} : m_saved.at(row);
}

QStringList OwnershipMatrixModel::changedFields() const
{
    QStringList changed;
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        if (!sameGovernance(m_pending.at(i), m_saved.at(i)))
            changed << m_fields.at(i);
    }
    return changed;
}

QString OwnershipMatrixModel::problemOf(int row) const
{
    if (row < 0 || row >= m_pending.size())
        return {};
    const FieldGovernance& g = m_pending.at(row);
    if (g.owners.isEmpty())
        return tr("%1 has no owner").arg(g.field);
    for (const QString& owner : g.owners) {
        if (!m_systems.contains(owner))
            return tr("%1 is owned by %2, which is not a system of this workspace").arg(g.field, owner);
    }
    if (g.owners.size() > 1)
        return tr("%1 is owned by both %2").arg(g.field, joinNames(g.owners));
    if (!rules().contains(g.rule))
        return tr("%1 uses the unknown rule '%2'").arg(g.field, g.rule);
    if (g.rule == "priority"_L1 && g.priority.isEmpty())
        return tr("%1 is settled by priority but no order is set").arg(g.field);
    return {};
}

QStringList OwnershipMatrixModel::problems() const
{
    QStringList list;
    for (int row = 0; row < m_pending.size(); ++row) {
        const QString problem = problemOf(row);
        if (!problem.isEmpty())
            list << problem;
    }
    return list;
}

QStringList OwnershipMatrixModel::notes() const
{
    // Only for unsaved edits: a saved owner without a column (a field derived for matching, say)
    // was decided before and would only be noise here.
    QStringList list;
    for (qsizetype i = 0; i < m_pending.size(); ++i) {
        const FieldGovernance& g = m_pending.at(i);
        if (sameGovernance(g, m_saved.at(i)))
            continue;
        for (const QString& owner : g.owners) {
            if (m_systems.contains(owner) && !maps(owner, g.field))
                list << tr("%1 has no column for %2, so as its owner it never has a value and the fallback "
                           "rules decide")
                            .arg(owner, g.field);
        }
    }
    return list;
}

QStringList OwnershipMatrixModel::defaultPriority(const FieldGovernance& g) const
{
    // The owner first, then the other systems in the workspace's order: the order a steward
    // would most likely pick, and one that keeps the entry valid for the store.
    QStringList order = g.owners;
    for (const QString& system : m_systems) {
        if (!order.contains(system))
            order << system;
    }
    return order;
}

bool OwnershipMatrixModel::propose(const FieldGovernance& entry)
{
    const int row = rowOfField(entry.field);
    if (row < 0)
        return false;
    const FieldGovernance before = m_pending.at(row);
    if (sameGovernance(before, entry))
        return false;
    if (m_undoStack)
        m_undoStack->push(new EditOwnershipCommand(this, before, entry));
    else
        applyEntry(entry);
    return true;
}

bool OwnershipMatrixModel::makeOwner(int row, const QString& system)
{
    if (row < 0 || row >= m_pending.size() || !m_systems.contains(system))
        return false;
    FieldGovernance entry = m_pending.at(row);
    entry.owners = QStringList{system};
    return propose(entry);
}

void OwnershipMatrixModel::revert()
{
    const QStringList changed = changedFields();
    if (changed.isEmpty())
        return;
    if (!m_undoStack) {
        for (const QString& field : changed)
            applyEntry(savedEntry(field));
        return;
    }
    m_undoStack->beginMacro(changed.size() == 1
                                ? tr("Put back the saved ownership of %1").arg(changed.first())
                                : tr("Put back the saved ownership of %1 fields").arg(changed.size()));
    for (const QString& field : changed)
        propose(savedEntry(field));
    m_undoStack->endMacro();
}

void OwnershipMatrixModel::applyEntry(const FieldGovernance& entry)
{
    const int row = rowOfField(entry.field);
    if (row < 0)
        return; // a command from a workspace that has since been closed
    m_pending[row] = entry;
    Q_EMIT dataChanged(index(row, 0), index(row, columnCount() - 1));
    Q_EMIT headerDataChanged(Qt::Vertical, row, row);
    Q_EMIT pendingChanged();
}

void OwnershipMatrixModel::reload()
{
    QStringList systems;
    QStringList fields;
    QList<FieldGovernance> stored;
    if (m_session && m_session->isOpen()) {
        systems = m_session->systemNames();
        fields = m_session->fieldNames();
        stored = m_session->governance();
    }
    m_mapped.clear();
    m_mappingsKnown = false;
    if (Workspace* store = m_session ? m_session->store() : nullptr) {
        if (auto mappings = store->mappings()) {
            m_mappingsKnown = true;
            for (const FieldMapping& m : std::as_const(*mappings))
                m_mapped[m.field].insert(m.system);
        }
    }
    QList<FieldGovernance> saved;
    QList<FieldGovernance> pending;
    for (const QString& field : std::as_const(fields)) {
        FieldGovernance entry;
        entry.field = field;
        for (const FieldGovernance& g : std::as_const(stored)) {
            if (g.field == field)
                entry = g;
        }
        saved << entry;
        // Rebase: an untouched field follows the store, an edited one keeps the edit.
        const int old = rowOfField(field);
        const bool edited = old >= 0 && !sameGovernance(m_pending.at(old), m_saved.at(old));
        pending << (edited ? m_pending.at(old) : entry);
    }

    if (systems != m_systems || fields != m_fields) {
        beginResetModel();
        m_systems = systems;
        m_fields = fields;
        m_saved = saved;
        m_pending = pending;
        endResetModel();
    } else {
        m_saved = saved;
        m_pending = pending;
        // In place, so the steward's current cell and selection survive a save.
        if (!m_fields.isEmpty()) {
            Q_EMIT dataChanged(index(0, 0), index(rowCount() - 1, columnCount() - 1));
            Q_EMIT headerDataChanged(Qt::Vertical, 0, rowCount() - 1);
        }
    }
    Q_EMIT pendingChanged();
}

int OwnershipMatrixModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_fields.size());
}

int OwnershipMatrixModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : systemCount() + 3;
}

bool OwnershipMatrixModel::maps(const QString& system, const QString& field) const
{
    return !m_mappingsKnown || m_mapped.value(field).contains(system);
}

QVariant OwnershipMatrixModel::systemData(const FieldGovernance& g, const FieldGovernance& saved,
                                          const QString& system, int role) const
{
    const bool owner = g.owners.contains(system);
    const bool wasOwner = saved.owners.contains(system);
    const bool mapped = maps(system, g.field);
    switch (role) {
    case Qt::DisplayRole:
        if (owner)
            return QString(kOwnerMark + tr("owner"));
        // A system without a column for the field does not even read it: say so.
        return mapped ? tr("reads") : tr("not mapped");
    case Qt::CheckStateRole:
        return owner ? Qt::Checked : Qt::Unchecked;
    case Qt::FontRole: {
        QFont font;
        font.setBold(owner);
        font.setItalic(owner != wasOwner);
        return font;
    }
    case Qt::ToolTipRole: {
        QString tip;
        if (owner)
            tip = tr("%1 owns %2: its value wins and the other systems are brought in line with it.")
                      .arg(system, g.field);
        else if (mapped)
            tip = tr("%1 reads %2: it shows the field but never decides it. Click to make %1 the owner.")
                      .arg(system, g.field);
        else
            tip = tr("%1 maps no column to %2: it neither shows nor receives it.").arg(system, g.field);
        if (owner && !mapped)
            tip += u"\n"_s + tr("%1 maps no column to %2, so it has no value of its own: the priority order "
                                "or the most recent value decides.")
                                 .arg(system, g.field);
        if (owner != wasOwner)
            tip += u"\n"_s + (wasOwner ? tr("Not saved yet: %1 is the owner in the saved matrix.")
                                       : tr("Not saved yet: %1 is not an owner in the saved matrix."))
                                 .arg(system);
        return tip;
    }
    case SystemRole:
        return system;
    default:
        return {};
    }
}

QVariant OwnershipMatrixModel::flagData(bool on, bool savedOn, int role, const QString& what) const
{
    switch (role) {
    case Qt::DisplayRole:
        return on ? what : QString();
    case Qt::CheckStateRole:
        return on ? Qt::Checked : Qt::Unchecked;
    case Qt::FontRole: {
        QFont font;
        font.setItalic(on != savedOn);
        return font;
    }
    default:
        return {};
    }
}

QVariant OwnershipMatrixModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const int row = index.row();
    const int column = index.column();
    const FieldGovernance& g = m_pending.at(row);
    const FieldGovernance& saved = m_saved.at(row);

    if (role == FieldRole)
        return g.field;
    if (role == ProblemRole)
        return problemOf(row);
    if (role == ChangedRole)
        return !sameGovernance(g, saved);
    const QString problem = problemOf(row);
    if (!problem.isEmpty()) {
        // The whole row stands out until it is fixed; light background with dark text reads in
        // both palettes, and the header's marker carries it without colour.
        if (role == Qt::BackgroundRole)
            return QBrush(QColor(0xff, 0xdd, 0xb0));
        if (role == Qt::ForegroundRole)
            return QBrush(QColor(0x20, 0x20, 0x20));
        if (role == Qt::ToolTipRole && !isSystemColumn(column))
            return problem;
        if (role == Qt::ToolTipRole)
            return QString(problem + u"\n"_s + systemData(g, saved, systemAt(column), role).toString());
    }
    if (isSystemColumn(column))
        return systemData(g, saved, systemAt(column), role);
    if (column == ruleColumn()) {
        switch (role) {
        case Qt::DisplayRole:
        case Qt::EditRole:
            return g.rule;
        case Qt::ToolTipRole:
            return QString(ruleDescription(g) + u"\n"_s +
                           tr("Click to choose how disagreements on %1 are settled.").arg(g.field));
        case Qt::FontRole: {
            QFont font;
            font.setItalic(g.rule != saved.rule || g.priority != saved.priority);
            return font;
        }
        default:
            return {};
        }
    }
    if (column == highStakesColumn()) {
        if (role == Qt::ToolTipRole)
            return g.highStakes
                       ? tr("High-stakes: every change to %1 waits for a person's approval.").arg(g.field)
                       : tr("Changes to %1 are applied without approval.").arg(g.field);
        return flagData(g.highStakes, saved.highStakes, role, tr("approval"));
    }
    if (column == sensitiveColumn()) {
        if (role == Qt::ToolTipRole)
            return g.sensitive ? tr("Sensitive: %1 is redacted in exported reports.").arg(g.field)
                               : tr("%1 appears in exported reports.").arg(g.field);
        return flagData(g.sensitive, saved.sensitive, role, tr("redacted"));
    }
    return {};
}

QVariant OwnershipMatrixModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (section < 0 || section >= rowCount())
            return {};
        const QString problem = problemOf(section);
        const bool changed = !sameGovernance(m_pending.at(section), m_saved.at(section));
        switch (role) {
        case Qt::DisplayRole:
            return QString((problem.isEmpty() ? QString() : kProblemMark) + m_fields.at(section) +
                           (changed ? kChangedMark : QString()));
        case Qt::ToolTipRole: {
            QStringList lines;
            if (!problem.isEmpty())
                lines << problem;
            if (changed)
                lines << tr("Changed, not saved yet");
            return lines.isEmpty() ? QVariant() : QVariant(lines.join(u'\n'));
        }
        case Qt::FontRole: {
            QFont font;
            font.setBold(!problem.isEmpty() || changed);
            return font;
        }
        default:
            return {};
        }
    }
    if (section < 0 || section >= columnCount())
        return {};
    if (role == Qt::DisplayRole) {
        if (isSystemColumn(section))
            return systemAt(section);
        if (section == ruleColumn())
            return tr("Rule");
        return section == highStakesColumn() ? tr("High-stakes") : tr("Sensitive");
    }
    if (role == Qt::ToolTipRole) {
        if (isSystemColumn(section))
            return tr("Click a cell in this column to make %1 the owner of that field.")
                .arg(systemAt(section));
        if (section == ruleColumn())
            return tr("How a disagreement between the systems is settled: owner, priority or recency.");
        return section == highStakesColumn() ? tr("Every change to the field needs a person's approval.")
                                             : tr("The field's values are redacted in exported reports.");
    }
    return {};
}

Qt::ItemFlags OwnershipMatrixModel::flags(const QModelIndex& index) const
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
    // System cells are not user-checkable: the view makes a click anywhere in the cell mean
    // "this system owns the field", which a toggle cannot express (unchecking the only owner).
    if (index.column() == ruleColumn())
        flags |= Qt::ItemIsEditable;
    else if (index.column() == highStakesColumn() || index.column() == sensitiveColumn())
        flags |= Qt::ItemIsUserCheckable;
    return flags;
}

bool OwnershipMatrixModel::setData(const QModelIndex& index, const QVariant& value, int role)
{
    if (!index.isValid() ||
        !checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return false;
    const int column = index.column();
    FieldGovernance entry = m_pending.at(index.row());
    if (isSystemColumn(column) && role == Qt::CheckStateRole) {
        const QString system = systemAt(column);
        // Checked: the system becomes the only owner. Unchecked: it stops owning the field
        // (which may leave the field without an owner: flagged until fixed).
        if (value.toInt() == Qt::Checked)
            entry.owners = QStringList{system};
        else
            entry.owners.removeAll(system);
    } else if (column == ruleColumn() && role == Qt::EditRole) {
        const QString rule = value.toString();
        if (!rules().contains(rule))
            return false;
        entry.rule = rule;
        if (rule == "priority"_L1 && entry.priority.isEmpty())
            entry.priority = defaultPriority(entry);
    } else if (column == highStakesColumn() && role == Qt::CheckStateRole) {
        entry.highStakes = value.toInt() == Qt::Checked;
    } else if (column == sensitiveColumn() && role == Qt::CheckStateRole) {
        entry.sensitive = value.toInt() == Qt::Checked;
    } else {
        return false;
    }
    propose(entry);
    return true;
}

} // namespace concord
