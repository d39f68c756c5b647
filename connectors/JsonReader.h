#pragma once

#include "JsonTokenizer.h"
#include "Result.h"

#include <QIODevice>
#include <QList>
#include <QString>

namespace concord {

// The JSON type of a value, as a column type: "string", "number", "boolean", "object",
// "array" ("null" for a value that is null).
enum class JsonType
{
    Null,
    String,
    Number,
    Boolean,
    Object,
    Array
};
QString jsonTypeName(JsonType type);

// One key/value of a record. value is a string decoded, a number as written, "true" /
// "false", a null QString for null, or the compact JSON text of a nested object/array.
struct JsonMember
{
    QString key;
    QString value;
    JsonType type = JsonType::Null;
};

// Reads records (objects) one at a time from either layout found in exports:
//  - an array of objects:  [ {"id": 1}, {"id": 2} ]
//  - JSON Lines: one object per line; blank lines are allowed, an object may span lines,
//    but the next one must start on a new line.
// Refuses a top-level value that is neither, an array element that is not an object,
// duplicate keys in any object, anything after the top-level array, and malformed JSON.
class JsonReader
{
public:
    enum class Layout
    {
        Unknown,
        Array,
        Lines
    };
    static constexpr int MaxDepth = 256; // nesting deeper than this is refused, not recursed into

    JsonReader(QIODevice& device, QString origin, qsizetype chunkSize = JsonTokenizer::DefaultChunkSize);

    // The next record's members in the order written. Returns false at the end.
    Result<bool> readRecord(QList<JsonMember>& members);

    Layout layout() const { return m_layout; }
    qint64 recordLine() const { return m_recordLine; }     // line of the record's '{'
    qint64 recordNumber() const { return m_recordNumber; } // 1-based

private:
    enum class State
    {
        Start,
        AfterElement,
        Lines,
        Done
    };

    Result<bool> startRecord(JsonTokenizer::Token token, QList<JsonMember>& members);
    Result<void> readObject(QList<JsonMember>& members);
    Result<void> readCompact(JsonTokenizer::Token first, QByteArray& out, int depth);
    Result<void> expectEnd();
    Error errorHere(const QString& what) const;

    JsonTokenizer m_tokens;
    State m_state = State::Start;
    Layout m_layout = Layout::Unknown;
    qint64 m_lastObjectEndLine = 0;
    qint64 m_recordLine = 0;
    qint64 m_recordNumber = 0;
};

} // namespace concord
