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
    // Record lines naming a record the snapshot does not hold (deleted since, or another
    // system's export): left out of the scores and reported, the first MaxListedUnknown as
    // "crm:1001 (line 3)", with how many there were.
    static constexpr int MaxListedUnknown = 20;
    QStringList unknownRecords;
    qint64 unknownRecordCount = 0;
    // "N record lines name records ...: crm:1001 (line 3), ... and M more"; empty when none do.
    QString unknownRecordsText(const QString& path) const;
};

// Reads truth.csv. Record lines naming a system or a source id that the snapshot does not hold
// are left out and reported (Truth::unknownRecords); when no record line names a record the
// snapshot holds, the truth belongs to other data and that is an error. Other malformed lines
// are an error naming the line.
Result<Truth> readTruthFile(const QString& path, const NormalizedSnapshot& data);

} // namespace concord
