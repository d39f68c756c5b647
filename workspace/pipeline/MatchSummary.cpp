#include "MatchSummary.h"

#include <vector>

using namespace Qt::StringLiterals;

namespace concord {

QString matchEdgeRule(const MatchRun& run, const MatchEdge& edge)
{
    if (edge.key >= 0)
        return u"key "_s + run.config.keys[edge.key].name;
    if (edge.key == -2)
        return u"steward: same"_s;
    return u"fuzzy"_s;
}

MatchSummary summarizeMatch(const MatchRun& run)
{
    using Record = NormalizedSnapshot::Record;
    const NormalizedSnapshot& data = *run.data;
    const MatchResult& result = run.result;
    MatchSummary s;
    s.records = static_cast<qint64>(data.recordCount());
    s.entities = static_cast<qint64>(result.clusterCount);
    s.autoLinks = static_cast<qint64>(result.autoEdges.size());
    for (const MatchEdge& e : result.autoEdges)
        ++s.autoLinksByRule[matchEdgeRule(run, e)];
    s.reviewPairs = static_cast<qint64>(result.reviewPairs.size());
    s.duplicateProposals = static_cast<qint64>(result.duplicates.size());

    for (int i = 0; i < data.systemCount(); ++i)
        s.systems.append(SystemMatchCounts{data.system(i).system()});
    std::vector<std::uint32_t> clusterSize(result.clusterCount, 0);
    for (std::uint32_t c : result.clusterOf)
        ++clusterSize[c];
    for (Record r = 0; r < data.recordCount(); ++r) {
        SystemMatchCounts& counts = s.systems[data.systemOf(r)];
        ++counts.records;
        if (clusterSize[result.clusterOf[r]] == 1)
            ++counts.unmatched;
    }
    // A duplicate proposal joins two records of one system: counted once, for that system.
    for (const MatchEdge& e : result.duplicates)
        ++s.systems[data.systemOf(e.a)].duplicates;

    s.candidatePairs = result.stats.candidatePairs;
    s.blocks = result.stats.blocks;
    s.loadSeconds = run.loadSeconds;
    s.normalizeSeconds = run.normalizeSeconds;
    s.keySeconds = result.stats.keySeconds;
    s.blockingSeconds = result.stats.blockingSeconds;
    s.scoringSeconds = result.stats.scoringSeconds;
    s.clusteringSeconds = result.stats.clusteringSeconds;
    s.totalSeconds = run.loadSeconds + run.normalizeSeconds + run.matchSeconds;
    return s;
}

} // namespace concord
