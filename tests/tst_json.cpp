#include "JsonConnector.h"
#include "JsonReader.h"
#include "Snapshot.h"

#include <QBuffer>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {

QString dataFile(const QString& name)
{
    return QStringLiteral(CONCORD_TEST_DATA) + u"/json/"_s + name;
}

ConnectionSpec fileSpec(const QString& path)
{
    ConnectionSpec spec;
    spec.driver = u"json"_s;
    spec.database = path;
    spec.name = u"shop"_s;
    return spec;
}

class CollectingReceiver : public RowReceiver
{
public:
    void begin(const QList<ColumnInfo>& cols, const QString& from) override
    {
        columns = cols;
        origin = from;
        ++begins;
    }
    bool row(const SourceRow& r) override
    {
        rows.append(r);
        return refuseAt < 0 || rows.size() < refuseAt;
    }
    void end() override { ++ends; }

    QList<ColumnInfo> columns;
    QString origin;
    QList<SourceRow> rows;
    int begins = 0;
    int ends = 0;
    qsizetype refuseAt = -1;
};

// "key:type=value" per member, "<null>" for a null value: one string per record.
QString render(const QList<JsonMember>& members)
{
    QStringList parts;
    for (const JsonMember& m : members)
        parts.append(m.key + u':' + jsonTypeName(m.type) + u'=' + (m.value.isNull() ? u"<null>"_s : m.value));
    return parts.join(u"; "_s);
}

struct Parsed
{
    QString error;
    QStringList records;
    QList<qint64> lines;
    JsonReader::Layout layout = JsonReader::Layout::Unknown;
};

Parsed parse(const QByteArray& input, qsizetype chunkSize)
{
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    JsonReader reader(buffer, u"input.json"_s, chunkSize);
    Parsed parsed;
    QList<JsonMember> members;
    for (;;) {
        auto read = reader.readRecord(members);
        if (!read) {
            parsed.error = read.errorString();
            return parsed;
        }
        if (!*read)
            break;
        parsed.records.append(render(members));
        parsed.lines.append(reader.recordLine());
    }
    parsed.layout = reader.layout();
    return parsed;
}

const QList<qsizetype> chunkSizes{1, 2, 3, 7, JsonTokenizer::DefaultChunkSize};

} // namespace

class TestJson : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void records_data();
    void records();
    void errorPositions_data();
    void errorPositions();
    void arrayFile();
    void jsonLinesFile();
    void goodFiles_data();
    void goodFiles();
    void badFiles_data();
    void badFiles();
    void duplicateSourceIdNamesFileAndLines();
    void keyColumnRequired();
    void receiverStops();
    void entitiesAndCount();
    void largeFileStreams();
};

