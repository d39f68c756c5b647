#pragma once

#include "Planner.h"

namespace concord {

// A steward's choices for one merge, kept with the approved review item as JSON:
// {"survivor": "crm:1001", "survivorRule": "oldest", "fields": {"email": "crm:1002"}}.
struct MergeChoice
{
    QString survivor;               // "system:id"; empty = by survivorRule
    QString survivorRule;           // most_complete (default), oldest, most_recent
    QHash<QString, QString> fields; // canonical field -> "system:id" whose value the survivor takes

    static Result<MergeChoice> fromJson(const QString& json); // "" = all defaults
    QString toJson() const;
};

// Turns the approved duplicate proposals (two records of one system) into merges. The
// survivor is the steward's pick or the one the rule picks: most_complete (most non-empty
// columns; ties go to the oldest), oldest (the lowest key, numbers compared as numbers), most
// recent (the latest version). Each other column of the survivor keeps its value unless the
// steward picked the other record's, or it is empty and the other's is not (non-empty), or
// both differ and the field's rule is recency and the other is newer (most recent). The loser
// is soft-deleted (the system's soft-delete column set) or deleted when the system allows
// hard deletes; a system with neither gets no merge and a note saying how to allow one.
// Columns the resolution already writes on the survivor are left to it (the owner's value).
Result<QList<PlannedMerge>> planMerges(const NormalizedSnapshot& data, const WorkspaceConfig& config,
                                       const QList<ReviewItem>& approvedDuplicates,
                                       const QList<PlannedWrite>& writes, QStringList* notes);

// Approved deletions (a customer gone from the system of record): each listed record in a
// system with a soft-delete column is soft-deleted there (one PlannedMerge per item, without a
// survivor); records in other systems are named in a note, to be deleted by hand or kept.
Result<QList<PlannedMerge>> planDeletions(const NormalizedSnapshot& data, const WorkspaceConfig& config,
                                          const QList<ReviewItem>& approvedDeletions, QStringList* notes);

} // namespace concord
