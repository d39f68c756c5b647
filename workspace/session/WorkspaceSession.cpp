#include "WorkspaceSession.h"

#include "Logging.h"
#include "PlanPreview.h"
#include "StewardValue.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// Share of the progress bar each stage takes (measured on the demo: loading and normalizing
// take most of a run).
double stageStart(const QString& text)
{
    if (text.startsWith(u"loading"_s) || text.startsWith(u"loaded"_s))
        return 0.05;
    if (text.startsWith(u"normalizing"_s))
        return 0.35;
    if (text.startsWith(u"matching"_s))
        return 0.6;
    return 0.9;
}

qint64 countChangedValues(const Resolution& before, const Resolution& after)
{
    // Both lists are ordered by entity, then field: walk them together.
    qint64 changed = 0;
    qsizetype i = 0;
    qsizetype j = 0;
    auto key = [](const FieldDecision& d) {
        return (static_cast<quint64>(d.entity) << 16) | quint64(d.field);
    };
    while (i < before.decisions.size() || j < after.decisions.size()) {
        if (j >= after.decisions.size() ||
            (i < before.decisions.size() && key(before.decisions[i]) < key(after.decisions[j]))) {
            ++changed; // decided before, agreed (or undecided) now
            ++i;
        } else if (i >= before.decisions.size() || key(after.decisions[j]) < key(before.decisions[i])) {
            ++changed;
            ++j;
        } else {
            if (before.decisions[i].value != after.decisions[j].value ||
                before.decisions[i].review.has_value() != after.decisions[j].review.has_value())
                ++changed;
            ++i;
            ++j;
        }
    }
    return changed;
}

// The what-if: resolve and plan under `governance` over the cached results, writing nothing.
OwnershipWhatIf whatIfOf(const SessionResults& results, const QList<ReviewItem>& queue,
                         WorkspaceConfig config, const QList<FieldGovernance>& governance)
{
    OwnershipWhatIf whatIf;
    config.governance = governance;
    whatIf.problems = ownershipProblems(config);
    whatIf.reviewItemsBefore = results.plan().reviewItems.size();
    whatIf.writesBefore = results.plan().writes.size();
    if (!whatIf.problems.isEmpty())
        return whatIf;
    const ResolvedRun resolved = resolveWith(config, governance, results.run());
    auto plan = computePlan(resolved, results.run(), queue);
    if (!plan) {
        whatIf.error = plan.errorString();
        return whatIf;
    }
    whatIf.changedValues = countChangedValues(results.resolved().resolution, resolved.resolution);
    whatIf.reviewItemsAfter = plan->reviewItems.size();
    whatIf.writesAfter = plan->writes.size();
    return whatIf;
}
} // namespace

WorkspaceSession::WorkspaceSession(QObject* parent)
    : QObject(parent)
    , m_steward(qEnvironmentVariable("USER", u"steward"_s))
{
    qRegisterMetaType<concord::OwnershipWhatIf>();
    m_worker.setMaxThreadCount(1);
    connect(&m_runWatcher, &QFutureWatcher<RunOutcome>::finished, this, &WorkspaceSession::onRunFinished);
    connect(&m_whatIfWatcher, &QFutureWatcher<OwnershipWhatIf>::finished, this,
            [this] { Q_EMIT whatIfReady(m_whatIfWatcher.result()); });
}

WorkspaceSession::~WorkspaceSession()
{
    cancel();
    waitForIdle();
}

void WorkspaceSession::waitForIdle()
{
    m_runWatcher.waitForFinished();
    m_whatIfWatcher.waitForFinished();
    m_worker.waitForDone();
}

Result<void> WorkspaceSession::open(const QString& path)
{
    auto ws = Workspace::open(path);
    if (!ws)
        return ws.error();
    // A queue this Concord cannot read (an item a newer one wrote) is said here, not shown empty.
    auto queue = (*ws)->reviewItems();
    if (!queue)
        return queue.error();
    close();
    m_store = std::move(*ws);
    m_path = m_store->path();
    setQueue(std::move(*queue));
    reloadGovernance();
    Q_EMIT opened(m_path);
    Q_EMIT queueChanged();
    Q_EMIT ownershipChanged();
    return {};
}

void WorkspaceSession::close()
{
    if (!m_store)
        return;
    cancel();
    waitForIdle();
    ++m_runId; // an answer still queued for the closed workspace is dropped
    m_store.reset();
    m_path.clear();
    m_results.reset();
    m_queue.clear();
    m_openItems.clear();
    m_governance.clear();
    Q_EMIT resultsChanged();
    Q_EMIT queueChanged();
    Q_EMIT closed();
}

