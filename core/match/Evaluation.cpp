#include "Evaluation.h"

#include <QHash>
#include <QSet>
#include <algorithm>

namespace concord {

namespace {
qint64 choose2(qint64 n)
{
    return n * (n - 1) / 2;
}

// Pair counts from group sizes: sum of C(n, 2) over the groups that `keyOf` defines.
template <typename Key, typename KeyOf>
qint64 pairsWithin(const std::vector<std::uint32_t>& records, KeyOf keyOf)
{
    QHash<Key, qint64> sizes;
    for (std::uint32_t r : records)
        ++sizes[keyOf(r)];
    qint64 pairs = 0;
    for (auto it = sizes.cbegin(); it != sizes.cend(); ++it)
        pairs += choose2(it.value());
    return pairs;
}

std::uint64_t pack(std::uint64_t a, std::uint64_t b)
{
    return (a << 32) ^ b;
}
} // namespace

MatchEvaluation evaluateMatch(const NormalizedSnapshot& data, const MatchResult& result,
                              const std::vector<qint64>& truthLabel)
{
    MatchEvaluation e;
    std::vector<std::uint32_t> labelled;
    for (std::uint32_t r = 0; r < truthLabel.size(); ++r) {
        if (truthLabel[r] >= 0)
            labelled.push_back(r);
    }
    e.labelledRecords = static_cast<qint64>(labelled.size());
    auto truth = [&](std::uint32_t r) {
        return static_cast<std::uint64_t>(truthLabel[r]);
    };
    auto cluster = [&](std::uint32_t r) {
        return static_cast<std::uint64_t>(result.clusterOf[r]);
    };
    auto system = [&](std::uint32_t r) {
        return static_cast<std::uint64_t>(data.systemOf(r));
    };

    e.pairs.truePairs = pairsWithin<std::uint64_t>(labelled, truth);
    e.pairs.predictedPairs = pairsWithin<std::uint64_t>(labelled, cluster);
    e.pairs.correctPairs =
        pairsWithin<std::uint64_t>(labelled, [&](std::uint32_t r) { return pack(truth(r), cluster(r)); });

    // Within one system: the same counts with the system added to every group key.
    e.withinSystem.truePairs = pairsWithin<QPair<std::uint64_t, std::uint64_t>>(
        labelled, [&](std::uint32_t r) { return qMakePair(system(r), truth(r)); });
    e.withinSystem.predictedPairs = pairsWithin<QPair<std::uint64_t, std::uint64_t>>(
        labelled, [&](std::uint32_t r) { return qMakePair(system(r), cluster(r)); });
    e.withinSystem.correctPairs = pairsWithin<QPair<std::uint64_t, std::uint64_t>>(
        labelled, [&](std::uint32_t r) { return qMakePair(system(r), pack(truth(r), cluster(r))); });
    e.duplicatePairs = e.withinSystem.truePairs;
    e.duplicatesFound = e.withinSystem.correctPairs;

    // Exact clusters, over labelled records: a predicted entity is correct when its labelled
    // records are exactly one true entity's labelled records.
    QHash<std::uint64_t, qint64> truthSize;
    QHash<std::uint64_t, qint64> clusterSize;
    QHash<std::uint64_t, qint64> overlap;
    for (std::uint32_t r : labelled) {
        ++truthSize[truth(r)];
        ++clusterSize[cluster(r)];
        ++overlap[pack(truth(r), cluster(r))];
    }
    e.trueEntities = truthSize.size();
    e.predictedEntities = clusterSize.size();
    qint64 exact = 0;
    QSet<std::uint64_t> counted;
    for (std::uint32_t r : labelled) {
        const std::uint64_t key = pack(truth(r), cluster(r));
        if (counted.contains(key))
            continue;
        counted.insert(key);
        const qint64 both = overlap.value(key);
        if (both == truthSize.value(truth(r)) && both == clusterSize.value(cluster(r)))
            ++exact;
    }
    e.clusters.truePairs = e.trueEntities; // "pairs" here are entities
    e.clusters.predictedPairs = e.predictedEntities;
    e.clusters.correctPairs = exact;

    // Duplicates that were not put together: are they at least in front of a person?
    QSet<std::uint64_t> reviewed;
    for (const MatchEdge& edge : result.reviewPairs) {
        reviewed.insert(pack(std::min(edge.a, edge.b), std::max(edge.a, edge.b)));
        ++e.reviewPairs;
        if (truthLabel[edge.a] >= 0 && truthLabel[edge.a] == truthLabel[edge.b])
            ++e.reviewPairsTrue;
    }
    QHash<QPair<std::uint64_t, std::uint64_t>, std::vector<std::uint32_t>> bySystemTruth;
    for (std::uint32_t r : labelled)
        bySystemTruth[qMakePair(system(r), truth(r))].push_back(r);
    for (auto it = bySystemTruth.cbegin(); it != bySystemTruth.cend(); ++it) {
        const auto& group = it.value();
        for (std::size_t x = 0; x < group.size(); ++x) {
            for (std::size_t y = x + 1; y < group.size(); ++y) {
                if (cluster(group[x]) == cluster(group[y]))
                    continue;
                if (reviewed.contains(pack(std::min(group[x], group[y]), std::max(group[x], group[y]))))
                    ++e.duplicatesInReview;
            }
        }
    }
    return e;
}

} // namespace concord
