// End-to-end matching benchmark (issue 3 §6): one workspace, load -> normalize -> match
// (exact keys, blocking, fuzzy scoring on all cores, clustering) -> field diff, as
// `concord-cli match` and `concord-cli diff` run it.
//
//   bench_pipeline WORKSPACE [--pairs FILE] [--pair-sample N]
//
// Prints the time of every stage, the counts the run produced and the process's peak RSS
// after each stage (goal for 3 systems x 1M customers: <= 1.5 GB). bench/run-pipeline-bench.sh
// runs it next to the sqlite3 and pandas baselines.
//
// --pairs FILE writes the candidate pairs the fuzzy scorer compared (every k-th one so that
// about N = --pair-sample, default 1,000,000, are written), with Concord's score for each,
// so that the pandas baseline scores exactly the same pairs. This happens after every figure
// above has been printed and is not timed. The scored pairs are not kept by the matcher, so
// they are enumerated again here by its rules (same blocking keys, same order, a pair
// scored once in the first blocking key it shares, exact-key entities and "different"
// decisions skipped); the count must equal the matcher's own or the run fails.
#include "BenchMemory.h"
#include "MatchPipeline.h"
#include "diff/FieldDiff.h"
#include "match/BlockingKeys.h"
#include "match/UnionFind.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QHash>
#include <QSet>
#include <QTextStream>
#include <algorithm>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::bench;

