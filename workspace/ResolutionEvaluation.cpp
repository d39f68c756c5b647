#include "ResolutionEvaluation.h"

#include <QSet>

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

} // namespace concord
