#include "ThreadedSink.h"

#include <QMutexLocker>

using namespace Qt::StringLiterals;

namespace concord::gen {

bool RowQueue::push(Chunk&& chunk)
{
    QMutexLocker lock(&m_mutex);
    while (m_chunks.size() >= kCapacity && !m_gaveUp)
        m_changed.wait(&m_mutex);
    if (m_gaveUp)
        return false;
    m_chunks.append(std::move(chunk));
    m_changed.wakeAll();
    return true;
}

bool RowQueue::pop(Chunk& chunk)
{
    QMutexLocker lock(&m_mutex);
    while (m_chunks.isEmpty() && !m_closed)
        m_changed.wait(&m_mutex);
    if (m_chunks.isEmpty())
        return false;
    chunk = m_chunks.takeFirst();
    m_changed.wakeAll();
    return true;
}

void RowQueue::close()
{
    QMutexLocker lock(&m_mutex);
    m_closed = true;
    m_changed.wakeAll();
}

void RowQueue::giveUp()
{
    QMutexLocker lock(&m_mutex);
    m_gaveUp = true;
    m_chunks.clear();
    m_changed.wakeAll();
}

ThreadedSink::ThreadedSink(Work work)
{
    m_chunk.reserve(kChunkRows);
    m_thread = std::thread([this, work = std::move(work)] {
        Result<void> result = work(m_queue);
        if (!result)
            m_result = result;
        m_queue.giveUp(); // unblocks the producer if the work stopped early
    });
}

ThreadedSink::~ThreadedSink()
{
    if (!m_joined) {
        m_queue.close();
        m_thread.join();
    }
}

Result<void> ThreadedSink::write(const RowValues& row)
{
    m_chunk.append(row);
    return pushIfFull();
}

Result<void> ThreadedSink::take(RowValues&& row)
{
    m_chunk.append(std::move(row));
    return pushIfFull();
}

Result<void> ThreadedSink::pushIfFull()
{
    if (m_chunk.size() < kChunkRows)
        return {};
    if (!m_queue.push(std::move(m_chunk))) {
        auto result = join();
        return result ? makeError(u"a writer thread stopped without an error"_s) : result;
    }
    m_chunk = RowQueue::Chunk();
    m_chunk.reserve(kChunkRows);
    return {};
}

Result<void> ThreadedSink::join()
{
    if (!m_joined) {
        m_queue.close();
        m_thread.join();
        m_joined = true;
    }
    return m_result;
}

Result<void> ThreadedSink::finish()
{
    if (!m_chunk.isEmpty() && !m_queue.push(std::move(m_chunk))) {
        auto result = join();
        return result ? makeError(u"a writer thread stopped without an error"_s) : result;
    }
    m_chunk = RowQueue::Chunk();
    return join();
}

} // namespace concord::gen
