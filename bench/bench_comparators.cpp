// Comparator benchmark: Jaro-Winkler (and, for information, OSA distance and token-set ratio)
// over many short name-like pairs on one thread. Run through bench/run-comparator-bench.sh,
// which times jellyfish on the same pairs in the same run; never a unit test.
//
//   bench_comparators --write-pairs FILE [--count N] [--seed S]   write N pairs, one per line
//   bench_comparators --pairs FILE [--repeat R]                     time the pairs of FILE
//   bench_comparators [--count N] [--seed S] [--repeat R]           generate in memory and time
//
// Pairs file: UTF-8, "a<TAB>b" per line. Output: one "RESULT <metric> <pairs> <best seconds>
// <comparisons per second> <checksum>" line per metric, timed in thread CPU time (the checksum is the sum of
// all similarities, to check that both sides computed the same thing), then a readable summary.
#include "match/Comparators.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QTextStream>
#include <cstdio>
#include <ctime>
#include <random>
#include <string>
#include <vector>

using namespace Qt::StringLiterals;

namespace {

// Names of the kind a customer table holds, some with accents (all in the BMP).
const char16_t* const kGivenNames[] = {
    u"James",   u"Robert",   u"John",     u"Michael",     u"William",   u"David",    u"Richard",
    u"Joseph",  u"Thomas",   u"Charles",  u"Christopher", u"Daniel",    u"Matthew",  u"Anthony",
    u"Mark",    u"Donald",   u"Steven",   u"Paul",        u"Andrew",    u"Joshua",   u"Kenneth",
    u"Kevin",   u"Brian",    u"George",   u"Timothy",     u"Ronald",    u"Edward",   u"Jason",
    u"Jeffrey", u"Ryan",     u"Jacob",    u"Gary",        u"Nicholas",  u"Eric",     u"Jonathan",
    u"Stephen", u"Larry",    u"Justin",   u"Scott",       u"Benjamin",  u"Samuel",   u"Gregory",
    u"Mary",    u"Patricia", u"Jennifer", u"Linda",       u"Elizabeth", u"Barbara",  u"Susan",
    u"Jessica", u"Sarah",    u"Karen",    u"Lisa",        u"Nancy",     u"Betty",    u"Margaret",
    u"Sandra",  u"Ashley",   u"Kimberly", u"Emily",       u"Donna",     u"Michelle", u"Carol",
    u"Amanda",  u"Dorothy",  u"Melissa",  u"Deborah",     u"Stephanie", u"Rebecca",  u"Sharon",
    u"Laura",   u"Cynthia",  u"Kathleen", u"Amy",         u"Angela",    u"Anna",     u"Victoria",
    u"Priya",   u"Wei",      u"Hiroshi",  u"Ahmed",       u"Fatima",    u"Carlos",   u"José",
    u"Zoë",     u"Renée",    u"François", u"Jürgen",      u"Søren",     u"Björn",    u"Inés",
};
const char16_t* const kFamilyNames[] = {
    u"Smith",      u"Johnson",    u"Williams", u"Brown",   u"Jones",     u"Miller",   u"Davis",
    u"Wilson",     u"Anderson",   u"Taylor",   u"Thomas",  u"Moore",     u"Martin",   u"Jackson",
    u"Thompson",   u"White",      u"Harris",   u"Clark",   u"Lewis",     u"Robinson", u"Walker",
    u"Young",      u"Allen",      u"King",     u"Wright",  u"Scott",     u"Hill",     u"Green",
    u"Adams",      u"Baker",      u"Nelson",   u"Carter",  u"Mitchell",  u"Roberts",  u"Turner",
    u"Phillips",   u"Campbell",   u"Parker",   u"Evans",   u"Edwards",   u"Collins",  u"Stewart",
    u"Morris",     u"Murphy",     u"Cook",     u"Rogers",  u"Morgan",    u"Cooper",   u"Peterson",
    u"Richardson", u"Fitzgerald", u"McDonald", u"O'Brien", u"Nguyen",    u"Patel",    u"Kowalski",
    u"García",     u"Núñez",      u"Müller",   u"Peña",    u"Hernández", u"Dvořák",   u"Östberg",
};

struct Pairs
{
    std::u16string text;
    struct Pair
    {
        std::uint32_t a;
        std::uint32_t aLength;
        std::uint32_t b;
        std::uint32_t bLength;
    };
    std::vector<Pair> pairs;

