// The resolution stage: per entity and field, who is right (owner, then priority, then
// recency), which records must change, and which of those changes a person must approve.
// Blanks never win: an update that carried only some fields must not wipe the rest.
#include "Resolver.h"

#include "normalize/TextFolding.h"

#include <QDateTime>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

using Record = NormalizedSnapshot::Record;
using Id = StringPool::Id;

// One record of the entity whose system maps the field.
struct Member
{
    Record record = 0;
    int system = 0;
    Id value = StringPool::NullId; // what the system holds itself (a derived value is not held)
    qint64 time = 0;               // ms since epoch, 0 = unknown
    bool usable = false;           // a value that normalized cleanly: one that may win
};

// How one field is resolved, with the systems looked up once.
struct FieldSetup
{
    int field = -1;
    const FieldPolicy* policy = nullptr;
    int owner = -1;            // system index, -1 when not loaded
    std::vector<int> priority; // system indexes, in order
};

// Who won and why; winner == nullptr when nothing settles the value.
struct Pick
{
    const Member* winner = nullptr;
    QString rule;
    QString reason;
    std::optional<ReviewKind> review;
    QStringList reviewReasons;
};

// When several reasons apply, the kind shown is the most alarming one; every reason is kept.
int severity(ReviewKind kind)
{
    switch (kind) {
    case ReviewKind::Anomaly:
        return 5;
    case ReviewKind::Conflict:
        return 4;
    case ReviewKind::PartialUpdate:
        return 3;
    case ReviewKind::HighStakes:
        return 2;
    default:
        return 1;
    }
}

void flag(std::optional<ReviewKind>& review, QStringList& reasons, ReviewKind kind, const QString& reason)
{
    if (!review || severity(kind) > severity(*review))
        review = kind;
    if (!reasons.contains(reason))
        reasons.append(reason);
}

QString formatTime(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(u"yyyy-MM-dd'T'HH:mm"_s);
}

// Most recent first; unknown times last; then record order, so every tie is deterministic.
bool newerFirst(const Member* a, const Member* b)
{
    if (a->time != b->time)
        return a->time > b->time;
    return a->record < b->record;
}

class FieldResolver
{
public:
    FieldResolver(const NormalizedSnapshot& data, const FieldSetup& setup)
        : m_data(data)
        , m_setup(setup)
        , m_policy(*setup.policy)
        , m_name(data.field(setup.field).field.name)
        , m_type(data.field(setup.field).field.type)
    {}

    Pick decide(const std::vector<Member>& members) const
    {
        std::vector<const Member*> usable;
        for (const Member& m : members) {
            if (m.usable)
                usable.push_back(&m);
        }
        if (m_policy.rule == "recency"_L1)
            return byRecencyRule(members, usable);
        if (m_policy.rule == "priority"_L1)
            return fallback(usable);
        return byOwner(members, usable);
    }

    // The winner is the outlier when every other record's value lies beyond the anomaly
    // bounds from it; one other record holding the same value vouches for it.
    QString outlierReason(const std::vector<Member>& members, const Member& winner) const
    {
        QString first;
        for (const Member& m : members) {
            if (&m == &winner || !m.usable)
                continue;
            if (m.value == winner.value)
                return {};
            const QString why = anomalyReason(m_type, text(m), text(winner), m_policy);
            if (why.isEmpty())
                return {};
            if (first.isEmpty())
                first = u"%1 held by %2"_s.arg(why, systemName(m));
        }
        if (first.isEmpty())
            return {};
        return u"the winning value (%1) is the outlier: %2"_s.arg(systemName(winner), first);
    }

    // A value that is another record's value with its diacritics stripped ("Jose Nunez" from
    // a legacy ASCII ledger, "José Núñez" elsewhere) is the same value written poorly: the
    // spelling with diacritics is decided, so the ASCII form is never written over it.
    void preferDiacritics(const std::vector<Member>& members, Pick& pick) const
    {
        const QString won = text(*pick.winner);
        const auto isAscii = [](const QString& s) {
            return std::all_of(s.begin(), s.end(), [](QChar c) { return c.unicode() < 0x80; });
        };
        if (!isAscii(won))
            return;
        for (const Member& m : members) {
            if (!m.usable || m.value == pick.winner->value)
                continue;
            const QString richer = text(m);
            if (!isAscii(richer) && normalize_detail::removeDiacritics(richer) == won) {
                pick.reason += u"; written with its diacritics as %1 holds it"_s.arg(systemName(m));
                pick.winner = &m;
                return;
            }
        }
    }

