#pragma once

#include "Matcher.h"
#include "NormalizedSnapshot.h"

#include <QString>
#include <vector>

namespace concord {

struct PairScores
{
    qint64 truePairs = 0;
    qint64 predictedPairs = 0;
    qint64 correctPairs = 0;
    double precision() const { return predictedPairs ? double(correctPairs) / double(predictedPairs) : 1.0; }
    double recall() const { return truePairs ? double(correctPairs) / double(truePairs) : 1.0; }
    double f1() const
    {
        const double p = precision();
        const double r = recall();
        return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
    }
};

struct MatchEvaluation
{
    qint64 labelledRecords = 0;
    qint64 trueEntities = 0;
    qint64 predictedEntities = 0;
    PairScores pairs;              // every pair of labelled records, across and within systems
    PairScores withinSystem;       // pairs inside one system only: the duplicates
    PairScores clusters;           // exact clusters: a predicted entity equal to a true one counts as correct
    qint64 duplicatePairs = 0;     // true within-system pairs
    qint64 duplicatesFound = 0;    // ... put in one entity
    qint64 duplicatesInReview = 0; // ... not in one entity but proposed for review
    qint64 reviewPairs = 0;
    qint64 reviewPairsTrue = 0; // review pairs that are the same customer
};

// Scores a match result against ground truth. truthLabel holds, per record, an index of
// its true entity, or -1 for an unlabelled record (left out of every count).
MatchEvaluation evaluateMatch(const NormalizedSnapshot& data, const MatchResult& result,
                              const std::vector<qint64>& truthLabel);

} // namespace concord
