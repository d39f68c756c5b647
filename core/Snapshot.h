#pragma once

#include "SourceRow.h"
#include "StringPool.h"

#include <QHash>
#include <QString>
#include <memory>
#include <vector>

namespace concord {

// One system's entity, read once, held column by column. Every value is an id into a
// StringPool shared by all systems of a snapshot, so a value repeated across rows and
// systems ("CA", "Acme Inc") is stored once. Values are kept exactly as read.
class SystemSnapshot
{
public:
    SystemSnapshot(QString system, QString entity, std::shared_ptr<StringPool> pool);

    const QString& system() const { return m_system; }
    const QString& entity() const { return m_entity; }
    const QString& origin() const { return m_origin; }
    const QList<ColumnInfo>& columns() const { return m_columns; }
    int columnCount() const { return static_cast<int>(m_columns.size()); }
    int columnIndex(const QString& name) const; // -1 when absent
    qsizetype rowCount() const { return static_cast<qsizetype>(m_sourceIds.size()); }

    StringPool::Id valueId(qsizetype row, int column) const { return m_values[column][row]; }
    QString value(qsizetype row, int column) const { return m_pool->string(valueId(row, column)); }
    QString sourceId(qsizetype row) const { return m_pool->string(m_sourceIds[row]); }
    StringPool::Id sourceIdId(qsizetype row) const { return m_sourceIds[static_cast<std::size_t>(row)]; }
    QString version(qsizetype row) const { return m_pool->string(m_versions[row]); }
    qsizetype rowOfSourceId(const QString& sourceId) const; // -1 when absent

    const StringPool& pool() const { return *m_pool; }
    // Bytes held by this system's columns (the shared pool is reported by Snapshot).
    std::size_t columnBytes() const;

private:
    friend class SnapshotBuilder;

    QString m_system;
    QString m_entity;
    QString m_origin;
    QList<ColumnInfo> m_columns;
    std::shared_ptr<StringPool> m_pool;
    std::vector<StringPool::Id> m_sourceIds;
    std::vector<StringPool::Id> m_versions;
    std::vector<std::vector<StringPool::Id>> m_values; // [column][row]
    // (source id, row) sorted by id, built once at the end of loading: 8 bytes a row,
    // where a hash table would take several times that.
    std::vector<std::pair<StringPool::Id, std::uint32_t>> m_rowBySourceId;
};

// Every system of a workspace, read in one run.
class Snapshot
{
public:
    Snapshot();

    std::shared_ptr<StringPool> pool() const { return m_pool; }
    void add(std::unique_ptr<SystemSnapshot> system);
    const std::vector<std::unique_ptr<SystemSnapshot>>& systems() const { return m_systems; }
    const SystemSnapshot* system(const QString& name) const;
    std::size_t memoryBytes() const;

private:
    std::shared_ptr<StringPool> m_pool;
    std::vector<std::unique_ptr<SystemSnapshot>> m_systems;
};

// Fills a SystemSnapshot from a connector's row stream. Refuses duplicate and empty
// source ids with an error naming the system, the origin (file or table) and the line.
class SnapshotBuilder : public RowReceiver
{
public:
    SnapshotBuilder(QString system, QString entity, std::shared_ptr<StringPool> pool);

    void begin(const QList<ColumnInfo>& columns, const QString& origin) override;
    bool row(const SourceRow& row) override;
    qsizetype rows(const Utf8RowBatch& batch) override;

    bool hasError() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    std::unique_ptr<SystemSnapshot> take();

private:
    QString where(qint64 ordinal, qint64 line) const;
    // Appends one row whose values are interned already; false (with m_error) on a bad id.
    bool addRow(StringPool::Id sourceId, StringPool::Id version, const StringPool::Id* values, qint64 ordinal,
                qint64 line);

    std::vector<QByteArrayView> m_views; // batch scratch
    std::vector<char> m_nulls;
    std::vector<StringPool::Id> m_ids;

    std::unique_ptr<SystemSnapshot> m_snapshot;
    std::vector<qint64> m_positions;            // line (files) or ordinal of each row, for error messages
    std::vector<std::uint64_t> m_seenSourceIds; // bit per pool id: already a source id here
    QString m_error;
};

} // namespace concord
