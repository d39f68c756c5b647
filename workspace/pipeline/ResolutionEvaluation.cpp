#include "ResolutionEvaluation.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

ResolutionAccuracy evaluateResolution(const NormalizedSnapshot& data, const MatchResult& match,
                                      const Resolution& resolution, const Truth& truth)
{
    using Record = NormalizedSnapshot::Record;
    ResolutionAccuracy a;
    // The entity of each customer: the cluster holding most of its labelled records.
    QHash<qint64, QHash<std::uint32_t, int>> clustersOfLabel;
    std::vector<std::vector<Record>> members(match.clusterCount);
    for (Record r = 0; r < data.recordCount(); ++r) {
        members[match.clusterOf[r]].push_back(r);
        if (truth.labelOfRecord[r] >= 0)
            ++clustersOfLabel[truth.labelOfRecord[r]][match.clusterOf[r]];
    }
    QHash<QPair<std::uint32_t, int>, const FieldDecision*> decisionOf;
    for (const FieldDecision& d : resolution.decisions) {
        decisionOf.insert(qMakePair(d.entity, d.field), &d);
        if (d.review)
            ++a.reviewItems;
    }
    a.reviewItems +=
        static_cast<qint64>(match.reviewPairs.size() + match.duplicates.size() + resolution.ghosts.size());
    QSet<std::uint32_t> ghostEntities;
    for (const Ghost& g : resolution.ghosts)
        ghostEntities.insert(g.entity);

    for (qint64 label = 0; label < truth.customerIds.size(); ++label) {
        const auto clusters = clustersOfLabel.value(label);
        if (clusters.isEmpty())
            continue;
        std::uint32_t entity = 0;
        int most = -1;
        for (auto it = clusters.cbegin(); it != clusters.cend(); ++it) {
            if (it.value() > most || (it.value() == most && it.key() < entity)) {
                most = it.value();
                entity = it.key();
            }
        }
        const QHash<QString, QString> values = truth.valuesByCustomer.value(truth.customerIds[label]);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (it.key() == QLatin1String("_deleted")) {
                ++a.deleted;
                if (ghostEntities.contains(entity))
                    ++a.deletedFlagged;
                continue;
            }
            if (it.key().startsWith(u'_'))
                continue;
            const int field = data.fieldIndex(it.key());
            ++a.values;
            ++a.byField[it.key()].second;
            QString proposed;
            if (field >= 0) {
                if (const FieldDecision* d = decisionOf.value(qMakePair(entity, field))) {
                    proposed = d->value;
                } else {
                    // No decision: the records agree; their common value is the answer.
                    for (Record r : members[entity]) {
                        proposed = data.value(field, r);
                        if (!proposed.isEmpty())
                            break;
                    }
                }
            }
            if (proposed.isEmpty())
                ++a.noProposal;
            if (proposed == it.value() || (proposed.isEmpty() && it.value().isEmpty())) {
                ++a.correct;
                ++a.byField[it.key()].first;
            }
        }
    }
    return a;
}

TruthAgreement evaluateAgreement(const NormalizedSnapshot& data, const MatchResult& match, const Truth& truth,
                                 const WorkspaceConfig& config, const QList<ReviewItem>& items)
{
    using Record = NormalizedSnapshot::Record;
    TruthAgreement a;
    QSet<QString> owned;
    for (const FieldGovernance& g : config.governance) {
        if (!g.owners.isEmpty())
            owned.insert(g.field);
    }
    QSet<QString> writable;
    for (const SystemConfig& s : config.systems) {
        if (s.isSqlDatabase() && !s.readOnly)
            writable.insert(s.name);
    }
    QSet<QString> covered; // entity \x1f field ("" = every field)
    for (const ReviewItem& item : items) {
        if (item.state != ReviewState::Open && item.state != ReviewState::Rejected)
            continue;
        for (const QString& record : item.records) {
            const qsizetype colon = record.indexOf(u':');
            const qint64 r = data.find(record.left(colon), record.mid(colon + 1));
            if (r >= 0)
                covered.insert(QString::number(match.clusterOf[static_cast<std::size_t>(r)]) + u'\x1f' +
                               item.field);
        }
    }
    for (Record r = 0; r < data.recordCount(); ++r) {
        const qint64 label = truth.labelOfRecord[r];
        if (label < 0)
            continue;
        const int s = data.systemOf(r);
        const QString system = data.system(s).system();
        if (!writable.contains(system))
            continue;
        const QHash<QString, QString> values = truth.valuesByCustomer.value(truth.customerIds[label]);
        if (values.contains(u"_deleted"_s))
            continue; // a deleted customer has no current values to agree with
        const QString record = system + u':' + data.sourceId(r);
        const QString entity = QString::number(match.clusterOf[r]);
        for (auto it = values.cbegin(); it != values.cend(); ++it) {
            if (it.key().startsWith(u'_') || !owned.contains(it.key()))
                continue;
            const int field = data.fieldIndex(it.key());
            if (field < 0 || !data.isMapped(field, s))
                continue;
            const std::vector<bool>& derived = data.field(field).derived;
            if (r < derived.size() && derived[r])
                continue; // not stored in this system as such (a full name made of two columns)
            ++a.values;
            const QString value = data.value(field, r);
            if (value == it.value()) {
                ++a.agree;
            } else if (covered.contains(entity + u'\x1f') || covered.contains(entity + u'\x1f' + it.key())) {
                ++a.held;
            } else {
                ++a.unexplained;
                if (a.samples.size() < 20)
                    a.samples << u"%1 %2: '%3' (truth '%4')"_s.arg(record, it.key(), value, it.value());
            }
        }
    }
    return a;
}

} // namespace concord
