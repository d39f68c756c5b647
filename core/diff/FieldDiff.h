#pragma once

#include "match/Matcher.h"
#include "match/NormalizedSnapshot.h"

#include <QHash>
#include <QList>
#include <QString>

namespace concord {

// Where an entity's systems stand on one canonical field, after mapping and normalization.
enum class DiffStatus
{
    Agree,   // every system that holds the field has the same normalized value
    Differ,  // at least two different normalized values
    Missing, // the values present agree, but a system that maps the field holds none
};

QString diffStatusName(DiffStatus status);

struct DiffCell
{
    QString system;
    QString sourceId;
    QString original;   // as read
    QString normalized; // canonical form; empty when missing
    QString problem;    // normalization problem, if any
};

struct EntityFieldDiff
{
    std::uint32_t entity = 0;
    QString field;
    DiffStatus status = DiffStatus::Agree;
    QList<DiffCell> cells;
};

struct FieldDiffSummary
{
    QString field;
    qint64 compared = 0; // entities where at least two records map the field
    qint64 agree = 0;
    qint64 differ = 0;
    qint64 missing = 0;
    QHash<QString, qint64> differBySystem;  // system holds a value other than the entity's most common one
    QHash<QString, qint64> missingBySystem; // system maps the field but holds no value
};

struct DiffReport
{
    QList<FieldDiffSummary> fields;
    QList<EntityFieldDiff> samples; // up to sampleLimit per field, differences first
};

struct DiffOptions
{
    QString field;       // only this field; empty = all
    int sampleLimit = 5; // per field
};

DiffReport computeFieldDiff(const NormalizedSnapshot& data, const MatchResult& match,
                            const DiffOptions& options = {});
// Every field of one entity (for the side-by-side view and --explain).
QList<EntityFieldDiff> entityDiff(const NormalizedSnapshot& data, const MatchResult& match,
                                  std::uint32_t entity);

} // namespace concord
