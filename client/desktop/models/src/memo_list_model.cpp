// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/memo_list_model.h"

#include "sandi/desktop/plain_text.h"
#include "sandi/desktop/theme.h"

#include <QColor>
#include <QCoreApplication>
#include <QFont>
#include <QLocale>

namespace sandi::desktop {

MemoListModel::MemoListModel(History& history, QObject* parent) : QAbstractListModel(parent), m_history(history)
{
    connect(&m_history, &History::reset, this, &MemoListModel::reload);
    connect(&m_history, &History::memoUpserted, this, &MemoListModel::onMemo);
}

void MemoListModel::setConversation(const QString& key)
{
    m_key = key;
    m_searching = false;
    m_searchIds.clear();
    reload();
}

void MemoListModel::setSearchResults(const QStringList& memoIds)
{
    m_searching = true;
    m_searchIds = memoIds;
    reload();
}

void MemoListModel::reload()
{
    beginResetModel();
    m_ids.clear();
    if (m_searching) {
        for (const auto& id : m_searchIds)
            if (m_history.find(id)) m_ids << id;
    } else if (!m_key.isEmpty()) {
        for (const MemoView* m : m_history.conversation(m_key))
            m_ids << m->id;
    }
    endResetModel();
}

void MemoListModel::onMemo(const MemoView& memo, bool added)
{
    const int row = static_cast<int>(m_ids.indexOf(memo.id));
    if (row >= 0) {
        const QModelIndex i = index(row);
        emit dataChanged(i, i);
        return;
    }
    if (!added || m_searching || memo.conversationKey() != m_key) return;
    // New memos are the newest: they go at the end of the conversation.
    const int at = static_cast<int>(m_ids.size());
    beginInsertRows({}, at, at);
    m_ids << memo.id;
    endInsertRows();
}

const MemoView* MemoListModel::memoAt(int row) const
{
    if (row < 0 || row >= m_ids.size()) return nullptr;
    return m_history.find(m_ids[row]);
}

int MemoListModel::rowOf(const QString& memoId) const
{
    return static_cast<int>(m_ids.indexOf(memoId));
}

int MemoListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

QVariant MemoListModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.column() != 0) return {};
    const MemoView* m = memoAt(index.row());
    if (!m) return {};
    switch (role) {
    case Qt::DisplayRole:
        return tr("[%1] %2").arg(m->classification, m->hal.isEmpty() ? tr("(no subject)") : m->hal);
    case Qt::ToolTipRole:
    case Qt::AccessibleTextRole: {
        const QString text = tr("%1, %2, %3")
                                 .arg(classificationName(m->classification), m->hal,
                                      QLocale().toString(m->received, QLocale::ShortFormat));
        return role == Qt::ToolTipRole ? toolTipText(text) : text; // the subject is the sender's: never markup
    }
    case Qt::ForegroundRole:
        if (m->confidential()) return toneColour(Tone::Danger); // R and SR in red, as on the card
        return {};
    case Qt::FontRole: {
        QFont f;
        f.setBold(!m->read);
        return f;
    }
    case IdRole:
        return m->id;
    case ClassificationRole:
        return m->classification;
    case ConfidentialRole:
        return m->confidential();
    case HalRole:
        return m->hal;
    case UrgencyRole:
        return m->urgency;
    case StateRole:
        return static_cast<int>(m->state);
    case IncomingRole:
        return m->incoming;
    case ReadRole:
        return m->read;
    case SignedRole:
        return m->signedMemo;
    case ReceivedRole:
        return m->received;
    case AttachmentCountRole:
        return static_cast<int>(m->attachments.size());
    default:
        return {};
    }
}

QHash<int, QByteArray> MemoListModel::roleNames() const
{
    auto r = QAbstractListModel::roleNames();
    r[IdRole] = "id";
    r[ClassificationRole] = "classification";
    r[ConfidentialRole] = "confidential";
    r[HalRole] = "hal";
    r[UrgencyRole] = "urgency";
    r[StateRole] = "state";
    r[IncomingRole] = "incoming";
    r[ReadRole] = "read";
    r[SignedRole] = "signed";
    r[ReceivedRole] = "received";
    r[AttachmentCountRole] = "attachments";
    return r;
}

QString classificationName(const QString& code)
{
    if (code == u"B") return MemoListModel::tr("Ordinary (B)");
    if (code == u"T") return MemoListModel::tr("Restricted (T)");
    if (code == u"R") return MemoListModel::tr("Confidential (R)");
    if (code == u"SR") return MemoListModel::tr("Secret (SR)");
    return code;
}

QString urgencyName(const QString& urgency)
{
    if (urgency == u"segera") return MemoListModel::tr("Urgent");
    if (urgency == u"sangat-segera") return MemoListModel::tr("Very urgent");
    return MemoListModel::tr("Ordinary");
}

QString deliveryStateName(client::DeliveryState state)
{
    switch (state) {
    case client::DeliveryState::Queued:
        return MemoListModel::tr("Waiting to be sent");
    case client::DeliveryState::Accepted:
        return MemoListModel::tr("Sent");
    case client::DeliveryState::Delivered:
        return MemoListModel::tr("Delivered");
    case client::DeliveryState::Read:
        return MemoListModel::tr("Read");
    }
    return {};
}

NotificationText notificationFor(const MemoView& memo, const QString& senderName)
{
    if (memo.confidential())
        return {MemoListModel::tr("New %1 memo").arg(classificationName(memo.classification)),
                MemoListModel::tr("Open Sandi to read it.")};
    return {MemoListModel::tr("New memo from %1").arg(senderName.isEmpty() ? memo.peerNip : senderName),
            memo.hal.left(120)};
}

} // namespace sandi::desktop
