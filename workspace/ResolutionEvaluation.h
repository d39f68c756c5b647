#pragma once

#include "TruthFile.h"
#include "match/Matcher.h"
#include "resolve/Resolver.h"

namespace concord {

// How many of the truth's (customer, field) values the resolver gets right
// (docs/truth-format.md, "Resolution accuracy"), and how many review items that took.
struct ResolutionAccuracy
{
    qint64 values = 0; // truth value lines, '_'-prefixed fields left out
    qint64 correct = 0;
    qint64 noProposal = 0; // no value proposed (counted wrong unless the truth is empty)
    qint64 deleted = 0;    // customers marked _deleted
    qint64 deletedFlagged = 0;
    qint64 reviewItems = 0; // ambiguous pairs + duplicates + decisions held for review + ghosts
    QHash<QString, QPair<qint64, qint64>> byField; // field -> (correct, values)
    double accuracy() const { return values ? double(correct) / double(values) : 1.0; }
};

ResolutionAccuracy evaluateResolution(const NormalizedSnapshot& data, const MatchResult& match,
                                      const Resolution& resolution, const Truth& truth);

} // namespace concord
