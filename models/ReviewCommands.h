#pragma once

#include "Result.h"
#include "WorkspaceTypes.h"

#include <QString>
#include <QStringList>
#include <functional>

class QUndoStack;

namespace concord {

class WorkspaceSession;

// A steward's decision on one review item, as the queue's keys and buttons take it.
struct Decision
{
    enum class Action
    {
        Approve,
        Reject,
        EditValue,       // the steward's own value instead of the proposed one
        NotSameCustomer, // a possible match or a duplicate that is two customers
    };
    Action action = Action::Approve;
    QString value; // EditValue only
    QString note;

    static Decision approve(const QString& note = {}) { return {Action::Approve, {}, note}; }
    static Decision reject(const QString& note = {}) { return {Action::Reject, {}, note}; }
    static Decision editValue(const QString& value, const QString& note = {})
    {
        return {Action::EditValue, value, note};
    }
    static Decision notSameCustomer(const QString& note = {}) { return {Action::NotSameCustomer, {}, note}; }
};

// How a command tells its view what happened when it runs later, from Edit > Undo or Redo:
// the stack cannot hand back a value. Both are optional.
struct ReviewFeedback
{
    std::function<void(const QString& message)> failed;
    std::function<void(const QStringList& itemIds)> restored; // items an undo put back
};

// What the undo stack and the Edit menu call a decision: "Approve conflict on phone for crm:1001".
QString decisionText(const ReviewItem& item, const Decision& decision);

// Takes the decision through the session (an engine error comes back here, and nothing is
// pushed), then pushes its undo command: undo puts the item back as it was (and, for "not the
// same customer", forgets the stored match decision); redo decides again. Both refuse an item
// whose values changed since (a later run reopened it), report it through `feedback` and drop
// the command from the stack.
Result<void> pushReviewDecision(QUndoStack* stack, WorkspaceSession* session, const QString& itemId,
                                const Decision& decision, const ReviewFeedback& feedback = {});

// Approves the open items among `itemIds` as one step on the stack ("Approve 41 duplicates").
// Returns how many were approved; when some could not be, the others stay approved and
// undoable, and the error says how many and why.
Result<int> pushBulkApproval(QUndoStack* stack, WorkspaceSession* session, const QStringList& itemIds,
                             const QString& note = {}, const ReviewFeedback& feedback = {});

} // namespace concord
