// concord: the steward's workbench.
#include "MainWindow.h"

#include <QApplication>
#include <QCommandLineParser>

using namespace Qt::StringLiterals;

int main(int argc, char* argv[])
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(u"Concord"_s);
    QApplication::setOrganizationName(u"Concord"_s);
    QApplication::setApplicationVersion(QStringLiteral(CONCORD_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(u"Concord: reconcile customer records across systems."_s);
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(u"workspace"_s, u"The workspace file (*.concord) to open."_s,
                                 u"[WORKSPACE]"_s);
    parser.process(app);

    concord::MainWindow window;
    window.show();
    if (!parser.positionalArguments().isEmpty())
        window.openWorkspace(parser.positionalArguments().constFirst());
    return QApplication::exec();
}
