#include "Snapshot.h"

#include <QCoreApplication>
#include <algorithm>

namespace concord {

SystemSnapshot::SystemSnapshot(QString system, QString entity, std::shared_ptr<StringPool> pool)
    : m_system(std::move(system))
    , m_entity(std::move(entity))
    , m_pool(std::move(pool))
{}

int SystemSnapshot::columnIndex(const QString& name) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].name == name)
            return i;
    }
    return -1;
}

qsizetype SystemSnapshot::rowOfSourceId(const QString& sourceId) const
{
    const StringPool::Id id = m_pool->find(sourceId); // an unknown id must not grow the pool
    if (id == StringPool::NotFound || id == StringPool::NullId)
        return -1;
    const auto it = std::lower_bound(m_rowBySourceId.begin(), m_rowBySourceId.end(),
                                     std::make_pair(id, std::uint32_t(0)));
    if (it == m_rowBySourceId.end() || it->first != id)
        return -1;
    return static_cast<qsizetype>(it->second);
}

std::size_t SystemSnapshot::columnBytes() const
{
    std::size_t bytes = (m_sourceIds.capacity() + m_versions.capacity()) * sizeof(StringPool::Id);
    for (const auto& column : m_values)
        bytes += column.capacity() * sizeof(StringPool::Id);
    bytes += m_rowBySourceId.capacity() * sizeof(m_rowBySourceId[0]);
    return bytes;
}

Snapshot::Snapshot()
    : m_pool(std::make_shared<StringPool>())
{}

void Snapshot::add(std::unique_ptr<SystemSnapshot> system)
{
    m_systems.push_back(std::move(system));
}

const SystemSnapshot* Snapshot::system(const QString& name) const
{
    for (const auto& s : m_systems) {
        if (s->system() == name)
            return s.get();
    }
    return nullptr;
}

std::size_t Snapshot::memoryBytes() const
{
    std::size_t bytes = m_pool->memoryBytes();
    for (const auto& s : m_systems)
        bytes += s->columnBytes();
    return bytes;
}

SnapshotBuilder::SnapshotBuilder(QString system, QString entity, std::shared_ptr<StringPool> pool)
    : m_snapshot(std::make_unique<SystemSnapshot>(std::move(system), std::move(entity), std::move(pool)))
{}

void SnapshotBuilder::begin(const QList<ColumnInfo>& columns, const QString& origin)
{
    m_snapshot->m_columns = columns;
    m_snapshot->m_origin = origin;
    m_snapshot->m_values.assign(static_cast<std::size_t>(columns.size()), {});
}

QString SnapshotBuilder::where(qint64 ordinal, qint64 line) const
{
    const QString origin = m_snapshot->m_origin.isEmpty() ? m_snapshot->m_entity : m_snapshot->m_origin;
    if (line > 0)
        return QStringLiteral("%1, line %2").arg(origin).arg(line);
    return QStringLiteral("%1, row %2").arg(origin).arg(ordinal);
}

bool SnapshotBuilder::addRow(StringPool::Id sourceId, StringPool::Id version, const StringPool::Id* values,
                             qint64 ordinal, qint64 line)
{
    SystemSnapshot& s = *m_snapshot;
    if (sourceId == StringPool::NullId || s.m_pool->utf8(sourceId).isEmpty()) {
        m_error =
            QStringLiteral("system '%1': %2 has an empty source id").arg(s.m_system, where(ordinal, line));
        return false;
    }
    const auto rowIndex = static_cast<qsizetype>(s.m_sourceIds.size());
    const std::size_t word = sourceId / 64;
    const std::uint64_t bit = std::uint64_t(1) << (sourceId % 64);
    if (word >= m_seenSourceIds.size())
        m_seenSourceIds.resize(std::max<std::size_t>(word + 1, m_seenSourceIds.size() * 2), 0);
    if (m_seenSourceIds[word] & bit) {
        // Rare (an error): find the first row with this id the slow way.
        const auto firstIt = std::find(s.m_sourceIds.begin(), s.m_sourceIds.end(), sourceId);
        const auto first = static_cast<qsizetype>(firstIt - s.m_sourceIds.begin());
        m_error = QStringLiteral("system '%1': duplicate source id '%2' at %3 (first seen at %4 %5)")
                      .arg(s.m_system, s.m_pool->string(sourceId), where(ordinal, line),
                           line > 0 ? QStringLiteral("line") : QStringLiteral("row"))
                      .arg(m_positions[static_cast<std::size_t>(first)]);
        return false;
    }
    m_seenSourceIds[word] |= bit;
    if (rowIndex > 0xFFFFFFFE) {
        m_error = QStringLiteral("system '%1': more than 4 billion rows").arg(s.m_system);
        return false;
    }
    m_positions.push_back(line > 0 ? line : ordinal);
    s.m_sourceIds.push_back(sourceId);
    s.m_versions.push_back(version);
    for (std::size_t c = 0; c < s.m_values.size(); ++c)
        s.m_values[c].push_back(values[c]);
    return true;
}

