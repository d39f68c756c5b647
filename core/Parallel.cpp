#include "Parallel.h"

#include <QRunnable>
#include <QSemaphore>
#include <algorithm>
#include <memory>
#include <thread>

namespace concord {

QThreadPool& enginePool()
{
    static QThreadPool* pool = [] {
        auto* p = new QThreadPool; // lives for the process: engine work may run until exit
        p->setMaxThreadCount(std::max(1, static_cast<int>(std::thread::hardware_concurrency())));
        p->setExpiryTimeout(30000);
        return p;
    }();
    return *pool;
}

int workerCount(int requested)
{
    return std::max(1, requested > 0 ? requested : static_cast<int>(std::thread::hardware_concurrency()));
}

void runWorkers(int workers, const std::function<void(int)>& work)
{
    if (workers <= 1) {
        work(0);
        return;
    }
    // Shared with the tasks: a task may still be inside release() when acquire() returns.
    auto done = std::make_shared<QSemaphore>();
    for (int w = 1; w < workers; ++w) {
        enginePool().start([&work, done, w] {
            work(w);
            done->release();
        });
    }
    // The tasks hold a reference to `work`: wait for them even when this thread's part throws.
    try {
        work(0);
    } catch (...) {
        done->acquire(workers - 1);
        throw;
    }
    done->acquire(workers - 1);
}

} // namespace concord
