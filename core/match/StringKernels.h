#pragma once

#include <QStringView>

// The two implementations behind the string metrics of Comparators.h, exposed so the tests
// can check that the bit-parallel kernels (strings of at most 64 UTF-16 units) and the
// dynamic-programming fallbacks (any length) agree. Use Comparators.h otherwise.
namespace concord::detail {

// Preconditions: a.size() <= 64 and b.size() <= 64.
double jaroBitParallel(QStringView a, QStringView b);
double jaroScalar(QStringView a, QStringView b);

// Optimal string alignment distance. Precondition: pattern.size() <= 64.
int osaBitParallel(QStringView pattern, QStringView text);
int osaScalar(QStringView a, QStringView b);

// Length of the longest common subsequence. Precondition: pattern.size() <= 64.
int lcsBitParallel(QStringView pattern, QStringView text);
int lcsScalar(QStringView a, QStringView b);

} // namespace concord::detail
