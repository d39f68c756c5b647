#include "WorkspaceTypes.h"

#include "resolve/Resolver.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <initializer_list>

namespace concord {

namespace {
// The one of `values` that `nameOf` calls `name`: the names are read back through the same
// function that writes them, so the two directions cannot disagree.
template <typename Enum>
std::optional<Enum> valueNamed(const QString& name, std::initializer_list<Enum> values,
                               QString (*nameOf)(Enum))
{
    for (Enum value : values) {
        if (nameOf(value) == name)
            return value;
    }
    return std::nullopt;
}
} // namespace

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

QString ReviewItem::makeId(ReviewItemKind kind, const QString& field, QStringList records)
{
    records.sort();
    const QString text = reviewItemKindName(kind) + u'\x1f' + field + u'\x1f' + records.join(u'\x1e');
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

QString reviewItemKindName(ReviewItemKind kind)
{
    switch (kind) {
    case ReviewItemKind::AmbiguousMatch:
        return QStringLiteral("ambiguous_match");
    case ReviewItemKind::Duplicate:
        return QStringLiteral("duplicate");
    case ReviewItemKind::Conflict:
        return QStringLiteral("conflict");
    case ReviewItemKind::HighStakes:
        return QStringLiteral("high_stakes");
    case ReviewItemKind::Anomaly:
        return QStringLiteral("anomaly");
    case ReviewItemKind::PartialUpdate:
        return QStringLiteral("partial_update");
    case ReviewItemKind::Deletion:
        return QStringLiteral("deletion");
    case ReviewItemKind::ChangedUnderneath:
        return QStringLiteral("changed_underneath");
    case ReviewItemKind::StewardValue:
        return QStringLiteral("steward_value");
    }
    return QString();
}

std::optional<ReviewItemKind> reviewItemKindFromName(const QString& name)
{
    return valueNamed(name,
                      {ReviewItemKind::AmbiguousMatch, ReviewItemKind::Duplicate, ReviewItemKind::Conflict,
                       ReviewItemKind::HighStakes, ReviewItemKind::Anomaly, ReviewItemKind::PartialUpdate,
                       ReviewItemKind::Deletion, ReviewItemKind::ChangedUnderneath,
                       ReviewItemKind::StewardValue},
                      &reviewItemKindName);
}

ReviewItemKind reviewItemKind(ReviewKind kind)
{
    switch (kind) {
    case ReviewKind::AmbiguousMatch:
        return ReviewItemKind::AmbiguousMatch;
    case ReviewKind::Duplicate:
        return ReviewItemKind::Duplicate;
    case ReviewKind::Conflict:
        return ReviewItemKind::Conflict;
    case ReviewKind::HighStakes:
        return ReviewItemKind::HighStakes;
    case ReviewKind::Anomaly:
        return ReviewItemKind::Anomaly;
    case ReviewKind::PartialUpdate:
        return ReviewItemKind::PartialUpdate;
    case ReviewKind::Deletion:
        return ReviewItemKind::Deletion;
    }
    return ReviewItemKind::Conflict; // not reached: the switch names every kind (-Wswitch says so)
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
    return valueNamed(name,
                      {ReviewState::Open, ReviewState::Approved, ReviewState::Rejected, ReviewState::Edited},
                      &reviewStateName);
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
