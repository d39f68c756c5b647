#pragma once

#include "MatchPipeline.h"

#include <QMap>

namespace concord {

// One system's share of a matching run.
struct SystemMatchCounts
{
    QString system;
    qint64 records = 0;
    qint64 unmatched = 0;  // records alone in their entity
    qint64 duplicates = 0; // duplicate (merge) proposals between two of its records
};

// The counts a matching run is judged by, as `match` prints them and a view shows them.
struct MatchSummary
{
    qint64 records = 0;
    qint64 entities = 0;
    qint64 autoLinks = 0;
    QMap<QString, qint64> autoLinksByRule; // "key <name>", "fuzzy", "steward: same" -> links
    qint64 reviewPairs = 0;
    qint64 duplicateProposals = 0;
    QList<SystemMatchCounts> systems; // in the snapshot's (workspace) order
    qint64 candidatePairs = 0;        // fuzzy comparisons made
    qint64 blocks = 0;

    // Seconds per stage; total is load + normalize + match.
    double loadSeconds = 0;
    double normalizeSeconds = 0;
    double keySeconds = 0;
    double blockingSeconds = 0;
    double scoringSeconds = 0;
    double clusteringSeconds = 0;
    double totalSeconds = 0;
};

// Which rule made an automatic link: "key <name>", "steward: same" or "fuzzy".
QString matchEdgeRule(const MatchRun& run, const MatchEdge& edge);

MatchSummary summarizeMatch(const MatchRun& run);

} // namespace concord
