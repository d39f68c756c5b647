#include "CsvReader.h"

#include <QHash>
#include <algorithm>
#include <cstring>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

bool isLineBreak(char c)
{
    return c == '\n' || c == '\r';
}

bool isBlank(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// Offset of the first byte in data that does not start a well-formed UTF-8 sequence
// (overlong forms, surrogates and code points above U+10FFFF included), or -1.
qsizetype firstInvalidUtf8(const char* data, qsizetype size)
{
    const auto* s = reinterpret_cast<const unsigned char*>(data);
    qsizetype i = 0;
    while (i < size) {
        // Exports are mostly ASCII: check 8 bytes at a time.
        while (i + 8 <= size) {
            quint64 word;
            std::memcpy(&word, s + i, sizeof word);
            if (word & 0x8080808080808080ULL)
                break;
            i += 8;
        }
        if (i >= size)
            break;
        const unsigned char c = s[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        int length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (c >= 0xC2 && c <= 0xDF) {
            length = 2;
        } else if (c == 0xE0) {
            length = 3;
            low = 0xA0;
        } else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) {
            length = 3;
        } else if (c == 0xED) {
            length = 3;
            high = 0x9F;
        } else if (c == 0xF0) {
            length = 4;
            low = 0x90;
        } else if (c >= 0xF1 && c <= 0xF3) {
            length = 4;
        } else if (c == 0xF4) {
            length = 4;
            high = 0x8F;
        } else {
            return i;
        }
        if (i + length > size || s[i + 1] < low || s[i + 1] > high)
            return i;
        for (int k = 2; k < length; ++k) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
        }
        i += length;
    }
    return -1;
}

// Line breaks in data[from, to): CRLF counts once, a lone CR or LF once each. The byte
// at `to` (if any) is looked at to tell a CR of a CRLF from a lone one.
qint64 countLineBreaks(const char* data, qsizetype from, qsizetype to, qsizetype size)
{
    qint64 lines = 0;
    for (qsizetype i = from; i < to; ++i) {
        if (data[i] == '\n')
            ++lines;
        else if (data[i] == '\r' && (i + 1 >= size || data[i + 1] != '\n'))
            ++lines;
    }
    return lines;
}

const QString& emptyValue()
{
    static const QString empty = u""_s; // an empty field is "", never a null value
    return empty;
}

} // namespace

CsvReader::CsvReader(QIODevice& device, QString origin, qsizetype chunkSize)
    : m_device(device)
    , m_origin(std::move(origin))
    , m_chunkSize(std::max<qsizetype>(chunkSize, 1))
{}

Result<void> CsvReader::fill()
{
    // Keep only the record being parsed; everything before it has been delivered.
    const qsizetype keep = m_buffer.size() - m_pos;
    if (m_pos > 0) {
        if (keep > 0)
            std::memmove(m_buffer.data(), m_buffer.constData() + m_pos, static_cast<size_t>(keep));
        m_buffer.resize(keep);
        m_bufferBase += m_pos;
        m_pos = 0;
    }
    // A record longer than a chunk doubles the read size, so re-parsing it from its start
    // after each read stays linear.
    const qsizetype toRead = std::max(m_chunkSize, keep);
    m_buffer.resize(keep + toRead);
    const qint64 got = m_device.read(m_buffer.data() + keep, toRead);
    if (got < 0) {
        m_buffer.resize(keep);
        return makeError(u"%1: read error: %2"_s.arg(m_origin, m_device.errorString()));
    }
    m_buffer.resize(keep + static_cast<qsizetype>(got));
    if (got == 0 || (got < toRead && m_device.atEnd()))
        m_eof = true;
    return {};
}

