#pragma once

#include "DemoGenerator.h"
#include "SystemSchemas.h"

#include <array>

namespace concord::gen {

class SystemSink;
class TruthWriter;

// Where the generated rows go. A null sink skips that system's formatting and writing
// but not its numbering, so every combination of sinks sees the same rows and ids.
struct PipelineSinks
{
    std::array<SystemSink*, kSystemCount> systems{};
    TruthWriter* truth = nullptr;
};

using RowCounts = std::array<qint64, kSystemCount>;

// Makes every customer in turn, writes its rows to the systems holding it (numbering
// them per system), holds each duplicate row back for a few thousand customers so it
// does not sit next to its original, and writes the ground truth alongside.
// Memory stays flat: only the held-back duplicates are kept.
Result<RowCounts> runPipeline(const GeneratorOptions& options, const PipelineSinks& sinks);

} // namespace concord::gen
