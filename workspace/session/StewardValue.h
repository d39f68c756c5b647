#pragma once

#include "SessionResults.h"

namespace concord {

// The review item for a value the steward proposes for one field of the customer a record
// belongs to (a revert to an earlier value from the cell's history, or a value typed in): every
// record of the customer whose system has the field, with the value each holds now, so the plan
// writes the value only while they still hold what the steward saw. Nothing is written here.
Result<ReviewItem> makeStewardValueItem(const SessionResults& results, const RecordRef& record,
                                        const QString& field, const QString& value, const QString& why);

} // namespace concord
