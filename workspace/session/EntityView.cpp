#include "EntityView.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// A value the steward proposed for this field (an open or approved steward_value item) speaks for
// the field until every record holds it, even before a run puts its writes into the plan.
void describeStewardValue(const EntityView& view, EntityField& field)
{
    for (const ReviewItem& item : view.reviewItems) {
        if (item.kind != ReviewItemKind::StewardValue || item.field != field.name || !item.proposedValue ||
            (item.state != ReviewState::Open && item.state != ReviewState::Approved))
            continue;
        const QString& value = *item.proposedValue;
        bool pending = false;
        QString changed;
        for (const RecordValue& shown : item.currentValues) {
            const auto ref = RecordRef::parse(shown.record);
            const qsizetype at = ref ? view.records.indexOf(*ref) : -1;
            if (at < 0 || at >= field.cells.size())
                continue;
            const QString& now = field.cells.at(at).raw;
            pending = pending || now != value;
            if (now != value && now != shown.value)
                changed = shown.record;
        }
        field.rule = u"steward"_s;
        field.winnerSystem.clear();
        if (!changed.isEmpty()) {
            field.reason = u"proposed '%1', but %2 changed since: it writes nothing"_s.arg(value, changed);
        } else if (!pending) {
            field.reason = u"the steward's value"_s;
        } else if (item.state == ReviewState::Open) {
            field.reason = u"proposed '%1': waits for approval in the review queue"_s.arg(value);
            field.state = CellState::Review;
            field.reviewKind = item.kind;
            field.reviewReason = item.detail;
        } else {
            field.reason = u"approved '%1': the next apply writes it"_s.arg(value);
        }
    }
}
} // namespace

Result<EntityView> describeEntity(const SessionResults& results, const QList<ReviewItem>& queue,
                                  const RecordRef& ref)
{
    const auto entity = results.entityOf(ref);
    if (!entity)
        return makeError(
            u"record %1 is not in the last run (no such system or source id)"_s.arg(ref.toString()));
    return describeEntityAt(results, queue, *entity);
}

EntityView describeEntityAt(const SessionResults& results, const QList<ReviewItem>& queue,
                            std::uint32_t entity)
{
    using Record = SessionResults::Record;
    const NormalizedSnapshot& data = results.data();
    EntityView view;
    view.entity = entity;
    const std::span<const Record> records = results.records(entity);
    QSet<QString> names;
    for (Record r : records) {
        view.records.append(results.refOf(r));
        view.versions.append(data.system(data.systemOf(r)).version(data.rowOf(r)));
        names.insert(view.records.constLast().toString());
    }

    QSet<QString> openItems;
    for (const ReviewItem& item : queue) {
        bool about = false;
        for (const QString& rec : item.records)
            about = about || names.contains(rec);
        if (!about)
            continue;
        view.reviewItems.append(item);
        if (item.state == ReviewState::Open)
            openItems.insert(item.id);
    }

    for (int f = 0; f < data.fieldCount(); ++f) {
        EntityField field;
        field.index = f;
        field.name = data.field(f).field.name;
        field.type = data.field(f).field.type;
        field.resolved = results.resolvedValue(entity, f);
        field.state = results.cellState(entity, f, openItems);
        const FieldDecision* decision = results.decision(entity, f);
        if (decision) {
            field.rule = decision->rule;
            field.reason = decision->reason;
            if (decision->source != UINT32_MAX)
                field.winnerSystem = data.system(data.systemOf(decision->source)).system();
            if (decision->review) {
                field.reviewKind = reviewItemKind(*decision->review);
                field.reviewReason = decision->reviewReason;
            }
        }
        const QList<int> writes = results.writesOf(entity, f);
        for (Record r : records) {
            EntityCell cell;
            const int system = data.systemOf(r);
            cell.mapped = data.isMapped(f, system);
            if (cell.mapped) {
                cell.raw = data.rawValue(f, r);
                cell.normalized = data.value(f, r);
                cell.problem = data.problem(f, r);
                cell.differs = cell.normalized != field.resolved;
                cell.winner = decision && decision->source == r;
            }
            const QString name = data.system(system).system();
            const QString id = data.sourceId(r);
            for (int w : writes) {
                const PlannedWrite& write = results.plan().writes[w];
                if (write.system == name && write.rowId == id)
                    cell.writes.append(write);
            }
            field.cells.append(cell);
        }
        describeStewardValue(view, field);
        if (decision)
            ++view.differingFields;
        view.fields.append(field);
    }

    const qsizetype n = records.size();
    for (qsizetype i = 0; i < n && view.evidence.size() < EntityView::maxEvidencePairs; ++i) {
        for (qsizetype j = i + 1; j < n && view.evidence.size() < EntityView::maxEvidencePairs; ++j) {
            EntityPair pair;
            pair.a = view.records[i];
            pair.b = view.records[j];
            pair.evidence = results.run().matcher->explain(records[static_cast<std::size_t>(i)],
                                                           records[static_cast<std::size_t>(j)]);
            view.evidence.append(pair);
        }
    }
    return view;
}

} // namespace concord
