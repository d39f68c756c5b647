// Loads one SQLite table into a Snapshot and compares the time with the sqlite3 shell
// dumping the same table to /dev/null, measured in the same run.
//
//   bench_snapshot DB.sqlite TABLE [--repeat N]
//
// Prints rows, columns, time per run, ratio to the sqlite3 baseline (goal <= 2), the
// snapshot's own accounting of its memory and the process's peak RSS.
#include "Connector.h"
#include "Snapshot.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTextStream>
#include <algorithm>
#include <sys/resource.h>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {
double seconds(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

long peakRssKiB()
{
    struct rusage usage
    {};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss;
}
} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout);
    QStringList args = QCoreApplication::arguments();
    int repeat = 3;
    if (const qsizetype i = args.indexOf(u"--repeat"_s); i > 0 && i + 1 < args.size()) {
        repeat = std::max(1, args[i + 1].toInt());
        args.remove(i, 2);
    }
    if (args.size() != 3) {
        QTextStream(stderr) << "usage: bench_snapshot DB.sqlite TABLE [--repeat N]\n";
        return 2;
    }
    const QString path = args[1];
    const QString table = args[2];

    // Baseline: the sqlite3 shell streaming every row of the table to /dev/null.
    std::vector<double> baseline;
    for (int i = 0; i < repeat; ++i) {
        QProcess sqlite;
        sqlite.setStandardOutputFile(QProcess::nullDevice());
        QElapsedTimer t;
        t.start();
        sqlite.start(u"sqlite3"_s, {path, u"SELECT * FROM \"%1\""_s.arg(table)});
        if (!sqlite.waitForFinished(-1) || sqlite.exitCode() != 0) {
            QTextStream(stderr) << "sqlite3 failed: " << sqlite.readAllStandardError() << '\n';
            return 1;
        }
        baseline.push_back(seconds(t));
    }

    std::vector<double> runs;
    qsizetype rows = 0;
    int columns = 0;
    std::size_t snapshotBytes = 0;
    std::size_t distinct = 0;
    for (int i = 0; i < repeat; ++i) {
        QElapsedTimer t;
        t.start();
        ConnectionSpec spec;
        spec.driver = u"sqlite"_s;
        spec.database = path;
        spec.name = u"bench"_s;
        auto connector = createConnector(spec);
        if (!connector) {
            QTextStream(stderr) << connector.errorString() << '\n';
            return 1;
        }
        Snapshot snapshot;
        SnapshotBuilder builder(u"bench"_s, table, snapshot.pool());
        auto read = (*connector)->readRows(ReadSpec{table, QString(), QString()}, builder);
        if (!read || builder.hasError()) {
            QTextStream(stderr) << (builder.hasError() ? builder.errorString() : read.errorString()) << '\n';
            return 1;
        }
        snapshot.add(builder.take());
        runs.push_back(seconds(t));
        rows = snapshot.systems().front()->rowCount();
        columns = snapshot.systems().front()->columnCount();
        snapshotBytes = snapshot.memoryBytes();
        distinct = snapshot.pool()->size();
    }

    const double ours = median(runs);
    const double base = median(baseline);
    out << "rows: " << rows << "  columns: " << columns << "  distinct values: " << distinct << '\n';
    out << "sqlite3 dump to /dev/null (median of " << repeat << "): " << QString::number(base, 'f', 3)
        << " s\n";
    out << "concord snapshot load   (median of " << repeat << "): " << QString::number(ours, 'f', 3)
        << " s\n";
    out << "ratio: " << QString::number(ours / base, 'f', 2) << " (goal <= 2.00)\n";
    out << "snapshot memory: "
        << QString::number(static_cast<double>(snapshotBytes) / (1024.0 * 1024.0), 'f', 1)
        << " MiB (goal <= 400 MB for 1M x 12)\n";
    out << "peak RSS: " << QString::number(static_cast<double>(peakRssKiB()) / 1024.0, 'f', 1) << " MiB\n";
    return 0;
}
