// The field-ownership matrix and the policy checks: every field has exactly one system of
// record. Building the matrix surfaces the fields two teams both think they own, which is
// where drift comes from, so each overlap is reported by name.
#include "Resolver.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// "crm", "crm and quoting", "crm, quoting and accounting"
QString joinNames(const QStringList& names)
{
    if (names.size() <= 1)
        return names.value(0);
    return names.mid(0, names.size() - 1).join(u", "_s) + u" and "_s + names.last();
}
} // namespace

QStringList resolutionRules()
{
    return {u"owner"_s, u"priority"_s, u"recency"_s};
}

QString reviewKindName(ReviewKind kind)
{
    switch (kind) {
    case ReviewKind::AmbiguousMatch:
        return u"ambiguous_match"_s;
    case ReviewKind::Duplicate:
        return u"duplicate"_s;
    case ReviewKind::Conflict:
        return u"conflict"_s;
    case ReviewKind::HighStakes:
        return u"high_stakes"_s;
    case ReviewKind::Anomaly:
        return u"anomaly"_s;
    case ReviewKind::PartialUpdate:
        return u"partial_update"_s;
    case ReviewKind::Deletion:
        return u"deletion"_s;
    }
    return {};
}

std::optional<ReviewKind> reviewKindFromName(const QString& name)
{
    for (ReviewKind kind :
         {ReviewKind::AmbiguousMatch, ReviewKind::Duplicate, ReviewKind::Conflict, ReviewKind::HighStakes,
          ReviewKind::Anomaly, ReviewKind::PartialUpdate, ReviewKind::Deletion}) {
        if (reviewKindName(kind) == name)
            return kind;
    }
    return std::nullopt;
}

QStringList validateOwnership(const QList<OwnershipEntry>& entries, const QStringList& fields,
                              const QStringList& systems)
{
    QStringList problems;
    for (const QString& field : fields) {
        QStringList owners; // distinct, in entry order
        for (const OwnershipEntry& e : entries) {
            if (e.field == field && !owners.contains(e.system))
                owners.append(e.system);
        }
        if (owners.isEmpty()) {
            problems.append(u"field '%1' has no owner"_s.arg(field));
            continue;
        }
        for (const QString& owner : owners) {
            if (!systems.contains(owner))
                problems.append(u"field '%1' is owned by unknown system '%2'"_s.arg(field, owner));
        }
        if (owners.size() > 1)
            problems.append(u"field '%1' is owned by %2"_s.arg(field, joinNames(owners)));
    }
    QSet<QString> reported;
    for (const OwnershipEntry& e : entries) {
        if (fields.contains(e.field) || reported.contains(e.field))
            continue;
        reported.insert(e.field);
        problems.append(
            u"ownership names '%1', which is not a canonical field (owned by %2)"_s.arg(e.field, e.system));
    }
    return problems;
}

QStringList validatePolicies(const QList<FieldPolicy>& policies, const QStringList& fields,
                             const QStringList& systems)
{
    QList<OwnershipEntry> entries;
    QStringList problems;
    QSet<QString> seen;
    for (const FieldPolicy& p : policies) {
        if (seen.contains(p.field))
            problems.append(u"field '%1' has more than one policy"_s.arg(p.field));
        seen.insert(p.field);
        if (!p.owner.isEmpty())
            entries.append({p.field, p.owner});
        if (!resolutionRules().contains(p.rule))
            problems.append(u"field '%1': unknown rule '%2' (known: %3)"_s.arg(
                p.field, p.rule, resolutionRules().join(u", "_s)));
        if (p.rule == "priority"_L1 && p.priority.isEmpty())
            problems.append(u"field '%1': rule 'priority' needs a priority order of systems"_s.arg(p.field));
        for (const QString& s : p.priority) {
            if (!systems.contains(s))
                problems.append(u"field '%1': priority names unknown system '%2'"_s.arg(p.field, s));
        }
        if (p.anomalyRatio < 0 || (p.anomalyRatio > 0 && p.anomalyRatio <= 1))
            problems.append(u"field '%1': anomaly ratio %2 must be 0 (off) or above 1"_s.arg(p.field).arg(
                p.anomalyRatio));
        if (p.anomalyYears < 0)
            problems.append(
                u"field '%1': anomaly years %2 must be 0 (off) or more"_s.arg(p.field).arg(p.anomalyYears));
    }
    return validateOwnership(entries, fields, systems) + problems;
}

} // namespace concord
