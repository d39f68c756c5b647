#include "ReviewCommands.h"

#include "ReviewKindWords.h"
#include "SessionResults.h"
#include "WorkspaceSession.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QSet>
#include <QUndoCommand>
#include <QUndoStack>
#include <set>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcReview, "concord.review")

namespace concord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("concord::ReviewCommands", text);
}

// "conflict", "possible matches": the kind as a noun inside a sentence; no kind for items of
// several kinds ("review items").
QString kindNoun(std::optional<ReviewItemKind> kind, qsizetype count)
{
    const ReviewKindWords words = kind ? reviewKindWords(*kind) : mixedKindWords();
    return count == 1 ? words.nounOne : words.nounMany;
}

QString recordsText(const QStringList& records)
{
    if (records.size() <= 2)
        return records.join(tr(" and "));
    return tr("%1, %2 and %3 more").arg(records[0], records[1]).arg(records.size() - 2);
}

QString elided(const QString& value)
{
    return value.size() <= 40 ? value : value.left(39) + u'\u2026';
}

bool isMatchKind(ReviewItemKind kind)
{
    return kind == ReviewItemKind::Duplicate || kind == ReviewItemKind::AmbiguousMatch;
}

// What decideDifferent stores for the item's two records.
std::optional<MatchDecision> pairOf(const ReviewItem& item)
{
    if (item.records.size() != 2)
        return std::nullopt;
    const auto a = RecordRef::parse(item.records[0]);
    const auto b = RecordRef::parse(item.records[1]);
    if (!a || !b)
        return std::nullopt;
    return MatchDecision{a->system, a->sourceId, b->system, b->sourceId, false};
}

bool samePair(const MatchDecision& x, const MatchDecision& y)
{
    return (x.systemA == y.systemA && x.sourceIdA == y.sourceIdA && x.systemB == y.systemB &&
            x.sourceIdB == y.sourceIdB) ||
           (x.systemA == y.systemB && x.sourceIdA == y.sourceIdB && x.systemB == y.systemA &&
            x.sourceIdB == y.sourceIdA);
}

// An undo or redo must not act on an item a later run reopened with other values: the
// decision was about values that are no longer there.
Result<void> checkUnchanged(WorkspaceSession* session, const ReviewItem& previous)
{
    if (!session || !session->store())
        return makeError(tr("the workspace is no longer open"));
    auto now = session->store()->reviewItem(previous.id);
    if (!now)
        return now.error();
    if (now->fingerprint != previous.fingerprint)
        return makeError(
            tr("the values behind this %1 for %2 changed since that decision (a later run saw other values)")
                .arg(kindNoun(previous.kind, 1), recordsText(previous.records)));
    return {};
}

// The session re-reads its queue and tells every view once, after a bulk step wrote many
// decisions through the store in one transaction.
Result<void> announceQueueChange(WorkspaceSession* session, const QString&)
{
    session->refreshQueue();
    return {};
}

class ReviewDecisionCommand : public QUndoCommand
{
public:
    ReviewDecisionCommand(WorkspaceSession* session, ReviewItem previous, Decision decision,
                          std::optional<MatchDecision> priorPair, ReviewFeedback feedback)
        : QUndoCommand(decisionText(previous, decision))
        , m_session(session)
        , m_previous(std::move(previous))
        , m_decision(std::move(decision))
        , m_priorPair(std::move(priorPair))
        , m_feedback(std::move(feedback))
    {}

    void redo() override
    {
        if (m_firstRedo) { // the decision was taken before the push, so its error could be shown
            m_firstRedo = false;
            return;
        }
        if (auto done = decide(); !done)
            fail(tr("Could not redo \u201c%1\u201d: %2").arg(text(), done.errorString()));
    }

    void undo() override
    {
        if (auto done = restore(); !done) {
            fail(tr("Could not undo \u201c%1\u201d: %2").arg(text(), done.errorString()));
            return;
        }
        if (m_feedback.restored)
            m_feedback.restored({m_previous.id});
    }

    // Takes the decision through the session.
    static Result<void> decide(WorkspaceSession* session, const ReviewItem& previous,
                               const Decision& decision)
    {
        switch (decision.action) {
        case Decision::Action::Approve:
            // Approving again keeps a merge's survivor and field picks.
            return session->decide(previous.id, ReviewState::Approved, decision.note, std::nullopt,
                                   previous.choice);
        case Decision::Action::Reject:
            return session->decide(previous.id, ReviewState::Rejected, decision.note);
        case Decision::Action::EditValue:
            return session->decide(previous.id, ReviewState::Edited, decision.note, decision.value);
        case Decision::Action::NotSameCustomer:
            return session->decideDifferent(previous.id, decision.note);
        }
        return makeError(tr("unknown decision"));
    }

private:
    Result<void> decide()
    {
        if (auto ok = checkUnchanged(m_session, m_previous); !ok)
            return ok;
        return decide(m_session, m_previous, m_decision);
    }

