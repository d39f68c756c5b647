#include "TruthWriter.h"

using namespace Qt::StringLiterals;

namespace concord::gen {

TruthWriter::TruthWriter(QString path)
    : m_path(std::move(path))
    , m_file(m_path)
{}

Result<void> TruthWriter::begin()
{
    if (!m_file.open(QIODevice::WriteOnly | QIODevice::NewOnly))
        return makeError(u"cannot create %1: %2"_s.arg(m_path, m_file.errorString()));
    m_csv = std::make_unique<CsvWriter>(&m_file, CsvWriter::Options{',', false, false});
    m_csv->writeRow({u"kind"_s, u"system"_s, u"source_id"_s, u"customer_id"_s, u"field"_s, u"value"_s});
    return {};
}

void TruthWriter::record(QStringView system, QStringView sourceId, QStringView customerId)
{
    m_csv->writeField(QLatin1StringView("record"));
    m_csv->writeField(system);
    m_csv->writeField(sourceId);
    m_csv->writeField(customerId);
    m_csv->writeField(QLatin1StringView());
    m_csv->writeField(QLatin1StringView());
    m_csv->endRow();
}

void TruthWriter::value(QStringView customerId, QStringView field, QStringView value)
{
    m_csv->writeField(QLatin1StringView("value"));
    m_csv->writeField(QLatin1StringView());
    m_csv->writeField(QLatin1StringView());
    m_csv->writeField(customerId);
    m_csv->writeField(field);
    m_csv->writeField(value);
    m_csv->endRow();
}

void TruthWriter::drift(QStringView system, QStringView sourceId, QStringView customerId, QStringView field,
                        QStringView kind)
{
    m_csv->writeField(QLatin1StringView("drift"));
    m_csv->writeField(system);
    m_csv->writeField(sourceId);
    m_csv->writeField(customerId);
    m_csv->writeField(field);
    m_csv->writeField(kind);
    m_csv->endRow();
}

QString TruthWriter::errorString() const
{
    return u"cannot write %1: %2"_s.arg(m_path, m_csv ? m_csv->errorString() : m_file.errorString());
}

Result<void> TruthWriter::finish()
{
    if (!m_csv->flush())
        return makeError(errorString());
    m_csv.reset();
    m_file.close();
    if (m_file.error() != QFileDevice::NoError)
        return makeError(u"cannot write %1: %2"_s.arg(m_path, m_file.errorString()));
    return {};
}

} // namespace concord::gen
