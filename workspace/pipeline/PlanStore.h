#pragma once

#include "Planner.h"

namespace concord {

// A plan as JSON and back: every write and merge with the before-values and version tokens it
// was made against, so that apply can hold each row to exactly what the steward was shown.
QByteArray planToJson(const Plan& plan);
Result<Plan> planFromJson(const QByteArray& json);

// Stores the plan `concord-cli plan` shows (with the decisions it was made under) and returns
// it with its id; a newer stored plan supersedes every older one.
Result<StoredPlan> storePlan(Workspace& workspace, const Plan& plan, const QString& steward);

// The stored plan apply may write: `id`, or the latest when empty. Refused when none was
// stored, when `id` is not the latest (a newer plan superseded it), when it was applied
// already, or when a decision (review item, ownership, mapping, match decision) was made
// after it: then what the steward saw is not what would be written, and they plan again.
Result<std::pair<StoredPlan, Plan>> reviewedPlan(const Workspace& workspace, const QString& id = QString());

} // namespace concord
