// The field-ownership matrix, per-field policies and the system of record.
#include "Workspace.h"
#include "resolve/Resolver.h"

#include <QSqlError>
#include <QSqlQuery>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
const QStringList kRules{u"owner"_s, u"priority"_s, u"recency"_s};
}

Result<void> validateGovernance(const WorkspaceConfig& config)
{
    QStringList systems;
    for (const SystemConfig& s : config.systems)
        systems << s.name;
    QStringList fields;
    for (const CanonicalField& f : config.fields)
        fields << f.name;
    QSet<QString> seen;
    for (const FieldGovernance& g : config.governance) {
        if (!fields.contains(g.field))
            return makeError(u"ownership: '%1' is not a canonical field"_s.arg(g.field));
        if (seen.contains(g.field))
            return makeError(u"ownership: field '%1' is listed twice"_s.arg(g.field));
        seen.insert(g.field);
        for (qsizetype i = 0; i < g.owners.size(); ++i) {
            const QString& owner = g.owners[i];
            if (!systems.contains(owner))
                return makeError(u"ownership: field '%1' names unknown system '%2'"_s.arg(g.field, owner));
            // Stored as one row per (field, system): a repeated name would fail as a bare
            // constraint error that names neither.
            if (g.owners.indexOf(owner) != i)
                return makeError(u"ownership: field '%1' names system '%2' twice"_s.arg(g.field, owner));
        }
        if (!kRules.contains(g.rule))
            return makeError(u"ownership: field '%1': rule '%2' must be one of %3"_s.arg(
                g.field, g.rule, kRules.join(u", "_s)));
        for (const QString& p : g.priority) {
            if (!systems.contains(p))
                return makeError(
                    u"ownership: field '%1': priority names unknown system '%2'"_s.arg(g.field, p));
        }
        if (g.rule == "priority"_L1 && g.priority.isEmpty())
            return makeError(
                u"ownership: field '%1' uses rule 'priority' but lists no systems"_s.arg(g.field));
        if (g.anomalyRatio < 0 || (g.anomalyRatio > 0 && g.anomalyRatio <= 1))
            return makeError(
                u"ownership: field '%1': the anomaly ratio must be 0 (off) or above 1"_s.arg(g.field));
        if (g.anomalyYears < 0)
            return makeError(u"ownership: field '%1': anomaly years cannot be negative"_s.arg(g.field));
    }
    if (!config.recordOwner.isEmpty() && !systems.contains(config.recordOwner))
        return makeError(u"ownership: the system of record '%1' is not a system"_s.arg(config.recordOwner));
    return {};
}

QStringList ownershipProblems(const WorkspaceConfig& config)
{
    QList<OwnershipEntry> entries;
    for (const FieldGovernance& g : config.governance) {
        for (const QString& owner : g.owners)
            entries.append(OwnershipEntry{g.field, owner});
    }
    QStringList fields;
    for (const CanonicalField& f : config.fields)
        fields << f.name;
    QStringList systems;
    for (const SystemConfig& s : config.systems)
        systems << s.name;
    QStringList problems = validateOwnership(entries, fields, systems);
    if (config.recordOwner.isEmpty())
        problems << u"no system of record is set (the system whose deletions count)"_s;
    return problems;
}

Result<QList<FieldGovernance>> Workspace::governance() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT f.name, p.resolution_rule, p.priority_systems, p.high_stakes, p.sensitive, "
                u"p.anomaly_ratio,"
                " p.anomaly_years FROM canonical_fields f LEFT JOIN field_policies p ON p.field_name = f.name"
                " ORDER BY f.position, f.name"_s))
        return makeError(u"%1: cannot read field policies: %2"_s.arg(m_path, q.lastError().text()));
    QList<FieldGovernance> list;
    while (q.next()) {
        FieldGovernance g;
        g.field = q.value(0).toString();
        if (!q.value(1).isNull()) {
            g.rule = q.value(1).toString();
            g.priority = q.value(2).toString().split(u',', Qt::SkipEmptyParts);
            g.highStakes = q.value(3).toInt() != 0;
            g.sensitive = q.value(4).toInt() != 0;
            g.anomalyRatio = q.value(5).toDouble();
            g.anomalyYears = q.value(6).toInt();
        }
        list.append(g);
    }
    QSqlQuery owners(m_db);
    if (!owners.exec(u"SELECT o.field_name, o.system_name FROM field_ownership o JOIN systems s ON s.name = "
                     u"o.system_name"
                     " ORDER BY s.position"_s))
        return makeError(u"%1: cannot read field ownership: %2"_s.arg(m_path, owners.lastError().text()));
    while (owners.next()) {
        for (FieldGovernance& g : list) {
            if (g.field == owners.value(0).toString())
                g.owners << owners.value(1).toString();
        }
    }
    return list;
}

Result<void> Workspace::writeGovernance(const FieldGovernance& g)
{
    if (auto r = exec(u"DELETE FROM field_ownership WHERE field_name = ?"_s, {g.field}); !r)
        return r;
    for (const QString& owner : g.owners) {
        if (auto r = exec(u"INSERT INTO field_ownership (field_name, system_name) VALUES (?, ?)"_s,
                          {g.field, owner});
            !r)
            return r;
    }
    if (auto r = exec(u"DELETE FROM field_policies WHERE field_name = ?"_s, {g.field}); !r)
        return r;
    return exec(
        u"INSERT INTO field_policies (field_name, resolution_rule, priority_systems, high_stakes, sensitive,"
        " anomaly_ratio, anomaly_years) VALUES (?,?,?,?,?,?,?)"_s,
        {g.field, g.rule, g.priority.join(u','), g.highStakes ? 1 : 0, g.sensitive ? 1 : 0, g.anomalyRatio,
         g.anomalyYears});
}

Result<void> Workspace::setGovernance(const FieldGovernance& governance)
{
    auto current = config();
    if (!current)
        return current.error();
    bool replaced = false;
    for (FieldGovernance& g : current->governance) {
        if (g.field == governance.field) {
            g = governance;
            replaced = true;
        }
    }
    if (!replaced)
        current->governance.append(governance);
    if (auto ok = validateGovernance(*current); !ok)
        return ok;
    return inTransaction(u"set field ownership"_s, [&]() { return writeGovernance(governance); });
}

Result<void> Workspace::writeSetting(const QString& key, const QString& value)
{
    if (auto r = exec(u"DELETE FROM settings WHERE setting_key = ?"_s, {key}); !r)
        return r;
    if (value.isEmpty())
        return {};
    return exec(u"INSERT INTO settings (setting_key, setting_value) VALUES (?, ?)"_s, {key, value});
}

Result<QString> Workspace::recordOwner() const
{
    QSqlQuery q(m_db);
    if (!q.exec(u"SELECT setting_value FROM settings WHERE setting_key = 'record_owner'"_s))
        return makeError(u"%1: cannot read the system of record: %2"_s.arg(m_path, q.lastError().text()));
    return q.next() ? q.value(0).toString() : QString();
}

Result<void> Workspace::setRecordOwner(const QString& system)
{
    if (auto s = this->system(system); !s)
        return s.error();
    return inTransaction(u"set the system of record"_s,
                         [&]() { return writeSetting(u"record_owner"_s, system); });
}

Result<QStringList> Workspace::validateOwnership() const
{
    auto current = config();
    if (!current)
        return current.error();
    return ownershipProblems(*current);
}

} // namespace concord
