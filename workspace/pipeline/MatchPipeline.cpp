#include "MatchPipeline.h"

#include <QElapsedTimer>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
double seconds(const QElapsedTimer& t)
{
    return static_cast<double>(t.nsecsElapsed()) / 1e9;
}
} // namespace

Result<std::unique_ptr<MatchRun>> runMatching(const Workspace& workspace,
                                              const std::function<void(const QString&)>& progress,
                                              const std::atomic<bool>* cancel)
{
    const auto cancelled = [&] {
        return cancel && cancel->load(std::memory_order_relaxed);
    };
    auto say = [&](const QString& text) {
        if (progress)
            progress(text);
    };
    auto run = std::make_unique<MatchRun>();
    auto config = workspace.config();
    if (!config)
        return config.error();
    auto matching = workspace.matchConfig();
    if (!matching)
        return matching.error();
    run->config = *matching;
    run->fields = config->matchFields();
    if (run->fields.isEmpty())
        return makeError(u"%1: the workspace has no canonical fields to match on"_s.arg(workspace.path()));

    QElapsedTimer timer;
    timer.start();
    say(u"loading systems"_s);
    auto load = loadSnapshot(workspace, [&](const SystemLoadReport& r) {
        say(u"loaded %1 (%2 records)"_s.arg(r.system).arg(r.rows));
    });
    if (!load)
        return load.error();
    if (cancelled())
        return makeError(u"loading was cancelled"_s, ErrorKind::Cancelled);
    run->load = std::move(*load);
    run->loadSeconds = seconds(timer);
    QStringList failures;
    for (const SystemLoadReport& r : std::as_const(run->load.reports)) {
        if (!r.error.isEmpty())
            failures << r.error;
        else if (r.rows == 0)
            failures << u"system '%1' has no rows (%2)"_s.arg(r.system, r.location);
    }
    if (!failures.isEmpty())
        return makeError(u"cannot match: %1"_s.arg(failures.join(u"; "_s)));

    QList<SystemMapping> mappings;
    for (const SystemConfig& s : std::as_const(config->systems)) {
        SystemMapping m;
        m.system = s.name;
        m.context.defaultRegion = s.defaultRegion.isEmpty() ? u"US"_s : s.defaultRegion;
        if (!s.dateOrder.isEmpty())
            m.context.dateOrder = s.dateOrder;
        for (const FieldMapping& fm : std::as_const(config->mappings)) {
            if (fm.system == s.name)
                m.columnOfField.insert(fm.field, fm.column);
        }
        mappings.append(m);
    }

    timer.restart();
    say(u"normalizing"_s);
    auto data =
        NormalizedSnapshot::build(*run->load.snapshot, run->fields, mappings, run->config.derived, 0, cancel);
    if (!data)
        return data.error();
    run->data = std::move(*data);
    run->normalizeSeconds = seconds(timer);

    // A key field empty everywhere means a mapping is wrong, not that nothing matches.
    for (const ExactKey& key : std::as_const(run->config.keys)) {
        for (const QString& field : key.fields) {
            const int f = run->data->fieldIndex(field);
            const auto& keys = run->data->field(f).key;
            if (std::all_of(keys.begin(), keys.end(),
                            [](StringPool::Id id) { return id == StringPool::NullId; }))
                return makeError(
                    u"matching key '%1': field '%2' is empty or invalid in every record of every system; "
                    "check its mappings"_s.arg(key.name, field));
        }
    }

    auto decisions = workspace.matchDecisions();
    if (!decisions)
        return decisions.error();
    timer.restart();
    say(u"matching"_s);
    run->matcher = std::make_unique<Matcher>(*run->data, run->config, *decisions);
    auto result = run->matcher->run(0, cancel);
    if (!result)
        return result.error();
    run->result = std::move(*result);
    run->matchSeconds = seconds(timer);
    return run;
}

} // namespace concord
