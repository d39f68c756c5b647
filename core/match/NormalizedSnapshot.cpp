#include "NormalizedSnapshot.h"

#include "Parallel.h"

#include <QStringList>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
constexpr int kProblemSamplesPerField = 20;

} // namespace

int NormalizedSnapshot::systemOf(Record r) const
{
    const auto it = std::upper_bound(m_offsets.begin(), m_offsets.end(), r);
    return static_cast<int>(it - m_offsets.begin()) - 1;
}

int NormalizedSnapshot::systemIndex(const QString& name) const
{
    for (std::size_t i = 0; i < m_systems.size(); ++i) {
        if (m_systems[i]->system() == name)
            return static_cast<int>(i);
    }
    return -1;
}

qint64 NormalizedSnapshot::find(const QString& systemName, const QString& sourceId) const
{
    const int s = systemIndex(systemName);
    if (s < 0)
        return -1;
    const qsizetype row = system(s).rowOfSourceId(sourceId);
    return row < 0 ? -1 : static_cast<qint64>(recordOf(s, row));
}

int NormalizedSnapshot::fieldIndex(const QString& name) const
{
    for (std::size_t i = 0; i < m_fields.size(); ++i) {
        if (m_fields[i].field.name == name)
            return static_cast<int>(i);
    }
    return -1;
}

bool NormalizedSnapshot::isMapped(int field, int system) const
{
    return m_columns[static_cast<std::size_t>(field)][static_cast<std::size_t>(system)] >= 0;
}

QString NormalizedSnapshot::rawValue(int field, Record r) const
{
    return m_snapshot->pool()->string(m_fields[static_cast<std::size_t>(field)].raw[r]);
}

QString NormalizedSnapshot::problem(int field, Record r) const
{
    const FieldData& f = m_fields[static_cast<std::size_t>(field)];
    return f.problemOfRaw.value(f.raw[r]);
}

std::size_t NormalizedSnapshot::memoryBytes() const
{
    std::size_t bytes = 0;
    for (const FieldData& f : m_fields) {
        bytes += f.pool->memoryBytes();
        bytes += (f.raw.capacity() + f.value.capacity() + f.key.capacity()) * sizeof(Id) +
                 f.derived.capacity() / 8;
    }
    return bytes;
}

Result<std::unique_ptr<NormalizedSnapshot>>
NormalizedSnapshot::build(const Snapshot& snapshot, const QList<MatchField>& fields,
                          const QList<SystemMapping>& mappings, const QList<DerivedField>& derived,
                          int threads, const std::atomic<bool>* cancel)
{
    std::unique_ptr<NormalizedSnapshot> n(new NormalizedSnapshot);
    n->m_snapshot = &snapshot;
    for (const auto& s : snapshot.systems()) {
        n->m_offsets.push_back(n->m_recordCount);
        n->m_systems.push_back(s.get());
        const auto rows = static_cast<std::uint64_t>(s->rowCount());
        if (n->m_recordCount + rows > 0xFFFFFFF0u)
            return makeError(u"more than 4 billion records across systems"_s);
        n->m_recordCount += static_cast<Record>(rows);
    }
    for (const MatchField& f : fields) {
        if (!Normalizer::isKnownRule(f.type))
            return makeError(u"field '%1': no normalization rule for type '%2' (known: %3)"_s.arg(
                f.name, f.type, Normalizer::ruleNames().join(u", "_s)));
    }

    // Which column of which system feeds each field; a mapping naming a missing column is
    // the steward's configuration error, reported with both names.
    n->m_columns.assign(static_cast<std::size_t>(fields.size()), std::vector<int>(n->m_systems.size(), -1));
    for (const SystemMapping& m : mappings) {
        const int s = n->systemIndex(m.system);
        if (s < 0)
            continue; // a system that failed to load has no records to match
        for (auto it = m.columnOfField.cbegin(); it != m.columnOfField.cend(); ++it) {
            const auto f = std::find_if(fields.begin(), fields.end(),
                                        [&](const MatchField& mf) { return mf.name == it.key(); });
            if (f == fields.end())
                return makeError(
                    u"system '%1': column '%2' is mapped to '%3', which is not a canonical field"_s.arg(
                        m.system, it.value(), it.key()));
            const int column = n->system(s).columnIndex(it.value());
            if (column < 0)
                return makeError(
                    u"system '%1': mapping of '%2' names column '%3', which does not exist"_s.arg(
                        m.system, it.key(), it.value()));
            n->m_columns[static_cast<std::size_t>(f - fields.begin())][static_cast<std::size_t>(s)] = column;
        }
    }

    n->m_fields.resize(static_cast<std::size_t>(fields.size()));
    for (qsizetype i = 0; i < fields.size(); ++i) {
        FieldData& d = n->m_fields[static_cast<std::size_t>(i)];
        d.field = fields[i];
        d.index = static_cast<int>(i);
        d.pool = std::make_unique<StringPool>();
    }

    // Each distinct raw value is normalized once, on all cores (the rules are pure; phone
    // parsing is slow); interning the results stays on this thread.
    const int workers = workerCount(threads);
    for (FieldData& field : n->m_fields) {
        n->normalizeField(field, mappings, n->m_problemSamples, workers, cancel);
        if (isCancelled(cancel))
            return makeError(u"normalization was cancelled"_s, ErrorKind::Cancelled);
    }

    // The rules may come unvalidated (a caller's own MatchConfig): every name is checked
    // here, since deriveField() indexes the fields by them.
    const QStringList kinds{u"join"_s, u"first_token"_s, u"last_token"_s};
    for (const DerivedField& d : derived) {
        const int target = n->fieldIndex(d.field);
        if (target < 0)
            return makeError(u"derived field '%1' is not a canonical field"_s.arg(d.field));
        if (!kinds.contains(d.kind))
            return makeError(u"derived field '%1': kind '%2' must be one of %3"_s.arg(d.field, d.kind,
                                                                                      kinds.join(u", "_s)));
        if (d.from.isEmpty())
            return makeError(u"derived field '%1' names no source field"_s.arg(d.field));
        for (const QString& from : d.from) {
            if (n->fieldIndex(from) < 0)
                return makeError(u"derived field '%1': unknown source field '%2'"_s.arg(d.field, from));
        }
        n->deriveField(d);
    }
    return n;
}

