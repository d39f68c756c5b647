#pragma once

#include "ReviewCommands.h"
#include "SessionResults.h"

namespace concord {

// The steward proposes a value for one field of the customer `record` belongs to (a revert from
// the cell's history, or a value typed in). The proposal goes to the review queue as an open
// steward_value item, and only an approval and an apply write it. Pushed on the undo stack:
// undo takes the proposal back (and puts back the one it replaced); redo proposes it again.
// An engine error comes back here and nothing is pushed.
Result<ReviewItem> pushValueProposal(QUndoStack* stack, WorkspaceSession* session, const RecordRef& record,
                                     const QString& field, const QString& value, const QString& why,
                                     const ReviewFeedback& feedback = {});

} // namespace concord
