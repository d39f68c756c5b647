#pragma once

#include "Planner.h"

namespace concord {

// A run's plan without writing anything, not even the review queue: computePlan against the
// queue as stored. What a front end shows for a workspace it cannot write
// (Workspace::isReadOnly), where buildPlan would fail on updating the queue. queueAfter, when
// given, receives the queue as buildPlan would have left it.
Result<Plan> previewPlan(const Workspace& workspace, const MatchRun& run, const ResolvedRun& resolved,
                         QList<ReviewItem>* queueAfter = nullptr);

} // namespace concord
