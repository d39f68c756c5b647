#pragma once

#include "MatchConfig.h"
#include "NormalizedSnapshot.h"

#include <QHash>
#include <QString>
#include <atomic>
#include <vector>

namespace concord {

// A steward's decision about two records, keyed by stable source ids so it survives
// every later run: "these two are the same" or "these two are different".
struct MatchDecision
{
    QString systemA;
    QString sourceIdA;
    QString systemB;
    QString sourceIdB;
    bool same = false;
};

enum class MatchBand
{
    Auto,
    Review,
    NoMatch
};

// How one field contributed to a fuzzy score.
struct FieldEvidence
{
    QString field;
    QString method;
    QString valueA; // the match keys compared
    QString valueB;
    double similarity = 0;
    double weight = 0; // what it added to the score
};

// Why two records were linked (or proposed for review).
struct PairEvidence
{
    QString rule; // "key email", "fuzzy", "steward: same", "steward: different"
    double score = 0;
    MatchBand band = MatchBand::NoMatch;
    QList<FieldEvidence> fields; // for fuzzy scores
};

// A link the matcher made or proposes. key >= 0: the index of the exact key that matched;
// -1: fuzzy; -2: a steward's "same" decision.
struct MatchEdge
{
    NormalizedSnapshot::Record a = 0;
    NormalizedSnapshot::Record b = 0;
    float score = 0;
    int key = -1;
    QString reason; // for review edges: why a person must decide
};

struct MatchStats
{
    qint64 keyLinks = 0;
    qint64 candidatePairs = 0; // fuzzy comparisons made
    qint64 blocks = 0;
    qint64 skippedBlocks = 0; // larger than maxBlockSize
    double keySeconds = 0;
    double blockingSeconds = 0;
    double scoringSeconds = 0;
    double clusteringSeconds = 0;
};

struct MatchResult
{
    std::vector<std::uint32_t> clusterOf; // per record: its cluster (entity) id, 0-based
    std::uint32_t clusterCount = 0;
    std::vector<MatchEdge> autoEdges;   // links that formed the clusters
    std::vector<MatchEdge> reviewPairs; // between different clusters: a person decides
    std::vector<MatchEdge> duplicates;  // two records of one system in one cluster: a merge proposal
    QStringList warnings;
    MatchStats stats;

    std::vector<std::vector<NormalizedSnapshot::Record>> clusters() const;
};

class Matcher
{
public:
    Matcher(const NormalizedSnapshot& data, MatchConfig config, QList<MatchDecision> decisions = {});

    // Exact keys, then blocking and fuzzy scoring on both cores, then clusters with the
    // chaining guard, then duplicate proposals. Decisions override the scorer.
    // Workers run on the engine pool; `cancel` is polled between blocks.
    Result<MatchResult> run(int threads = 0, const std::atomic<bool>* cancel = nullptr);

    // Scores one pair with its evidence (for --explain and the review queue).
    PairEvidence explain(NormalizedSnapshot::Record a, NormalizedSnapshot::Record b) const;
    MatchBand bandOf(double score) const;

private:
    struct ResolvedComparator
    {
        int field = -1;
        Comparator config;
    };
    double score(NormalizedSnapshot::Record a, NormalizedSnapshot::Record b,
                 QList<FieldEvidence>* evidence) const;
    double similarity(const ResolvedComparator& c, NormalizedSnapshot::Record a,
                      NormalizedSnapshot::Record b) const;
    const QString& keyText(int field, StringPool::Id id) const;
    bool keyUndecided(int keyIndex, NormalizedSnapshot::Record a, NormalizedSnapshot::Record b) const;

    const NormalizedSnapshot& m_data;
    MatchConfig m_config;
    QList<MatchDecision> m_decisions;
    std::vector<std::vector<int>> m_keyFields; // per exact key: field indexes
    std::vector<ResolvedComparator> m_comparators;
    mutable std::vector<std::vector<QString>> m_keyText; // per field: decoded keys by id (filled up front)
};

} // namespace concord