void TestJson::records_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("records");
    QTest::addColumn<QList<qint64>>("lines");
    QTest::addColumn<int>("layout");

    const int array = int(JsonReader::Layout::Array);
    const int lines = int(JsonReader::Layout::Lines);
    QTest::newRow("numbers as written")
        << R"([{"a": 1.10, "b": 12345678901234567890, "c": -0, "d": 1E-7, "e": 0.5e+10}])"_ba
        << QStringList{u"a:number=1.10; b:number=12345678901234567890; c:number=-0; d:number=1E-7; e:number=0.5e+10"_s}
        << QList<qint64>{1} << array;
    QTest::newRow("literals and null")
        << R"([{"t": true, "f": false, "n": null, "s": ""}])"_ba
        << QStringList{u"t:boolean=true; f:boolean=false; n:null=<null>; s:string="_s} << QList<qint64>{1}
        << array;
    QTest::newRow("escapes") << R"([{"s": "a\"b\\c\/d\b\f\n\r\t\u00e9\u20AC\ud83d\ude00"}])"_ba
                             << QStringList{u"s:string=a\"b\\c/d\b\f\n\r\t\u00E9\u20AC"_s +
                                            QString::fromUtf8("\xF0\x9F\x98\x80")}
                             << QList<qint64>{1} << array;
    QTest::newRow("raw utf8") << "[{\"city\": \"K\xC3\xB6ln \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80\"}]"_ba
                              << QStringList{QString::fromUtf8(
                                     "city:string=K\xC3\xB6ln \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80")}
                              << QList<qint64>{1} << array;
    QTest::newRow("nested compact as written")
        << "[{\"o\": { \"k\" : [ 1.50 , \"x\\u0041\" , {} , [] , null ] ,\n \"t\": true }}]"_ba
        << QStringList{uR"(o:object={"k":[1.50,"x\u0041",{},[],null],"t":true})"_s} << QList<qint64>{1}
        << array;
    QTest::newRow("nested array") << R"([{"a": [[1], [2, [3]]]}])"_ba
                                  << QStringList{u"a:array=[[1],[2,[3]]]"_s} << QList<qint64>{1} << array;
    QTest::newRow("empty object record")
        << "[{}, {\"a\": 1}]"_ba << QStringList{QString(), u"a:number=1"_s} << QList<qint64>{1, 1} << array;
    QTest::newRow("empty array") << " [ ] "_ba << QStringList{} << QList<qint64>{} << array;
    QTest::newRow("pretty array lines")
        << "[\r\n  {\"a\": 1},\r\n  {\r\n    \"a\": 2\r\n  }\r\n]\r\n"_ba
        << QStringList{u"a:number=1"_s, u"a:number=2"_s} << QList<qint64>{2, 3} << array;
    QTest::newRow("json lines") << "{\"a\": 1}\n\n{\"a\": 2}\r\n  \r\n{\"b\": \"x\"}"_ba
                                << QStringList{u"a:number=1"_s, u"a:number=2"_s, u"b:string=x"_s}
                                << QList<qint64>{1, 3, 5} << lines;
    QTest::newRow("json lines lone cr")
        << "{\"a\": 1}\r{\"a\": 2}\r"_ba << QStringList{u"a:number=1"_s, u"a:number=2"_s}
        << QList<qint64>{1, 2} << lines;
    QTest::newRow("single object") << "{\"a\": 1}"_ba << QStringList{u"a:number=1"_s} << QList<qint64>{1}
                                   << lines;
    QTest::newRow("bom") << "\xEF\xBB\xBF[{\"a\": \"b\"}]"_ba << QStringList{u"a:string=b"_s}
                         << QList<qint64>{1} << array;
}

void TestJson::records()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, records);
    QFETCH(QList<qint64>, lines);
    QFETCH(int, layout);
    // Small chunks split every token, escape and UTF-8 sequence somewhere.
    for (const qsizetype chunk : chunkSizes) {
        const Parsed parsed = parse(input, chunk);
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        QCOMPARE(parsed.records, records);
        QCOMPARE(parsed.lines, lines);
        QCOMPARE(int(parsed.layout), layout);
    }
}

