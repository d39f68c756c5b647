#include "MatchConfig.h"

#include <QJsonArray>
#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

QStringList comparatorMethods()
{
    return {
        u"jaro_winkler"_s, u"damerau_levenshtein"_s, u"token_set"_s, u"exact"_s, u"nickname"_s, u"numeric"_s,
        u"date"_s};
}

QStringList blockingTransforms()
{
    return {u"exact"_s, u"soundex"_s, u"prefix3"_s, u"last7"_s, u"local_part"_s, u"first_initial"_s};
}

namespace {
const QStringList kDerivedKinds{u"join"_s, u"first_token"_s, u"last_token"_s};
const QSet<QString> kNameTypes{u"name"_s};

QJsonArray toArray(const QStringList& list)
{
    return QJsonArray::fromStringList(list);
}

Result<QStringList> stringList(const QJsonValue& value, const QString& where)
{
    if (value.isString())
        return QStringList{value.toString()};
    if (!value.isArray())
        return makeError(u"%1 must be a list of names"_s.arg(where));
    QStringList list;
    for (const QJsonValue& v : value.toArray()) {
        if (!v.isString() || v.toString().isEmpty())
            return makeError(u"%1 must be a list of names"_s.arg(where));
        list << v.toString();
    }
    return list;
}

Result<double> number(const QJsonObject& o, const QString& key, double fallback, const QString& where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return fallback;
    if (!v.isDouble())
        return makeError(u"%1: \"%2\" must be a number"_s.arg(where, key));
    return v.toDouble();
}

// A member that must be a list (absent: empty), and a list's element that must be an object:
// a wrong type is an error, never silently read as "no rules".
Result<QJsonArray> arrayMember(const QJsonObject& o, const QString& key, const QString& where)
{
    const QJsonValue v = o.value(key);
    if (v.isUndefined())
        return QJsonArray();
    if (!v.isArray())
        return makeError(u"%1: \"%2\" must be a list"_s.arg(where, key));
    return v.toArray();
}

Result<QJsonObject> objectAt(const QJsonArray& list, qsizetype i, const QString& at)
{
    if (!list[i].isObject())
        return makeError(u"%1 must be an object"_s.arg(at));
    return list[i].toObject();
}

Result<void> checkKeys(const QJsonObject& o, const QSet<QString>& allowed, const QString& where)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!allowed.contains(it.key()))
            return makeError(u"%1: unknown key \"%2\""_s.arg(where, it.key()));
    }
    return {};
}
} // namespace

QJsonObject MatchConfig::toJson() const
{
    QJsonArray keyArray;
    for (const ExactKey& k : keys)
        keyArray.append(QJsonObject{{u"name"_s, k.name}, {u"fields"_s, toArray(k.fields)}});
    QJsonArray derivedArray;
    for (const DerivedField& d : derived)
        derivedArray.append(
            QJsonObject{{u"field"_s, d.field}, {u"kind"_s, d.kind}, {u"from"_s, toArray(d.from)}});
    QJsonArray blockingArray;
    for (const BlockingKey& b : blocking)
        blockingArray.append(QJsonObject{
            {u"name"_s, b.name}, {u"fields"_s, toArray(b.fields)}, {u"transforms"_s, toArray(b.transforms)}});
    QJsonArray comparatorArray;
    for (const Comparator& c : comparators)
        comparatorArray.append(QJsonObject{{u"field"_s, c.field},
                                           {u"method"_s, c.method},
                                           {u"high"_s, c.high},
                                           {u"low"_s, c.low},
                                           {u"agree"_s, c.agree},
                                           {u"partial"_s, c.partial},
                                           {u"disagree"_s, c.disagree}});
    return QJsonObject{
        {u"keys"_s, keyArray},
        {u"derived"_s, derivedArray},
        {u"blocking"_s, blockingArray},
        {u"comparators"_s, comparatorArray},
        {u"thresholds"_s,
         QJsonObject{{u"autoMatch"_s, autoMatch}, {u"review"_s, review}, {u"clusterFloor"_s, clusterFloor}}},
        {u"maxBlockSize"_s, maxBlockSize}};
}

