#include "OwnershipMatrix.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace concord {

QStringList FieldOwnership::flags() const
{
    QStringList flags;
    if (governance.highStakes)
        flags << u"high-stakes"_s;
    if (governance.sensitive)
        flags << u"sensitive"_s;
    return flags;
}

OwnershipMatrix ownershipMatrix(const WorkspaceConfig& config, const QList<FieldGovernance>& governance)
{
    OwnershipMatrix matrix;
    for (const SystemConfig& s : config.systems)
        matrix.systems << s.name;
    QSet<QString> mapped; // system U+001F field
    for (const FieldMapping& m : config.mappings)
        mapped.insert(m.system + u'\x1f' + m.field);
    for (const FieldGovernance& g : governance) {
        FieldOwnership row{g, {}, {}};
        for (const QString& system : std::as_const(matrix.systems)) {
            const bool owns = g.owners.contains(system);
            const bool maps = mapped.contains(system + u'\x1f' + g.field);
            // An owner counts as the owner even without a column (the matrix names that problem).
            row.access << (owns ? FieldAccess::Owns : maps ? FieldAccess::Reads : FieldAccess::None);
            if (!owns && maps)
                row.readers << system;
        }
        matrix.fields << row;
    }
    matrix.recordOwner = config.recordOwner;
    matrix.problems = ownershipProblems(config);
    return matrix;
}

Result<OwnershipMatrix> ownershipMatrix(const Workspace& workspace)
{
    auto config = workspace.config();
    if (!config)
        return config.error();
    auto governance = workspace.governance();
    if (!governance)
        return governance.error();
    return ownershipMatrix(*config, *governance);
}

} // namespace concord
