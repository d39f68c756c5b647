// The SQLite reader steps rows with the C API on Qt's connection and hands UTF-8 batches
// to receivers. These tests pin that it agrees with the QString path everywhere it matters:
// values, nulls, version tokens (apply will re-read rows and compare them), and stops.
#include "Connector.h"
#include "RowVersion.h"
#include "Snapshot.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {
// A receiver without a UTF-8 path: it gets every row through RowReceiver::rows' default.
class CollectingReceiver : public RowReceiver
{
public:
    explicit CollectingReceiver(qint64 stopAt = -1)
        : m_stopAt(stopAt)
    {}
    void begin(const QList<ColumnInfo>&, const QString&) override {}
    bool row(const SourceRow& row) override
    {
        if (row.ordinal == m_stopAt)
            return false;
        rows.append(row);
        return true;
    }
    QList<SourceRow> rows;

private:
    qint64 m_stopAt;
};
} // namespace

class TestSqliteFastPath : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void valuesAndVersionsAgree_data();
    void valuesAndVersionsAgree();
    void stopInsideABatch_data();
    void stopInsideABatch();

private:
    QTemporaryDir m_dir;
    QString m_file;
};

void TestSqliteFastPath::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_file = m_dir.filePath(u"fast.sqlite"_s);
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"setup"_s);
        db.setDatabaseName(m_file);
        QVERIFY(db.open());
        QSqlQuery q(db);
        QVERIFY(q.exec(u"CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, amount NUMERIC, ratio REAL, "
                       "note TEXT, updated_at TEXT)"_s));
        QVERIFY(db.transaction());
        QVERIFY(
            q.prepare(u"INSERT INTO t (id, name, amount, ratio, note, updated_at) VALUES (?,?,?,?,?,?)"_s));
        const QStringList names{u"José"_s, u"東京"_s, u""_s, u"O'Brien; DROP TABLE t"_s, u"smile 😀"_s};
        for (int i = 1; i <= 10000; ++i) {
            q.addBindValue(i);
            q.addBindValue(i % 7 == 0 ? QVariant() : QVariant(names[i % names.size()]));
            q.addBindValue(i % 3 == 0 ? QVariant(u"12.50"_s) : QVariant(i * 100));
            q.addBindValue(i % 5 == 0 ? QVariant() : QVariant(i / 4.0));
            q.addBindValue(i % 11 == 0 ? QVariant(u""_s) : QVariant(u"line\nbreak"_s));
            q.addBindValue(i % 13 == 0
                               ? QVariant()
                               : QVariant(u"2026-01-%1T10:00:00"_s.arg(i % 28 + 1, 2, 10, QLatin1Char('0'))));
            QVERIFY(q.exec());
        }
        QVERIFY(db.commit());
    }
    QSqlDatabase::removeDatabase(u"setup"_s);
}

void TestSqliteFastPath::valuesAndVersionsAgree_data()
{
    QTest::addColumn<QString>("versionColumn");
    QTest::newRow("row hash") << QString();
    QTest::newRow("version column, hash when null") << u"updated_at"_s;
}

void TestSqliteFastPath::valuesAndVersionsAgree()
{
    QFETCH(QString, versionColumn);
    ConnectionSpec spec{u"sqlite"_s, {}, 0, m_file, {}, {}, u"fast"_s, true};
    auto connector = createConnector(spec);
    QVERIFY(connector);
    QVERIFY((*connector)->open());

    Snapshot snapshot;
    SnapshotBuilder builder(u"fast"_s, u"t"_s, snapshot.pool());
    auto read = (*connector)->readRows(ReadSpec{u"t"_s, {}, versionColumn}, builder);
    QVERIFY2(read, qPrintable(read.errorString()));
    QCOMPARE(*read, 10000);
    auto system = builder.take();

    CollectingReceiver plain;
    auto readPlain = (*connector)->readRows(ReadSpec{u"t"_s, {}, versionColumn}, plain);
    QVERIFY2(readPlain, qPrintable(readPlain.errorString()));
    QCOMPARE(plain.rows.size(), 10000);

    const int versionIndex = system->columnIndex(u"updated_at"_s);
    for (qsizetype r = 0; r < system->rowCount(); ++r) {
        QStringList values;
        for (int c = 0; c < system->columnCount(); ++c)
            values << system->value(r, c);
        const SourceRow& p = plain.rows[r];
        QCOMPARE(p.values, values);
        for (int c = 0; c < values.size(); ++c)
            QCOMPARE(p.values[c].isNull(), values[c].isNull());
        QCOMPARE(system->sourceId(r), p.sourceId);
        QCOMPARE(system->version(r), p.version);
        // The version is exactly what the QString-side definition gives for these values.
        const QString expected = !versionColumn.isEmpty() && !values[versionIndex].isNull()
                                     ? RowVersion::fromColumn(values[versionIndex])
                                     : RowVersion::fromValues(values);
        QCOMPARE(system->version(r), expected);
    }
    QCOMPARE(system->value(6, 1), QString()); // id 7: NULL name stays null
    QVERIFY(system->value(6, 1).isNull());
    QCOMPARE(system->value(1, 1), u""_s); // id 2: "" stays empty, not null
    QVERIFY(!system->value(1, 1).isNull());
    QCOMPARE(system->value(0, 1), u"東京"_s);
    QCOMPARE(system->rowOfSourceId(u"9999"_s), 9998);
}

void TestSqliteFastPath::stopInsideABatch_data()
{
    QTest::addColumn<qint64>("stopAt");
    QTest::newRow("first row") << qint64(1);
    QTest::newRow("inside the first batch") << qint64(10);
    QTest::newRow("inside a later batch") << qint64(5000);
    QTest::newRow("last row") << qint64(10000);
}

void TestSqliteFastPath::stopInsideABatch()
{
    QFETCH(qint64, stopAt);
    ConnectionSpec spec{u"sqlite"_s, {}, 0, m_file, {}, {}, u"fast"_s, true};
    auto connector = createConnector(spec);
    QVERIFY(connector);
    CollectingReceiver receiver(stopAt);
    auto read = (*connector)->readRows(ReadSpec{u"t"_s, {}, {}}, receiver);
    QVERIFY(!read);
    QVERIFY2(read.errorString().contains(u"stopped at row %1"_s.arg(stopAt)), qPrintable(read.errorString()));
    QCOMPARE(receiver.rows.size(), stopAt - 1);
    // The connection is still usable afterwards.
    CollectingReceiver again;
    auto reread = (*connector)->readRows(ReadSpec{u"t"_s, {}, {}}, again);
    QVERIFY2(reread, qPrintable(reread.errorString()));
    QCOMPARE(again.rows.size(), 10000);
}

QTEST_GUILESS_MAIN(TestSqliteFastPath)
#include "tst_sqlitefastpath.moc"
