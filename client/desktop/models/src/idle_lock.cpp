// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/idle_lock.h"

#include <QCoreApplication>
#include <QEvent>
#include <QGuiApplication>

#ifdef SANDI_DESKTOP_HAVE_DBUS
#include <QDBusConnection>
#endif

#include <algorithm>

namespace sandi::desktop {
namespace {

bool isUserInput(QEvent::Type type)
{
    switch (type) {
    case QEvent::KeyPress:
    case QEvent::KeyRelease:
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseMove:
    case QEvent::Wheel:
    case QEvent::TouchBegin:
    case QEvent::TouchUpdate:
    case QEvent::TabletPress:
    case QEvent::TabletMove:
    case QEvent::InputMethod:
        return true;
    default:
        return false;
    }
}

#ifdef SANDI_DESKTOP_HAVE_DBUS
// sd_bus_path_encode: every byte but [A-Za-z0-9] (and a leading digit) as _XX.
QString encodeBusPathLabel(const QByteArray& label)
{
    QString out;
    for (qsizetype i = 0; i < label.size(); ++i) {
        const char c = label[i];
        const bool alpha = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const bool digit = c >= '0' && c <= '9';
        if (alpha || (digit && i > 0))
            out += QLatin1Char(c);
        else
            out += QStringLiteral("_%1").arg(static_cast<unsigned char>(c), 2, 16, QLatin1Char('0'));
    }
    return out;
}
#endif

} // namespace

IdleWatcher::IdleWatcher(QObject* parent) : QObject(parent)
{
    m_idle.setSingleShot(true);
    m_inactive.setSingleShot(true);
    connect(&m_idle, &QTimer::timeout, this, &IdleWatcher::onIdleTimer);
    connect(&m_inactive, &QTimer::timeout, this, &IdleWatcher::requestLock);
    if (auto* app = QCoreApplication::instance()) app->installEventFilter(this);
    if (auto* gui = qobject_cast<QGuiApplication*>(QCoreApplication::instance()))
        connect(gui, &QGuiApplication::applicationStateChanged, this, &IdleWatcher::onApplicationState);
    subscribeScreenLock();
}

IdleWatcher::~IdleWatcher()
{
    if (auto* app = QCoreApplication::instance()) app->removeEventFilter(this);
}

void IdleWatcher::subscribeScreenLock()
{
#ifdef SANDI_DESKTOP_HAVE_DBUS
    QDBusConnection session = QDBusConnection::sessionBus();
    if (session.isConnected()) {
        const bool fd = session.connect(QString(), QStringLiteral("/org/freedesktop/ScreenSaver"),
                                        QStringLiteral("org.freedesktop.ScreenSaver"), QStringLiteral("ActiveChanged"),
                                        this, SLOT(onScreenSaverActiveChanged(bool)));
        const bool gnome = session.connect(QString(), QStringLiteral("/org/gnome/ScreenSaver"),
                                           QStringLiteral("org.gnome.ScreenSaver"), QStringLiteral("ActiveChanged"),
                                           this, SLOT(onScreenSaverActiveChanged(bool)));
        m_screenLockSignals = fd || gnome;
    }
    const QByteArray sessionId = qgetenv("XDG_SESSION_ID");
    QDBusConnection system = QDBusConnection::systemBus();
    if (!sessionId.isEmpty() && system.isConnected()) {
        const QString path = QStringLiteral("/org/freedesktop/login1/session/") + encodeBusPathLabel(sessionId);
        if (system.connect(QStringLiteral("org.freedesktop.login1"), path,
                           QStringLiteral("org.freedesktop.login1.Session"), QStringLiteral("Lock"), this,
                           SLOT(onSessionLock())))
            m_screenLockSignals = true;
    }
#endif
}

void IdleWatcher::setIdleTimeout(std::chrono::milliseconds timeout)
{
    m_timeout = std::max(timeout, std::chrono::milliseconds{0});
    if (!m_watching) return;
    m_inactive.stop();
    if (m_timeout.count() == 0) {
        m_idle.stop();
        return;
    }
    onIdleTimer(); // re-arms for the rest of the new time (or locks if it has passed)
}

void IdleWatcher::setInactiveGrace(std::chrono::milliseconds grace)
{
    m_grace = std::max(grace, std::chrono::milliseconds{0});
    if (m_inactive.isActive()) m_inactive.start(m_grace);
}

void IdleWatcher::start()
{
    m_watching = true;
    m_sinceInput.start();
    m_inactive.stop();
    if (m_timeout.count() > 0) m_idle.start(m_timeout);
}

void IdleWatcher::stop()
{
    m_watching = false;
    m_idle.stop();
    m_inactive.stop();
}

bool IdleWatcher::eventFilter(QObject* watched, QEvent* event)
{
    if (m_watching && isUserInput(event->type())) m_sinceInput.restart();
    return QObject::eventFilter(watched, event);
}

void IdleWatcher::onIdleTimer()
{
    if (!m_watching || m_timeout.count() == 0) return;
    const auto idle = std::chrono::milliseconds(m_sinceInput.elapsed());
    if (idle >= m_timeout) {
        requestLock();
        return;
    }
    m_idle.start(m_timeout - idle);
}

void IdleWatcher::onApplicationState(Qt::ApplicationState state)
{
    if (!m_watching) return;
    if (state == Qt::ApplicationActive) {
        m_inactive.stop();
        return;
    }
    if (m_timeout.count() == 0 || m_inactive.isActive()) return;
    m_inactive.start(m_grace);
}

void IdleWatcher::onScreenSaverActiveChanged(bool active)
{
    if (active) requestLock();
}

void IdleWatcher::onSessionLock()
{
    requestLock();
}

void IdleWatcher::requestLock()
{
    if (!m_watching) return;
    stop();
    emit lockRequested();
}

} // namespace sandi::desktop