void TestJson::errorPositions_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << ""_ba << u"input.json: the file is empty"_s;
    QTest::newRow("invalid utf8 after multibyte")
        << "[{\"n\": \"\xC3\xA9t\xC3\xA9\xFF\"}]"_ba
        << u"input.json: line 1, column 12: invalid UTF-8 (byte 0xFF)"_s;
    QTest::newRow("truncated utf8") << "[{\"n\": \"a\xE2\x82\"}]"_ba
                                    << u"input.json: line 1, column 10: invalid UTF-8 (byte 0xE2)"_s;
    QTest::newRow("utf8 surrogate") << "[{\"n\": \"\xED\xA0\x80\"}]"_ba
                                    << u"input.json: line 1, column 9: invalid UTF-8 (byte 0xED)"_s;
    QTest::newRow("non-ascii outside string")
        << "[{\"n\": \xC3\xA9}]"_ba
        << u"input.json: line 1, column 8: unexpected byte 0xC3 outside a string"_s;
    QTest::newRow("missing colon")
        << "[{\"n\" 1}]"_ba
        << u"input.json: line 1, column 7: expected ':' after the key 'n', found a number"_s;
    QTest::newRow("missing value")
        << "[{\"n\": }]"_ba << u"input.json: line 1, column 8: expected a value for the key 'n', found '}'"_s;
    QTest::newRow("key not a string") << "[{n: 1}]"_ba << u"input.json: line 1, column 3: unexpected 'n'"_s;
    QTest::newRow("top-level array of arrays")
        << "[[1]]"_ba << u"input.json: line 1, column 2: element 1 of the top-level array is an array"_s;
    QTest::newRow("top-level null") << "\n  null"_ba
                                    << u"input.json: line 2, column 3: the top-level value is null"_s;
    QTest::newRow("top-level true") << "true"_ba
                                    << u"input.json: line 1, column 1: the top-level value is a boolean"_s;
    QTest::newRow("second element number")
        << "[{\"a\": 1},\n 7]"_ba
        << u"input.json: line 2, column 2: element 2 of the top-level array is a number"_s;
    QTest::newRow("missing comma between elements")
        << "[{\"a\": 1}\n {\"a\": 2}]"_ba
        << u"input.json: line 2, column 2: expected ',' or ']' after element 1 of the top-level array, found '{'"_s;
    QTest::newRow("nested missing comma")
        << "[{\"a\": [1 2]}]"_ba
        << u"input.json: line 1, column 11: expected ',' or ']' in the array starting at line 1"_s;
    QTest::newRow("nested trailing comma")
        << "[{\"a\": [1,]}]"_ba << u"input.json: line 1, column 11: expected a value, found ']'"_s;
    QTest::newRow("duplicate key")
        << "{\"a\": 1,\n \"b\": 2, \"a\": 3}"_ba
        << u"input.json: line 2, column 10: duplicate key 'a' in the object starting at line 1"_s;
    QTest::newRow("duplicate escaped key")
        << "{\"a\": 1, \"\\u0061\": 2}"_ba << u"input.json: line 1, column 10: duplicate key 'a'"_s;
    QTest::newRow("duplicate among many keys") << "{\"k1\":1,\"k2\":1,\"k3\":1,\"k4\":1,\"k5\":1,\"k6\":1,"
                                                  "\"k7\":1,\"k8\":1,\"k9\":1,\"k10\":1,\"k11\":1,"
                                                  "\"k12\":1,\"k13\":1,\"k14\":1,\"k15\":1,\"k16\":1,\"k17\":"
                                                  "1,\"k18\":1,\"k19\":1,\"k20\":1,\"k21\":1,"
                                                  "\"k22\":1,\"k23\":1,\"k24\":1,\"k25\":1,\"k26\":1,\"k27\":"
                                                  "1,\"k28\":1,\"k29\":1,\"k30\":1,\"k31\":1,"
                                                  "\"k32\":1,\"k33\":1,\"k34\":1,\"k2\":1}"_ba
                                               << u"input.json: line 1, column 265: duplicate key 'k2'"_s;
    QTest::newRow("bad number leading zero")
        << "[{\"a\": 007}]"_ba << u"input.json: line 1, column 8: invalid number '007'"_s;
    QTest::newRow("bad number dot") << "[{\"a\": 1.}]"_ba
                                    << u"input.json: line 1, column 8: invalid number '1.'"_s;
    QTest::newRow("bad number exponent")
        << "[{\"a\": 1e}]"_ba << u"input.json: line 1, column 8: invalid number '1e'"_s;
    QTest::newRow("bad number minus")
        << "[{\"a\": -}]"_ba << u"input.json: line 1, column 8: invalid number '-'"_s;
    QTest::newRow("NaN") << "[{\"a\": NaN}]"_ba << u"input.json: line 1, column 8: unexpected 'NaN'"_s;
    QTest::newRow("bad unicode escape")
        << "[{\"a\": \"\\u12G4\"}]"_ba << u"input.json: line 1, column 9: invalid \\u escape"_s;
    QTest::newRow("lone low surrogate")
        << "[{\"a\": \"x\\udc00\"}]"_ba
        << u"input.json: line 1, column 10: invalid \\u escape: a low surrogate"_s;
    QTest::newRow("tab in string")
        << "[{\"a\": \"x\ty\"}]"_ba
        << u"input.json: line 1, column 10: control character 0x09 inside a string"_s;
    QTest::newRow("unterminated string after crlf")
        << "[\r\n{\"a\": \"x"_ba << u"input.json: line 2, column 7: unterminated string"_s;
    QTest::newRow("unclosed object")
        << "[{\"a\": 1"_ba
        << u"input.json: line 1, column 9: expected ',' or '}' after the value of 'a', "
           "found the end of the file"_s;
    QTest::newRow("json lines same line")
        << "{\"a\": 1}\n{\"a\": 2}{\"a\": 3}"_ba
        << u"input.json: line 2, column 9: an object starts on the line where"_s;
    QTest::newRow("json lines scalar")
        << "{\"a\": 1}\n\"x\""_ba
        << u"input.json: line 2, column 1: expected an object (JSON Lines hold one "
           "object per line), found a string"_s;
    QTest::newRow("content after array")
        << "[]\n[]"_ba << u"input.json: line 2, column 1: unexpected '[' after the top-level array"_s;
    QTest::newRow("too deep") << QByteArray("[{\"a\": ") + QByteArray(300, '[') + QByteArray(300, ']') + "}]"
                              << u"input.json: line 1, column 264: values nested more than 256 levels deep"_s;
}

