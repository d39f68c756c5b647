#include "Matcher.h"

#include "BlockingKeys.h"
#include "Comparators.h"
#include "Parallel.h"
#include "UnionFind.h"

#include <QDate>
#include <QElapsedTimer>
#include <QSet>
#include <algorithm>
#include <atomic>
#include <mutex>

using namespace Qt::StringLiterals;

namespace concord {

using Record = NormalizedSnapshot::Record;

namespace {
double seconds(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}

} // namespace

std::vector<std::vector<Record>> MatchResult::clusters() const
{
    std::vector<std::vector<Record>> list(clusterCount);
    for (Record r = 0; r < clusterOf.size(); ++r)
        list[clusterOf[r]].push_back(r);
    return list;
}

Matcher::Matcher(const NormalizedSnapshot& data, MatchConfig config, QList<MatchDecision> decisions)
    : m_data(data)
    , m_config(std::move(config))
    , m_decisions(std::move(decisions))
{
    for (const ExactKey& k : m_config.keys) {
        std::vector<int> fields;
        for (const QString& f : k.fields)
            fields.push_back(m_data.fieldIndex(f));
        m_keyFields.push_back(fields);
    }
    for (const Comparator& c : m_config.comparators)
        m_comparators.push_back(ResolvedComparator{m_data.fieldIndex(c.field), c});
    // Comparators take UTF-16; decode each distinct key once instead of once per comparison.
    m_keyText.resize(static_cast<std::size_t>(m_data.fieldCount()));
    for (const ResolvedComparator& c : m_comparators) {
        if (c.field < 0 || !m_keyText[static_cast<std::size_t>(c.field)].empty())
            continue;
        const StringPool& pool = m_data.fieldPool(c.field);
        auto& texts = m_keyText[static_cast<std::size_t>(c.field)];
        texts.resize(pool.size() + 1);
        for (StringPool::Id id = 1; id <= pool.size(); ++id)
            texts[id] = pool.string(id);
    }
}

MatchBand Matcher::bandOf(double s) const
{
    if (s >= m_config.autoMatch)
        return MatchBand::Auto;
    if (s >= m_config.review)
        return MatchBand::Review;
    return MatchBand::NoMatch;
}

const QString& Matcher::keyText(int field, StringPool::Id id) const
{
    return m_keyText[static_cast<std::size_t>(field)][id];
}

double Matcher::similarity(const ResolvedComparator& c, Record a, Record b) const
{
    const auto& keys = m_data.field(c.field).key;
    const StringPool::Id ka = keys[a];
    const StringPool::Id kb = keys[b];
    if (ka == kb)
        return 1.0;
    const QString& method = c.config.method;
    if (method == "exact"_L1)
        return 0.0;
    const QString& ta = keyText(c.field, ka);
    const QString& tb = keyText(c.field, kb);
    if (method == "jaro_winkler"_L1)
        return jaroWinkler(ta, tb);
    if (method == "damerau_levenshtein"_L1)
        return damerauLevenshteinSimilarity(ta, tb);
    if (method == "token_set"_L1)
        return tokenSetRatio(ta, tb);
    if (method == "nickname"_L1)
        return Nicknames::instance().equivalent(ta, tb) ? 1.0 : jaroWinkler(ta, tb);
    if (method == "numeric"_L1) {
        bool okA = false;
        bool okB = false;
        const double va = m_data.value(c.field, a).toDouble(&okA);
        const double vb = m_data.value(c.field, b).toDouble(&okB);
        return okA && okB ? numericCloseness(va, vb) : 0.0;
    }
    if (method == "date"_L1) {
        const QDate da = QDate::fromString(m_data.value(c.field, a), Qt::ISODate);
        const QDate db = QDate::fromString(m_data.value(c.field, b), Qt::ISODate);
        return da.isValid() && db.isValid() ? dateCloseness(da, db) : 0.0;
    }
    return 0.0;
}

double Matcher::score(Record a, Record b, QList<FieldEvidence>* evidence) const
{
    double total = 0;
    for (const ResolvedComparator& c : m_comparators) {
        if (c.field < 0)
            continue;
        const auto& keys = m_data.field(c.field).key;
        if (keys[a] == StringPool::NullId || keys[b] == StringPool::NullId)
            continue; // missing on one side: no evidence either way
        const double sim = similarity(c, a, b);
        const double weight = sim >= c.config.high  ? c.config.agree
                              : sim >= c.config.low ? c.config.partial
                                                    : c.config.disagree;
        total += weight;
        if (evidence)
            evidence->append(FieldEvidence{c.config.field, c.config.method, keyText(c.field, keys[a]),
                                           keyText(c.field, keys[b]), sim, weight});
    }
    return total;
}

PairEvidence Matcher::explain(Record a, Record b) const
{
    PairEvidence e;
    e.score = score(a, b, &e.fields);
    // As run() decides: a steward's decision first (the latest one about the pair), then
    // the exact keys (a key pair whose other fields disagree goes to review), then the score.
    for (qsizetype i = m_decisions.size() - 1; i >= 0; --i) {
        const MatchDecision& d = m_decisions[i];
        const qint64 da = m_data.find(d.systemA, d.sourceIdA);
        const qint64 db = m_data.find(d.systemB, d.sourceIdB);
        if (da < 0 || db < 0 ||
            unorderedPairKey(static_cast<Record>(da), static_cast<Record>(db)) != unorderedPairKey(a, b))
            continue;
        e.rule = d.same ? u"steward: same"_s : u"steward: different"_s;
        e.band = d.same ? MatchBand::Auto : MatchBand::NoMatch;
        return e;
    }
    for (std::size_t k = 0; k < m_keyFields.size(); ++k) {
        bool all = true;
        for (int f : m_keyFields[k]) {
            const auto& keys = m_data.field(f).key;
            all = all && keys[a] != StringPool::NullId && keys[a] == keys[b];
        }
        if (all && (k == 0 || keyUndecided(static_cast<int>(k), a, b))) {
            e.rule = u"key "_s + m_config.keys[static_cast<qsizetype>(k)].name;
            e.band = bandOf(e.score); // below autoMatch run() sends the pair to review, or drops it
        }
        if (!e.rule.isEmpty())
            break;
    }
    if (e.rule.isEmpty()) {
        e.rule = u"fuzzy"_s;
        e.band = bandOf(e.score);
    }
    return e;
}

// An earlier (primary) key cannot decide a pair when one of its fields is missing on
// either side: only then may a fallback key link them.
bool Matcher::keyUndecided(int keyIndex, Record a, Record b) const
{
    for (int earlier = 0; earlier < keyIndex; ++earlier) {
        bool decidable = true;
        for (int f : m_keyFields[static_cast<std::size_t>(earlier)]) {
            const auto& keys = m_data.field(f).key;
            decidable = decidable && keys[a] != StringPool::NullId && keys[b] != StringPool::NullId;
        }
        if (decidable)
            return false;
    }
    return true;
}

Result<MatchResult> Matcher::run(int threads, const std::atomic<bool>* cancel)
{
    for (std::size_t k = 0; k < m_keyFields.size(); ++k) {
        for (std::size_t i = 0; i < m_keyFields[k].size(); ++i) {
            if (m_keyFields[k][i] < 0) {
                const ExactKey& key = m_config.keys[static_cast<qsizetype>(k)];
                return makeError(u"matching key '%1' names field '%2', which is not in the workspace"_s.arg(
                    key.name, key.fields[static_cast<qsizetype>(i)]));
            }
        }
    }
    for (const ResolvedComparator& c : m_comparators) {
        if (c.field < 0)
            return makeError(u"comparator on '%1': not a field of the workspace"_s.arg(c.config.field));
    }
    const int workers = concord::workerCount(threads);
    const Record n = m_data.recordCount();
    MatchResult result;
    QElapsedTimer timer;

    // Steward decisions, resolved to records of this snapshot (unknown ids are stale: skipped).
    QHash<std::uint64_t, bool> decided;
    for (const MatchDecision& d : std::as_const(m_decisions)) {
        const qint64 a = m_data.find(d.systemA, d.sourceIdA);
        const qint64 b = m_data.find(d.systemB, d.sourceIdB);
        if (a < 0 || b < 0) {
            result.warnings << u"decision %1:%2 ~ %3:%4 refers to a record that no longer exists"_s.arg(
                d.systemA, d.sourceIdA, d.systemB, d.sourceIdB);
            continue;
        }
        decided.insert(unorderedPairKey(static_cast<Record>(a), static_cast<Record>(b)), d.same);
    }
    auto decision = [&](Record a, Record b) -> int { // 1 same, 0 different, -1 none
        const auto it = decided.constFind(unorderedPairKey(a, b));
        return it == decided.cend() ? -1 : (it.value() ? 1 : 0);
    };

    // 1. Exact keys: group records by their key tuple; link inside each group.
    timer.start();
    std::vector<MatchEdge> strongEdges;
    std::vector<MatchEdge> keyConflicts; // same key, contradicted by the other fields: review
    for (std::size_t k = 0; k < m_keyFields.size(); ++k) {
        const std::vector<int>& fields = m_keyFields[k];
        auto idsOf = [&](Record r, std::size_t i) {
            return m_data.field(fields[i]).key[r];
        };
        std::vector<Record> complete;
        for (Record r = 0; r < n; ++r) {
            bool all = true;
            for (std::size_t i = 0; i < fields.size() && all; ++i)
                all = idsOf(r, i) != StringPool::NullId;
            if (all)
                complete.push_back(r);
        }
        // Sort by the key's id tuple; equal tuples are the groups.
        std::sort(complete.begin(), complete.end(), [&](Record a, Record b) {
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (idsOf(a, i) != idsOf(b, i))
                    return idsOf(a, i) < idsOf(b, i);
            }
            return a < b;
        });
        auto sameKey = [&](Record a, Record b) {
            for (std::size_t i = 0; i < fields.size(); ++i) {
                if (idsOf(a, i) != idsOf(b, i))
                    return false;
            }
            return true;
        };
        for (std::size_t i = 0; i < complete.size();) {
            std::size_t j = i + 1;
            while (j < complete.size() && sameKey(complete[i], complete[j]))
                ++j;
            if (j - i > static_cast<std::size_t>(m_config.maxBlockSize)) {
                result.warnings << u"key '%1': %2 records share one value; not used as a key for them"_s
                                       .arg(m_config.keys[static_cast<qsizetype>(k)].name)
                                       .arg(j - i);
            } else {
                // Every pair of the group that the key may decide (a fallback only where no
                // earlier key can) is linked, unless the rest of the record contradicts it:
                // a shared inbox or family phone is the weak key the steward must look at.
                for (std::size_t x = i; x < j; ++x) {
                    for (std::size_t y = x + 1; y < j; ++y) {
                        const Record a = complete[x];
                        const Record b = complete[y];
                        if ((k > 0 && !keyUndecided(static_cast<int>(k), a, b)) || decision(a, b) == 0)
                            continue;
                        const double s = score(a, b, nullptr);
                        if (s >= m_config.autoMatch)
                            strongEdges.push_back(
                                MatchEdge{a, b, static_cast<float>(s), static_cast<int>(k), {}});
                        else if (s >= m_config.review)
                            keyConflicts.push_back(
                                MatchEdge{a, b, static_cast<float>(s), static_cast<int>(k),
                                          u"same %1, but the other fields do not confirm it (score %2)"_s
                                              .arg(m_config.keys[static_cast<qsizetype>(k)].name)
                                              .arg(s, 0, 'f', 1)});
                    }
                }
            }
            i = j;
        }
    }
    for (auto it = decided.cbegin(); it != decided.cend(); ++it) {
        if (it.value())
            strongEdges.push_back(MatchEdge{static_cast<Record>(it.key() >> 32),
                                            static_cast<Record>(it.key() & 0xFFFFFFFFu),
                                            static_cast<float>(m_config.autoMatch),
                                            -2,
                                            {}});
    }
    result.stats.keyLinks = static_cast<qint64>(strongEdges.size());
    result.stats.keySeconds = seconds(timer);