void WorkspaceSession::run()
{
    if (!m_store || isBusy())
        return;
    m_cancel = false;
    m_editsDuringRun = false;
    const int runId = ++m_runId;
    Q_EMIT busyChanged(true);
    reportProgress(0, tr("Reading the systems of %1").arg(QFileInfo(m_path).fileName()));
    m_runWatcher.setFuture(QtConcurrent::run(&m_worker, [this, path = m_path, runId] {
        RunOutcome outcome = runPipeline(path);
        outcome.runId = runId;
        return outcome;
    }));
}

void WorkspaceSession::cancel()
{
    m_cancel = true;
}

void WorkspaceSession::reportProgress(double fraction, const QString& text)
{
    // Called from the worker: hand it to this object's thread.
    QMetaObject::invokeMethod(
        this, [this, fraction, text] { Q_EMIT progressChanged(fraction, text); }, Qt::QueuedConnection);
}

WorkspaceSession::RunOutcome WorkspaceSession::runPipeline(const QString& path)
{
    RunOutcome outcome;
    QElapsedTimer timer;
    timer.start();
    auto ws = Workspace::open(path); // this thread's own connection
    if (!ws) {
        outcome.error = ws.error();
        return outcome;
    }
    auto run = runMatching(
        **ws, [this](const QString& text) { reportProgress(stageStart(text), text); }, &m_cancel);
    if (!run) {
        outcome.error = run.error();
        return outcome;
    }
    if (m_cancel) {
        outcome.error = makeError(tr("cancelled"), ErrorKind::Cancelled);
        return outcome;
    }
    reportProgress(0.9, tr("resolving and planning"));
    if (m_cancel) {
        outcome.error = makeError(tr("cancelled"), ErrorKind::Cancelled);
        return outcome;
    }
    std::shared_ptr<const MatchRun> shared(std::move(*run));
    auto resolved = resolveWorkspace(**ws, *shared);
    if (!resolved) {
        outcome.error = resolved.error();
        return outcome;
    }
    // A workspace this user cannot write is planned as a preview, against the queue as stored,
    // which stays as it is: the steward still sees everything, and a decision says why it cannot
    // be saved.
    const bool preview = (*ws)->isReadOnly();
    auto plan =
        preview ? previewPlan(**ws, *shared, *resolved, &outcome.queue) : buildPlan(**ws, *shared, *resolved);
    if (!plan) {
        outcome.error = plan.error();
        return outcome;
    }
    if (!preview) {
        // The queue as the plan left it, read here: thousands of items would stall the UI thread.
        auto queue = (*ws)->reviewItems();
        if (!queue) {
            outcome.error = queue.error();
            return outcome;
        }
        outcome.queue = std::move(*queue);
    }
    outcome.results = SessionResults::build(shared, std::move(*resolved), std::move(*plan));
    outcome.seconds = static_cast<double>(timer.elapsed()) / 1000.0;
    return outcome;
}

void WorkspaceSession::onRunFinished()
{
    const RunOutcome outcome = m_runWatcher.result();
    Q_EMIT busyChanged(false);
    if (outcome.runId != m_runId || !m_store)
        return; // a run of a workspace closed (or reopened) since: its answer is not this one's
    if (!outcome.results) {
        m_lastError = outcome.error;
        qCWarning(lcWorkspace) << "run failed:" << outcome.error.message;
        Q_EMIT progressChanged(1, outcome.error.message);
        Q_EMIT runFinished(false, outcome.error.message);
        return;
    }
    m_lastError = Error();
    m_results = outcome.results;
    // The worker read the queue as the plan left it; a decision taken here meanwhile is newer.
    if (m_editsDuringRun)
        reloadQueue();
    else
        setQueue(outcome.queue);
    const MatchRun& r = m_results->run();
    const QString text =
        tr("Matched %1 records into %2 customers in %3 s \u00b7 %4 open review items \u00b7 plan: %5 writes")
            .arg(QLocale().toString(static_cast<qint64>(r.data->recordCount())))
            .arg(QLocale().toString(static_cast<qint64>(m_results->entityCount())))
            .arg(outcome.seconds, 0, 'f', 1)
            .arg(QLocale().toString(m_openItems.size()))
            .arg(QLocale().toString(m_results->plan().writes.size())) +
        (m_store->isReadOnly()
             ? tr(" \u00b7 read-only (%1): nothing can be saved").arg(m_store->readOnlyReason())
             : QString());
    Q_EMIT progressChanged(1, text);
    Q_EMIT resultsChanged();
    Q_EMIT queueChanged();
    Q_EMIT runFinished(true, text);
}

