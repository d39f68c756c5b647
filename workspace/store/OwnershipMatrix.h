#pragma once

#include "Workspace.h"

namespace concord {

// What one system does with one field, as the matrix draws it (O, r, -).
enum class FieldAccess
{
    None,  // the system has no column for the field
    Reads, // it maps the field but does not own it: it receives the owner's value
    Owns,
};

// One row of the ownership matrix.
struct FieldOwnership
{
    FieldGovernance governance; // field, owners, rule, priority, high-stakes, sensitive, anomaly limits
    QStringList readers;        // systems that map the field without owning it, in workspace order
    QList<FieldAccess> access;  // per system, in OwnershipMatrix::systems order

    QStringList flags() const; // "high-stakes", "sensitive"
};

struct OwnershipMatrix
{
    QStringList systems;          // workspace order: the matrix's columns
    QList<FieldOwnership> fields; // canonical field order: its rows
    QString recordOwner;          // the system of record; empty when not set
    QStringList problems;         // why the matrix is not valid; empty when it is

    bool valid() const { return problems.isEmpty(); }
};

// The matrix of a configuration; `governance` lists every canonical field (Workspace::governance),
// not only the configured ones that WorkspaceConfig::governance keeps.
OwnershipMatrix ownershipMatrix(const WorkspaceConfig& config, const QList<FieldGovernance>& governance);
Result<OwnershipMatrix> ownershipMatrix(const Workspace& workspace);

} // namespace concord
