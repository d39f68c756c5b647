#include "CsvWriter.h"
#include "DemoGenerator.h"
#include "TestServers.h"
#include "Vocabulary.h"

#include <QBuffer>
#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QSqlError>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>
#include <QTimeZone>
#include <cmath>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {

// ---- reading what the generator wrote -------------------------------------------------

// A strict RFC 4180 parser, independent of the writer under test.
QList<QStringList> parseCsv(const QByteArray& bytes)
{
    const QString text = QString::fromUtf8(bytes);
    QList<QStringList> rows;
    QStringList row;
    QString field = u""_s; // CSV has no NULL: an empty field is an empty, non-null string
    bool quoted = false;
    bool fieldStarted = false;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text[i];
        if (quoted) {
            if (c == u'"') {
                if (i + 1 < text.size() && text[i + 1] == u'"') {
                    field += u'"';
                    ++i;
                } else {
                    quoted = false;
                }
            } else {
                field += c;
            }
        } else if (c == u'"') {
            quoted = true;
            fieldStarted = true;
        } else if (c == u',') {
            row.append(field);
            field = u""_s;
            fieldStarted = true;
        } else if (c == u'\r' || c == u'\n') {
            if (c == u'\r' && i + 1 < text.size() && text[i + 1] == u'\n')
                ++i;
            row.append(field);
            rows.append(row);
            row.clear();
            field = u""_s;
            fieldStarted = false;
        } else {
            field += c;
            fieldStarted = true;
        }
    }
    if (fieldStarted || !row.isEmpty()) {
        row.append(field);
        rows.append(row);
    }
    return rows;
}

// "n" for each null value, "v" otherwise: QStringList comparison cannot tell them apart.
QString nullPattern(const QStringList& values)
{
    QString pattern;
    for (const QString& v : values)
        pattern += v.isNull() ? u'n' : u'v';
    return pattern;
}

QByteArray readAll(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return file.readAll();
}

QByteArray sha256(const QString& path)
{
    return QCryptographicHash::hash(readAll(path), QCryptographicHash::Sha256).toHex();
}

// One table or CSV file: column names and rows keyed by source id. Null SQL values
// stay null QStrings.
struct Table
{
    QStringList columns;
    QHash<QString, QStringList> rows;
    qsizetype count = 0;
    QString value(const QString& id, const QString& column) const
    {
        return rows[id][columns.indexOf(column)];
    }
};

Table readSqlite(const QString& path, const QString& table)
{
    Table out;
    const QString name = u"tst-read-"_s + path;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(path);
        db.setConnectOptions(u"QSQLITE_OPEN_READONLY"_s);
        if (db.open()) {
            QSqlQuery q(db);
            q.exec(u"SELECT * FROM "_s + table);
            const QSqlRecord rec = q.record();
            for (int c = 0; c < rec.count(); ++c)
                out.columns.append(rec.fieldName(c));
            while (q.next()) {
                QStringList values;
                for (int c = 0; c < rec.count(); ++c)
                    values.append(q.value(c).isNull() ? QString() : q.value(c).toString());
                out.rows.insert(values.first(), values);
                ++out.count;
            }
        }
    }
    QSqlDatabase::removeDatabase(name);
    return out;
}

Table readCsvTable(const QString& path)
{
    Table out;
    QList<QStringList> rows = parseCsv(readAll(path));
    if (rows.isEmpty())
        return out;
    out.columns = rows.takeFirst();
    for (const QStringList& row : std::as_const(rows)) {
        out.rows.insert(row.first(), row);
        ++out.count;
    }
    return out;
}

struct Truth
{
    QHash<QString, QHash<QString, QString>> records;       // system -> source id -> customer
    QHash<QString, qsizetype> recordCount;                 // system -> record rows
    QHash<QString, QHash<QString, QString>> values;        // customer -> field -> value
    QHash<QString, QList<QStringList>> drift;              // customer -> drift rows
    QHash<QString, QHash<QString, QStringList>> sourcesOf; // customer -> system -> source ids
    QSet<QString> duplicateRows;                           // "system/source id"
    qsizetype repeatedRecords = 0;
};

Truth readTruth(const QString& path)
{
    Truth t;
    QList<QStringList> rows = parseCsv(readAll(path));
    if (rows.isEmpty() || rows.takeFirst() != QStringList{u"kind"_s, u"system"_s, u"source_id"_s,
                                                          u"customer_id"_s, u"field"_s, u"value"_s})
        return t;
    for (const QStringList& r : std::as_const(rows)) {
        if (r[0] == u"record"_s) {
            if (t.records[r[1]].contains(r[2]))
                ++t.repeatedRecords;
            t.records[r[1]].insert(r[2], r[3]);
            ++t.recordCount[r[1]];
            t.sourcesOf[r[3]][r[1]].append(r[2]);
        } else if (r[0] == u"value"_s) {
            t.values[r[3]].insert(r[4], r[5]);
        } else if (r[0] == u"drift"_s) {
            t.drift[r[3]].append(r);
            if (r[5] == u"duplicate"_s)
                t.duplicateRows.insert(r[1] + u'/' + r[2]);
        }
    }
    return t;
}