Result<void> CsvReader::readHeader(char delimiter)
{
    while (m_buffer.size() - m_pos < 3 && !m_eof) {
        if (auto filled = fill(); !filled)
            return filled.error();
    }
    if (m_buffer.isEmpty() && m_bufferBase == 0)
        return makeError(u"%1: the file is empty (0 bytes); a header row is required"_s.arg(m_origin));
    if (m_buffer.size() - m_pos >= 3 && m_buffer.at(m_pos) == '\xEF' && m_buffer.at(m_pos + 1) == '\xBB' &&
        m_buffer.at(m_pos + 2) == '\xBF')
        m_pos += 3;

    // Only whitespace (or nothing) after the BOM: there is no header to read.
    for (qsizetype scanned = 0;;) {
        const qsizetype n = m_buffer.size() - m_pos;
        const char* d = m_buffer.constData() + m_pos;
        while (scanned < n && isBlank(d[scanned]))
            ++scanned;
        if (scanned < n)
            break;
        if (m_eof)
            return makeError(u"%1: the file holds no data (only a byte order mark or whitespace); "
                             "a header row is required"_s.arg(m_origin));
        if (auto filled = fill(); !filled)
            return filled.error();
    }
    if (isLineBreak(m_buffer.at(m_pos)))
        return makeError(
            u"%1: line 1, column 1: empty line; the first line must be the header row"_s.arg(m_origin));

    if (delimiter == 0) {
        auto detected = detectDelimiter();
        if (!detected)
            return detected.error();
        delimiter = *detected;
    }
    if (isLineBreak(delimiter) || delimiter == '"')
        return makeError(u"%1: invalid delimiter"_s.arg(m_origin));
    m_delimiter = delimiter;
    std::fill(std::begin(m_special), std::end(m_special), false);
    m_special[static_cast<unsigned char>(m_delimiter)] = true;
    m_special[static_cast<unsigned char>('"')] = true;
    m_special[static_cast<unsigned char>('\r')] = true;
    m_special[static_cast<unsigned char>('\n')] = true;

    QStringList names;
    auto read = nextRecord(&names);
    if (!read)
        return read.error();
    // Check the names while the header is still the current record, for error positions.
    QHash<QString, qsizetype> seen;
    for (qsizetype i = 0; i < names.size(); ++i) {
        const qsizetype at = m_fields[static_cast<size_t>(i)].begin;
        if (names[i].trimmed().isEmpty())
            return errorAt(at, -1,
                           u"header field %1 has an empty name; every column needs a name"_s.arg(i + 1));
        const auto first = seen.constFind(names[i]);
        if (first != seen.cend())
            return errorAt(
                at, -1,
                u"duplicate header name '%1' (fields %2 and %3)"_s.arg(names[i]).arg(*first + 1).arg(i + 1));
        seen.insert(names[i], i);
    }
    m_header = names;
    m_expectedFields = names.size();
    m_pos = m_recordEnd;
    m_line += m_recordLines;
    m_recordNumber = 0;
    m_recordLine = 0;
    return {};
}

Result<char> CsvReader::detectDelimiter()
{
    static constexpr char candidates[] = {',', ';', '\t', '|'}; // ties go to the earlier one
    for (;;) {
        const char* d = m_buffer.constData();
        const qsizetype n = m_buffer.size();
        int counts[4] = {};
        bool inQuotes = false;
        qsizetype i = m_pos;
        for (; i < n; ++i) {
            const char c = d[i];
            if (c == '"') {
                inQuotes = !inQuotes; // a doubled quote toggles twice
            } else if (!inQuotes) {
                if (isLineBreak(c))
                    break;
                for (int k = 0; k < 4; ++k) {
                    if (c == candidates[k])
                        ++counts[k];
                }
            }
        }
        if (i == n && !m_eof) {
            if (auto filled = fill(); !filled)
                return filled.error();
            continue;
        }
        int best = 0;
        for (int k = 1; k < 4; ++k) {
            if (counts[k] > counts[best])
                best = k;
        }
        return candidates[best];
    }
}