Result<MatchConfig> MatchConfig::fromJson(const QJsonObject& json, const QString& origin)
{
    MatchConfig c;
    const QString where = origin + u": matching"_s;
    if (auto ok = checkKeys(
            json,
            {u"keys"_s, u"derived"_s, u"blocking"_s, u"comparators"_s, u"thresholds"_s, u"maxBlockSize"_s},
            where);
        !ok)
        return ok.error();
    auto keysList = arrayMember(json, u"keys"_s, where);
    if (!keysList)
        return keysList.error();
    const QJsonArray& keys = *keysList;
    for (qsizetype i = 0; i < keys.size(); ++i) {
        const QString at = u"%1.keys[%2]"_s.arg(where).arg(i);
        auto object = objectAt(keys, i, at);
        if (!object)
            return object.error();
        const QJsonObject& o = *object;
        if (auto ok = checkKeys(o, {u"name"_s, u"fields"_s}, at); !ok)
            return ok.error();
        auto fields = stringList(o.value(u"fields"_s), at + u".fields"_s);
        if (!fields)
            return fields.error();
        c.keys.append(ExactKey{o.value(u"name"_s).toString(fields->join(u'+')), *fields});
    }
    auto derivedList = arrayMember(json, u"derived"_s, where);
    if (!derivedList)
        return derivedList.error();
    const QJsonArray& derived = *derivedList;
    for (qsizetype i = 0; i < derived.size(); ++i) {
        const QString at = u"%1.derived[%2]"_s.arg(where).arg(i);
        auto object = objectAt(derived, i, at);
        if (!object)
            return object.error();
        const QJsonObject& o = *object;
        if (auto ok = checkKeys(o, {u"field"_s, u"kind"_s, u"from"_s}, at); !ok)
            return ok.error();
        auto from = stringList(o.value(u"from"_s), at + u".from"_s);
        if (!from)
            return from.error();
        c.derived.append(DerivedField{o.value(u"field"_s).toString(), o.value(u"kind"_s).toString(), *from});
    }
    auto blockingList = arrayMember(json, u"blocking"_s, where);
    if (!blockingList)
        return blockingList.error();
    const QJsonArray& blocking = *blockingList;
    for (qsizetype i = 0; i < blocking.size(); ++i) {
        const QString at = u"%1.blocking[%2]"_s.arg(where).arg(i);
        auto object = objectAt(blocking, i, at);
        if (!object)
            return object.error();
        const QJsonObject& o = *object;
        if (auto ok = checkKeys(o, {u"name"_s, u"fields"_s, u"transforms"_s}, at); !ok)
            return ok.error();
        auto fields = stringList(o.value(u"fields"_s), at + u".fields"_s);
        if (!fields)
            return fields.error();
        QStringList transforms;
        if (o.contains(u"transforms"_s)) {
            auto t = stringList(o.value(u"transforms"_s), at + u".transforms"_s);
            if (!t)
                return t.error();
            transforms = *t;
        } else {
            for (qsizetype f = 0; f < fields->size(); ++f)
                transforms << u"exact"_s;
        }
        c.blocking.append(BlockingKey{o.value(u"name"_s).toString(fields->join(u'+')), *fields, transforms});
    }
    auto comparatorsList = arrayMember(json, u"comparators"_s, where);
    if (!comparatorsList)
        return comparatorsList.error();
    const QJsonArray& comparators = *comparatorsList;
    for (qsizetype i = 0; i < comparators.size(); ++i) {
        const QString at = u"%1.comparators[%2]"_s.arg(where).arg(i);
        auto object = objectAt(comparators, i, at);
        if (!object)
            return object.error();
        const QJsonObject& o = *object;
        if (auto ok = checkKeys(
                o, {u"field"_s, u"method"_s, u"high"_s, u"low"_s, u"agree"_s, u"partial"_s, u"disagree"_s},
                at);
            !ok)
            return ok.error();
        Comparator cmp;
        cmp.field = o.value(u"field"_s).toString();
        cmp.method = o.value(u"method"_s).toString();
        for (auto [key, target, fallback] :
             {std::tuple{u"high"_s, &cmp.high, cmp.high}, std::tuple{u"low"_s, &cmp.low, cmp.low},
              std::tuple{u"agree"_s, &cmp.agree, 0.0}, std::tuple{u"partial"_s, &cmp.partial, 0.0},
              std::tuple{u"disagree"_s, &cmp.disagree, 0.0}}) {
            auto v = number(o, key, fallback, at);
            if (!v)
                return v.error();
            *target = *v;
        }
        c.comparators.append(cmp);
    }
    if (json.contains(u"thresholds"_s) && !json.value(u"thresholds"_s).isObject())
        return makeError(u"%1: \"thresholds\" must be an object"_s.arg(where));
    const QJsonObject thresholds = json.value(u"thresholds"_s).toObject();
    if (auto ok =
            checkKeys(thresholds, {u"autoMatch"_s, u"review"_s, u"clusterFloor"_s}, where + u".thresholds"_s);
        !ok)
        return ok.error();
    for (auto [key, target] : {std::pair{u"autoMatch"_s, &c.autoMatch}, std::pair{u"review"_s, &c.review},
                               std::pair{u"clusterFloor"_s, &c.clusterFloor}}) {
        auto v = number(thresholds, key, *target, where + u".thresholds"_s);
        if (!v)
            return v.error();
        *target = *v;
    }
    auto maxBlock = number(json, u"maxBlockSize"_s, c.maxBlockSize, where);
    if (!maxBlock)
        return maxBlock.error();
    c.maxBlockSize = static_cast<int>(*maxBlock);
    return c;
}

