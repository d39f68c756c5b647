#pragma once

#include "Planner.h"
#include "Snapshot.h"

#include <QList>
#include <QString>

namespace concord {

// Part of a plan, as a view selects it: indexes into Plan::writes and Plan::merges.
struct PlanSelection
{
    QList<int> writes;
    QList<int> merges;
};

// The dry run of a plan: the statements apply would run, with their bound values, one
// BEGIN/COMMIT block per system for the field writes, then one per approved merge or deletion
// (each all or nothing). Before each write, a comment with its field, row, rule, reason and
// review item and the version the row must still have, then the re-read and the UPDATE (or
// DELETE). Writes apply would not run (awaiting approval, rejected, file exports) are left
// out. `snapshot` gives each table's columns for the re-read; `systems` the driver of a system
// that has a merge but no field write.
QString renderPlanSql(const Plan& plan, const Snapshot& snapshot, const QList<SystemConfig>& systems);

// The same for a selection only (the plan view's "dry-run SQL of the selected writes"):
// nothing that was not selected, in plan order; indexes out of range are ignored.
QString renderPlanSql(const Plan& plan, const Snapshot& snapshot, const QList<SystemConfig>& systems,
                      const PlanSelection& selection);

} // namespace concord
