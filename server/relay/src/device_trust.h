// SPDX-License-Identifier: GPL-3.0-or-later
// Which devices may connect: the configured anchors and CRLs, and Sandi's own chain
// validation of the chain a device presents (purpose clientAuth, the device profile:
// a certified E2E identity key, revocation required). Thread-safe: connection threads
// read a snapshot while the main thread reloads the CRLs.
#pragma once

#include "sandi/core/result.h"
#include "sandi/e2e/certified_identity.h"
#include "sandi/pki/certificate.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <memory>
#include <mutex>
#include <vector>

namespace sandi::server {

struct AuthenticatedDevice {
    QString device; // wire::deviceIdOf(leaf DER)
    QString nip, name, position, office;
    e2e::CertifiedIdentity identity;
    std::vector<QByteArray> chain; // DER, leaf first
    qint64 notAfter = 0;           // Unix ms
};

class DeviceTrust final {
  public:
    // Reads the anchors and CRLs; fails naming the file that cannot be read.
    static Result<std::unique_ptr<DeviceTrust>> load(const QStringList& anchorFiles, const QStringList& crlFiles);
    // Reads the CRL files again; on any error keeps the previous CRLs and says why.
    Status reloadCrls();
    // Validates `chainDer` (leaf first, as presented) at `now`.
    [[nodiscard]] Result<AuthenticatedDevice> authenticate(const std::vector<QByteArray>& chainDer,
                                                           std::chrono::system_clock::time_point now) const;
    [[nodiscard]] std::vector<crypto::Certificate> anchors() const;
    [[nodiscard]] std::size_t crlCount() const;

  private:
    struct Snapshot {
        std::vector<crypto::Certificate> anchors;
        std::vector<crypto::Crl> crls;
    };
    DeviceTrust() = default;
    std::shared_ptr<const Snapshot> snapshot() const;
    static Result<std::vector<crypto::Crl>> readCrls(const QStringList& files);

    QStringList m_crlFiles;
    mutable std::mutex m_mutex;
    std::shared_ptr<const Snapshot> m_snapshot;
};

} // namespace sandi::server
