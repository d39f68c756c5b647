#pragma once

#include <QMainWindow>

namespace concord {

class SystemsOverview;

// Wires the workbench together; holds no logic of its own.
class MainWindow : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(QWidget* parent = nullptr);
    void openWorkspace(const QString& path);
    SystemsOverview* systemsOverview() const { return m_overview; }

private:
    void chooseWorkspace();

    SystemsOverview* m_overview = nullptr;
};

} // namespace concord
