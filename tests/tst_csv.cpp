#include "CsvConnector.h"
#include "CsvReader.h"
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
    return QStringLiteral(CONCORD_TEST_DATA) + u"/csv/"_s + name;
}

ConnectionSpec fileSpec(const QString& path)
{
    ConnectionSpec spec;
    spec.driver = u"csv"_s;
    spec.database = path;
    spec.name = u"crm"_s;
    return spec;
}

// Keeps every row it is given; can refuse the n-th one.
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

// Counts rows without keeping them, for the large file.
class CountingReceiver : public RowReceiver
{
public:
    void begin(const QList<ColumnInfo>&, const QString&) override {}
    bool row(const SourceRow& r) override
    {
        ++count;
        lastLine = r.line;
        lastOrdinal = r.ordinal;
        lastValues = r.values;
        return true;
    }
    qint64 count = 0;
    qint64 lastLine = 0;
    qint64 lastOrdinal = 0;
    QStringList lastValues;
};

struct Parsed
{
    QString error;
    char delimiter = 0;
    QStringList header;
    QList<QStringList> records;
    QList<qint64> lines;
};

Parsed parse(const QByteArray& input, qsizetype chunkSize = CsvReader::DefaultChunkSize)
{
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(buffer, u"input.csv"_s, chunkSize);
    Parsed parsed;
    if (auto header = reader.readHeader(); !header) {
        parsed.error = header.errorString();
        return parsed;
    }
    parsed.delimiter = reader.delimiter();
    parsed.header = reader.header();
    QStringList fields;
    for (;;) {
        auto read = reader.readRecord(fields);
        if (!read) {
            parsed.error = read.errorString();
            return parsed;
        }
        if (!*read)
            return parsed;
        parsed.records.append(fields);
        parsed.lines.append(reader.recordLine());
        if (reader.recordNumber() != parsed.records.size())
            parsed.error = u"record number out of step"_s;
    }
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

} // namespace

class TestCsv : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data();
    void parse();
    void emptyFieldIsEmptyNotNull();
    void delimiterDetection_data();
    void delimiterDetection();
    void errorPositions_data();
    void errorPositions();
    void everyBadRecord_data();
    void everyBadRecord();
    void nulThroughConnector();
    void goodFiles_data();
    void goodFiles();
    void hubspotExport();
    void salesforceExport();
    void badFiles_data();
    void badFiles();
    void duplicateSourceIdNamesFileAndLines();
    void keyColumnRequired();
    void receiverStops();
    void entitiesColumnsAndCount();
    void largeFileStreams();
};

