#pragma once

#include "EntityView.h"
#include "SessionResults.h"
#include "Workspace.h"

#include <QFutureWatcher>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <atomic>
#include <memory>

namespace concord {

// What changing the ownership matrix would do, computed from the session's cached match
// without reading the systems again and without writing anything.
struct OwnershipWhatIf
{
    QStringList problems;     // the matrix would be invalid: nothing can be planned
    qint64 changedValues = 0; // (customer, field) whose resolved value would change
    qint64 reviewItemsBefore = 0;
    qint64 reviewItemsAfter = 0;
    qint64 writesBefore = 0;
    qint64 writesAfter = 0;
    QString error;
};

// One open workspace, between the engine and the window (Tiled's MapDocument is the model).
// Owns the results of the last run as shared immutable objects, runs the pipeline on a worker
// thread with progress and cancel, and says when results, the review queue or the ownership
// matrix change. Every edit of the store goes through here so every view hears of it.
// The store is opened on the thread that creates the session (Qt SQL connections belong to
// their thread); the worker opens its own.
class WorkspaceSession : public QObject
{
    Q_OBJECT

public:
    explicit WorkspaceSession(QObject* parent = nullptr);
    ~WorkspaceSession() override;

    // Opens a workspace file (after cancelling any run of the previous one).
    Result<void> open(const QString& path);
    void close();
    bool isOpen() const { return m_store != nullptr; }
    QString path() const { return m_path; }
    Workspace* store() const { return m_store.get(); }

    // load -> normalize -> match -> resolve -> plan on the worker; the plan step brings the review
    // queue in line with the run (as `concord-cli plan` does). Nothing is written to any system.
    void run();
    void cancel();
    bool isBusy() const { return m_runWatcher.isRunning(); }
    void waitForIdle();

    std::shared_ptr<const SessionResults> results() const { return m_results; }
    // Why the last run failed (its kind lets a view say what to do next); empty after a good run.
    const Error& lastError() const { return m_lastError; }
    const QList<ReviewItem>& queue() const { return m_queue; }
    const QSet<QString>& openItems() const { return m_openItems; }
    std::optional<ReviewItem> queueItem(const QString& id) const;
    const QList<FieldGovernance>& governance() const { return m_governance; }
    QStringList systemNames() const;
    QStringList fieldNames() const;
    QString steward() const { return m_steward; }

    // The entity a record belongs to, described for the side-by-side view.
    Result<EntityView> describe(const RecordRef& ref) const;
    // The entity a review item is about (its first record in the last run).
    std::optional<RecordRef> recordOfItem(const QString& itemId) const;

    // Steward edits; each updates the store and says so. The undo commands call these.
    Result<void> decide(const QString& itemId, ReviewState state, const QString& note,
                        const std::optional<QString>& value = std::nullopt,
                        const QString& choice = QString());
    Result<void> restoreItem(const ReviewItem& previous);
    // "Not the same customer": remembered for every later run, and the item rejected.
    Result<void> decideDifferent(const QString& itemId, const QString& note);
    Result<void> setGovernance(const FieldGovernance& governance);
    // The workspace's systems: add, change (all but the name) or remove one. The last run's
    // results stay until the next run reads the systems as they are now.
    Result<void> addSystem(const SystemConfig& system);
    Result<void> updateSystem(const SystemConfig& system);
    Result<void> removeSystem(const QString& name);
    // Adds the new canonical fields and makes `mappings` the system's whole mapping, in one
    // transaction (a swap of two columns' fields never passes through an invalid state).
    Result<void> saveMappings(const QString& system, const QList<CanonicalField>& newFields,
                              const QList<FieldMapping>& mappings);
    // A value for one field of the customer `record` belongs to, proposed for approval (a revert
    // from the cell's history, or a value typed in); it replaces an earlier proposal for that cell.
    // Returns the item stored; nothing is written to any system before it is approved and applied.
    // `replaced` receives the proposal it replaced, as it was.
    Result<ReviewItem> proposeValue(const RecordRef& record, const QString& field, const QString& value,
                                    const QString& why, std::optional<ReviewItem>* replaced = nullptr);
    // Takes back an open proposal (undo), and puts back the one it replaced, if any.
    Result<void> withdrawProposal(const QString& itemId, const std::optional<ReviewItem>& replaced);
    // Re-reads the queue after edits made straight through store() (many decisions in one
    // transaction) and says so.
    void refreshQueue();

    // The what-if of a changed matrix, on the worker; whatIfReady says the answer.
    void previewGovernance(const QList<FieldGovernance>& governance);
    // The same, computed on the calling thread (for tests and the benchmark).
    OwnershipWhatIf computeWhatIf(const QList<FieldGovernance>& governance) const;

Q_SIGNALS:
    void opened(const QString& path);
    void closed();
    void busyChanged(bool busy);
    void progressChanged(double fraction, const QString& text);
    void runFinished(bool ok, const QString& message);
    void resultsChanged();
    void queueChanged();
    void ownershipChanged();
    // The systems, their mappings or the canonical fields changed (the next run reads them).
    void systemsChanged();
    void whatIfReady(const concord::OwnershipWhatIf& whatIf);

private:
    struct RunOutcome
    {
        std::shared_ptr<const SessionResults> results;
        QList<ReviewItem> queue;
        Error error;
        double seconds = 0;
        int runId = 0;
    };
    RunOutcome runPipeline(const QString& path);
    void onRunFinished();
    void reloadQueue();
    void setQueue(QList<ReviewItem> items);
    void reloadItem(const QString& id);
    // After the store changed one item: re-read it and tell every view.
    void itemEdited(const QString& id);
    void reloadGovernance();
    void reportProgress(double fraction, const QString& text);

    QString m_path;
    QString m_steward;
    std::unique_ptr<Workspace> m_store;
    std::shared_ptr<const SessionResults> m_results;
    QList<ReviewItem> m_queue;
    QSet<QString> m_openItems;
    QHash<QString, qsizetype> m_indexOfItem;
    QList<FieldGovernance> m_governance;
    QThreadPool m_worker; // one thread: runs never overlap, and never wait on the engine pool they use
    QFutureWatcher<RunOutcome> m_runWatcher;
    QFutureWatcher<OwnershipWhatIf> m_whatIfWatcher;
    std::atomic<bool> m_cancel{false};
    Error m_lastError;
    int m_runId = 0;               // answers of earlier runs (or of a closed workspace) are dropped
    bool m_editsDuringRun = false; // the queue the run read is older than the one shown
};

} // namespace concord

Q_DECLARE_METATYPE(concord::OwnershipWhatIf)
