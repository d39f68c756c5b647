#include "SourceRow.h"

namespace concord {

Utf8RowBatch::Span Utf8RowBatch::append(QByteArrayView utf8, bool isNull)
{
    if (isNull)
        return Span{bytes.size(), -1};
    const Span span{bytes.size(), static_cast<qint32>(utf8.size())};
    bytes.append(utf8);
    return span;
}

void Utf8RowBatch::clear()
{
    bytes.resize(0); // keeps the capacity for the next batch
    values.clear();
    sourceIds.clear();
    versions.clear();
    ordinals.clear();
    lines.clear();
}

SourceRow Utf8RowBatch::row(qsizetype r) const
{
    auto toString = [this](const Span& s) {
        return s.length < 0 ? QString() : QString::fromUtf8(bytes.constData() + s.offset, s.length);
    };
    SourceRow row;
    const auto index = static_cast<std::size_t>(r);
    row.ordinal = ordinals[index];
    row.line = lines[index];
    row.sourceId = toString(sourceIds[index]);
    row.version = toString(versions[index]);
    row.values.reserve(columnCount);
    for (int c = 0; c < columnCount; ++c)
        row.values.append(
            toString(values[index * static_cast<std::size_t>(columnCount) + static_cast<std::size_t>(c)]));
    return row;
}

qsizetype RowReceiver::rows(const Utf8RowBatch& batch)
{
    for (qsizetype r = 0; r < batch.rowCount(); ++r) {
        if (!row(batch.row(r)))
            return r;
    }
    return batch.rowCount();
}

} // namespace concord
