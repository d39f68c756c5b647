#include "JsonReader.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

// What a value is, for "expected an object, found ..." messages.
QString valueKind(JsonTokenizer::Token token)
{
    using Token = JsonTokenizer::Token;
    switch (token) {
    case Token::BeginObject:
        return u"an object"_s;
    case Token::BeginArray:
        return u"an array"_s;
    case Token::String:
        return u"a string"_s;
    case Token::Number:
        return u"a number"_s;
    case Token::True:
    case Token::False:
        return u"a boolean"_s;
    case Token::Null:
        return u"null"_s;
    default:
        return JsonTokenizer::describe(token);
    }
}

const QString& emptyValue()
{
    static const QString empty = u""_s; // "" is a value, distinct from null
    return empty;
}

QString toValue(const QByteArray& utf8)
{
    return utf8.isEmpty() ? emptyValue() : QString::fromUtf8(utf8);
}

// The keys of one object, to refuse duplicates: a list for the usual handful of keys, a
// hash set once an object has many.
class KeySet
{
public:
    bool insert(const QByteArray& key)
    {
        if (m_large.isEmpty()) {
            if (m_small.contains(key))
                return false;
            m_small.append(key);
            if (m_small.size() > 32) {
                m_large = QSet<QByteArray>(m_small.cbegin(), m_small.cend());
                m_small.clear();
            }
            return true;
        }
        if (m_large.contains(key))
            return false;
        m_large.insert(key);
        return true;
    }

private:
    QList<QByteArray> m_small;
    QSet<QByteArray> m_large;
};

// The keys of one record, already converted for its members: compared in place while
// there are few, through a hash set once there are many.
class RecordKeys
{
public:
    bool insert(const QString& key, const QList<JsonMember>& members)
    {
        if (members.size() < 32) {
            for (const JsonMember& member : members) {
                if (member.key == key)
                    return false;
            }
            return true;
        }
        if (m_large.isEmpty()) {
            for (const JsonMember& member : members)
                m_large.insert(member.key);
        }
        if (m_large.contains(key))
            return false;
        m_large.insert(key);
        return true;
    }

private:
    QSet<QString> m_large;
};

} // namespace

QString jsonTypeName(JsonType type)
{
    switch (type) {
    case JsonType::Null:
        return u"null"_s;
    case JsonType::String:
        return u"string"_s;
    case JsonType::Number:
        return u"number"_s;
    case JsonType::Boolean:
        return u"boolean"_s;
    case JsonType::Object:
        return u"object"_s;
    case JsonType::Array:
        return u"array"_s;
    }
    return {};
}

JsonReader::JsonReader(QIODevice& device, QString origin, qsizetype chunkSize)
    : m_tokens(device, std::move(origin), chunkSize)
{}

Error JsonReader::errorHere(const QString& what) const
{
    return m_tokens.errorAt(m_tokens.line(), m_tokens.column(), what);
}

Result<bool> JsonReader::readRecord(QList<JsonMember>& members)
{
    using Token = JsonTokenizer::Token;
    members.clear();
    if (m_state == State::Done)
        return false;
    auto token = m_tokens.next();
    if (!token)
        return token.error();
    switch (m_state) {
    case State::Start:
        if (*token == Token::EndOfInput)
            return makeError(u"%1: the file is empty; expected an array of objects or one object per line "
                             "(JSON Lines)"_s.arg(m_tokens.origin()));
        if (*token == Token::BeginObject) {
            m_layout = Layout::Lines;
            return startRecord(*token, members);
        }
        if (*token != Token::BeginArray)
            return errorHere(u"the top-level value is %1; expected an array of objects or one object per "
                             "line (JSON Lines)"_s.arg(valueKind(*token)));
        m_layout = Layout::Array;
        token = m_tokens.next();
        if (!token)
            return token.error();
        if (*token == Token::EndArray) {
            if (auto end = expectEnd(); !end)
                return end.error();
            return false;
        }
        return startRecord(*token, members);
    case State::AfterElement:
        if (*token == Token::EndArray) {
            if (auto end = expectEnd(); !end)
                return end.error();
            return false;
        }
        if (*token == Token::EndOfInput)
            return errorHere(u"the file ends inside the top-level array (']' is missing)"_s);
        if (*token != Token::Comma)
            return errorHere(
                u"expected ',' or ']' after element %1 of the top-level array, found %2"_s.arg(m_recordNumber)
                    .arg(JsonTokenizer::describe(*token)));
        token = m_tokens.next();
        if (!token)
            return token.error();
        if (*token == Token::EndArray)
            return errorHere(u"trailing comma before ']' in the top-level array"_s);
        return startRecord(*token, members);
    case State::Lines:
        if (*token == Token::EndOfInput) {
            m_state = State::Done;
            return false;
        }
        if (*token != Token::BeginObject)
            return errorHere(u"expected an object (JSON Lines hold one object per line), found %1"_s.arg(
                valueKind(*token)));
        if (m_tokens.line() == m_lastObjectEndLine)
            return errorHere(u"an object starts on the line where the previous one ends; JSON Lines hold "
                             "one object per line"_s);
        return startRecord(*token, members);
    case State::Done:
        break;
    }
    return false;
}

Result<bool> JsonReader::startRecord(JsonTokenizer::Token token, QList<JsonMember>& members)
{
    if (token != JsonTokenizer::Token::BeginObject)
        return errorHere(u"element %1 of the top-level array is %2; expected an object (one per record)"_s
                             .arg(m_recordNumber + 1)
                             .arg(valueKind(token)));
    m_recordLine = m_tokens.line();
    ++m_recordNumber;
    if (auto object = readObject(members); !object)
        return object.error();
    m_lastObjectEndLine = m_tokens.line();
    m_state = m_layout == Layout::Array ? State::AfterElement : State::Lines;
    return true;
}

