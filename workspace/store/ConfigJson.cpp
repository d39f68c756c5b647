#include "ConfigJson.h"

#include "Workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

using namespace Qt::StringLiterals;

namespace concord::ConfigJson {

namespace {
constexpr int kFormatVersion = 1;

QJsonObject systemToJson(const SystemConfig& s)
{
    QJsonObject o;
    o.insert(u"name"_s, s.name);
    o.insert(u"driver"_s, s.driver);
    if (!s.host.isEmpty())
        o.insert(u"host"_s, s.host);
    if (s.port > 0)
        o.insert(u"port"_s, s.port);
    o.insert(u"database"_s, s.database);
    if (!s.user.isEmpty())
        o.insert(u"user"_s, s.user);
    o.insert(u"entity"_s, s.entity);
    if (!s.keyColumn.isEmpty())
        o.insert(u"keyColumn"_s, s.keyColumn);
    if (!s.versionColumn.isEmpty())
        o.insert(u"versionColumn"_s, s.versionColumn);
    if (!s.defaultRegion.isEmpty())
        o.insert(u"defaultRegion"_s, s.defaultRegion);
    if (!s.dateOrder.isEmpty())
        o.insert(u"dateOrder"_s, s.dateOrder);
    if (s.readOnly)
        o.insert(u"readOnly"_s, true);
    if (!s.softDeleteColumn.isEmpty())
        o.insert(u"softDeleteColumn"_s, s.softDeleteColumn);
    if (!s.softDeleteValue.isEmpty())
        o.insert(u"softDeleteValue"_s, s.softDeleteValue);
    if (s.hardDelete)
        o.insert(u"hardDelete"_s, true);
    if (s.stampVersion)
        o.insert(u"stampVersion"_s, true);
    return o;
}

// Reads an optional string member, rejecting a member of the wrong type.
Result<QString> stringMember(const QJsonObject& o, const QString& key, const QString& where, bool required)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined() || v.isNull()) {
        if (required)
            return makeError(u"%1: missing \"%2\""_s.arg(where, key));
        return QString();
    }
    if (!v.isString())
        return makeError(u"%1: \"%2\" must be a string"_s.arg(where, key));
    return v.toString();
}

const QSet<QString> kSystemKeys{u"name"_s,          u"driver"_s,           u"host"_s,
                                u"port"_s,          u"database"_s,         u"user"_s,
                                u"entity"_s,        u"keyColumn"_s,        u"versionColumn"_s,
                                u"defaultRegion"_s, u"dateOrder"_s,        u"password"_s,
                                u"readOnly"_s,      u"softDeleteColumn"_s, u"softDeleteValue"_s,
                                u"hardDelete"_s,    u"stampVersion"_s};
const QSet<QString> kRootKeys{u"format"_s,   u"version"_s,  u"systems"_s,   u"fields"_s,
                              u"mappings"_s, u"matching"_s, u"ownership"_s, u"recordOwner"_s};
const QSet<QString> kOwnershipKeys{u"owner"_s,     u"rule"_s,         u"priority"_s,    u"highStakes"_s,
                                   u"sensitive"_s, u"anomalyRatio"_s, u"anomalyYears"_s};

