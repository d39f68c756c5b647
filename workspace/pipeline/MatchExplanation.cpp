#include "MatchExplanation.h"

using namespace Qt::StringLiterals;

namespace concord {

namespace {
using Record = NormalizedSnapshot::Record;

QString recordName(const NormalizedSnapshot& data, Record r)
{
    return data.system(data.systemOf(r)).system() + u':' + data.sourceId(r);
}
} // namespace

Result<MatchExplanation> explainRecord(const MatchRun& run, const QString& target)
{
    const NormalizedSnapshot& data = *run.data;
    const qsizetype colon = target.indexOf(u':');
    if (colon <= 0)
        return makeError(u"'%1' must be SYSTEM:SOURCE_ID"_s.arg(target));
    const QString system = target.left(colon);
    const QString id = target.mid(colon + 1);
    if (data.systemIndex(system) < 0)
        return makeError(u"no system named '%1'"_s.arg(system), ErrorKind::NotFound, system);
    const qint64 found = data.find(system, id);
    if (found < 0)
        return makeError(u"system '%1' has no record with source id '%2'"_s.arg(system, id),
                         ErrorKind::NotFound, target);
    const auto record = static_cast<Record>(found);

    MatchExplanation x;
    x.record = recordName(data, record);
    x.entity = run.result.clusterOf[record];
    for (Record r = 0; r < data.recordCount(); ++r) {
        if (r != record && run.result.clusterOf[r] == x.entity)
            x.members.append({recordName(data, r), run.matcher->explain(record, r), QString()});
    }
    for (const MatchEdge& edge : run.result.reviewPairs) {
        if (edge.a != record && edge.b != record)
            continue;
        const Record other = edge.a == record ? edge.b : edge.a;
        x.reviews.append({recordName(data, other), run.matcher->explain(record, other), edge.reason});
    }
    for (int f = 0; f < data.fieldCount(); ++f) {
        const bool derived = data.field(f).derived[record];
        if (!data.isMapped(f, data.systemOf(record)) && !derived)
            continue;
        x.fields.append({data.field(f).field.name, data.rawValue(f, record), data.value(f, record),
                         data.key(f, record), derived, data.problem(f, record)});
    }
    return x;
}

} // namespace concord
