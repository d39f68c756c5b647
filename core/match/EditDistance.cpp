// Optimal string alignment distance and longest common subsequence. The bit-parallel kernels
// are Hyyrö's: "A bit-vector algorithm for computing Levenshtein and Damerau edit distances"
// (2003) for OSA, and Hyyrö's LCS recurrence S' = (S + (S & M)) | (S & ~M) for the
// subsequence; the pattern (at most 64 units) is one machine word.
#include "Comparators.h"
#include "ShortPattern.h"
#include "StringKernels.h"

#include <QVarLengthArray>
#include <algorithm>
#include <bit>

namespace concord {
namespace detail {
namespace {

// The UTF-16 units of a view, for range-for over char16_t rather than QChar.
struct Units
{
    explicit Units(QStringView s)
        : first(s.utf16())
        , last(s.utf16() + s.size())
    {}
    const char16_t* begin() const { return first; }
    const char16_t* end() const { return last; }
    const char16_t* first;
    const char16_t* last;
};

} // namespace

int osaBitParallel(QStringView pattern, QStringView text)
{
    Q_ASSERT(pattern.size() <= ShortPattern::kMaxLength);
    if (pattern.isEmpty())
        return int(text.size());
    const ShortPattern pm(pattern);
    const quint64 last = quint64(1) << (pattern.size() - 1);
    quint64 vp = ~quint64(0);
    quint64 vn = 0;
    quint64 d0 = 0;
    quint64 previousMatch = 0;
    int distance = int(pattern.size());
    for (const char16_t c : Units(text)) {
        const quint64 match = pm.match(c);
        // Transposition: c matches at i and the previous text unit matched at i + 1.
        const quint64 transposed = ((~d0 & match) << 1) & previousMatch;
        d0 = (((match & vp) + vp) ^ vp) | match | vn | transposed;
        quint64 hp = vn | ~(d0 | vp);
        quint64 hn = d0 & vp;
        distance += (hp & last) != 0;
        distance -= (hn & last) != 0;
        hp = (hp << 1) | 1;
        hn <<= 1;
        vp = hn | ~(d0 | hp);
        vn = hp & d0;
        previousMatch = match;
    }
    return distance;
}

int osaScalar(QStringView a, QStringView b)
{
    const qsizetype la = a.size();
    const qsizetype lb = b.size();
    if (la == 0 || lb == 0)
        return int(std::max(la, lb));
    // Three rows of the (la + 1) x (lb + 1) table: two back for the transposition.
    QVarLengthArray<int, 130> rows(3 * (lb + 1));
    int* before = rows.data();
    int* previous = before + (lb + 1);
    int* current = previous + (lb + 1);
    for (qsizetype j = 0; j <= lb; ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= la; ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= lb; ++j) {
            const int cost = a[i - 1] == b[j - 1] ? 0 : 1;
            int best = std::min({previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                best = std::min(best, before[j - 2] + 1);
            current[j] = best;
        }
        std::swap(before, previous);
        std::swap(previous, current);
    }
    return previous[lb];
}

int lcsBitParallel(QStringView pattern, QStringView text)
{
    Q_ASSERT(pattern.size() <= ShortPattern::kMaxLength);
    if (pattern.isEmpty())
        return 0;
    const ShortPattern pm(pattern);
    quint64 s = ~quint64(0);
    for (const char16_t c : Units(text)) {
        const quint64 u = s & pm.match(c);
        s = (s + u) | (s - u);
    }
    return std::popcount(~s & pm.lengthMask());
}

int lcsScalar(QStringView a, QStringView b)
{
    const qsizetype lb = b.size();
    QVarLengthArray<int, 130> rows(2 * (lb + 1), 0);
    int* previous = rows.data();
    int* current = previous + (lb + 1);
    for (const char16_t ca : Units(a)) {
        for (qsizetype j = 1; j <= lb; ++j)
            current[j] = ca == b[j - 1] ? previous[j - 1] + 1 : std::max(previous[j], current[j - 1]);
        std::swap(previous, current);
    }
    return previous[lb];
}

} // namespace detail

int damerauLevenshtein(QStringView a, QStringView b)
{
    // The distance is symmetric: use the shorter string as the bit-parallel pattern.
    if (a.size() > b.size())
        std::swap(a, b);
    if (a.size() <= detail::ShortPattern::kMaxLength)
        return detail::osaBitParallel(a, b);
    return detail::osaScalar(a, b);
}

double damerauLevenshteinSimilarity(QStringView a, QStringView b)
{
    const qsizetype longest = std::max(a.size(), b.size());
    if (longest == 0)
        return 1.0;
    return 1.0 - double(damerauLevenshtein(a, b)) / double(longest);
}

} // namespace concord