void TestCsv::parse_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("header");
    QTest::addColumn<QList<QStringList>>("records");
    QTest::addColumn<QList<qint64>>("lines");

    QTest::newRow("lf") << "a,b\n1,2\n3,4\n"_ba << QStringList{u"a"_s, u"b"_s}
                        << QList<QStringList>{{u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}} << QList<qint64>{2, 3};
    QTest::newRow("crlf") << "a,b\r\n1,2\r\n3,4\r\n"_ba << QStringList{u"a"_s, u"b"_s}
                          << QList<QStringList>{{u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}} << QList<qint64>{2, 3};
    QTest::newRow("lone cr") << "a,b\r1,2\r3,4"_ba << QStringList{u"a"_s, u"b"_s}
                             << QList<QStringList>{{u"1"_s, u"2"_s}, {u"3"_s, u"4"_s}} << QList<qint64>{2, 3};
    QTest::newRow("no final newline") << "a,b\n1,2"_ba << QStringList{u"a"_s, u"b"_s}
                                      << QList<QStringList>{{u"1"_s, u"2"_s}} << QList<qint64>{2};
    QTest::newRow("header only") << "a,b\r\n"_ba << QStringList{u"a"_s, u"b"_s} << QList<QStringList>{}
                                 << QList<qint64>{};
    QTest::newRow("quoted delimiter and quotes")
        << "name,quote\n\"Acme, Inc.\",\"He said \"\"hi\"\"\"\n"_ba << QStringList{u"name"_s, u"quote"_s}
        << QList<QStringList>{{u"Acme, Inc."_s, u"He said \"hi\""_s}} << QList<qint64>{2};
    QTest::newRow("newlines inside quotes")
        << "id,note\n1,\"a\nb\"\n2,\"c\r\nd\"\n3,\"e\rf\"\n4,x\n"_ba << QStringList{u"id"_s, u"note"_s}
        << QList<QStringList>{{u"1"_s, u"a\nb"_s},
                              {u"2"_s, u"c\r\nd"_s},
                              {u"3"_s, u"e\rf"_s},
                              {u"4"_s, u"x"_s}}
        << QList<qint64>{2, 4, 6, 8};
    QTest::newRow("quoted header with newline")
        << "\"first\nname\",b\n1,2\n"_ba << QStringList{u"first\nname"_s, u"b"_s}
        << QList<QStringList>{{u"1"_s, u"2"_s}} << QList<qint64>{3};
    QTest::newRow("bom") << "\xEF\xBB\xBFid,name\n1,Zo\xC3\xAB\n"_ba << QStringList{u"id"_s, u"name"_s}
                         << QList<QStringList>{{u"1"_s, u"Zo\u00EB"_s}} << QList<qint64>{2};
    QTest::newRow("values kept as read")
        << "a,b,c\n  x , y ,\n"_ba << QStringList{u"a"_s, u"b"_s, u"c"_s}
        << QList<QStringList>{{u"  x "_s, u" y "_s, u""_s}} << QList<qint64>{2};
    QTest::newRow("empty and quoted empty") << "a,b,c\n,\"\",\n"_ba << QStringList{u"a"_s, u"b"_s, u"c"_s}
                                            << QList<QStringList>{{u""_s, u""_s, u""_s}} << QList<qint64>{2};
    QTest::newRow("trailing blank lines ignored") << "a,b\n1,2\n\n\r\n\n"_ba << QStringList{u"a"_s, u"b"_s}
                                                  << QList<QStringList>{{u"1"_s, u"2"_s}} << QList<qint64>{2};
    QTest::newRow("one column keeps blank lines inside data")
        << "email\na@x\n\n\nb@x\n\n"_ba << QStringList{u"email"_s}
        << QList<QStringList>{{u"a@x"_s}, {u""_s}, {u""_s}, {u"b@x"_s}} << QList<qint64>{2, 3, 4, 5};
    QTest::newRow("semicolon") << "a;b\n1,5;2,25\n"_ba << QStringList{u"a"_s, u"b"_s}
                               << QList<QStringList>{{u"1,5"_s, u"2,25"_s}} << QList<qint64>{2};
    QTest::newRow("utf8 multibyte") << "city,name\n\xE6\x9D\xB1\xE4\xBA\xAC,\"\xF0\x9F\x98\x80 smile\"\n"_ba
                                    << QStringList{u"city"_s, u"name"_s}
                                    << QList<QStringList>{{u"\u6771\u4EAC"_s,
                                                           QString::fromUtf8("\xF0\x9F\x98\x80 smile")}}
                                    << QList<qint64>{2};
}

void TestCsv::parse()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, header);
    QFETCH(QList<QStringList>, records);
    QFETCH(QList<qint64>, lines);

    // Tiny chunks put every record, quote pair, CRLF and UTF-8 sequence across a read
    // boundary somewhere: the result must not depend on where reads end.
    for (const qsizetype chunk :
         {qsizetype(1), qsizetype(2), qsizetype(3), qsizetype(7), CsvReader::DefaultChunkSize}) {
        const Parsed parsed = ::parse(input, chunk);
        QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
        QCOMPARE(parsed.header, header);
        QCOMPARE(parsed.records, records);
        QCOMPARE(parsed.lines, lines);
    }
}

void TestCsv::emptyFieldIsEmptyNotNull()
{
    const Parsed parsed = ::parse("a,b\n,\"\"\n"_ba);
    QVERIFY2(parsed.error.isEmpty(), qPrintable(parsed.error));
    QCOMPARE(parsed.records.size(), 1);
    QVERIFY(!parsed.records[0][0].isNull());
    QVERIFY(!parsed.records[0][1].isNull());
    QVERIFY(parsed.records[0][0].isEmpty());
}

void TestCsv::delimiterDetection_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<char>("delimiter");
    QTest::addColumn<int>("columns");

    QTest::newRow("comma") << "a,b,c\n"_ba << ',' << 3;
    QTest::newRow("semicolon") << "a;b;c,d\n"_ba << ';' << 3;
    QTest::newRow("tab") << "a\tb\n"_ba << '\t' << 2;
    QTest::newRow("pipe") << "a|b|c\n"_ba << '|' << 3;
    QTest::newRow("tie goes to comma") << "a,b;c\n"_ba << ',' << 2;
    QTest::newRow("tie without comma goes to semicolon") << "a;b\tc\n"_ba << ';' << 2;
    QTest::newRow("quoted delimiters do not count") << "\"a;b;c\",d\n"_ba << ',' << 2;
    QTest::newRow("single column") << "email\nx@y\n"_ba << ',' << 1;
    QTest::newRow("only the header line counts") << "a,b\n1;2;3;4;5,6\n"_ba << ',' << 2;
}

void TestCsv::delimiterDetection()
{
    QFETCH(QByteArray, input);
    QFETCH(char, delimiter);
    QFETCH(int, columns);
    QBuffer buffer;
    buffer.setData(input);
    buffer.open(QIODevice::ReadOnly);
    CsvReader reader(buffer, u"input.csv"_s);
    const auto header = reader.readHeader();
    QVERIFY2(header.ok(), qPrintable(header.errorString()));
    QCOMPARE(reader.delimiter(), delimiter);
    QCOMPARE(reader.header().size(), columns);
}