void WorkspaceSession::reloadQueue()
{
    if (!m_store) {
        setQueue({});
        return;
    }
    auto items = m_store->reviewItems();
    if (!items) {
        qCWarning(lcWorkspace) << items.errorString();
        setQueue({});
        return;
    }
    setQueue(std::move(*items));
}

void WorkspaceSession::setQueue(QList<ReviewItem> items)
{
    m_queue = std::move(items);
    m_openItems.clear();
    m_indexOfItem.clear();
    for (qsizetype i = 0; i < m_queue.size(); ++i) {
        m_indexOfItem.insert(m_queue[i].id, i);
        if (m_queue[i].state == ReviewState::Open)
            m_openItems.insert(m_queue[i].id);
    }
}

void WorkspaceSession::reloadItem(const QString& id)
{
    // One decision re-reads one item, not the whole queue (a hundred thousand at a million
    // customers would stall every keypress).
    const auto at = m_indexOfItem.constFind(id);
    auto item = m_store ? m_store->reviewItem(id) : Result<ReviewItem>(makeError(tr("no workspace is open")));
    if (at == m_indexOfItem.cend() || !item) {
        reloadQueue();
        return;
    }
    m_queue[at.value()] = *item;
    if (item->state == ReviewState::Open)
        m_openItems.insert(id);
    else
        m_openItems.remove(id);
}

void WorkspaceSession::reloadGovernance()
{
    m_governance.clear();
    if (!m_store)
        return;
    auto governance = m_store->governance();
    if (governance)
        m_governance = *governance;
    else
        qCWarning(lcWorkspace) << governance.errorString();
}

std::optional<ReviewItem> WorkspaceSession::queueItem(const QString& id) const
{
    const auto at = m_indexOfItem.constFind(id);
    if (at == m_indexOfItem.cend())
        return std::nullopt;
    return m_queue[at.value()];
}

QStringList WorkspaceSession::systemNames() const
{
    QStringList names;
    if (!m_store)
        return names;
    if (auto systems = m_store->systems()) {
        for (const SystemConfig& s : std::as_const(*systems))
            names << s.name;
    }
    return names;
}

QStringList WorkspaceSession::fieldNames() const
{
    QStringList names;
    if (!m_store)
        return names;
    if (auto fields = m_store->fields()) {
        for (const CanonicalField& f : std::as_const(*fields))
            names << f.name;
    }
    return names;
}

Result<EntityView> WorkspaceSession::describe(const RecordRef& ref) const
{
    if (!m_results)
        return makeError(tr("nothing has been matched yet: run the workspace first"));
    return describeEntity(*m_results, m_queue, ref);
}

std::optional<RecordRef> WorkspaceSession::recordOfItem(const QString& itemId) const
{
    const auto item = queueItem(itemId);
    if (!item || !m_results)
        return std::nullopt;
    for (const QString& name : item->records) {
        const auto ref = RecordRef::parse(name);
        if (ref && m_results->entityOf(*ref))
            return ref;
    }
    return std::nullopt;
}

Result<void> WorkspaceSession::decide(const QString& itemId, ReviewState state, const QString& note,
                                      const std::optional<QString>& value, const QString& choice)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    // The decision is about the values the steward was shown: refused if a run changed them since.
    const auto shown = queueItem(itemId);
    auto done = m_store->decideReviewItem(itemId, state, m_steward, note, value, choice,
                                          shown ? shown->fingerprint : QString());
    if (!done)
        return done;
    itemEdited(itemId);
    return {};
}

Result<void> WorkspaceSession::restoreItem(const ReviewItem& previous)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->restoreReviewItem(previous);
    if (!done)
        return done;
    itemEdited(previous.id);
    return {};
}

Result<void> WorkspaceSession::addSystem(const SystemConfig& system)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->addSystem(system);
    if (done)
        Q_EMIT systemsChanged();
    return done;
}

Result<void> WorkspaceSession::updateSystem(const SystemConfig& system)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->updateSystem(system);
    if (done)
        Q_EMIT systemsChanged();
    return done;
}

Result<void> WorkspaceSession::removeSystem(const QString& name)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->removeSystem(name);
    if (!done)
        return done;
    // Removing a system takes its ownership rows with it.
    reloadGovernance();
    Q_EMIT systemsChanged();
    Q_EMIT ownershipChanged();
    return done;
}