Result<void> MatchConfig::validate(const QList<MatchField>& fields) const
{
    QHash<QString, QString> types;
    for (const MatchField& f : fields)
        types.insert(f.name, f.type);
    for (const DerivedField& d : derived) {
        if (!types.contains(d.field))
            return makeError(u"derived field '%1' is not a canonical field"_s.arg(d.field));
        if (!kDerivedKinds.contains(d.kind))
            return makeError(u"derived field '%1': kind '%2' must be one of %3"_s.arg(
                d.field, d.kind, kDerivedKinds.join(u", "_s)));
        if (d.from.isEmpty())
            return makeError(u"derived field '%1' names no source field"_s.arg(d.field));
        for (const QString& f : d.from) {
            if (!types.contains(f))
                return makeError(u"derived field '%1': unknown source field '%2'"_s.arg(d.field, f));
        }
    }
    for (const ExactKey& k : keys) {
        if (k.fields.isEmpty())
            return makeError(u"matching key '%1' names no field"_s.arg(k.name));
        bool onlyNames = true;
        for (const QString& f : k.fields) {
            if (!types.contains(f))
                return makeError(u"matching key '%1': unknown field '%2'"_s.arg(k.name, f));
            onlyNames = onlyNames && kNameTypes.contains(types.value(f));
        }
        // Name-only matching creates false duplicates at volume: names are evidence, never a key.
        if (onlyNames)
            return makeError(
                u"matching key '%1' uses only name fields; names can be compared but never be a key"_s.arg(
                    k.name));
    }
    for (const BlockingKey& b : blocking) {
        if (b.fields.isEmpty() || b.fields.size() != b.transforms.size())
            return makeError(u"blocking key '%1' needs one transform per field"_s.arg(b.name));
        for (qsizetype i = 0; i < b.fields.size(); ++i) {
            if (!types.contains(b.fields[i]))
                return makeError(u"blocking key '%1': unknown field '%2'"_s.arg(b.name, b.fields[i]));
            if (!blockingTransforms().contains(b.transforms[i]))
                return makeError(u"blocking key '%1': transform '%2' must be one of %3"_s.arg(
                    b.name, b.transforms[i], blockingTransforms().join(u", "_s)));
        }
    }
    for (const Comparator& c : comparators) {
        if (!types.contains(c.field))
            return makeError(u"comparator on '%1': unknown field"_s.arg(c.field));
        if (!comparatorMethods().contains(c.method))
            return makeError(u"comparator on '%1': method '%2' must be one of %3"_s.arg(
                c.field, c.method, comparatorMethods().join(u", "_s)));
        if (!(c.low <= c.high) || c.low < 0 || c.high > 1)
            return makeError(u"comparator on '%1': need 0 <= low <= high <= 1"_s.arg(c.field));
    }
    if (review > autoMatch)
        return makeError(
            u"the review threshold (%1) is above the auto-match threshold (%2)"_s.arg(review).arg(autoMatch));
    if (maxBlockSize < 2)
        return makeError(u"maxBlockSize must be at least 2"_s);
    return {};
}

