#include "CsvTableWriter.h"

using namespace Qt::StringLiterals;

namespace concord::gen {

CsvTableWriter::CsvTableWriter(QString path, const SystemSchema& schema)
    : m_path(std::move(path))
    , m_schema(schema)
    , m_file(m_path)
{}

Result<void> CsvTableWriter::begin()
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(u"%1: cannot create %2: %3"_s.arg(m_schema.name, m_path, m_file.errorString()));
    m_csv = std::make_unique<CsvWriter>(&m_file, CsvWriter::Options{',', true, true});
    for (const ColumnSpec& column : m_schema.columns)
        m_csv->writeField(column.name);
    m_csv->endRow();
    return {};
}

Result<void> CsvTableWriter::write(const RowValues& row)
{
    for (const QVariant& value : row)
        m_csv->writeField(value.toString());
    m_csv->endRow();
    if (!m_csv->ok())
        return makeError(u"%1: cannot write %2: %3"_s.arg(m_schema.name, m_path, m_csv->errorString()));
    return {};
}

Result<void> CsvTableWriter::finish()
{
    if (!m_csv->flush())
        return makeError(u"%1: cannot write %2: %3"_s.arg(m_schema.name, m_path, m_csv->errorString()));
    m_csv.reset();
    m_file.close();
    if (m_file.error() != QFileDevice::NoError)
        return makeError(u"%1: cannot write %2: %3"_s.arg(m_schema.name, m_path, m_file.errorString()));
    return {};
}

} // namespace concord::gen