// ---- canonical forms, written independently of the generator ---------------------------

QString digitsOnly(const QString& phone)
{
    QString d;
    for (const QChar c : phone) {
        if (c.isDigit())
            d += c;
    }
    return d.size() == 11 && d.startsWith(u'1') ? d.mid(1) : d;
}

QString stateCode(const QString& value)
{
    if (value.size() == 2)
        return value.toUpper();
    for (const auto& state : gen::Vocabulary::instance().states) {
        if (state.name.compare(value, Qt::CaseInsensitive) == 0)
            return state.code;
    }
    return value;
}

QString companyKey(const QString& value)
{
    QString s = gen::asciiFold(value).toLower();
    s.remove(u'.');
    s.remove(u',');
    static const std::pair<QString, QString> kSuffixes[] = {{u" limited liability company"_s, u" llc"_s},
                                                            {u" incorporated"_s, u" inc"_s},
                                                            {u" corporation"_s, u" corp"_s},
                                                            {u" limited"_s, u" ltd"_s},
                                                            {u" company"_s, u" co"_s}};
    for (const auto& [from, to] : kSuffixes) {
        if (s.endsWith(from))
            s = s.left(s.size() - from.size()) + to;
    }
    return s.simplified();
}

QString nameKey(const QString& value)
{
    return gen::asciiFold(value).toLower();
}

// "SMITH, JOHN" / "John Smith" -> "smith". Given names in the demo have no spaces.
QString familyNameOf(const QString& fullName)
{
    const qsizetype comma = fullName.indexOf(u", "_s);
    if (comma >= 0)
        return nameKey(fullName.left(comma));
    const qsizetype space = fullName.indexOf(u' ');
    return nameKey(space < 0 ? QString() : fullName.mid(space + 1));
}

qint64 epochOf(const QString& value, const QString& format)
{
    QDateTime dt = QDateTime::fromString(value, format);
    dt.setTimeZone(QTimeZone::utc());
    return dt.isValid() ? dt.toSecsSinceEpoch() : -1;
}

// The shared fields of one source row, normalised for comparison with the truth.
struct Shown
{
    QString family, email, phone, company, state;
    qint64 updatedAt = -1;
    QString get(const QString& field) const
    {
        if (field == u"last_name"_s)
            return family;
        if (field == u"email"_s)
            return email;
        if (field == u"phone"_s)
            return phone;
        if (field == u"company"_s)
            return company;
        return state;
    }
};

Shown shownIn(const QString& system, const Table& t, const QString& id)
{
    Shown s;
    if (system == u"crm"_s) {
        s = {nameKey(t.value(id, u"last_name"_s)),
             t.value(id, u"email"_s).toLower(),
             digitsOnly(t.value(id, u"phone"_s)),
             companyKey(t.value(id, u"company"_s)),
             stateCode(t.value(id, u"state"_s)),
             epochOf(t.value(id, u"updated_at"_s), u"yyyy-MM-dd'T'HH:mm:ss'Z'"_s)};
    } else if (system == u"quoting"_s) {
        s = {familyNameOf(t.value(id, u"full_name"_s)),
             t.value(id, u"email_address"_s).toLower(),
             digitsOnly(t.value(id, u"phone"_s)),
             companyKey(t.value(id, u"company_name"_s)),
             stateCode(t.value(id, u"state"_s)),
             epochOf(t.value(id, u"modified"_s), u"MM/dd/yyyy HH:mm"_s)};
    } else if (system == u"accounting"_s) {
        s = {familyNameOf(t.value(id, u"name"_s)),
             t.value(id, u"billing_email"_s).toLower(),
             digitsOnly(t.value(id, u"phone"_s)),
             companyKey(t.value(id, u"company"_s)),
             stateCode(t.value(id, u"billing_state"_s)),
             epochOf(t.value(id, u"updated_at"_s), u"yyyy-MM-dd HH:mm:ss"_s)};
    } else {
        s = {nameKey(t.value(id, u"Last Name"_s)),
             t.value(id, u"Email"_s).toLower(),
             digitsOnly(t.value(id, u"Phone Number"_s)),
             companyKey(t.value(id, u"Company Name"_s)),
             stateCode(t.value(id, u"State/Region"_s)),
             epochOf(t.value(id, u"Last Modified Date"_s), u"yyyy-MM-dd HH:mm"_s)};
    }
    return s;
}

Shown expectedFrom(const QHash<QString, QString>& truth)
{
    return {nameKey(truth[u"last_name"_s]),  truth[u"email"_s], digitsOnly(truth[u"phone"_s]),
            companyKey(truth[u"company"_s]), truth[u"state"_s], 0};
}