void TestJson::errorPositions()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    for (const qsizetype chunk : chunkSizes) {
        const Parsed parsed = parse(input, chunk);
        QVERIFY2(parsed.error.startsWith(message),
                 qPrintable(u"chunk %1: got '%2'"_s.arg(chunk).arg(parsed.error)));
    }
}

void TestJson::arrayFile()
{
    const QString path = dataFile(u"contacts_array.json"_s);
    JsonConnector connector(fileSpec(path));
    const auto columns = connector.columns(u"contacts_array"_s);
    QVERIFY2(columns.ok(), qPrintable(columns.errorString()));
    QStringList names;
    QStringList types;
    for (const ColumnInfo& c : *columns) {
        names.append(c.name);
        types.append(c.type);
        QVERIFY(!c.primaryKey);
    }
    // Union of keys in order of first appearance, typed by the first non-null value.
    QCOMPARE(names, (QStringList{u"id"_s, u"name"_s, u"balance"_s, u"account_number"_s, u"active"_s,
                                 u"address"_s, u"tags"_s, u"email"_s, u"note"_s}));
    QCOMPARE(types, (QStringList{u"string"_s, u"string"_s, u"number"_s, u"number"_s, u"boolean"_s,
                                 u"object"_s, u"array"_s, u"string"_s, u"string"_s}));

    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(*read, qint64(3));
    QCOMPARE(receiver.origin, path);
    QCOMPARE(receiver.ends, 1);
    QCOMPARE(receiver.rows.size(), 3);
    const SourceRow& first = receiver.rows[0];
    QCOMPARE(first.line, qint64(2));
    QCOMPARE(first.ordinal, qint64(1));
    QCOMPARE(first.sourceId, u"C-1"_s);
    QVERIFY(first.version.startsWith(u"h:"_s));
    QCOMPARE(first.values[2], u"1.10"_s);
    QCOMPARE(first.values[3], u"12345678901234567890"_s);
    QCOMPARE(first.values[4], u"true"_s);
    QCOMPARE(first.values[5], uR"({"city":"San Francisco","zip":"94105"})"_s);
    QCOMPARE(first.values[6], uR"(["vip",2,null,{"since":2019}])"_s);
    QVERIFY(first.values[7].isNull()); // absent key
    QVERIFY(first.values[8].isNull());

    const SourceRow& second = receiver.rows[1];
    QCOMPARE(second.line, qint64(11));
    QCOMPARE(second.values[1], u"Jos\u00E9 M\u00FCller "_s + QString::fromUtf8("\xF0\x9F\x98\x80"));
    QCOMPARE(second.values[2], u"-0.5e+10"_s);
    QCOMPARE(second.values[4], u"false"_s);
    QCOMPARE(second.values[8], u"line one\nline \"two\"\t//"_s);
    QVERIFY(second.values[5].isNull());

    const SourceRow& third = receiver.rows[2];
    QCOMPARE(third.line, qint64(19));
    QVERIFY(!third.values[1].isNull()); // "" stays distinct from null
    QCOMPARE(third.values[1], u""_s);
    QVERIFY(third.values[2].isNull()); // explicit null
    QCOMPARE(third.values[5], u"{}"_s);
    QCOMPARE(third.values[6], u"[]"_s);
}