    QString text(const Member& m) const { return m_data.fieldPool(m_setup.field).string(m.value); }
    QString systemName(const Member& m) const { return m_data.system(m.system).system(); }
    QString systemName(int system) const { return m_data.system(system).system(); }
    const QString& name() const { return m_name; }
    const QString& type() const { return m_type; }

private:
    Pick byOwner(const std::vector<Member>& members, const std::vector<const Member*>& usable) const
    {
        std::vector<const Member*> owned;
        for (const Member& m : members) {
            if (m.system == m_setup.owner)
                owned.push_back(&m);
        }
        if (owned.empty()) {
            Pick pick = fallback(usable);
            const QString prefix = m_policy.owner.isEmpty() ? u"%1 has no owner; "_s.arg(m_name)
                                   : m_setup.owner >= 0 && !m_data.isMapped(m_setup.field, m_setup.owner)
                                       ? u"%1 owns %2 but does not hold it; "_s.arg(m_policy.owner, m_name)
                                       : u"%1 owns %2 but has no record here; "_s.arg(m_policy.owner, m_name);
            pick.reason = prefix + pick.reason;
            return pick;
        }
        std::sort(owned.begin(), owned.end(), newerFirst);
        const Member& primary = *owned.front();
        const QString owner = systemName(primary);
        const QString duplicateNote =
            owned.size() > 1 ? u" (the most recent of its %1 records here, %2)"_s.arg(owned.size())
                                   .arg(m_data.sourceId(primary.record))
                             : QString();
        if (primary.usable) {
            Pick pick;
            pick.winner = &primary;
            pick.rule = u"owner"_s;
            pick.reason = u"%1 owns %2"_s.arg(owner, m_name) + duplicateNote;
            // A later edit elsewhere is someone writing a field their system does not own, or
            // the owner lagging behind. Writing the owner's older value over it would destroy newer
            // data without anyone seeing it: a person decides (approving lets the owner win).
            // Timestamps are per row: a later row holding a value some record had before the
            // owner's edit is a stale copy touched for another reason, not a later edit.
            auto heldEarlier = [&](const Member& later) {
                for (const Member& other : members) {
                    if (&other != &later && other.value == later.value && other.time <= primary.time)
                        return true;
                }
                return false;
            };
            for (const Member* m : usable) {
                if (m->value != primary.value && m->time > primary.time && primary.time > 0 &&
                    !heldEarlier(*m)) {
                    const QString later = u"%1's later edit (%2)"_s.arg(systemName(*m), formatTime(m->time));
                    pick.reason += u"; "_s + later + u" would be overwritten"_s;
                    flag(pick.review, pick.reviewReasons, ReviewKind::Conflict,
                         later + u" differs from the owner's older value: approve to let "_s + owner +
                             u" win"_s);
                    break;
                }
            }
            return pick;
        }

        std::vector<const Member*> others;
        for (const Member* m : usable) {
            if (m != &primary)
                others.push_back(m);
        }
        QString why;
        ReviewKind kind = ReviewKind::Conflict;
        if (primary.value == StringPool::NullId) {
            kind = ReviewKind::PartialUpdate;
            why =
                u"%1's %2 is blank while %3 hold%4 a value: a likely partial update, not propagated as a blank"_s
                    .arg(owner, m_name, holders(others), others.size() == 1 ? u"s"_s : QString());
        } else {
            why = u"%1 owns %2 but holds '%3', which is not a valid %4 (%5)"_s.arg(
                owner, m_name, m_data.rawValue(m_setup.field, primary.record), m_type,
                m_data.problem(m_setup.field, primary.record));
        }
        Pick pick = fallback(others);
        pick.reason = (primary.value == StringPool::NullId ? u"%1 owns %2 but its value is blank; "_s
                                                           : u"%1 owns %2 but its value is not valid; "_s)
                          .arg(owner, m_name) +
                      pick.reason;
        flag(pick.review, pick.reviewReasons, kind, why);
        return pick;
    }

