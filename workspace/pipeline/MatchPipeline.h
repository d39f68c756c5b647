#pragma once

#include "SnapshotLoader.h"
#include "Workspace.h"
#include "match/Matcher.h"
#include "match/NormalizedSnapshot.h"

#include <atomic>
#include <functional>
#include <memory>

namespace concord {

// Everything one matching run produced, with the time each stage took.
struct MatchRun
{
    SnapshotLoad load;
    QList<MatchField> fields;
    MatchConfig config;
    std::unique_ptr<NormalizedSnapshot> data;
    std::unique_ptr<Matcher> matcher;
    MatchResult result;
    double loadSeconds = 0;
    double normalizeSeconds = 0;
    double matchSeconds = 0;
};

// load -> normalize -> match, for a workspace. Refuses to match when a system failed to
// load, has no rows, or when a key field is empty in every record: each would silently
// produce a wrong answer.
// `progress` hears each stage as it starts; `cancel` stops the run between systems while loading
// and within a fraction of a second while normalizing and scoring (the result is then an error
// saying so).
Result<std::unique_ptr<MatchRun>> runMatching(const Workspace& workspace,
                                              const std::function<void(const QString&)>& progress = {},
                                              const std::atomic<bool>* cancel = nullptr);

} // namespace concord
