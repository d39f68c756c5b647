#include "DemoWorkspace.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QHash>

using namespace Qt::StringLiterals;

namespace concord {

// The demo's field-ownership matrix, as a company would draw it: the CRM owns contact
// details, the quoting tool quote fields, accounting billing and payment fields; bank
// accounts and credit limits are high-stakes, bank accounts sensitive.
QList<FieldGovernance> demoGovernance(const GeneratedDemo& demo)
{
    const QHash<QString, QString> owner{
        {u"last_quote_amount"_s, u"quoting"_s}, {u"last_quote_date"_s, u"quoting"_s},
        {u"credit_limit"_s, u"accounting"_s},   {u"balance"_s, u"accounting"_s},
        {u"bank_account"_s, u"accounting"_s},   {u"last_invoice_date"_s, u"accounting"_s},
    };
    QList<FieldGovernance> list;
    for (const auto& f : demo.fields) {
        FieldGovernance g;
        g.field = f.name;
        g.owners = QStringList{owner.value(f.name, u"crm"_s)};
        g.highStakes = f.name == "bank_account"_L1 || f.name == "credit_limit"_L1;
        g.sensitive = f.name == "bank_account"_L1;
        list.append(g);
    }
    return list;
}

// The workspace that points at what the generator wrote: systems with paths relative to
// the workspace, the canonical fields, and each system's column mappings.
Result<void> writeDemoWorkspace(const GeneratedDemo& demo, const QString& path,
                                const SystemConfig* accountingServer)
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
        s.softDeleteColumn = g.softDeleteColumn;
        s.defaultRegion = g.defaultRegion;
        s.dateOrder = g.dateOrder;
        if (accountingServer && g.name == accountingServer->name) {
            s.driver = accountingServer->driver;
            s.host = accountingServer->host;
            s.port = accountingServer->port;
            s.database = accountingServer->database;
            s.user = accountingServer->user;
        }
        config.systems.append(s);
        for (const auto& [column, field] : g.mappings)
            config.mappings.append(FieldMapping{g.name, column, field});
    }
    for (const auto& f : demo.fields)
        config.fields.append(CanonicalField{f.name, f.type, f.description});
    config.governance = demoGovernance(demo);
    config.recordOwner = u"crm"_s;
    auto replaced = ws.replaceConfig(config);
    if (!replaced) {
        created->reset();
        QFile::remove(path);
        return replaced;
    }
    return {};
}

Result<QString> generateDemoWorkspace(const QString& dir, qint64 customers, quint64 seed)
{
    const QString workspace = QDir(dir).absoluteFilePath(u"demo.concord"_s);
    if (QFileInfo::exists(workspace))
        return workspace;
    GeneratorOptions options;
    options.outDir = dir;
    options.customers = customers;
    options.seed = seed;
    auto demo = generateDemo(options);
    if (!demo)
        return demo.error();
    if (auto written = writeDemoWorkspace(*demo, workspace, nullptr); !written)
        return makeError(u"%1: %2"_s.arg(workspace, written.errorString()));
    return workspace;
}

} // namespace concord
