#pragma once

#include <QWidget>

class QLabel;
class QListWidget;
class QPushButton;

namespace concord {

// What the window shows with no workspace open: new, open, the recent workspaces and the demo.
class StartPage : public QWidget
{
    Q_OBJECT

public:
    explicit StartPage(QWidget* parent = nullptr);

    void refreshRecent();
    QPushButton* demoButton() const { return m_demo; }
    QListWidget* recent() const { return m_recent; }
    void setMessage(const QString& text);

Q_SIGNALS:
    void newRequested();
    void openRequested();
    void demoRequested();
    void openPath(const QString& path);

private:
    QPushButton* m_new = nullptr;
    QPushButton* m_open = nullptr;
    QPushButton* m_demo = nullptr;
    QListWidget* m_recent = nullptr;
    QLabel* m_message = nullptr;
};

} // namespace concord
