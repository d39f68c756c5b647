#include "ValueStyle.h"

#include "StyleRules.h"

#include <QHash>

using namespace Qt::StringLiterals;

namespace concord {

namespace format_detail {

bool isAscii(QStringView text)
{
    for (const QChar c : text) {
        if (c.unicode() >= 0x80)
            return false;
    }
    return true;
}

QString applyCasing(const QString& text, Casing casing)
{
    switch (casing) {
    case Casing::Upper:
        return text.toUpper();
    case Casing::Lower:
        return text.toLower();
    case Casing::AsIs:
        break;
    }
    return text;
}

const TypeRule* typeRule(QStringView type)
{
    static const QHash<QString, TypeRule> rules = [] {
        QHash<QString, TypeRule> map;
        map.insert(u"phone"_s, phoneRule());
        map.insert(u"money"_s, moneyRule());
        map.insert(u"number"_s, numberRule());
        map.insert(u"name"_s, nameRule());
        map.insert(u"company"_s, companyRule());
        map.insert(u"state"_s, stateRule());
        map.insert(u"country"_s, countryRule());
        map.insert(u"date"_s, dateRule());
        map.insert(u"email"_s, emailRule());
        map.insert(u"postal_code"_s, postalCodeRule());
        map.insert(u"bank_account"_s, bankAccountRule());
        map.insert(u"text"_s, TypeRule{}); // free text: only the canonical form
        return map;
    }();
    const auto it = rules.constFind(type.toString());
    return it == rules.cend() ? nullptr : &*it;
}

} // namespace format_detail

using namespace format_detail;

namespace {

const auto kCanonical = "canonical"_L1;
const auto kAsciiSuffix = " ascii"_L1;

struct PatternCount
{
    QString pattern;
    qsizetype count = 0;
    qsizetype rank = 0; // position among the rule's candidates; shapes read off values come last
};

// Most values first; among equals, the rule's preferred pattern, then the alphabet, so the
// result never depends on the order of the sample.
bool betterThan(const PatternCount& a, const PatternCount& b)
{
    if (a.count != b.count)
        return a.count > b.count;
    if (a.rank != b.rank)
        return a.rank < b.rank;
    return a.pattern < b.pattern;
}

QStringList patternsMatching(const TypeRule& rule, const QString& raw, const QString& canonical,
                             const NormalizeContext& ctx)
{
    QStringList matched;
    if (rule.render) {
        for (const QString& pattern : rule.candidates) {
            const Result<QString> rendered = rule.render(pattern, canonical, ctx);
            if (rendered.ok() && *rendered == raw)
                matched.append(pattern);
        }
    }
    if (rule.extraMatches) {
        for (const QString& pattern : rule.extraMatches(raw, canonical, ctx)) {
            if (!matched.contains(pattern))
                matched.append(pattern);
        }
    }
    return matched;
}

Error renderError(const ValueStyle& style, const QString& value, const QString& why)
{
    return makeError(
        u"cannot write %1 '%2' in the style '%3': %4"_s.arg(style.type, value, style.pattern, why));
}

} // namespace

ValueStyle learnStyle(const QString& type, const QStringList& sampleRawValues, const NormalizeContext& ctx)
{
    ValueStyle style{type, QString(kCanonical), 0};
    // Columns repeat values (companies, states): each distinct value is analysed once.
    QHash<QString, qsizetype> multiplicity;
    QStringList distinct;
    qsizetype total = 0;
    bool ascii = true;
    for (const QString& value : sampleRawValues) {
        const QString raw = value.trimmed();
        if (raw.isEmpty())
            continue;
        ++total;
        qsizetype& n = multiplicity[raw];
        if (n++ == 0)
            distinct.append(raw);
        ascii = ascii && isAscii(raw);
    }
    if (total == 0 || !Normalizer::isKnownRule(type))
        return style;
    const TypeRule* rule = typeRule(type);

    qsizetype alreadyCanonical = 0;
    QHash<QString, PatternCount> counts;
    for (const QString& raw : distinct) {
        const Normalized normalized = Normalizer::apply(type, raw, ctx);
        if (!normalized.ok() || normalized.missing())
            continue; // an odd value: matches no pattern, still counts in the total
        const qsizetype weight = multiplicity.value(raw);
        if (normalized.value == raw)
            alreadyCanonical += weight;
        if (!rule)
            continue;
        for (const QString& pattern : patternsMatching(*rule, raw, normalized.value, ctx)) {
            PatternCount& entry = counts[pattern];
            if (entry.count == 0) {
                entry.pattern = pattern;
                const qsizetype rank = rule->candidates.indexOf(pattern);
                entry.rank = rank < 0 ? rule->candidates.size() : rank;
            }
            entry.count += weight;
        }
    }

    const PatternCount* best = nullptr;
    for (const PatternCount& entry : std::as_const(counts)) {
        if (!best || betterThan(entry, *best))
            best = &entry;
    }
    if (best && best->count * 2 > total) {
        style.pattern = best->pattern;
        if (rule->asciiAware && ascii)
            style.pattern += kAsciiSuffix;
        style.confidence = double(best->count) / double(total);
    } else {
        style.confidence = double(alreadyCanonical) / double(total);
    }
    return style;
}

Result<QString> renderInStyle(const ValueStyle& style, const QString& canonicalValue,
                              const NormalizeContext& ctx)
{
    if (!Normalizer::isKnownRule(style.type))
        return makeError(u"cannot write '%1': unknown field type '%2'"_s.arg(canonicalValue, style.type));
    if (canonicalValue.trimmed().isEmpty())
        return QString();

    // The value must be what the rule itself produces, read in a neutral context: money
    // without a scale, dates as ISO.
    NormalizeContext canonicalCtx = ctx;
    canonicalCtx.moneyScale = 0;
    canonicalCtx.dateOrder = u"YMD"_s;
    const Normalized input = Normalizer::apply(style.type, canonicalValue, canonicalCtx);
    if (!input.ok())
        return renderError(style, canonicalValue, u"not a %1 value: %2"_s.arg(style.type, input.problem));
    if (input.value != canonicalValue)
        return renderError(style, canonicalValue,
                           u"not in canonical form (the canonical form is '%1')"_s.arg(input.value));

    QStringView pattern = style.pattern;
    const bool asciiOnly = pattern.endsWith(kAsciiSuffix);
    if (asciiOnly)
        pattern.chop(kAsciiSuffix.size());

    QString rendered;
    if (pattern == kCanonical) {
        rendered = canonicalValue;
    } else {
        const TypeRule* rule = typeRule(style.type);
        if (!rule || !rule->render)
            return renderError(style, canonicalValue, unknownPattern(pattern).message);
        Result<QString> result = rule->render(pattern, canonicalValue, ctx);
        if (!result)
            return renderError(style, canonicalValue, result.errorString());
        rendered = std::move(*result);
    }
    if (asciiOnly && !isAscii(rendered))
        return renderError(style, canonicalValue,
                           u"the column holds ASCII text only, and dropping the accents would lose them"_s);

    // The round trip: what the system will hand back on the next run must be this value.
    const Normalized back = Normalizer::apply(style.type, rendered, ctx);
    if (!back.ok())
        return renderError(
            style, canonicalValue,
            u"'%1' would not read back as a %2 value: %3"_s.arg(rendered, style.type, back.problem));
    if (back.value != canonicalValue)
        return renderError(style, canonicalValue,
                           u"'%1' would read back as '%2'"_s.arg(rendered, back.value));
    return rendered;
}

namespace {
// Whether the canonical value carries all of raw: raw is the canonical value, or some style
// renders the canonical value back to exactly raw (what learnStyle calls a match).
bool carries(const QString& type, const QString& raw, const QString& canonicalValue,
             const NormalizeContext& ctx)
{
    if (raw.trimmed() == canonicalValue)
        return true;
    return learnStyle(type, {raw}, ctx).pattern != kCanonical;
}
} // namespace

ValueToWrite valueToWrite(const ValueStyle& style, const QString& ownerRaw, const QString& canonicalValue,
                          const NormalizeContext& ownerCtx, const NormalizeContext& targetCtx)
{
    // The owner's text is the value only where it reads as this canonical value, in the owner's
    // system and in the target (cents in one, dollars in the other are not the same text); an
    // edited or steward value typed in canonical form has no other text to keep.
    const bool ownerReadsBack = !ownerRaw.trimmed().isEmpty() &&
                                Normalizer::apply(style.type, ownerRaw, ownerCtx).value == canonicalValue &&
                                Normalizer::apply(style.type, ownerRaw, targetCtx).value == canonicalValue;
    if (ownerReadsBack && !carries(style.type, ownerRaw, canonicalValue, ownerCtx))
        return {ownerRaw, {}};
    auto rendered = renderInStyle(style, canonicalValue, targetCtx);
    if (rendered)
        return {*rendered, {}};
    if (ownerReadsBack)
        return {ownerRaw, rendered.errorString() + u"; the owner's value is written as it holds it"_s};
    return {canonicalValue, rendered.errorString() + u"; the canonical form will be written"_s};
}

} // namespace concord