void TestCsv::errorPositions_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QString>("message");

    // Columns count characters, not bytes: "Zoë" is three columns wide.
    QTest::newRow("invalid utf8 after multibyte")
        << "id,name,city\n1,Zo\xC3\xAB,Par\xFFis\n"_ba
        << u"input.csv: line 2, column 10 (field 3 'city'): invalid UTF-8 (byte 0xFF)"_s;
    QTest::newRow("truncated utf8 sequence")
        << "id,name\n1,\"ab\xE2\x82\"\n"_ba
        << u"input.csv: line 2, column 6 (field 2 'name'): invalid UTF-8 (byte 0xE2)"_s;
    QTest::newRow("surrogate encoded in utf8")
        << "id,name\n1,\xED\xA0\x80\n"_ba
        << u"input.csv: line 2, column 3 (field 2 'name'): invalid UTF-8 (byte 0xED)"_s;
    QTest::newRow("invalid utf8 in header")
        << "id,n\xFF\n"_ba << u"input.csv: line 1, column 5 (field 2): invalid UTF-8 (byte 0xFF)"_s;
    QTest::newRow("invalid utf8 on second line of quoted field")
        << "id,note\n1,\"ok\nbad \x80\"\n"_ba
        << u"input.csv: line 3, column 5 (field 2 'note'): invalid UTF-8 (byte 0x80)"_s;
    QTest::newRow("stray quote")
        << "id,height\n1,5'4\"\n"_ba
        << u"input.csv: line 2, column 6 (field 2 'height'): quote inside an unquoted field"_s;
    QTest::newRow("text after closing quote")
        << "id,name\n1,\"Ada\" L\n"_ba
        << u"input.csv: line 2, column 8 (field 2 'name'): text after the closing quote"_s;
    QTest::newRow("unterminated quote at end")
        << "id,name\n1,\"Ada\n"_ba
        << u"input.csv: line 2, column 3 (field 2 'name'): quoted field is never closed"_s;
    QTest::newRow("unterminated quote doubled at end")
        << "id,name\n1,\"Ada\"\""_ba
        << u"input.csv: line 2, column 3 (field 2 'name'): quoted field is never closed"_s;
    QTest::newRow("more fields")
        << "a,b\n1,2,3\n"_ba
        << u"input.csv: line 2, column 5 (field 3): found 3 fields, expected 2 as in the header"_s;
    QTest::newRow("fewer fields")
        << "a,b,c\n1,2\n"_ba
        << u"input.csv: line 2, column 4: found 2 fields, expected 3 as in the header; field 3 'c' is missing"_s;
    QTest::newRow("fewer fields after quoted")
        << "a,b,c\r\n1,\"x\ny\"\r\n"_ba
        << u"input.csv: line 3, column 3: found 2 fields, expected 3 as in the header; field 3 'c' is missing"_s;
    QTest::newRow("blank line inside data")
        << "a,b\r\n1,2\r\n\r\n3,4\r\n"_ba << u"input.csv: line 3, column 1: blank line inside the data"_s;
    QTest::newRow("duplicate header")
        << "id,Email,email,Email\n"_ba
        << u"input.csv: line 1, column 16: duplicate header name 'Email' (fields 2 and 4)"_s;
    QTest::newRow("empty header name")
        << "id,\"\",x\n"_ba << u"input.csv: line 1, column 5: header field 2 has an empty name"_s;
    QTest::newRow("blank header name")
        << "id, ,x\n"_ba << u"input.csv: line 1, column 4: header field 2 has an empty name"_s;
    QTest::newRow("trailing delimiter in header")
        << "id,name,\n"_ba << u"input.csv: line 1, column 9: header field 3 has an empty name"_s;
    // A NUL is valid UTF-8 but never text: it would land in a value, a source id or a column name.
    QTest::newRow("nul in a value") << "id,name\n1,Ada\x00\n"_ba
                                    << u"input.csv: line 2, column 6 (field 2 'name'): NUL byte (0x00)"_s;
    QTest::newRow("nul in a source id") << "id,name\n1\x00"
                                           "2,Ada\n"_ba
                                        << u"input.csv: line 2, column 2 (field 1 'id'): NUL byte (0x00)"_s;
    QTest::newRow("nul in a header name")
        << "id,na\x00me\n1,Ada\n"_ba << u"input.csv: line 1, column 6 (field 2): NUL byte (0x00)"_s;
    QTest::newRow("nul in a quoted field")
        << "id,note\n1,\"a\nb\x00\"\n"_ba
        << u"input.csv: line 3, column 2 (field 2 'note'): NUL byte (0x00)"_s;
    QTest::newRow("nul before invalid utf8")
        << "id,name\n1,\x00\xFF\n"_ba << u"input.csv: line 2, column 3 (field 2 'name'): NUL byte"_s;
    QTest::newRow("utf-16") << "\xFF\xFEi\x00"
                               "d\x00\n\x00"_ba
                            << u"input.csv: line 1, column 1 (field 1): invalid UTF-8 (byte 0xFF)"_s;
}

