#include "OwnershipCommands.h"

#include "OwnershipMatrixModel.h"
#include "WorkspaceSession.h"

#include <QCoreApplication>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("concord::OwnershipCommands", text);
}

QString ruleWords(const QString& rule)
{
    if (rule == "priority"_L1)
        return tr("the systems' priority order");
    if (rule == "recency"_L1)
        return tr("the most recent value");
    return tr("the owner's value");
}
} // namespace

QString describeOwnershipEdit(const FieldGovernance& before, const FieldGovernance& after)
{
    const QString& field = after.field;
    int aspects = 0;
    QString text;
    if (before.owners != after.owners) {
        ++aspects;
        QStringList added;
        QStringList removed;
        for (const QString& s : after.owners) {
            if (!before.owners.contains(s))
                added << s;
        }
        for (const QString& s : before.owners) {
            if (!after.owners.contains(s))
                removed << s;
        }
        if (after.owners.size() == 1 && added.size() == 1)
            text = tr("Make %1 the owner of %2").arg(added.first(), field);
        else if (after.owners.size() == 1)
            text = tr("Leave %1 as the only owner of %2").arg(after.owners.first(), field);
        else if (added.size() == 1 && removed.isEmpty())
            text = tr("Let %1 also own %2").arg(added.first(), field);
        else if (added.isEmpty() && removed.size() == 1)
            text = tr("Stop %1 owning %2").arg(removed.first(), field);
        else
            text = tr("Change the owners of %1").arg(field);
    }
    if (before.rule != after.rule) {
        ++aspects;
        text = tr("Settle %1 by %2").arg(field, ruleWords(after.rule));
    } else if (before.priority != after.priority) {
        ++aspects;
        text = tr("Change the priority order of %1").arg(field);
    }
    if (before.highStakes != after.highStakes) {
        ++aspects;
        text = after.highStakes ? tr("Require approval for changes to %1").arg(field)
                                : tr("Stop requiring approval for changes to %1").arg(field);
    }
    if (before.sensitive != after.sensitive) {
        ++aspects;
        text = after.sensitive ? tr("Redact %1 in exported reports").arg(field)
                               : tr("Stop redacting %1 in exported reports").arg(field);
    }
    if (aspects != 1)
        return tr("Change how %1 is governed").arg(field);
    return text;
}

EditOwnershipCommand::EditOwnershipCommand(OwnershipMatrixModel* model, FieldGovernance before,
                                           FieldGovernance after, QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_model(model)
    , m_before(std::move(before))
    , m_after(std::move(after))
{
    setText(describeOwnershipEdit(m_before, m_after));
}

void EditOwnershipCommand::redo()
{
    if (m_model)
        m_model->applyEntry(m_after);
}

void EditOwnershipCommand::undo()
{
    if (m_model)
        m_model->applyEntry(m_before);
}

SaveOwnershipCommand::SaveOwnershipCommand(WorkspaceSession* session, QList<FieldGovernance> before,
                                           QList<FieldGovernance> after, ErrorHandler onError,
                                           QUndoCommand* parent)
    : QUndoCommand(parent)
    , m_session(session)
    , m_path(session ? session->path() : QString())
    , m_before(std::move(before))
    , m_after(std::move(after))
    , m_onError(std::move(onError))
{
    if (m_after.size() == 1 && m_before.size() == 1) {
        QString edit = describeOwnershipEdit(m_before.first(), m_after.first());
        edit[0] = edit[0].toLower(); // "Save ownership: make quoting the owner of phone"
        setText(tr("Save ownership: %1").arg(edit));
    } else {
        setText(tr("Save ownership of %1 fields: %2").arg(m_after.size()).arg(fields().join(u", "_s)));
    }
}

SaveOwnershipCommand* SaveOwnershipCommand::fromModel(const OwnershipMatrixModel& model, ErrorHandler onError)
{
    QList<FieldGovernance> before;
    QList<FieldGovernance> after;
    const QStringList changed = model.changedFields();
    for (const QString& field : changed) {
        before << model.savedEntry(field);
        after << model.pendingEntry(field);
    }
    return new SaveOwnershipCommand(model.session(), before, after, std::move(onError));
}

QStringList SaveOwnershipCommand::fields() const
{
    QStringList names;
    for (const FieldGovernance& g : m_after)
        names << g.field;
    return names;
}

bool SaveOwnershipCommand::write(const QList<FieldGovernance>& entries, const QList<FieldGovernance>& putBack)
{
    QString error;
    if (!m_session || !m_session->isOpen() || m_session->path() != m_path)
        error = m_path.isEmpty()
                    ? tr("No workspace was open when the ownership was saved; nothing was written")
                    : tr("%1 is no longer the open workspace; its ownership was left as it is").arg(m_path);
    for (qsizetype i = 0; error.isEmpty() && i < entries.size(); ++i) {
        auto written = m_session->setGovernance(entries.at(i));
        if (written)
            continue;
        error = tr("Could not save the ownership of %1: %2").arg(entries.at(i).field, written.errorString());
        // All or nothing: the fields this step already wrote go back as they were.
        for (qsizetype j = i - 1; j >= 0; --j) {
            if (auto back = m_session->setGovernance(putBack.at(j)); !back)
                error += u"\n"_s +
                         tr("and %1 could not be put back: %2").arg(putBack.at(j).field, back.errorString());
        }
    }
    if (error.isEmpty())
        return true;
    // QUndoStack drops an obsolete command, so the stack never claims a save that did not happen.
    setObsolete(true);
    if (m_onError)
        m_onError(error);
    return false;
}

void SaveOwnershipCommand::redo()
{
    write(m_after, m_before);
}

void SaveOwnershipCommand::undo()
{
    write(m_before, m_after);
}

} // namespace concord
