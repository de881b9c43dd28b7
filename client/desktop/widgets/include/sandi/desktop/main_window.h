// SPDX-License-Identifier: GPL-3.0-or-later
// The main window of an unlocked account: the conversations page first, then the pages
// main.cpp adds (documents), the connection indicator and the count of memos waiting to
// be sent in the status bar, and the unread count in the title.
#pragma once

#include "sandi/desktop/history.h"
#include "sandi/desktop/messages_page.h"
#include "sandi/desktop/session.h"

#include <QLabel>
#include <QMainWindow>
#include <QPointer>
#include <QTabWidget>

namespace sandi::desktop {

class MainWindow final : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(Session& session, QWidget* parent = nullptr);

    // Pages are added by main.cpp (and by tests) after the conversations, in order.
    void addPage(QWidget* page, const QString& title);
    [[nodiscard]] QTabWidget* pages() const noexcept { return m_pages; }
    [[nodiscard]] MessagesPage* messages() const noexcept { return m_messages; }
    [[nodiscard]] QLabel* connectionIndicator() const noexcept { return m_connection; }
    [[nodiscard]] History& history() noexcept { return m_history; }

  signals:
    void lockRequested();     // the user chose "Lock"
    void settingsRequested(); // the user chose "Settings"

  protected:
    void changeEvent(QEvent* event) override;

  private:
    void retranslate();
    void showConnection(ConnectionState state, const QString& detail);
    void showUnread(int unread);

    QPointer<Session> m_session; // null once the app locked
    History m_history;
    QTabWidget* m_pages;
    MessagesPage* m_messages;
    QLabel* m_connection;
    QLabel* m_pending;
    QAction* m_lock;
    QAction* m_settings;
    QAction* m_quit;
    QMenu* m_menu;
    ConnectionState m_state = ConnectionState::Offline;
    QString m_detail;
    int m_unread = 0;
};

} // namespace sandi::desktop