void TestCsv::errorPositions()
{
    QFETCH(QByteArray, input);
    QFETCH(QString, message);
    for (const qsizetype chunk : {qsizetype(1), qsizetype(4), CsvReader::DefaultChunkSize}) {
        const Parsed parsed = ::parse(input, chunk);
        QVERIFY2(parsed.error.startsWith(message),
                 qPrintable(u"chunk %1: got '%2'"_s.arg(chunk).arg(parsed.error)));
    }
}

// A file with several bad records names every one of them (up to a limit) in one error, so the
// steward fixes the file in one pass; none of the records after the first bad one is delivered.
void TestCsv::everyBadRecord_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QStringList>("expected"); // the error's lines, in order
    QTest::addColumn<int>("delivered");        // records read before the error

    QTest::newRow("ragged, blank and NUL")
        << "id,name,email\n1,Ada,a@x\n2,Alan\n3,Grace,g@x,extra\n4,Bob,b@x\n\n5,E\x00ve,e@x\n6,Ann,n@x\n"_ba
        << QStringList{u"input.csv: 4 records cannot be read:"_s,
                       u"  line 3, column 7: found 2 fields, expected 3 as in the header; field 3 'email' is "
                       "missing"_s,
                       u"  line 4, column 13 (field 4): found 4 fields, expected 3 as in the header"_s,
                       u"  line 6, column 1: blank line inside the data; expected 3 fields as in the header. "
                       "Remove the line (blank lines are only ignored at the end of the file)"_s,
                       u"  line 7, column 4 (field 2 'name'): NUL byte (0x00), which no text value may hold; "
                       "is the file UTF-16 or binary? Save it as UTF-8 text"_s}
        << 1;
    QTest::newRow("a quoting error ends the list")
        << "id,name\n1\n2,Ada\n3,\"Al\"an\n4\n"_ba
        << QStringList{u"input.csv: 2 records cannot be read:"_s,
                       u"  line 2, column 2: found 1 fields, expected 2 as in the header; field 2 'name' is "
                       "missing"_s,
                       u"  line 4, column 7 (field 2 'name'): text after the closing quote of a quoted "
                       u"field; "
                       "quotes inside a quoted field must be doubled"_s}
        << 0;
    QByteArray many = "id,name\n"_ba;
    QStringList listed{u"input.csv: 25 records cannot be read:"_s};
    for (int i = 1; i <= 25; ++i) {
        many += QByteArray::number(i) + ",x,y\n";
        if (i <= CsvReader::MaxListedProblems)
            listed << u"  line %1, column %2 (field 3): found 3 fields, expected 2 as in the header"_s
                          .arg(i + 1)
                          .arg(QByteArray::number(i).size() + 4);
    }
    listed << u"  and 5 more"_s;
    QTest::newRow("more than the limit") << many << listed << 0;
}

void TestCsv::everyBadRecord()
{
    QFETCH(QByteArray, input);
    QFETCH(QStringList, expected);
    QFETCH(int, delivered);
    for (const qsizetype chunk : {qsizetype(1), qsizetype(7), CsvReader::DefaultChunkSize}) {
        const Parsed parsed = ::parse(input, chunk);
        QCOMPARE(parsed.error.split(u'\n'), expected);
        QCOMPARE(parsed.records.size(), delivered);
    }
    // Counting reads the same way and fails the same way.
    QBuffer buffer;
    buffer.setData(input);
    QVERIFY(buffer.open(QIODevice::ReadOnly));
    CsvReader reader(buffer, u"input.csv"_s);
    QVERIFY(reader.readHeader().ok());
    Result<bool> next = true;
    while (next && *next)
        next = reader.skipRecord();
    QCOMPARE(next.errorString().split(u'\n'), expected);
}

// Through the connector, a NUL names the system and the file and nothing is delivered after it.
void TestCsv::nulThroughConnector()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"nul.csv"_s);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("id,name\n1,Ada\n2\x00,Alan\n3,Grace\n"_ba);
    file.close();
    CsvConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, receiver);
    QCOMPARE(read.errorString(),
             u"system 'crm': %1: line 3, column 2 (field 1 'id'): NUL byte (0x00), which no "
             "text value may hold; is the file UTF-16 or binary? Save it as UTF-8 text"_s.arg(path));
    QCOMPARE(receiver.rows.size(), 1);
    QCOMPARE(receiver.ends, 0);
    QCOMPARE(connector.countRows(QString()).errorString(), read.errorString());
}

