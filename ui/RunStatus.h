#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace concord {

class WorkspaceSession;

// The status bar's right side: what the session is doing, a progress bar and Cancel while it
// runs, and the legend of the grid's cell colours and shapes.
class RunStatus : public QWidget
{
    Q_OBJECT

public:
    explicit RunStatus(WorkspaceSession* session, QWidget* parent = nullptr);
    QString text() const;

private:
    QLabel* m_text = nullptr;
    QProgressBar* m_progress = nullptr;
    QToolButton* m_cancel = nullptr;
};

} // namespace concord
