#include "FieldDiff.h"

using namespace Qt::StringLiterals;

namespace concord {

using Record = NormalizedSnapshot::Record;

QString diffStatusName(DiffStatus status)
{
    switch (status) {
    case DiffStatus::Agree:
        return u"agree"_s;
    case DiffStatus::Differ:
        return u"differ"_s;
    case DiffStatus::Missing:
        return u"missing"_s;
    }
    return {};
}

namespace {
// Groups records by cluster once: offsets into one flat array.
struct ClusterIndex
{
    std::vector<std::uint32_t> start;
    std::vector<Record> records;

    explicit ClusterIndex(const MatchResult& match)
    {
        start.assign(match.clusterCount + 1, 0);
        for (std::uint32_t c : match.clusterOf)
            ++start[c + 1];
        for (std::size_t i = 1; i < start.size(); ++i)
            start[i] += start[i - 1];
        records.resize(match.clusterOf.size());
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (Record r = 0; r < match.clusterOf.size(); ++r)
            records[fill[match.clusterOf[r]]++] = r;
    }
};

// Classifies one (entity, field); returns false when fewer than two records map the field.
bool classify(const NormalizedSnapshot& data, int field, const Record* begin, const Record* end,
              DiffStatus* status, StringPool::Id* majority)
{
    int mapped = 0;
    int present = 0;
    StringPool::Id first = StringPool::NullId;
    bool differ = false;
    const auto& values = data.field(field).value;
    for (const Record* r = begin; r != end; ++r) {
        if (!data.isMapped(field, data.systemOf(*r)) && !data.field(field).derived[*r])
            continue;
        ++mapped;
        const StringPool::Id v = values[*r];
        if (v == StringPool::NullId)
            continue;
        ++present;
        if (first == StringPool::NullId)
            first = v;
        else if (v != first)
            differ = true;
    }
    if (mapped < 2)
        return false;
    *status = differ ? DiffStatus::Differ : (present < mapped ? DiffStatus::Missing : DiffStatus::Agree);
    if (differ) {
        // The most common value among the records (first seen wins a tie).
        QHash<StringPool::Id, int> counts;
        int best = 0;
        for (const Record* r = begin; r != end; ++r) {
            const StringPool::Id v = values[*r];
            if (v == StringPool::NullId)
                continue;
            const int c = ++counts[v];
            if (c > best) {
                best = c;
                *majority = v;
            }
        }
    } else {
        *majority = first;
    }
    return true;
}

EntityFieldDiff describe(const NormalizedSnapshot& data, int field, std::uint32_t entity, DiffStatus status,
                         const Record* begin, const Record* end)
{
    EntityFieldDiff d;
    d.entity = entity;
    d.field = data.field(field).field.name;
    d.status = status;
    for (const Record* r = begin; r != end; ++r) {
        const int system = data.systemOf(*r);
        if (!data.isMapped(field, system) && !data.field(field).derived[*r])
            continue;
        d.cells.append(DiffCell{data.system(system).system(), data.sourceId(*r), data.rawValue(field, *r),
                                data.value(field, *r), data.problem(field, *r)});
    }
    return d;
}
} // namespace

DiffReport computeFieldDiff(const NormalizedSnapshot& data, const MatchResult& match,
                            const DiffOptions& options)
{
    DiffReport report;
    const ClusterIndex index(match);
    for (int f = 0; f < data.fieldCount(); ++f) {
        const QString name = data.field(f).field.name;
        if (!options.field.isEmpty() && name != options.field)
            continue;
        FieldDiffSummary summary;
        summary.field = name;
        int samples = 0;
        QList<EntityFieldDiff> missingSamples;
        for (std::uint32_t c = 0; c < match.clusterCount; ++c) {
            const Record* begin = index.records.data() + index.start[c];
            const Record* end = index.records.data() + index.start[c + 1];
            if (end - begin < 2)
                continue;
            DiffStatus status = DiffStatus::Agree;
            StringPool::Id majority = StringPool::NullId;
            if (!classify(data, f, begin, end, &status, &majority))
                continue;
            ++summary.compared;
            switch (status) {
            case DiffStatus::Agree:
                ++summary.agree;
                break;
            case DiffStatus::Differ:
                ++summary.differ;
                break;
            case DiffStatus::Missing:
                ++summary.missing;
                break;
            }
            if (status == DiffStatus::Agree)
                continue;
            for (const Record* r = begin; r != end; ++r) {
                const int system = data.systemOf(*r);
                // The records classify() counted: a value derived from the system's other
                // fields (a first name split from its full name) is the system's value too.
                if (!data.isMapped(f, system) && !data.field(f).derived[*r])
                    continue;
                const StringPool::Id v = data.field(f).value[*r];
                const QString& systemName = data.system(system).system();
                if (v == StringPool::NullId)
                    ++summary.missingBySystem[systemName];
                else if (v != majority)
                    ++summary.differBySystem[systemName];
            }
            if (status == DiffStatus::Differ && samples < options.sampleLimit) {
                report.samples.append(describe(data, f, c, status, begin, end));
                ++samples;
            } else if (status == DiffStatus::Missing && missingSamples.size() < options.sampleLimit) {
                missingSamples.append(describe(data, f, c, status, begin, end));
            }
        }
        for (qsizetype i = 0; i < missingSamples.size() && samples < options.sampleLimit; ++i, ++samples)
            report.samples.append(missingSamples[i]);
        report.fields.append(summary);
    }
    return report;
}

QList<EntityFieldDiff> entityDiff(const NormalizedSnapshot& data, const MatchResult& match,
                                  std::uint32_t entity)
{
    std::vector<Record> members;
    for (Record r = 0; r < match.clusterOf.size(); ++r) {
        if (match.clusterOf[r] == entity)
            members.push_back(r);
    }
    QList<EntityFieldDiff> list;
    for (int f = 0; f < data.fieldCount(); ++f) {
        DiffStatus status = DiffStatus::Agree;
        StringPool::Id majority = StringPool::NullId;
        const Record* begin = members.data();
        const Record* end = members.data() + members.size();
        if (!classify(data, f, begin, end, &status, &majority)) {
            status = DiffStatus::Agree; // one record: nothing to compare, shown as is
        }
        EntityFieldDiff d = describe(data, f, entity, status, begin, end);
        if (!d.cells.isEmpty())
            list.append(d);
    }
    return list;
}

} // namespace concord
