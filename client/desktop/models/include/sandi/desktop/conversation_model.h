// SPDX-License-Identifier: GPL-3.0-or-later
// The conversations, grouped by office: a two-level tree. Top rows are offices (and one
// row for the groups); their children are the conversations with officials (one per NIP)
// and groups, with the unread count and the time of the last memo. Officials the
// directory does not list (a memo from a since-revoked device) are under "Other".
#pragma once

#include "sandi/desktop/history.h"

#include <QAbstractItemModel>

namespace sandi::desktop {

class ConversationModel final : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Role {
        KeyRole = Qt::UserRole + 1, // "nip:NIP" or "group:NAME" ("" on an office row)
        UnreadRole,                 // int
        LastActivityRole,           // QDateTime of the newest memo (invalid if none)
        IsGroupRole,                // bool
        IsOfficeRole,               // bool: an office (or the groups) heading
        NipRole,                    // the official's NIP ("" for groups and offices)
    };
    explicit ConversationModel(History& history, QObject* parent = nullptr);

    // The directory: officials (this official's own NIP left out) and groups.
    void setDirectory(const QVector<ContactView>& contacts, const QVector<GroupView>& groups, const QString& selfNip);
    [[nodiscard]] QModelIndex indexOfKey(const QString& key) const;
    [[nodiscard]] const ContactView* contact(const QString& nip) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

  private:
    struct Conversation {
        QString key, title, subtitle, nip;
        bool group = false;
    };
    struct Office {
        QString name;
        bool groups = false;
        std::vector<Conversation> conversations;
    };
    [[nodiscard]] std::vector<Office> build() const;
    void rebuild();
    void onMemo(const MemoView& memo);

    History& m_history;
    QVector<ContactView> m_contacts;
    QVector<GroupView> m_groups;
    QString m_selfNip;
    std::vector<Office> m_offices;
};

} // namespace sandi::desktop
