// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/history.h"

#include <algorithm>

namespace sandi::desktop {

namespace {
bool olderFirst(const MemoView* a, const MemoView* b)
{
    if (a->received != b->received) return a->received < b->received;
    return a->id < b->id;
}
} // namespace

void History::setAll(const QVector<MemoView>& memos)
{
    m_byId.clear();
    for (const auto& m : memos)
        m_byId[m.id] = m;
    emit reset();
}

void History::upsert(const MemoView& memo)
{
    auto [it, added] = m_byId.insert_or_assign(memo.id, memo);
    emit memoUpserted(it->second, added);
}

const MemoView* History::find(const QString& id) const
{
    auto it = m_byId.find(id);
    return it == m_byId.end() ? nullptr : &it->second;
}

QVector<const MemoView*> History::conversation(const QString& key) const
{
    QVector<const MemoView*> out;
    for (const auto& [id, m] : m_byId)
        if (m.conversationKey() == key) out.push_back(&m);
    std::sort(out.begin(), out.end(), olderFirst);
    return out;
}

QVector<const MemoView*> History::all() const
{
    QVector<const MemoView*> out;
    out.reserve(static_cast<qsizetype>(m_byId.size()));
    for (const auto& [id, m] : m_byId)
        out.push_back(&m);
    std::sort(out.begin(), out.end(), [](const MemoView* a, const MemoView* b) { return olderFirst(b, a); });
    return out;
}

int History::unread(const QString& conversationKey) const
{
    int n = 0;
    for (const auto& [id, m] : m_byId)
        if (!m.read && m.conversationKey() == conversationKey) ++n;
    return n;
}

int History::unreadTotal() const
{
    return static_cast<int>(std::count_if(m_byId.begin(), m_byId.end(), [](const auto& p) { return !p.second.read; }));
}

} // namespace sandi::desktop
