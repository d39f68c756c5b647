// init, fields, mapping and config: editing a workspace's configuration.
#include "Cli.h"
#include "ConfigJson.h"
#include "OpenWorkspace.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace concord::cli {

int runInit(const QStringList& args)
{
    Command cmd(u"init"_s, u"Create an empty Concord workspace file."_s, args);
    if (!cmd.parse(u"WORKSPACE.concord"_s, 1, 1))
        return cmd.exitCode();
    auto ws = Workspace::create(cmd.positional()[0]);
    if (!ws)
        return cmd.fail(ExitWorkspace, ws.error());
    cmd.out() << "created workspace " << (*ws)->path() << Qt::endl;
    return ExitOk;
}

int runFields(const QStringList& argsIn)
{
    QStringList args = argsIn;
    const QString action = takeAction(args);
    if (action == "list"_L1) {
        Command cmd(u"fields list"_s, u"List the canonical fields of a workspace."_s, args);
        cmd.addJsonOption();
        if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        auto fields = ws->fields();
        if (!fields)
            return cmd.fail(ExitFailed, fields.error());
        if (cmd.json()) {
            QJsonArray list;
            for (const CanonicalField& f : std::as_const(*fields))
                list.append(
                    QJsonObject{{u"name"_s, f.name}, {u"type"_s, f.type}, {u"description"_s, f.description}});
            return cmd.printJson(QJsonObject{{u"fields"_s, list}});
        }
        for (const CanonicalField& f : std::as_const(*fields))
            cmd.out() << f.name.leftJustified(20) << ' ' << f.type.leftJustified(10) << ' ' << f.description
                      << '\n';
        return ExitOk;
    }
    if (action == "add"_L1) {
        Command cmd(u"fields add"_s, u"Add a canonical field to a workspace."_s, args);
        cmd.parser().addOption(
            {u"type"_s,
             u"Field type (text, email, phone, name, company, state, country, date, money, number)."_s,
             u"TYPE"_s, u"text"_s});
        cmd.parser().addOption({u"description"_s, u"What the field means."_s, u"TEXT"_s});
        if (!cmd.parse(u"WORKSPACE FIELD"_s, 2, 2))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        CanonicalField f{cmd.positional()[1], cmd.parser().value(u"type"_s),
                         cmd.parser().value(u"description"_s)};
        if (auto ok = ws->addField(f); !ok)
            return cmd.fail(ExitFailed, ok.error());
        cmd.out() << "added field " << f.name << Qt::endl;
        return ExitOk;
    }
    Command cmd(u"fields"_s, u"Canonical fields: fields list|add WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(ExitUsage, u"expected 'list' or 'add'; run 'concord-cli fields list --help'"_s);
}

int runMapping(const QStringList& argsIn)
{
    QStringList args = argsIn;
    const QString action = takeAction(args);
    if (action == "show"_L1) {
        Command cmd(u"mapping show"_s, u"Show which system column feeds which canonical field."_s, args);
        cmd.addJsonOption();
        cmd.parser().addOption({u"system"_s, u"Only this system."_s, u"SYSTEM"_s});
        if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        const QString only = cmd.parser().value(u"system"_s);
        if (!only.isEmpty()) {
            if (auto s = ws->system(only); !s)
                return cmd.fail(ExitFailed, s.error());
        }
        auto mappings = ws->mappings(only);
        if (!mappings)
            return cmd.fail(ExitFailed, mappings.error());
        if (cmd.json()) {
            QJsonArray list;
            for (const FieldMapping& m : std::as_const(*mappings))
                list.append(
                    QJsonObject{{u"system"_s, m.system}, {u"column"_s, m.column}, {u"field"_s, m.field}});
            return cmd.printJson(QJsonObject{{u"mappings"_s, list}});
        }
        for (const FieldMapping& m : std::as_const(*mappings))
            cmd.out() << QString(m.system + u'.' + m.column).leftJustified(40) << " -> " << m.field << '\n';
        return ExitOk;
    }
    if (action == "set"_L1) {
        Command cmd(u"mapping set"_s,
                    u"Map a system's column to a canonical field; FIELD '-' removes the mapping."_s, args);
        if (!cmd.parse(u"WORKSPACE SYSTEM COLUMN FIELD"_s, 4, 4))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        const QStringList p = cmd.positional();
        const QString field = p[3] == "-"_L1 ? QString() : p[3];
        if (auto ok = ws->setMapping(p[1], p[2], field); !ok)
            return cmd.fail(ExitFailed, ok.error());
        if (field.isEmpty())
            cmd.out() << "unmapped " << p[1] << '.' << p[2] << Qt::endl;
        else
            cmd.out() << "mapped " << p[1] << '.' << p[2] << " -> " << field << Qt::endl;
        return ExitOk;
    }
    Command cmd(u"mapping"_s, u"Field mappings: mapping show|set WORKSPACE ..."_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(ExitUsage, u"expected 'show' or 'set'; run 'concord-cli mapping show --help'"_s);
}

int runConfig(const QStringList& argsIn)
{
    QStringList args = argsIn;
    const QString action = takeAction(args);
    if (action == "export"_L1) {
        Command cmd(u"config export"_s,
                    u"Write the workspace configuration (systems without secrets, fields, mappings) as JSON; "
                    "FILE '-' writes to stdout."_s,
                    args);
        if (!cmd.parse(u"WORKSPACE FILE.json"_s, 2, 2))
            return cmd.exitCode();
        int code = ExitOk;
        auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
        if (!ws)
            return code;
        auto config = ws->config();
        if (!config)
            return cmd.fail(ExitFailed, config.error());
        const QByteArray bytes = ConfigJson::toBytes(*config);
        const QString target = cmd.positional()[1];
        if (target == "-"_L1) {
            cmd.out() << QString::fromUtf8(bytes);
            return ExitOk;
        }
        QSaveFile file(target); // atomic: a failed export never leaves half a file
        if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
            return cmd.fail(ExitFailed, u"%1: cannot write: %2"_s.arg(target, file.errorString()));
        cmd.out() << "exported " << config->systems.size() << " systems, " << config->fields.size()
                  << " fields, " << config->mappings.size() << " mappings to " << target << Qt::endl;
        return ExitOk;
    }
    if (action == "import"_L1) {
        Command cmd(
            u"config import"_s,
            u"Load a configuration JSON into a workspace, replacing its configuration; the workspace is "
            "created when it does not exist. All or nothing."_s,
            args);
        if (!cmd.parse(u"WORKSPACE FILE.json"_s, 2, 2))
            return cmd.exitCode();
        const QString path = cmd.positional()[0];
        const QString source = cmd.positional()[1];
        QFile file(source);
        if (!file.open(QIODevice::ReadOnly))
            return cmd.fail(ExitFailed, u"%1: cannot read: %2"_s.arg(source, file.errorString()));
        auto config = ConfigJson::fromBytes(file.readAll(), source);
        if (!config)
            return cmd.fail(ExitFailed, config.error());
        const bool creating = !QFileInfo::exists(path);
        auto ws = creating ? Workspace::create(path) : Workspace::open(path);
        if (!ws)
            return cmd.fail(ExitWorkspace, ws.error());
        if (auto ok = (*ws)->replaceConfig(*config); !ok) {
            ws->reset();
            if (creating)
                QFile::remove(path);
            return cmd.fail(ExitFailed, u"%1: %2"_s.arg(source, ok.errorString()));
        }
        cmd.out() << "imported " << config->systems.size() << " systems, " << config->fields.size()
                  << " fields, " << config->mappings.size() << " mappings into " << path << Qt::endl;
        return ExitOk;
    }
    Command cmd(u"config"_s, u"Configuration as JSON: config export|import WORKSPACE FILE.json"_s, args);
    if (!cmd.parse(QString(), 0, -1))
        return cmd.exitCode();
    return cmd.fail(ExitUsage, u"expected 'export' or 'import'; run 'concord-cli config export --help'"_s);
}

} // namespace concord::cli