struct Generated
{
    GeneratedDemo demo;
    QHash<QString, Table> tables;
    Truth truth;
};

Generated load(const GeneratedDemo& demo)
{
    Generated g;
    g.demo = demo;
    for (const GeneratedSystem& s : demo.systems)
        g.tables.insert(s.name, s.driver == u"csv"_s ? readCsvTable(s.path) : readSqlite(s.path, s.entity));
    g.truth = readTruth(demo.truthPath);
    return g;
}

// The stored value behind a shared field of "system/source id".
QString rawValue(const Generated& g, const QString& row, const QString& field)
{
    const QString system = row.section(u'/', 0, 0);
    const QString id = row.section(u'/', 1);
    static const QHash<QString, QStringList> kColumns{
        {u"crm"_s, {u"last_name"_s, u"email"_s, u"phone"_s, u"company"_s, u"state"_s}},
        {u"quoting"_s, {u"full_name"_s, u"email_address"_s, u"phone"_s, u"company_name"_s, u"state"_s}},
        {u"accounting"_s, {u"name"_s, u"billing_email"_s, u"phone"_s, u"company"_s, u"billing_state"_s}},
        {u"marketing"_s,
         {u"Last Name"_s, u"Email"_s, u"Phone Number"_s, u"Company Name"_s, u"State/Region"_s}},
    };
    const QStringList fields{u"last_name"_s, u"email"_s, u"phone"_s, u"company"_s, u"state"_s};
    return g.tables[system].value(id, kColumns[system][fields.indexOf(field)]);
}

const QStringList kSystems{u"crm"_s, u"quoting"_s, u"accounting"_s, u"marketing"_s};
const QStringList kDriftedFields{u"last_name"_s, u"email"_s, u"phone"_s, u"company"_s, u"state"_s};

} // namespace

class TestGenerator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void csvWriterQuotes_data();
    void csvWriterQuotes();
    void csvWriterOptions();
    void csvWriterReportsDeviceErrors();
    void sameSeedSameBytes();
    void refusesExistingFiles();
    void rejectsBadOptions();
    void describesSystems();
    void truthCoversEverySourceRowOnce();
    void valuesAreCanonical();
    void rowsAgreeWithTruthExceptDrift();
    void driftAtConfiguredRates();
    void noDriftWithZeroProfile();
    void accountingTableMatchesSqliteFile();
    void accountingTableOnServer_data();
    void accountingTableOnServer();
    void timeLargeRun();

private:
    QTemporaryDir m_dir;
    Generated m_big; // 10,000 customers, default drift, seed 7
};

void TestGenerator::initTestCase()
{
    QVERIFY(m_dir.isValid());
    GeneratorOptions options;
    options.outDir = m_dir.filePath(u"big"_s);
    options.customers = 10000;
    options.seed = 7;
    auto demo = generateDemo(options);
    QVERIFY2(demo.ok(), qPrintable(demo.errorString()));
    m_big = load(*demo);
    QCOMPARE(m_big.tables.size(), 4);
}

void TestGenerator::csvWriterQuotes_data()
{
    QTest::addColumn<QStringList>("fields");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QStringList{u"a"_s, u"b c"_s} << "a,b c\r\n"_ba;
    QTest::newRow("delimiter") << QStringList{u"Acme, Inc."_s, u"x"_s} << "\"Acme, Inc.\",x\r\n"_ba;
    QTest::newRow("quote doubled") << QStringList{u"say \"hi\""_s} << "\"say \"\"hi\"\"\"\r\n"_ba;
    QTest::newRow("cr") << QStringList{u"a\rb"_s} << "\"a\rb\"\r\n"_ba;
    QTest::newRow("lf") << QStringList{u"a\nb"_s, u""_s} << "\"a\nb\",\r\n"_ba;
    QTest::newRow("utf8") << QStringList{u"José"_s, u"Zoë"_s} << "Jos\xc3\xa9,Zo\xc3\xab\r\n"_ba;
    QTest::newRow("empty fields") << QStringList{u""_s, QString(), u""_s} << ",,\r\n"_ba;
    QTest::newRow("single empty field") << QStringList{QString()} << "\"\"\r\n"_ba;
    QTest::newRow("apostrophe unquoted") << QStringList{u"O'Brien"_s} << "O'Brien\r\n"_ba;
}

void TestGenerator::csvWriterQuotes()
{
    QFETCH(QStringList, fields);
    QFETCH(QByteArray, expected);
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    {
        CsvWriter writer(&buffer);
        writer.writeRow(fields);
        QVERIFY(writer.flush());
        QCOMPARE(writer.rowsWritten(), 1);
    }
    QCOMPARE(buffer.data(), expected);
    QCOMPARE(parseCsv(buffer.data()).value(0), fields);
}