CsvReader::Parse CsvReader::parseRecord()
{
    const char* d = m_buffer.constData();
    const qsizetype n = m_buffer.size();
    qsizetype p = m_pos;
    m_fields.clear();

    if (p == n)
        return m_eof ? Parse::EndOfInput : Parse::NeedMore;
    if (isLineBreak(d[p]) && m_bufferBase + p >= m_dataAfterBlanks) {
        // Empty lines up to the end of the input are ignored (see the class comment);
        // remember where data resumes so a run of empty lines is scanned once.
        qsizetype q = p;
        while (q < n && isLineBreak(d[q]))
            ++q;
        if (q == n)
            return m_eof ? Parse::EndOfInput : Parse::NeedMore;
        m_dataAfterBlanks = m_bufferBase + q;
    }

    qint64 lines = 0; // line breaks inside quoted fields
    for (;;) {
        Field field;
        const qsizetype fieldIndex = static_cast<qsizetype>(m_fields.size());
        if (p < n && d[p] == '"') {
            const qsizetype open = p;
            qsizetype q = p + 1;
            field.begin = q;
            for (;;) {
                const auto* quote =
                    static_cast<const char*>(std::memchr(d + q, '"', static_cast<size_t>(n - q)));
                const qsizetype stop = quote ? quote - d : n;
                if (!quote) {
                    if (!m_eof)
                        return Parse::NeedMore;
                    m_parseProblem =
                        locate(open, fieldIndex, u"quoted field is never closed: the file ends inside it"_s);
                    return Parse::Failed;
                }
                lines += countLineBreaks(d, q, stop, n);
                q = stop;
                if (q + 1 == n && !m_eof)
                    return Parse::NeedMore; // cannot tell a closing quote from a doubled one yet
                if (q + 1 < n && d[q + 1] == '"') {
                    field.escapedQuotes = true;
                    q += 2;
                    continue;
                }
                field.end = q;
                p = q + 1;
                break;
            }
            if (p < n && d[p] != m_delimiter && !isLineBreak(d[p])) {
                m_parseProblem = locate(p, fieldIndex,
                                        u"text after the closing quote of a quoted field; "
                                        "quotes inside a quoted field must be doubled"_s);
                return Parse::Failed;
            }
        } else {
            qsizetype q = p;
            while (q < n && !m_special[static_cast<unsigned char>(d[q])])
                ++q;
            if (q < n && d[q] == '"') {
                m_parseProblem = locate(q, fieldIndex,
                                        u"quote inside an unquoted field; quote the whole field and "
                                        "double the quotes inside it"_s);
                return Parse::Failed;
            }
            if (q == n && !m_eof)
                return Parse::NeedMore;
            field.begin = p;
            field.end = q;
            p = q;
        }
        m_fields.push_back(field);

        if (p == n) { // the last record has no line break
            m_recordEnd = p;
            m_recordLines = lines;
            return Parse::Record;
        }
        if (d[p] == m_delimiter) {
            ++p;
            continue;
        }
        if (d[p] == '\r') {
            if (p + 1 == n && !m_eof)
                return Parse::NeedMore; // CRLF split across reads
            p += (p + 1 < n && d[p + 1] == '\n') ? 2 : 1;
        } else {
            ++p;
        }
        m_recordEnd = p;
        m_recordLines = lines + 1;
        return Parse::Record;
    }
}

QString CsvReader::checkRecord(qsizetype recordEnd) const
{
    const char* d = m_buffer.constData();
    const qsizetype invalid = firstInvalidUtf8(d + m_pos, recordEnd - m_pos);
    // A NUL is valid UTF-8 but no text export holds one: it means UTF-16 or binary data, and
    // it would end up inside values, source ids or column names.
    const auto* nul =
        static_cast<const char*>(std::memchr(d + m_pos, 0, static_cast<size_t>(recordEnd - m_pos)));
    const qsizetype nulAt = nul ? nul - d : -1;
    const qsizetype invalidAt = invalid >= 0 ? m_pos + invalid : -1;
    if (nulAt >= 0 || invalidAt >= 0) {
        const qsizetype at = nulAt < 0 ? invalidAt : invalidAt < 0 ? nulAt : std::min(nulAt, invalidAt);
        qsizetype fieldIndex = 0;
        for (qsizetype i = 0; i < static_cast<qsizetype>(m_fields.size()); ++i) {
            if (m_fields[static_cast<size_t>(i)].begin <= at)
                fieldIndex = i;
        }
        if (at == nulAt)
            return locate(at, fieldIndex,
                          u"NUL byte (0x00), which no text value may hold; is the file UTF-16 or binary? "
                          "Save it as UTF-8 text"_s);
        return locate(at, fieldIndex,
                      u"invalid UTF-8 (byte 0x%1); save the file as UTF-8"_s.arg(
                          QString::number(static_cast<unsigned char>(d[at]), 16).toUpper()));
    }
    if (m_expectedFields < 0)
        return {};
    const auto found = static_cast<qsizetype>(m_fields.size());
    if (found == m_expectedFields)
        return {};
    if (found == 1 && m_fields.front().begin == m_fields.front().end && isLineBreak(d[m_pos]))
        return locate(m_pos, -1,
                      u"blank line inside the data; expected %1 fields as in the header. Remove the "
                      "line (blank lines are only ignored at the end of the file)"_s.arg(m_expectedFields));
    if (found > m_expectedFields) {
        const Field& extra = m_fields[static_cast<size_t>(m_expectedFields)];
        return locate(extra.begin, m_expectedFields,
                      u"found %1 fields, expected %2 as in the header"_s.arg(found).arg(m_expectedFields));
    }
    const Field& last = m_fields.back();
    const bool lastQuoted = last.end < recordEnd && d[last.end] == '"';
    return locate(last.end + (lastQuoted ? 1 : 0), -1,
                  u"found %1 fields, expected %2 as in the header; %3 is missing"_s.arg(found)
                      .arg(m_expectedFields)
                      .arg(columnLabel(found)));
}

