#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>
#include <QStringEncoder>
#include <QStringList>
#include <QStringView>

class QIODevice;

namespace concord {

// Writes RFC 4180 CSV to a QIODevice through an in-memory buffer, in UTF-8.
// A field is quoted when it contains the delimiter, a double quote, CR or LF (or
// always, with quoteAll); a double quote inside a quoted field is doubled. Null and
// empty strings are both written as an empty field (CSV cannot tell them apart); a row
// of a single empty field is written as "" so that it does not read as a blank line.
// The device is only written in large chunks, so one writer per file is cheap even
// for millions of rows. Errors are sticky: after the first failed device write every
// call is a no-op and ok() returns false.
class CsvWriter
{
public:
    struct Options
    {
        char delimiter = ',';
        bool crlf = true;      // record terminator CRLF (RFC 4180) or LF
        bool quoteAll = false; // quote every field, as spreadsheet and CRM exports do
    };

    explicit CsvWriter(QIODevice* device);
    CsvWriter(QIODevice* device, Options options);
    ~CsvWriter(); // flushes; call flush() yourself to see the error
    CsvWriter(const CsvWriter&) = delete;
    CsvWriter& operator=(const CsvWriter&) = delete;

    void writeField(QStringView value);
    void writeField(const QString& value) { writeField(QStringView(value)); }
    void writeField(QLatin1StringView value);
    void writeUtf8Field(QByteArrayView utf8);
    void endRow();
    void writeRow(const QStringList& fields);

    // Writes the buffered bytes to the device. Returns ok().
    bool flush();
    bool ok() const { return m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    qint64 rowsWritten() const { return m_rows; }

private:
    void appendEncoded(QByteArrayView utf8);
    template <typename View> bool appendPlainAscii(View value);
    void maybeFlush();

    QIODevice* m_device;
    Options m_options;
    QByteArray m_buffer;
    QByteArray m_scratch; // UTF-8 of the current field, reused to avoid allocations
    QStringEncoder m_encoder;
    QString m_error;
    qint64 m_rows = 0;
    int m_fieldsInRow = 0;
    bool m_lastFieldEmpty = false;
};

} // namespace concord
