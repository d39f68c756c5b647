#include "StringPool.h"

#include <cstring>
#include <stdexcept>

namespace concord {

namespace {
constexpr std::size_t kBlockBytes = 1 << 20;

// 32-bit FNV-1a finished with a murmur-style avalanche: cheap and good enough for a
// hash table whose keys are short field values.
inline std::uint32_t hashBytes(const char* data, std::size_t length)
{
    std::uint32_t h = 2166136261u;
    for (std::size_t i = 0; i < length; ++i) {
        h ^= static_cast<unsigned char>(data[i]);
        h *= 16777619u;
    }
    h ^= h >> 16;
    h *= 0x85ebca6bu;
    h ^= h >> 13;
    h *= 0xc2b2ae35u;
    h ^= h >> 16;
    return h;
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
    std::vector<Id> slots(m_slots.size() * 2, 0);
    const std::size_t mask = slots.size() - 1;
    for (Id id = 1; id < m_entries.size(); ++id) {
        std::size_t i = m_entries[id].hash & mask;
        while (slots[i] != 0)
            i = (i + 1) & mask;
        slots[i] = id;
    }
    m_slots.swap(slots);
}

StringPool::Id StringPool::lookup(QByteArrayView utf8, std::uint32_t hash, std::size_t* slot) const
{
    const std::size_t mask = m_slots.size() - 1;
    std::size_t i = hash & mask;
    while (Id id = m_slots[i]) {
        const Entry& e = m_entries[id];
        if (e.hash == hash && e.length == static_cast<std::uint32_t>(utf8.size())
            && (e.length == 0 || std::memcmp(e.data, utf8.data(), e.length) == 0))
            return id;
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
    return lookup(utf8, hashBytes(utf8.data(), static_cast<std::size_t>(utf8.size())), &slot);
}

StringPool::Id StringPool::internUtf8(QByteArrayView utf8)
{
    if (static_cast<std::size_t>(utf8.size()) > 0xFFFFFFFFu)
        throw std::length_error("StringPool: value longer than 4 GiB");
    const std::uint32_t hash = hashBytes(utf8.data(), static_cast<std::size_t>(utf8.size()));
    std::size_t i = 0;
    if (const Id existing = lookup(utf8, hash, &i); existing != NotFound)
        return existing;
    if (m_entries.size() >= 0xFFFFFFFEu)
        throw std::length_error("StringPool: more than 4 billion distinct values");
    const Id id = static_cast<Id>(m_entries.size());
    m_entries.push_back(Entry{store(utf8), static_cast<std::uint32_t>(utf8.size()), hash});
    m_slots[i] = id;
    if (m_entries.size() * 2 > m_slots.size()) // keep the load factor at or below 1/2
        grow();
    return id;
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
    return m_arenaBytes + m_entries.capacity() * sizeof(Entry) + m_slots.capacity() * sizeof(Id)
        + m_blocks.capacity() * sizeof(std::unique_ptr<char[]>);
}

} // namespace concord
