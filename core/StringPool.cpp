#include "StringPool.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace concord {

namespace {
constexpr std::size_t kBlockBytes = 1 << 20;

inline std::uint64_t load64(const char* p)
{
    std::uint64_t v;
    std::memcpy(&v, p, 8);
    return v;
}

inline std::uint64_t mix(std::uint64_t h)
{
    h ^= h >> 33;
    h *= 0xff51afd7ed558ccdULL;
    h ^= h >> 33;
    h *= 0xc4ceb9fe1a85ec53ULL;
    h ^= h >> 33;
    return h;
}

// Eight bytes at a time with a murmur-style finaliser: field values are short, so this is
// mostly one or two multiplies. Only used in memory (never persisted), so it may change.
inline std::uint32_t hashBytes(const char* data, std::size_t length)
{
    std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ (length * 0xC2B2AE3D27D4EB4FULL);
    std::size_t i = 0;
    for (; i + 8 <= length; i += 8)
        h = (h ^ mix(load64(data + i))) * 0x9E3779B97F4A7C15ULL;
    if (i < length) {
        std::uint64_t tail = 0;
        std::memcpy(&tail, data + i, length - i);
        h = (h ^ mix(tail)) * 0x9E3779B97F4A7C15ULL;
    }
    h = mix(h);
    const auto folded = static_cast<std::uint32_t>(h ^ (h >> 32));
    return folded == 0 ? 1u : folded; // a slot of 0 means empty, so no hash is 0
}

inline std::uint64_t slotValue(std::uint32_t hash, std::uint32_t id)
{
    return (static_cast<std::uint64_t>(hash) << 32) | id;
}
} // namespace

StringPool::StringPool()
{
    m_entries.push_back(Entry{nullptr, 0, 0}); // NullId
    m_slots.assign(1024, 0);
}

const char* StringPool::store(QByteArrayView bytes)
{
    const auto length = static_cast<std::size_t>(bytes.size());
    if (length == 0)
        return "";
    if (m_blocks.empty() || m_blockUsed + length > m_blockSize) {
        const std::size_t size = std::max(kBlockBytes, length);
        m_blocks.emplace_back(new char[size]);
        m_blockSize = size;
        m_blockUsed = 0;
        m_arenaBytes += size;
    }
    char* target = m_blocks.back().get() + m_blockUsed;
    std::memcpy(target, bytes.data(), length);
    m_blockUsed += length;
    return target;
}

void StringPool::grow()
{
    std::vector<std::uint64_t> slots(m_slots.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (Id id = 1; id < m_entries.size(); ++id) {
        std::size_t i = m_entries[id].hash & mask;
        while (slots[i] != 0)
            i = (i + 1) & mask;
        slots[i] = slotValue(m_entries[id].hash, id);
    }
    m_slots.swap(slots);
}

StringPool::Id StringPool::lookup(QByteArrayView utf8, std::uint32_t hash, std::size_t* slot) const
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (const std::uint64_t value = m_slots[i]) {
        if (static_cast<std::uint32_t>(value >> 32) == hash) {
            const auto id = static_cast<Id>(value & 0xFFFFFFFFu);
            const Entry& e = m_entries[id];
            if (e.length == static_cast<std::uint32_t>(utf8.size()) &&
                (e.length == 0 || std::memcmp(e.data, utf8.data(), e.length) == 0))
                return id;
        }
        i = (i + 1) & mask;
    }
    *slot = i;
    return NotFound;
}

StringPool::Id StringPool::find(const QString& value) const
{
    if (value.isNull())
        return NullId;
    const QByteArray utf8 = value.toUtf8();
    std::size_t slot = 0;
    return lookup(utf8, hashOf(utf8), &slot);
}

std::uint32_t StringPool::hashOf(QByteArrayView utf8)
{
    return hashBytes(utf8.data(), static_cast<std::size_t>(utf8.size()));
}

StringPool::Id StringPool::insertAt(QByteArrayView utf8, std::uint32_t hash, std::size_t slot)
{
    if (static_cast<std::size_t>(utf8.size()) > 0xFFFFFFFFu)
        throw std::length_error("StringPool: value longer than 4 GiB");
    if (m_entries.size() >= 0xFFFFFFFEu)
        throw std::length_error("StringPool: more than 4 billion distinct values");
    const Id id = static_cast<Id>(m_entries.size());
    m_entries.push_back(Entry{store(utf8), static_cast<std::uint32_t>(utf8.size()), hash});
    m_slots[slot] = slotValue(hash, id);
    if (m_entries.size() * 4 > m_slots.size() * 3) // keep the load factor at or below 3/4
        grow();
    return id;
}