void TestJson::jsonLinesFile()
{
    const QString path = dataFile(u"contacts.jsonl"_s);
    JsonConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{u"contacts"_s, u"id"_s, QString()}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(*read, qint64(3));
    QStringList names;
    for (const ColumnInfo& c : std::as_const(receiver.columns))
        names.append(c.name + u':' + c.type);
    QCOMPARE(names, (QStringList{u"id:number"_s, u"name:string"_s, u"email:string"_s, u"phone:string"_s,
                                 u"extra:object"_s}));
    QCOMPARE(receiver.rows[0].line, qint64(1));
    QCOMPARE(receiver.rows[1].line, qint64(3));
    QCOMPARE(receiver.rows[2].line, qint64(5));
    QCOMPARE(receiver.rows[1].sourceId, u"2"_s);
    QVERIFY(receiver.rows[1].values[2].isNull());
    QCOMPARE(receiver.rows[1].values[3], u"+44 20 7946 0000"_s);
    // Keys come in a different order in the third record; values land in their columns.
    QCOMPARE(receiver.rows[2].values[1], u"Grace"_s);
    QCOMPARE(receiver.rows[2].values[2], u"grace@example.com"_s);
    QCOMPARE(receiver.rows[2].values[4], uR"({"a":[1,2.50]})"_s);
}

void TestJson::goodFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("rows");
    QTest::addColumn<int>("columns");
    QTest::addColumn<QList<qint64>>("lines");

    QTest::newRow("array") << u"contacts_array.json"_s << 3 << 9 << QList<qint64>{2, 11, 19};
    QTest::newRow("json lines") << u"contacts.jsonl"_s << 3 << 5 << QList<qint64>{1, 3, 5};
    QTest::newRow("multi-line objects") << u"multiline_objects.jsonl"_s << 2 << 2 << QList<qint64>{1, 3};
    QTest::newRow("bom") << u"bom_array.json"_s << 1 << 2 << QList<qint64>{1};
    QTest::newRow("empty array") << u"empty_array.json"_s << 0 << 0 << QList<qint64>{};
}

void TestJson::goodFiles()
{
    QFETCH(QString, file);
    QFETCH(int, rows);
    QFETCH(int, columns);
    QFETCH(QList<qint64>, lines);

    JsonConnector connector(fileSpec(dataFile(file)));
    const auto cols = connector.columns(QString());
    QVERIFY2(cols.ok(), qPrintable(cols.errorString()));
    QCOMPARE(cols->size(), columns);
    const auto counted = connector.countRows(QString());
    QVERIFY2(counted.ok(), qPrintable(counted.errorString()));
    QCOMPARE(*counted, qint64(rows));
    if (columns == 0)
        return; // no column can be the key
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), cols->first().name, QString()}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(*read, qint64(rows));
    QList<qint64> seen;
    for (qsizetype i = 0; i < receiver.rows.size(); ++i) {
        seen.append(receiver.rows[i].line);
        QCOMPARE(receiver.rows[i].ordinal, qint64(i + 1));
        QCOMPARE(receiver.rows[i].values.size(), columns);
    }
    QCOMPARE(seen, lines);
}

