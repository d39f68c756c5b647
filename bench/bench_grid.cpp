// The reconcile grid over a whole run (issue 8 §4): after the engine has matched, resolved and
// planned a workspace, how long until the grid is on screen, how long a filter and a sort take,
// and how much memory the window adds over the engine's own results.
//
//   bench_grid WORKSPACE
//
// Runs the workspace through WorkspaceSession exactly as the window does (worker thread), then
// builds the real ReconcileView and SideBySideView and measures. Goals: grid shown < 1 s,
// filter < 1 s, added memory < 200 MB. Printed beside the engine's own stage times.
#include "BenchMemory.h"
#include "EntityRecordsModel.h"
#include "ReconcileGridModel.h"
#include "ReconcileView.h"
#include "SideBySideView.h"
#include "WorkspaceSession.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QTableView>
#include <QTextStream>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;
using namespace concord::bench;

namespace {

double since(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}

// Applies a filter and waits until the grid has painted its result.
double timeFilter(ReconcileView& view, const GridFilter& filter)
{
    QElapsedTimer t;
    t.start();
    view.model()->setFilter(filter);
    view.model()->waitForRows();
    view.table()->viewport()->repaint();
    QCoreApplication::processEvents();
    return since(t);
}
} // namespace

int main(int argc, char* argv[])
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTextStream out(stdout);
    if (argc < 2) {
        QTextStream(stderr) << "usage: bench_grid WORKSPACE\n";
        return 2;
    }
    WorkspaceSession session;
    if (auto opened = session.open(QString::fromLocal8Bit(argv[1])); !opened) {
        QTextStream(stderr) << opened.errorString() << '\n';
        return 1;
    }
    QElapsedTimer total;
    total.start();
    QSignalSpy finished(&session, &WorkspaceSession::runFinished);
    session.run();
    if (!finished.wait(3600 * 1000) || !finished.first().at(0).toBool()) {
        QTextStream(stderr) << "run failed: "
                            << (finished.isEmpty() ? u"timeout"_s : finished.first().at(1).toString())
                            << '\n';
        return 1;
    }
    const double runSeconds = since(total);
    const auto results = session.results();
    const MatchRun& run = results->run();
    const double engineRss = currentRssMiB();
    out << "engine: " << run.data->recordCount() << " records, " << results->entityCount() << " customers, "
        << results->plan().writes.size() << " planned writes, " << session.queue().size()
        << " review items\n";
    out << "engine stages: load " << QString::number(run.loadSeconds, 'f', 2) << " s, normalize "
        << QString::number(run.normalizeSeconds, 'f', 2) << " s, match "
        << QString::number(run.matchSeconds, 'f', 2) << " s; whole run incl. resolve and plan "
        << QString::number(runSeconds, 'f', 2) << " s\n";
    out << "engine resident memory: " << QString::number(engineRss, 'f', 0) << " MiB\n";

    // Matching done -> grid on screen.
    QElapsedTimer t;
    t.start();
    ReconcileView grid(&session);
    grid.resize(1280, 500);
    grid.show();
    grid.table()->viewport()->repaint();
    QCoreApplication::processEvents();
    const double shown = since(t);
    QUndoStack undo;
    SideBySideView sideBySide(&session, &undo);
    sideBySide.resize(1280, 330);
    sideBySide.show();
    QCoreApplication::processEvents();

    GridFilter differences;
    differences.onlyDifferences = true;
    const double filterDifferences = timeFilter(grid, differences);
    const int differing = grid.model()->rowCount();
    GridFilter field = differences;
    field.field = results->data().fieldIndex(u"phone"_s);
    const double filterField = timeFilter(grid, field);
    GridFilter text;
    text.text = u"smith"_s;
    const double filterText = timeFilter(grid, text);
    const int smiths = grid.model()->rowCount();
    GridFilter sorted;
    sorted.sortColumn = 1 + results->data().fieldIndex(u"last_name"_s);
    const double sortSeconds = timeFilter(grid, sorted);
    const double cleared = timeFilter(grid, GridFilter());

    t.restart();
    sideBySide.showRecord(results->refOf(results->records(results->entityCount() / 2).front()));
    QCoreApplication::processEvents();
    const double describe = since(t);
    const double guiRss = currentRssMiB();

    auto verdict = [](double value, double goal) {
        return value <= goal ? u"met"_s : u"MISSED"_s;
    };
    out << "grid: shown " << QString::number(shown, 'f', 3)
        << " s after matching was done (goal < 1 s): " << verdict(shown, 1) << '\n';
    out << "filter only differences: " << QString::number(filterDifferences, 'f', 3) << " s (" << differing
        << " customers; goal < 1 s): " << verdict(filterDifferences, 1) << '\n';
    out << "filter differences in phone: " << QString::number(filterField, 'f', 3)
        << " s: " << verdict(filterField, 1) << '\n';
    out << "filter text 'smith': " << QString::number(filterText, 'f', 3) << " s (" << smiths
        << " customers): " << verdict(filterText, 1) << '\n';
    out << "sort by last_name: " << QString::number(sortSeconds, 'f', 3) << " s; clear filter "
        << QString::number(cleared, 'f', 3) << " s\n";
    out << "side by side of one customer: " << QString::number(describe * 1000, 'f', 1) << " ms\n";
    out << "memory the window adds: " << QString::number(guiRss - engineRss, 'f', 0)
        << " MiB (goal < 200 MB = 190.7 MiB): " << verdict(guiRss - engineRss, 190.7) << '\n';
    out << "ratios: grid shown / engine run = " << QString::number(shown / runSeconds, 'f', 4)
        << ", filter / engine run = " << QString::number(filterDifferences / runSeconds, 'f', 4) << '\n';
    return 0;
}
