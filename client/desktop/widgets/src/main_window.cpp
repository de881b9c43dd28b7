// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/main_window.h"

#include "sandi/desktop/theme.h"

#include <QAction>
#include <QApplication>
#include <QEvent>
#include <QMenu>
#include <QMenuBar>
#include <QStatusBar>

namespace sandi::desktop {

MainWindow::MainWindow(Session& session, QWidget* parent)
    : QMainWindow(parent), m_session(&session), m_pages(new QTabWidget(this)),
      m_messages(new MessagesPage(session, m_history, this)), m_connection(new QLabel(this)),
      m_pending(new QLabel(this)), m_lock(new QAction(this)), m_settings(new QAction(this)), m_quit(new QAction(this)),
      m_menu(menuBar()->addMenu(QString()))
{
    setObjectName(QStringLiteral("mainWindow"));
    setCentralWidget(m_pages);
    m_pages->setObjectName(QStringLiteral("pages"));
    m_pages->setDocumentMode(true);
    m_pages->addTab(m_messages, QString());
    m_connection->setObjectName(QStringLiteral("connectionIndicator"));
    m_connection->setTextFormat(Qt::PlainText);
    m_pending->setObjectName(QStringLiteral("pendingSends"));
    statusBar()->addPermanentWidget(m_pending);
    statusBar()->addPermanentWidget(m_connection);
    m_lock->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_quit->setShortcut(QKeySequence::Quit);
    m_settings->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma)); // QKeySequence::Preferences is empty on X11
    m_menu->addAction(m_settings);
    m_menu->addAction(m_lock);
    m_menu->addSeparator();
    m_menu->addAction(m_quit);
    connect(m_lock, &QAction::triggered, this, &MainWindow::lockRequested);
    connect(m_settings, &QAction::triggered, this, &MainWindow::settingsRequested);
    connect(m_quit, &QAction::triggered, this, &QWidget::close);
    connect(m_session, &Session::connectionChanged, this, &MainWindow::showConnection);
    connect(m_session, &Session::pendingSendsChanged, this,
            [this](int n) { m_pending->setText(n > 0 ? tr("%n memo(s) waiting", nullptr, n) : QString()); });
    connect(m_messages, &MessagesPage::unreadChanged, this, &MainWindow::showUnread);
    m_state = session.connectionState();
    retranslate();
    resize(1280, 800);
}

void MainWindow::addPage(QWidget* page, const QString& title)
{
    m_pages->addTab(page, title);
}

void MainWindow::changeEvent(QEvent* event)
{
    QMainWindow::changeEvent(event);
    if (event->type() == QEvent::LanguageChange) retranslate();
}

void MainWindow::retranslate()
{
    m_menu->setTitle(tr("&Sandi"));
    m_pages->setAccessibleName(tr("Pages"));
    m_lock->setText(tr("&Lock"));
    m_settings->setText(tr("&Settings…"));
    m_quit->setText(tr("&Quit"));
    m_pages->setTabText(0, m_unread > 0 ? tr("Memos (%1)").arg(m_unread) : tr("Memos"));
    const Session* session = m_session.data();
    const QString name = session != nullptr ? session->self().name : QString();
    setWindowTitle(m_unread > 0 ? tr("(%1) Sandi — %2").arg(m_unread).arg(name) : tr("Sandi — %1").arg(name));
    setAccessibleName(tr("Sandi"));
    showConnection(m_state, m_detail);
}

void MainWindow::showUnread(int unread)
{
    m_unread = unread;
    retranslate();
}

void MainWindow::showConnection(ConnectionState state, const QString& detail)
{
    m_state = state;
    m_detail = detail;
    QString text;
    QString colour;
    switch (state) {
    case ConnectionState::Online:
        text = tr("● Connected to the relay");
        colour = toneColour(Tone::Ok).name();
        break;
    case ConnectionState::Connecting:
        text = tr("● Connecting to the relay…");
        colour = toneColour(Tone::Warning).name();
        break;
    case ConnectionState::Offline:
        text = tr("● Offline");
        colour = toneColour(Tone::Danger).name();
        break;
    }
    m_connection->setText(text);
    m_connection->setStyleSheet(QStringLiteral("color:%1; font-weight:bold").arg(colour));
    m_connection->setToolTip(detail.isEmpty() ? QString() : QStringLiteral("<p>%1</p>").arg(detail.toHtmlEscaped()));
    m_connection->setAccessibleName(tr("Connection to the relay"));
    m_connection->setAccessibleDescription(detail.isEmpty() ? text : text + QStringLiteral(": ") + detail);
}

} // namespace sandi::desktop
