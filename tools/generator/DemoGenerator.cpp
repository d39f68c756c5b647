#include "DemoGenerator.h"

#include "CsvTableWriter.h"
#include "GeneratorLogging.h"
#include "GeneratorPipeline.h"
#include "SqlTableWriter.h"
#include "SystemSchemas.h"
#include "ThreadedSink.h"
#include "TruthWriter.h"

#include <QAtomicInteger>
#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <cmath>
#include <memory>

using namespace Qt::StringLiterals;

namespace concord {

namespace {

const QString kTruthFile = u"truth.csv"_s;

Result<void> validate(const GeneratorOptions& options)
{
    if (options.customers < 1)
        return makeError(
            u"generator: the number of customers must be at least 1, not %1"_s.arg(options.customers));
    const std::pair<const char*, double> rates[] = {
        {"stale", options.drift.stale},           {"conflict", options.drift.conflict},
        {"duplicate", options.drift.duplicate},   {"ghost", options.drift.ghost},
        {"partial", options.drift.partial},       {"anomaly", options.drift.anomaly},
        {"bankChange", options.drift.bankChange},
    };
    for (const auto& [name, rate] : rates) {
        if (!std::isfinite(rate) || rate < 0.0 || rate > 1.0) {
            return makeError(u"generator: drift rate %1 must be a fraction between 0 and 1, not %2"_s.arg(
                QLatin1StringView(name), QString::number(rate)));
        }
    }
    return {};
}

// A private SQLite connection to a new file, tuned for one bulk load: the file is
// new, so a crash mid-way loses nothing worth journalling.
class SqliteFile
{
public:
    explicit SqliteFile(const QString& path)
    {
        static QAtomicInteger<quint64> counter;
        m_connection = u"concord-generator-%1"_s.arg(counter.fetchAndAddRelaxed(1));
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_connection);
        db.setDatabaseName(path);
    }
    ~SqliteFile()
    {
        {
            QSqlDatabase db = QSqlDatabase::database(m_connection, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(m_connection);
    }
    SqliteFile(const SqliteFile&) = delete;
    SqliteFile& operator=(const SqliteFile&) = delete;

    QSqlDatabase database() const { return QSqlDatabase::database(m_connection, false); }

    Result<void> open(const QString& system)
    {
        QSqlDatabase db = database();
        if (!db.open())
            return makeError(
                u"%1: cannot create %2: %3"_s.arg(system, db.databaseName(), db.lastError().text()));
        QSqlQuery pragma(db);
        for (const QString& sql : {u"PRAGMA journal_mode=OFF"_s, u"PRAGMA synchronous=OFF"_s,
                                   u"PRAGMA locking_mode=EXCLUSIVE"_s}) {
            if (!pragma.exec(sql))
                return makeError(u"%1: %2 failed on %3: %4"_s.arg(system, sql, db.databaseName(),
                                                                  pragma.lastError().text()));
        }
        return {};
    }

private:
    QString m_connection;
};

// Runs on a writer thread: the connection is made, used and removed there.
Result<void> fillSqliteFile(const QString& path, const gen::SystemSchema& schema, gen::RowQueue& queue)
{
    SqliteFile file(path);
    if (auto r = file.open(schema.name); !r)
        return r;
    gen::SqlTableWriter writer(file.database(), schema);
    if (auto r = writer.begin(); !r)
        return r;
    gen::RowQueue::Chunk chunk;
    while (queue.pop(chunk)) {
        for (const gen::RowValues& row : std::as_const(chunk)) {
            if (auto r = writer.write(row); !r)
                return r;
        }
    }
    return writer.finish();
}

// Removes the files of a failed run so that the next run is not refused.
class CreatedFiles
{
public:
    void add(const QString& path) { m_paths.append(path); }
    void keep() { m_paths.clear(); }
    ~CreatedFiles()
    {
        for (const QString& path : std::as_const(m_paths))
            QFile::remove(path);
    }

private:
    QStringList m_paths;
};

} // namespace

Result<GeneratedDemo> generateDemo(const GeneratorOptions& options)
{
    if (auto valid = validate(options); !valid)
        return valid.error();
    if (options.outDir.isEmpty())
        return makeError(u"generator: no output directory given"_s);
    if (!QSqlDatabase::isDriverAvailable(u"QSQLITE"_s))
        return makeError(u"generator: the Qt SQLite driver (QSQLITE) is not available"_s);
    QDir dir(options.outDir);
    if (!dir.exists() && !QDir().mkpath(dir.absolutePath()))
        return makeError(u"generator: cannot create the directory %1"_s.arg(dir.absolutePath()));

    QList<GeneratedSystem> systems = demoSystems();
    QStringList files;
    for (int s = 0; s < gen::kSystemCount; ++s)
        files.append(gen::systemSchema(static_cast<gen::SystemId>(s)).fileName);
    files.append(kTruthFile);
    for (const QString& file : std::as_const(files)) {
        const QString path = dir.absoluteFilePath(file);
        if (QFileInfo::exists(path)) {
            return makeError(
                u"generator: %1 already exists; generate into an empty directory or remove it"_s.arg(
                    QDir::toNativeSeparators(path)));
        }
    }

    QElapsedTimer timer;
    timer.start();
    CreatedFiles created;
    for (const QString& file : std::as_const(files))
        created.add(dir.absoluteFilePath(file));

    // The SQLite files fill on threads of their own while the main thread makes the
    // customers and writes the CSV export and the truth.
    std::unique_ptr<gen::SystemSink> writers[gen::kSystemCount];
    gen::PipelineSinks sinks;
    for (int s = 0; s < gen::kSystemCount; ++s) {
        const gen::SystemSchema& schema = gen::systemSchema(static_cast<gen::SystemId>(s));
        const QString path = dir.absoluteFilePath(schema.fileName);
        systems[s].path = path;
        if (schema.driver == u"csv"_s) {
            auto csv = std::make_unique<gen::CsvTableWriter>(path, schema);
            if (auto r = csv->begin(); !r)
                return r.error();
            writers[s] = std::move(csv);
        } else {
            writers[s] = std::make_unique<gen::ThreadedSink>(
                [path, &schema](gen::RowQueue& queue) { return fillSqliteFile(path, schema, queue); });
        }
        sinks.systems[s] = writers[s].get();
    }
    const QString truthPath = dir.absoluteFilePath(kTruthFile);
    gen::TruthWriter truth(truthPath);
    if (auto r = truth.begin(); !r)
        return r.error();
    sinks.truth = &truth;

    auto counts = gen::runPipeline(options, sinks);
    if (!counts)
        return counts.error();
    for (int s = 0; s < gen::kSystemCount; ++s) {
        if (auto r = sinks.systems[s]->finish(); !r)
            return r.error();
        systems[s].rows = (*counts)[s];
    }
    if (auto r = truth.finish(); !r)
        return r.error();
    for (auto& writer : writers)
        writer.reset();
    created.keep();
    qCInfo(lcGenerator) << "generated" << options.customers << "customers into" << dir.absolutePath() << "in"
                        << timer.elapsed() << "ms";

    GeneratedDemo demo;
    demo.systems = systems;
    demo.fields = demoGeneratedFields();
    demo.truthPath = truthPath;
    demo.customers = options.customers;
    return demo;
}

Result<qint64> writeAccountingTable(QSqlDatabase db, const GeneratorOptions& options)
{
    if (auto valid = validate(options); !valid)
        return valid.error();
    if (!db.isOpen())
        return makeError(u"accounting: the database connection %1 is not open"_s.arg(db.connectionName()));
    gen::SqlTableWriter writer(db, gen::systemSchema(gen::Accounting));
    if (auto r = writer.begin(); !r)
        return r.error();
    gen::PipelineSinks sinks;
    sinks.systems[gen::Accounting] = &writer;
    auto counts = gen::runPipeline(options, sinks);
    if (!counts)
        return counts.error(); // the writer rolls back
    if (auto r = writer.finish(); !r)
        return r.error();
    return (*counts)[gen::Accounting];
}

} // namespace concord
