#pragma once

#include "Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>
#include <QStringList>
#include <vector>

namespace concord {

// A streaming RFC 4180 CSV parser, strict about what it cannot read faithfully.
//
// Reads the device in fixed-size chunks: memory is bounded by the chunk size and the
// longest record, never by the size of the input. Bytes are parsed as bytes; each field
// is validated as UTF-8 and converted to QString once.
//
// Accepted: a UTF-8 BOM (skipped), CRLF / LF / lone CR line endings, quoted fields with
// embedded delimiters, doubled quotes and line breaks, a delimiter among , ; TAB |
// detected from the header line (the one occurring most often outside quotes; ties and
// a header without any go to the comma, then ; TAB | in that order).
//
// Refused with an error naming the origin, the line and, where relevant, the column
// (1-based character position in the line) and the field: invalid UTF-8, a NUL byte, a quote
// inside an unquoted field, text after a closing quote, an unterminated quoted field, a record
// whose field count differs from the header's, an empty, blank or duplicate header name,
// and an input without a header row (0 bytes, only a BOM, only whitespace).
//
// A bad record (wrong field count, invalid UTF-8, NUL) does not end the read at once: the rest
// of the input is still parsed, without delivering another record, so that one error lists
// every bad record (the first MaxListedProblems, then how many more) and a steward fixes the
// file in one pass. A quoting error ends the scan, since the records after it cannot be told
// apart.
//
// Blank lines: a completely empty line is a record of one empty field. At the end of the
// input, empty lines are ignored (editors add them). Anywhere else they are data: with a
// one-column header a blank line is a record whose value is "", with more columns it is
// a ragged row and therefore an error. Nothing is ever skipped silently.
class CsvReader
{
public:
    static constexpr qsizetype DefaultChunkSize = 1 << 20;
    static constexpr int MaxListedProblems = 20;

    // origin names the input in error messages (normally the file path). The device must
    // be open for reading and outlive the reader.
    CsvReader(QIODevice& device, QString origin, qsizetype chunkSize = DefaultChunkSize);

    // Skips a BOM, detects the delimiter unless one is given (0 = detect), reads the
    // header row and checks its names.
    Result<void> readHeader(char delimiter = 0);

    const QStringList& header() const { return m_header; }
    char delimiter() const { return m_delimiter; }
    const QString& origin() const { return m_origin; }

    // Reads the next record into fields (one value per header column). Returns false at
    // the end of the input.
    Result<bool> readRecord(QStringList& fields);
    // Parses and validates the next record without converting its values (counting).
    Result<bool> skipRecord();

    qint64 recordLine() const { return m_recordLine; }     // line where the last record starts
    qint64 recordNumber() const { return m_recordNumber; } // 1-based, header excluded

    // Bytes held by the read buffer; stays near the chunk size however large the input.
    qsizetype bufferCapacity() const { return m_buffer.capacity(); }

private:
    struct Field
    {
        qsizetype begin = 0; // offsets into m_buffer, quotes excluded
        qsizetype end = 0;
        bool escapedQuotes = false; // contains "" pairs to collapse
    };
    enum class Parse
    {
        Record,
        NeedMore,
        EndOfInput,
        Failed
    };

    Result<bool> nextRecord(QStringList* fields);
    Parse parseRecord();
    Result<void> fill();
    Result<char> detectDelimiter();
    // What is wrong with the record just parsed, located ("line 3, column 5: ..."); empty
    // when nothing is.
    QString checkRecord(qsizetype recordEnd) const;
    Error problemsError() const;
    QString fieldText(const Field& field);
    QString columnLabel(qsizetype index) const;
    QString locate(qsizetype position, qsizetype fieldIndex, const QString& what) const;
    Error errorAt(qsizetype position, qsizetype fieldIndex, const QString& what) const;

    QIODevice& m_device;
    QString m_origin;
    qsizetype m_chunkSize;

    QByteArray m_buffer;
    qsizetype m_pos = 0;     // start of the next record in m_buffer
    qint64 m_bufferBase = 0; // absolute input offset of m_buffer[0]
    bool m_eof = false;

    char m_delimiter = ',';
    bool m_special[256] = {}; // bytes that end an unquoted run: delimiter, quote, CR, LF
    QStringList m_header;
    qsizetype m_expectedFields = -1; // -1 while reading the header

    // The record being parsed.
    std::vector<Field> m_fields;
    qsizetype m_recordEnd = 0;     // offset just past the record and its line ending
    qint64 m_recordLines = 0;      // line breaks consumed by the record (terminator included)
    QString m_parseProblem;        // located; set when parseRecord() returns Failed
    qint64 m_dataAfterBlanks = -1; // absolute offset of data known to follow blank lines

    qint64 m_line = 1; // line where the next record starts
    qint64 m_recordLine = 0;
    qint64 m_recordNumber = 0;
    QByteArray m_scratch;

    QStringList m_problems; // the first bad records, located
    qint64 m_problemCount = 0;
};

} // namespace concord
