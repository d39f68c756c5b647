#pragma once

#include "CsvWriter.h"
#include "SystemSchemas.h"
#include "SystemSink.h"

#include <QFile>
#include <memory>

namespace concord::gen {

// Writes a system as a CSV export the way CRM and marketing tools do: a header row,
// every field quoted, comma separated, CRLF line ends, UTF-8 without BOM.
class CsvTableWriter : public SystemSink
{
public:
    CsvTableWriter(QString path, const SystemSchema& schema);

    Result<void> begin(); // creates the file and writes the header
    Result<void> write(const RowValues& row) override;
    Result<void> finish() override;

private:
    QString m_path;
    const SystemSchema& m_schema;
    QFile m_file;
    std::unique_ptr<CsvWriter> m_csv;
};

} // namespace concord::gen
