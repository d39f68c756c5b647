#include "WorkspaceTypes.h"

#include <QCryptographicHash>

namespace concord {

bool SystemConfig::isFile() const
{
    const QString d = driver.toLower();
    return d == QLatin1String("sqlite") || d == QLatin1String("csv") || d == QLatin1String("json");
}

bool SystemConfig::isSqlDatabase() const
{
    const QString d = driver.toLower();
    return d == QLatin1String("sqlite") || d == QLatin1String("postgresql") || d == QLatin1String("mariadb");
}

QString ReviewItem::makeId(const QString& kind, const QString& field, QStringList records)
{
    records.sort();
    const QString text = kind + u'\x1f' + field + u'\x1f' + records.join(u'\x1e');
    return QString::fromLatin1(
        QCryptographicHash::hash(text.toUtf8(), QCryptographicHash::Sha1).toHex().left(16));
}

QString ReviewItem::makeFingerprint(const QStringList& values)
{
    QByteArray bytes;
    for (const QString& v : values) {
        bytes += v.isNull() ? QByteArray("\xff") : v.toUtf8();
        bytes += '\x1f';
    }
    return QString::fromLatin1(QCryptographicHash::hash(bytes, QCryptographicHash::Sha1).toHex());
}

QList<MatchField> WorkspaceConfig::matchFields() const
{
    QList<MatchField> list;
    for (const CanonicalField& f : fields)
        list.append(MatchField{f.name, f.type});
    return list;
}

} // namespace concord
