#pragma once

#include <QtGlobal>
#include <cstdint>

namespace concord::gen {

// SplitMix64 (Steele, Lea, Flood 2014): used to derive independent seeds.
inline quint64 splitMix64(quint64& state)
{
    quint64 z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// xoshiro256** (Blackman, Vigna 2018). Written out here rather than using
// QRandomGenerator or <random> distributions so that the demo data is byte-identical
// across runs, machines, compilers and Qt versions for a given seed.
class Rng
{
public:
    // A stream for one (seed, stream) pair; streams of different numbers are independent,
    // which lets each customer draw from its own stream whatever else is generated.
    Rng(quint64 seed, quint64 stream)
    {
        quint64 sm = seed ^ (stream * 0xD1B54A32D192ED03ull);
        splitMix64(sm); // decorrelate nearby (seed, stream) pairs
        for (quint64& word : m_s)
            word = splitMix64(sm);
    }

    quint64 next()
    {
        const quint64 result = rotl(m_s[1] * 5, 7) * 9;
        const quint64 t = m_s[1] << 17;
        m_s[2] ^= m_s[0];
        m_s[3] ^= m_s[1];
        m_s[1] ^= m_s[2];
        m_s[0] ^= m_s[3];
        m_s[2] ^= t;
        m_s[3] = rotl(m_s[3], 45);
        return result;
    }

    // Uniform in [0, n); n > 0. Multiply-shift (Lemire) without rejection: the bias is
    // below 2^-40 for the small ranges used here.
    quint64 below(quint64 n)
    {
        __extension__ using Wide = unsigned __int128; // GCC/Clang; __extension__ keeps -Wpedantic quiet
        return static_cast<quint64>((static_cast<Wide>(next()) * n) >> 64);
    }
    int index(qsizetype n) { return static_cast<int>(below(static_cast<quint64>(n))); }
    // Uniform in [lo, hi], inclusive.
    qint64 range(qint64 lo, qint64 hi)
    {
        return lo + static_cast<qint64>(below(static_cast<quint64>(hi - lo + 1)));
    }
    // Uniform in [0, 1) with 53 random bits.
    double unit() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    bool chance(double p) { return unit() < p; }

    template <typename T, qsizetype N> const T& pick(const T (&items)[N]) { return items[below(N)]; }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }

    quint64 m_s[4];
};

} // namespace concord::gen