void TestGenerator::csvWriterOptions()
{
    QBuffer buffer;
    buffer.open(QIODevice::WriteOnly);
    CsvWriter semicolons(&buffer, {';', false, false});
    semicolons.writeRow({u"a;b"_s, u"c,d"_s});
    semicolons.writeField(QLatin1StringView("caf\xe9"));
    semicolons.writeUtf8Field("x\"y");
    semicolons.endRow();
    QVERIFY(semicolons.flush());
    QCOMPARE(buffer.data(), "\"a;b\";c,d\ncaf\xc3\xa9;\"x\"\"y\"\n"_ba);

    QBuffer all;
    all.open(QIODevice::WriteOnly);
    CsvWriter quoted(&all, {',', true, true});
    quoted.writeRow({u"Record ID"_s, u""_s, u"1"_s});
    QVERIFY(quoted.flush());
    QCOMPARE(all.data(), "\"Record ID\",\"\",\"1\"\r\n"_ba);

    // Large output goes through the buffer in chunks and arrives complete.
    QBuffer big;
    big.open(QIODevice::WriteOnly);
    {
        CsvWriter writer(&big);
        for (int i = 0; i < 50000; ++i)
            writer.writeRow({QString::number(i), u"Acme, Inc."_s});
    }
    const QList<QStringList> rows = parseCsv(big.data());
    QCOMPARE(rows.size(), 50000);
    QCOMPARE(rows.last(), (QStringList{u"49999"_s, u"Acme, Inc."_s}));
}

void TestGenerator::csvWriterReportsDeviceErrors()
{
    QBuffer readOnly;
    readOnly.open(QIODevice::ReadOnly);
    CsvWriter writer(&readOnly);
    writer.writeRow({u"a"_s});
    QVERIFY(!writer.flush());
    QVERIFY(!writer.ok());
    QVERIFY(!writer.errorString().isEmpty());
    writer.writeRow({u"b"_s}); // sticky: no crash, still failed
    QVERIFY(!writer.flush());
}

void TestGenerator::sameSeedSameBytes()
{
    GeneratorOptions options;
    options.customers = 3000;
    options.seed = 42;
    QList<QList<QByteArray>> hashes;
    for (const QString& run : {u"a"_s, u"b"_s, u"other-seed"_s}) {
        options.outDir = m_dir.filePath(u"determinism/"_s + run);
        options.seed = run == u"other-seed"_s ? 43 : 42;
        auto demo = generateDemo(options);
        QVERIFY2(demo.ok(), qPrintable(demo.errorString()));
        QList<QByteArray> files;
        for (const GeneratedSystem& s : demo->systems)
            files.append(sha256(s.path));
        files.append(sha256(demo->truthPath));
        hashes.append(files);
    }
    QCOMPARE(hashes[0].size(), 5);
    QCOMPARE(hashes[0], hashes[1]);
    for (int f = 0; f < hashes[0].size(); ++f)
        QVERIFY2(hashes[0][f] != hashes[2][f], qPrintable(u"file %1 ignores the seed"_s.arg(f)));
}

void TestGenerator::refusesExistingFiles()
{
    GeneratorOptions options;
    options.customers = 50;
    options.outDir = m_dir.filePath(u"refuse"_s);
    QVERIFY(QDir().mkpath(options.outDir));
    QFile unrelated(options.outDir + u"/notes.txt"_s);
    QVERIFY(unrelated.open(QIODevice::WriteOnly));
    unrelated.close();
    QVERIFY(generateDemo(options).ok()); // other files do not matter

    const QByteArray before = sha256(options.outDir + u"/crm.sqlite"_s);
    auto again = generateDemo(options);
    QVERIFY(!again.ok());
    QVERIFY2(again.errorString().contains(u"crm.sqlite"_s), qPrintable(again.errorString()));
    QCOMPARE(sha256(options.outDir + u"/crm.sqlite"_s), before); // untouched

    QVERIFY(QFile::remove(options.outDir + u"/crm.sqlite"_s));
    auto partial = generateDemo(options);
    QVERIFY(!partial.ok());
    QVERIFY2(partial.errorString().contains(u"quoting.sqlite"_s), qPrintable(partial.errorString()));
}

void TestGenerator::rejectsBadOptions()
{
    GeneratorOptions options;
    options.outDir = m_dir.filePath(u"bad"_s);
    options.customers = 0;
    QVERIFY(!generateDemo(options).ok());
    options.customers = 10;
    options.drift.stale = 1.5;
    auto result = generateDemo(options);
    QVERIFY(!result.ok());
    QVERIFY2(result.errorString().contains(u"stale"_s), qPrintable(result.errorString()));
    QVERIFY(!QFile::exists(options.outDir + u"/crm.sqlite"_s));
}