    UnionFind keySets(n);
    for (const MatchEdge& e : strongEdges)
        keySets.unite(e.a, e.b);

    // 2. Blocking: every record's block per blocking key, as (hash, record) sorted.
    timer.restart();
    const int blockingCount = static_cast<int>(m_config.blocking.size());
    std::vector<std::vector<std::uint64_t>> blockOf(static_cast<std::size_t>(blockingCount),
                                                    std::vector<std::uint64_t>(n, 0));
    std::vector<std::pair<std::uint64_t, Record>> blocked;
    for (int bk = 0; bk < blockingCount; ++bk) {
        const BlockingKey& key = m_config.blocking[bk];
        std::vector<int> fields;
        for (const QString& f : key.fields)
            fields.push_back(m_data.fieldIndex(f));
        for (int f : fields) {
            if (f < 0)
                return makeError(
                    u"blocking key '%1' names a field that is not in the workspace"_s.arg(key.name));
        }
        for (Record r = 0; r < n; ++r) {
            QString text;
            bool complete = true;
            for (qsizetype i = 0; i < key.fields.size() && complete; ++i) {
                const int f = fields[static_cast<std::size_t>(i)];
                const StringPool::Id id = m_data.field(f).key[r];
                if (id == StringPool::NullId) {
                    complete = false;
                    break;
                }
                const QString part =
                    applyBlockingTransform(key.transforms[i], m_data.fieldPool(f).string(id));
                complete = !part.isEmpty();
                text += part + u'\x1f';
            }
            if (!complete)
                continue;
            const std::uint64_t h = blockHash(bk, text);
            blockOf[static_cast<std::size_t>(bk)][r] = h;
            blocked.emplace_back(h, r);
        }
    }
    std::sort(blocked.begin(), blocked.end());
    std::vector<std::pair<std::size_t, std::size_t>> blocks; // [begin, end) in `blocked`
    for (std::size_t i = 0; i < blocked.size();) {
        std::size_t j = i + 1;
        while (j < blocked.size() && blocked[j].first == blocked[i].first)
            ++j;
        if (j - i >= 2) {
            if (j - i > static_cast<std::size_t>(m_config.maxBlockSize))
                ++result.stats.skippedBlocks;
            else
                blocks.emplace_back(i, j);
        }
        i = j;
    }
    result.stats.blocks = static_cast<qint64>(blocks.size());
    if (result.stats.skippedBlocks > 0)
        result.warnings
            << u"%1 blocks larger than %2 records were not compared (a blocking key too common to "
               "be useful)"_s.arg(result.stats.skippedBlocks)
                   .arg(m_config.maxBlockSize);
    result.stats.blockingSeconds = seconds(timer);

