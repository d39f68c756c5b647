#pragma once

#include "Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace concord {

// A field of the business entity as the matcher sees it: its name and its type, which
// names the normalization rule ("email", "phone", "name", "company", "state" ...).
struct MatchField
{
    QString name;
    QString type;
};

// An exact matching key: records whose normalized keys of every listed field are equal
// (and non-empty) are the same entity. Keys are tried in order; a later key is a fallback
// used only for a pair where an earlier key cannot decide because a field is missing.
struct ExactKey
{
    QString name;       // "email", "phone", "email+domain"
    QStringList fields; // one field (primary / fallback) or several (composite)
};

// A fuzzy comparison of one field, Fellegi-Sunter style: a pair whose similarity reaches
// `high` adds `agree`, one reaching `low` adds `partial`, one below `low` adds `disagree`
// (negative); a field missing on either side adds nothing.
struct Comparator
{
    QString field;
    QString method; // jaro_winkler, damerau_levenshtein, token_set, exact, nickname, numeric, date
    double high = 0.92;
    double low = 0.80;
    double agree = 0;
    double partial = 0;
    double disagree = 0;
};

// A blocking key: only records sharing a block are compared by the fuzzy scorer, so the
// cost stays near-linear. transform: exact, soundex, prefix3, last7 (digits), local_part
// (of an email), first_initial; several fields are concatenated.
struct BlockingKey
{
    QString name;
    QStringList fields;
    QStringList transforms; // one per field
};

// A field derived from others before matching, so systems that split or join a value
// differently can be compared: join (fields joined by a space), first_token, last_token.
struct DerivedField
{
    QString field;
    QString kind;
    QStringList from;
};

struct MatchConfig
{
    QList<ExactKey> keys;
    QList<DerivedField> derived;
    QList<BlockingKey> blocking;
    QList<Comparator> comparators;
    double autoMatch = 8.0; // a score at or above: the same entity
    double review = 4.0;    // at or above (and below autoMatch): a person decides
    // An auto-match link below this may join two lone records, but never two larger groups
    // (that goes to review): one weak link must not chain customers together.
    double clusterFloor = 12.0;
    int maxBlockSize = 500; // larger blocks are skipped (and reported): a key that is too common

    QJsonObject toJson() const;
    static Result<MatchConfig> fromJson(const QJsonObject& json, const QString& origin);
    // Checks every key, comparator and blocking key against the workspace's fields.
    Result<void> validate(const QList<MatchField>& fields) const;
    // Rules suggested from the fields' types: email primary, phone fallback, email+company
    // composite, fuzzy comparators and blocking on names, phone, email, company, state.
    static MatchConfig suggestFor(const QList<MatchField>& fields);
};

QStringList comparatorMethods();
QStringList blockingTransforms();

} // namespace concord
