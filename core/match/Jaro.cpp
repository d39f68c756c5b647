// Jaro and Jaro-Winkler similarity. The bit-parallel kernel follows the scheme of rapidfuzz's
// jaro implementation (flags as 64-bit masks, the match window as a shifted mask); the
// scalar one is the textbook loop. Both pick, for each unit of a in order, the first
// unmatched equal unit of b inside the window, like jellyfish, so they agree to the bit.
#include "Comparators.h"
#include "ShortPattern.h"
#include "StringKernels.h"

#include <QVarLengthArray>
#include <algorithm>
#include <bit>

namespace concord {
namespace {

double jaroFromCounts(qsizetype matches, qsizetype transpositions, qsizetype la, qsizetype lb)
{
    const double m = double(matches);
    return (m / double(la) + m / double(lb) + (m - double(transpositions)) / m) / 3.0;
}

qsizetype matchWindow(qsizetype la, qsizetype lb)
{
    return std::max<qsizetype>(std::max(la, lb) / 2 - 1, 0);
}

} // namespace

namespace detail {

double jaroBitParallel(QStringView a, QStringView b)
{
    const qsizetype la = a.size();
    const qsizetype lb = b.size();
    Q_ASSERT(la <= ShortPattern::kMaxLength && lb <= ShortPattern::kMaxLength);
    if (la == 0 || lb == 0)
        return la == lb ? 1.0 : 0.0;

    const ShortPattern patternB(b);
    const qsizetype window = matchWindow(la, lb);
    const char16_t* ua = a.utf16();
    quint64 flagsA = 0;
    quint64 flagsB = 0;
    qsizetype matches = 0;
    patternB.withBlocks([&](auto blocks) {
        // The window [i - window, i + window] of b as a mask: it grows by one bit a step until
        // it is 2 * window + 1 wide, then slides. Bits at or past |b| never match (the pattern
        // has none), and once the window has left b no later unit of a can match.
        quint64 inWindow = (quint64(2) << window) - 1;
        const qsizetype end = std::min(la, lb + window);
        for (qsizetype i = 0; i < end; ++i) {
            const quint64 candidates = patternB.matchIn<decltype(blocks)::value>(ua[i]) & inWindow & ~flagsB;
            inWindow = i < window ? (inWindow << 1) | 1 : inWindow << 1;
            // Branch-free: whether a unit of a name matches is a coin toss for the predictor.
            const quint64 first = candidates & (0 - candidates);
            const quint64 matched = first != 0;
            flagsB |= first;
            flagsA |= matched << i;
            matches += qsizetype(matched);
        }
    });
    if (matches == 0)
        return 0.0;

    // Walk the matched units of a and b in order; each mismatch is half a transposition.
    const char16_t* ub = b.utf16();
    qsizetype halfTranspositions = 0;
    for (quint64 fa = flagsA, fb = flagsB; fa; fa &= fa - 1, fb &= fb - 1)
        halfTranspositions += ua[std::countr_zero(fa)] != ub[std::countr_zero(fb)];
    return jaroFromCounts(matches, halfTranspositions / 2, la, lb);
}

double jaroScalar(QStringView a, QStringView b)
{
    const qsizetype la = a.size();
    const qsizetype lb = b.size();
    if (la == 0 || lb == 0)
        return la == lb ? 1.0 : 0.0;

    const qsizetype window = matchWindow(la, lb);
    QVarLengthArray<bool, 256> matchedA(la, false);
    QVarLengthArray<bool, 256> matchedB(lb, false);
    qsizetype matches = 0;
    for (qsizetype i = 0; i < la; ++i) {
        const qsizetype hi = std::min(i + window, lb - 1);
        for (qsizetype j = std::max<qsizetype>(i - window, 0); j <= hi; ++j) {
            if (!matchedB[j] && a[i] == b[j]) {
                matchedA[i] = matchedB[j] = true;
                ++matches;
                break;
            }
        }
    }
    if (matches == 0)
        return 0.0;

    qsizetype halfTranspositions = 0;
    qsizetype j = 0;
    for (qsizetype i = 0; i < la; ++i) {
        if (!matchedA[i])
            continue;
        while (!matchedB[j])
            ++j;
        halfTranspositions += a[i] != b[j];
        ++j;
    }
    return jaroFromCounts(matches, halfTranspositions / 2, la, lb);
}

} // namespace detail

double jaro(QStringView a, QStringView b)
{
    if (a.size() <= detail::ShortPattern::kMaxLength && b.size() <= detail::ShortPattern::kMaxLength)
        return detail::jaroBitParallel(a, b);
    return detail::jaroScalar(a, b);
}

double jaroWinkler(QStringView a, QStringView b, double prefixScale)
{
    const double similarity = jaro(a, b);
    // Winkler's boost only for strings that are already similar (his threshold 0.7).
    if (!(similarity > 0.7))
        return similarity;
    const double scale = prefixScale > 0.0 ? std::min(prefixScale, 0.25) : 0.0; // NaN -> 0
    const qsizetype maxPrefix = std::min<qsizetype>({a.size(), b.size(), 4});
    qsizetype prefix = 0;
    while (prefix < maxPrefix && a[prefix] == b[prefix])
        ++prefix;
    return similarity + double(prefix) * scale * (1.0 - similarity);
}

} // namespace concord