void TestCsv::goodFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QString>("key");
    QTest::addColumn<int>("rows");
    QTest::addColumn<QStringList>("columns");
    QTest::addColumn<int>("row");
    QTest::addColumn<QString>("column");
    QTest::addColumn<QString>("value");
    QTest::addColumn<qint64>("line");

    QTest::newRow("hubspot") << u"hubspot_contacts.csv"_s << u"Record ID"_s << 6
                             << QStringList{u"Record ID"_s,   u"First Name"_s,         u"Last Name"_s,
                                            u"Email"_s,       u"Phone Number"_s,       u"Company Name"_s,
                                            u"Create Date"_s, u"Last Modified Date"_s, u"Lifecycle Stage"_s}
                             << 0 << u"Company Name"_s << u"Acme, Inc."_s << qint64(2);
    QTest::newRow("salesforce") << u"salesforce_contacts.csv"_s << u"Id"_s << 4
                                << QStringList{u"Id"_s,           u"FirstName"_s,
                                               u"LastName"_s,     u"Email"_s,
                                               u"Phone"_s,        u"Account.Name"_s,
                                               u"MailingState"_s, u"LastModifiedDate"_s,
                                               u"Description"_s}
                                << 2 << u"Description"_s << u"Line one\nLine two\nSays \"call after 5pm\""_s
                                << qint64(5);
    QTest::newRow("semicolon european") << u"semicolon_european.csv"_s << u"Kundennummer"_s << 3
                                        << QStringList{u"Kundennummer"_s, u"Name"_s, u"Umsatz"_s, u"Stadt"_s}
                                        << 0 << u"Umsatz"_s << u"1.234,56"_s << qint64(2);
    QTest::newRow("semicolon quoted") << u"semicolon_european.csv"_s << u"Kundennummer"_s << 3
                                      << QStringList{u"Kundennummer"_s, u"Name"_s, u"Umsatz"_s, u"Stadt"_s}
                                      << 1 << u"Name"_s << u"Schmidt; Partner"_s << qint64(3);
    QTest::newRow("tab") << u"tab_contacts.tsv"_s << u"id"_s << 2
                         << QStringList{u"id"_s, u"name"_s, u"email"_s, u"note"_s} << 1 << u"note"_s
                         << u"quoted\ttab"_s << qint64(3);
    QTest::newRow("tab keeps other delimiters")
        << u"tab_contacts.tsv"_s << u"id"_s << 2 << QStringList{u"id"_s, u"name"_s, u"email"_s, u"note"_s}
        << 0 << u"note"_s << u"has, commas; and | pipes"_s << qint64(2);
    QTest::newRow("pipe") << u"pipe_contacts.csv"_s << u"id"_s << 2
                          << QStringList{u"id"_s, u"name"_s, u"city"_s} << 1 << u"name"_s
                          << u"Edsger | Dijkstra"_s << qint64(3);
    QTest::newRow("lone cr") << u"lone_cr.csv"_s << u"id"_s << 3 << QStringList{u"id"_s, u"name"_s} << 2
                             << u"name"_s << u"Last"_s << qint64(5);
    QTest::newRow("single column blank line")
        << u"single_column.csv"_s << u"email"_s << 3 << QStringList{u"email"_s} << 1 << u"email"_s << u""_s
        << qint64(3);
    QTest::newRow("no final newline")
        << u"no_final_newline.csv"_s << u"id"_s << 2 << QStringList{u"id"_s, u"name"_s} << 1 << u"name"_s
        << u"Alan"_s << qint64(3);
}

void TestCsv::goodFiles()
{
    QFETCH(QString, file);
    QFETCH(QString, key);
    QFETCH(int, rows);
    QFETCH(QStringList, columns);
    QFETCH(int, row);
    QFETCH(QString, column);
    QFETCH(QString, value);
    QFETCH(qint64, line);

    const QString path = dataFile(file);
    CsvConnector connector(fileSpec(path));
    QVERIFY(connector.open().ok());
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), key, QString()}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(*read, qint64(rows));
    QCOMPARE(receiver.rows.size(), rows);
    QCOMPARE(receiver.begins, 1);
    QCOMPARE(receiver.ends, 1);
    QCOMPARE(receiver.origin, path);
    QStringList names;
    for (const ColumnInfo& c : std::as_const(receiver.columns)) {
        names.append(c.name);
        QCOMPARE(c.type, u"text"_s);
        QVERIFY(!c.primaryKey);
    }
    QCOMPARE(names, columns);
    const int index = static_cast<int>(columns.indexOf(column));
    const SourceRow& r = receiver.rows.at(row);
    QCOMPARE(r.values.at(index), value);
    QCOMPARE(r.line, line);
    QCOMPARE(r.ordinal, qint64(row + 1));
    QCOMPARE(r.sourceId, r.values.at(static_cast<int>(columns.indexOf(key))));
    QVERIFY(r.version.startsWith(u"h:"_s));

    // Ordinals count records; lines never go backwards.
    for (qsizetype i = 0; i < receiver.rows.size(); ++i) {
        QCOMPARE(receiver.rows[i].ordinal, qint64(i + 1));
        QCOMPARE(receiver.rows[i].values.size(), columns.size());
        if (i > 0)
            QVERIFY(receiver.rows[i].line > receiver.rows[i - 1].line);
    }
    const auto counted = connector.countRows(QString());
    QVERIFY2(counted.ok(), qPrintable(counted.errorString()));
    QCOMPARE(*counted, qint64(rows));
}

