#include "Snapshot.h"

#include <QCoreApplication>

namespace concord {

SystemSnapshot::SystemSnapshot(QString system, QString entity, std::shared_ptr<StringPool> pool)
    : m_system(std::move(system))
    , m_entity(std::move(entity))
    , m_pool(std::move(pool))
{
}

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
    return m_rowBySourceId.value(id, -1);
}

std::size_t SystemSnapshot::columnBytes() const
{
    std::size_t bytes = (m_sourceIds.capacity() + m_versions.capacity()) * sizeof(StringPool::Id);
    for (const auto& column : m_values)
        bytes += column.capacity() * sizeof(StringPool::Id);
    bytes += static_cast<std::size_t>(m_rowBySourceId.capacity())
        * (sizeof(StringPool::Id) + sizeof(qsizetype) + sizeof(void*));
    return bytes;
}

Snapshot::Snapshot()
    : m_pool(std::make_shared<StringPool>())
{
}

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
{
}

void SnapshotBuilder::begin(const QList<ColumnInfo>& columns, const QString& origin)
{
    m_snapshot->m_columns = columns;
    m_snapshot->m_origin = origin;
    m_snapshot->m_values.assign(static_cast<std::size_t>(columns.size()), {});
}

QString SnapshotBuilder::where(const SourceRow& row) const
{
    const QString origin = m_snapshot->m_origin.isEmpty() ? m_snapshot->m_entity : m_snapshot->m_origin;
    if (row.line > 0)
        return QStringLiteral("%1, line %2").arg(origin).arg(row.line);
    return QStringLiteral("%1, row %2").arg(origin).arg(row.ordinal);
}

bool SnapshotBuilder::row(const SourceRow& row)
{
    SystemSnapshot& s = *m_snapshot;
    if (row.values.size() != s.m_columns.size()) {
        m_error = QStringLiteral("system '%1': %2 has %3 values, expected %4")
                      .arg(s.m_system, where(row))
                      .arg(row.values.size())
                      .arg(s.m_columns.size());
        return false;
    }
    if (row.sourceId.isEmpty()) {
        m_error = QStringLiteral("system '%1': %2 has an empty source id").arg(s.m_system, where(row));
        return false;
    }
    StringPool& pool = *s.m_pool;
    const StringPool::Id idValue = pool.intern(row.sourceId);
    const qint64 here = row.line > 0 ? row.line : row.ordinal;
    const auto seen = s.m_rowBySourceId.constFind(idValue);
    if (seen != s.m_rowBySourceId.cend()) {
        m_error = QStringLiteral("system '%1': duplicate source id '%2' at %3 (first seen at %4 %5)")
                      .arg(s.m_system, row.sourceId, where(row),
                           row.line > 0 ? QStringLiteral("line") : QStringLiteral("row"))
                      .arg(m_positions[static_cast<std::size_t>(seen.value())]);
        return false;
    }
    m_positions.push_back(here);
    s.m_rowBySourceId.insert(idValue, static_cast<qsizetype>(s.m_sourceIds.size()));
    s.m_sourceIds.push_back(idValue);
    s.m_versions.push_back(pool.intern(row.version));
    for (qsizetype c = 0; c < row.values.size(); ++c)
        s.m_values[static_cast<std::size_t>(c)].push_back(pool.intern(row.values[c]));
    return true;
}

std::unique_ptr<SystemSnapshot> SnapshotBuilder::take()
{
    for (auto& column : m_snapshot->m_values)
        column.shrink_to_fit();
    m_snapshot->m_sourceIds.shrink_to_fit();
    m_snapshot->m_versions.shrink_to_fit();
    m_positions = {};
    return std::move(m_snapshot);
}

} // namespace concord
