#include "GeneratorPipeline.h"

#include "CivilTime.h"
#include "CustomerModel.h"
#include "Random.h"
#include "RowFormatter.h"
#include "SystemSink.h"
#include "TruthWriter.h"

#include <algorithm>
#include <limits>
#include <map>

using namespace Qt::StringLiterals;

namespace concord::gen {

namespace {

// Random streams past any customer index, one per system, for the id sequences.
constexpr quint64 kIdStreamBase = 0xFFFF'FFFF'0000'0000ull;

// Hands out a system's keys in its own style, with the gaps deleted rows leave behind.
class IdSequence
{
public:
    IdSequence(quint64 seed, SystemId system)
        : m_system(system)
        , m_rng(seed, kIdStreamBase + quint64(system))
    {
        static const qint64 kFirst[kSystemCount] = {1001, 100, 100001, 5100001};
        m_next = kFirst[system];
    }

    // The next key as written to the table and as written to the truth file.
    std::pair<QVariant, QString> next()
    {
        const qint64 n = m_next;
        switch (m_system) {
        case Crm:
        case Quoting:
            m_next += 1 + (m_rng.chance(0.04) ? m_rng.range(1, 12) : 0);
            break;
        case Accounting:
            m_next += 1 + (m_rng.chance(0.02) ? m_rng.range(1, 5) : 0);
            break;
        case Marketing:
            m_next += m_rng.range(1, 3);
            break;
        }
        if (m_system == Quoting) {
            QString ref = QString::number(n);
            if (ref.size() < 6)
                ref.prepend(QString(6 - ref.size(), u'0'));
            ref.prepend(u"Q-"_s);
            return {QVariant(ref), ref};
        }
        const QString text = QString::number(n);
        if (m_system == Marketing)
            return {QVariant(text), text};
        return {QVariant(n), text};
    }

private:
    SystemId m_system;
    Rng m_rng;
    qint64 m_next = 0;
};

struct HeldDuplicate
{
    QString customerId;
    RowValues row; // empty when the system has no sink
};

class Pipeline
{
public:
    Pipeline(const GeneratorOptions& options, const PipelineSinks& sinks)
        : m_options(options)
        , m_sinks(sinks)
        , m_ids{IdSequence(options.seed, Crm), IdSequence(options.seed, Quoting),
                IdSequence(options.seed, Accounting), IdSequence(options.seed, Marketing)}
        , m_delayWindow(std::clamp<qint64>(options.customers / 4, 1, 5000))
    {}

    Result<RowCounts> run()
    {
        for (qint64 i = 0; i < m_options.customers; ++i) {
            for (int s = 0; s < kSystemCount; ++s) {
                if (auto r = releaseDuplicates(s, i); !r)
                    return r.error();
            }
            if (auto r = customer(makeCustomer(m_options.seed, i, m_options.drift)); !r)
                return r.error();
            if (m_sinks.truth && !m_sinks.truth->ok())
                return makeError(m_sinks.truth->errorString());
        }
        for (int s = 0; s < kSystemCount; ++s) {
            if (auto r = releaseDuplicates(s, std::numeric_limits<qint64>::max()); !r)
                return r.error();
        }
        if (m_sinks.truth && !m_sinks.truth->ok())
            return makeError(m_sinks.truth->errorString());
        return m_counts;
    }

private:
    Result<void> customer(const Customer& c)
    {
        std::array<QString, kSystemCount> sourceIds;
        for (int s = 0; s < kSystemCount; ++s) {
            if (!c.present[s])
                continue;
            const auto system = static_cast<SystemId>(s);
            auto [key, text] = m_ids[s].next();
            sourceIds[s] = text;
            ++m_counts[s];
            if (SystemSink* sink = m_sinks.systems[s]) {
                RowValues row;
                RowFormatter::mainRow(system, c, row);
                row[0] = key;
                if (auto r = sink->take(std::move(row)); !r)
                    return r;
            }
            if (m_sinks.truth)
                m_sinks.truth->record(systemSchema(system).name, text, c.id);
        }
        if (c.duplicate.system >= 0) {
            HeldDuplicate held{c.id, {}};
            if (m_sinks.systems[c.duplicate.system])
                RowFormatter::duplicateRow(c, held.row);
            m_held[c.duplicate.system].emplace(c.index + 1 + c.duplicate.delay % m_delayWindow,
                                               std::move(held));
        }
        if (TruthWriter* truth = m_sinks.truth) {
            writeValues(*truth, c);
            for (const DriftMark& mark : c.marks) {
                if (mark.onDuplicate)
                    continue; // written with the duplicate row
                truth->drift(systemSchema(static_cast<SystemId>(mark.system)).name,
                             mark.withoutRow ? QString() : sourceIds[mark.system], c.id, mark.field,
                             driftKindName(mark.kind));
            }
        }
        return {};
    }

