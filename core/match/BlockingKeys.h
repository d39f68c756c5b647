#pragma once

#include <QString>
#include <cstdint>

namespace concord {

// How the matcher forms blocks, shared with whatever must enumerate the same pairs (the
// pipeline benchmark's pair dump): a transform of a field's match key, and the hash of a
// block key's text with the blocking key's index mixed in.
QString applyBlockingTransform(const QString& transform, const QString& key);
std::uint64_t blockHash(int keyIndex, const QString& text);

// An unordered pair of record indexes as one number.
inline std::uint64_t unorderedPairKey(std::uint32_t a, std::uint32_t b)
{
    if (a > b)
        std::swap(a, b);
    return (static_cast<std::uint64_t>(a) << 32) | b;
}

} // namespace concord
