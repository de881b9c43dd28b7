// SPDX-License-Identifier: GPL-3.0-or-later
// The memos the window shows, on the GUI thread: filled from Session::historyLoaded and
// kept current from memoArrived / memoChanged. The conversation and memo models read it.
#pragma once

#include "sandi/desktop/views.h"

#include <QObject>
#include <QVector>

#include <map>

namespace sandi::desktop {

class History final : public QObject {
    Q_OBJECT
  public:
    explicit History(QObject* parent = nullptr) : QObject(parent) {}

    void setAll(const QVector<MemoView>& memos); // emits reset()
    void upsert(const MemoView& memo);           // emits memoUpserted()

    [[nodiscard]] const MemoView* find(const QString& id) const;
    // The conversation's memos, oldest first.
    [[nodiscard]] QVector<const MemoView*> conversation(const QString& key) const;
    [[nodiscard]] QVector<const MemoView*> all() const; // newest first
    [[nodiscard]] int unread(const QString& conversationKey) const;
    [[nodiscard]] int unreadTotal() const;

  signals:
    void reset();
    void memoUpserted(const sandi::desktop::MemoView& memo, bool added);

  private:
    std::map<QString, MemoView> m_byId;
};

} // namespace sandi::desktop
