#include "BlockingKeys.h"

#include "Comparators.h"

using namespace Qt::StringLiterals;

namespace concord {

// 64-bit FNV-1a of a block key's text, with the blocking key's index mixed in.
std::uint64_t blockHash(int keyIndex, const QString& text)
{
    std::uint64_t h = 14695981039346656037ULL ^ static_cast<std::uint64_t>(keyIndex + 1);
    for (const QChar c : text) {
        h ^= c.unicode();
        h *= 1099511628211ULL;
    }
    return h == 0 ? 1 : h;
}

QString applyBlockingTransform(const QString& transform, const QString& key)
{
    if (transform == "exact"_L1)
        return key;
    if (transform == "soundex"_L1)
        return soundex(key);
    if (transform == "prefix3"_L1)
        return key.left(3);
    if (transform == "first_initial"_L1)
        return key.left(1);
    if (transform == "local_part"_L1) {
        const qsizetype at = key.indexOf(u'@');
        return at > 0 ? key.left(at) : QString();
    }
    if (transform == "last7"_L1) {
        QString digits;
        for (const QChar c : key) {
            if (c.isDigit())
                digits.append(c);
        }
        return digits.size() >= 7 ? digits.right(7) : QString();
    }
    return QString();
}

} // namespace concord
