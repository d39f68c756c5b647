#pragma once

#include <QString>
#include <QStringList>

namespace concord {

// How the window names a review item's kind (stored as its name, e.g. "ambiguous_match"): one
// table, so the queue's column, its kind list and the undo stack's wording never disagree.
struct ReviewKindWords
{
    QString label;    // "Possible match"
    QString group;    // "Possible matches"
    QString nounOne;  // "possible match", inside a sentence
    QString nounMany; // "possible matches"
};

// The kinds in the order the queue lists them.
QStringList reviewKindNames();
// A kind a newer engine added is named by its own name: that beats nothing.
ReviewKindWords reviewKindWords(const QString& kind);

} // namespace concord
