// The process's memory as the benchmarks report it. Header-only; bench/ only.
#pragma once

#include <QByteArray>
#include <QFile>
#include <QList>
#include <sys/resource.h>
#include <unistd.h>

namespace concord::bench {

// The highest resident set the process has had, in MiB.
inline double peakRssMiB()
{
    struct rusage usage
    {};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

// Resident now (what stays live after a stage), from /proc/self/statm; 0 when unreadable.
inline double currentRssMiB()
{
    QFile statm(QStringLiteral("/proc/self/statm"));
    if (!statm.open(QIODevice::ReadOnly))
        return 0;
    const QList<QByteArray> fields = statm.readAll().split(' ');
    return fields.size() > 1
               ? fields[1].toDouble() * static_cast<double>(sysconf(_SC_PAGESIZE)) / (1024.0 * 1024.0)
               : 0;
}

} // namespace concord::bench