void TestGenerator::describesSystems()
{
    const GeneratedDemo& demo = m_big.demo;
    QCOMPARE(demo.customers, 10000);
    QStringList names;
    QSet<QString> canonical;
    for (const GeneratedField& f : demo.fields)
        canonical.insert(f.name);
    for (const GeneratedSystem& s : demo.systems) {
        names.append(s.name);
        QVERIFY(QFileInfo(s.path).isAbsolute());
        QVERIFY(QFileInfo::exists(s.path));
        QCOMPARE(s.defaultRegion, u"US"_s);
        QVERIFY(s.dateOrder == u"MDY"_s || s.dateOrder == u"YMD"_s);
        QCOMPARE(s.unmappedColumns.size(), 1); // one custom field per system
        const Table& t = m_big.tables[s.name];
        QCOMPARE(t.count, s.rows);
        QCOMPARE(t.columns.first(), s.keyColumn);
        QVERIFY(t.columns.contains(s.versionColumn));
        // key, version, and the CRM's archive flag are neither mapped nor custom fields
        if (!s.softDeleteColumn.isEmpty())
            QVERIFY(t.columns.contains(s.softDeleteColumn));
        QCOMPARE(qsizetype(s.mappings.size() + s.unmappedColumns.size() + 2 + (s.softDeleteColumn.isEmpty() ? 0 : 1)),
                 t.columns.size());
        for (const auto& [column, field] : s.mappings) {
            QVERIFY2(t.columns.contains(column), qPrintable(column));
            QVERIFY2(canonical.contains(field), qPrintable(field));
        }
    }
    QCOMPARE(names, kSystems);
    QCOMPARE(demo.systems[1].dateOrder, u"MDY"_s);
    // Roughly: CRM nearly all, quoting 85%, accounting 70%, marketing 60% (+ duplicates).
    const double expected[] = {0.96, 0.85, 0.71, 0.61};
    for (int s = 0; s < 4; ++s) {
        const double share = double(demo.systems[s].rows) / demo.customers;
        QVERIFY2(std::abs(share - expected[s]) < 0.04, qPrintable(u"%1: %2"_s.arg(names[s]).arg(share)));
    }
}

void TestGenerator::truthCoversEverySourceRowOnce()
{
    const Truth& truth = m_big.truth;
    QCOMPARE(truth.repeatedRecords, 0);
    for (const GeneratedSystem& s : m_big.demo.systems) {
        const Table& t = m_big.tables[s.name];
        QCOMPARE(truth.recordCount.value(s.name), s.rows);
        QCOMPARE(qsizetype(t.rows.size()), t.count); // source ids unique in the system
        for (auto it = t.rows.cbegin(); it != t.rows.cend(); ++it)
            QVERIFY2(truth.records[s.name].contains(it.key()), qPrintable(s.name + u'/' + it.key()));
    }
    // Every customer has values; customers are numbered densely.
    QCOMPARE(truth.values.size(), 10000);
    QVERIFY(truth.values.contains(u"C0000001"_s));
    QVERIFY(truth.values.contains(u"C0010000"_s));
}

void TestGenerator::valuesAreCanonical()
{
    const QRegularExpression phone(u"^\\+1[2-9]\\d{9}$"_s);
    const QRegularExpression money(u"^-?\\d+\\.\\d{2}$"_s);
    const QRegularExpression date(u"^\\d{4}-\\d{2}-\\d{2}$"_s);
    const QRegularExpression routing(u"^\\d{9}/\\d{8,12}$"_s);
    QSet<QString> states;
    for (const auto& s : gen::Vocabulary::instance().states)
        states.insert(s.code);
    qsizetype accented = 0;
    for (auto it = m_big.truth.values.cbegin(); it != m_big.truth.values.cend(); ++it) {
        const QHash<QString, QString>& v = it.value();
        if (v.contains(u"_deleted"_s)) {
            QCOMPARE(v.size(), 1);
            QCOMPARE(v[u"_deleted"_s], u"true"_s);
            continue;
        }
        for (const QString& f : {u"first_name"_s, u"last_name"_s, u"full_name"_s, u"email"_s, u"phone"_s,
                                 u"company"_s, u"state"_s})
            QVERIFY2(!v.value(f).isEmpty(), qPrintable(it.key() + u' ' + f));
        QCOMPARE(v[u"full_name"_s], v[u"first_name"_s] + u' ' + v[u"last_name"_s]);
        QCOMPARE(v[u"email"_s], v[u"email"_s].toLower());
        QVERIFY2(phone.match(v[u"phone"_s]).hasMatch(), qPrintable(v[u"phone"_s]));
        QVERIFY2(states.contains(v[u"state"_s]), qPrintable(v[u"state"_s]));
        if (v.contains(u"country"_s))
            QCOMPARE(v[u"country"_s], u"US"_s);
        for (const QString& f : {u"credit_limit"_s, u"balance"_s, u"last_quote_amount"_s}) {
            if (v.contains(f))
                QVERIFY2(money.match(v[f]).hasMatch(), qPrintable(v[f]));
        }
        for (const QString& f : {u"last_quote_date"_s, u"last_invoice_date"_s}) {
            if (v.contains(f))
                QVERIFY2(date.match(v[f]).hasMatch(), qPrintable(v[f]));
        }
        if (v.contains(u"bank_account"_s))
            QVERIFY2(routing.match(v[u"bank_account"_s]).hasMatch(), qPrintable(v[u"bank_account"_s]));
        if (gen::asciiFold(v[u"full_name"_s]) != v[u"full_name"_s])
            ++accented;
    }
    QVERIFY2(accented > 300 && accented < 1500,
             qPrintable(QString::number(accented))); // names like José, Zoë
}

