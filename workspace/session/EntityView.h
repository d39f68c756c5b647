#pragma once

#include "SessionResults.h"

namespace concord {

// One record's value of one field, as read and as normalized.
struct EntityCell
{
    bool mapped = false;        // the record's system has a column for the field
    QString raw;                // as read (empty: blank)
    QString normalized;         // the canonical form (empty: blank or not normalizable)
    QString problem;            // why the raw value could not be normalized
    bool differs = false;       // holds something other than the resolved value (blank included)
    bool winner = false;        // its value is the one the rule chose
    QList<PlannedWrite> writes; // what the plan would write into this cell
};

// One canonical field across the entity's records, aligned: the rows of the side-by-side view.
struct EntityField
{
    int index = -1;
    QString name;
    QString type;
    QString resolved; // canonical value the customer has
    CellState state = CellState::Agree;
    QString rule;   // owner, priority, recency, steward ... (empty when every record agreed)
    QString reason; // "crm owns phone"
    QString winnerSystem;
    std::optional<ReviewItemKind> reviewKind; // why a person must decide, when the rule flagged it
    QString reviewReason;
    QList<EntityCell> cells; // one per record, in EntityView::records order
};

// Why two of the entity's records are one customer (or were proposed to be).
struct EntityPair
{
    RecordRef a;
    RecordRef b;
    PairEvidence evidence;
};

// Everything the side-by-side view shows about one customer.
struct EntityView
{
    std::uint32_t entity = 0;
    QList<RecordRef> records; // systems in workspace order, rows in order
    QList<QString> versions;  // each record's version token at snapshot time
    QList<EntityField> fields;
    QList<ReviewItem> reviewItems; // open and decided items about its records or fields
    QList<EntityPair> evidence;    // every pair of its records, up to maxEvidencePairs
    int differingFields = 0;

    static constexpr int maxEvidencePairs = 28; // 8 records
};

// The entity a record belongs to, described; an error names a record that is not in the run.
// `queue` is the review queue as stored (items are matched to the entity by their records).
Result<EntityView> describeEntity(const SessionResults& results, const QList<ReviewItem>& queue,
                                  const RecordRef& ref);
EntityView describeEntityAt(const SessionResults& results, const QList<ReviewItem>& queue,
                            std::uint32_t entity);

} // namespace concord
