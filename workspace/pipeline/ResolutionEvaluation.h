#pragma once

#include "TruthFile.h"
#include "WorkspaceTypes.h"
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

// How far the systems as they are now agree with the truth: every (record, field) value of a
// record whose customer the truth knows, for fields with an owner, in the systems Concord can
// write (SQL systems not marked read-only). A difference is "held" when a review item that is
// open or was rejected covers the entity (any of its records, and the field for field items): a
// person has it or said no. Anything else differs with nothing to explain it. After apply, that should be
// what the resolver got wrong (see resolution accuracy), and nothing more.
struct TruthAgreement
{
    qint64 values = 0;
    qint64 agree = 0;
    qint64 held = 0;
    qint64 unexplained = 0;
    QStringList samples; // the first unexplained differences, for people
    double share() const { return values ? double(agree) / double(values) : 1.0; }
};

TruthAgreement evaluateAgreement(const NormalizedSnapshot& data, const MatchResult& match, const Truth& truth,
                                 const WorkspaceConfig& config, const QList<ReviewItem>& items);

ResolutionAccuracy evaluateResolution(const NormalizedSnapshot& data, const MatchResult& match,
                                      const Resolution& resolution, const Truth& truth);

} // namespace concord
