// The nickname table: groups of given names read from text (the shipped one is a Qt resource
// compiled into concord_core), looked up by folded name without allocating.
#include "Comparators.h"
#include "NameFolding.h"

#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace concord {
namespace {

Q_LOGGING_CATEGORY(lcNicknames, "concord.match.nicknames", QtWarningMsg)

const auto kTableResource = u":/concord/match/nicknames.txt"_s;

QString loadShippedTable()
{
    QFile file(kTableResource);
    if (!file.open(QIODevice::ReadOnly)) {
        // Only possible if the resource was not linked in: a build error, not user input.
        qCWarning(lcNicknames) << "cannot open" << kTableResource << file.errorString();
        return {};
    }
    return QString::fromUtf8(file.readAll());
}

std::size_t hashOf(QStringView folded)
{
    return qHash(folded, std::size_t(0));
}

} // namespace

const Nicknames& Nicknames::instance()
{
    static const Nicknames shipped(loadShippedTable());
    return shipped;
}

Nicknames::Nicknames(QStringView table)
{
    QHash<QString, QList<int>> membership; // folded name -> groups, in order
    for (QStringView line : table.split(u'\n')) {
        if (const qsizetype comment = line.indexOf(u'#'); comment >= 0)
            line = line.first(comment);
        QStringList group;
        QList<QString> keys;
        for (const QStringView part : line.split(u',')) {
            const QStringView name = part.trimmed();
            detail::FoldBuffer folded;
            detail::foldName(name, folded);
            if (folded.isEmpty())
                continue;
            const QString key = QString::fromUtf16(folded.data(), folded.size());
            if (keys.contains(key))
                continue;
            keys.append(key);
            group.append(name.toString());
        }
        if (group.size() < 2)
            continue; // a lone name says nothing
        const int index = int(m_groups.size());
        m_groups.append(group);
        for (const QString& key : keys)
            membership[key].append(index);
    }

    m_entries.reserve(std::size_t(membership.size()));
    for (auto it = membership.cbegin(); it != membership.cend(); ++it) {
        const int first = int(m_memberships.size());
        m_memberships.insert(m_memberships.end(), it.value().cbegin(), it.value().cend());
        m_entries.push_back({hashOf(it.key()), it.key(), first, int(it.value().size())});
    }
    std::sort(m_entries.begin(), m_entries.end(), [](const Entry& x, const Entry& y) {
        return x.hash != y.hash ? x.hash < y.hash : x.key < y.key;
    });
}

const Nicknames::Entry* Nicknames::find(QStringView folded) const
{
    const std::size_t hash = hashOf(folded);
    auto it = std::lower_bound(m_entries.begin(), m_entries.end(), hash,
                               [](const Entry& entry, std::size_t h) { return entry.hash < h; });
    for (; it != m_entries.end() && it->hash == hash; ++it) {
        if (it->key == folded)
            return &*it;
    }
    return nullptr;
}

bool Nicknames::equivalent(QStringView a, QStringView b) const
{
    detail::FoldBuffer foldedA;
    detail::FoldBuffer foldedB;
    detail::foldName(a, foldedA);
    detail::foldName(b, foldedB);
    const QStringView keyA(foldedA.data(), foldedA.size());
    const QStringView keyB(foldedB.data(), foldedB.size());
    if (keyA.isEmpty() || keyB.isEmpty())
        return false;
    if (keyA == keyB)
        return true;
    const Entry* entryA = find(keyA);
    const Entry* entryB = find(keyB);
    if (!entryA || !entryB)
        return false;
    // Both runs of group indices are sorted (groups were numbered in reading order).
    const int* x = m_memberships.data() + entryA->firstMembership;
    const int* xEnd = x + entryA->membershipCount;
    const int* y = m_memberships.data() + entryB->firstMembership;
    const int* yEnd = y + entryB->membershipCount;
    while (x != xEnd && y != yEnd) {
        if (*x == *y)
            return true;
        if (*x < *y)
            ++x;
        else
            ++y;
    }
    return false;
}

QStringList Nicknames::groupOf(QStringView name) const
{
    detail::FoldBuffer folded;
    detail::foldName(name, folded);
    const Entry* entry = find(QStringView(folded.data(), folded.size()));
    if (!entry)
        return {};
    QStringList names;
    QList<QString> seen;
    for (int k = 0; k < entry->membershipCount; ++k) {
        for (const QString& member : m_groups.at(m_memberships[std::size_t(entry->firstMembership + k)])) {
            detail::FoldBuffer memberFolded;
            detail::foldName(member, memberFolded);
            const QString key = QString::fromUtf16(memberFolded.data(), memberFolded.size());
            if (seen.contains(key))
                continue;
            seen.append(key);
            names.append(member);
        }
    }
    return names;
}

} // namespace concord
