#include "JsonTokenizer.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

bool isDigit(int c)
{
    return c >= '0' && c <= '9';
}

int hexValue(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// RFC 8259: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
bool isValidNumber(const QByteArray& s)
{
    qsizetype i = 0;
    const qsizetype n = s.size();
    if (i < n && s[i] == '-')
        ++i;
    if (i < n && s[i] == '0') {
        ++i;
    } else if (i < n && s[i] >= '1' && s[i] <= '9') {
        while (i < n && isDigit(s[i]))
            ++i;
    } else {
        return false;
    }
    if (i < n && s[i] == '.') {
        ++i;
        if (i >= n || !isDigit(s[i]))
            return false;
        while (i < n && isDigit(s[i]))
            ++i;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        ++i;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            ++i;
        if (i >= n || !isDigit(s[i]))
            return false;
        while (i < n && isDigit(s[i]))
            ++i;
    }
    return i == n;
}

void appendUtf8(QByteArray& out, char32_t cp)
{
    if (cp < 0x80) {
        out.append(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.append(static_cast<char>(0xC0 | (cp >> 6)));
        out.append(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.append(static_cast<char>(0xE0 | (cp >> 12)));
        out.append(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.append(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.append(static_cast<char>(0xF0 | (cp >> 18)));
        out.append(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.append(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.append(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

QString byteHex(int byte)
{
    return u"0x"_s + QString::number(byte, 16).toUpper().rightJustified(2, u'0');
}

} // namespace

JsonTokenizer::JsonTokenizer(QIODevice& device, QString origin, qsizetype chunkSize)
    : m_device(device)
    , m_origin(std::move(origin))
    , m_chunkSize(std::max<qsizetype>(chunkSize, 1))
{}

bool JsonTokenizer::fill()
{
    // Called when every buffered byte is consumed: the current token lives in m_text /
    // m_raw, so the whole buffer can be replaced.
    if (m_eof)
        return false;
    m_buffer.resize(m_chunkSize);
    const qint64 got = m_device.read(m_buffer.data(), m_chunkSize);
    m_pos = 0;
    if (got <= 0) {
        if (got < 0)
            m_readError = m_device.errorString();
        m_buffer.resize(0);
        m_eof = true;
        return false;
    }
    m_buffer.resize(static_cast<qsizetype>(got));
    return true;
}

inline int JsonTokenizer::peek()
{
    if (m_pos == m_buffer.size() && !fill())
        return -1;
    return static_cast<unsigned char>(m_buffer.at(m_pos));
}

inline void JsonTokenizer::advance()
{
    const auto c = static_cast<unsigned char>(m_buffer.at(m_pos++));
    if (c == '\n') {
        if (!m_afterCR)
            ++m_line;
        m_column = 1;
        m_afterCR = false;
    } else if (c == '\r') {
        ++m_line;
        m_column = 1;
        m_afterCR = true;
    } else {
        m_afterCR = false;
        if ((c & 0xC0) != 0x80) // a character's first byte, not a continuation byte
            ++m_column;
    }
}

Error JsonTokenizer::errorAt(qint64 line, qint64 column, const QString& what) const
{
    if (!m_readError.isEmpty())
        return makeError(u"%1: read error: %2"_s.arg(m_origin, m_readError));
    return makeError(u"%1: line %2, column %3: %4"_s.arg(m_origin).arg(line).arg(column).arg(what));
}

QString JsonTokenizer::describe(Token token)
{
    switch (token) {
    case Token::BeginObject:
        return u"'{'"_s;
    case Token::EndObject:
        return u"'}'"_s;
    case Token::BeginArray:
        return u"'['"_s;
    case Token::EndArray:
        return u"']'"_s;
    case Token::Colon:
        return u"':'"_s;
    case Token::Comma:
        return u"','"_s;
    case Token::String:
        return u"a string"_s;
    case Token::Number:
        return u"a number"_s;
    case Token::True:
        return u"true"_s;
    case Token::False:
        return u"false"_s;
    case Token::Null:
        return u"null"_s;
    case Token::EndOfInput:
        return u"the end of the file"_s;
    }
    return {};
}

Result<JsonTokenizer::Token> JsonTokenizer::next()
{
    if (!m_started) {
        m_started = true;
        if (peek() == 0xEF) { // UTF-8 byte order mark, written by some Windows tools
            advance();
            if (peek() != 0xBB)
                return errorAt(1, 1, u"invalid byte order mark; the file does not look like UTF-8 JSON"_s);
            advance();
            if (peek() != 0xBF)
                return errorAt(1, 1, u"invalid byte order mark; the file does not look like UTF-8 JSON"_s);
            advance();
            m_column = 1;
        }
    }
    int c = peek();
    while (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        advance();
        c = peek();
    }
    m_tokenLine = m_line;
    m_tokenColumn = m_column;
    switch (c) {
    case -1:
        if (!m_readError.isEmpty())
            return errorAt(m_line, m_column, QString());
        return Token::EndOfInput;
    case '{':
        advance();
        return Token::BeginObject;
    case '}':
        advance();
        return Token::EndObject;
    case '[':
        advance();
        return Token::BeginArray;
    case ']':
        advance();
        return Token::EndArray;
    case ':':
        advance();
        return Token::Colon;
    case ',':
        advance();
        return Token::Comma;
    case '"':
        return readString();
    default:
        break;
    }
    if (c == '-' || isDigit(c))
        return readNumber();
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
        return readLiteral();
    if (c > 0x20 && c < 0x7F)
        return errorAt(m_line, m_column, u"unexpected character '%1'"_s.arg(QChar(c)));
    return errorAt(m_line, m_column, u"unexpected byte %1 outside a string"_s.arg(byteHex(c)));
}

Result<JsonTokenizer::Token> JsonTokenizer::readString()
{
    const qint64 startLine = m_tokenLine;
    const qint64 startColumn = m_tokenColumn;
    m_text.resize(0);
    m_raw.resize(0);
    if (m_keepRaw)
        m_raw.append('"');
    advance();
    for (;;) {
        // Plain printable ASCII goes across in runs.
        const char* d = m_buffer.constData();
        const qsizetype n = m_buffer.size();
        qsizetype i = m_pos;
        while (i < n) {
            const auto b = static_cast<unsigned char>(d[i]);
            if (b < 0x20 || b >= 0x80 || b == '"' || b == '\\')
                break;
            ++i;
        }
        if (i > m_pos) {
            m_text.append(d + m_pos, i - m_pos);
            if (m_keepRaw)
                m_raw.append(d + m_pos, i - m_pos);
            m_column += i - m_pos;
            m_afterCR = false;
            m_pos = i;
        }
        const int c = peek();
        if (c == -1)
            return errorAt(startLine, startColumn, u"unterminated string: the file ends inside it"_s);
        if (c == '"') {
            advance();
            if (m_keepRaw)
                m_raw.append('"');
            return Token::String;
        }
        if (c == '\\') {
            if (auto escaped = readEscape(); !escaped)
                return escaped.error();
        } else if (c < 0x20) {
            return errorAt(m_line, m_column,
                           u"control character %1 inside a string (a string cannot span lines; "
                           "write \\n, \\t ... instead)"_s.arg(byteHex(c)));
        } else if (c >= 0x80) {
            if (auto sequence = readUtf8Sequence(static_cast<unsigned char>(c)); !sequence)
                return sequence.error();
        }
    }
}

Result<void> JsonTokenizer::readUtf8Sequence(unsigned char lead)
{
    const qint64 line = m_line;
    const qint64 column = m_column;
    int length = 0;
    int low = 0x80;
    int high = 0xBF;
    if (lead >= 0xC2 && lead <= 0xDF) {
        length = 2;
    } else if (lead == 0xE0) {
        length = 3;
        low = 0xA0;
    } else if ((lead >= 0xE1 && lead <= 0xEC) || lead == 0xEE || lead == 0xEF) {
        length = 3;
    } else if (lead == 0xED) {
        length = 3;
        high = 0x9F; // no UTF-16 surrogates
    } else if (lead == 0xF0) {
        length = 4;
        low = 0x90;
    } else if (lead >= 0xF1 && lead <= 0xF3) {
        length = 4;
    } else if (lead == 0xF4) {
        length = 4;
        high = 0x8F; // nothing above U+10FFFF
    }
    const auto invalid = [&] {
        return errorAt(line, column, u"invalid UTF-8 (byte %1); save the file as UTF-8"_s.arg(byteHex(lead)));
    };
    if (length == 0)
        return invalid();
    advance();
    m_text.append(static_cast<char>(lead));
    if (m_keepRaw)
        m_raw.append(static_cast<char>(lead));
    for (int k = 1; k < length; ++k) {
        const int c = peek();
        if (c < (k == 1 ? low : 0x80) || c > (k == 1 ? high : 0xBF))
            return invalid();
        advance();
        m_text.append(static_cast<char>(c));
        if (m_keepRaw)
            m_raw.append(static_cast<char>(c));
    }
    return {};
}

Result<void> JsonTokenizer::readEscape()
{
    const qint64 line = m_line;
    const qint64 column = m_column;
    advance(); // the backslash
    appendRaw('\\');
    const int c = peek();
    if (c == -1)
        return errorAt(m_tokenLine, m_tokenColumn, u"unterminated string: the file ends inside it"_s);
    advance();
    appendRaw(static_cast<char>(c));
    switch (c) {
    case '"':
    case '\\':
    case '/':
        m_text.append(static_cast<char>(c));
        return {};
    case 'b':
        m_text.append('\b');
        return {};
    case 'f':
        m_text.append('\f');
        return {};
    case 'n':
        m_text.append('\n');
        return {};
    case 'r':
        m_text.append('\r');
        return {};
    case 't':
        m_text.append('\t');
        return {};
    case 'u':
        break;
    default:
        return errorAt(line, column,
                       c > 0x20 && c < 0x7F ? u"invalid escape '\\%1' in a string"_s.arg(QChar(c))
                                            : u"invalid escape in a string"_s);
    }
    const auto readHex4 = [this](char32_t& unit) {
        unit = 0;
        for (int k = 0; k < 4; ++k) {
            const int digit = hexValue(peek());
            if (digit < 0)
                return false;
            appendRaw(static_cast<char>(peek()));
            advance();
            unit = unit * 16 + static_cast<char32_t>(digit);
        }
        return true;
    };
    const QString badHex = u"invalid \\u escape: four hexadecimal digits expected"_s;
    char32_t unit = 0;
    if (!readHex4(unit))
        return errorAt(line, column, badHex);
    if (unit >= 0xDC00 && unit <= 0xDFFF)
        return errorAt(line, column, u"invalid \\u escape: a low surrogate without a high one"_s);
    if (unit >= 0xD800 && unit <= 0xDBFF) {
        char32_t low = 0;
        if (peek() != '\\')
            return errorAt(line, column, u"invalid \\u escape: a high surrogate without a low one"_s);
        advance();
        appendRaw('\\');
        if (peek() != 'u')
            return errorAt(line, column, u"invalid \\u escape: a high surrogate without a low one"_s);
        advance();
        appendRaw('u');
        if (!readHex4(low))
            return errorAt(line, column, badHex);
        if (low < 0xDC00 || low > 0xDFFF)
            return errorAt(line, column, u"invalid \\u escape: a high surrogate without a low one"_s);
        unit = 0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00);
    }
    appendUtf8(m_text, unit);
    return {};
}

Result<JsonTokenizer::Token> JsonTokenizer::readNumber()
{
    m_text.resize(0);
    const auto isNumberByte = [](int c) {
        return isDigit(c) || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
    };
    for (;;) {
        const char* d = m_buffer.constData();
        const qsizetype n = m_buffer.size();
        qsizetype i = m_pos;
        while (i < n && isNumberByte(static_cast<unsigned char>(d[i])))
            ++i;
        m_text.append(d + m_pos, i - m_pos);
        m_column += i - m_pos;
        m_afterCR = false;
        m_pos = i;
        if (i < n || peek() < 0 || !isNumberByte(peek()))
            break; // the number may continue in the next chunk
    }
    if (!isValidNumber(m_text))
        return errorAt(m_tokenLine, m_tokenColumn, u"invalid number '%1'"_s.arg(QString::fromLatin1(m_text)));
    return Token::Number;
}

Result<JsonTokenizer::Token> JsonTokenizer::readLiteral()
{
    m_text.resize(0);
    for (int c = peek(); (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isDigit(c) || c == '_';
         c = peek()) {
        if (m_text.size() < 40)
            m_text.append(static_cast<char>(c));
        advance();
    }
    if (m_text == "true")
        return Token::True;
    if (m_text == "false")
        return Token::False;
    if (m_text == "null")
        return Token::Null;
    return errorAt(m_tokenLine, m_tokenColumn,
                   u"unexpected '%1'; expected a value (string, number, true, false, null, object or "
                   "array)"_s.arg(QString::fromLatin1(m_text)));
}

} // namespace concord
