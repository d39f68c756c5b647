#pragma once

#include "SessionResults.h"

#include <QSet>
#include <QString>
#include <atomic>
#include <cstdint>
#include <vector>

namespace concord {

// What the reconcile grid shows: which customers, in which order. A pure function of the
// session's results, so it runs on a worker over a million customers and is tested alone.
struct GridFilter
{
    enum class Review
    {
        Any,
        Waiting, // some value of the customer waits for a person
        None,    // nothing waits
    };
    bool onlyDifferences = false; // some field differed between systems
    int field = -1;               // -1: any; else the field must have differed (or be missing somewhere)
    int system = -1;              // -1: any; else the customer must have a record in that system
    Review review = Review::Any;
    QString text; // case-insensitive, in any value (raw or normalized) or source id of its records

    int sortColumn = -1; // -1: entity order; 0: first record; 1 + f: resolved value of field f
    bool descending = false;

    bool isEmpty() const
    {
        return !onlyDifferences && field < 0 && system < 0 && review == Review::Any && text.isEmpty() &&
               sortColumn < 0;
    }
    bool operator==(const GridFilter&) const = default;
};

// The entities (in display order) that pass the filter. `openItems`: ids of the queue's open
// items. Returns early (with what it has) when `cancel` is set.
std::vector<std::uint32_t> filterEntities(const SessionResults& results, const QSet<QString>& openItems,
                                          const GridFilter& filter,
                                          const std::atomic<bool>* cancel = nullptr);

} // namespace concord