Result<void> JsonReader::expectEnd()
{
    auto token = m_tokens.next();
    if (!token)
        return token.error();
    if (*token != JsonTokenizer::Token::EndOfInput)
        return errorHere(u"unexpected %1 after the top-level array"_s.arg(JsonTokenizer::describe(*token)));
    m_state = State::Done;
    return {};
}

Result<void> JsonReader::readObject(QList<JsonMember>& members)
{
    using Token = JsonTokenizer::Token;
    const qint64 objectLine = m_tokens.line();
    RecordKeys keys;
    auto token = m_tokens.next();
    if (!token)
        return token.error();
    if (*token == Token::EndObject)
        return {};
    for (;;) {
        if (*token != Token::String)
            return errorHere(
                u"expected a key (a string) in the object starting at line %1, found %2"_s.arg(objectLine)
                    .arg(JsonTokenizer::describe(*token)));
        JsonMember member;
        member.key = QString::fromUtf8(m_tokens.text());
        if (!keys.insert(member.key, members))
            return errorHere(u"duplicate key '%1' in the object starting at line %2"_s.arg(
                member.key, QString::number(objectLine)));
        token = m_tokens.next();
        if (!token)
            return token.error();
        if (*token != Token::Colon)
            return errorHere(u"expected ':' after the key '%1', found %2"_s.arg(
                member.key, JsonTokenizer::describe(*token)));
        token = m_tokens.next();
        if (!token)
            return token.error();
        switch (*token) {
        case Token::String:
            member.value = toValue(m_tokens.text());
            member.type = JsonType::String;
            break;
        case Token::Number:
            member.value = QString::fromLatin1(m_tokens.text());
            member.type = JsonType::Number;
            break;
        case Token::True:
        case Token::False:
            member.value = *token == Token::True ? u"true"_s : u"false"_s;
            member.type = JsonType::Boolean;
            break;
        case Token::Null:
            member.type = JsonType::Null; // value stays a null QString
            break;
        case Token::BeginObject:
        case Token::BeginArray: {
            QByteArray compact;
            m_tokens.setKeepRaw(true); // nested strings are copied as written
            auto nested = readCompact(*token, compact, 1);
            m_tokens.setKeepRaw(false);
            if (!nested)
                return nested.error();
            member.value = QString::fromUtf8(compact);
            member.type = *token == Token::BeginObject ? JsonType::Object : JsonType::Array;
            break;
        }
        default:
            return errorHere(u"expected a value for the key '%1', found %2"_s.arg(
                member.key, JsonTokenizer::describe(*token)));
        }
        members.append(std::move(member));
        token = m_tokens.next();
        if (!token)
            return token.error();
        if (*token == Token::EndObject)
            return {};
        if (*token != Token::Comma)
            return errorHere(u"expected ',' or '}' after the value of '%1', found %2"_s.arg(
                members.constLast().key, JsonTokenizer::describe(*token)));
        token = m_tokens.next();
        if (!token)
            return token.error();
    }
}

// Appends the value starting with `first` to out as compact JSON: the tokens as written,
// without the whitespace between them.
Result<void> JsonReader::readCompact(JsonTokenizer::Token first, QByteArray& out, int depth)
{
    using Token = JsonTokenizer::Token;
    if (depth > MaxDepth)
        return errorHere(u"values nested more than %1 levels deep"_s.arg(MaxDepth));
    switch (first) {
    case Token::String:
        out += m_tokens.raw();
        return {};
    case Token::Number:
        out += m_tokens.text();
        return {};
    case Token::True:
        out += "true";
        return {};
    case Token::False:
        out += "false";
        return {};
    case Token::Null:
        out += "null";
        return {};
    case Token::BeginObject:
    case Token::BeginArray:
        break;
    default:
        return errorHere(u"expected a value, found %1"_s.arg(JsonTokenizer::describe(first)));
    }
    const bool isObject = first == Token::BeginObject;
    const Token close = isObject ? Token::EndObject : Token::EndArray;
    const qint64 startLine = m_tokens.line();
    KeySet keys;
    out += isObject ? '{' : '[';
    auto token = m_tokens.next();
    if (!token)
        return token.error();
    if (*token == close) {
        out += isObject ? '}' : ']';
        return {};
    }
    for (;;) {
        if (isObject) {
            if (*token != Token::String)
                return errorHere(
                    u"expected a key (a string) in the object starting at line %1, found %2"_s.arg(startLine)
                        .arg(JsonTokenizer::describe(*token)));
            if (!keys.insert(m_tokens.text()))
                return errorHere(u"duplicate key '%1' in the object starting at line %2"_s.arg(
                    QString::fromUtf8(m_tokens.text()), QString::number(startLine)));
            out += m_tokens.raw();
            token = m_tokens.next();
            if (!token)
                return token.error();
            if (*token != Token::Colon)
                return errorHere(
                    u"expected ':' after a key, found %1"_s.arg(JsonTokenizer::describe(*token)));
            out += ':';
            token = m_tokens.next();
            if (!token)
                return token.error();
        }
        if (auto value = readCompact(*token, out, depth + 1); !value)
            return value.error();
        token = m_tokens.next();
        if (!token)
            return token.error();
        if (*token == close) {
            out += isObject ? '}' : ']';
            return {};
        }
        if (*token != Token::Comma)
            return errorHere(u"expected ',' or '%1' in the %2 starting at line %3, found %4"_s
                                 .arg(isObject ? u"}"_s : u"]"_s, isObject ? u"object"_s : u"array"_s)
                                 .arg(startLine)
                                 .arg(JsonTokenizer::describe(*token)));
        out += ',';
        token = m_tokens.next();
        if (!token)
            return token.error();
    }
}

} // namespace concord
