#include "WorkspaceTypes.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

QString reviewStateName(ReviewState state)
{
    switch (state) {
    case ReviewState::Open:
        return QStringLiteral("open");
    case ReviewState::Approved:
        return QStringLiteral("approved");
    case ReviewState::Rejected:
        return QStringLiteral("rejected");
    case ReviewState::Edited:
        return QStringLiteral("edited");
    }
    return QString();
}

std::optional<ReviewState> reviewStateFromName(const QString& name)
{
    for (ReviewState s :
         {ReviewState::Open, ReviewState::Approved, ReviewState::Rejected, ReviewState::Edited}) {
        if (reviewStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

QString ReviewItem::currentValuesJson() const
{
    if (currentValues.isEmpty())
        return QString();
    QJsonArray array;
    for (const RecordValue& v : currentValues)
        array.append(QJsonObject{{QStringLiteral("record"), v.record}, {QStringLiteral("value"), v.value}});
    return QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact));
}

QList<RecordValue> ReviewItem::currentValuesFromJson(const QString& json)
{
    QList<RecordValue> values;
    const QJsonArray array = QJsonDocument::fromJson(json.toUtf8()).array();
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        values.append(RecordValue{o.value(QStringLiteral("record")).toString(),
                                  o.value(QStringLiteral("value")).toString()});
    }
    return values;
}

QList<MatchField> WorkspaceConfig::matchFields() const
{
    QList<MatchField> list;
    for (const CanonicalField& f : fields)
        list.append(MatchField{f.name, f.type});
    return list;
}

} // namespace concord
