#include "GridFilter.h"

#include <QByteArrayView>
#include <algorithm>
#include <numeric>

using namespace Qt::StringLiterals;

namespace concord {

namespace {
using Record = SessionResults::Record;

// Which ids of a pool hold the needle, case-insensitively. ASCII needles are searched in the
// pool's UTF-8 bytes directly (no QString per value): a million values take a few ms.
std::vector<bool> matchingIds(const StringPool& pool, const QString& needle, const std::atomic<bool>* cancel)
{
    std::vector<bool> match(pool.size() + 1, false);
    bool ascii = true;
    for (QChar c : needle)
        ascii = ascii && c.unicode() < 128;
    const QByteArray lowered = needle.toLower().toUtf8();
    for (StringPool::Id id = 1; id <= pool.size(); ++id) {
        if ((id & 0xffff) == 0 && cancel && cancel->load(std::memory_order_relaxed))
            break;
        const QByteArrayView bytes = pool.utf8(id);
        if (ascii) {
            const auto found =
                std::search(bytes.begin(), bytes.end(), lowered.begin(), lowered.end(), [](char a, char b) {
                    const char la = (a >= 'A' && a <= 'Z') ? char(a + 32) : a;
                    return la == b;
                });
            match[id] = found != bytes.end();
        } else {
            match[id] = QString::fromUtf8(bytes).contains(needle, Qt::CaseInsensitive);
        }
    }
    return match;
}

bool cancelled(const std::atomic<bool>* cancel)
{
    return cancel && cancel->load(std::memory_order_relaxed);
}
} // namespace

std::vector<std::uint32_t> filterEntities(const SessionResults& results, const QSet<QString>& openItems,
                                          const GridFilter& filter, const std::atomic<bool>* cancel)
{
    const NormalizedSnapshot& data = results.data();
    const std::uint32_t entities = results.entityCount();
    const Record records = data.recordCount();
    const auto& clusterOf = results.run().result.clusterOf;
    std::vector<std::uint8_t> pass(entities, 1);
    auto keepOnly = [&](const std::vector<std::uint8_t>& marked) {
        for (std::uint32_t e = 0; e < entities; ++e)
            pass[e] = pass[e] && marked[e];
    };

    if (filter.onlyDifferences) {
        for (std::uint32_t e = 0; e < entities; ++e)
            pass[e] = pass[e] && results.hasDifference(e);
    }
    if (filter.field >= 0 && filter.field < data.fieldCount()) {
        // Differed on the field, or blank in some record while filled in another.
        std::vector<std::uint8_t> marked(entities, 0);
        for (const FieldDecision& d : results.resolved().resolution.decisions) {
            if (d.field == filter.field)
                marked[d.entity] = 1;
        }
        std::vector<std::uint8_t> blank(entities, 0);
        std::vector<std::uint8_t> filled(entities, 0);
        const auto& values = data.field(filter.field).value;
        for (int s = 0; s < data.systemCount(); ++s) {
            if (!data.isMapped(filter.field, s))
                continue;
            const Record first = data.firstRecord(s);
            const Record end = first + static_cast<Record>(data.system(s).rowCount());
            for (Record r = first; r < end; ++r)
                (values[r] == StringPool::NullId ? blank : filled)[clusterOf[r]] = 1;
        }
        for (std::uint32_t e = 0; e < entities; ++e)
            marked[e] = marked[e] || (blank[e] && filled[e]);
        keepOnly(marked);
    }
    if (filter.system >= 0 && filter.system < data.systemCount()) {
        std::vector<std::uint8_t> marked(entities, 0);
        const Record first = data.firstRecord(filter.system);
        const Record end = first + static_cast<Record>(data.system(filter.system).rowCount());
        for (Record r = first; r < end; ++r)
            marked[clusterOf[r]] = 1;
        keepOnly(marked);
    }
    if (filter.review != GridFilter::Review::Any) {
        std::vector<std::uint8_t> waiting(entities, 0);
        for (const FieldDecision& d : results.resolved().resolution.decisions) {
            if (d.review)
                waiting[d.entity] = 1;
        }
        for (const PlannedWrite& w : results.plan().writes) {
            if (w.entity >= 0 && !w.reviewItem.isEmpty() && openItems.contains(w.reviewItem))
                waiting[static_cast<std::size_t>(w.entity)] = 1;
        }
        // Items about records (duplicates, possible matches, deletions) mark every customer they name.
        for (const ReviewItem& item : results.plan().reviewItems) {
            if (!openItems.contains(item.id))
                continue;
            for (const QString& name : item.records) {
                const auto ref = RecordRef::parse(name);
                if (const auto e = ref ? results.entityOf(*ref) : std::nullopt)
                    waiting[*e] = 1;
            }
        }
        if (filter.review == GridFilter::Review::None) {
            for (auto& w : waiting)
                w = !w;
        }
        keepOnly(waiting);
    }
    if (!filter.text.isEmpty() && !cancelled(cancel)) {
        // Raw values and source ids share the snapshot's pool; normalized values have one per field.
        const std::vector<bool> rawMatch = matchingIds(*data.snapshot().pool(), filter.text, cancel);
        std::vector<std::uint8_t> marked(entities, 0);
        for (int s = 0; s < data.systemCount(); ++s) {
            const SystemSnapshot& system = data.system(s);
            const Record first = data.firstRecord(s);
            for (qsizetype row = 0; row < system.rowCount(); ++row) {
                if (rawMatch[system.sourceIdId(row)])
                    marked[clusterOf[first + static_cast<Record>(row)]] = 1;
            }
        }
        for (int f = 0; f < data.fieldCount() && !cancelled(cancel); ++f) {
            const std::vector<bool> normalizedMatch = matchingIds(data.fieldPool(f), filter.text, cancel);
            const auto& raw = data.field(f).raw;
            const auto& value = data.field(f).value;
            for (Record r = 0; r < records; ++r) {
                if (rawMatch[raw[r]] || normalizedMatch[value[r]])
                    marked[clusterOf[r]] = 1;
            }
        }
        keepOnly(marked);
    }

    std::vector<std::uint32_t> rows;
    rows.reserve(entities);
    for (std::uint32_t e = 0; e < entities; ++e) {
        if (pass[e])
            rows.push_back(e);
    }
    // A sort column from other results (another workspace, fewer fields) sorts nothing.
    if (filter.sortColumn >= 0 && filter.sortColumn <= data.fieldCount() && !cancelled(cancel)) {
        // Sort keys computed once per row, then compared (not recomputed per comparison).
        std::vector<QString> keys(rows.size());
        for (std::size_t i = 0; i < rows.size(); ++i) {
            if (filter.sortColumn == 0) {
                const auto members = results.records(rows[i]);
                keys[i] = members.empty() ? QString() : results.refOf(members.front()).toString();
            } else {
                keys[i] = results.resolvedValue(rows[i], filter.sortColumn - 1);
            }
        }
        std::vector<std::uint32_t> order(rows.size());
        std::iota(order.begin(), order.end(), 0u);
        std::stable_sort(order.begin(), order.end(), [&](std::uint32_t a, std::uint32_t b) {
            // Blanks last either way: a steward sorts to see values.
            if (keys[a].isEmpty() != keys[b].isEmpty())
                return keys[b].isEmpty();
            const int c = keys[a].compare(keys[b], Qt::CaseInsensitive);
            return filter.descending ? c > 0 : c < 0;
        });
        std::vector<std::uint32_t> sorted(rows.size());
        for (std::size_t i = 0; i < order.size(); ++i)
            sorted[i] = rows[order[i]];
        rows.swap(sorted);
    }
    return rows;
}

} // namespace concord
