#include "StyleRules.h"

#include <optional>

using namespace Qt::StringLiterals;

// Amounts and numbers: how many decimals a column keeps, whether it groups thousands and
// shows a dollar sign. Rendering works on the decimal digits of the canonical value, never
// on a double, and refuses to drop a non-zero digit: the amount is never changed.
namespace concord::format_detail {

namespace {

// SQLite prints a REAL with 15 significant digits ("%!.15g"); more would come back rounded.
constexpr qsizetype kRealDigits = 15;

struct Decimal
{
    bool negative = false;
    QString intDigits;  // at least one digit, no leading zeros
    QString fracDigits; // no trailing zeros
};

enum class Decimals
{
    Fixed,   // exactly `places` decimals
    Real,    // as SQLite writes a REAL: shortest, but at least one decimal ("12.0")
    Shortest // no trailing zeros, no point for whole numbers
};

struct DecimalPattern
{
    bool dollar = false;
    bool grouped = false;
    Decimals decimals = Decimals::Fixed;
    int places = 0;
};

// "money:$grouped2" -> {dollar, grouped, Fixed, 2}; "number:real" -> {Real}.
std::optional<DecimalPattern> parsePattern(QStringView pattern, QStringView type, bool dollarAllowed)
{
    if (!pattern.startsWith(type) || !pattern.mid(type.size()).startsWith(u':'))
        return std::nullopt;
    QStringView rest = pattern.mid(type.size() + 1);
    DecimalPattern p;
    if (rest == u"real") {
        p.decimals = Decimals::Real;
        return p;
    }
    if (rest == u"shortest") {
        p.decimals = Decimals::Shortest;
        return p;
    }
    if (dollarAllowed && rest.startsWith(u'$')) {
        p.dollar = true;
        rest = rest.mid(1);
    }
    if (rest.startsWith(u"grouped")) {
        p.grouped = true;
        rest = rest.mid(7);
    } else if (rest.startsWith(u"plain")) {
        rest = rest.mid(5);
    } else {
        return std::nullopt;
    }
    if (!rest.isEmpty()) {
        bool ok = false;
        p.places = rest.toInt(&ok);
        if (!ok || p.places < 0 || p.places > 9 || rest.startsWith(u'+') || rest.startsWith(u'0'))
            return std::nullopt;
    }
    return p;
}

// A canonical money or number value ("-1234.50", "12", "0.125") with the point moved
// `scale` places to the right (cents stored as integers: scale 2).
std::optional<Decimal> parseCanonical(const QString& value, int scale)
{
    Decimal d;
    QStringView text = value;
    if (text.startsWith(u'-')) {
        d.negative = true;
        text = text.mid(1);
    }
    const qsizetype point = text.indexOf(u'.');
    QString digits = (point < 0 ? text : text.left(point)).toString();
    QString frac = point < 0 ? QString() : text.mid(point + 1).toString();
    for (const QChar c : QString(digits + frac)) {
        if (c.unicode() < u'0' || c.unicode() > u'9')
            return std::nullopt;
    }
    if (digits.isEmpty())
        return std::nullopt;
    if (scale > 0) {
        frac.append(QString(qMax<qsizetype>(0, scale - frac.size()), u'0'));
        digits.append(frac.left(scale));
        frac = frac.mid(scale);
    }
    qsizetype zeros = 0;
    while (zeros < digits.size() - 1 && digits[zeros] == u'0')
        ++zeros;
    d.intDigits = digits.mid(zeros);
    while (frac.endsWith(u'0'))
        frac.chop(1);
    d.fracDigits = frac;
    return d;
}

QString groupThousands(const QString& digits)
{
    QString out;
    for (qsizetype i = 0; i < digits.size(); ++i) {
        if (i > 0 && (digits.size() - i) % 3 == 0)
            out.append(u',');
        out.append(digits[i]);
    }
    return out;
}

Result<QString> formatDecimal(const Decimal& d, const DecimalPattern& p)
{
    QString frac = d.fracDigits;
    switch (p.decimals) {
    case Decimals::Fixed:
        if (frac.size() > p.places)
            return makeError(
                p.places == 0
                    ? u"the column holds whole amounts only; the fraction would be lost"_s
                    : u"the column keeps %1 decimals; the value has %2"_s.arg(p.places).arg(frac.size()));
        frac.append(QString(p.places - frac.size(), u'0'));
        break;
    case Decimals::Real: {
        const qsizetype significant = (d.intDigits == u"0"_s ? 0 : d.intDigits.size()) + frac.size();
        if (significant > kRealDigits)
            return makeError(
                u"a REAL keeps %1 significant digits; the value has %2"_s.arg(kRealDigits).arg(significant));
        if (frac.isEmpty())
            frac = u"0"_s;
        break;
    }
    case Decimals::Shortest:
        break;
    }
    const bool zero = d.intDigits == u"0"_s && d.fracDigits.isEmpty();
    QString out;
    if (d.negative && !zero)
        out.append(u'-');
    if (p.dollar)
        out.append(u'$');
    out.append(p.grouped ? groupThousands(d.intDigits) : d.intDigits);
    if (!frac.isEmpty())
        out.append(u'.' + frac);
    return out;
}

Result<QString> renderDecimal(QStringView pattern, const QString& canonical, QStringView type, int scale)
{
    const bool money = type == u"money";
    const std::optional<DecimalPattern> p = parsePattern(pattern, type, money);
    if (!p)
        return unknownPattern(pattern);
    const std::optional<Decimal> d = parseCanonical(canonical, scale);
    if (!d)
        return makeError(u"not a plain decimal"_s);
    return formatDecimal(*d, *p);
}

Result<QString> renderMoney(QStringView pattern, const QString& canonical, const NormalizeContext& ctx)
{
    if (ctx.moneyScale < 0 || ctx.moneyScale > 9)
        return makeError(u"unsupported money scale %1"_s.arg(ctx.moneyScale));
    return renderDecimal(pattern, canonical, u"money", ctx.moneyScale);
}

Result<QString> renderNumber(QStringView pattern, const QString& canonical, const NormalizeContext&)
{
    return renderDecimal(pattern, canonical, u"number", 0);
}

} // namespace

TypeRule moneyRule()
{
    return TypeRule{{u"money:plain2"_s, u"money:plain"_s, u"money:real"_s, u"money:shortest"_s,
                     u"money:plain1"_s, u"money:plain3"_s, u"money:plain4"_s, u"money:grouped2"_s,
                     u"money:grouped"_s, u"money:$plain2"_s, u"money:$grouped2"_s, u"money:$plain"_s,
                     u"money:$grouped"_s},
                    &renderMoney,
                    nullptr,
                    false};
}

TypeRule numberRule()
{
    return TypeRule{{u"number:shortest"_s, u"number:plain"_s, u"number:real"_s, u"number:plain1"_s,
                     u"number:plain2"_s, u"number:plain3"_s, u"number:plain4"_s, u"number:grouped"_s,
                     u"number:grouped2"_s},
                    &renderNumber,
                    nullptr,
                    false};
}

} // namespace concord::format_detail
