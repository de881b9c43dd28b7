// SPDX-License-Identifier: GPL-3.0-or-later
// The real sandi-relay as a process for a widget test (as tests/relay/itest_harness.py runs
// it): a relay-tls certificate for 127.0.0.1 from the test PKI, the PKI's root and CRLs as
// its trust, a port the kernel picks, read from its "listening on" line.
#pragma once

#include "enrolled_store.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QRegularExpression>

#include <filesystem>

namespace sandi::test {

class RelayProcess final {
  public:
    // Starts the relay; url() is empty if it did not come up within `timeoutMs`.
    RelayProcess(TestPki& pki, const IssuedDevice& trust, const std::filesystem::path& dir, int timeoutMs = 20'000)
    {
        const Issued tls = pki.issue(*pki.baubau, Profile::RelayTls, "Sandi Relay", {}, {}, {"127.0.0.1"});
        std::vector<X509*> chain;
        for (const auto& c : tls.chain)
            chain.push_back(c.get());
        const auto pass = SecureBuffer::fromString("relay tls passphrase");
        const auto p12 = must(makePkcs12(tls.key.get(), tls.certificate.get(), chain, pass, "Sandi Relay"));
        must(writeFileAtomically(dir / "relay.p12", std::span<const std::byte>(p12), FileMode::Private));
        must(writeFileAtomically(dir / "relay.pass", std::string_view("relay tls passphrase"), FileMode::Private));
        std::filesystem::create_directories(dir / "relay-data");
        auto path = [](const std::filesystem::path& p) { return QString::fromStdString(p.string()); };
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.setStandardErrorFile(path(dir / "relay.log"));
        m_process.start(QStringLiteral(SANDI_RELAY_BIN),
                        {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"), QStringLiteral("--data"),
                         path(dir / "relay-data"), QStringLiteral("--tls-p12"), path(dir / "relay.p12"),
                         QStringLiteral("--tls-pass-file"), path(dir / "relay.pass"), QStringLiteral("--trust"),
                         path(trust.trust), QStringLiteral("--crl"), path(trust.crls)});
        static const QRegularExpression listening(QStringLiteral("^listening on (wss://127\\.0\\.0\\.1:\\d+)/$"));
        QDeadlineTimer deadline(timeoutMs);
        QByteArray out;
        while (!deadline.hasExpired() && m_process.state() != QProcess::NotRunning) {
            if (!m_process.waitForReadyRead(static_cast<int>(std::max<qint64>(deadline.remainingTime(), 1)))) continue;
            out += m_process.readAllStandardOutput();
            for (const QByteArray& line : out.split('\n')) {
                const auto m = listening.match(QString::fromUtf8(line).trimmed());
                if (m.hasMatch()) {
                    m_url = m.captured(1);
                    return;
                }
            }
        }
    }
    ~RelayProcess()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10'000)) m_process.kill();
        m_process.waitForFinished(5'000);
    }
    RelayProcess(const RelayProcess&) = delete;
    RelayProcess& operator=(const RelayProcess&) = delete;

    [[nodiscard]] const QString& url() const noexcept { return m_url; }

  private:
    QProcess m_process;
    QString m_url;
};

} // namespace sandi::test
