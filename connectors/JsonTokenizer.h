#pragma once

#include "Result.h"

#include <QByteArray>
#include <QIODevice>
#include <QString>

namespace concord {

// An incremental JSON tokenizer (RFC 8259). Reads the device in fixed-size chunks and
// keeps only the current token, so memory does not grow with the input. It keeps what a
// steward typed: a number's text exactly as written ("1.10", "12345678901234567890"),
// a string both decoded and as written. A UTF-8 BOM at the start is skipped.
//
// Errors name the origin, the line and the column (1-based, in characters) of the
// offending token or byte: invalid UTF-8, control characters in strings, bad escapes and
// lone surrogates, malformed numbers and words other than true/false/null.
class JsonTokenizer
{
public:
    static constexpr qsizetype DefaultChunkSize = 1 << 20;

    enum class Token
    {
        BeginObject,
        EndObject,
        BeginArray,
        EndArray,
        Colon,
        Comma,
        String,
        Number,
        True,
        False,
        Null,
        EndOfInput
    };

    JsonTokenizer(QIODevice& device, QString origin, qsizetype chunkSize = DefaultChunkSize);

    Result<Token> next();

    // The last String token decoded (UTF-8) or the last Number token as written.
    const QByteArray& text() const { return m_text; }
    // The last String token as written, quotes and escapes included; kept only while
    // setKeepRaw(true) (inside nested values), to spare a copy of every plain string.
    const QByteArray& raw() const { return m_raw; }
    void setKeepRaw(bool keep) { m_keepRaw = keep; }
    // Where the last token starts.
    qint64 line() const { return m_tokenLine; }
    qint64 column() const { return m_tokenColumn; }

    const QString& origin() const { return m_origin; }
    Error errorAt(qint64 line, qint64 column, const QString& what) const;
    // "a string", "'}'", "the end of the file" ...: for error messages.
    static QString describe(Token token);

private:
    int peek();
    void advance();
    bool fill();
    Result<Token> readString();
    Result<Token> readNumber();
    Result<Token> readLiteral();
    Result<void> readEscape();
    Result<void> readUtf8Sequence(unsigned char lead);
    void appendRaw(char c)
    {
        if (m_keepRaw)
            m_raw.append(c);
    }

    QIODevice& m_device;
    QString m_origin;
    qsizetype m_chunkSize;
    QByteArray m_buffer;
    qsizetype m_pos = 0;
    bool m_eof = false;
    bool m_started = false;
    QString m_readError;

    qint64 m_line = 1; // position of the next byte
    qint64 m_column = 1;
    bool m_afterCR = false;
    qint64 m_tokenLine = 0;
    qint64 m_tokenColumn = 0;

    QByteArray m_text;
    QByteArray m_raw;
    bool m_keepRaw = false;
};

} // namespace concord