Result<FieldGovernance> governanceFromJson(const QString& field, const QJsonValue& value,
                                           const QString& where)
{
    if (!value.isObject())
        return makeError(u"%1: must be an object"_s.arg(where));
    const QJsonObject o = value.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!kOwnershipKeys.contains(it.key()))
            return makeError(u"%1: unknown key \"%2\""_s.arg(where, it.key()));
    }
    FieldGovernance g;
    g.field = field;
    // A member of the wrong type is an error, never read as "not set": importing replaces the
    // whole matrix, so a mistyped rule would silently fall back to "owner".
    const QJsonValue owner = o.value(u"owner"_s);
    if (owner.isString()) {
        g.owners << owner.toString();
    } else if (owner.isArray()) {
        for (const QJsonValue& v : owner.toArray()) {
            if (!v.isString())
                return makeError(
                    u"%1: \"owner\" must be a system name or a list of system names"_s.arg(where));
            g.owners << v.toString();
        }
    } else if (!owner.isUndefined() && !owner.isNull()) {
        return makeError(u"%1: \"owner\" must be a system name or a list of system names"_s.arg(where));
    }
    const QJsonValue rule = o.value(u"rule"_s);
    if (!rule.isUndefined() && !rule.isString())
        return makeError(u"%1: \"rule\" must be owner, priority or recency"_s.arg(where));
    g.rule = rule.toString(g.rule);
    const QJsonValue priority = o.value(u"priority"_s);
    if (!priority.isUndefined() && !priority.isArray())
        return makeError(u"%1: \"priority\" must be a list of system names"_s.arg(where));
    for (const QJsonValue& v : priority.toArray()) {
        if (!v.isString())
            return makeError(u"%1: \"priority\" must be a list of system names"_s.arg(where));
        g.priority << v.toString();
    }
    for (auto [key, target] :
         {std::pair{u"highStakes"_s, &g.highStakes}, std::pair{u"sensitive"_s, &g.sensitive}}) {
        const QJsonValue v = o.value(key);
        if (!v.isUndefined() && !v.isBool())
            return makeError(u"%1: \"%2\" must be true or false"_s.arg(where, key));
        *target = v.toBool(false);
    }
    const QJsonValue ratio = o.value(u"anomalyRatio"_s);
    if (!ratio.isUndefined() && !ratio.isDouble())
        return makeError(u"%1: \"anomalyRatio\" must be a number"_s.arg(where));
    g.anomalyRatio = ratio.toDouble(g.anomalyRatio);
    const QJsonValue years = o.value(u"anomalyYears"_s);
    if (!years.isUndefined() &&
        (!years.isDouble() || years.toDouble() != static_cast<double>(years.toInt(-1))))
        return makeError(u"%1: \"anomalyYears\" must be a whole number"_s.arg(where));
    g.anomalyYears = years.toInt(g.anomalyYears);
    return g;
}
const QSet<QString> kFieldKeys{u"name"_s, u"type"_s, u"description"_s};

// A misspelt key must not be ignored: importing replaces the whole configuration, so a
// "mapping" typo would silently drop every mapping.
Result<void> checkKeys(const QJsonObject& o, const QSet<QString>& known, const QString& where)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!known.contains(it.key()))
            return makeError(u"%1: unknown key \"%2\""_s.arg(where, it.key()));
    }
    return {};
}

// An optional member holding a list; anything else is an error rather than an empty list.
Result<QJsonArray> arrayMember(const QJsonObject& o, const QString& key, const QString& origin)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return QJsonArray();
    if (!v.isArray())
        return makeError(u"%1: \"%2\" must be an array"_s.arg(origin, key));
    return v.toArray();
}
} // namespace

QJsonObject toJson(const WorkspaceConfig& config)
{
    QJsonObject root;
    root.insert(u"format"_s, u"concord-config"_s);
    root.insert(u"version"_s, kFormatVersion);
    QJsonArray systems;
    for (const SystemConfig& s : config.systems)
        systems.append(systemToJson(s));
    root.insert(u"systems"_s, systems);
    QJsonArray fields;
    for (const CanonicalField& f : config.fields) {
        QJsonObject o;
        o.insert(u"name"_s, f.name);
        o.insert(u"type"_s, f.type);
        if (!f.description.isEmpty())
            o.insert(u"description"_s, f.description);
        fields.append(o);
    }
    root.insert(u"fields"_s, fields);
    QJsonObject mappings;
    for (const SystemConfig& s : config.systems) {
        QJsonObject columns;
        for (const FieldMapping& m : config.mappings) {
            if (m.system == s.name)
                columns.insert(m.column, m.field);
        }
        mappings.insert(s.name, columns);
    }
    root.insert(u"mappings"_s, mappings);
    if (config.matching)
        root.insert(u"matching"_s, config.matching->toJson());
    QJsonObject ownership;
    for (const FieldGovernance& g : config.governance) {
        QJsonObject o;
        if (g.owners.size() == 1)
            o.insert(u"owner"_s, g.owners.first());
        else if (!g.owners.isEmpty())
            o.insert(u"owner"_s, QJsonArray::fromStringList(g.owners)); // an unfinished matrix, kept as it is
        o.insert(u"rule"_s, g.rule);
        if (!g.priority.isEmpty())
            o.insert(u"priority"_s, QJsonArray::fromStringList(g.priority));
        o.insert(u"highStakes"_s, g.highStakes);
        o.insert(u"sensitive"_s, g.sensitive);
        o.insert(u"anomalyRatio"_s, g.anomalyRatio);
        o.insert(u"anomalyYears"_s, g.anomalyYears);
        ownership.insert(g.field, o);
    }
    if (!ownership.isEmpty())
        root.insert(u"ownership"_s, ownership);
    if (!config.recordOwner.isEmpty())
        root.insert(u"recordOwner"_s, config.recordOwner);
    return root;
}