void TestGenerator::rowsAgreeWithTruthExceptDrift()
{
    const Truth& truth = m_big.truth;
    qsizetype checked = 0;
    for (auto cust = truth.sourcesOf.cbegin(); cust != truth.sourcesOf.cend(); ++cust) {
        const QHash<QString, QString>& values = truth.values[cust.key()];
        if (values.contains(u"_deleted"_s))
            continue;
        const Shown expected = expectedFrom(values);
        // Drift marks of this customer by "system/source id" and field.
        QHash<QString, QString> marks;
        QSet<QString> conflictFields;
        for (const QStringList& d : truth.drift.value(cust.key())) {
            marks.insert(d[1] + u'/' + d[2] + u'/' + d[4], d[5]);
            if (d[5] == u"conflict"_s)
                conflictFields.insert(d[4]);
        }
        QHash<QString, Shown> rows; // main rows only
        for (auto sys = cust.value().cbegin(); sys != cust.value().cend(); ++sys) {
            for (const QString& id : sys.value()) {
                if (!truth.duplicateRows.contains(sys.key() + u'/' + id))
                    rows.insert(sys.key() + u'/' + id, shownIn(sys.key(), m_big.tables[sys.key()], id));
            }
        }
        for (const QString& f : kDriftedFields) {
            QString winner;
            qint64 winnerTime = -1;
            for (auto row = rows.cbegin(); row != rows.cend(); ++row) {
                const QString mark = marks.value(row.key() + u'/' + f);
                const QString shown = row.value().get(f);
                const QString where = cust.key() + u' ' + row.key() + u' ' + f + u" shown " + shown;
                if (conflictFields.contains(f)) {
                    if (mark == u"conflict"_s && row.value().updatedAt > winnerTime) {
                        winnerTime = row.value().updatedAt;
                        winner = shown;
                    } else if (mark.isEmpty()) {
                        QVERIFY2(shown != expected.get(f), qPrintable(where)); // the value before both edits
                    }
                } else if (mark == u"partial"_s) {
                    QVERIFY2(shown.isEmpty(), qPrintable(where));
                    const QString raw = rawValue(m_big, row.key(), f);
                    // NULL in the CRM and the ledger, '' in the quoting tool and the CSV.
                    const bool sqlNull =
                        row.key().startsWith(u"crm/"_s) || row.key().startsWith(u"accounting/"_s);
                    QVERIFY2(raw.isEmpty() && raw.isNull() == sqlNull, qPrintable(where));
                } else if (mark == u"stale"_s) {
                    QVERIFY2(shown != expected.get(f), qPrintable(where));
                    for (auto other = rows.cbegin(); other != rows.cend(); ++other) {
                        if (other.key() != row.key())
                            QVERIFY2(row.value().updatedAt < other.value().updatedAt, qPrintable(where));
                    }
                } else {
                    QVERIFY2(shown == expected.get(f), qPrintable(where + u" expected " + expected.get(f)));
                }
                ++checked;
            }
            if (conflictFields.contains(f)) // the later of the two edits is the truth
                QVERIFY2(winner == expected.get(f), qPrintable(cust.key() + u' ' + f));
        }
        // Amounts, dates and the address where the customer has them.
        for (const QString& id : cust.value().value(u"accounting"_s)) {
            if (truth.duplicateRows.contains(u"accounting/"_s + id))
                continue;
            const Table& t = m_big.tables[u"accounting"_s];
            const double limit = values[u"credit_limit"_s].toDouble();
            const bool anomaly = marks.contains(u"accounting/"_s + id + u"/credit_limit"_s);
            QCOMPARE(t.value(id, u"credit_limit"_s).toDouble(), anomaly ? std::round(limit) / 100 : limit);
            QCOMPARE(t.value(id, u"balance"_s).toDouble(), values[u"balance"_s].toDouble());
            QCOMPARE(t.value(id, u"bank_account"_s), values[u"bank_account"_s]);
            QCOMPARE(t.value(id, u"last_invoice_date"_s), values[u"last_invoice_date"_s]);
            QCOMPARE(t.value(id, u"country"_s), u"US"_s);
        }
        for (const QString& id : cust.value().value(u"quoting"_s)) {
            if (truth.duplicateRows.contains(u"quoting/"_s + id))
                continue;
            const Table& t = m_big.tables[u"quoting"_s];
            const double amount = values[u"last_quote_amount"_s].toDouble();
            const bool anomaly = marks.contains(u"quoting/"_s + id + u"/last_quote_amount"_s);
            const double shown = t.value(id, u"last_quote_amount"_s).toDouble();
            QVERIFY2(std::abs(shown - (anomaly ? amount / 100 : amount)) < 0.006, qPrintable(id));
            const QDate quoted = QDate::fromString(t.value(id, u"last_quote_date"_s), u"MM/dd/yyyy"_s);
            QCOMPARE(quoted.toString(Qt::ISODate), values[u"last_quote_date"_s]);
        }
        for (const QString& id : cust.value().value(u"crm"_s)) {
            if (truth.duplicateRows.contains(u"crm/"_s + id))
                continue;
            const Table& t = m_big.tables[u"crm"_s];
            QCOMPARE(t.value(id, u"first_name"_s), values[u"first_name"_s]);
            QCOMPARE(t.value(id, u"street"_s), values[u"street"_s]);
            QCOMPARE(t.value(id, u"city"_s), values[u"city"_s]);
            QCOMPARE(t.value(id, u"postal_code"_s), values[u"postal_code"_s]);
            QCOMPARE(t.value(id, u"country"_s), u"United States"_s);
        }
    }
    QVERIFY(checked > 100000);
}

