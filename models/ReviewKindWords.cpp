#include "ReviewKindWords.h"

#include "WorkspaceTypes.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("concord::ReviewKindWords", text);
}
} // namespace

QStringList reviewKindNames()
{
    return {u"duplicate"_s,
            u"ambiguous_match"_s,
            u"conflict"_s,
            u"high_stakes"_s,
            u"anomaly"_s,
            u"partial_update"_s,
            u"deletion"_s,
            u"changed_underneath"_s,
            ReviewItem::StewardValueKind};
}

ReviewKindWords reviewKindWords(const QString& kind)
{
    if (kind == "duplicate"_L1)
        return {tr("Duplicate"), tr("Duplicates"), tr("duplicate"), tr("duplicates")};
    if (kind == "ambiguous_match"_L1)
        return {tr("Possible match"), tr("Possible matches"), tr("possible match"), tr("possible matches")};
    if (kind == "conflict"_L1)
        return {tr("Conflict"), tr("Conflicts"), tr("conflict"), tr("conflicts")};
    if (kind == "high_stakes"_L1)
        return {tr("High-stakes"), tr("High-stakes"), tr("high-stakes change"), tr("high-stakes changes")};
    if (kind == "anomaly"_L1)
        return {tr("Anomaly"), tr("Anomalies"), tr("anomaly"), tr("anomalies")};
    if (kind == "partial_update"_L1)
        return {tr("Partial update"), tr("Partial updates"), tr("partial update"), tr("partial updates")};
    if (kind == "deletion"_L1)
        return {tr("Deletion"), tr("Deletions"), tr("deletion"), tr("deletions")};
    if (kind == "changed_underneath"_L1)
        return {tr("Changed underneath"), tr("Changed underneath"), tr("change made underneath"),
                tr("changes made underneath")};
    if (kind == ReviewItem::StewardValueKind)
        return {tr("Steward value"), tr("Steward values"), tr("value the steward proposed"),
                tr("values the steward proposed")};
    return {kind, kind, tr("review item"), tr("review items")};
}

} // namespace concord