Error CsvReader::problemsError() const
{
    if (m_problemCount == 1)
        return makeError(m_origin + u": "_s + m_problems.constFirst());
    QString message = u"%1: %2 records cannot be read:"_s.arg(m_origin).arg(m_problemCount);
    for (const QString& problem : m_problems)
        message += u"\n  "_s + problem;
    if (m_problemCount > m_problems.size())
        message += u"\n  and %1 more"_s.arg(m_problemCount - m_problems.size());
    return makeError(message);
}

Result<bool> CsvReader::nextRecord(QStringList* fields)
{
    for (;;) {
        const Parse parsed = parseRecord();
        if (parsed == Parse::NeedMore) {
            if (auto filled = fill(); !filled)
                return filled.error();
            continue;
        }
        if (parsed == Parse::Failed) {
            if (m_problemCount == 0)
                return makeError(m_origin + u": "_s + m_parseProblem);
            if (m_problems.size() < MaxListedProblems)
                m_problems.append(m_parseProblem);
            ++m_problemCount;
            return problemsError();
        }
        if (parsed == Parse::EndOfInput) {
            if (m_problemCount > 0)
                return problemsError();
            return false;
        }
        const QString problem = checkRecord(m_recordEnd);
        if (!problem.isEmpty() && m_expectedFields < 0)
            return makeError(m_origin + u": "_s + problem); // the header: nothing after it means anything
        if (!problem.isEmpty()) {
            if (m_problems.size() < MaxListedProblems)
                m_problems.append(problem);
            ++m_problemCount;
        }
        if (m_problemCount == 0)
            break;
        // After a bad record the rest is only checked, so one error can name every bad record.
        m_line += m_recordLines;
        m_pos = m_recordEnd;
    }
    if (fields) {
        const auto count = static_cast<qsizetype>(m_fields.size());
        fields->resize(count);
        for (qsizetype i = 0; i < count; ++i)
            (*fields)[i] = fieldText(m_fields[static_cast<size_t>(i)]);
    }
    // The header is read through here too: readHeader() advances past it itself, after
    // checking the names against the record's field positions.
    if (m_expectedFields >= 0) {
        m_recordLine = m_line;
        m_line += m_recordLines;
        m_pos = m_recordEnd;
        ++m_recordNumber;
    }
    return true;
}

Result<bool> CsvReader::readRecord(QStringList& fields)
{
    if (m_expectedFields < 0)
        return makeError(u"%1: the header must be read before the records"_s.arg(m_origin));
    return nextRecord(&fields);
}

Result<bool> CsvReader::skipRecord()
{
    if (m_expectedFields < 0)
        return makeError(u"%1: the header must be read before the records"_s.arg(m_origin));
    return nextRecord(nullptr);
}

QString CsvReader::fieldText(const Field& field)
{
    const qsizetype length = field.end - field.begin;
    if (length == 0)
        return emptyValue();
    const char* data = m_buffer.constData() + field.begin;
    if (!field.escapedQuotes)
        return QString::fromUtf8(data, length);
    m_scratch.resize(length);
    char* out = m_scratch.data();
    qsizetype written = 0;
    for (qsizetype i = 0; i < length; ++i) {
        out[written++] = data[i];
        if (data[i] == '"')
            ++i; // "" stands for one quote
    }
    return QString::fromUtf8(out, written);
}

QString CsvReader::columnLabel(qsizetype index) const
{
    if (index >= 0 && index < m_header.size())
        return u"field %1 '%2'"_s.arg(index + 1).arg(m_header[index]);
    return u"field %1"_s.arg(index + 1);
}

QString CsvReader::locate(qsizetype position, qsizetype fieldIndex, const QString& what) const
{
    // Records start at the beginning of a line: count from the record's first byte.
    const char* d = m_buffer.constData();
    const qsizetype n = m_buffer.size();
    qint64 line = m_line;
    qsizetype lineStart = m_pos;
    for (qsizetype i = m_pos; i < position; ++i) {
        if (d[i] == '\n' || (d[i] == '\r' && (i + 1 >= n || d[i + 1] != '\n'))) {
            ++line;
            lineStart = i + 1;
        }
    }
    qint64 column = 1; // characters, not bytes: what an editor shows
    for (qsizetype i = lineStart; i < position; ++i) {
        if ((static_cast<unsigned char>(d[i]) & 0xC0) != 0x80)
            ++column;
    }
    QString where = u"line %1, column %2"_s.arg(line).arg(column);
    if (fieldIndex >= 0)
        where += u" ("_s + columnLabel(fieldIndex) + u')';
    return where + u": "_s + what;
}

Error CsvReader::errorAt(qsizetype position, qsizetype fieldIndex, const QString& what) const
{
    return makeError(m_origin + u": "_s + locate(position, fieldIndex, what));
}

} // namespace concord
