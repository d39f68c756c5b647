#pragma once

#include "MergePlanner.h"

namespace concord {

// The steward's options for approving a duplicate (merge) item, checked against the item and
// the mappings before anything is stored: the survivor must be one of the item's records, each
// take is FIELD=RECORD with RECORD one of them and FIELD mapped in RECORD's system (a field the
// system does not map would be silently ignored by the merge), and the rule must be known.
// Returns the choice as the JSON kept with the decision; "" when no option was given (the
// defaults). The errors name the options as `review approve` spells them.
Result<QString> mergeChoiceJson(const ReviewItem& item, const QList<FieldMapping>& mappings,
                                const QString& survivor, const QString& survivorRule,
                                const QStringList& takes);

// The same for an item of the workspace's queue, by id (an unknown id is an error).
Result<QString> checkMergeChoice(const Workspace& workspace, const QString& itemId, const QString& survivor,
                                 const QString& survivorRule, const QStringList& takes);

} // namespace concord
