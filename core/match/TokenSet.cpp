// rapidfuzz's token_set_ratio with its default processor, without allocating for inputs of
// up to 64 UTF-16 units: tokens are views into a lower-cased copy kept on the stack.
#include "Comparators.h"
#include "ShortPattern.h"
#include "StringKernels.h"

#include <QChar>
#include <QVarLengthArray>
#include <algorithm>

namespace concord {
namespace {

using Text = QVarLengthArray<char16_t, 64>;
using Tokens = QVarLengthArray<QStringView, 32>;

bool isTokenUnit(char32_t c)
{
    return QChar::isLetterOrNumber(c) || QChar::isMark(c);
}

// rapidfuzz's default_process: lower case; anything but letters and digits becomes a space.
// (Combining marks are kept so that decomposed accents stay inside their word.)
void process(QStringView s, Text& out)
{
    const qsizetype n = s.size();
    out.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        const char16_t c = s[i].unicode();
        if (QChar::isHighSurrogate(c) && i + 1 < n && QChar::isLowSurrogate(s[i + 1].unicode())) {
            const char32_t code = QChar::surrogateToUcs4(c, s[i + 1].unicode());
            ++i;
            if (!isTokenUnit(code)) {
                out.append(u' ');
                continue;
            }
            const char32_t lower = QChar::toLower(code);
            if (QChar::requiresSurrogates(lower)) {
                out.append(QChar::highSurrogate(lower));
                out.append(QChar::lowSurrogate(lower));
            } else {
                out.append(char16_t(lower));
            }
        } else if (!QChar::isSurrogate(c) && isTokenUnit(c)) {
            out.append(char16_t(QChar::toLower(char32_t(c))));
        } else {
            out.append(u' ');
        }
    }
}

// The distinct tokens of text, sorted (by UTF-16 code unit).
void tokenize(const Text& text, Tokens& tokens)
{
    const char16_t* data = text.data();
    const qsizetype n = text.size();
    for (qsizetype i = 0; i < n;) {
        while (i < n && data[i] == u' ')
            ++i;
        const qsizetype start = i;
        while (i < n && data[i] != u' ')
            ++i;
        if (i > start)
            tokens.append(QStringView(data + start, i - start));
    }
    std::sort(tokens.begin(), tokens.end());
    tokens.erase(std::unique(tokens.begin(), tokens.end()), tokens.end());
}

void join(const Tokens& tokens, Text& out)
{
    for (const QStringView token : tokens) {
        if (!out.isEmpty())
            out.append(u' ');
        out.append(token.utf16(), token.size());
    }
}

qsizetype joinedLength(const Tokens& tokens)
{
    qsizetype length = tokens.isEmpty() ? 0 : tokens.size() - 1;
    for (const QStringView token : tokens)
        length += token.size();
    return length;
}

int longestCommonSubsequence(QStringView a, QStringView b)
{
    if (a.size() > b.size())
        std::swap(a, b);
    if (a.size() <= detail::ShortPattern::kMaxLength)
        return detail::lcsBitParallel(a, b);
    return detail::lcsScalar(a, b);
}

// 1 - distance / lengthSum, the normalised indel similarity (1.0 for two empty strings).
double normalizedSimilarity(qsizetype distance, qsizetype lengthSum)
{
    return lengthSum == 0 ? 1.0 : 1.0 - double(distance) / double(lengthSum);
}

} // namespace

double tokenSetRatio(QStringView a, QStringView b)
{
    Text textA;
    Text textB;
    process(a, textA);
    process(b, textB);
    Tokens tokensA;
    Tokens tokensB;
    tokenize(textA, tokensA);
    tokenize(textB, tokensB);
    if (tokensA.isEmpty() || tokensB.isEmpty())
        return 0.0;

    Tokens common;
    Tokens onlyA;
    Tokens onlyB;
    std::set_intersection(tokensA.begin(), tokensA.end(), tokensB.begin(), tokensB.end(),
                          std::back_inserter(common));
    std::set_difference(tokensA.begin(), tokensA.end(), tokensB.begin(), tokensB.end(),
                        std::back_inserter(onlyA));
    std::set_difference(tokensB.begin(), tokensB.end(), tokensA.begin(), tokensA.end(),
                        std::back_inserter(onlyB));

    // One token set contains the other.
    if (!common.isEmpty() && (onlyA.isEmpty() || onlyB.isEmpty()))
        return 1.0;

    Text joinedA;
    Text joinedB;
    join(onlyA, joinedA);
    join(onlyB, joinedB);
    const qsizetype lengthA = joinedA.size();
    const qsizetype lengthB = joinedB.size();
    const qsizetype commonLength = joinedLength(common);
    const qsizetype separator = commonLength != 0 ? 1 : 0;

    // "common onlyA" vs "common onlyB": the shared prefix costs nothing, so the indel
    // distance is that of the two differences, over the lengths of the full strings.
    const qsizetype commonPlusA = commonLength + separator + lengthA;
    const qsizetype commonPlusB = commonLength + separator + lengthB;
    const QStringView viewA(joinedA.data(), lengthA);
    const QStringView viewB(joinedB.data(), lengthB);
    const qsizetype distance = lengthA + lengthB - 2 * qsizetype(longestCommonSubsequence(viewA, viewB));
    double best = normalizedSimilarity(distance, commonPlusA + commonPlusB);
    if (commonLength == 0)
        return best;

    // "common" vs "common onlyA": only the appended part differs.
    best = std::max(best, normalizedSimilarity(separator + lengthA, commonLength + commonPlusA));
    best = std::max(best, normalizedSimilarity(separator + lengthB, commonLength + commonPlusB));
    return best;
}

} // namespace concord