void TestCsv::hubspotExport()
{
    const QString path = dataFile(u"hubspot_contacts.csv"_s);
    CsvConnector connector(fileSpec(path));
    auto pool = std::make_shared<StringPool>();
    SnapshotBuilder builder(u"hubspot"_s, u"hubspot_contacts"_s, pool);
    const auto read =
        connector.readRows(ReadSpec{u"hubspot_contacts"_s, u"Record ID"_s, u"Last Modified Date"_s}, builder);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QVERIFY2(!builder.hasError(), qPrintable(builder.errorString()));
    const auto snapshot = builder.take();
    QCOMPARE(snapshot->rowCount(), 6);
    const int first = snapshot->columnIndex(u"First Name"_s);
    const int phone = snapshot->columnIndex(u"Phone Number"_s);
    const int company = snapshot->columnIndex(u"Company Name"_s);
    const qsizetype bob = snapshot->rowOfSourceId(u"52"_s);
    QVERIFY(bob >= 0);
    QCOMPARE(snapshot->value(bob, first), u"Robert \"Bob\""_s);
    QCOMPARE(snapshot->value(bob, company), u"O'Neil & Sons"_s);
    QVERIFY(!snapshot->value(bob, phone).isNull()); // an empty CSV field is "", not null
    QCOMPARE(snapshot->value(bob, phone), u""_s);
    QCOMPARE(snapshot->version(bob), u"v:2023-02-01 11:00"_s);
    const qsizetype padded = snapshot->rowOfSourceId(u"55"_s);
    QCOMPARE(snapshot->value(padded, first), u"  Padded  "_s); // values are not trimmed
    QCOMPARE(snapshot->value(padded, company), u"Trailing Space Co "_s);
    const qsizetype tanaka = snapshot->rowOfSourceId(u"56"_s);
    QCOMPARE(snapshot->value(tanaka, company), u"\u682A\u5F0F\u4F1A\u793E\u30B5\u30F3\u30D7\u30EB"_s);
    QCOMPARE(snapshot->value(snapshot->rowOfSourceId(u"53"_s), first), u"Jos\u00E9"_s);
}

void TestCsv::salesforceExport()
{
    const QString path = dataFile(u"salesforce_contacts.csv"_s);
    QVERIFY(readAll(path).startsWith("\xEF\xBB\xBF\"Id\""));
    CsvConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{path, u"Id"_s, u"LastModifiedDate"_s}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(receiver.rows.size(), 4);
    QCOMPARE(receiver.columns.first().name, u"Id"_s); // the BOM is not part of the first name
    const QList<qint64> lines{2, 4, 5, 8};
    for (qsizetype i = 0; i < receiver.rows.size(); ++i) {
        const SourceRow& r = receiver.rows[i];
        QCOMPARE(r.line, lines[i]);
        QCOMPARE(r.sourceId.size(), 18);
        QCOMPARE(r.version, u"v:"_s + r.values[7]);
    }
    QCOMPARE(receiver.rows[0].sourceId, u"0035e00000AbCdEAAV"_s);
    QCOMPARE(receiver.rows[0].values[8], u"Met at Dreamforce.\r\nPrefers email."_s); // CRLF kept
    QCOMPARE(receiver.rows[1].values[4], u""_s);
    QCOMPARE(receiver.rows[3].values[8], u"Ends with comma,"_s);
}