    // The steward's priority order if there is one, else recency, else no decision.
    Pick fallback(const std::vector<const Member*>& candidates) const
    {
        for (int system : m_setup.priority) {
            std::vector<const Member*> held;
            for (const Member* m : candidates) {
                if (m->system == system)
                    held.push_back(m);
            }
            if (held.empty())
                continue;
            std::sort(held.begin(), held.end(), newerFirst);
            Pick pick;
            pick.winner = held.front();
            pick.rule = u"priority"_s;
            pick.reason = u"%1 comes first in the priority order (%2) with a value"_s.arg(
                systemName(system), m_policy.priority.join(u", "_s));
            if (held.size() > 1)
                pick.reason += u" (the most recent of its %1 records here)"_s.arg(held.size());
            return pick;
        }
        return byRecency(candidates);
    }

    // The most recent value, when the times say so for certain.
    Pick byRecency(const std::vector<const Member*>& candidates) const
    {
        Pick pick;
        pick.rule = u"recency"_s;
        if (candidates.empty()) {
            flag(pick.review, pick.reviewReasons, ReviewKind::Conflict,
                 u"no system holds a valid value of %1"_s.arg(m_name));
            return pick;
        }
        std::vector<const Member*> sorted = candidates;
        std::sort(sorted.begin(), sorted.end(), newerFirst);
        const Member* top = sorted.front();
        bool oneValue = true;
        bool settled = top->time > 0;
        for (const Member* m : sorted) {
            if (m->value == top->value)
                continue;
            oneValue = false;
            if (m->time == 0 || m->time >= top->time)
                settled = false;
        }
        if (oneValue) {
            pick.winner = top;
            pick.reason = top->time > 0
                              ? u"%1 edited it last (%2)"_s.arg(systemName(*top), formatTime(top->time))
                              : u"the only value held (by %1)"_s.arg(holders(sorted));
            return pick;
        }
        if (settled) {
            pick.winner = top;
            pick.reason = u"%1 edited it last (%2)"_s.arg(systemName(*top), formatTime(top->time));
            return pick;
        }
        QStringList values;
        for (const Member* m : sorted) {
            values.append(u"%1 %2 '%3' (%4)"_s.arg(systemName(*m), m_data.sourceId(m->record), text(*m),
                                                   m->time > 0 ? formatTime(m->time) : u"time unknown"_s));
        }
        pick.reason = u"the values differ and no rule settles them"_s;
        flag(pick.review, pick.reviewReasons, ReviewKind::Conflict,
             u"no rule settles %1: %2"_s.arg(m_name, values.join(u", "_s)));
        return pick;
    }

    // "recency" proper: a blank written after the value it replaced is a likely partial update.
    Pick byRecencyRule(const std::vector<Member>& members, const std::vector<const Member*>& usable) const
    {
        Pick pick = byRecency(usable);
        if (!pick.winner)
            return pick;
        const Member* latestBlank = nullptr;
        for (const Member& m : members) {
            if (m.value == StringPool::NullId && m.time > pick.winner->time && pick.winner->time > 0 &&
                (!latestBlank || newerFirst(&m, latestBlank)))
                latestBlank = &m;
        }
        if (latestBlank) {
            flag(pick.review, pick.reviewReasons, ReviewKind::PartialUpdate,
                 u"the most recent update (%1, %2) blanked %3 while %4 hold%5 a value: a likely partial "
                 u"update, "
                 u"not propagated as a blank"_s.arg(systemName(*latestBlank), formatTime(latestBlank->time),
                                                    m_name, holders(usable),
                                                    usable.size() == 1 ? u"s"_s : QString()));
        }
        return pick;
    }

