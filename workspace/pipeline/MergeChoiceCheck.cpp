#include "MergeChoiceCheck.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
bool noOption(const QString& survivor, const QString& survivorRule, const QStringList& takes)
{
    return survivor.isEmpty() && survivorRule.isEmpty() && takes.isEmpty();
}
} // namespace

Result<QString> mergeChoiceJson(const ReviewItem& item, const QList<FieldMapping>& mappings,
                                const QString& survivor, const QString& survivorRule,
                                const QStringList& takes)
{
    if (noOption(survivor, survivorRule, takes))
        return QString();
    if (item.kind != ReviewItemKind::Duplicate)
        return makeError(
            u"--survivor, --survivor-rule and --take are for duplicate (merge) items; %1 is %2"_s.arg(
                item.id, reviewItemKindName(item.kind)));
    MergeChoice choice;
    choice.survivor = survivor;
    choice.survivorRule = survivorRule.isEmpty() ? u"most_complete"_s : survivorRule;
    if (!survivor.isEmpty() && !item.records.contains(survivor))
        return makeError(u"--survivor %1 is not one of the item's records (%2)"_s.arg(
            survivor, item.records.join(u", "_s)));
    for (const QString& take : takes) {
        const qsizetype eq = take.indexOf(u'=');
        const QString record = eq < 0 ? QString() : take.mid(eq + 1);
        if (eq <= 0 || !item.records.contains(record))
            return makeError(u"--take '%1' must be FIELD=RECORD with RECORD one of %2"_s.arg(
                take, item.records.join(u", "_s)));
        const QString field = take.left(eq);
        const QString system = record.section(u':', 0, 0);
        const bool mapped = std::any_of(mappings.cbegin(), mappings.cend(), [&](const FieldMapping& m) {
            return m.system == system && m.field == field;
        });
        if (!mapped)
            return makeError(
                u"--take '%1': system '%2' has no column mapped to a field '%3'"_s.arg(take, system, field));
        choice.fields.insert(field, record);
    }
    // The rule (and anything else MergeChoice checks when it is read back at planning time).
    if (auto checked = MergeChoice::fromJson(choice.toJson()); !checked)
        return checked.error();
    return choice.toJson();
}

Result<QString> checkMergeChoice(const Workspace& workspace, const QString& itemId, const QString& survivor,
                                 const QString& survivorRule, const QStringList& takes)
{
    if (noOption(survivor, survivorRule, takes))
        return QString(); // no option: nothing to check, not even that the item exists
    auto item = workspace.reviewItem(itemId);
    if (!item)
        return item.error();
    QList<FieldMapping> mappings;
    if (!takes.isEmpty()) {
        auto all = workspace.mappings();
        if (!all)
            return all.error();
        mappings = *all;
    }
    return mergeChoiceJson(*item, mappings, survivor, survivorRule, takes);
}

} // namespace concord