void TestGenerator::driftAtConfiguredRates()
{
    const Truth& truth = m_big.truth;
    QHash<QString, QSet<QString>> customersByKind;
    for (auto it = truth.drift.cbegin(); it != truth.drift.cend(); ++it) {
        for (const QStringList& d : it.value())
            customersByKind[d[5]].insert(it.key());
    }
    const DriftProfile profile;
    const std::pair<QString, double> rates[] = {
        {u"stale"_s, profile.stale},
        {u"conflict"_s, profile.conflict},
        {u"duplicate"_s, profile.duplicate},
        {u"ghost"_s, profile.ghost},
        {u"partial"_s, profile.partial},
        {u"anomaly"_s, profile.anomaly},
        {u"bank_change"_s, profile.bankChange},
    };
    for (const auto& [kind, rate] : rates) {
        const double expected = rate * 10000;
        const double seen = double(customersByKind.value(kind).size());
        QVERIFY2(std::abs(seen - expected) <= 5 * std::sqrt(expected) + 2,
                 qPrintable(u"%1: %2 customers, expected about %3"_s.arg(kind).arg(seen).arg(expected)));
    }
    // Duplicates really are two rows of one system mapped to one customer.
    qsizetype customersWithDuplicates = 0;
    for (auto it = truth.sourcesOf.cbegin(); it != truth.sourcesOf.cend(); ++it) {
        for (const QStringList& ids : it.value()) {
            if (ids.size() > 1)
                ++customersWithDuplicates;
        }
    }
    QCOMPARE(customersWithDuplicates, qsizetype(customersByKind[u"duplicate"_s].size()));
    // A ghost is gone from the CRM and still in accounting.
    for (const QString& ghost : customersByKind[u"ghost"_s]) {
        QCOMPARE(truth.values[ghost].value(u"_deleted"_s), u"true"_s);
        QVERIFY(truth.sourcesOf[ghost].value(u"crm"_s).isEmpty());
        QVERIFY(!truth.sourcesOf[ghost].value(u"accounting"_s).isEmpty());
    }
    // Custom fields exist in one system only.
    const QStringList custom{u"lead_source"_s, u"sales_rep"_s, u"payment_terms"_s, u"Lifecycle Stage"_s};
    for (int s = 0; s < 4; ++s) {
        for (int c = 0; c < 4; ++c)
            QCOMPARE(m_big.tables[kSystems[s]].columns.contains(custom[c]), s == c);
    }
}

void TestGenerator::noDriftWithZeroProfile()
{
    GeneratorOptions options;
    options.customers = 2000;
    options.outDir = m_dir.filePath(u"clean"_s);
    options.drift = DriftProfile{0, 0, 0, 0, 0, 0, 0};
    auto demo = generateDemo(options);
    QVERIFY2(demo.ok(), qPrintable(demo.errorString()));
    const Truth truth = readTruth(demo->truthPath);
    QVERIFY(truth.drift.isEmpty());
    for (auto it = truth.sourcesOf.cbegin(); it != truth.sourcesOf.cend(); ++it) {
        QVERIFY(!truth.values[it.key()].contains(u"_deleted"_s));
        for (const QStringList& ids : it.value())
            QCOMPARE(ids.size(), 1);
    }
}

