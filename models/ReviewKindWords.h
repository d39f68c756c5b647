#pragma once

#include "WorkspaceTypes.h"

#include <QList>
#include <QString>

namespace concord {

// How the window names a review item's kind: one table, so the queue's column, its kind list and
// the undo stack's wording never disagree. The kinds' stored names never reach the steward.
struct ReviewKindWords
{
    QString label;    // "Possible match"
    QString group;    // "Possible matches"
    QString nounOne;  // "possible match", inside a sentence
    QString nounMany; // "possible matches"
};

// The kinds in the order the queue lists them.
QList<ReviewItemKind> reviewKindsInQueueOrder();
ReviewKindWords reviewKindWords(ReviewItemKind kind);
// Items of several kinds at once ("Approve 12 review items").
ReviewKindWords mixedKindWords();

} // namespace concord
