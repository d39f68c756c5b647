#include "FileConnector.h"

#include <QFileInfo>

using namespace Qt::StringLiterals;

namespace concord {

FileConnector::FileConnector(const ConnectionSpec& spec, QString kind)
    : m_path(spec.database)
    , m_system(spec.name)
    , m_entity(QFileInfo(spec.database).completeBaseName())
    , m_kind(std::move(kind))
{}

Error FileConnector::error(const QString& message) const
{
    return makeError(m_system.isEmpty() ? message : u"system '%1': %2"_s.arg(m_system, message));
}

Result<void> FileConnector::openFile(QFile& file) const
{
    if (!file.open(QIODevice::ReadOnly))
        return error(u"cannot open %1 file '%2': %3"_s.arg(m_kind, m_path, file.errorString()));
    return {};
}

Result<void> FileConnector::open()
{
    const QFileInfo info(m_path);
    if (m_path.isEmpty())
        return error(u"no %1 file path is configured"_s.arg(m_kind));
    if (!info.exists())
        return error(u"%1 file '%2' does not exist"_s.arg(m_kind, m_path));
    if (!info.isFile())
        return error(u"'%1' is not a file"_s.arg(m_path));
    QFile file(m_path);
    return openFile(file);
}

Result<QStringList> FileConnector::entities()
{
    if (auto opened = open(); !opened)
        return opened.error();
    return QStringList{m_entity};
}

Result<void> FileConnector::checkEntity(const QString& entity) const
{
    if (entity.isEmpty() || entity == m_entity || entity == m_path ||
        QFileInfo(entity).absoluteFilePath() == QFileInfo(m_path).absoluteFilePath())
        return {};
    return error(u"%1 file '%2' has one entity, '%3'; there is no entity '%4'"_s.arg(m_kind, m_path, m_entity,
                                                                                     entity));
}

} // namespace concord