bool SnapshotBuilder::row(const SourceRow& row)
{
    SystemSnapshot& s = *m_snapshot;
    if (row.values.size() != s.m_columns.size()) {
        m_error = QStringLiteral("system '%1': %2 has %3 values, expected %4")
                      .arg(s.m_system, where(row.ordinal, row.line))
                      .arg(row.values.size())
                      .arg(s.m_columns.size());
        return false;
    }
    StringPool& pool = *s.m_pool;
    m_ids.resize(static_cast<std::size_t>(row.values.size()));
    for (qsizetype c = 0; c < row.values.size(); ++c)
        m_ids[static_cast<std::size_t>(c)] = pool.intern(row.values[c]);
    return addRow(pool.intern(row.sourceId), pool.intern(row.version), m_ids.data(), row.ordinal, row.line);
}

qsizetype SnapshotBuilder::rows(const Utf8RowBatch& batch)
{
    SystemSnapshot& s = *m_snapshot;
    if (batch.columnCount != s.m_columns.size()) {
        m_error = QStringLiteral("system '%1': a batch has %2 columns, expected %3")
                      .arg(s.m_system)
                      .arg(batch.columnCount)
                      .arg(s.m_columns.size());
        return 0;
    }
    // Per row: the values, then the source id, then the version; interned in one batch.
    const auto columns = static_cast<std::size_t>(batch.columnCount);
    const std::size_t stride = columns + 2;
    const auto n = static_cast<std::size_t>(batch.rowCount());
    m_views.resize(n * stride);
    m_nulls.resize(n * stride);
    m_ids.resize(n * stride);
    for (std::size_t r = 0; r < n; ++r) {
        for (std::size_t c = 0; c < columns; ++c) {
            const Utf8RowBatch::Span& span = batch.values[r * columns + c];
            m_views[r * stride + c] = batch.view(span);
            m_nulls[r * stride + c] = span.length < 0;
        }
        m_views[r * stride + columns] = batch.view(batch.sourceIds[r]);
        m_nulls[r * stride + columns] = batch.sourceIds[r].length < 0;
        m_views[r * stride + columns + 1] = batch.view(batch.versions[r]);
        m_nulls[r * stride + columns + 1] = batch.versions[r].length < 0;
    }
    static_assert(sizeof(bool) == sizeof(char));
    s.m_pool->internBatch(m_views.data(), reinterpret_cast<const bool*>(m_nulls.data()), m_views.size(),
                          m_ids.data());
    for (std::size_t r = 0; r < n; ++r) {
        const StringPool::Id* ids = m_ids.data() + r * stride;
        if (!addRow(ids[columns], ids[columns + 1], ids, batch.ordinals[r], batch.lines[r]))
            return static_cast<qsizetype>(r);
    }
    return batch.rowCount();
}

std::unique_ptr<SystemSnapshot> SnapshotBuilder::take()
{
    for (auto& column : m_snapshot->m_values)
        column.shrink_to_fit();
    m_snapshot->m_sourceIds.shrink_to_fit();
    auto& index = m_snapshot->m_rowBySourceId;
    index.resize(m_snapshot->m_sourceIds.size());
    for (std::size_t r = 0; r < index.size(); ++r)
        index[r] = {m_snapshot->m_sourceIds[r], static_cast<std::uint32_t>(r)};
    std::sort(index.begin(), index.end());
    m_seenSourceIds = {};
    m_snapshot->m_versions.shrink_to_fit();
    m_positions = {};
    m_views = {};
    m_nulls = {};
    m_ids = {};
    return std::move(m_snapshot);
}

} // namespace concord
