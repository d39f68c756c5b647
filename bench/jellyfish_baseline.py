#!/usr/bin/python3
"""Baseline for bench_comparators: jellyfish's Jaro-Winkler (its C extension) on the same pairs.

    /usr/bin/python3 bench/jellyfish_baseline.py PAIRS_FILE [--repeat R]

PAIRS_FILE: UTF-8, "a<TAB>b" per line, as written by `bench_comparators --write-pairs`.
Prints "RESULT jaro_winkler <pairs> <best seconds> <comparisons per second> <checksum>" like
bench_comparators: the best of R passes in thread CPU time (the machine may be shared), the
checksum being the sum of all similarities. Uses jaro_winkler_similarity (jellyfish >= 0.8),
or jaro_winkler on older versions.
"""
import argparse
import operator
import sys
import time
import warnings

# jellyfish 0.8's C extension parses str arguments with the deprecated 'u' format.
warnings.simplefilter("ignore", DeprecationWarning)

import jellyfish  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    metric = getattr(jellyfish, "jaro_winkler_similarity", None) or jellyfish.jaro_winkler
    with open(args.pairs, encoding="utf-8") as f:
        rows = [line.rstrip("\n").split("\t") for line in f if line.strip("\n")]
    bad = [k for k, row in enumerate(rows) if len(row) != 2]
    if bad:
        sys.exit(f"{args.pairs} line {bad[0] + 1}: expected a<TAB>b")
    left = [row[0] for row in rows]
    right = [row[1] for row in rows]

    best_cpu = best_wall = None
    checksum = 0.0
    for _ in range(max(1, args.repeat)):
        wall, cpu = time.perf_counter(), time.thread_time()
        checksum = sum(map(metric, left, right))  # no per-pair Python loop: jellyfish's best case
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - wall
        best_cpu = cpu if best_cpu is None else min(best_cpu, cpu)
        best_wall = wall if best_wall is None else min(best_wall, wall)

    # For reading the ratio: the same map over a trivial C builtin is the interpreter's floor,
    # the part of jellyfish's time that is Python calling, not Jaro-Winkler.
    floor = None
    for _ in range(max(1, args.repeat)):
        cpu = time.thread_time()
        sum(map(operator.ne, left, right))
        cpu = time.thread_time() - cpu
        floor = cpu if floor is None else min(floor, cpu)

    n = len(rows)
    library = getattr(jellyfish, "library", "?")
    print(f"RESULT jaro_winkler {n} {best_cpu:.6f} {n / best_cpu:.0f} {checksum:.9f}")
    print(f"  jellyfish {metric.__name__} ({library}) {n / best_cpu / 1e6:6.2f} M comparisons/s per core "
          f"({best_cpu / n * 1e9:.0f} ns each; wall clock {n / best_wall / 1e6:.2f} M/s)")
    print(f"  (Python's own call overhead, map over operator.ne: {floor / n * 1e9:.0f} ns a pair)")


if __name__ == "__main__":
    main()
