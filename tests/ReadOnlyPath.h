// Makes a file or folder read-only for the tests' own process, and writable again when it goes
// out of scope. Root writes whatever the permission bits say, so as root (CI runs the tests as
// root) the path is made immutable (chattr +i) instead of losing its write bits; where neither
// works, ok() is false and the test skips. Header-only; include from tests only.
#pragma once

#include <QFile>
#include <QProcess>
#include <QString>
#include <unistd.h>

namespace concord::test {

class ReadOnlyPath
{
public:
    explicit ReadOnlyPath(QString path)
        : m_path(std::move(path))
        , m_permissions(QFile::permissions(m_path))
    {
        if (::geteuid() == 0) {
            m_immutable = QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("+i"), m_path}) == 0;
            if (!m_immutable)
                m_why = QStringLiteral("running as root, and chattr +i failed on %1").arg(m_path);
        } else {
            QFile::setPermissions(m_path, m_permissions & ~(QFile::WriteOwner | QFile::WriteUser |
                                                            QFile::WriteGroup | QFile::WriteOther));
        }
        if (m_why.isEmpty() && ::access(QFile::encodeName(m_path).constData(), W_OK) == 0)
            m_why = QStringLiteral("%1 is still writable for this process").arg(m_path);
    }
    ~ReadOnlyPath()
    {
        if (m_immutable)
            QProcess::execute(QStringLiteral("chattr"), {QStringLiteral("-i"), m_path});
        else
            QFile::setPermissions(m_path, m_permissions);
    }
    ReadOnlyPath(const ReadOnlyPath&) = delete;
    ReadOnlyPath& operator=(const ReadOnlyPath&) = delete;

    bool ok() const { return m_why.isEmpty(); }
    // Why the path could not be made read-only, for QSKIP.
    QString why() const { return m_why; }

private:
    QString m_path;
    QFile::Permissions m_permissions;
    bool m_immutable = false;
    QString m_why;
};

} // namespace concord::test
