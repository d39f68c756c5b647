#pragma once

#include <QByteArrayView>
#include <QString>
#include <QStringList>

namespace concord {

// The version token of a row: what apply re-reads before writing, to refuse to
// overwrite a row that changed since the snapshot.
//  - with a configured version column (updated_at, row_version ...): "v:" + its value;
//  - without one: "h:" + 16 hex digits of a 64-bit hash over every value of the row.
// The hash is FNV-1a over the row's values encoded as UTF-8, each prefixed with its byte
// length (NULL has its own marker, distinct from ""), so it is stable across runs,
// machines and Qt versions, identical whether a connector reads UTF-16 or UTF-8, and a
// value moving between columns changes it.
namespace RowVersion {

QString fromColumn(const QString& value);
QString fromValues(const QStringList& values);
quint64 hashValues(const QStringList& values);

// The incremental form used by the UTF-8 readers: begin(columnCount), add() each value
// in column order (a null view with isNull = true for NULL), then finish().
class Hasher
{
public:
    explicit Hasher(qsizetype columnCount);
    void add(QByteArrayView utf8, bool isNull);
    quint64 finish() const { return m_hash; }

private:
    quint64 m_hash;
};

// Writes "h:" + 16 lower-case hex digits into out (18 bytes).
void formatHash(quint64 hash, char* out);

} // namespace RowVersion

} // namespace concord
