#pragma once

#include "Result.h"
#include "match/NormalizedSnapshot.h"

#include <QHash>
#include <QString>
#include <vector>

namespace concord {

// The ground truth (docs/truth-format.md) resolved against a snapshot: per record, the
// index of its true customer (-1 unlabelled), and each customer's true field values.
struct Truth
{
    std::vector<qint64> labelOfRecord;
    QStringList customerIds;                                  // label -> customer_id
    QHash<QString, QHash<QString, QString>> valuesByCustomer; // customer_id -> field -> canonical value
    qint64 recordLines = 0;
};

// Reads truth.csv. Record lines naming a system or a source id that the snapshot does not
// hold are an error (the truth belongs to other data), naming the line and the id.
Result<Truth> readTruthFile(const QString& path, const NormalizedSnapshot& data);

} // namespace concord