void NormalizedSnapshot::normalizeField(FieldData& data, const QList<SystemMapping>& mappings,
                                        QList<NormalizationProblem>& samples, int workers,
                                        const std::atomic<bool>* cancel)
{
    const std::size_t f = static_cast<std::size_t>(data.index);
    data.raw.assign(m_recordCount, StringPool::NullId);
    data.value.assign(m_recordCount, StringPool::NullId);
    data.key.assign(m_recordCount, StringPool::NullId);
    data.derived.assign(m_recordCount, false);
    const StringPool& rawPool = *m_snapshot->pool();
    int problemSamples = 0;
    QHash<QString, Normalized> okByKey; // region + sharing key -> a valid result, across systems
    for (std::size_t s = 0; s < m_systems.size(); ++s) {
        const int column = m_columns[f][s];
        if (column < 0)
            continue;
        const SystemSnapshot& system = *m_systems[s];
        NormalizeContext context;
        for (const SystemMapping& m : mappings) {
            if (m.system == system.system())
                context = m.context;
        }
        // Per system (the context differs): the distinct raw values, normalized in parallel.
        QHash<Id, std::uint32_t> slotOfRaw;
        std::vector<Id> distinct;
        const Record first = m_offsets[s];
        for (qsizetype row = 0; row < system.rowCount(); ++row) {
            const Id rawId = system.valueId(row, column);
            data.raw[first + static_cast<Record>(row)] = rawId;
            if (rawId != StringPool::NullId && !slotOfRaw.contains(rawId)) {
                slotOfRaw.insert(rawId, static_cast<std::uint32_t>(distinct.size()));
                distinct.push_back(rawId);
            }
        }
        // The same value written differently in different systems is normalized once where
        // the rule says the ways of writing it are equivalent (Normalizer::sharingKey: a phone
        // number's digits); only valid results are shared, a problem keeps its own raw value.
        const QString contextKey =
            u"%1\x1f%2\x1f%3\x1f"_s.arg(context.defaultRegion, context.dateOrder).arg(context.moneyScale);
        std::vector<Normalized> results(distinct.size());
        std::vector<QString> sharingKeys(distinct.size());
        std::vector<std::size_t> todo;
        for (std::size_t i = 0; i < distinct.size(); ++i) {
            const QString key = Normalizer::sharingKey(data.field.type, rawPool.string(distinct[i]));
            if (!key.isEmpty()) {
                sharingKeys[i] = contextKey + key;
                const auto known = okByKey.constFind(sharingKeys[i]);
                if (known != okByKey.cend()) {
                    results[i] = known.value();
                    continue;
                }
            }
            todo.push_back(i);
        }
        std::atomic<std::size_t> next{0};
        auto work = [&](int) {
            constexpr std::size_t kChunk = 256;
            for (std::size_t begin = next.fetch_add(kChunk); begin < todo.size() && !isCancelled(cancel);
                 begin = next.fetch_add(kChunk)) {
                const std::size_t end = std::min(todo.size(), begin + kChunk);
                for (std::size_t t = begin; t < end; ++t)
                    results[todo[t]] =
                        Normalizer::apply(data.field.type, rawPool.string(distinct[todo[t]]), context);
            }
        };
        runWorkers(std::min<int>(workers, static_cast<int>(todo.size() / 1024) + 1), work);
        if (isCancelled(cancel))
            return;
        for (std::size_t i : todo) {
            if (!sharingKeys[i].isEmpty() && results[i].ok())
                okByKey.insert(sharingKeys[i], results[i]);
        }

        struct Interned
        {
            Id value;
            Id key;
        };
        std::vector<Interned> interned(distinct.size());
        for (std::size_t i = 0; i < distinct.size(); ++i) {
            const Normalized& r = results[i];
            interned[i] = {r.value.isEmpty() ? StringPool::NullId : data.pool->intern(r.value),
                           r.key.isEmpty() ? StringPool::NullId : data.pool->intern(r.key)};
            if (!r.problem.isEmpty()) {
                data.problemOfRaw.insert(distinct[i], r.problem);
                if (problemSamples < kProblemSamplesPerField) {
                    ++problemSamples;
                    const qsizetype row = [&] {
                        for (qsizetype x = 0; x < system.rowCount(); ++x) {
                            if (system.valueId(x, column) == distinct[i])
                                return x;
                        }
                        return qsizetype(0);
                    }();
                    samples.append(NormalizationProblem{system.system(), system.sourceId(row),
                                                        data.field.name, rawPool.string(distinct[i]),
                                                        r.problem});
                }
            }
        }
        for (qsizetype row = 0; row < system.rowCount(); ++row) {
            const Record r = first + static_cast<Record>(row);
            const Id rawId = data.raw[r];
            if (rawId == StringPool::NullId)
                continue;
            const Interned& hit = interned[slotOfRaw.value(rawId)];
            data.value[r] = hit.value;
            data.key[r] = hit.key;
            if (data.problemOfRaw.contains(rawId))
                ++data.problemCount;
        }
    }
}

