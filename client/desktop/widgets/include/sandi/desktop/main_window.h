// SPDX-License-Identifier: GPL-3.0-or-later
// The main window: conversations, documents and contacts as pages beside each other,
// the connection indicator in the status bar.
#pragma once

#include "sandi/desktop/session.h"

#include <QLabel>
#include <QMainWindow>
#include <QTabWidget>

namespace sandi::desktop {

class MainWindow final : public QMainWindow {
    Q_OBJECT
  public:
    explicit MainWindow(Session& session, QWidget* parent = nullptr);

    // Pages are added by main.cpp (and by tests) in the order they appear.
    void addPage(QWidget* page, const QString& title);
    [[nodiscard]] QTabWidget* pages() const noexcept { return m_pages; }
    [[nodiscard]] QLabel* connectionIndicator() const noexcept { return m_connection; }

  private:
    void showConnection(ConnectionState state, const QString& detail);
    Session& m_session;
    QTabWidget* m_pages;
    QLabel* m_connection;
};

} // namespace sandi::desktop
