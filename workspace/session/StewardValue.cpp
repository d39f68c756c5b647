#include "StewardValue.h"

using namespace Qt::StringLiterals;

namespace concord {

Result<ReviewItem> makeStewardValueItem(const SessionResults& results, const RecordRef& record,
                                        const QString& field, const QString& value, const QString& why)
{
    const auto entity = results.entityOf(record);
    if (!entity)
        return makeError(u"%1 is not in the last run: run the workspace again"_s.arg(record.toString()),
                         ErrorKind::NotFound, record.toString());
    const NormalizedSnapshot& data = results.data();
    const int f = data.fieldIndex(field);
    if (f < 0)
        return makeError(u"no field '%1' in the last run"_s.arg(field), ErrorKind::NotFound, field);

    ReviewItem item;
    item.kind = ReviewItemKind::StewardValue;
    item.field = field;
    item.entityRef = record.toString();
    item.proposedValue = value;
    QStringList fingerprint;
    bool differs = false;
    for (SessionResults::Record r : results.records(*entity)) {
        if (!data.isMapped(f, data.systemOf(r)))
            continue;
        const QString name = results.refOf(r).toString();
        const QString current = data.rawValue(f, r);
        item.records << name;
        item.currentValues.append(RecordValue{name, current});
        fingerprint << name << current;
        differs = differs || current != value;
    }
    if (item.records.isEmpty())
        return makeError(u"no system of %1's customer has the field %2"_s.arg(record.toString(), field),
                         ErrorKind::NotFound, field);
    if (!differs)
        return makeError(u"every record of %1's customer holds '%2' in %3 already: nothing to change"_s.arg(
            record.toString(), value, field));
    fingerprint << value;
    item.id = ReviewItem::makeId(item.kind, field, item.records);
    item.fingerprint = ReviewItem::makeFingerprint(fingerprint);
    item.summary =
        u"%1 of %2's customer -> '%3' (the steward's value)"_s.arg(field, record.toString(), value);
    item.detail = why;
    return item;
}

} // namespace concord
