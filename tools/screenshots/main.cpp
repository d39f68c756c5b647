// concord-screenshots: a PNG of every view of the workbench on the demo workspace, as a steward
// sees it at 1280x800, for docs/screenshots/ (tools/screenshots.sh runs it).
//
//   concord-screenshots OUT_DIR DEMO_DIR
//
// Drives the real MainWindow: the start page, then the demo opened and run, the grid filtered to
// differing customers with one open side by side, the review queue on an item, the ownership
// matrix with an unsaved change and its what-if, the systems, the mapping editor, the audit after
// an apply, and the system dialog.
#include "Applier.h"
#include "AuditView.h"
#include "MainWindow.h"
#include "MappingModel.h"
#include "MappingView.h"
#include "OwnershipMatrixModel.h"
#include "OwnershipMatrixView.h"
#include "ReconcileGridModel.h"
#include "ReconcileView.h"
#include "ReviewQueueView.h"
#include "SideBySideView.h"
#include "SystemDialog.h"
#include "SystemsOverview.h"
#include "WorkspaceSession.h"

#include <QApplication>
#include <QCheckBox>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTableView>
#include <QTextStream>
#include <QTimer>
#include <QUndoStack>

using namespace Qt::StringLiterals;
using namespace concord;

namespace {
// Lets the event loop run until `signal` fires (or the timeout passes); false on timeout.
template <typename Sender, typename Signal>
bool waitFor(Sender* sender, Signal signal, int timeoutMs = 120000)
{
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, [&loop] { loop.exit(1); });
    QObject::connect(sender, signal, &loop, [&loop] { loop.exit(0); });
    timeout.start(timeoutMs);
    return loop.exec() == 0;
}

void settle(int ms = 300)
{
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

bool save(QWidget* window, const QString& dir, const QString& name)
{
    settle();
    const QString path = QDir(dir).filePath(name + u".png"_s);
    const bool ok = window->grab().save(path);
    QTextStream(stdout) << (ok ? "saved " : "FAILED ") << path << Qt::endl;
    return ok;
}
} // namespace

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Concord"_s);
    QApplication::setOrganizationName(u"ConcordScreenshots"_s);
    QStandardPaths::setTestModeEnabled(true); // no recent files or layout of the steward's own
    if (argc < 3) {
        QTextStream(stderr) << "usage: concord-screenshots OUT_DIR DEMO_DIR\n";
        return 2;
    }
    const QString out = QString::fromLocal8Bit(argv[1]);
    const QString demo = QString::fromLocal8Bit(argv[2]);
    QDir().mkpath(out);

    MainWindow window;
    window.resize(1280, 800);
    window.show();
    bool ok = save(&window, out, u"start-page"_s);

    window.openDemo(demo);
    if (!waitFor(window.session(), &WorkspaceSession::runFinished) || !window.session()->results()) {
        QTextStream(stderr) << "the demo did not run\n";
        return 1;
    }
    ReconcileView* grid = window.reconcileView();
    grid->onlyDifferences()->setChecked(true);
    grid->model()->waitForRows();
    settle();
    // A customer with several records and a difference a rule decided.
    const auto results = window.session()->results();
    int row = 0;
    for (int r = 0; r < grid->model()->rowCount(); ++r) {
        const std::uint32_t e = grid->model()->entityAt(r);
        if (results->records(e).size() >= 3 && results->decision(e, results->data().fieldIndex(u"phone"_s))) {
            row = r;
            break;
        }
    }
    grid->table()->setCurrentIndex(grid->model()->index(row, 1));
    grid->table()->scrollTo(grid->model()->index(row, 1));
    ok = save(&window, out, u"reconcile-grid"_s) && ok;
    ok = save(window.sideBySideView(), out, u"side-by-side"_s) && ok;

    window.showTab(window.reviewQueueView());
    window.reviewQueueView()->table()->setFocus();
    window.reviewQueueView()->moveBy(1);
    ok = save(&window, out, u"review-queue"_s) && ok;

    window.showTab(window.ownershipView());
    OwnershipMatrixModel* matrix = window.ownershipView()->model();
    const QModelIndex phoneByQuoting =
        matrix->index(matrix->rowOfField(u"phone"_s), matrix->columnOfSystem(u"quoting"_s));
    matrix->setData(phoneByQuoting, Qt::Checked, Qt::CheckStateRole);
    waitFor(window.session(), &WorkspaceSession::whatIfReady, 30000);
    ok = save(&window, out, u"ownership-matrix"_s) && ok;
    window.undoStack()->undo();

    window.showTab(window.systemsOverview());
    waitFor(window.systemsOverview(), &SystemsOverview::loadFinished, 60000);
    ok = save(&window, out, u"systems"_s) && ok;

    // The mapping editor on the CRM, its phone column selected: sample values normalized.
    window.showTab(window.mappingView());
    waitFor(window.mappingView(), &MappingView::sampleLoaded, 60000);
    const int phoneRow = window.mappingView()->model()->rowOfColumn(u"phone"_s);
    window.mappingView()->table()->selectRow(std::max(0, phoneRow));
    ok = save(&window, out, u"mapping"_s) && ok;

    // The audit after applying the demo's ready writes (the demo is a fresh copy): a row selected,
    // its customer side by side.
    ApplyOptions applyOptions;
    applyOptions.steward = u"screenshots"_s;
    if (auto applied =
            applyPlan(*window.session()->store(), window.session()->results()->plan(), applyOptions);
        !applied) {
        QTextStream(stdout) << "FAILED apply: " << applied.errorString() << Qt::endl;
        ok = false;
    }
    window.showTab(window.auditView());
    waitFor(window.auditView(), &AuditView::loaded, 60000);
    window.auditView()->table()->selectRow(0);
    ok = save(&window, out, u"audit"_s) && ok;

    // The system dialog on the demo's CSV export, tested: its first rows as parsed.
    Workspace* store = window.session()->store();
    auto marketing = store->system(u"marketing"_s);
    auto mappings = store->mappings(u"marketing"_s);
    if (marketing && mappings) {
        SystemDialog dialog(QFileInfo(window.session()->path()).absolutePath(), {}, *marketing, *mappings,
                            &window);
        dialog.show();
        dialog.testConnection();
        waitFor(&dialog, &SystemDialog::tested, 30000);
        ok = save(&dialog, out, u"system-dialog"_s) && ok;
    } else {
        QTextStream(stdout) << "FAILED the demo has no marketing system\n";
        ok = false;
    }
    return ok ? 0 : 1;
}
