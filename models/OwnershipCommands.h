#pragma once

#include "WorkspaceTypes.h"

#include <QPointer>
#include <QUndoCommand>
#include <functional>

namespace concord {

class OwnershipMatrixModel;
class WorkspaceSession;

// What an edit of one field's entry does, in the steward's words ("Make quoting the owner of phone").
QString describeOwnershipEdit(const FieldGovernance& before, const FieldGovernance& after);

// One edit of the pending matrix (one field's entry, before and after). Touches only the model:
// nothing is written until Save. Does nothing once the model is gone.
class EditOwnershipCommand : public QUndoCommand
{
public:
    EditOwnershipCommand(OwnershipMatrixModel* model, FieldGovernance before, FieldGovernance after,
                         QUndoCommand* parent = nullptr);

    void redo() override;
    void undo() override;

    const FieldGovernance& before() const { return m_before; }
    const FieldGovernance& after() const { return m_after; }

private:
    QPointer<OwnershipMatrixModel> m_model;
    FieldGovernance m_before;
    FieldGovernance m_after;
};

// "Save ownership": writes each changed field's entry to the store through the session; undo
// writes the previous entries back. A write that fails puts back what this step already wrote
// (no half-saved matrix), reports the error and makes the command obsolete, so QUndoStack drops
// it. It refuses to run against a different workspace than the one it was made for.
class SaveOwnershipCommand : public QUndoCommand
{
public:
    using ErrorHandler = std::function<void(const QString& message)>;

    // before and after: the same fields, in the same order.
    SaveOwnershipCommand(WorkspaceSession* session, QList<FieldGovernance> before,
                         QList<FieldGovernance> after, ErrorHandler onError = {},
                         QUndoCommand* parent = nullptr);
    // The changed fields of the model, saved entries before and pending after.
    static SaveOwnershipCommand* fromModel(const OwnershipMatrixModel& model, ErrorHandler onError = {});

    void redo() override;
    void undo() override;

    QStringList fields() const;

private:
    bool write(const QList<FieldGovernance>& entries, const QList<FieldGovernance>& putBack);

    QPointer<WorkspaceSession> m_session;
    QString m_path;
    QList<FieldGovernance> m_before;
    QList<FieldGovernance> m_after;
    ErrorHandler m_onError;
};

} // namespace concord