    Result<void> releaseDuplicates(int s, qint64 upTo)
    {
        auto& held = m_held[s];
        while (!held.empty() && held.begin()->first <= upTo) {
            HeldDuplicate dup = std::move(held.begin()->second);
            held.erase(held.begin());
            auto [key, text] = m_ids[s].next();
            ++m_counts[s];
            if (SystemSink* sink = m_sinks.systems[s]) {
                dup.row[0] = key;
                if (auto r = sink->take(std::move(dup.row)); !r)
                    return r;
            }
            if (TruthWriter* truth = m_sinks.truth) {
                const QString& system = systemSchema(static_cast<SystemId>(s)).name;
                truth->record(system, text, dup.customerId);
                truth->drift(system, text, dup.customerId, {}, driftKindName(DriftKind::Duplicate));
            }
        }
        return {};
    }

    static void writeValues(TruthWriter& truth, const Customer& c)
    {
        const QString& id = c.id;
        if (c.ghost) {
            truth.value(id, field::deleted, u"true");
            return;
        }
        const Contact& t = c.truth;
        truth.value(id, field::firstName, t.firstName);
        truth.value(id, field::lastName, t.lastName);
        truth.value(id, field::fullName, QString(t.firstName + u' ' + t.lastName));
        truth.value(id, field::email, t.email);
        truth.value(id, field::phone, Canonical::phone(t.phone));
        truth.value(id, field::company, Canonical::company(t.company));
        truth.value(id, field::state, Canonical::stateCode(t.state));
        if (c.present[Crm]) {
            truth.value(id, field::street, c.street);
            truth.value(id, field::city, c.city);
            truth.value(id, field::postalCode, c.postalCode);
        }
        if (c.present[Crm] || c.present[Accounting])
            truth.value(id, field::country, u"US");
        if (c.present[Accounting]) {
            truth.value(id, field::creditLimit, Canonical::money(c.creditLimitCents));
            truth.value(id, field::balance, Canonical::money(c.balanceCents));
            truth.value(id, field::bankAccount, c.bankAccount);
            truth.value(id, field::lastInvoiceDate, isoDate(c.invoiceDay));
        }
        if (c.present[Quoting]) {
            truth.value(id, field::lastQuoteAmount, Canonical::money(c.quoteCents));
            truth.value(id, field::lastQuoteDate, isoDate(c.quoteDay));
        }
    }

    const GeneratorOptions& m_options;
    const PipelineSinks& m_sinks;
    IdSequence m_ids[kSystemCount];
    // Held-back duplicates by the customer index after which they are written; a
    // multimap keeps equal keys in insertion order, so the output is deterministic.
    std::multimap<qint64, HeldDuplicate> m_held[kSystemCount];
    // Duplicates land up to this many customers after their original; a quarter of a
    // small data set, so that they do not all pile up at its end.
    qint64 m_delayWindow;
    RowCounts m_counts{};
};

} // namespace

Result<RowCounts> runPipeline(const GeneratorOptions& options, const PipelineSinks& sinks)
{
    return Pipeline(options, sinks).run();
}

} // namespace concord::gen
