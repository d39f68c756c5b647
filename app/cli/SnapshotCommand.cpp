// snapshot: load every system of a workspace and report what was read.
#include "Cli.h"
#include "OpenWorkspace.h"
#include "SnapshotLoader.h"

#include <QElapsedTimer>
#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace concord::cli {

int runSnapshot(const QStringList& args)
{
    Command cmd(u"snapshot"_s,
                u"Load every system of the workspace and print, per system, the record count, the mapped "
                "fields and the unmapped (custom) columns. Exit code 1 when any system fails to load."_s,
                args);
    cmd.addJsonOption();
    if (!cmd.parse(u"WORKSPACE"_s, 1, 1))
        return cmd.exitCode();
    int code = ExitOk;
    auto ws = openWorkspace(cmd, cmd.positional()[0], &code);
    if (!ws)
        return code;
    QElapsedTimer timer;
    timer.start();
    auto load = loadSnapshot(*ws, [&](const SystemLoadReport& r) {
        // Errors go to stderr in every mode, where scripts and CI logs look for them.
        if (!r.error.isEmpty()) {
            cmd.fail(ExitFailed, r.error);
            return;
        }
        if (cmd.json())
            return;
        cmd.out() << r.system << " (" << r.driver << ", " << r.location << ")\n";
        cmd.out() << "  records:  " << r.rows << '\n';
        QStringList mapped;
        for (const FieldMapping& m : r.mapped)
            mapped << (m.column == m.field ? m.field : m.column + u" -> "_s + m.field);
        cmd.out() << "  mapped:   " << r.mapped.size() << " fields: " << mapped.join(u", "_s) << '\n';
        cmd.out() << "  identity: " << r.identityColumns.join(u", "_s) << '\n';
        cmd.out() << "  unmapped: " << r.unmappedColumns.size()
                  << (r.unmappedColumns.size() == 1 ? " column" : " columns")
                  << (r.unmappedColumns.isEmpty() ? QString() : u": "_s + r.unmappedColumns.join(u", "_s))
                  << "\n\n";
        cmd.out().flush();
    });
    if (!load)
        return cmd.fail(ExitFailed, load.error());
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    qint64 total = 0;
    for (const SystemLoadReport& r : std::as_const(load->reports))
        total += r.rows;
    const double megabytes = static_cast<double>(load->snapshot->memoryBytes()) / (1024.0 * 1024.0);

    if (cmd.json()) {
        QJsonArray systems;
        for (const SystemLoadReport& r : std::as_const(load->reports)) {
            QJsonObject o{{u"system"_s, r.system}, {u"driver"_s, r.driver}, {u"ok"_s, r.error.isEmpty()}};
            if (!r.error.isEmpty()) {
                o.insert(u"error"_s, r.error);
            } else {
                o.insert(u"location"_s, r.location);
                o.insert(u"records"_s, r.rows);
                QJsonObject mapped;
                for (const FieldMapping& m : r.mapped)
                    mapped.insert(m.column, m.field);
                o.insert(u"mapped"_s, mapped);
                o.insert(u"identity"_s, QJsonArray::fromStringList(r.identityColumns));
                o.insert(u"unmapped"_s, QJsonArray::fromStringList(r.unmappedColumns));
                o.insert(u"seconds"_s, r.seconds);
            }
            systems.append(o);
        }
        cmd.printJson(QJsonObject{{u"workspace"_s, ws->path()},
                                  {u"systems"_s, systems},
                                  {u"totalRecords"_s, total},
                                  {u"distinctValues"_s, static_cast<qint64>(load->snapshot->pool()->size())},
                                  {u"memoryMiB"_s, megabytes},
                                  {u"seconds"_s, seconds},
                                  {u"ok"_s, load->ok()}});
    } else {
        cmd.out() << "total: " << total << " records in " << load->reports.size() << " systems, "
                  << load->snapshot->pool()->size() << " distinct values, "
                  << QString::number(megabytes, 'f', 1) << " MiB, " << QString::number(seconds, 'f', 2)
                  << " s" << Qt::endl;
    }
    return load->ok() ? ExitOk : ExitFailed;
}

} // namespace concord::cli
