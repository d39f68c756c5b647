#pragma once

#include "MatchConfig.h"
#include "Snapshot.h"
#include "StringPool.h"
#include "normalize/Normalize.h"

#include <QHash>
#include <atomic>
#include <memory>
#include <vector>

namespace concord {

// How one system's columns feed the canonical fields, and how to read its values.
struct SystemMapping
{
    QString system;
    QHash<QString, QString> columnOfField; // canonical field -> the system's column
    NormalizeContext context;
};

// A value that could not be normalized, kept for the steward to see.
struct NormalizationProblem
{
    QString system;
    QString sourceId;
    QString field;
    QString raw;
    QString problem;
};

// The snapshot after mapping and normalization, column by column. Every source record
// of every system has a global record index (systems in order, rows in order). For each
// canonical field and record: the raw value id (into the snapshot's pool), the normalized
// value and the match key (ids into the field's own pool, so equal keys from different
// systems have equal ids). The original value is never replaced: it stays in the snapshot.
class NormalizedSnapshot
{
public:
    using Id = StringPool::Id;
    using Record = std::uint32_t;

    struct FieldData
    {
        MatchField field;
        int index = 0;
        std::unique_ptr<StringPool> pool; // normalized values and keys of this field
        std::vector<Id> raw;       // per record: raw value id in the snapshot pool, NullId when unmapped
        std::vector<Id> value;     // per record: normalized value, NullId when missing
        std::vector<Id> key;       // per record: match key, NullId when missing or invalid
        std::vector<bool> derived; // per record: the value was derived from other fields
        qint64 problemCount = 0;
        QHash<Id, QString> problemOfRaw; // why a raw value (snapshot pool id) could not be normalized
    };

    // Normalizes every mapped field of every system, distinct values in parallel on `threads`
    // workers of the engine pool; `cancel` is polled between chunks of values.
    static Result<std::unique_ptr<NormalizedSnapshot>>
    build(const Snapshot& snapshot, const QList<MatchField>& fields, const QList<SystemMapping>& mappings,
          const QList<DerivedField>& derived, int threads = 0, const std::atomic<bool>* cancel = nullptr);

    const Snapshot& snapshot() const { return *m_snapshot; }
    Record recordCount() const { return m_recordCount; }
    int systemCount() const { return static_cast<int>(m_systems.size()); }
    int systemOf(Record r) const;
    qsizetype rowOf(Record r) const
    {
        return static_cast<qsizetype>(r - m_offsets[static_cast<std::size_t>(systemOf(r))]);
    }
    Record recordOf(int system, qsizetype row) const
    {
        return m_offsets[static_cast<std::size_t>(system)] + static_cast<Record>(row);
    }
    Record firstRecord(int system) const { return m_offsets[static_cast<std::size_t>(system)]; }
    const SystemSnapshot& system(int index) const { return *m_systems[static_cast<std::size_t>(index)]; }
    int systemIndex(const QString& name) const; // -1 when absent
    QString sourceId(Record r) const { return system(systemOf(r)).sourceId(rowOf(r)); }
    // The record of "system:sourceId", or -1.
    qint64 find(const QString& systemName, const QString& sourceId) const;

    int fieldCount() const { return static_cast<int>(m_fields.size()); }
    int fieldIndex(const QString& name) const; // -1 when absent
    const FieldData& field(int index) const { return m_fields[static_cast<std::size_t>(index)]; }
    bool isMapped(int field, int system) const;

    QString rawValue(int field, Record r) const;
    QString problem(int field, Record r) const;
    QString value(int field, Record r) const
    {
        return fieldPool(field).string(m_fields[static_cast<std::size_t>(field)].value[r]);
    }
    QString key(int field, Record r) const
    {
        return fieldPool(field).string(m_fields[static_cast<std::size_t>(field)].key[r]);
    }
    const StringPool& fieldPool(int field) const { return *m_fields[static_cast<std::size_t>(field)].pool; }

    const QList<NormalizationProblem>& problemSamples() const { return m_problemSamples; }
    std::size_t memoryBytes() const;

private:
    NormalizedSnapshot() = default;
    void normalizeField(FieldData& data, const QList<SystemMapping>& mappings,
                        QList<NormalizationProblem>& samples, int workers, const std::atomic<bool>* cancel);
    void deriveField(const DerivedField& derived);

    const Snapshot* m_snapshot = nullptr;
    std::vector<const SystemSnapshot*> m_systems;
    std::vector<Record> m_offsets;
    Record m_recordCount = 0;
    std::vector<FieldData> m_fields;
    std::vector<std::vector<int>> m_columns; // [field][system] -> column, -1 unmapped
    QList<NormalizationProblem> m_problemSamples;
};

} // namespace concord