QByteArray toBytes(const WorkspaceConfig& config)
{
    return QJsonDocument(toJson(config)).toJson(QJsonDocument::Indented);
}

Result<WorkspaceConfig> fromBytes(const QByteArray& bytes, const QString& origin)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        const qsizetype offset = parseError.offset;
        const qsizetype line = bytes.left(offset).count('\n') + 1;
        return makeError(
            u"%1: line %2: invalid JSON: %3"_s.arg(origin).arg(line).arg(parseError.errorString()));
    }
    if (!doc.isObject())
        return makeError(u"%1: expected a JSON object at the top level"_s.arg(origin));
    const QJsonObject root = doc.object();
    if (auto known = checkKeys(root, kRootKeys, origin); !known)
        return known.error();
    if (root.value(u"format"_s).toString() != "concord-config"_L1)
        return makeError(
            u"%1: not a Concord configuration (\"format\" must be \"concord-config\")"_s.arg(origin));
    const int version = root.value(u"version"_s).toInt(-1);
    if (version < 1 || version > kFormatVersion)
        return makeError(
            u"%1: configuration format version %2 is not supported (this Concord reads 1 to %3)"_s.arg(origin)
                .arg(version)
                .arg(kFormatVersion));

    WorkspaceConfig config;
    const auto systemsMember = arrayMember(root, u"systems"_s, origin);
    if (!systemsMember)
        return systemsMember.error();
    const QJsonArray systems = *systemsMember;
    for (qsizetype i = 0; i < systems.size(); ++i) {
        const QString where = u"%1: systems[%2]"_s.arg(origin).arg(i);
        if (!systems[i].isObject())
            return makeError(u"%1: expected an object"_s.arg(where));
        const QJsonObject o = systems[i].toObject();
        if (auto known = checkKeys(o, kSystemKeys, where); !known)
            return known.error();
        if (o.contains(u"password"_s))
            return makeError(u"%1: passwords do not belong in a configuration file; use the keyring or the "
                             "CONCORD_PASSWORD_<SYSTEM> environment variable"_s.arg(where));
        SystemConfig s;
        struct Member
        {
            const char16_t* key;
            QString* target;
            bool required;
        };
        const Member members[] = {
            {u"name", &s.name, true},
            {u"driver", &s.driver, true},
            {u"host", &s.host, false},
            {u"database", &s.database, true},
            {u"user", &s.user, false},
            {u"entity", &s.entity, true},
            {u"keyColumn", &s.keyColumn, false},
            {u"versionColumn", &s.versionColumn, false},
            {u"defaultRegion", &s.defaultRegion, false},
            {u"dateOrder", &s.dateOrder, false},
            {u"softDeleteColumn", &s.softDeleteColumn, false},
            {u"softDeleteValue", &s.softDeleteValue, false},
        };
        for (const Member& m : members) {
            auto value = stringMember(o, QString::fromUtf16(m.key), where, m.required);
            if (!value)
                return value.error();
            *m.target = *value;
        }
        for (const auto& [key, target] :
             {std::pair{u"readOnly"_s, &s.readOnly}, std::pair{u"hardDelete"_s, &s.hardDelete},
              std::pair{u"stampVersion"_s, &s.stampVersion}}) {
            const QJsonValue flag = o.value(key);
            if (flag.isUndefined() || flag.isNull())
                continue;
            if (!flag.isBool())
                return makeError(u"%1: \"%2\" must be true or false"_s.arg(where, key));
            *target = flag.toBool();
        }
        const QJsonValue port = o.value(u"port"_s);
        if (!port.isUndefined() && !port.isNull()) {
            if (!port.isDouble() || port.toDouble() != static_cast<double>(port.toInt()))
                return makeError(u"%1: \"port\" must be a whole number"_s.arg(where));
            s.port = port.toInt();
        }
        config.systems.append(s);
    }
    const auto fieldsMember = arrayMember(root, u"fields"_s, origin);
    if (!fieldsMember)
        return fieldsMember.error();
    const QJsonArray fields = *fieldsMember;
    for (qsizetype i = 0; i < fields.size(); ++i) {
        const QString where = u"%1: fields[%2]"_s.arg(origin).arg(i);
        if (!fields[i].isObject())
            return makeError(u"%1: expected an object"_s.arg(where));
        const QJsonObject o = fields[i].toObject();
        if (auto known = checkKeys(o, kFieldKeys, where); !known)
            return known.error();
        CanonicalField f;
        auto name = stringMember(o, u"name"_s, where, true);
        if (!name)
            return name.error();
        auto type = stringMember(o, u"type"_s, where, false);
        if (!type)
            return type.error();
        auto description = stringMember(o, u"description"_s, where, false);
        if (!description)
            return description.error();
        f.name = *name;
        f.type = type->isEmpty() ? u"text"_s : *type;
        f.description = *description;
        config.fields.append(f);
    }
    const QJsonValue mappingsValue = root.value(u"mappings"_s);
    if (!mappingsValue.isUndefined() && !mappingsValue.isObject())
        return makeError(u"%1: \"mappings\" must be an object of systems"_s.arg(origin));
    const QJsonObject mappings = mappingsValue.toObject();
    for (auto sys = mappings.begin(); sys != mappings.end(); ++sys) {
        if (!sys.value().isObject())
            return makeError(u"%1: mappings.%2 must be an object of column: field"_s.arg(origin, sys.key()));
        const QJsonObject columns = sys.value().toObject();
        for (auto col = columns.begin(); col != columns.end(); ++col) {
            if (!col.value().isString())
                return makeError(
                    u"%1: mappings.%2.%3 must be a field name"_s.arg(origin, sys.key(), col.key()));
            config.mappings.append(FieldMapping{sys.key(), col.key(), col.value().toString()});
        }
    }
    const QJsonValue ownershipValue = root.value(u"ownership"_s);
    if (!ownershipValue.isUndefined() && !ownershipValue.isObject())
        return makeError(u"%1: \"ownership\" must be an object of fields"_s.arg(origin));
    const QJsonObject ownership = ownershipValue.toObject();
    for (auto it = ownership.begin(); it != ownership.end(); ++it) {
        auto g = governanceFromJson(it.key(), it.value(), u"%1: ownership.%2"_s.arg(origin, it.key()));
        if (!g)
            return g.error();
        config.governance.append(*g);
    }
    const QJsonValue recordOwner = root.value(u"recordOwner"_s);
    if (!recordOwner.isUndefined() && !recordOwner.isString())
        return makeError(u"%1: \"recordOwner\" must be a system name"_s.arg(origin));
    config.recordOwner = recordOwner.toString();
    const QJsonValue matchingValue = root.value(u"matching"_s);
    if (!matchingValue.isUndefined()) {
        if (!matchingValue.isObject())
            return makeError(u"%1: \"matching\" must be an object"_s.arg(origin));
        auto matching = MatchConfig::fromJson(matchingValue.toObject(), origin);
        if (!matching)
            return matching.error();
        config.matching = *matching;
    }
    if (auto ok = validateConfig(config); !ok)
        return makeError(u"%1: %2"_s.arg(origin, ok.errorString()));
    return config;
}

} // namespace concord::ConfigJson