StringPool::Id StringPool::internUtf8(QByteArrayView utf8)
{
    const std::uint32_t hash = hashOf(utf8);
    std::size_t slot = 0;
    if (const Id existing = lookup(utf8, hash, &slot); existing != NotFound)
        return existing;
    return insertAt(utf8, hash, slot);
}

void StringPool::internBatch(const QByteArrayView* values, const bool* isNull, std::size_t n, Id* out)
{
    // Most of the cost of interning millions of values is waiting on memory: the hash slot,
    // then the entry, then the bytes, each a cache miss. So work in small chunks and
    // prefetch in stages: every slot of the chunk, then the entry each slot's tag points
    // at, then that entry's bytes; by the real probe, most of it is in cache. The prefetch
    // is only a hint: the probe that follows is the ordinary, exact one.
    constexpr std::size_t kChunk = 64;
    m_hashScratch.resize(kChunk);
    std::uint32_t candidates[kChunk];
    for (std::size_t base = 0; base < n; base += kChunk) {
        const std::size_t count = std::min(kChunk, n - base);
        const std::size_t mask = m_slots.size() - 1;
        for (std::size_t i = 0; i < count; ++i) {
            if (isNull[base + i])
                continue;
            m_hashScratch[i] = hashOf(values[base + i]);
            __builtin_prefetch(&m_slots[m_hashScratch[i] & mask]);
        }
        for (std::size_t i = 0; i < count; ++i) {
            candidates[i] = 0;
            if (isNull[base + i])
                continue;
            const std::uint32_t hash = m_hashScratch[i];
            for (std::size_t slot = hash & mask;; slot = (slot + 1) & mask) {
                const std::uint64_t value = m_slots[slot];
                if (value == 0)
                    break;
                if (static_cast<std::uint32_t>(value >> 32) == hash) {
                    candidates[i] = static_cast<std::uint32_t>(value);
                    __builtin_prefetch(&m_entries[candidates[i]]);
                    break;
                }
            }
        }
        for (std::size_t i = 0; i < count; ++i) {
            if (candidates[i] != 0)
                __builtin_prefetch(m_entries[candidates[i]].data);
        }
        for (std::size_t i = 0; i < count; ++i) {
            if (isNull[base + i]) {
                out[base + i] = NullId;
                continue;
            }
            std::size_t slot = 0;
            const Id existing = lookup(values[base + i], m_hashScratch[i], &slot);
            out[base + i] =
                existing != NotFound ? existing : insertAt(values[base + i], m_hashScratch[i], slot);
        }
    }
}

StringPool::Id StringPool::intern(QStringView value, bool isNull)
{
    if (isNull)
        return NullId;
    // Most field values are ASCII: narrow them without an allocation.
    m_scratch.resize(static_cast<std::size_t>(value.size()));
    bool ascii = true;
    for (qsizetype i = 0; i < value.size(); ++i) {
        const char16_t c = value[i].unicode();
        if (c >= 0x80) {
            ascii = false;
            break;
        }
        m_scratch[static_cast<std::size_t>(i)] = static_cast<char>(c);
    }
    if (ascii)
        return internUtf8(QByteArrayView(m_scratch.data(), value.size()));
    const QByteArray utf8 = value.toUtf8();
    return internUtf8(QByteArrayView(utf8));
}

QByteArrayView StringPool::utf8(Id id) const
{
    const Entry& e = m_entries.at(id);
    return QByteArrayView(e.data, static_cast<qsizetype>(e.length));
}

QString StringPool::string(Id id) const
{
    if (id == NullId)
        return QString();
    const Entry& e = m_entries.at(id);
    if (e.length == 0)
        return QString(QLatin1String(""));
    return QString::fromUtf8(e.data, static_cast<qsizetype>(e.length));
}

std::size_t StringPool::memoryBytes() const
{
    return m_arenaBytes + m_entries.capacity() * sizeof(Entry) + m_slots.capacity() * sizeof(std::uint64_t) +
           m_blocks.capacity() * sizeof(std::unique_ptr<char[]>);
}

} // namespace concord
