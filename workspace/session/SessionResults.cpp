#include "SessionResults.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
quint64 cellKey(std::uint32_t entity, int field)
{
    return (static_cast<quint64>(entity) << 16) | static_cast<quint64>(field);
}
} // namespace

std::optional<RecordRef> RecordRef::parse(const QString& text)
{
    const qsizetype colon = text.indexOf(u':');
    if (colon <= 0 || colon == text.size() - 1)
        return std::nullopt;
    return RecordRef{text.left(colon), text.mid(colon + 1)};
}

std::shared_ptr<const SessionResults> SessionResults::build(std::shared_ptr<const MatchRun> run,
                                                            ResolvedRun resolved, Plan plan)
{
    std::shared_ptr<SessionResults> results(new SessionResults);
    results->m_run = std::move(run);
    results->m_resolved = std::move(resolved);
    results->m_plan = std::move(plan);
    results->buildIndex();
    return results;
}

void SessionResults::buildIndex()
{
    const NormalizedSnapshot& d = data();
    const MatchResult& match = m_run->result;
    const std::uint32_t entities = match.clusterCount;

    // Members by entity (counting sort: records stay in system, row order inside an entity).
    m_memberStart.assign(static_cast<std::size_t>(entities) + 1, 0);
    for (Record r = 0; r < d.recordCount(); ++r)
        ++m_memberStart[match.clusterOf[r] + 1];
    for (std::size_t e = 1; e < m_memberStart.size(); ++e)
        m_memberStart[e] += m_memberStart[e - 1];
    m_members.resize(d.recordCount());
    std::vector<std::uint32_t> fill(m_memberStart.begin(), m_memberStart.end() - 1);
    for (Record r = 0; r < d.recordCount(); ++r)
        m_members[fill[match.clusterOf[r]]++] = r;

    // Decisions are ordered by entity, then field.
    const QList<FieldDecision>& decisions = m_resolved.resolution.decisions;
    m_decisionStart.assign(static_cast<std::size_t>(entities) + 1, 0);
    m_differs.assign(entities, false);
    for (const FieldDecision& dec : decisions) {
        ++m_decisionStart[dec.entity + 1];
        m_differs[dec.entity] = true;
    }
    for (std::size_t e = 1; e < m_decisionStart.size(); ++e)
        m_decisionStart[e] += m_decisionStart[e - 1];

    for (qsizetype i = 0; i < m_plan.writes.size(); ++i) {
        const PlannedWrite& w = m_plan.writes[i];
        if (w.entity >= 0 && w.fieldIndex >= 0)
            m_writesOfCell[cellKey(static_cast<std::uint32_t>(w.entity), w.fieldIndex)].append(
                static_cast<int>(i));
    }
    for (const ReviewItem& item : std::as_const(m_plan.reviewItems)) {
        for (const QString& name : item.records) {
            const auto ref = RecordRef::parse(name);
            const auto entity = ref ? entityOf(*ref) : std::nullopt;
            if (!entity)
                continue;
            m_entityOfItem.insert(item.id, *entity);
            QStringList& list = m_itemsOfEntity[*entity];
            if (!list.contains(item.id))
                list.append(item.id);
        }
    }
}

std::span<const SessionResults::Record> SessionResults::records(std::uint32_t entity) const
{
    if (entity >= entityCount())
        return {};
    return std::span<const Record>(m_members.data() + m_memberStart[entity],
                                   m_memberStart[entity + 1] - m_memberStart[entity]);
}

std::optional<std::uint32_t> SessionResults::entityOf(const RecordRef& ref) const
{
    const qint64 r = data().find(ref.system, ref.sourceId);
    if (r < 0)
        return std::nullopt;
    return m_run->result.clusterOf[static_cast<std::size_t>(r)];
}

RecordRef SessionResults::refOf(Record r) const
{
    return RecordRef{data().system(data().systemOf(r)).system(), data().sourceId(r)};
}

const FieldDecision* SessionResults::decision(std::uint32_t entity, int field) const
{
    if (entity >= entityCount())
        return nullptr;
    const QList<FieldDecision>& decisions = m_resolved.resolution.decisions;
    for (std::uint32_t i = m_decisionStart[entity]; i < m_decisionStart[entity + 1]; ++i) {
        if (decisions[i].field == field)
            return &decisions[i];
    }
    return nullptr;
}

QString SessionResults::resolvedValue(std::uint32_t entity, int field) const
{
    if (const FieldDecision* dec = decision(entity, field))
        return dec->value;
    for (Record r : records(entity)) {
        const QString v = data().value(field, r);
        if (!v.isEmpty())
            return v;
    }
    return QString();
}

QList<int> SessionResults::writesOf(std::uint32_t entity, int field) const
{
    return m_writesOfCell.value(cellKey(entity, field));
}

QStringList SessionResults::reviewItemsOf(std::uint32_t entity) const
{
    return m_itemsOfEntity.value(entity);
}

std::optional<std::uint32_t> SessionResults::entityOfItem(const QString& itemId) const
{
    const auto it = m_entityOfItem.constFind(itemId);
    if (it == m_entityOfItem.cend())
        return std::nullopt;
    return it.value();
}

CellState SessionResults::cellState(std::uint32_t entity, int field, const QSet<QString>& openItems) const
{
    const FieldDecision* dec = decision(entity, field);
    if (dec && dec->review)
        return CellState::Review;
    // A write waiting for a person (a rule's, or a value the steward proposed for a cell the
    // systems agree on) holds the cell for review.
    const QList<int> writes = writesOf(entity, field);
    for (int w : writes) {
        const QString& item = m_plan.writes[w].reviewItem;
        if (!item.isEmpty() && openItems.contains(item))
            return CellState::Review;
    }
    if (dec || !writes.isEmpty())
        return CellState::Resolved;
    // No decision: the records that have the field agree, or some of them are blank.
    bool blank = false;
    bool filled = false;
    for (Record r : records(entity)) {
        if (!data().isMapped(field, data().systemOf(r)))
            continue;
        if (data().value(field, r).isEmpty())
            blank = true;
        else
            filled = true;
    }
    return blank && filled ? CellState::Missing : CellState::Agree;
}

std::size_t SessionResults::memoryBytes() const
{
    std::size_t bytes = m_memberStart.capacity() * sizeof(std::uint32_t) +
                        m_members.capacity() * sizeof(Record) +
                        m_decisionStart.capacity() * sizeof(std::uint32_t) + m_differs.capacity() / 8;
    bytes += static_cast<std::size_t>(m_writesOfCell.size()) * 64;
    bytes += static_cast<std::size_t>(m_entityOfItem.size()) * 96;
    return bytes;
}

} // namespace concord
