#include "CsvWriter.h"

#include <QIODevice>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

constexpr qsizetype kFlushThreshold = 256 * 1024;

char16_t codeUnit(QChar c)
{
    return c.unicode();
}

char16_t codeUnit(char c)
{
    return static_cast<unsigned char>(c); // Latin-1
}

} // namespace

CsvWriter::CsvWriter(QIODevice* device)
    : CsvWriter(device, Options{})
{}

CsvWriter::CsvWriter(QIODevice* device, Options options)
    : m_device(device)
    , m_options(options)
    , m_encoder(QStringConverter::Utf8)
{
    m_buffer.reserve(kFlushThreshold + 4096);
    m_scratch.reserve(256);
}

CsvWriter::~CsvWriter()
{
    flush();
}

void CsvWriter::writeField(QStringView value)
{
    if (!ok())
        return;
    if (!m_options.quoteAll && appendPlainAscii(value))
        return;
    m_scratch.resize(m_encoder.requiredSpace(value.size()));
    char* end = m_encoder.appendToBuffer(m_scratch.data(), value);
    m_scratch.resize(end - m_scratch.data());
    appendEncoded(m_scratch);
}

// The common case in bulk output: a short ASCII field that needs no quotes, copied
// straight into the buffer. Returns false, having written nothing, for anything else.
template <typename View> bool CsvWriter::appendPlainAscii(View value)
{
    const qsizetype start = m_buffer.size();
    const qsizetype prefix = m_fieldsInRow > 0 ? 1 : 0;
    m_buffer.resize(start + prefix + value.size());
    char* out = m_buffer.data() + start;
    if (prefix)
        *out++ = m_options.delimiter;
    const auto delimiter = static_cast<unsigned char>(m_options.delimiter);
    for (const auto ch : value) {
        const char16_t c = codeUnit(ch);
        if (c >= 0x80 || c == u'"' || c == u'\r' || c == u'\n' || c == delimiter) {
            m_buffer.resize(start);
            return false;
        }
        *out++ = static_cast<char>(c);
    }
    ++m_fieldsInRow;
    m_lastFieldEmpty = value.isEmpty();
    return true;
}

void CsvWriter::writeField(QLatin1StringView value)
{
    if (!ok())
        return;
    if (!m_options.quoteAll && appendPlainAscii(value))
        return;
    m_scratch.resize(value.size() * 2);
    char* out = m_scratch.data();
    for (const char c : value) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x80) {
            *out++ = c;
        } else {
            *out++ = static_cast<char>(0xC0 | (u >> 6));
            *out++ = static_cast<char>(0x80 | (u & 0x3F));
        }
    }
    m_scratch.resize(out - m_scratch.data());
    appendEncoded(m_scratch);
}

void CsvWriter::writeUtf8Field(QByteArrayView utf8)
{
    if (!ok())
        return;
    appendEncoded(utf8);
}

void CsvWriter::appendEncoded(QByteArrayView utf8)
{
    if (m_fieldsInRow > 0)
        m_buffer.append(m_options.delimiter);
    ++m_fieldsInRow;
    m_lastFieldEmpty = utf8.isEmpty();

    bool needsQuotes = m_options.quoteAll;
    qsizetype quotes = 0;
    for (const char c : utf8) {
        if (c == '"')
            ++quotes;
        else if (c == m_options.delimiter || c == '\r' || c == '\n')
            needsQuotes = true;
    }
    if (quotes > 0)
        needsQuotes = true;

    if (!needsQuotes) {
        m_buffer.append(utf8);
        return;
    }
    m_buffer.append('"');
    if (quotes == 0) {
        m_buffer.append(utf8);
    } else {
        for (const char c : utf8) {
            if (c == '"')
                m_buffer.append('"');
            m_buffer.append(c);
        }
    }
    m_buffer.append('"');
}

void CsvWriter::endRow()
{
    if (!ok())
        return;
    // A row of one empty field would otherwise be a blank line, which readers skip.
    if (m_fieldsInRow == 1 && m_lastFieldEmpty && !m_options.quoteAll)
        m_buffer.append("\"\"", 2);
    if (m_options.crlf)
        m_buffer.append("\r\n", 2);
    else
        m_buffer.append('\n');
    m_fieldsInRow = 0;
    ++m_rows;
    maybeFlush();
}

void CsvWriter::writeRow(const QStringList& fields)
{
    for (const QString& field : fields)
        writeField(QStringView(field));
    endRow();
}

void CsvWriter::maybeFlush()
{
    if (m_buffer.size() >= kFlushThreshold)
        flush();
}

bool CsvWriter::flush()
{
    if (!ok() || m_buffer.isEmpty())
        return ok();
    if (!m_device || !m_device->isWritable()) {
        m_error = u"CSV device is not open for writing"_s;
        return false;
    }
    const char* data = m_buffer.constData();
    qint64 left = m_buffer.size();
    while (left > 0) {
        const qint64 written = m_device->write(data, left);
        if (written <= 0) {
            m_error = u"cannot write CSV: %1"_s.arg(m_device->errorString());
            return false;
        }
        data += written;
        left -= written;
    }
    m_buffer.resize(0); // keeps the capacity, unlike clear()
    return true;
}

} // namespace concord
