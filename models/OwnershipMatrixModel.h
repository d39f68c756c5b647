#pragma once

#include "WorkspaceTypes.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QPointer>
#include <QSet>

class QUndoStack;

namespace concord {

class WorkspaceSession;

// True when two entries would govern their field the same way (FieldGovernance has no ==).
bool sameGovernance(const FieldGovernance& a, const FieldGovernance& b);

// The field-ownership matrix as the steward edits it: one row per canonical field, one column
// per system (the owner, a reader, or "not mapped" when it has no column for the field), then
// the resolution rule and the high-stakes and sensitive flags. It holds a *pending* matrix next
// to the saved one, so the what-if of an edit can be shown before anything is written; Save
// (OwnershipCommands) writes pending to the store.
//
// Every edit (setData, propose, revert) goes through the undo stack when one is set, as an
// EditOwnershipCommand whose redo/undo call applyEntry.
//
// When the session says the stored matrix changed (our own Save, its undo, another view), the
// saved copy is re-read and pending is rebased on it: a field the steward has not touched
// (pending equal to the previous saved entry) follows the store, a field with an unsaved edit
// keeps the edit. So a clean model simply mirrors the store, and a dirty one never loses work.
class OwnershipMatrixModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Role
    {
        FieldRole = Qt::UserRole + 1, // the row's field name
        SystemRole,                   // a system column's system name
        ProblemRole,                  // the row's problem in steward words, empty when fine
        ChangedRole,                  // bool: the row differs from the saved matrix
    };

    explicit OwnershipMatrixModel(WorkspaceSession* session, QObject* parent = nullptr);

    // Edits are pushed here as undoable commands; without a stack they apply directly.
    void setUndoStack(QUndoStack* stack);
    QUndoStack* undoStack() const;
    WorkspaceSession* session() const;

    int systemCount() const { return static_cast<int>(m_systems.size()); }
    bool isSystemColumn(int column) const { return column >= 0 && column < systemCount(); }
    int ruleColumn() const { return systemCount(); }
    int highStakesColumn() const { return systemCount() + 1; }
    int sensitiveColumn() const { return systemCount() + 2; }
    QString systemAt(int column) const;
    int columnOfSystem(const QString& system) const;
    QString fieldAt(int row) const;
    int rowOfField(const QString& field) const;

    QList<FieldGovernance> pending() const { return m_pending; }
    QList<FieldGovernance> saved() const { return m_saved; }
    FieldGovernance pendingEntry(const QString& field) const;
    FieldGovernance savedEntry(const QString& field) const;
    QStringList changedFields() const;
    bool isDirty() const { return !changedFields().isEmpty(); }
    // What keeps the pending matrix from being saved, one line per field ("phone has no owner").
    QStringList problems() const;
    QString problemOf(int row) const;
    bool isValid() const { return problems().isEmpty(); }
    // Edits that are valid but probably not meant, e.g. an owner with no column for the field.
    QStringList notes() const;

    // One field's new entry, as an undoable edit; false when it changes nothing or the field is
    // unknown.
    bool propose(const FieldGovernance& entry);
    // Makes `system` the field's only owner (the others read it).
    bool makeOwner(int row, const QString& system);
    // Puts every changed field back as saved, as one undoable step.
    void revert();

    // For the undo commands: replaces the field's pending entry without touching the stack.
    void applyEntry(const FieldGovernance& entry);
    // Re-reads the saved matrix from the session (see the class comment for what pending does).
    void reload();

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool setData(const QModelIndex& index, const QVariant& value, int role = Qt::EditRole) override;

    static QStringList rules();
    static QString ruleDescription(const FieldGovernance& entry);

Q_SIGNALS:
    // The pending matrix changed (an edit, an undo, or a rebase on the store).
    void pendingChanged();

private:
    bool maps(const QString& system, const QString& field) const;
    QVariant systemData(const FieldGovernance& g, const FieldGovernance& saved, const QString& system,
                        int role) const;
    QVariant flagData(bool on, bool savedOn, int role, const QString& what) const;
    QStringList defaultPriority(const FieldGovernance& g) const;

    QPointer<WorkspaceSession> m_session;
    QPointer<QUndoStack> m_undoStack;
    QStringList m_systems;
    QStringList m_fields;
    QHash<QString, QSet<QString>> m_mapped; // field -> systems with a column for it
    bool m_mappingsKnown = false;           // when they could not be read, every system counts as mapped
    QList<FieldGovernance> m_saved;         // as in the store, one per field in m_fields order
    QList<FieldGovernance> m_pending;       // the steward's edits, same order
};

} // namespace concord