    Result<void> restore()
    {
        if (auto ok = checkUnchanged(m_session, m_previous); !ok)
            return ok;
        if (m_decision.action == Decision::Action::NotSameCustomer) {
            const auto pair = pairOf(m_previous);
            if (!pair)
                return makeError(tr("review item %1 does not name two records").arg(m_previous.id));
            Workspace* store = m_session->store();
            if (auto removed = store->removeMatchDecision(*pair); !removed)
                return removed;
            // decideDifferent replaced what the store said about the pair: say it again.
            if (m_priorPair) {
                if (auto again = store->recordMatchDecision(*m_priorPair, m_session->steward(),
                                                            tr("restored by undo"));
                    !again)
                    return again;
            }
        }
        return m_session->restoreItem(m_previous);
    }

    void fail(const QString& message)
    {
        qCWarning(lcReview) << message;
        // The stack drops an obsolete command: the step cannot be taken again.
        setObsolete(true);
        if (m_feedback.failed)
            m_feedback.failed(message);
    }

    QPointer<WorkspaceSession> m_session;
    ReviewItem m_previous;
    Decision m_decision;
    std::optional<MatchDecision> m_priorPair;
    ReviewFeedback m_feedback;
    bool m_firstRedo = true;
};

// Many approvals as one step. Item by item through the store, then one announcement: a
// session call per item would re-read the whole queue once per item.
class BulkApprovalCommand : public QUndoCommand
{
public:
    BulkApprovalCommand(WorkspaceSession* session, QList<ReviewItem> previous, QString note,
                        ReviewFeedback feedback, const QString& text)
        : QUndoCommand(text)
        , m_session(session)
        , m_previous(std::move(previous))
        , m_note(std::move(note))
        , m_feedback(std::move(feedback))
    {}

    // Approves every item it can; returns the ids approved and the errors of the others.
    static QStringList approve(WorkspaceSession* session, const QList<ReviewItem>& items, const QString& note,
                               QStringList* errors)
    {
        QStringList approved;
        // One transaction for all of them: one commit, not one per item.
        auto written = session->store()->transaction(tr("approve review items"), [&]() -> Result<void> {
            for (const ReviewItem& item : items) {
                auto done = checkUnchanged(session, item);
                if (done)
                    done = session->store()->decideReviewItem(
                        item.id, ReviewState::Approved, session->steward(), note, std::nullopt, item.choice);
                if (done)
                    approved.append(item.id);
                else
                    errors->append(done.errorString());
            }
            return {};
        });
        if (!written) {
            errors->append(written.errorString());
            return {};
        }
        return approved;
    }

    void redo() override
    {
        if (m_firstRedo) {
            m_firstRedo = false;
            return;
        }
        if (!m_session || !m_session->store())
            return fail(tr("Could not redo \u201c%1\u201d: the workspace is no longer open").arg(text()));
        QStringList errors;
        const QStringList approved = approve(m_session, m_previous, m_note, &errors);
        finish(approved, errors,
               tr("Could not redo all of \u201c%1\u201d: %2 of %3 items were not approved"));
    }

    void undo() override
    {
        if (!m_session || !m_session->store())
            return fail(tr("Could not undo \u201c%1\u201d: the workspace is no longer open").arg(text()));
        QStringList restored;
        QStringList errors;
        auto written = m_session->store()->transaction(tr("put review items back"), [&]() -> Result<void> {
            for (auto it = m_previous.crbegin(); it != m_previous.crend(); ++it) {
                auto done = checkUnchanged(m_session, *it);
                if (done)
                    done = m_session->store()->restoreReviewItem(*it);
                if (done)
                    restored.append(it->id);
                else
                    errors.append(done.errorString());
            }
            return {};
        });
        if (!written) {
            restored.clear();
            errors.append(written.errorString());
        }
        finish(restored, errors,
               tr("Could not undo all of \u201c%1\u201d: %2 of %3 items were not put back"));
        if (!restored.isEmpty() && m_feedback.restored)
            m_feedback.restored(restored);
    }

private:
    void finish(const QStringList& done, const QStringList& errors, const QString& partialMessage)
    {
        if (!done.isEmpty()) {
            if (auto told = announceQueueChange(m_session, done.last()); !told)
                qCWarning(lcReview) << told.errorString();
        }
        if (errors.isEmpty())
            return;
        const QString message = partialMessage.arg(text())
                                    .arg(errors.size())
                                    .arg(m_previous.size())
                                    .append(u": "_s + errors.first());
        if (done.isEmpty())
            return fail(message);
        qCWarning(lcReview) << message;
        if (m_feedback.failed)
            m_feedback.failed(message);
    }

