// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/relay_probe.h"

#include <QUrl>

namespace sandi::desktop {

Result<QStringList> parseRelayUrls(const QString& text)
{
    QStringList out;
    for (const QString& line : text.split(QLatin1Char('\n'))) {
        const QString r = line.trimmed();
        if (r.isEmpty()) continue;
        const QUrl url(r, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("wss") || url.host().isEmpty() || url.port() <= 0)
            return fail(ErrorCode::InvalidArgument, "relay address '" + r.toStdString() + "' is not wss://HOST:PORT");
        out.append(r);
    }
    return out;
}

RelayProbe::RelayProbe(QObject* parent) : QObject(parent)
{
    m_timeout.setSingleShot(true);
    connect(&m_timeout, &QTimer::timeout, this, [this] {
        const QString url = m_client ? m_client->currentUrl() : QString();
        finish(false, tr("The relay %1 did not answer in time.").arg(url));
    });
}

RelayProbe::~RelayProbe()
{
    cancel();
}

void RelayProbe::probe(const QSslConfiguration& tls, const QStringList& urls, int timeoutMs)
{
    cancel();
    if (urls.isEmpty()) {
        emit finished(false, tr("No relay address given."));
        return;
    }
    m_client = std::make_unique<client::RelayClient>(tls, urls, QStringLiteral("sandi-desktop/0.1"));
    connect(m_client.get(), &client::RelayClient::connected, this, [this] { finish(true, m_client->currentUrl()); });
    connect(m_client.get(), &client::RelayClient::connectionLost, this,
            [this](const QString& reason) { finish(false, reason); });
    m_timeout.start(timeoutMs);
    m_client->start(false);
}

void RelayProbe::cancel()
{
    m_timeout.stop();
    if (m_client) {
        m_client->disconnect(this);
        m_client->stop();
        m_client.release()->deleteLater(); // it may be inside its own signal
    }
}

void RelayProbe::finish(bool ok, const QString& detail)
{
    cancel();
    emit finished(ok, detail);
}

} // namespace sandi::desktop
