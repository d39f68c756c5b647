// concord: the steward's workbench.
#include "MainWindow.h"
#include "RecentWorkspaces.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Concord"_s);
    QApplication::setOrganizationName(u"Concord"_s);
    QApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION));
    QApplication::setWindowIcon(QIcon(u":/icons/concord.png"_s));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Concord: reconcile customer records across systems. Opens WORKSPACE, or the last workspace, "
        "or a start page (new, open, recent, the demo)."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"workspace"_s, u"The workspace file (*.concord) to open."_s,
                                 u"[WORKSPACE]"_s);
    parser.addOption({u"start-page"_s, u"Show the start page even when a workspace was open last time."_s});
    parser.process(app);

    concord::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openWorkspace(parser.positionalArguments().constFirst());
    else if (!parser.isSet(u"start-page"_s) && !concord::RecentWorkspaces::last().isEmpty())
        window.openWorkspace(concord::RecentWorkspaces::last());
    return QApplication::exec();
}
