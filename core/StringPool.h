#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringView>
#include <cstdint>
#include <memory>
#include <vector>

namespace concord {

// Interns strings: each distinct value is stored once, as UTF-8, in large arena
// blocks; a value is then a 32-bit id. Id 0 is reserved for null (SQL NULL), so a
// null and an empty string stay distinct. Not thread-safe: one pool per builder.
class StringPool
{
public:
    using Id = std::uint32_t;
    static constexpr Id NullId = 0;

    StringPool();
    StringPool(const StringPool&) = delete;
    StringPool& operator=(const StringPool&) = delete;

    Id intern(QStringView value, bool isNull = false);
    Id intern(const QString& value) { return intern(QStringView(value), value.isNull()); }
    Id internUtf8(QByteArrayView utf8);
    // The id of a value already interned, or NotFound; never grows the pool.
    static constexpr Id NotFound = 0xFFFFFFFFu;
    Id find(const QString& value) const;

    // Interns n UTF-8 values at once (isNull[i] -> NullId). Faster than one by one on
    // large pools: it prefetches the hash slots of the batch before probing them.
    void internBatch(const QByteArrayView* values, const bool* isNull, std::size_t n, Id* out);

    QByteArrayView utf8(Id id) const;
    QString string(Id id) const; // null QString for NullId
    bool isNull(Id id) const { return id == NullId; }

    std::size_t size() const { return m_entries.size() - 1; } // distinct non-null values
    std::size_t memoryBytes() const;

private:
    struct Entry
    {
        const char* data;
        std::uint32_t length;
        std::uint32_t hash;
    };

    Id lookup(QByteArrayView utf8, std::uint32_t hash, std::size_t* slot) const;
    const char* store(QByteArrayView bytes);
    void grow();

    static std::uint32_t hashOf(QByteArrayView utf8);
    Id insertAt(QByteArrayView utf8, std::uint32_t hash, std::size_t slot);

    std::vector<Entry> m_entries; // index = id
    // Open addressing, linear probing. A slot holds (hash << 32 | id), 0 = empty, so a
    // probe compares hashes without touching the entries (a cache miss each).
    std::vector<std::uint64_t> m_slots;
    std::vector<std::uint32_t> m_hashScratch;
    std::vector<std::unique_ptr<char[]>> m_blocks;
    std::size_t m_blockUsed = 0;
    std::size_t m_blockSize = 0;
    std::size_t m_arenaBytes = 0;
    std::string m_scratch; // reused UTF-16 -> UTF-8 buffer for ASCII input
};

} // namespace concord
