// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/main_window.h"

#include <QStatusBar>

namespace sandi::desktop {

MainWindow::MainWindow(Session& session, QWidget* parent)
    : QMainWindow(parent), m_session(session), m_pages(new QTabWidget(this)), m_connection(new QLabel(this))
{
    setWindowTitle(tr("Sandi"));
    setCentralWidget(m_pages);
    m_pages->setDocumentMode(true);
    m_connection->setObjectName(QStringLiteral("connectionIndicator"));
    statusBar()->addPermanentWidget(m_connection);
    connect(&m_session, &Session::connectionChanged, this, &MainWindow::showConnection);
    showConnection(m_session.connectionState(), {});
}

void MainWindow::addPage(QWidget* page, const QString& title) { m_pages->addTab(page, title); }

void MainWindow::showConnection(ConnectionState state, const QString& detail)
{
    QString text;
    switch (state) {
    case ConnectionState::Online: text = tr("● Connected"); break;
    case ConnectionState::Connecting: text = tr("● Connecting…"); break;
    case ConnectionState::Offline: text = tr("● Offline"); break;
    }
    m_connection->setText(text);
    m_connection->setToolTip(detail);
    m_connection->setAccessibleName(tr("Connection to the relay"));
    m_connection->setAccessibleDescription(text);
}

} // namespace sandi::desktop
