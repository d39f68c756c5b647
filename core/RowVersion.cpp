#include "RowVersion.h"

namespace concord::RowVersion {

namespace {
constexpr quint64 kFnvOffset = 14695981039346656037ULL;
constexpr quint64 kFnvPrime = 1099511628211ULL;
constexpr quint32 kNullMarker = 0xFFFFFFFFu;

inline void mixU32(quint64& h, quint32 v)
{
    for (int i = 0; i < 4; ++i) {
        h ^= static_cast<unsigned char>(v >> (8 * i));
        h *= kFnvPrime;
    }
}
} // namespace

Hasher::Hasher(qsizetype columnCount)
    : m_hash(kFnvOffset)
{
    mixU32(m_hash, static_cast<quint32>(columnCount));
}

void Hasher::add(QByteArrayView utf8, bool isNull)
{
    if (isNull) {
        mixU32(m_hash, kNullMarker);
        return;
    }
    mixU32(m_hash, static_cast<quint32>(utf8.size()));
    quint64 h = m_hash;
    const auto* data = reinterpret_cast<const unsigned char*>(utf8.data());
    for (qsizetype i = 0; i < utf8.size(); ++i) {
        h ^= data[i];
        h *= kFnvPrime;
    }
    m_hash = h;
}

quint64 hashValues(const QStringList& values)
{
    Hasher hasher(values.size());
    for (const QString& value : values) {
        if (value.isNull()) {
            hasher.add({}, true);
            continue;
        }
        const QByteArray utf8 = value.toUtf8();
        hasher.add(utf8, false);
    }
    return hasher.finish();
}

void formatHash(quint64 hash, char* out)
{
    static const char digits[] = "0123456789abcdef";
    out[0] = 'h';
    out[1] = ':';
    for (int i = 0; i < 16; ++i)
        out[2 + i] = digits[(hash >> (60 - 4 * i)) & 0xF];
}

QString fromValues(const QStringList& values)
{
    char text[18];
    formatHash(hashValues(values), text);
    return QString::fromLatin1(text, 18);
}

QString fromColumn(const QString& value)
{
    return QStringLiteral("v:") + value;
}

} // namespace concord::RowVersion
