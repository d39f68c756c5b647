#pragma once

#include <QString>
#include <QStringList>

namespace concord {

// The version token of a row: what apply re-reads before writing, to refuse to
// overwrite a row that changed since the snapshot.
//  - with a configured version column (updated_at, row_version ...): "v:" + its value;
//  - without one: "h:" + a 64-bit hash over every value of the row (nulls distinct from "").
// The hash is FNV-1a over a length-prefixed encoding, so it is stable across runs,
// machines and Qt versions, and a value moving between columns changes it.
namespace RowVersion {

QString fromColumn(const QString& value);
QString fromValues(const QStringList& values);
quint64 hashValues(const QStringList& values);

} // namespace RowVersion

} // namespace concord