void TestCsv::badFiles_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<qint64>("line"); // 0: the error concerns the whole file
    QTest::addColumn<QString>("message");

    QTest::newRow("invalid utf8") << u"bad_utf8.csv"_s << qint64(3)
                                  << u"column 6 (field 2 'name'): invalid UTF-8 (byte 0xE9)"_s;
    QTest::newRow("overlong utf8") << u"bad_utf8_overlong.csv"_s << qint64(3)
                                   << u"column 10 (field 2 'name'): invalid UTF-8 (byte 0xC0)"_s;
    QTest::newRow("more fields") << u"ragged_more.csv"_s << qint64(4)
                                 << u"found 4 fields, expected 3 as in the header"_s;
    QTest::newRow("fewer fields")
        << u"ragged_fewer.csv"_s << qint64(3)
        << u"found 2 fields, expected 3 as in the header; field 3 'email' is missing"_s;
    QTest::newRow("ragged after multi-line record")
        << u"ragged_after_multiline.csv"_s << qint64(5) << u"found 4 fields, expected 3"_s;
    QTest::newRow("duplicate header")
        << u"duplicate_header.csv"_s << qint64(1) << u"duplicate header name 'email' (fields 2 and 4)"_s;
    QTest::newRow("empty header name")
        << u"empty_header_name.csv"_s << qint64(1) << u"header field 2 has an empty name"_s;
    QTest::newRow("empty file") << u"empty.csv"_s << qint64(0) << u"the file is empty (0 bytes)"_s;
    QTest::newRow("bom only") << u"bom_only.csv"_s << qint64(0) << u"the file holds no data"_s;
    QTest::newRow("whitespace only") << u"whitespace_only.csv"_s << qint64(0) << u"the file holds no data"_s;
    QTest::newRow("blank first line")
        << u"blank_first_line.csv"_s << qint64(1) << u"the first line must be the header row"_s;
    QTest::newRow("unterminated quote") << u"unterminated_quote.csv"_s << qint64(3)
                                        << u"column 8 (field 3 'note'): quoted field is never closed"_s;
    QTest::newRow("stray quote") << u"stray_quote.csv"_s << qint64(2)
                                 << u"column 10 (field 3 'height'): quote inside an unquoted field"_s;
    QTest::newRow("text after quote")
        << u"text_after_quote.csv"_s << qint64(2) << u"text after the closing quote"_s;
    QTest::newRow("blank line in data")
        << u"blank_line_middle.csv"_s << qint64(3) << u"blank line inside the data"_s;
}

void TestCsv::badFiles()
{
    QFETCH(QString, file);
    QFETCH(qint64, line);
    QFETCH(QString, message);

    const QString path = dataFile(file);
    QVERIFY(QFile::exists(path));
    CsvConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, receiver);
    QVERIFY(!read.ok());
    const QString error = read.errorString();
    QVERIFY2(error.startsWith(u"system 'crm': "_s + path + u": "_s), qPrintable(error));
    if (line > 0)
        QVERIFY2(error.contains(u": line %1, "_s.arg(line)), qPrintable(error));
    QVERIFY2(error.contains(message), qPrintable(error));
    QCOMPARE(receiver.ends, 0); // an incomplete stream is never reported as complete

    // Counting reads the same way and fails the same way.
    const auto counted = connector.countRows(QString());
    QVERIFY(!counted.ok());
    QCOMPARE(counted.errorString(), error);
}

void TestCsv::duplicateSourceIdNamesFileAndLines()
{
    const QString path = dataFile(u"duplicate_ids.csv"_s);
    CsvConnector connector(fileSpec(path));
    auto pool = std::make_shared<StringPool>();
    SnapshotBuilder builder(u"crm"_s, u"duplicate_ids"_s, pool);
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, QString()}, builder);
    QVERIFY(!read.ok());
    QVERIFY2(read.errorString().contains(u"stopped at line 6"_s), qPrintable(read.errorString()));
    QVERIFY(builder.hasError());
    // C-1 is on line 2 and again on line 6 (the record before it spans lines 3-4).
    QVERIFY2(builder.errorString().contains(
                 u"duplicate source id 'C-1' at %1, line 6 (first seen at line 2)"_s.arg(path)),
             qPrintable(builder.errorString()));
}

void TestCsv::keyColumnRequired()
{
    const QString path = dataFile(u"hubspot_contacts.csv"_s);
    CsvConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    const auto noKey = connector.readRows(ReadSpec{}, receiver);
    QVERIFY(!noKey.ok());
    QVERIFY2(noKey.errorString().contains(u"has no primary key and no key column is configured"_s),
             qPrintable(noKey.errorString()));
    QVERIFY(noKey.errorString().contains(path));
    const auto badKey = connector.readRows(ReadSpec{QString(), u"Customer Number"_s, QString()}, receiver);
    QVERIFY(!badKey.ok());
    QVERIFY2(badKey.errorString().contains(u"key column 'Customer Number' does not exist"_s),
             qPrintable(badKey.errorString()));
    QCOMPARE(receiver.begins, 0);
}

