#include "ReviewKindWords.h"

#include <QCoreApplication>

namespace concord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("concord::ReviewKindWords", text);
}
} // namespace

QList<ReviewItemKind> reviewKindsInQueueOrder()
{
    return {ReviewItemKind::Duplicate,  ReviewItemKind::AmbiguousMatch,    ReviewItemKind::Conflict,
            ReviewItemKind::HighStakes, ReviewItemKind::Anomaly,           ReviewItemKind::PartialUpdate,
            ReviewItemKind::Deletion,   ReviewItemKind::ChangedUnderneath, ReviewItemKind::StewardValue};
}

ReviewKindWords reviewKindWords(ReviewItemKind kind)
{
    switch (kind) {
    case ReviewItemKind::Duplicate:
        return {tr("Duplicate"), tr("Duplicates"), tr("duplicate"), tr("duplicates")};
    case ReviewItemKind::AmbiguousMatch:
        return {tr("Possible match"), tr("Possible matches"), tr("possible match"), tr("possible matches")};
    case ReviewItemKind::Conflict:
        return {tr("Conflict"), tr("Conflicts"), tr("conflict"), tr("conflicts")};
    case ReviewItemKind::HighStakes:
        return {tr("High-stakes"), tr("High-stakes"), tr("high-stakes change"), tr("high-stakes changes")};
    case ReviewItemKind::Anomaly:
        return {tr("Anomaly"), tr("Anomalies"), tr("anomaly"), tr("anomalies")};
    case ReviewItemKind::PartialUpdate:
        return {tr("Partial update"), tr("Partial updates"), tr("partial update"), tr("partial updates")};
    case ReviewItemKind::Deletion:
        return {tr("Deletion"), tr("Deletions"), tr("deletion"), tr("deletions")};
    case ReviewItemKind::ChangedUnderneath:
        return {tr("Changed underneath"), tr("Changed underneath"), tr("change made underneath"),
                tr("changes made underneath")};
    case ReviewItemKind::StewardValue:
        return {tr("Steward value"), tr("Steward values"), tr("value the steward proposed"),
                tr("values the steward proposed")};
    }
    return mixedKindWords(); // not reached: the switch names every kind (-Wswitch says so)
}

ReviewKindWords mixedKindWords()
{
    return {tr("Review item"), tr("Review items"), tr("review item"), tr("review items")};
}

} // namespace concord