    void add(QStringView a, QStringView b)
    {
        const auto offsetA = std::uint32_t(text.size());
        text.append(a.utf16(), std::size_t(a.size()));
        const auto offsetB = std::uint32_t(text.size());
        text.append(b.utf16(), std::size_t(b.size()));
        pairs.push_back({offsetA, std::uint32_t(a.size()), offsetB, std::uint32_t(b.size())});
    }
    QStringView a(const Pair& p) const { return QStringView(text.data() + p.a, qsizetype(p.aLength)); }
    QStringView b(const Pair& p) const { return QStringView(text.data() + p.b, qsizetype(p.bLength)); }
};

// A keying slip: substitution, deletion, insertion or an adjacent swap.
QString typo(QString s, std::mt19937_64& rng)
{
    if (s.isEmpty())
        return s;
    const auto pick = [&rng](qsizetype n) {
        return qsizetype(rng() % std::uint64_t(n));
    };
    const qsizetype i = pick(s.size());
    const QChar letter = QChar(char16_t(u'a' + pick(26)));
    switch (pick(4)) {
    case 0:
        s[i] = letter;
        break;
    case 1:
        if (s.size() > 1)
            s.remove(i, 1);
        break;
    case 2:
        s.insert(i, letter);
        break;
    default:
        if (s.size() > 1) {
            const qsizetype j = std::min(i, s.size() - 2);
            std::swap(s[j], s[j + 1]);
        }
    }
    return s;
}

// Deterministic pairs: a quarter each of single-name typos, full-name typos, unrelated
// single names and unrelated full names, a few identical.
Pairs generatePairs(qsizetype count, std::uint64_t seed)
{
    std::mt19937_64 rng(seed);
    const auto given = [&rng] {
        return QString::fromUtf16(kGivenNames[rng() % std::size(kGivenNames)]);
    };
    const auto family = [&rng] {
        return QString::fromUtf16(kFamilyNames[rng() % std::size(kFamilyNames)]);
    };
    Pairs out;
    out.pairs.reserve(std::size_t(count));
    for (qsizetype k = 0; k < count; ++k) {
        const int kind = int(rng() % 20);
        QString a;
        QString b;
        if (kind < 5) {
            a = (rng() % 2) ? given() : family();
            b = typo(a, rng);
        } else if (kind < 10) {
            a = given() + u' ' + family();
            b = typo(a, rng);
        } else if (kind < 14) {
            a = (rng() % 2) ? given() : family();
            b = (rng() % 2) ? given() : family();
        } else if (kind < 19) {
            a = given() + u' ' + family();
            b = given() + u' ' + family();
        } else {
            a = family();
            b = a;
        }
        out.add(a, b);
    }
    return out;
}

bool writePairs(const Pairs& pairs, const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "cannot write %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    QByteArray chunk;
    for (const auto& p : pairs.pairs) {
        chunk += pairs.a(p).toUtf8() + '\t' + pairs.b(p).toUtf8() + '\n';
        if (chunk.size() > (1 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    file.write(chunk);
    return true;
}

bool readPairs(const QString& path, Pairs& out)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "cannot read %s: %s\n", qPrintable(path), qPrintable(file.errorString()));
        return false;
    }
    const QString all = QString::fromUtf8(file.readAll());
    qsizetype line = 0;
    for (const QStringView row : QStringView(all).split(u'\n', Qt::SkipEmptyParts)) {
        ++line;
        const qsizetype tab = row.indexOf(u'\t');
        if (tab < 0) {
            std::fprintf(stderr, "%s line %lld: no tab\n", qPrintable(path), static_cast<long long>(line));
            return false;
        }
        out.add(row.first(tab), row.sliced(tab + 1));
    }
    return true;
}

// CPU time of this thread: the machine is shared (others compile while this runs), and a
// pass that was preempted would otherwise count the time it spent waiting.
double threadSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return double(ts.tv_sec) + double(ts.tv_nsec) / 1e9;
}

struct Timing
{
    double bestSeconds = 0; // thread CPU time of the fastest pass
    double bestWallSeconds = 0;
    double checksum = 0;
};

