// SPDX-License-Identifier: GPL-3.0-or-later
// The memos of one conversation (oldest first), or the results of a search over the
// decrypted local history (newest first, across conversations).
#pragma once

#include "sandi/desktop/history.h"

#include <QAbstractListModel>

namespace sandi::desktop {

class MemoListModel final : public QAbstractListModel {
    Q_OBJECT
  public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        ClassificationRole, // "B", "T", "R", "SR"
        ConfidentialRole,   // R or SR
        HalRole,
        UrgencyRole,
        StateRole, // client::DeliveryState as int (outgoing)
        IncomingRole,
        ReadRole,
        SignedRole,
        ReceivedRole,
        AttachmentCountRole,
    };
    explicit MemoListModel(History& history, QObject* parent = nullptr);

    void setConversation(const QString& key);          // leaves search mode
    void setSearchResults(const QStringList& memoIds); // the ids searchFinished gave
    [[nodiscard]] bool searching() const noexcept { return m_searching; }
    [[nodiscard]] const QString& conversation() const noexcept { return m_key; }
    [[nodiscard]] const MemoView* memoAt(int row) const;
    [[nodiscard]] int rowOf(const QString& memoId) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

  private:
    void reload();
    void onMemo(const MemoView& memo, bool added);

    History& m_history;
    QString m_key;
    bool m_searching = false;
    QStringList m_searchIds;
    QStringList m_ids; // rows
};

// Words for people, shared by the list, the memo card and notifications.
QString classificationName(const QString& code); // "SR" → "Secret (SR)"
QString urgencyName(const QString& urgency);     // "sangat-segera" → "Very urgent"
QString deliveryStateName(client::DeliveryState state);

// A desktop notification for a new memo. R and SR memos say only that one arrived:
// never the sender's words, the subject or the body.
struct NotificationText {
    QString title;
    QString body;
};
NotificationText notificationFor(const MemoView& memo, const QString& senderName);

} // namespace sandi::desktop
