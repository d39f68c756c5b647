#include "ValueProposalCommand.h"

#include "WorkspaceSession.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QPointer>
#include <QUndoCommand>
#include <QUndoStack>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcProposal, "concord.review.proposal")

namespace concord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("concord::ValueProposalCommand", text);
}

class ValueProposalCommand : public QUndoCommand
{
public:
    ValueProposalCommand(WorkspaceSession* session, RecordRef record, QString field, QString value,
                         QString why, ReviewItem proposed, std::optional<ReviewItem> replaced,
                         ReviewFeedback feedback)
        : QUndoCommand(tr("Propose %1 \u2192 \u2018%2\u2019 for %3").arg(field, value, record.toString()))
        , m_session(session)
        , m_record(std::move(record))
        , m_field(std::move(field))
        , m_value(std::move(value))
        , m_why(std::move(why))
        , m_proposed(std::move(proposed))
        , m_replaced(std::move(replaced))
        , m_feedback(std::move(feedback))
    {}

    void redo() override
    {
        if (m_firstRedo) { // proposed before the push, so its error could be shown
            m_firstRedo = false;
            return;
        }
        if (!m_session)
            return fail(tr("the workspace is closed"));
        auto again = m_session->proposeValue(m_record, m_field, m_value, m_why, &m_replaced);
        if (!again)
            return fail(tr("Could not redo \u201c%1\u201d: %2").arg(text(), again.errorString()));
        m_proposed = *again;
    }

    void undo() override
    {
        if (!m_session)
            return fail(tr("the workspace is closed"));
        if (auto done = m_session->withdrawProposal(m_proposed.id, m_replaced); !done)
            return fail(tr("Could not undo \u201c%1\u201d: %2").arg(text(), done.errorString()));
        if (m_feedback.restored)
            m_feedback.restored({m_proposed.id});
    }

private:
    void fail(const QString& message)
    {
        qCWarning(lcProposal) << message;
        setObsolete(true);
        if (m_feedback.failed)
            m_feedback.failed(message);
    }

    QPointer<WorkspaceSession> m_session;
    RecordRef m_record;
    QString m_field;
    QString m_value;
    QString m_why;
    ReviewItem m_proposed;
    std::optional<ReviewItem> m_replaced;
    ReviewFeedback m_feedback;
    bool m_firstRedo = true;
};
} // namespace

Result<ReviewItem> pushValueProposal(QUndoStack* stack, WorkspaceSession* session, const RecordRef& record,
                                     const QString& field, const QString& value, const QString& why,
                                     const ReviewFeedback& feedback)
{
    std::optional<ReviewItem> replaced;
    auto proposed = session->proposeValue(record, field, value, why, &replaced);
    if (!proposed)
        return proposed.error();
    stack->push(new ValueProposalCommand(session, record, field, value, why, *proposed, std::move(replaced),
                                         feedback));
    return proposed;
}

} // namespace concord