template <typename Metric> Timing timeMetric(const Pairs& pairs, int repeat, Metric metric)
{
    Timing timing;
    for (int r = 0; r < repeat; ++r) {
        QElapsedTimer wall;
        wall.start();
        const double start = threadSeconds();
        double sum = 0;
        for (const auto& p : pairs.pairs)
            sum += metric(pairs.a(p), pairs.b(p));
        const double seconds = threadSeconds() - start;
        const double wallSeconds = double(wall.nsecsElapsed()) / 1e9;
        if (r == 0 || seconds < timing.bestSeconds)
            timing.bestSeconds = seconds;
        if (r == 0 || wallSeconds < timing.bestWallSeconds)
            timing.bestWallSeconds = wallSeconds;
        timing.checksum = sum;
    }
    return timing;
}

void report(const char* metric, const Pairs& pairs, const Timing& t)
{
    const double n = double(pairs.pairs.size());
    std::printf("RESULT %s %zu %.6f %.0f %.9f\n", metric, pairs.pairs.size(), t.bestSeconds,
                n / t.bestSeconds, t.checksum);
    std::printf("  %-22s %6.2f M comparisons/s per core (%.0f ns each; wall clock %.2f M/s)\n", metric,
                n / t.bestSeconds / 1e6, t.bestSeconds / n * 1e9, n / t.bestWallSeconds / 1e6);
    std::fflush(stdout);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Times Concord's fuzzy comparators on one thread."_s);
    parser.addHelpOption();
    const QCommandLineOption writeOption(u"write-pairs"_s, u"Write the generated pairs to <file> and exit."_s,
                                         u"file"_s);
    const QCommandLineOption pairsOption(u"pairs"_s, u"Time the pairs of <file> (a<TAB>b lines)."_s,
                                         u"file"_s);
    const QCommandLineOption countOption(u"count"_s, u"Pairs to generate (default 2000000)."_s, u"n"_s,
                                         u"2000000"_s);
    const QCommandLineOption seedOption(u"seed"_s, u"Generator seed (default 1)."_s, u"n"_s, u"1"_s);
    const QCommandLineOption repeatOption(u"repeat"_s, u"Timed passes; the best counts (default 5)."_s,
                                          u"n"_s, u"5"_s);
    const QCommandLineOption metricsOption(
        u"metrics"_s, u"Comma-separated: jaro_winkler, damerau_levenshtein, token_set_ratio (default all)."_s,
        u"list"_s, u"jaro_winkler,damerau_levenshtein,token_set_ratio"_s);
    parser.addOptions({writeOption, pairsOption, countOption, seedOption, repeatOption, metricsOption});
    parser.process(app);

    const qsizetype count = parser.value(countOption).toLongLong();
    const int repeat = std::max(1, parser.value(repeatOption).toInt());
    if (count <= 0) {
        std::fprintf(stderr, "--count must be positive\n");
        return 2;
    }

    Pairs pairs;
    if (parser.isSet(pairsOption)) {
        if (!readPairs(parser.value(pairsOption), pairs))
            return 1;
    } else {
        pairs = generatePairs(count, parser.value(seedOption).toULongLong());
    }
    if (parser.isSet(writeOption)) {
        if (!writePairs(pairs, parser.value(writeOption)))
            return 1;
        std::printf("wrote %zu pairs to %s\n", pairs.pairs.size(), qPrintable(parser.value(writeOption)));
        return 0;
    }

    qsizetype units = 0;
    for (const auto& p : pairs.pairs)
        units += qsizetype(p.aLength + p.bLength);
    std::printf("%zu pairs, %.1f UTF-16 units per string on average, best of %d passes\n", pairs.pairs.size(),
                double(units) / double(2 * pairs.pairs.size()), repeat);

    const QStringList metrics = parser.value(metricsOption).split(u',', Qt::SkipEmptyParts);
    for (const QString& metric : metrics) {
        if (metric == "jaro_winkler"_L1) {
            report("jaro_winkler", pairs, timeMetric(pairs, repeat, [](QStringView a, QStringView b) {
                       return concord::jaroWinkler(a, b);
                   }));
        } else if (metric == "damerau_levenshtein"_L1) {
            report("damerau_levenshtein", pairs, timeMetric(pairs, repeat, [](QStringView a, QStringView b) {
                       return double(concord::damerauLevenshtein(a, b));
                   }));
        } else if (metric == "token_set_ratio"_L1) {
            report("token_set_ratio", pairs, timeMetric(pairs, repeat, [](QStringView a, QStringView b) {
                       return concord::tokenSetRatio(a, b);
                   }));
        } else {
            std::fprintf(stderr, "unknown metric %s\n", qPrintable(metric));
            return 2;
        }
    }
    return 0;
}