Result<void> WorkspaceSession::saveMappings(const QString& system, const QList<CanonicalField>& newFields,
                                            const QList<FieldMapping>& mappings)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->transaction(tr("save the mapping of %1").arg(system), [&]() -> Result<void> {
        for (const CanonicalField& field : newFields) {
            if (auto r = m_store->addField(field); !r)
                return r;
        }
        auto current = m_store->mappings(system);
        if (!current)
            return current.error();
        for (const FieldMapping& m : std::as_const(*current)) {
            if (auto r = m_store->setMapping(system, m.column, QString()); !r)
                return r;
        }
        for (const FieldMapping& m : mappings) {
            if (auto r = m_store->setMapping(system, m.column, m.field); !r)
                return r;
        }
        return {};
    });
    if (done)
        Q_EMIT systemsChanged();
    return done;
}

Result<ReviewItem> WorkspaceSession::proposeValue(const RecordRef& record, const QString& field,
                                                  const QString& value, const QString& why,
                                                  std::optional<ReviewItem>* replaced)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    if (!m_results)
        return makeError(tr("nothing has been matched yet: run the workspace first"));
    auto item = makeStewardValueItem(*m_results, record, field, value, why);
    if (!item)
        return item.error();
    if (replaced)
        *replaced = queueItem(item->id);
    if (auto done = m_store->proposeStewardValue(*item); !done)
        return done.error();
    itemEdited(item->id);
    return queueItem(item->id).value_or(*item);
}

Result<void> WorkspaceSession::withdrawProposal(const QString& itemId,
                                                const std::optional<ReviewItem>& replaced)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->transaction(tr("withdraw a proposed value"), [&]() -> Result<void> {
        if (auto r = m_store->withdrawStewardValue(itemId); !r)
            return r;
        if (!replaced)
            return {};
        if (auto r = m_store->proposeStewardValue(*replaced); !r)
            return r;
        return replaced->state == ReviewState::Open ? Result<void>{} : m_store->restoreReviewItem(*replaced);
    });
    if (!done)
        return done;
    itemEdited(itemId);
    return {};
}

Result<void> WorkspaceSession::decideDifferent(const QString& itemId, const QString& note)
{
    const auto item = queueItem(itemId);
    if (!item)
        return makeError(tr("no review item '%1'").arg(itemId));
    if (item->records.size() != 2)
        return makeError(tr("'not the same customer' needs an item about two records; %1 has %2")
                             .arg(itemId)
                             .arg(item->records.size()));
    const auto a = RecordRef::parse(item->records[0]);
    const auto b = RecordRef::parse(item->records[1]);
    if (!a || !b)
        return makeError(tr("review item %1 names records that cannot be read").arg(itemId));
    MatchDecision decision{a->system, a->sourceId, b->system, b->sourceId, false};
    if (auto r = m_store->recordMatchDecision(decision, m_steward, note); !r)
        return r;
    return decide(itemId, ReviewState::Rejected, note.isEmpty() ? tr("not the same customer") : note);
}

void WorkspaceSession::itemEdited(const QString& id)
{
    reloadItem(id);
    m_editsDuringRun = m_editsDuringRun || isBusy();
    Q_EMIT queueChanged();
}

void WorkspaceSession::refreshQueue()
{
    m_editsDuringRun = m_editsDuringRun || isBusy();
    reloadQueue();
    Q_EMIT queueChanged();
}

Result<void> WorkspaceSession::setGovernance(const FieldGovernance& governance)
{
    if (!m_store)
        return makeError(tr("no workspace is open"));
    auto done = m_store->setGovernance(governance);
    if (!done)
        return done;
    reloadGovernance();
    Q_EMIT ownershipChanged();
    return {};
}

OwnershipWhatIf WorkspaceSession::computeWhatIf(const QList<FieldGovernance>& governance) const
{
    OwnershipWhatIf whatIf;
    if (!m_store || !m_results) {
        whatIf.error = tr("run the workspace first: the what-if compares with the last run");
        return whatIf;
    }
    // The run's own configuration (mappings as they were when it read the systems), new matrix.
    return whatIfOf(*m_results, m_queue, m_results->resolved().config, governance);
}

void WorkspaceSession::previewGovernance(const QList<FieldGovernance>& governance)
{
    if (!m_store || !m_results) {
        OwnershipWhatIf none;
        none.error = tr("run the workspace first: the what-if compares with the last run");
        Q_EMIT whatIfReady(none);
        return;
    }
    // The run's own configuration (mappings as they were when it read the systems) with the new
    // matrix; the resolution runs on the worker over the shared, immutable results. A newer
    // request replaces the older one's answer (the worker runs them in order).
    m_whatIfWatcher.setFuture(
        QtConcurrent::run(&m_worker, [results = m_results, queue = m_queue, governance] {
            return whatIfOf(*results, queue, results->resolved().config, governance);
        }));
}

} // namespace concord