namespace {
using Record = NormalizedSnapshot::Record;

double seconds(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}

// Peak and current RSS when a stage has ended.
struct StageMemory
{
    double peak = 0;
    double current = 0;
    static StageMemory now() { return {peakRssMiB(), currentRssMiB()}; }
    QString text() const
    {
        return QString::number(peak, 'f', 1) + u" MiB (now "_s + QString::number(current, 'f', 1) + u")"_s;
    }
};

QString mib(std::size_t bytes)
{
    return QString::number(static_cast<double>(bytes) / (1024.0 * 1024.0), 'f', 1) + u" MiB"_s;
}

QString secs(double s)
{
    return QString::number(s, 'f', 2) + u" s"_s;
}

// What the pair dump found: pairs written, and the scored pairs by the blocking key that
// produced them (where the quadratic cost of blocking comes from).
struct PairDump
{
    qint64 written = 0;
    std::vector<qint64> pairsByKey;
    std::vector<std::size_t> largestBlockByKey;
};

// Writes every stride-th scored pair as TSV: system_a, source_a, system_b, source_b, score.

Result<PairDump> writeScoredPairs(const MatchRun& run, const QList<MatchDecision>& decisions,
                                  const QString& path, qint64 sample)
{
    const NormalizedSnapshot& data = *run.data;
    const MatchConfig& config = run.config;
    const Record n = data.recordCount();
    const qint64 total = run.result.stats.candidatePairs;
    const qint64 stride = std::max<qint64>(1, (total + sample - 1) / std::max<qint64>(1, sample));

    UnionFind keySets(n); // exact keys and "same" decisions: never fuzzy-scored
    for (const MatchEdge& e : run.result.autoEdges) {
        if (e.key != -1)
            keySets.unite(e.a, e.b);
    }
    QSet<std::uint64_t> different;
    for (const MatchDecision& d : decisions) {
        const qint64 a = data.find(d.systemA, d.sourceIdA);
        const qint64 b = data.find(d.systemB, d.sourceIdB);
        if (a >= 0 && b >= 0 && !d.same)
            different.insert(unorderedPairKey(static_cast<Record>(a), static_cast<Record>(b)));
    }

    const int keyCount = static_cast<int>(config.blocking.size());
    std::vector<std::vector<std::uint64_t>> blockOf(static_cast<std::size_t>(keyCount),
                                                    std::vector<std::uint64_t>(n, 0));
    std::vector<std::pair<std::uint64_t, Record>> blocked;
    for (int bk = 0; bk < keyCount; ++bk) {
        const BlockingKey& key = config.blocking[bk];
        std::vector<int> fields;
        for (const QString& f : key.fields)
            fields.push_back(data.fieldIndex(f));
        for (Record r = 0; r < n; ++r) {
            QString text;
            bool complete = true;
            for (std::size_t i = 0; i < fields.size() && complete; ++i) {
                const StringPool::Id id = data.field(fields[i]).key[r];
                if (id == StringPool::NullId) {
                    complete = false;
                    break;
                }
                const QString part = applyBlockingTransform(key.transforms[static_cast<qsizetype>(i)],
                                                            data.fieldPool(fields[i]).string(id));
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

    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return makeError(u"%1: cannot write: %2"_s.arg(path, file.errorString()));
    QTextStream out(&file);
    out << "# candidate pairs " << total << ", every " << stride << "-th written, in block order\n";
    out << "system_a\tsource_a\tsystem_b\tsource_b\tscore\n";
    qint64 seen = 0;
    PairDump dump;
    dump.pairsByKey.assign(static_cast<std::size_t>(keyCount), 0);
    dump.largestBlockByKey.assign(static_cast<std::size_t>(keyCount), 0);
    for (std::size_t i = 0; i < blocked.size();) {
        std::size_t j = i + 1;
        while (j < blocked.size() && blocked[j].first == blocked[i].first)
            ++j;
        if (j - i >= 2 && j - i <= static_cast<std::size_t>(config.maxBlockSize)) {
            const std::uint64_t h = blocked[i].first;
            int bk = 0;
            while (bk < keyCount && blockOf[static_cast<std::size_t>(bk)][blocked[i].second] != h)
                ++bk;
            auto& largest = dump.largestBlockByKey[static_cast<std::size_t>(bk)];
            largest = std::max(largest, j - i);
            for (std::size_t x = i; x < j; ++x) {
                for (std::size_t y = x + 1; y < j; ++y) {
                    const Record a = blocked[x].second;
                    const Record b = blocked[y].second;
                    bool earlier = false;
                    for (int k = 0; k < bk && !earlier; ++k) {
                        const auto& of = blockOf[static_cast<std::size_t>(k)];
                        earlier = of[a] != 0 && of[a] == of[b];
                    }
                    if (earlier || keySets.find(a) == keySets.find(b) ||
                        different.contains(unorderedPairKey(a, b)))
                        continue;
                    ++dump.pairsByKey[static_cast<std::size_t>(bk)];
                    if (seen++ % stride != 0)
                        continue;
                    const PairEvidence e = run.matcher->explain(a, b);
                    out << data.system(data.systemOf(a)).system() << '\t' << data.sourceId(a) << '\t'
                        << data.system(data.systemOf(b)).system() << '\t' << data.sourceId(b) << '\t'
                        << QString::number(e.score, 'f', 4) << '\n';
                    ++dump.written;
                }
            }
        }
        i = j;
    }
    out.flush();
    if (out.status() != QTextStream::Ok || !file.flush())
        return makeError(u"%1: cannot write: %2"_s.arg(path, file.errorString()));
    if (seen != total)
        return makeError(
            u"enumerated %1 candidate pairs but the matcher scored %2: bench_pipeline's copy of the "
            "blocking rules is out of date with core/match/Matcher.cpp"_s.arg(seen)
                .arg(total));
    return dump;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QTextStream err(stderr);
    QStringList args = QCoreApplication::arguments();
    QString pairsPath;
    qint64 pairSample = 1000000;
    if (const qsizetype i = args.indexOf(u"--pairs"_s); i > 0 && i + 1 < args.size()) {
        pairsPath = args[i + 1];
        args.remove(i, 2);
    }
    if (const qsizetype i = args.indexOf(u"--pair-sample"_s); i > 0 && i + 1 < args.size()) {
        pairSample = std::max<qint64>(1, args[i + 1].toLongLong());
        args.remove(i, 2);
    }
    if (args.size() != 2) {
        err << "usage: bench_pipeline WORKSPACE [--pairs FILE] [--pair-sample N]\n";
        return 2;
    }
    auto workspace = Workspace::open(args[1]);
    if (!workspace) {
        err << workspace.errorString() << '\n';
        return 1;
    }

    // Peak RSS when each stage ends: runMatching announces the next stage when one is done.
    StageMemory afterLoad;
    StageMemory afterNormalize;
    auto progress = [&](const QString& stage) {
        if (stage == "normalizing"_L1)
            afterLoad = StageMemory::now();
        else if (stage == "matching"_L1)
            afterNormalize = StageMemory::now();
    };
    QElapsedTimer wall;
    wall.start();
    auto matched = runMatching(**workspace, progress);
    if (!matched) {
        err << matched.errorString() << '\n';
        return 1;
    }
    const double pipelineWall = seconds(wall);
    const StageMemory afterMatch = StageMemory::now();
    const MatchRun& run = **matched;

    QElapsedTimer diffTimer;
    diffTimer.start();
    const DiffReport report = computeFieldDiff(*run.data, run.result);
    const double diffSeconds = seconds(diffTimer);
    const StageMemory afterDiff = StageMemory::now();
    const double peakDiff = afterDiff.peak;

    const MatchResult& result = run.result;
    const MatchStats& stats = result.stats;
    const double total = run.loadSeconds + run.normalizeSeconds + run.matchSeconds + diffSeconds;
    qint64 fuzzyLinks = 0;
    for (const MatchEdge& e : result.autoEdges)
        fuzzyLinks += e.key == -1 ? 1 : 0;
    qint64 differ = 0;
    for (const FieldDiffSummary& f : report.fields)
        differ += f.differ;

    out << "records:            " << run.data->recordCount() << " in " << run.data->systemCount()
        << " systems (";
    for (int s = 0; s < run.data->systemCount(); ++s)
        out << (s ? ", " : "") << run.data->system(s).system() << ' ' << run.data->system(s).rowCount();
    out << ")\n";
    out << "entities:           " << result.clusterCount << '\n';
    out << "auto links:         " << result.autoEdges.size() << " (" << stats.keyLinks
        << " by key or steward, " << fuzzyLinks << " fuzzy)\n";
    out << "review pairs:       " << result.reviewPairs.size() << '\n';
    out << "duplicates:         " << result.duplicates.size() << '\n';
    out << "fuzzy comparisons:  " << stats.candidatePairs << " in " << stats.blocks << " blocks ("
        << stats.skippedBlocks << " oversized blocks skipped)\n";
    out << "diff:               " << report.fields.size() << " fields, " << differ
        << " entity-fields differ\n";
    out << "time per stage:\n";
    out << "  load              " << secs(run.loadSeconds) << '\n';
    out << "  normalize         " << secs(run.normalizeSeconds) << '\n';
    out << "  keys              " << secs(stats.keySeconds) << '\n';
    out << "  blocking          " << secs(stats.blockingSeconds) << '\n';
    out << "  scoring           " << secs(stats.scoringSeconds) << " ("
        << QString::number(
               static_cast<double>(stats.candidatePairs) / std::max(1e-9, stats.scoringSeconds) / 1e6, 'f', 2)
        << " M pairs/s)\n";
    out << "  clustering        " << secs(stats.clusteringSeconds) << '\n';
    out << "  other matching    "
        << secs(run.matchSeconds - stats.keySeconds - stats.blockingSeconds - stats.scoringSeconds -
                stats.clusteringSeconds)
        << " (matcher setup: decoding comparator keys, decisions)\n";
    out << "  diff              " << secs(diffSeconds) << '\n';
    out << "  total             " << secs(total) << " (pipeline wall clock incl. workspace reads "
        << secs(pipelineWall + diffSeconds) << ")\n";
    out << "memory:\n";
    const Snapshot& snapshot = *run.load.snapshot;
    const std::size_t snapshotPool = snapshot.pool()->memoryBytes();
    std::size_t normalizedPools = 0;
    for (int f = 0; f < run.data->fieldCount(); ++f)
        normalizedPools += run.data->fieldPool(f).memoryBytes();
    // The matcher decodes every distinct key of a compared field to a QString once and keeps them.
    QSet<int> comparedFields;
    for (const Comparator& c : run.config.comparators)
        comparedFields.insert(run.data->fieldIndex(c.field));
    std::size_t decodedKeys = 0;
    for (int f : std::as_const(comparedFields))
        decodedKeys += f >= 0 ? run.data->fieldPool(f).size() : 0;
    out << "  snapshot          " << mib(snapshot.memoryBytes()) << " (string pool " << mib(snapshotPool)
        << " for " << snapshot.pool()->size() << " distinct values, id columns "
        << mib(snapshot.memoryBytes() - snapshotPool) << ")\n";
    out << "  normalized        " << mib(run.data->memoryBytes()) << " (" << run.data->fieldCount()
        << " fields: pools " << mib(normalizedPools) << ", raw/value/key id columns "
        << mib(run.data->memoryBytes() - normalizedPools) << ")\n";
    out << "  matcher           " << decodedKeys << " distinct keys of " << comparedFields.size()
        << " compared fields held as QStrings for the run\n";
    out << "  peak RSS after    load " << afterLoad.text() << ", normalize " << afterNormalize.text() << ",\n"
        << "                    match " << afterMatch.text() << ", diff " << afterDiff.text() << '\n';
    out << "  peak RSS          " << QString::number(peakDiff, 'f', 1)
        << " MiB (goal <= 1.5 GB = " << QString::number(1.5e9 / (1024.0 * 1024.0), 'f', 1) << " MiB)\n";
    // One line for run-pipeline-bench.sh to read.
    out << "RESULT pipeline total " << total << " load " << run.loadSeconds << " normalize "
        << run.normalizeSeconds << " keys " << stats.keySeconds << " blocking " << stats.blockingSeconds
        << " scoring " << stats.scoringSeconds << " clustering " << stats.clusteringSeconds << " diff "
        << diffSeconds << " pairs " << stats.candidatePairs << " peak_mib " << peakDiff << '\n';
    out.flush();

    if (!pairsPath.isEmpty()) {
        auto decisions = (*workspace)->matchDecisions();
        if (!decisions) {
            err << decisions.errorString() << '\n';
            return 1;
        }
        QElapsedTimer t;
        t.start();
        auto dump = writeScoredPairs(run, *decisions, pairsPath, pairSample);
        if (!dump) {
            err << dump.errorString() << '\n';
            return 1;
        }
        out << "wrote " << dump->written << " of " << stats.candidatePairs << " scored pairs to " << pairsPath
            << " in " << secs(seconds(t)) << " (not timed above)\n";
        out << "scored pairs by blocking key (a pair counts once, in the first key it shares):\n";
        for (qsizetype k = 0; k < run.config.blocking.size(); ++k)
            out << "  " << run.config.blocking[k].name.leftJustified(42) << ' '
                << dump->pairsByKey[static_cast<std::size_t>(k)] << " pairs, largest block "
                << dump->largestBlockByKey[static_cast<std::size_t>(k)] << '\n';
    }
    return 0;
}
