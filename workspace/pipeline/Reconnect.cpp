#include "Reconnect.h"

#include "Logging.h"

#include <QElapsedTimer>
#include <QThread>

using namespace Qt::StringLiterals;

namespace concord {

Result<void> reconnect(SqlWriter& writer, const ApplyOptions& options)
{
    QElapsedTimer elapsed;
    elapsed.start();
    qint64 delay = std::max(1, options.backoffMs);
    QString cause;
    int tries = 0;
    for (;;) {
        ++tries;
        auto reopened = writer.reopen();
        if (reopened) {
            qCInfo(lcWorkspace) << writer.describe() << "reconnected after" << tries << "tries";
            return {};
        }
        cause = reopened.errorString();
        const qint64 left = options.reconnectWindowMs - elapsed.elapsed();
        if (left <= 0)
            break;
        QThread::msleep(static_cast<unsigned long>(std::min(delay, left)));
        delay = std::min<qint64>(delay * 2, 2000);
    }
    // The driver's message may run over several lines (libpq adds a hint); the first says it.
    cause = cause.section(u'\n', 0, 0).trimmed();
    return makeError(u"lost the connection and could not reconnect in %1 s (%2 tries); %3"_s
                         .arg(QString::number(static_cast<double>(elapsed.elapsed()) / 1000.0, 'f', 1))
                         .arg(tries)
                         .arg(cause));
}

} // namespace concord
