// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/conversation_model.h"

#include "sandi/desktop/plain_text.h"

#include <QFont>

#include <algorithm>
#include <map>
#include <set>

namespace sandi::desktop {

namespace {
constexpr quintptr kOfficeRow = 0; // internalId of a top row; children carry their office's row + 1
}

ConversationModel::ConversationModel(History& history, QObject* parent) : QAbstractItemModel(parent), m_history(history)
{
    connect(&m_history, &History::reset, this, &ConversationModel::rebuild);
    connect(&m_history, &History::memoUpserted, this, [this](const MemoView& m, bool) { onMemo(m); });
    rebuild();
}

void ConversationModel::setDirectory(const QVector<ContactView>& contacts, const QVector<GroupView>& groups,
                                     const QString& selfNip)
{
    m_contacts = contacts;
    m_groups = groups;
    m_selfNip = selfNip;
    rebuild();
}

const ContactView* ConversationModel::contact(const QString& nip) const
{
    for (const auto& c : m_contacts)
        if (c.nip == nip) return &c;
    return nullptr;
}

std::vector<ConversationModel::Office> ConversationModel::build() const
{
    std::map<QString, Office> offices; // sorted by name
    std::set<QString> listed;
    for (const auto& c : m_contacts) {
        if (c.nip == m_selfNip) continue;
        const QString officeName = c.office.isEmpty() ? tr("Other officials") : c.office;
        Office& o = offices[officeName];
        o.name = officeName;
        o.conversations.push_back(
            {QStringLiteral("nip:") + c.nip, c.name.isEmpty() ? c.nip : c.name, c.position, c.nip});
        listed.insert(QStringLiteral("nip:") + c.nip);
    }
    Office groups{tr("Groups"), true, {}};
    for (const auto& g : m_groups) {
        groups.conversations.push_back({QStringLiteral("group:") + g.name,
                                        g.name,
                                        tr("%n member(s)", nullptr, static_cast<int>(g.members.size())),
                                        {},
                                        true});
        listed.insert(QStringLiteral("group:") + g.name);
    }
    // Conversations in the history that the directory does not (or no longer) list.
    for (const MemoView* m : m_history.all()) {
        const QString key = m->conversationKey();
        if (listed.count(key)) continue;
        listed.insert(key);
        if (key.startsWith(QStringLiteral("group:"))) {
            groups.conversations.push_back({key, m->group, {}, {}, true});
        } else {
            const QString nip = key.mid(4);
            if (nip == m_selfNip || nip.isEmpty()) continue;
            Office& o = offices[tr("Other officials")];
            o.name = tr("Other officials");
            o.conversations.push_back({key, nip, {}, nip});
        }
    }
    std::vector<Office> out;
    if (!groups.conversations.empty()) out.push_back(std::move(groups));
    for (auto& [name, o] : offices)
        out.push_back(std::move(o));
    for (auto& o : out)
        std::sort(o.conversations.begin(), o.conversations.end(),
                  [](const Conversation& a, const Conversation& b) { return a.title.localeAwareCompare(b.title) < 0; });
    return out;
}

void ConversationModel::rebuild()
{
    beginResetModel();
    m_offices = build();
    endResetModel();
}

void ConversationModel::onMemo(const MemoView& memo)
{
    const QModelIndex at = indexOfKey(memo.conversationKey());
    if (!at.isValid()) return rebuild(); // a new conversation
    emit dataChanged(at, at);
    const QModelIndex office = at.parent();
    emit dataChanged(office, office);
}

QModelIndex ConversationModel::indexOfKey(const QString& key) const
{
    for (std::size_t o = 0; o < m_offices.size(); ++o)
        for (std::size_t c = 0; c < m_offices[o].conversations.size(); ++c)
            if (m_offices[o].conversations[c].key == key)
                return createIndex(static_cast<int>(c), 0, static_cast<quintptr>(o) + 1);
    return {};
}

QModelIndex ConversationModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column != 0 || row < 0) return {};
    if (!parent.isValid()) {
        if (static_cast<std::size_t>(row) >= m_offices.size()) return {};
        return createIndex(row, 0, kOfficeRow);
    }
    if (parent.internalId() != kOfficeRow || parent.row() < 0 ||
        static_cast<std::size_t>(parent.row()) >= m_offices.size())
        return {};
    const auto& o = m_offices[static_cast<std::size_t>(parent.row())];
    if (static_cast<std::size_t>(row) >= o.conversations.size()) return {};
    return createIndex(row, 0, static_cast<quintptr>(parent.row()) + 1);
}

QModelIndex ConversationModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == kOfficeRow) return {};
    return createIndex(static_cast<int>(child.internalId() - 1), 0, kOfficeRow);
}

int ConversationModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) return static_cast<int>(m_offices.size());
    if (parent.column() != 0 || parent.internalId() != kOfficeRow) return 0;
    return static_cast<int>(m_offices[static_cast<std::size_t>(parent.row())].conversations.size());
}

int ConversationModel::columnCount(const QModelIndex&) const
{
    return 1;
}

QVariant ConversationModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid()) return {};
    if (index.internalId() == kOfficeRow) {
        const Office& o = m_offices[static_cast<std::size_t>(index.row())];
        int unread = 0;
        for (const auto& c : o.conversations)
            unread += m_history.unread(c.key);
        switch (role) {
        case Qt::DisplayRole:
        case Qt::AccessibleTextRole:
            return o.name;
        case UnreadRole:
            return unread;
        case IsOfficeRole:
            return true;
        case IsGroupRole:
            return o.groups;
        case KeyRole:
        case NipRole:
            return QString();
        case Qt::FontRole: {
            QFont f;
            f.setBold(true);
            return f;
        }
        default:
            return {};
        }
    }
    const Office& o = m_offices[static_cast<std::size_t>(index.internalId() - 1)];
    const Conversation& c = o.conversations[static_cast<std::size_t>(index.row())];
    const int unread = m_history.unread(c.key);
    switch (role) {
    case Qt::DisplayRole:
        return unread > 0 ? tr("%1 (%2)").arg(c.title).arg(unread) : c.title;
    case Qt::AccessibleTextRole:
        return unread > 0 ? tr("%1, %n unread memo(s)", nullptr, unread).arg(c.title) : c.title;
    case Qt::ToolTipRole:
        // Names and positions come from the relay's directory and certificates: never markup.
        return toolTipText(c.subtitle.isEmpty() ? c.title : c.title + QLatin1Char('\n') + c.subtitle);
    case KeyRole:
        return c.key;
    case UnreadRole:
        return unread;
    case LastActivityRole: {
        const auto memos = m_history.conversation(c.key);
        return memos.isEmpty() ? QDateTime() : memos.back()->received;
    }
    case IsGroupRole:
        return c.group;
    case IsOfficeRole:
        return false;
    case NipRole:
        return c.nip;
    case Qt::FontRole: {
        QFont f;
        f.setBold(unread > 0);
        return f;
    }
    default:
        return {};
    }
}

QHash<int, QByteArray> ConversationModel::roleNames() const
{
    auto r = QAbstractItemModel::roleNames();
    r[KeyRole] = "key";
    r[UnreadRole] = "unread";
    r[LastActivityRole] = "lastActivity";
    r[IsGroupRole] = "isGroup";
    r[IsOfficeRole] = "isOffice";
    r[NipRole] = "nip";
    return r;
}

} // namespace sandi::desktop