void NormalizedSnapshot::deriveField(const DerivedField& d)
{
    FieldData& target = m_fields[static_cast<std::size_t>(fieldIndex(d.field))];
    std::vector<const FieldData*> sources;
    for (const QString& name : d.from)
        sources.push_back(&m_fields[static_cast<std::size_t>(fieldIndex(name))]);
    Normalizer normalizer;
    const NormalizeContext context;
    for (Record r = 0; r < m_recordCount; ++r) {
        if (target.value[r] != StringPool::NullId)
            continue; // derive only what the system does not hold itself
        QString derivedText;
        if (d.kind == "join"_L1) {
            QStringList parts;
            for (const FieldData* source : sources) {
                const QString part = source->pool->string(source->value[r]);
                if (!part.isEmpty())
                    parts << part;
            }
            if (parts.size() == static_cast<qsizetype>(sources.size()))
                derivedText = parts.join(u' ');
        } else {
            const QString whole = sources.front()->pool->string(sources.front()->value[r]);
            const QStringList tokens = whole.split(u' ', Qt::SkipEmptyParts);
            if (tokens.size() >= 2)
                derivedText = d.kind == "first_token"_L1 ? tokens.first() : tokens.last();
        }
        if (derivedText.isEmpty())
            continue;
        const Normalized result = normalizer.normalize(target.field.type, derivedText, context);
        if (!result.value.isEmpty())
            target.value[r] = target.pool->intern(result.value);
        if (!result.key.isEmpty())
            target.key[r] = target.pool->intern(result.key);
        target.derived[r] = true;
    }
}

} // namespace concord
