#include "SqliteRowReader.h"

#include "RowVersion.h"

#include <QSqlDriver>
#include <QVariant>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <sqlite3.h>
#include <thread>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
constexpr qsizetype kBatchRows = 4096;
constexpr std::size_t kBatchesInFlight = 3;

sqlite3* nativeHandle(const QSqlDatabase& db)
{
    if (!db.isValid() || db.driverName() != "QSQLITE"_L1 || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3* const*>(handle.data());
}

// Batches travel from the stepping thread to the caller's thread and back for reuse.
class BatchQueue
{
public:
    std::unique_ptr<Utf8RowBatch> takeFree()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_free.empty() || m_stopped; });
        if (m_stopped)
            return nullptr;
        auto batch = std::move(m_free.front());
        m_free.pop_front();
        return batch;
    }
    void giveFree(std::unique_ptr<Utf8RowBatch> batch)
    {
        std::lock_guard lock(m_mutex);
        m_free.push_back(std::move(batch));
        m_changed.notify_all();
    }
    void push(std::unique_ptr<Utf8RowBatch> batch)
    {
        std::lock_guard lock(m_mutex);
        m_full.push_back(std::move(batch));
        m_changed.notify_all();
    }
    // Null when the producer finished and everything was consumed.
    std::unique_ptr<Utf8RowBatch> pop()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [&] { return !m_full.empty() || m_producerDone; });
        if (m_full.empty())
            return nullptr;
        auto batch = std::move(m_full.front());
        m_full.pop_front();
        return batch;
    }
    void producerDone()
    {
        std::lock_guard lock(m_mutex);
        m_producerDone = true;
        m_changed.notify_all();
    }
    void stop() // the consumer gives up: unblock the producer
    {
        std::lock_guard lock(m_mutex);
        m_stopped = true;
        m_changed.notify_all();
    }

private:
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<Utf8RowBatch>> m_free;
    std::deque<std::unique_ptr<Utf8RowBatch>> m_full;
    bool m_producerDone = false;
    bool m_stopped = false;
};
} // namespace

bool SqliteRowReader::canRead(const QSqlDatabase& db)
{
    return nativeHandle(db) != nullptr;
}

