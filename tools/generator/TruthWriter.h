#pragma once

#include "CsvWriter.h"
#include "Result.h"

#include <QFile>
#include <memory>

namespace concord::gen {

// Writes truth.csv (docs/truth-format.md): kind,system,source_id,customer_id,field,value
// with LF line ends, comma separated, quoted only where RFC 4180 requires it.
class TruthWriter
{
public:
    explicit TruthWriter(QString path);

    Result<void> begin();
    void record(QStringView system, QStringView sourceId, QStringView customerId);
    void value(QStringView customerId, QStringView field, QStringView value);
    void drift(QStringView system, QStringView sourceId, QStringView customerId, QStringView field,
               QStringView kind);
    Result<void> finish();
    bool ok() const { return m_csv && m_csv->ok(); }
    QString errorString() const;

private:
    QString m_path;
    QFile m_file;
    std::unique_ptr<CsvWriter> m_csv;
};

} // namespace concord::gen