void TestJson::badFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("position"); // "line L, column C", or empty for the whole file
    QTest::addColumn<QString>("message");

    QTest::newRow("empty") << u"empty.json"_s << QString() << u"the file is empty"_s;
    QTest::newRow("whitespace only") << u"whitespace_only.json"_s << QString() << u"the file is empty"_s;
    QTest::newRow("missing comma") << u"missing_comma.json"_s << u"line 2, column 12"_s
                                   << u"expected ',' or '}' after the value of 'id', found a string"_s;
    QTest::newRow("trailing comma") << u"trailing_comma.json"_s << u"line 3, column 1"_s
                                    << u"trailing comma before ']'"_s;
    QTest::newRow("trailing comma in object")
        << u"trailing_comma_object.json"_s << u"line 1, column 11"_s
        << u"expected a key (a string) in the object starting at line 1, "
           "found '}'"_s;
    QTest::newRow("top-level number") << u"top_level_number.json"_s << u"line 1, column 1"_s
                                      << u"the top-level value is a number; expected an array of objects"_s;
    QTest::newRow("top-level string")
        << u"top_level_string.json"_s << u"line 1, column 1"_s << u"the top-level value is a string"_s;
    QTest::newRow("non-object element")
        << u"non_object_element.json"_s << u"line 3, column 3"_s
        << u"element 2 of the top-level array is an array; expected an object"_s;
    QTest::newRow("invalid utf8") << u"invalid_utf8.json"_s << u"line 2, column 25"_s
                                  << u"invalid UTF-8 (byte 0xE9)"_s;
    QTest::newRow("duplicate key") << u"duplicate_key.json"_s << u"line 3, column 4"_s
                                   << u"duplicate key 'name' in the object starting at line 2"_s;
    QTest::newRow("duplicate nested key") << u"duplicate_nested_key.json"_s << u"line 1, column 37"_s
                                          << u"duplicate key 'city' in the object starting at line 1"_s;
    QTest::newRow("unterminated string") << u"unterminated_string.json"_s << u"line 1, column 20"_s
                                         << u"unterminated string: the file ends inside it"_s;
    QTest::newRow("control character") << u"control_character.json"_s << u"line 1, column 24"_s
                                       << u"control character 0x0A inside a string"_s;
    QTest::newRow("two objects on one line") << u"two_objects_one_line.jsonl"_s << u"line 2, column 11"_s
                                             << u"an object starts on the line where the previous one ends"_s;
    QTest::newRow("json lines non-object")
        << u"jsonl_non_object.jsonl"_s << u"line 2, column 1"_s << u"found an array"_s;
    QTest::newRow("garbage after array") << u"garbage_after_array.json"_s << u"line 2, column 1"_s
                                         << u"unexpected '{' after the top-level array"_s;
    QTest::newRow("bad escape") << u"bad_escape.json"_s << u"line 1, column 23"_s
                                << u"invalid escape '\\U' in a string"_s;
    QTest::newRow("lone surrogate") << u"lone_surrogate.json"_s << u"line 1, column 21"_s
                                    << u"a high surrogate without a low one"_s;
    QTest::newRow("invalid number") << u"invalid_number.json"_s << u"line 1, column 9"_s
                                    << u"invalid number '01'"_s;
    QTest::newRow("bad literal") << u"bad_literal.json"_s << u"line 1, column 22"_s << u"unexpected 'True'"_s;
    QTest::newRow("unclosed array") << u"unclosed_array.json"_s << u"line 3, column 1"_s
                                    << u"the file ends inside the top-level array (']' is missing)"_s;
    QTest::newRow("single quotes") << u"single_quotes.json"_s << u"line 1, column 3"_s
                                   << u"unexpected character '''"_s;
}

void TestJson::badFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, position);
    QFETCH(QString, message);

    const QString path = dataFile(file);
    QVERIFY(QFile::exists(path));
    JsonConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, receiver);
    QVERIFY(!read.ok());
    const QString error = read.errorString();
    const QString prefix =
        u"system 'shop': "_s + path + u": "_s + (position.isEmpty() ? QString() : position + u": "_s);
    QVERIFY2(error.startsWith(prefix), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
    // The first pass validates the whole file: a malformed file delivers no rows at all.
    QCOMPARE(receiver.begins, 0);
    QCOMPARE(receiver.rows.size(), 0);

    const auto counted = connector.countRows(QString());
    QVERIFY(!counted.ok());
    QCOMPARE(counted.errorString(), error);
}