    // "quoting and accounting": the distinct systems, in the given order.
    QString holders(const std::vector<const Member*>& members) const
    {
        QStringList names;
        for (const Member* m : members) {
            const QString n = systemName(*m);
            if (!names.contains(n))
                names.append(n);
        }
        if (names.size() <= 1)
            return names.value(0);
        return names.mid(0, names.size() - 1).join(u", "_s) + u" and "_s + names.last();
    }

    const NormalizedSnapshot& m_data;
    const FieldSetup& m_setup;
    const FieldPolicy& m_policy;
    QString m_name;
    QString m_type;
};

// The field setups in field order, plus warnings for what cannot be resolved.
std::vector<FieldSetup> setUp(const NormalizedSnapshot& data, const QList<FieldPolicy>& policies,
                              QStringList& warnings)
{
    std::vector<FieldSetup> setups;
    std::vector<const FieldPolicy*> policyOf(static_cast<std::size_t>(data.fieldCount()), nullptr);
    for (const FieldPolicy& p : policies) {
        const int f = data.fieldIndex(p.field);
        if (f < 0) {
            warnings.append(u"policy for '%1': not a field of the snapshot"_s.arg(p.field));
            continue;
        }
        if (policyOf[static_cast<std::size_t>(f)]) {
            warnings.append(u"field '%1' has more than one policy: the first is used"_s.arg(p.field));
            continue;
        }
        if (!resolutionRules().contains(p.rule)) {
            warnings.append(u"field '%1': unknown rule '%2': not resolved"_s.arg(p.field, p.rule));
            continue;
        }
        policyOf[static_cast<std::size_t>(f)] = &p;
    }
    for (int f = 0; f < data.fieldCount(); ++f) {
        const FieldPolicy* p = policyOf[static_cast<std::size_t>(f)];
        if (!p) {
            warnings.append(u"field '%1' has no policy: its differences are not resolved"_s.arg(
                data.field(f).field.name));
            continue;
        }
        FieldSetup s;
        s.field = f;
        s.policy = p;
        s.owner = p->owner.isEmpty() ? -1 : data.systemIndex(p->owner);
        if (!p->owner.isEmpty() && s.owner < 0)
            warnings.append(u"field '%1': owner '%2' is not a loaded system"_s.arg(p->field, p->owner));
        for (const QString& name : p->priority) {
            const int system = data.systemIndex(name);
            if (system < 0)
                warnings.append(
                    u"field '%1': priority system '%2' is not a loaded system"_s.arg(p->field, name));
            else
                s.priority.push_back(system);
        }
        setups.push_back(std::move(s));
    }
    return setups;
}

} // namespace