void TestCsv::receiverStops()
{
    const QString path = dataFile(u"hubspot_contacts.csv"_s);
    CsvConnector connector(fileSpec(path));
    CollectingReceiver receiver;
    receiver.refuseAt = 2;
    const auto read = connector.readRows(ReadSpec{QString(), u"Record ID"_s, QString()}, receiver);
    QVERIFY(!read.ok());
    QVERIFY2(read.errorString().contains(u"stopped"_s), qPrintable(read.errorString()));
    QVERIFY(read.errorString().contains(path));
    QCOMPARE(receiver.rows.size(), 2);
    QCOMPARE(receiver.ends, 0);
}

void TestCsv::entitiesColumnsAndCount()
{
    const QString path = dataFile(u"semicolon_european.csv"_s);
    CsvConnector connector(fileSpec(path));
    const auto entities = connector.entities();
    QVERIFY2(entities.ok(), qPrintable(entities.errorString()));
    QCOMPARE(*entities, QStringList{u"semicolon_european"_s});
    const auto columns = connector.columns(u"semicolon_european"_s);
    QVERIFY2(columns.ok(), qPrintable(columns.errorString()));
    QCOMPARE(columns->size(), 4);
    QCOMPARE(columns->at(2).name, u"Umsatz"_s);
    QCOMPARE(columns->at(2).type, u"text"_s);
    QVERIFY(connector.columns(path).ok()); // the path names the entity too
    const auto unknown = connector.columns(u"orders"_s);
    QVERIFY(!unknown.ok());
    QVERIFY2(unknown.errorString().contains(u"there is no entity 'orders'"_s),
             qPrintable(unknown.errorString()));
    const auto count = connector.countRows(u"semicolon_european"_s);
    QVERIFY(count.ok());
    QCOMPARE(*count, qint64(3));

    CsvConnector missing(fileSpec(dataFile(u"no_such_file.csv"_s)));
    const auto opened = missing.open();
    QVERIFY(!opened.ok());
    QVERIFY2(opened.errorString().contains(
                 u"system 'crm': CSV file '%1' does not exist"_s.arg(dataFile(u"no_such_file.csv"_s))),
             qPrintable(opened.errorString()));
    QVERIFY(!missing.entities().ok());
}

void TestCsv::largeFileStreams()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString path = dir.filePath(u"large.csv"_s);
    constexpr qint64 rowCount = 200000;
    qint64 expectedLastLine = 1;
    {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        QByteArray chunk;
        chunk += "\"id\",\"name\",\"email\",\"note\",\"updated\"\r\n";
        for (qint64 i = 1; i <= rowCount; ++i) {
            const QByteArray n = QByteArray::number(i);
            chunk += n + ",\"Customer " + n + ", Ltd\",c" + n + "@example.com,";
            ++expectedLastLine;
            if (i % 1000 == 0) { // some records span two lines
                chunk += "\"first line\r\nsecond \"\"line\"\"\"";
                if (i != rowCount)
                    ++expectedLastLine;
            } else {
                chunk += "plain note";
            }
            chunk += ",2024-01-01T00:00:00Z\r\n";
            if (chunk.size() > (1 << 20)) {
                QCOMPARE(file.write(chunk), chunk.size());
                chunk.clear();
            }
        }
        QCOMPARE(file.write(chunk), chunk.size());
    }
    QVERIFY(QFileInfo(path).size() > 15 * 1000 * 1000);

    CsvConnector connector(fileSpec(path));
    CountingReceiver receiver;
    const auto read = connector.readRows(ReadSpec{QString(), u"id"_s, u"updated"_s}, receiver);
    QVERIFY2(read.ok(), qPrintable(read.errorString()));
    QCOMPARE(*read, rowCount);
    QCOMPARE(receiver.count, rowCount);
    QCOMPARE(receiver.lastOrdinal, rowCount);
    QCOMPARE(receiver.lastLine, expectedLastLine);
    QCOMPARE(receiver.lastValues.at(1), u"Customer 200000, Ltd"_s);
    QCOMPARE(receiver.lastValues.at(3), u"first line\r\nsecond \"line\""_s);

    const auto counted = connector.countRows(QString());
    QVERIFY(counted.ok());
    QCOMPARE(*counted, rowCount);

    // The reader holds one chunk (plus the record being parsed), not the file.
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    constexpr qsizetype chunkSize = 64 * 1024;
    CsvReader reader(file, path, chunkSize);
    QVERIFY(reader.readHeader().ok());
    qint64 records = 0;
    qsizetype largestBuffer = 0;
    for (;;) {
        auto next = reader.skipRecord();
        QVERIFY2(next.ok(), qPrintable(next.errorString()));
        if (!*next)
            break;
        ++records;
        largestBuffer = std::max(largestBuffer, reader.bufferCapacity());
    }
    QCOMPARE(records, rowCount);
    QVERIFY2(largestBuffer <= 3 * chunkSize, qPrintable(QString::number(largestBuffer)));
}

QTEST_GUILESS_MAIN(TestCsv)
#include "tst_csv.moc"
