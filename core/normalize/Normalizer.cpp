#include "Normalize.h"

#include <QHash>
#include <unordered_map>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

using RuleFunction = Normalized (*)(QStringView, const NormalizeContext&);

struct Rule
{
    QStringView name;
    RuleFunction function;
};

// By canonical field type (truth-format.md); "name" is a person's name.
constexpr Rule kRules[] = {
    {u"text", &normalizeText},
    {u"email", &normalizeEmail},
    {u"phone", &normalizePhone},
    {u"name", &normalizePersonName},
    {u"company", &normalizeCompany},
    {u"state", &normalizeUsState},
    {u"country", &normalizeCountry},
    {u"date", &normalizeDate},
    {u"money", &normalizeMoney},
    {u"number", &normalizeNumber},
    {u"postal_code", &normalizePostalCode},
    {u"bank_account", &normalizeBankAccount},
};
constexpr int kRuleCount = int(std::size(kRules));

int ruleIndex(QStringView rule)
{
    for (int i = 0; i < kRuleCount; ++i) {
        if (kRules[i].name == rule)
            return i;
    }
    return -1;
}

Normalized unknownRule(const QString& rule, QStringView raw)
{
    return {raw.trimmed().toString(), QString(), u"unknown normalization rule '%1'"_s.arg(rule)};
}

struct TextKey
{
    int rule;
    NormalizeContext ctx;
    QString raw;
    bool operator==(const TextKey&) const = default;
};

struct TextKeyHash
{
    size_t operator()(const TextKey& k) const
    {
        return qHashMulti(0, k.rule, k.ctx.defaultRegion, k.ctx.dateOrder, k.ctx.moneyScale, k.raw);
    }
};

struct IdKey
{
    int rule;
    quint32 contextId;
    quint32 valueId;
    bool operator==(const IdKey&) const = default;
};

struct IdKeyHash
{
    size_t operator()(const IdKey& k) const { return qHashMulti(0, k.rule, k.contextId, k.valueId); }
};

} // namespace

// Node-based maps: an entry never moves once inserted, which is what lets
// normalizeCached() hand out references while other threads insert.
struct Normalizer::Cache
{
    std::unordered_map<TextKey, Normalized, TextKeyHash> byText;
    std::unordered_map<IdKey, Normalized, IdKeyHash> byId;
};

Normalizer::Normalizer()
    : m_cache(std::make_unique<Cache>())
{}

Normalizer::~Normalizer() = default;

QStringList Normalizer::ruleNames()
{
    QStringList names;
    for (const Rule& rule : kRules)
        names.append(rule.name.toString());
    return names;
}

bool Normalizer::isKnownRule(const QString& rule)
{
    return ruleIndex(rule) >= 0;
}

Normalized Normalizer::apply(const QString& rule, QStringView raw, const NormalizeContext& ctx)
{
    const int index = ruleIndex(rule);
    return index < 0 ? unknownRule(rule, raw) : kRules[index].function(raw, ctx);
}

QString Normalizer::sharingKey(const QString& rule, QStringView raw)
{
    return rule == QLatin1String("phone") ? phoneSharingKey(raw) : QString();
}

Normalized Normalizer::normalize(const QString& rule, const QString& raw, const NormalizeContext& ctx)
{
    const int index = ruleIndex(rule);
    if (index < 0)
        return unknownRule(rule, raw);
    TextKey key{index, ctx, raw};
    {
        const QReadLocker lock(&m_lock);
        const auto it = m_cache->byText.find(key);
        if (it != m_cache->byText.end())
            return it->second;
    }
    Normalized result = kRules[index].function(raw, ctx);
    const QWriteLocker lock(&m_lock);
    return m_cache->byText.try_emplace(std::move(key), std::move(result)).first->second;
}

const Normalized& Normalizer::normalizeCached(const QString& rule, quint32 contextId, quint32 valueId,
                                              const QString& raw, const NormalizeContext& ctx)
{
    const int index = ruleIndex(rule);
    if (index < 0) { // kept apart by rule name, as the problem names the rule
        TextKey unknown{-1, ctx, rule + QChar(0x1F) + raw};
        const QWriteLocker lock(&m_lock);
        return m_cache->byText.try_emplace(std::move(unknown), unknownRule(rule, raw)).first->second;
    }
    const IdKey key{index, contextId, valueId};
    {
        const QReadLocker lock(&m_lock);
        const auto it = m_cache->byId.find(key);
        if (it != m_cache->byId.end())
            return it->second;
    }
    Normalized result = kRules[index].function(raw, ctx);
    const QWriteLocker lock(&m_lock);
    return m_cache->byId.try_emplace(key, std::move(result)).first->second;
}

qsizetype Normalizer::cachedCount() const
{
    const QReadLocker lock(&m_lock);
    return qsizetype(m_cache->byText.size() + m_cache->byId.size());
}

void Normalizer::clear()
{
    const QWriteLocker lock(&m_lock);
    m_cache->byText.clear();
    m_cache->byId.clear();
}

} // namespace concord
