#pragma once

#include <QStringView>
#include <QtGlobal>
#include <cstring>

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
        : m_blocks(int((s.size() + 15) / 16))
        , m_lengthMask(s.size() >= 64 ? ~quint64(0) : (quint64(1) << s.size()) - 1)
    {
        Q_ASSERT(s.size() <= kMaxLength);
        std::memset(m_units, 0, sizeof(char16_t) * 16 * std::size_t(m_blocks));
        if (!s.isEmpty())
            std::memcpy(m_units, s.utf16(), sizeof(char16_t) * std::size_t(s.size()));
    }

    quint64 match(char16_t c) const noexcept
    {
#if defined(__SSE2__)
        const __m128i needle = _mm_set1_epi16(short(c));
        quint64 mask = 0;
        for (int k = 0; k < m_blocks; ++k) {
            const __m128i lo = _mm_loadu_si128(reinterpret_cast<const __m128i*>(m_units + 16 * k));
            const __m128i hi = _mm_loadu_si128(reinterpret_cast<const __m128i*>(m_units + 16 * k + 8));
            const __m128i eq = _mm_packs_epi16(_mm_cmpeq_epi16(lo, needle), _mm_cmpeq_epi16(hi, needle));
            mask |= quint64(quint32(_mm_movemask_epi8(eq)) & 0xFFFFu) << (16 * k);
        }
        // The zero padding after the string matches c == 0: keep only real positions.
        return mask & m_lengthMask;
#else
        quint64 mask = 0;
        for (int i = 0; i < 16 * m_blocks; ++i)
            mask |= quint64(m_units[i] == c) << i;
        return mask & m_lengthMask;
#endif
    }

    quint64 lengthMask() const noexcept { return m_lengthMask; }

private:
    alignas(16) char16_t m_units[kMaxLength];
    int m_blocks;
    quint64 m_lengthMask;
};

} // namespace concord::detail
