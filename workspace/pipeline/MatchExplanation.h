#pragma once

#include "MatchPipeline.h"

namespace concord {

// Why one record is matched the way it is, from a match run alone (no resolution): the entity
// it is in, the evidence with every other member and with each record it was held for review
// with, and its own fields as read and normalized. `concord-cli match --explain` prints it; the
// window's side-by-side view shows the same evidence per entity (EntityView).
struct MatchExplanation
{
    struct Pair
    {
        QString record; // "system:id"
        PairEvidence evidence;
        QString reason; // review pairs: why a person decides
    };
    struct Field
    {
        QString name;
        QString original;
        QString normalized;
        QString key;
        bool derived = false;
        QString problem;
    };
    QString record;
    std::uint32_t entity = 0;
    QList<Pair> members;
    QList<Pair> reviews;
    QList<Field> fields;
};

// `target` is "system:id"; an unknown system or id is an error naming it.
Result<MatchExplanation> explainRecord(const MatchRun& run, const QString& target);

} // namespace concord
