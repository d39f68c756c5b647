#pragma once

#include "BatchExecutor.h"
#include "Planner.h"

namespace concord {

// Writes a plan: every write that needs no approval and every approved or edited one, the
// merges the steward approved, and for each row written the next value of its version
// column. Interrupted batches are settled first. A plan with nothing to write records no
// batch (report.batch.id stays empty), so running apply again is harmless.
Result<BatchReport> applyPlan(Workspace& workspace, const Plan& plan, const ApplyOptions& options);

// Writes the plan the steward reviewed (stored by concord-cli plan; `planId`, or the latest when
// empty) and nothing else: each row is held to the before-values and version the plan shows, so a
// row edited since is refused and goes back to review as changed underneath. A plan is applied
// once; see reviewedPlan for when one is refused. report.plan names the plan applied.
Result<BatchReport> applyReviewedPlan(Workspace& workspace, const QString& planId,
                                      const ApplyOptions& options);

// Undoes a batch: every value it wrote goes back to its before-image where the row still holds
// what the batch wrote; anything else is reported as a conflict and left alone. Deleted rows
// come back from their images. The rollback is itself a batch in the journal and the audit.
Result<BatchReport> rollbackBatch(Workspace& workspace, const QString& batchId, const ApplyOptions& options);

// A new batch id: sortable by time, unique across runs ("20261125-101500-3fa9").
QString newBatchId();

} // namespace concord
