#pragma once

#include "SystemSink.h"

#include <QList>
#include <QMutex>
#include <QWaitCondition>
#include <functional>
#include <thread>

namespace concord::gen {

// Rows handed from the generating thread to a writing thread in chunks. Bounded, so
// a slow writer holds the generator back instead of letting memory grow.
class RowQueue
{
public:
    using Chunk = QList<RowValues>;

    // Blocks while the queue is full. Returns false when the consumer gave up.
    bool push(Chunk&& chunk);
    // Blocks until a chunk arrives; returns false once the queue is closed and empty.
    bool pop(Chunk& chunk);
    void close();  // producer: no more chunks
    void giveUp(); // consumer: stop accepting chunks

private:
    static constexpr qsizetype kCapacity = 4;
    QMutex m_mutex;
    QWaitCondition m_changed;
    QList<Chunk> m_chunks;
    bool m_closed = false;
    bool m_gaveUp = false;
};

// A sink whose writing happens on a thread of its own, so that on a multi-core machine
// the SQLite files fill while the next customers are made. `work` runs on that thread:
// it opens its own connection (Qt SQL connections belong to the thread that made them),
// drains the queue and returns the result of finishing.
class ThreadedSink : public SystemSink
{
public:
    using Work = std::function<Result<void>(RowQueue&)>;

    explicit ThreadedSink(Work work);
    ~ThreadedSink() override;
    ThreadedSink(const ThreadedSink&) = delete;
    ThreadedSink& operator=(const ThreadedSink&) = delete;

    Result<void> write(const RowValues& row) override;
    Result<void> take(RowValues&& row) override;
    Result<void> finish() override;

private:
    Result<void> join();
    Result<void> pushIfFull();

    static constexpr qsizetype kChunkRows = 2048;
    RowQueue m_queue;
    RowQueue::Chunk m_chunk;
    Result<void> m_result;
    std::thread m_thread;
    bool m_joined = false;
};

} // namespace concord::gen