    // 3. Fuzzy scoring of every pair that shares a block, on all cores. A pair sharing
    //    several blocks is scored once: in the first blocking key they share.
    timer.restart();
    std::vector<std::vector<MatchEdge>> found(static_cast<std::size_t>(workers));
    std::vector<qint64> compared(static_cast<std::size_t>(workers), 0);
    std::atomic<std::size_t> nextBlock{0};
    auto scoreBlocks = [&](int worker) {
        auto& out = found[static_cast<std::size_t>(worker)];
        for (std::size_t b = nextBlock.fetch_add(1); b < blocks.size(); b = nextBlock.fetch_add(1)) {
            if (isCancelled(cancel))
                return;
            const auto [begin, end] = blocks[b];
            const std::uint64_t h = blocked[begin].first;
            int bk = 0;
            while (bk < blockingCount && blockOf[static_cast<std::size_t>(bk)][blocked[begin].second] != h)
                ++bk;
            for (std::size_t x = begin; x < end; ++x) {
                for (std::size_t y = x + 1; y < end; ++y) {
                    const Record a = blocked[x].second;
                    const Record bRec = blocked[y].second;
                    bool earlier = false;
                    for (int k = 0; k < bk && !earlier; ++k)
                        earlier = blockOf[static_cast<std::size_t>(k)][a] != 0 &&
                                  blockOf[static_cast<std::size_t>(k)][a] ==
                                      blockOf[static_cast<std::size_t>(k)][bRec];
                    if (earlier)
                        continue;
                    if (keySets.find(a) == keySets.find(bRec))
                        continue; // already one entity by an exact key
                    if (decision(a, bRec) == 0)
                        continue;
                    ++compared[static_cast<std::size_t>(worker)];
                    const double s = score(a, bRec, nullptr);
                    if (s >= m_config.review)
                        out.push_back(
                            MatchEdge{std::min(a, bRec), std::max(a, bRec), static_cast<float>(s), -1, {}});
                }
            }
        }
    };
    runWorkers(workers, scoreBlocks);
    if (isCancelled(cancel))
        return makeError(u"matching was cancelled"_s, ErrorKind::Cancelled);
    std::vector<MatchEdge> fuzzy;
    for (auto& list : found) {
        fuzzy.insert(fuzzy.end(), list.begin(), list.end());
        list = {};
    }
    for (qint64 c : compared)
        result.stats.candidatePairs += c;
    result.stats.scoringSeconds = seconds(timer);