    void fail(const QString& message)
    {
        qCWarning(lcReview) << message;
        setObsolete(true);
        if (m_feedback.failed)
            m_feedback.failed(message);
    }

    QPointer<WorkspaceSession> m_session;
    QList<ReviewItem> m_previous;
    QString m_note;
    ReviewFeedback m_feedback;
    bool m_firstRedo = true;
};
} // namespace

QString decisionText(const ReviewItem& item, const Decision& decision)
{
    const QString records = recordsText(item.records);
    const QString on = item.field.isEmpty() ? QString() : tr(" on %1").arg(item.field);
    switch (decision.action) {
    case Decision::Action::Approve:
        return tr("Approve %1%2 for %3").arg(kindNoun(item.kind, 1), on, records);
    case Decision::Action::Reject:
        return tr("Reject %1%2 for %3").arg(kindNoun(item.kind, 1), on, records);
    case Decision::Action::EditValue:
        return tr("Set %1 to \u201c%2\u201d for %3")
            .arg(item.field.isEmpty() ? tr("the value") : item.field, elided(decision.value), records);
    case Decision::Action::NotSameCustomer:
        return tr("Not the same customer: %1").arg(records);
    }
    return records;
}

Result<void> pushReviewDecision(QUndoStack* stack, WorkspaceSession* session, const QString& itemId,
                                const Decision& decision, const ReviewFeedback& feedback)
{
    if (!stack || !session || !session->store())
        return makeError(tr("no workspace is open"));
    // The item as stored, so that undo puts back exactly this.
    auto previous = session->store()->reviewItem(itemId);
    if (!previous)
        return previous.error();
    const ReviewItem& item = *previous;

    std::optional<MatchDecision> priorPair;
    switch (decision.action) {
    case Decision::Action::EditValue:
        if (item.field.isEmpty())
            return makeError(tr("a %1 (%2) has no single value to edit; approve or reject it")
                                 .arg(kindNoun(item.kind, 1), recordsText(item.records)));
        break;
    case Decision::Action::NotSameCustomer: {
        if (!isMatchKind(item.kind))
            return makeError(
                tr("only a possible match or a duplicate can be \u201cnot the same customer\u201d; "
                   "this is a %1%2 for %3")
                    .arg(kindNoun(item.kind, 1),
                         item.field.isEmpty() ? QString() : tr(" on %1").arg(item.field),
                         recordsText(item.records)));
        const auto pair = pairOf(item);
        if (!pair)
            return makeError(tr("review item %1 does not name two records").arg(itemId));
        auto decisions = session->store()->matchDecisions();
        if (!decisions)
            return decisions.error();
        for (const MatchDecision& d : std::as_const(*decisions)) {
            if (samePair(d, *pair))
                priorPair = d;
        }
        break;
    }
    case Decision::Action::Approve:
    case Decision::Action::Reject:
        break;
    }

    if (auto done = ReviewDecisionCommand::decide(session, item, decision); !done)
        return done;
    stack->push(new ReviewDecisionCommand(session, item, decision, priorPair, feedback));
    return {};
}

Result<int> pushBulkApproval(QUndoStack* stack, WorkspaceSession* session, const QStringList& itemIds,
                             const QString& note, const ReviewFeedback& feedback)
{
    if (!stack || !session || !session->store())
        return makeError(tr("no workspace is open"));
    QList<ReviewItem> open;
    std::set<ReviewItemKind> kinds;
    for (const QString& id : itemIds) {
        auto item = session->store()->reviewItem(id);
        if (!item)
            return item.error();
        if (item->state == ReviewState::Open) {
            open.append(*item);
            kinds.insert(item->kind);
        }
    }
    if (open.isEmpty())
        return 0;

    QStringList errors;
    const QStringList approved = BulkApprovalCommand::approve(session, open, note, &errors);
    const QSet<QString> approvedIds(approved.cbegin(), approved.cend());
    QList<ReviewItem> done;
    for (const ReviewItem& item : std::as_const(open)) {
        if (approvedIds.contains(item.id))
            done.append(item);
    }
    if (!approved.isEmpty()) {
        if (auto told = announceQueueChange(session, approved.last()); !told)
            errors.append(told.errorString());
        const QString noun =
            kindNoun(kinds.size() == 1 ? std::optional(*kinds.cbegin()) : std::nullopt, done.size());
        stack->push(new BulkApprovalCommand(session, done, note, feedback,
                                            tr("Approve %1 %2").arg(done.size()).arg(noun)));
    }
    if (!errors.isEmpty())
        return makeError(tr("approved %1 of %2 items; the others could not be: %3")
                             .arg(approved.size())
                             .arg(open.size())
                             .arg(errors.first()));
    return static_cast<int>(approved.size());
}

} // namespace concord
