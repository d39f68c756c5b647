#pragma once

#include "MatchPipeline.h"
#include "Planner.h"

#include <QHash>
#include <QList>
#include <QString>
#include <memory>
#include <optional>
#include <span>
#include <vector>

namespace concord {

// A record as a steward names it: system and source id. Stable across runs, unlike the
// entity (cluster) numbers a match run hands out.
struct RecordRef
{
    QString system;
    QString sourceId;

    QString toString() const { return system + u':' + sourceId; }
    // "system:id" (the id may itself hold colons); nullopt when there is no ':' or a side is empty.
    static std::optional<RecordRef> parse(const QString& text);
    bool operator==(const RecordRef&) const = default;
};

// How the systems stand on one field of one customer, as the grid colours it.
enum class CellState
{
    Agree,    // every record that has the field holds the same value
    Resolved, // they differed, and a rule decided
    Review,   // a person must decide before anything is written
    Missing,  // blank in some record (or no record in a system that has the field) while others have it
};

// The results of one run (match, resolve, plan), immutable once built and shared by every
// view through a shared_ptr: a row of a view is an index into these columns, never a copy.
// The index built here makes every question about one entity O(entity size).
class SessionResults
{
public:
    using Record = NormalizedSnapshot::Record;

    static std::shared_ptr<const SessionResults> build(std::shared_ptr<const MatchRun> run,
                                                       ResolvedRun resolved, Plan plan);

    const MatchRun& run() const { return *m_run; }
    const NormalizedSnapshot& data() const { return *m_run->data; }
    const ResolvedRun& resolved() const { return m_resolved; }
    const Plan& plan() const { return m_plan; }
    std::shared_ptr<const MatchRun> sharedRun() const { return m_run; }

    std::uint32_t entityCount() const { return m_run->result.clusterCount; }
    int fieldCount() const { return data().fieldCount(); }
    std::span<const Record> records(std::uint32_t entity) const;
    std::optional<std::uint32_t> entityOf(const RecordRef& ref) const;
    RecordRef refOf(Record r) const;

    // The rule's decision on (entity, field), or null when every record agreed.
    const FieldDecision* decision(std::uint32_t entity, int field) const;
    // The value the customer has: the decision's, else the value the records agree on.
    QString resolvedValue(std::uint32_t entity, int field) const;
    // Indexes into plan().writes of the writes for (entity, field).
    QList<int> writesOf(std::uint32_t entity, int field) const;
    // The review items (ids) this run produced about an entity's records or fields.
    QStringList reviewItemsOf(std::uint32_t entity) const;
    std::optional<std::uint32_t> entityOfItem(const QString& itemId) const;

    // The state of a cell; `openItems` are the ids of the queue's open items (the queue changes
    // while results do not).
    CellState cellState(std::uint32_t entity, int field, const QSet<QString>& openItems) const;
    // Whether some rule decided a difference on the entity (any field).
    bool hasDifference(std::uint32_t entity) const { return m_differs[entity]; }

    std::size_t memoryBytes() const;

private:
    SessionResults() = default;
    void buildIndex();

    std::shared_ptr<const MatchRun> m_run;
    ResolvedRun m_resolved;
    Plan m_plan;
    std::vector<std::uint32_t> m_memberStart; // per entity, into m_members (entityCount + 1)
    std::vector<Record> m_members;
    std::vector<std::uint32_t> m_decisionStart; // per entity, into resolution.decisions
    std::vector<bool> m_differs;
    QHash<quint64, QList<int>> m_writesOfCell; // entity << 16 | field -> plan write indexes
    QHash<std::uint32_t, QStringList> m_itemsOfEntity;
    QHash<QString, std::uint32_t> m_entityOfItem;
};

} // namespace concord