    // 4. Clusters. Exact keys, steward decisions and strong fuzzy links (>= clusterFloor)
    //    join freely. A weaker auto link only joins two records that are otherwise alone:
    //    one weak link must not chain two larger groups together, so it goes to review.
    //    A link below autoMatch never joins, whatever the floor: it is in the review band.
    timer.restart();
    const double strong = std::max(m_config.clusterFloor, m_config.autoMatch);
    std::sort(fuzzy.begin(), fuzzy.end(), [](const MatchEdge& x, const MatchEdge& y) {
        return x.score != y.score ? x.score > y.score
                                  : unorderedPairKey(x.a, x.b) < unorderedPairKey(y.a, y.b);
    });
    UnionFind sets(n);
    for (const MatchEdge& e : strongEdges) {
        sets.unite(e.a, e.b);
        result.autoEdges.push_back(e);
    }
    std::vector<MatchEdge> review = keyConflicts;
    for (const MatchEdge& e : fuzzy) {
        if (e.score >= strong) {
            sets.unite(e.a, e.b);
            result.autoEdges.push_back(e);
        }
    }
    for (MatchEdge e : fuzzy) {
        if (e.score >= strong)
            continue;
        if (e.score >= m_config.autoMatch) {
            if (sets.find(e.a) == sets.find(e.b))
                continue;
            if (sets.sizeOf(e.a) == 1 && sets.sizeOf(e.b) == 1) {
                sets.unite(e.a, e.b);
                result.autoEdges.push_back(e);
                continue;
            }
            e.reason = u"auto-match score, but the link would join larger groups (below the cluster floor)"_s;
        } else {
            e.reason = u"score in the review band"_s;
        }
        review.push_back(e);
    }
    QSet<std::uint64_t> inReview; // a pair found by a key and by blocking is reviewed once
    for (MatchEdge& e : review) {
        if (sets.find(e.a) != sets.find(e.b) && !inReview.contains(unorderedPairKey(e.a, e.b))) {
            inReview.insert(unorderedPairKey(e.a, e.b));
            result.reviewPairs.push_back(e);
        }
    }
    // A "different" decision that other links still join goes back to a person.
    for (auto it = decided.cbegin(); it != decided.cend(); ++it) {
        const Record a = static_cast<Record>(it.key() >> 32);
        const Record b = static_cast<Record>(it.key() & 0xFFFFFFFFu);
        if (!it.value() && sets.find(a) == sets.find(b))
            result.reviewPairs.push_back(MatchEdge{a, b, 0, -1,
                                                   u"marked different by a steward, but other links "
                                                   "join them"_s});
    }

    // Dense cluster ids in record order, so output is stable from run to run.
    result.clusterOf.assign(n, 0);
    std::vector<std::uint32_t> idOfRoot(n, 0xFFFFFFFFu);
    for (Record r = 0; r < n; ++r) {
        const std::uint32_t root = sets.find(r);
        if (idOfRoot[root] == 0xFFFFFFFFu)
            idOfRoot[root] = result.clusterCount++;
        result.clusterOf[r] = idOfRoot[root];
    }
    // Two records of one system in one cluster: a duplicate proposal, never a silent merge.
    std::vector<std::vector<Record>> members(result.clusterCount);
    for (Record r = 0; r < n; ++r)
        members[result.clusterOf[r]].push_back(r);
    for (const auto& cluster : members) {
        for (std::size_t x = 0; x < cluster.size(); ++x) {
            for (std::size_t y = x + 1; y < cluster.size(); ++y) {
                if (m_data.systemOf(cluster[x]) == m_data.systemOf(cluster[y]))
                    result.duplicates.push_back(MatchEdge{cluster[x], cluster[y], 0, -1,
                                                          u"two records of one system are one entity"_s});
            }
        }
    }
    result.stats.clusteringSeconds = seconds(timer);
    return result;
}

} // namespace concord
