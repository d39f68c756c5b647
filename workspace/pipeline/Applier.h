#pragma once

#include "BatchExecutor.h"
#include "Planner.h"

namespace concord {

// Writes a plan: every write that needs no approval and every approved or edited one, the
// merges the steward approved, and for each row written the next value of its version
// column. Interrupted batches are settled first. A plan with nothing to write records no
// batch (report.batch.id stays empty), so running apply again is harmless.
Result<BatchReport> applyPlan(Workspace& workspace, const Plan& plan, const ApplyOptions& options);

// Undoes a batch: every value it wrote goes back to its before-image where the row still holds
// what the batch wrote; anything else is reported as a conflict and left alone. Deleted rows
// come back from their images. The rollback is itself a batch in the journal and the audit.
Result<BatchReport> rollbackBatch(Workspace& workspace, const QString& batchId, const ApplyOptions& options);

// A new batch id: sortable by time, unique across runs ("20261125-101500-3fa9").
QString newBatchId();

} // namespace concord