MatchConfig MatchConfig::suggestFor(const QList<MatchField>& fields)
{
    MatchConfig c;
    QHash<QString, QString> types;
    auto has = [&](const QString& name) {
        return types.contains(name);
    };
    for (const MatchField& f : fields)
        types.insert(f.name, f.type);
    auto fieldsOfType = [&](const QString& type) {
        QStringList list;
        for (const MatchField& f : fields) {
            if (f.type == type)
                list << f.name;
        }
        return list;
    };
    const QStringList emails = fieldsOfType(u"email"_s);
    const QStringList phones = fieldsOfType(u"phone"_s);
    for (const QString& e : emails)
        c.keys.append(ExactKey{e, {e}});
    for (const QString& p : phones)
        c.keys.append(ExactKey{p, {p}});

    const bool split = has(u"first_name"_s) && has(u"last_name"_s);
    if (split && has(u"full_name"_s)) {
        c.derived.append(DerivedField{u"full_name"_s, u"join"_s, {u"first_name"_s, u"last_name"_s}});
        c.derived.append(DerivedField{u"first_name"_s, u"first_token"_s, {u"full_name"_s}});
        c.derived.append(DerivedField{u"last_name"_s, u"last_token"_s, {u"full_name"_s}});
    }
    for (const QString& e : emails) {
        c.blocking.append(BlockingKey{e + u" local part"_s, {e}, {u"local_part"_s}});
        c.comparators.append(Comparator{e, u"exact"_s, 1.0, 1.0, 9.0, 0.0, -2.0});
    }
    for (const QString& p : phones) {
        c.blocking.append(BlockingKey{p + u" last 7 digits"_s, {p}, {u"last7"_s}});
        c.comparators.append(Comparator{p, u"exact"_s, 1.0, 1.0, 7.0, 0.0, -2.0});
    }
    if (split) {
        // Names block only within a state when there is one: "Smith, J." alone is hundreds
        // of records at 100k customers; email and phone blocks catch the movers.
        const QStringList states = fieldsOfType(u"state"_s);
        if (states.isEmpty())
            c.blocking.append(BlockingKey{u"last name sound + first initial"_s,
                                          {u"last_name"_s, u"first_name"_s},
                                          {u"soundex"_s, u"first_initial"_s}});
        else
            c.blocking.append(BlockingKey{u"last name sound + first initial + state"_s,
                                          {u"last_name"_s, u"first_name"_s, states.first()},
                                          {u"soundex"_s, u"first_initial"_s, u"exact"_s}});
        // Weights are log-odds in spirit. Agreeing names are weak evidence (common names are
        // shared by many people); two records of one person rarely disagree on a first name
        // (nicknames and typos aside), so that counts heavily against.
        c.comparators.append(Comparator{u"first_name"_s, u"nickname"_s, 0.92, 0.80, 1.5, 0.5, -4.0});
        c.comparators.append(Comparator{u"last_name"_s, u"jaro_winkler"_s, 0.94, 0.85, 2.5, 1.0, -3.0});
    }
    if (has(u"full_name"_s))
        c.comparators.append(Comparator{u"full_name"_s, u"token_set"_s, 0.95, 0.80, 1.5, 0.5, -2.0});
    for (const QString& company : fieldsOfType(u"company"_s))
        c.comparators.append(Comparator{company, u"jaro_winkler"_s, 0.92, 0.85, 1.5, 0.5, -1.0});
    for (const QString& state : fieldsOfType(u"state"_s))
        c.comparators.append(Comparator{state, u"exact"_s, 1.0, 1.0, 0.5, 0.0, -1.5});
    for (const QString& zip : fieldsOfType(u"postal_code"_s))
        c.comparators.append(Comparator{zip, u"exact"_s, 1.0, 1.0, 2.0, 0.0, -1.0});
    return c;
}

} // namespace concord