void TestGenerator::accountingTableMatchesSqliteFile()
{
    GeneratorOptions options;
    options.customers = 10000;
    options.seed = 7;
    const QString name = u"tst-accounting-memory"_s;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, name);
        db.setDatabaseName(u":memory:"_s);
        QVERIFY(db.open());
        auto first = writeAccountingTable(db, options);
        QVERIFY2(first.ok(), qPrintable(first.errorString()));
        auto rows = writeAccountingTable(db, options); // replaces the table it made
        QVERIFY2(rows.ok(), qPrintable(rows.errorString()));
        const Table& file = m_big.tables[u"accounting"_s];
        QCOMPARE(*rows, file.count);
        QSqlQuery q(db);
        QVERIFY(q.exec(u"SELECT * FROM customer_accounts"_s));
        qsizetype seen = 0;
        while (q.next()) {
            QStringList values;
            for (int c = 0; c < q.record().count(); ++c)
                values.append(q.value(c).isNull() ? QString() : q.value(c).toString());
            QCOMPARE(values, file.rows.value(values.first()));
            QCOMPARE(nullPattern(values), nullPattern(file.rows.value(values.first())));
            ++seen;
        }
        QCOMPARE(seen, file.count);
    }
    QSqlDatabase::removeDatabase(name);
}

void TestGenerator::accountingTableOnServer_data()
{
    QTest::addColumn<QString>("server");
    QTest::newRow("postgresql") << u"postgresql"_s;
    QTest::newRow("mariadb") << u"mariadb"_s;
}

void TestGenerator::accountingTableOnServer()
{
    QFETCH(QString, server);
    const bool pg = server == u"postgresql"_s;
    const auto info = pg ? test::postgres() : test::mariadb();
    CONCORD_REQUIRE_SERVER(info, pg ? "PostgreSQL" : "MariaDB");
    GeneratorOptions options;
    options.customers = 10000;
    options.seed = 7;
    const QString name = u"tst-accounting-"_s + server;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(pg ? u"QPSQL"_s : u"QMYSQL"_s, name);
        db.setHostName(info->host);
        db.setPort(info->port);
        db.setUserName(info->user);
        db.setPassword(info->password);
        db.setDatabaseName(info->database);
        QVERIFY2(db.open(), qPrintable(db.lastError().text()));
        QSqlQuery q(db);
        // In PostgreSQL a schema of its own, so other tests' tables are never touched (the
        // MariaDB test user may not create databases; no other test uses customer_accounts).
        if (pg) {
            QVERIFY2(q.exec(u"CREATE SCHEMA IF NOT EXISTS concord_generator_test"_s),
                     qPrintable(q.lastError().text()));
            QVERIFY(q.exec(u"SET search_path TO concord_generator_test"_s));
        }
        auto rows = writeAccountingTable(db, options);
        QVERIFY2(rows.ok(), qPrintable(rows.errorString()));
        const Table& file = m_big.tables[u"accounting"_s];
        QCOMPARE(*rows, file.count);
        QVERIFY(q.exec(u"SELECT * FROM customer_accounts ORDER BY account_no"_s));
        qsizetype seen = 0;
        const QList<int> money{7, 8};
        while (q.next()) {
            const QString id = q.value(0).toString();
            const QStringList expected = file.rows.value(id);
            QCOMPARE(expected.size(), q.record().count());
            for (int c = 1; c < expected.size(); ++c) {
                if (money.contains(c))
                    QCOMPARE(q.value(c).toDouble(), expected[c].toDouble());
                else
                    QCOMPARE(q.value(c).isNull() ? QString() : q.value(c).toString(), expected[c]);
            }
            ++seen;
        }
        QCOMPARE(seen, file.count);
        q.exec(pg ? u"DROP SCHEMA concord_generator_test CASCADE"_s : u"DROP TABLE customer_accounts"_s);
    }
    QSqlDatabase::removeDatabase(name);
}

// CONCORD_GENERATOR_BENCH_CUSTOMERS=1000000 times one full run (skipped otherwise).
void TestGenerator::timeLargeRun()
{
    const qint64 customers = qEnvironmentVariableIntValue("CONCORD_GENERATOR_BENCH_CUSTOMERS");
    if (customers <= 0)
        QSKIP("set CONCORD_GENERATOR_BENCH_CUSTOMERS to time a large run");
    GeneratorOptions options;
    options.customers = customers;
    options.outDir = m_dir.filePath(u"bench"_s);
    QElapsedTimer timer;
    timer.start();
    auto demo = generateDemo(options);
    QVERIFY2(demo.ok(), qPrintable(demo.errorString()));
    qInfo("generated %lld customers in %.2f s", customers, double(timer.elapsed()) / 1000.0);
    for (const GeneratedSystem& s : demo->systems)
        qInfo("  %s: %lld rows, %lld bytes", qPrintable(s.name), s.rows, QFileInfo(s.path).size());
    qInfo("  truth: %lld bytes", QFileInfo(demo->truthPath).size());
}

QTEST_GUILESS_MAIN(TestGenerator)
#include "tst_generator.moc"
