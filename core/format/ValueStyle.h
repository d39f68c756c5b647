#pragma once

#include "Result.h"
#include "normalize/Normalize.h"

#include <QString>
#include <QStringList>

// Writing a decided value back into a system "in the system's own format": the style of a
// column is learned from the values it already holds, and a canonical value
// (docs/truth-format.md, as the normalize rules produce it) is rendered in that style.
//
// Guarantees of renderInStyle(): a rendered value normalizes (with the column's context)
// back to exactly the canonical value, so a written value compares equal on the next run;
// and nothing is lost: where the style cannot carry the value (a UK number into a US-only
// layout, cents into a whole-dollar column, "José" into a column that holds ASCII only, a
// casing that would not read back) the result is an error, never an approximation.
//
// Patterns, by type (a pattern is also what renderInStyle() reads, so it can be stored):
//   any type      "canonical": no style reached a majority; the canonical value is written.
//   phone         the layout with each national digit as '#': "(###) ###-####",
//                 "+1 ###-###-####", "##########", "###.###.####" ...; or "E.164".
//   state         "state:code" (CA), "state:name" (California), "state:NAME" (CALIFORNIA).
//   country       "country:alpha2" (US), "country:alpha3" (USA), "country:name" (United
//                 States), "country:NAME".
//   date          "date:" + a Qt date format in the C locale: "date:MM/dd/yyyy",
//                 "date:yyyy-MM-dd", "date:d MMM yyyy" ...
//   money, number "<type>:plain2" (1234.50), ":plain" (1234, whole amounts only), ":plainN"
//                 (N decimals), ":real" (SQLite REAL as text: 1234.0, 1234.5), ":shortest"
//                 (1234, 1234.5), ":grouped2" (1,234.50), ":grouped", and for money "$plain2",
//                 "$grouped2", "$plain", "$grouped" ($1,234.50). Money honours
//                 ctx.moneyScale (cents stored as integers); an amount is never rounded.
//   name          "name:First Last" (as the canonical value writes it), "name:Last, First",
//                 "name:FIRST LAST upper", "name:LAST, FIRST upper", "name:first last lower",
//                 "name:last, first lower".
//   company       "company:" + name + separator + legal form, spelled as the column spells
//                 them: "company:Name Inc" (canonical), "company:NAME, Inc." ("ACME
//                 LOGISTICS, Inc."), "company:NAME INC", "company:Name Incorporated" ...
//   name, company a trailing " ascii" when no sampled value had a character outside ASCII:
//                 such a column is taken to hold ASCII only, and a value with diacritics is
//                 refused rather than folded ("José" -> "Jose" would lose information).
//   email         "email:lower", "email:UPPER", "email:Capitalized" (John.Smith@Acme.com).
//   postal_code   "#####" (five-digit ZIP), "zip:number" (leading zeros dropped, as a
//                 numeric column keeps them), "#####-####" (ZIP+4: not renderable, the +4
//                 part is unknown). Outside the US only "canonical".
//   bank_account  "bank_account:routing/account", "bank_account:routing account",
//                 "bank_account:routing-account", "bank_account:routing / account",
//                 "bank_account:IBAN", "bank_account:IBAN grouped" (groups of four).
//   text          always "canonical": free text has no style to learn.
namespace concord {

// What a column's values look like, learned from a sample of its raw values (nulls and
// blanks ignored).
struct ValueStyle
{
    QString type;          // the field type: phone, state, date, name, company, email, money, number,
                           // postal_code, country, bank_account, text
    QString pattern;       // the learned style (see above); "canonical" when none has a majority
    double confidence = 0; // share of the non-blank sample that matched the pattern (for
                           // "canonical": the share already in canonical form)

    bool operator==(const ValueStyle&) const = default;
};

// The pattern that more than half of the non-blank values match exactly; otherwise
// "canonical". A value matches a pattern when rendering its canonical form in that pattern
// gives the value back character for character (after trimming), so a value the rules
// cannot normalize matches nothing. Ties go to the pattern listed first above.
ValueStyle learnStyle(const QString& type, const QStringList& sampleRawValues, const NormalizeContext& ctx);

// Renders a canonical value (as produced by the normalize rules) in the style. A blank
// value renders as "". Errors when the value is not canonical for the type, when the style
// cannot carry it, or when the result would not normalize back to the same value with ctx;
// the caller then writes the canonical form or asks a person.
Result<QString> renderInStyle(const ValueStyle& style, const QString& canonicalValue,
                              const NormalizeContext& ctx);

// What a write puts into a column for the value a system of record holds (`ownerRaw`, read there
// with ownerCtx) whose normalized form is `canonicalValue`. The value is rendered in the column's
// style only where that is lossless: the canonical value carries all of the owner's text (some
// style renders it back to exactly ownerRaw; "Acme;--" is read as "Acme", which drops ";--") and
// the rendering normalizes back to the canonical value with targetCtx. Otherwise the owner's value
// is written as is, or, when the column would not read that back as the same value either, the
// canonical value. A null ownerRaw means no owner's text (a value typed by the steward as canonical).
struct ValueToWrite
{
    QString value;
    QString note; // why the column's style was not used, when it could not carry the value; else empty
};
ValueToWrite valueToWrite(const ValueStyle& style, const QString& ownerRaw, const QString& canonicalValue,
                          const NormalizeContext& ownerCtx, const NormalizeContext& targetCtx);

} // namespace concord
