#pragma once

#include <cstdint>
#include <numeric>
#include <vector>

namespace concord {

// Disjoint sets over record indexes, with union by size and path halving.
class UnionFind
{
public:
    explicit UnionFind(std::uint32_t count)
        : m_parent(count)
        , m_size(count, 1)
    {
        std::iota(m_parent.begin(), m_parent.end(), 0u);
    }

    std::uint32_t find(std::uint32_t x)
    {
        while (m_parent[x] != x) {
            m_parent[x] = m_parent[m_parent[x]];
            x = m_parent[x];
        }
        return x;
    }

    // True when a and b were in different sets.
    bool unite(std::uint32_t a, std::uint32_t b)
    {
        a = find(a);
        b = find(b);
        if (a == b)
            return false;
        if (m_size[a] < m_size[b])
            std::swap(a, b);
        m_parent[b] = a;
        m_size[a] += m_size[b];
        return true;
    }

    std::uint32_t sizeOf(std::uint32_t x) { return m_size[find(x)]; }

private:
    std::vector<std::uint32_t> m_parent;
    std::vector<std::uint32_t> m_size;
};

} // namespace concord
