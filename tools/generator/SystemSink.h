#pragma once

#include "Result.h"
#include "RowFormatter.h"

namespace concord::gen {

// Where one system's rows go: a SQL table or a CSV file.
class SystemSink
{
public:
    virtual ~SystemSink() = default;
    virtual Result<void> write(const RowValues& row) = 0;
    // Same, for a row the caller no longer needs: lets a sink keep it without copying.
    virtual Result<void> take(RowValues&& row) { return write(row); }
    // Writes what is still buffered and makes the rows durable (commit, flush).
    virtual Result<void> finish() = 0;
};

} // namespace concord::gen
