#include "PlanPreview.h"

namespace concord {

Result<Plan> previewPlan(const Workspace& workspace, const MatchRun& run, const ResolvedRun& resolved,
                         QList<ReviewItem>* queueAfter)
{
    auto stored = workspace.reviewItems();
    if (!stored)
        return stored.error();
    auto plan = computePlan(resolved, run, *stored);
    if (plan && queueAfter)
        *queueAfter = simulateReviewSync(*stored, plan->reviewItems);
    return plan;
}

} // namespace concord
