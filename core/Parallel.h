#pragma once

#include <QThreadPool>
#include <atomic>
#include <functional>

// Every engine stage runs its parallel work on one shared pool instead of starting threads of
// its own, so a stage that runs under the workbench's worker thread does not multiply the
// threads on a 2-core machine, and a cancel request reaches every worker through one flag.
namespace concord {

// A request to stop, set by the caller (the session's Cancel) and polled by the stages between
// small units of work (a block of pairs, a chunk of values), so work stops within a fraction of
// a second. Stages that see it return an error saying the run was cancelled.
using CancelFlag = std::atomic<bool>;

inline bool isCancelled(const CancelFlag* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}

// The engine's pool: one thread per core.
QThreadPool& enginePool();

// The number of workers a stage should use when the caller asks for `requested` (0 = one per core).
int workerCount(int requested);

// Runs work(0) .. work(workers - 1): worker 0 on the calling thread, the others on the engine
// pool, and returns when all are done. Must not be called from an engine pool thread (a nested
// wait could starve the pool).
void runWorkers(int workers, const std::function<void(int worker)>& work);

} // namespace concord
