#pragma once

#include <QDate>
#include <QString>
#include <QStringList>
#include <QStringView>
#include <cstddef>
#include <vector>

// Fuzzy field comparators for record matching: similarities in 0..1 (1 = same), edit
// distances, closeness of numbers and dates, nickname equivalence and a phonetic key.
//
// All functions are pure and thread-safe. Strings are compared as sequences of UTF-16 code
// units, exactly as stored in a QString: a character outside the Basic Multilingual Plane
// (a surrogate pair, e.g. an emoji or U+1D49C) counts as two units, so "𝒜" vs "A" is one
// unit in common out of two. Nothing is case-folded or normalised unless a function says so
// (compare normalised values if that is wanted). For strings of up to 64 UTF-16 units the
// string metrics run bit-parallel on 64-bit masks and allocate nothing; longer strings take
// a classic dynamic-programming path that gives the same results.
namespace concord {

// Jaro similarity, 0..1: matches within a window of max(|a|,|b|)/2 - 1, half the out-of-order
// matches as transpositions. Two empty strings are identical (1.0, as rapidfuzz; jellyfish
// 0.8 returns 0.0 there); one empty string gives 0.0.
double jaro(QStringView a, QStringView b);

// Jaro-Winkler similarity, 0..1, as jellyfish's jaro_winkler_similarity and rapidfuzz's
// JaroWinkler: when jaro > 0.7 it is raised by prefixScale * (1 - jaro) for each of the first
// up to 4 units the strings share. prefixScale is clamped to 0..0.25 (beyond 0.25 the result
// could exceed 1).
double jaroWinkler(QStringView a, QStringView b, double prefixScale = 0.1);

// Optimal string alignment distance (restricted Damerau-Levenshtein): insertions, deletions,
// substitutions and transpositions of adjacent units, each costing 1, no substring edited
// twice. So "ca" -> "abc" is 3 (true Damerau-Levenshtein would say 2).
int damerauLevenshtein(QStringView a, QStringView b);

// 1 - damerauLevenshtein(a, b) / max(|a|, |b|); 1.0 for two empty strings.
double damerauLevenshteinSimilarity(QStringView a, QStringView b);

// rapidfuzz's fuzz.token_set_ratio(a, b, processor=default_process) / 100: both strings are
// lower-cased, every character that is not a letter, digit or combining mark separates
// tokens, duplicates are dropped; the result is the best normalised indel similarity of
// "common tokens" vs "common + own tokens" (sorted, space-joined), and 1.0 when one token set
// contains the other. 0.0 when either string has no token.
double tokenSetRatio(QStringView a, QStringView b);

// Closeness of two numbers, 0..1. With r = |a - b| / max(|a|, |b|) the relative difference
// (0..2), the result is 2^(-r / 0.05): it halves with every 5 % of relative difference,
// 1 % -> 0.87, 5 % -> 0.5, 10 % -> 0.25, 20 % -> 0.06, opposite signs < 1e-6.
// Equal values (including two zeros or equal infinities) give 1.0; NaN gives 0.0.
double numericCloseness(double a, double b);

// Closeness of two dates, 0..1, for birth dates and the like keyed in by hand:
//   1.0   equal
//   0.9   day and month transposed (1980-03-04 vs 1980-04-03)
//   0.85  one digit wrong in the day or the month (1980-03-14 vs 1980-03-19)
//   0.8   two adjacent digits swapped in the year, month or day (1978 vs 1987, 12 vs 21)
//   0.7   one digit wrong in the year, month and day equal (1980 vs 1986)
//   otherwise 0.75 * 2^(-days apart / 30): a day 0.73, a month 0.37, a year ~0.0002.
// The highest applicable score wins. An invalid (missing) date on either side gives 0.0.
double dateCloseness(QDate a, QDate b);

// American Soundex (the H/W rule; letter + 3 digits, e.g. Robert R163, Tymczak T522), as
// jellyfish.soundex on ASCII names. Letters are folded to ASCII first (Müller -> MULLER),
// anything else is ignored; a name without a Latin letter gives "".
QString soundex(QStringView name);

// NYSIIS phonetic key (New York State Identification and Intelligence System), as the
// pure-Python reference implementation in jellyfish 0.8 (its C extension differs in a few
// corner cases). Used as the "phonetic surname" blocking key. Same folding as soundex();
// the key is not truncated.
QString nysiis(QStringView name);

// Given-name equivalence from a table of nickname groups (Robert, Bob, Rob, Bobby, ...).
// Groups may overlap (Chris is in Christopher's and Christine's group) and equivalence is
// not transitive: two names are equivalent when they share a group or are the same name.
// Names are compared case-, diacritics- and punctuation-insensitively (José = jose,
// Mary-Ann = Maryann). The shipped table is core/match/nicknames.txt, compiled in.
class Nicknames
{
public:
    // The shipped table, loaded once on first use (thread-safe).
    static const Nicknames& instance();

    // A table from text: one group per line, names separated by commas, '#' starts a comment.
    explicit Nicknames(QStringView table);

    // Same name, or the two names share a group.
    bool equivalent(QStringView a, QStringView b) const;
    // Every name sharing a group with name (spelled as in the table, each once, the name's
    // own spelling included), in table order; empty when the name is not in the table.
    QStringList groupOf(QStringView name) const;

    qsizetype groupCount() const { return m_groups.size(); }
    const QList<QStringList>& groups() const { return m_groups; }

private:
    struct Entry
    {
        std::size_t hash;
        QString key; // folded name
        int firstMembership;
        int membershipCount;
    };
    const Entry* find(QStringView name) const;

    QList<QStringList> m_groups;
    std::vector<Entry> m_entries;   // sorted by (hash, key)
    std::vector<int> m_memberships; // group indices, each entry's run sorted
};

} // namespace concord