void TestJson::duplicateSourceIdNamesFileAndLines()
{
    const QString path = dataFile(u"duplicate_ids.json"_s);
    JsonConnector connector(fileSpec(path));
    auto pool = std::make_shared<StringPool>();
    SnapshotBuilder builder(u"shop"_s, u"duplicate_ids"_s, pool);
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, builder);
    QVERIFY(!read.ok());
    QVERIFY2(read.errorString().contains(u"stopped at line 4"_s), qPrintable(read.errorString()));
    QVERIFY2(builder.errorString().contains(
                 u"duplicate source id 'X' at %1, line 4 (first seen at line 2)"_s.arg(path)),
             qPrintable(builder.errorString()));
}

void TestJson::keyColumnRequired()
{
    JsonConnector connector(fileSpec(dataFile(u"contacts.jsonl"_s)));
    CollectingReceiver receiver;
    const auto noKey = connector.readRows(ReadSpec{}, receiver);
    QVERIFY(!noKey.ok());
    QVERIFY2(noKey.errorString().contains(u"has no primary key and no key column is configured"_s),
             qPrintable(noKey.errorString()));
    QCOMPARE(receiver.begins, 0);
}

void TestJson::receiverStops()
{
    const QString path = dataFile(u"contacts.jsonl"_s);
    JsonConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    receiver.refuseAt = 2;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, u"email"_s}, receiver);
    QVERIFY(!read.ok());
    QVERIFY2(read.errorString().contains(u"stopped at line 3"_s), qPrintable(read.errorString()));
    QCOMPARE(receiver.rows.size(), 2);
    QCOMPARE(receiver.rows[0].version, u"v:ada@example.com"_s);
    QVERIFY(receiver.rows[1].version.startsWith(u"h:"_s)); // null version value: row hash
    QCOMPARE(receiver.ends, 0);
}

void TestJson::entitiesAndCount()
{
    const QString path = dataFile(u"contacts_array.json"_s);
    JsonConnector connector(fileSpec(path));
    QVERIFY(connector.open().ok());
    const auto entities = connector.entities();
    QVERIFY(entities.ok());
    QCOMPARE(*entities, QStringList{u"contacts_array"_s});
    const auto unknown = connector.countRows(u"orders"_s);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.errorString().contains(u"there is no entity 'orders'"_s),
             qPrintable(unknown.errorString()));
    const auto count = connector.countRows(path);
    QVERIFY(count.ok());
    QCOMPARE(*count, qint64(3));

    JsonConnector missing(fileSpec(dataFile(u"missing.json"_s)));
    const auto opened = missing.open();
    QVERIFY(!opened.ok());
    QVERIFY2(opened.errorString().contains(u"does not exist"_s), qPrintable(opened.errorString()));
}

void TestJson::largeFileStreams()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"large.jsonl"_s);
    constexpr qint64 rowCount = 50000;
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray chunk;
        for (qint64 i = 1; i <= rowCount; ++i) {
            const QByteArray n = QByteArray::number(i);
            chunk +=
                "{\"id\": \"" + n + "\", \"amount\": " + n + ".10, \"name\": \"Customer \\u00e9 " + n + "\"";
            if (i == rowCount)
                chunk += ", \"late\": true"; // a key seen only at the end still becomes a column
            chunk += "}\n";
        }
        QCOMPARE(file.write(chunk), chunk.size());
    }
    JsonConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(*read, rowCount);
    QCOMPARE(receiver.columns.size(), 4);
    QCOMPARE(receiver.columns.last().name, u"late"_s);
    const SourceRow& last = receiver.rows.last();
    QCOMPARE(last.line, rowCount);
    QCOMPARE(last.values[1], u"50000.10"_s);
    QCOMPARE(last.values[2], u"Customer \u00E9 50000"_s);
    QCOMPARE(last.values[3], u"true"_s);
    QVERIFY(receiver.rows.first().values[3].isNull());
}

QTEST_GUILESS_MAIN(TestJson)
#include "tst_json.moc"
