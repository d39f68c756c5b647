#pragma once

#include <QStringView>
#include <QtGlobal>
#include <algorithm>
#include <cstring>
#include <type_traits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace concord::detail {

// Where each character occurs in a string of at most 64 UTF-16 units, as a 64-bit mask:
// bit i of match(c) is set when s[i] == c. This is the "pattern match vector" of the
// bit-parallel string algorithms (Myers, Hyyrö). Instead of a table per alphabet, the
// string is kept as units and compared against the broadcast character, 16 units per
// SSE2 step, so building it costs a copy and needs no allocation or clearing of a table.
class ShortPattern
{
public:
    static constexpr qsizetype kMaxLength = 64;

    // Precondition: s.size() <= kMaxLength.
    explicit ShortPattern(QStringView s) noexcept
        : m_blocks(std::max(1, int((s.size() + 15) / 16))) // an empty pattern: one block of padding
        , m_lengthMask(s.size() >= 64 ? ~quint64(0) : (quint64(1) << s.size()) - 1)
    {
        Q_ASSERT(s.size() <= kMaxLength);
        // Zero-pad whole 16-unit blocks, then copy: in 8-unit chunks, the last chunk
        // overlapping the one before, or in 4/2/1-unit pieces when shorter than 8. Inline and
        // almost branch-free: for name-sized strings, calls to memset/memcpy and a loop over the
        // tail would cost more than the comparison itself.
        const char16_t* source = s.utf16();
        const qsizetype n = s.size();
#if defined(__SSE2__)
        for (int k = 0; k < m_blocks; ++k) {
            _mm_storeu_si128(reinterpret_cast<__m128i*>(m_units + 16 * k), _mm_setzero_si128());
            _mm_storeu_si128(reinterpret_cast<__m128i*>(m_units + 16 * k + 8), _mm_setzero_si128());
        }
#else
        std::memset(m_units, 0, sizeof(char16_t) * 16 * std::size_t(m_blocks));
#endif
        if (n >= 8) {
            for (qsizetype i = 0; i + 8 <= n; i += 8)
                std::memcpy(m_units + i, source + i, 16);
            std::memcpy(m_units + n - 8, source + n - 8, 16);
        } else {
            qsizetype i = 0;
            if (n & 4) {
                std::memcpy(m_units, source, 8);
                i = 4;
            }
            if (n & 2) {
                std::memcpy(m_units + i, source + i, 4);
                i += 2;
            }
            if (n & 1)
                m_units[i] = source[i];
        }
    }

    // match() for a pattern of exactly Blocks 16-unit blocks: kernels dispatch once per call
    // (withBlocks) so that the loop over blocks unrolls and the pattern stays in registers.
    template <int Blocks> quint64 matchIn(char16_t c) const noexcept
    {
        Q_ASSERT(Blocks == m_blocks);
#if defined(__SSE2__)
        const __m128i needle = _mm_set1_epi16(short(c));
        quint64 mask = 0;
        for (int k = 0; k < Blocks; ++k) {
            const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(m_units + 16 * k));
            const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(m_units + 16 * k + 8));
            const __m128i eq = _mm_packs_epi16(_mm_cmpeq_epi16(lo, needle), _mm_cmpeq_epi16(hi, needle));
            mask |= quint64(quint32(_mm_movemask_epi8(eq)) & 0xFFFFu) << (16 * k);
        }
#else
        quint64 mask = 0;
        for (int i = 0; i < 16 * Blocks; ++i)
            mask |= quint64(m_units[i] == c) << i;
#endif
        // The zero padding after the string matches c == 0: keep only real positions.
        return mask & m_lengthMask;
    }

    quint64 match(char16_t c) const noexcept
    {
        switch (m_blocks) {
        case 1:
            return matchIn<1>(c);
        case 2:
            return matchIn<2>(c);
        case 3:
            return matchIn<3>(c);
        default:
            return matchIn<4>(c);
        }
    }

    // Calls f(std::integral_constant<int, Blocks>) with this pattern's block count.
    template <typename F> decltype(auto) withBlocks(F&& f) const
    {
        switch (m_blocks) {
        case 1:
            return f(std::integral_constant<int, 1>());
        case 2:
            return f(std::integral_constant<int, 2>());
        case 3:
            return f(std::integral_constant<int, 3>());
        default:
            return f(std::integral_constant<int, 4>());
        }
    }

    quint64 lengthMask() const noexcept
    {
        return m_lengthMask;
    }

private:
    alignas(16) char16_t m_units[kMaxLength];
    int m_blocks;
    quint64 m_lengthMask;
};

} // namespace concord::detail