Result<qint64> SqliteRowReader::read(const QSqlDatabase& db, const QString& selectSql,
                                     const QList<ColumnInfo>& columns, const RowAssembler& assembler,
                                     RowReceiver& receiver, const QString& describe,
                                     const QStringList& bindings)
{
    sqlite3* handle = nativeHandle(db);
    if (!handle)
        return makeError(u"%1: not an SQLite connection"_s.arg(describe));
    sqlite3_stmt* stmt = nullptr;
    const QByteArray sql = selectSql.toUtf8();
    if (sqlite3_prepare_v2(handle, sql.constData(), static_cast<int>(sql.size()), &stmt, nullptr) !=
        SQLITE_OK)
        return makeError(u"%1: cannot read: %2"_s.arg(describe, QString::fromUtf8(sqlite3_errmsg(handle))));
    const std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> statement(stmt, sqlite3_finalize);
    for (int i = 0; i < bindings.size(); ++i) {
        const QByteArray value = bindings[i].toUtf8();
        if (sqlite3_bind_text(stmt, i + 1, value.constData(), static_cast<int>(value.size()),
                              SQLITE_TRANSIENT) != SQLITE_OK)
            return makeError(
                u"%1: cannot read: %2"_s.arg(describe, QString::fromUtf8(sqlite3_errmsg(handle))));
    }

    const int columnCount = static_cast<int>(columns.size());
    const QList<int> keys = assembler.keyIndexes();
    const int versionIndex = assembler.versionIndex();

    BatchQueue queue;
    for (std::size_t i = 0; i < kBatchesInFlight; ++i) {
        auto batch = std::make_unique<Utf8RowBatch>();
        batch->columnCount = columnCount;
        queue.giveFree(std::move(batch));
    }
    int stepResult = SQLITE_DONE;
    QString stepError;

    std::thread producer([&] {
        qint64 ordinal = 0;
        std::vector<QByteArrayView> rowValues(static_cast<std::size_t>(columnCount));
        std::vector<char> rowNulls(static_cast<std::size_t>(columnCount));
        QByteArray key;
        std::unique_ptr<Utf8RowBatch> batch = queue.takeFree();
        while (batch) {
            stepResult = sqlite3_step(stmt);
            if (stepResult != SQLITE_ROW)
                break;
            for (int c = 0; c < columnCount; ++c) {
                const bool isNull = sqlite3_column_type(stmt, c) == SQLITE_NULL;
                const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
                const int bytes = sqlite3_column_bytes(stmt, c);
                rowValues[static_cast<std::size_t>(c)] =
                    isNull ? QByteArrayView() : QByteArrayView(text, bytes);
                rowNulls[static_cast<std::size_t>(c)] = isNull;
                batch->values.push_back(batch->append(rowValues[static_cast<std::size_t>(c)], isNull));
            }
            // Source id: the key column, or the key columns joined by U+001F (as RowAssembler does).
            if (keys.size() == 1) {
                batch->sourceIds.push_back(
                    batch->values[batch->values.size() - static_cast<std::size_t>(columnCount) +
                                  static_cast<std::size_t>(keys.first())]);
            } else {
                key.resize(0);
                for (qsizetype k = 0; k < keys.size(); ++k) {
                    if (k > 0)
                        key.append('\x1f');
                    key.append(rowValues[static_cast<std::size_t>(keys[k])]);
                }
                batch->sourceIds.push_back(batch->append(key, false));
            }
            // Version: "v:" + the version column, or "h:" + the row hash (as RowAssembler does).
            if (versionIndex >= 0 && !rowNulls[static_cast<std::size_t>(versionIndex)]) {
                const QByteArrayView version = rowValues[static_cast<std::size_t>(versionIndex)];
                const qsizetype offset = batch->bytes.size();
                batch->bytes.append("v:", 2);
                batch->bytes.append(version);
                batch->versions.push_back({offset, static_cast<qint32>(version.size() + 2)});
            } else {
                RowVersion::Hasher hasher(columnCount);
                for (int c = 0; c < columnCount; ++c)
                    hasher.add(rowValues[static_cast<std::size_t>(c)], rowNulls[static_cast<std::size_t>(c)]);
                char text[18];
                RowVersion::formatHash(hasher.finish(), text);
                batch->versions.push_back(batch->append(QByteArrayView(text, 18), false));
            }
            batch->ordinals.push_back(++ordinal);
            batch->lines.push_back(0);
            if (batch->rowCount() == kBatchRows) {
                queue.push(std::move(batch));
                batch = queue.takeFree();
            }
        }
        if (stepResult != SQLITE_ROW && stepResult != SQLITE_DONE)
            stepError = QString::fromUtf8(sqlite3_errmsg(handle));
        if (batch && batch->rowCount() > 0)
            queue.push(std::move(batch));
        queue.producerDone();
    });

    receiver.begin(columns, describe);
    qint64 delivered = 0;
    bool stopped = false;
    while (auto batch = queue.pop()) {
        if (!stopped) {
            const qsizetype accepted = receiver.rows(*batch);
            delivered += accepted;
            stopped = accepted < batch->rowCount();
        }
        batch->clear();
        if (stopped)
            queue.stop();
        else
            queue.giveFree(std::move(batch));
    }
    producer.join();
    if (stopped)
        return makeError(u"%1: reading stopped at row %2"_s.arg(describe).arg(delivered + 1));
    if (!stepError.isEmpty())
        return makeError(
            u"%1: reading failed after %2 rows: %3"_s.arg(describe).arg(delivered).arg(stepError));
    receiver.end();
    return delivered;
}

} // namespace concord
