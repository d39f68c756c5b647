#pragma once

#include "BatchExecutor.h"
#include "SqlWriter.h"

namespace concord {

// Reconnects a writer whose connection was lost: tries again with backoff (options.backoffMs,
// doubled each time, at most 2 s apart) for at most options.reconnectWindowMs. A server that is
// gone is recognised once here, instead of every remaining row failing its own retries against
// it. The error says why the last try failed (e.g. the connection refused at host:port).
Result<void> reconnect(SqlWriter& writer, const ApplyOptions& options);

} // namespace concord
