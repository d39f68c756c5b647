#include "TruthFile.h"

#include "CsvReader.h"

#include <QFile>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
QString unknownList(const Truth& truth)
{
    QString text = truth.unknownRecords.join(u", "_s);
    if (truth.unknownRecordCount > truth.unknownRecords.size())
        text += u" and %1 more"_s.arg(truth.unknownRecordCount - truth.unknownRecords.size());
    return text;
}
} // namespace

Result<Truth> readTruthFile(const QString& path, const NormalizedSnapshot& data)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(u"%1: cannot open the truth file: %2"_s.arg(path, file.errorString()));
    CsvReader reader(file, path);
    if (auto header = reader.readHeader(','); !header)
        return header.error();
    const QStringList expected{u"kind"_s,        u"system"_s, u"source_id"_s,
                               u"customer_id"_s, u"field"_s,  u"value"_s};
    if (reader.header() != expected)
        return makeError(
            u"%1: line 1: the header must be %2 (docs/truth-format.md)"_s.arg(path, expected.join(u',')));

    Truth truth;
    truth.labelOfRecord.assign(data.recordCount(), -1);
    QHash<QString, qint64> labelOfCustomer;
    QStringList fields;
    while (true) {
        auto more = reader.readRecord(fields);
        if (!more)
            return more.error();
        if (!*more)
            break;
        const QString& kind = fields[0];
        if (kind == "record"_L1) {
            ++truth.recordLines;
            if (fields[3].isEmpty())
                return makeError(
                    u"%1: line %2: a record line without a customer_id"_s.arg(path).arg(reader.recordLine()));
            const qint64 record = data.find(fields[1], fields[2]);
            if (record < 0) {
                if (truth.unknownRecords.size() < Truth::MaxListedUnknown)
                    truth.unknownRecords
                        << (data.systemIndex(fields[1]) < 0
                                ? u"%1:%2 (line %3, no system '%1')"_s.arg(fields[1], fields[2])
                                      .arg(reader.recordLine())
                                : u"%1:%2 (line %3)"_s.arg(fields[1], fields[2]).arg(reader.recordLine()));
                ++truth.unknownRecordCount;
                continue;
            }
            auto label = labelOfCustomer.constFind(fields[3]);
            if (label == labelOfCustomer.cend()) {
                label = labelOfCustomer.insert(fields[3], truth.customerIds.size());
                truth.customerIds.append(fields[3]);
            }
            if (truth.labelOfRecord[static_cast<std::size_t>(record)] >= 0)
                return makeError(u"%1: line %2: %3:%4 is labelled twice"_s.arg(path)
                                     .arg(reader.recordLine())
                                     .arg(fields[1], fields[2]));
            truth.labelOfRecord[static_cast<std::size_t>(record)] = label.value();
        } else if (kind == "value"_L1) {
            truth.valuesByCustomer[fields[3]].insert(fields[4], fields[5]);
        }
        // Other kinds (drift annotations, later additions) are skipped, as the format says.
    }
    if (truth.recordLines == 0)
        return makeError(u"%1: no record lines: nothing to score against"_s.arg(path));
    if (truth.unknownRecordCount == truth.recordLines)
        return makeError(
            u"%1: none of its %2 record lines names a record of this workspace's systems, so the "
            "truth belongs to other data: %3"_s.arg(path)
                .arg(truth.recordLines)
                .arg(unknownList(truth)));
    return truth;
}

QString Truth::unknownRecordsText(const QString& path) const
{
    if (unknownRecordCount == 0)
        return {};
    return u"%1: %2 of %3 record lines name records this workspace does not hold and are not scored: %4"_s
        .arg(path)
        .arg(unknownRecordCount)
        .arg(recordLines)
        .arg(unknownList(*this));
}

} // namespace concord
