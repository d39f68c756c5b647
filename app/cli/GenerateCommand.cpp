// generate: demo systems with realistic drift, the ground truth, and a ready workspace.
#include "Cli.h"
#include "DemoGenerator.h"
#include "Workspace.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace concord::cli {

namespace {
// The workspace that points at what the generator wrote: systems with paths relative to
// the workspace, the canonical fields, and each system's column mappings.
Result<void> writeDemoWorkspace(const GeneratedDemo& demo, const QString& path)
{
    auto created = Workspace::create(path);
    if (!created)
        return created.error();
    Workspace& ws = **created;
    WorkspaceConfig config;
    for (const GeneratedSystem& g : demo.systems) {
        SystemConfig s;
        s.name = g.name;
        s.driver = g.driver;
        s.database = ws.storablePath(g.path);
        s.entity = g.entity;
        s.keyColumn = g.keyColumn;
        s.versionColumn = g.versionColumn;
        s.defaultRegion = g.defaultRegion;
        s.dateOrder = g.dateOrder;
        config.systems.append(s);
        for (const auto& [column, field] : g.mappings)
            config.mappings.append(FieldMapping{g.name, column, field});
    }
    for (const auto& f : demo.fields)
        config.fields.append(CanonicalField{f.name, f.type, f.description});
    auto replaced = ws.replaceConfig(config);
    if (!replaced) {
        created->reset();
        QFile::remove(path);
        return replaced;
    }
    return {};
}
} // namespace

int runGenerate(const QStringList& args)
{
    Command cmd(u"generate"_s,
                u"Write a small company's systems holding the same customers with realistic drift (CRM, quoting "
                "and accounting as SQLite, marketing as a CSV export), the ground-truth file truth.csv and a "
                "workspace demo.concord pointing at them. Deterministic for a given seed and size."_s,
                args);
    cmd.addJsonOption();
    QCommandLineParser& p = cmd.parser();
    p.addOption({u"out"_s, u"Output folder (created; must not already hold generated files)."_s, u"DIR"_s});
    p.addOption({u"customers"_s, u"Number of true customers (default 2000)."_s, u"N"_s, u"2000"_s});
    p.addOption({u"seed"_s, u"Random seed (default 1)."_s, u"S"_s, u"1"_s});
    p.addOption({u"workspace"_s, u"Workspace file name inside DIR (default demo.concord)."_s, u"NAME"_s,
                 u"demo.concord"_s});
    if (!cmd.parse(QString(), 0, 0))
        return cmd.exitCode();
    if (!p.isSet(u"out"_s))
        return cmd.fail(ExitUsage, u"--out DIR is required"_s);
    bool ok = false;
    GeneratorOptions options;
    options.outDir = QDir(p.value(u"out"_s)).absolutePath();
    options.customers = p.value(u"customers"_s).toLongLong(&ok);
    if (!ok || options.customers < 1)
        return cmd.fail(ExitUsage, u"--customers '%1' must be a positive whole number"_s.arg(p.value(u"customers"_s)));
    options.seed = p.value(u"seed"_s).toULongLong(&ok);
    if (!ok)
        return cmd.fail(ExitUsage, u"--seed '%1' must be a non-negative whole number"_s.arg(p.value(u"seed"_s)));
    const QString workspacePath = QDir(options.outDir).absoluteFilePath(p.value(u"workspace"_s));
    if (QFile::exists(workspacePath))
        return cmd.fail(ExitFailed, u"%1 already exists; choose another --out folder"_s.arg(workspacePath));

    QElapsedTimer timer;
    timer.start();
    auto demo = generateDemo(options);
    if (!demo)
        return cmd.fail(ExitFailed, demo.errorString());
    if (auto written = writeDemoWorkspace(*demo, workspacePath); !written)
        return cmd.fail(ExitFailed, u"%1: %2"_s.arg(workspacePath, written.errorString()));
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;

    if (cmd.json()) {
        QJsonArray systems;
        for (const GeneratedSystem& g : demo->systems)
            systems.append(QJsonObject{{u"name"_s, g.name}, {u"driver"_s, g.driver}, {u"path"_s, g.path},
                                       {u"entity"_s, g.entity}, {u"rows"_s, g.rows}});
        return cmd.printJson(QJsonObject{{u"workspace"_s, workspacePath}, {u"truth"_s, demo->truthPath},
                                         {u"customers"_s, demo->customers}, {u"seed"_s, QString::number(options.seed)},
                                         {u"systems"_s, systems}, {u"seconds"_s, seconds}});
    }
    cmd.out() << "generated " << demo->customers << " customers (seed " << options.seed << ") in "
              << QString::number(seconds, 'f', 1) << " s\n";
    for (const GeneratedSystem& g : demo->systems)
        cmd.out() << "  " << g.name.leftJustified(12) << ' ' << QString::number(g.rows).rightJustified(9) << " rows  "
                  << g.path << '\n';
    cmd.out() << "  truth:     " << demo->truthPath << '\n';
    cmd.out() << "  workspace: " << workspacePath << Qt::endl;
    return ExitOk;
}

} // namespace concord::cli
