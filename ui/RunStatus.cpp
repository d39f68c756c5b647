#include "RunStatus.h"

#include "CellGlyphs.h"
#include "ReconcileGridModel.h"
#include "Remedies.h"
#include "WorkspaceSession.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
// One legend entry: the cell's shape on its colour, and the words.
QWidget* legendEntry(CellState state, const QString& words, QWidget* parent)
{
    auto* entry = new QWidget(parent);
    auto* layout = new QHBoxLayout(entry);
    layout->setContentsMargins(4, 0, 4, 0);
    layout->setSpacing(3);
    auto* swatch = new QLabel(entry);
    swatch->setFixedSize(16, 16);
    swatch->setAlignment(Qt::AlignCenter);
    const QColor c = ReconcileGridModel::stateColor(state);
    swatch->setStyleSheet(
        u"background: rgba(%1,%2,%3,%4); border: 1px solid rgba(100,116,139,120);"_s.arg(c.red())
            .arg(c.green())
            .arg(c.blue())
            .arg(c.isValid() ? c.alpha() : 0));
    swatch->setPixmap(cellGlyph(state).pixmap(12, 12));
    layout->addWidget(swatch);
    layout->addWidget(new QLabel(words, entry));
    entry->setToolTip(ReconcileGridModel::stateName(state));
    return entry;
}
} // namespace

RunStatus::RunStatus(WorkspaceSession* session, QWidget* parent)
    : QWidget(parent)
    , m_text(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_cancel(new QToolButton(this))
{
    setObjectName(u"runStatus"_s);
    m_progress->setRange(0, 1000);
    m_progress->setMaximumWidth(180);
    m_progress->setTextVisible(false);
    m_progress->hide();
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop the run (Esc); the last results stay"));
    m_cancel->hide();
    m_text->setObjectName(u"runStatusText"_s);

    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_text, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_cancel);
    layout->addSpacing(12);
    layout->addWidget(legendEntry(CellState::Agree, tr("agree"), this));
    layout->addWidget(legendEntry(CellState::Resolved, tr("resolved"), this));
    layout->addWidget(legendEntry(CellState::Review, tr("to review"), this));
    layout->addWidget(legendEntry(CellState::Missing, tr("blank somewhere"), this));

    connect(m_cancel, &QToolButton::clicked, session, &WorkspaceSession::cancel);
    connect(session, &WorkspaceSession::busyChanged, this, [this](bool busy) {
        m_progress->setVisible(busy);
        m_cancel->setVisible(busy);
        m_progress->setValue(0);
    });
    connect(session, &WorkspaceSession::progressChanged, this, [this](double fraction, const QString& text) {
        m_progress->setValue(static_cast<int>(fraction * 1000));
        m_text->setText(text);
        m_text->setStyleSheet(QString());
        m_text->setToolTip(QString());
    });
    // A failed run is said where the steward looks for the run's outcome, with what to do next;
    // not in a modal dialog, so the last good results stay usable.
    connect(session, &WorkspaceSession::runFinished, this, [this, session](bool ok, const QString& message) {
        if (ok)
            return;
        const Error& error = session->lastError();
        const bool cancelled = error.kind == ErrorKind::Cancelled;
        m_text->setText(
            cancelled
                ? tr("Run cancelled. %1").arg(windowRemedy(error))
                : tr("Run failed: %1 \u2014 %2").arg(message.section(u'\n', 0, 0), windowRemedy(error)));
        m_text->setToolTip(message + u"\n\n"_s + windowRemedy(error));
        if (!cancelled)
            m_text->setStyleSheet(u"color: #b91c1c; font-weight: bold"_s);
    });
}

QString RunStatus::text() const
{
    return m_text->text();
}

} // namespace concord
