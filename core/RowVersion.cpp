#include "RowVersion.h"

namespace concord::RowVersion {

namespace {
constexpr quint64 kFnvOffset = 14695981039346656037ULL;
constexpr quint64 kFnvPrime = 1099511628211ULL;

inline void mixByte(quint64& h, unsigned char byte)
{
    h ^= byte;
    h *= kFnvPrime;
}

inline void mixU32(quint64& h, quint32 v)
{
    for (int i = 0; i < 4; ++i)
        mixByte(h, static_cast<unsigned char>(v >> (8 * i)));
}
} // namespace

quint64 hashValues(const QStringList& values)
{
    quint64 h = kFnvOffset;
    mixU32(h, static_cast<quint32>(values.size()));
    for (const QString& value : values) {
        if (value.isNull()) {
            mixU32(h, 0xFFFFFFFFu); // NULL marker, distinct from the empty string's length 0
            continue;
        }
        mixU32(h, static_cast<quint32>(value.size()));
        for (const QChar ch : value) {
            const char16_t u = ch.unicode();
            mixByte(h, static_cast<unsigned char>(u & 0xFF));
            mixByte(h, static_cast<unsigned char>(u >> 8));
        }
    }
    return h;
}

QString fromValues(const QStringList& values)
{
    return QStringLiteral("h:") + QString::number(hashValues(values), 16).rightJustified(16, QLatin1Char('0'));
}

QString fromColumn(const QString& value)
{
    return QStringLiteral("v:") + value;
}

} // namespace concord::RowVersion