Resolution resolve(const NormalizedSnapshot& data, const MatchResult& match,
                   const QList<FieldPolicy>& policies, const std::vector<qint64>& timestamps,
                   const ResolveOptions& options)
{
    Resolution out;
    const std::vector<FieldSetup> setups = setUp(data, policies, out.warnings);
    int recordOwner = -1;
    if (!options.recordOwner.isEmpty()) {
        recordOwner = data.systemIndex(options.recordOwner);
        if (recordOwner < 0)
            out.warnings.append(
                u"system of record '%1' is not a loaded system: no ghost check"_s.arg(options.recordOwner));
    }

    // Records grouped by entity, in record order.
    const Record records = std::min<Record>(data.recordCount(), static_cast<Record>(match.clusterOf.size()));
    std::vector<std::uint32_t> start(std::size_t(match.clusterCount) + 1, 0);
    for (Record r = 0; r < records; ++r)
        ++start[match.clusterOf[r] + 1];
    for (std::size_t i = 1; i < start.size(); ++i)
        start[i] += start[i - 1];
    std::vector<Record> grouped(records);
    {
        std::vector<std::uint32_t> fill(start.begin(), start.end() - 1);
        for (Record r = 0; r < records; ++r)
            grouped[fill[match.clusterOf[r]]++] = r;
    }
    auto timeOf = [&](Record r) {
        return r < timestamps.size() ? timestamps[r] : qint64(0);
    };

    std::vector<Member> members;
    for (std::uint32_t entity = 0; entity < match.clusterCount; ++entity) {
        const Record* begin = grouped.data() + start[entity];
        const Record* end = grouped.data() + start[entity + 1];
        if (begin == end)
            continue;
        if (recordOwner >= 0 &&
            std::none_of(begin, end, [&](Record r) { return data.systemOf(r) == recordOwner; })) {
            Ghost ghost;
            ghost.entity = entity;
            QStringList held;
            for (const Record* r = begin; r != end; ++r) {
                ghost.records.append(*r);
                held.append(data.system(data.systemOf(*r)).system() + u' ' + data.sourceId(*r));
            }
            ghost.reason = u"no record in %1, the system of record (deleted there?); still held by %2"_s.arg(
                options.recordOwner, held.join(u", "_s));
            out.ghosts.append(ghost);
            continue;
        }
        if (end - begin < 2)
            continue;

        for (const FieldSetup& setup : setups) {
            const int f = setup.field;
            const auto& field = data.field(f);
            members.clear();
            for (const Record* r = begin; r != end; ++r) {
                const int system = data.systemOf(*r);
                if (!data.isMapped(f, system))
                    continue;
                Member m;
                m.record = *r;
                m.system = system;
                m.value = field.derived[*r] ? StringPool::NullId : field.value[*r];
                m.time = timeOf(*r);
                m.usable = m.value != StringPool::NullId && !field.problemOfRaw.contains(field.raw[*r]);
                members.push_back(m);
            }
            if (members.size() < 2)
                continue;
            const bool same = std::all_of(members.begin(), members.end(),
                                          [&](const Member& m) { return m.value == members.front().value; });
            if (same) {
                ++out.agreed; // every record holds the same value (or every one is blank: nothing to take)
                continue;
            }

            const FieldResolver resolver(data, setup);
            Pick pick = resolver.decide(members);
            FieldDecision d;
            d.entity = entity;
            d.field = f;
            d.rule = pick.rule;
            d.reason = pick.reason;
            if (pick.winner) {
                resolver.preferDiacritics(members, pick);
                d.reason = pick.reason;
                d.value = resolver.text(*pick.winner);
                d.source = pick.winner->record;
                const QString outlier = resolver.outlierReason(members, *pick.winner);
                if (!outlier.isEmpty())
                    flag(pick.review, pick.reviewReasons, ReviewKind::Anomaly, outlier);
                if (setup.policy->highStakes)
                    flag(pick.review, pick.reviewReasons, ReviewKind::HighStakes,
                         u"%1 is high-stakes: every change needs approval"_s.arg(resolver.name()));
            } else if (!pick.review) {
                flag(pick.review, pick.reviewReasons, ReviewKind::Conflict,
                     u"no rule settles %1"_s.arg(resolver.name()));
            }
            d.review = pick.review;
            d.reviewReason = pick.reviewReasons.join(u"; "_s);
            out.decisions.append(d);
            if (!pick.winner)
                continue;

            // Every other record that does not hold the decided value: a write (filling a blank too).
            for (const Member& m : members) {
                if (&m == pick.winner || m.value == pick.winner->value)
                    continue;
                ProposedChange c;
                c.entity = entity;
                c.field = f;
                c.target = m.record;
                c.before = data.rawValue(f, m.record);
                c.beforeNormalized = m.value == StringPool::NullId ? QString() : resolver.text(m);
                c.after = d.value;
                c.source = pick.winner->record;
                c.rule = d.rule;
                c.reason = d.reason;
                std::optional<ReviewKind> review = pick.review;
                QStringList reasons = pick.reviewReasons;
                if (m.usable) {
                    const QString jump =
                        anomalyReason(resolver.type(), c.beforeNormalized, c.after, *setup.policy);
                    if (!jump.isEmpty())
                        flag(review, reasons, ReviewKind::Anomaly,
                             u"%1 would change from %2: %3"_s.arg(resolver.systemName(m), c.beforeNormalized,
                                                                  jump));
                }
                c.review = review;
                c.reviewReason = reasons.join(u"; "_s);
                out.changes.append(c);
            }
        }
    }
    return out;
}

} // namespace concord
