// SPDX-License-Identifier: GPL-3.0-or-later
// A device's account, in one directory (the CLI's --store, default
// ~/.local/share/sandi): every key is made on the device and never leaves it.
//
//   keystore.sandi   the E2E key store (identity key, prekeys, sessions), Argon2id + AEAD
//   device.key.pem   the TLS key, encrypted PKCS#8 under the same passphrase
//   device.key.pem.new  only while the passphrase changes (Account::changePassphrase)
//   request.csr.pem  the certificate request for the office CA (carries the identity key)
//   device.crt.pem   the device certificate and its chain (leaf first), after `init`
//   trust.pem        the trust anchors; crls.pem the CRLs (refreshed with `init --crl`)
//   account.ini      relay URLs (nothing secret)
//   history.db       the local history (SQLCipher), keyed from the key store
//
// docs/messaging.md describes enrolment.
#pragma once

#include "sandi/client/local_store.h"
#include "sandi/core/random.h"
#include "sandi/e2e/keystore.h"
#include "sandi/pki/certificate.h"

#include <QSslConfiguration>
#include <QStringList>

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace sandi::crypto {
struct VerifyOptions;
}

namespace sandi::client {

inline constexpr std::size_t kInitialOneTimePreKeys = 100;

struct RequestParams {
    std::string name;     // CN, e.g. "Sri Wahyuni (laptop)"
    std::string nip;      // subject serialNumber
    std::string position; // subject title
};

struct InitParams {
    std::filesystem::path certificate;             // PEM: the device certificate (and optionally its chain)
    std::vector<std::filesystem::path> trust;      // PEM anchors
    std::vector<std::filesystem::path> crls;       // CRLs
    std::vector<std::filesystem::path> chainFiles; // extra intermediates
    QStringList relays;                            // wss://HOST:PORT
};

// What a validated device certificate says (peer or self).
struct DeviceInfo {
    QString device; // wire device id
    e2e::CertifiedIdentity identity;
    QString name, position, office;
    std::vector<QByteArray> chain; // DER, leaf first
};

class Account final {
  public:
    // Creates STORE with the key store (identity key, a signed prekey, one-time prekeys)
    // and the TLS key, and writes the CSR to `csrOut` (PEM). Refuses an existing store.
    static Status request(const std::filesystem::path& store, const crypto::SecureBuffer& passphrase,
                          const RequestParams& params, const std::filesystem::path& csrOut, crypto::Random& rng);
    // Completes the account with the issued certificate: checks that it certifies this
    // store's TLS key and identity key and that it validates (clientAuth, device profile,
    // CRLs) against the anchors; copies certificate, anchors and CRLs into the store.
    // Run again with new CRLs or relays to refresh them.
    static Status init(const std::filesystem::path& store, const crypto::SecureBuffer& passphrase,
                       const InitParams& params);
    // Opens the key store (wrong passphrase → WrongPassphrase), the certificate, trust
    // and history. Holds the key store's lock while it lives.
    static Result<std::unique_ptr<Account>> open(const std::filesystem::path& store,
                                                 const crypto::SecureBuffer& passphrase);
    // Changes the store passphrase of a closed store: the key store (a new master key under
    // the new passphrase) and the TLS key (re-encrypted). The history is keyed from the
    // identity key, so it stays as it is. Wrong old passphrase → WrongPassphrase. Order,
    // so that an interruption loses nothing: the TLS key under the new passphrase goes to
    // device.key.pem.new, then the key store is replaced (the commit point), then
    // device.key.pem.new is renamed over device.key.pem. Interrupted before the commit, the
    // old passphrase still opens everything (the stray .new is replaced or removed later);
    // after it, the new passphrase opens the key store and open / init / changePassphrase
    // finish the rename first.
    static Status changePassphrase(const std::filesystem::path& store, const crypto::SecureBuffer& oldPassphrase,
                                   const crypto::SecureBuffer& newPassphrase);
    // The same on this open account (on the thread that uses it): the key store's lock is
    // already held. The TLS configuration in memory stays valid (the key is the same).
    Status changePassphrase(const crypto::SecureBuffer& oldPassphrase, const crypto::SecureBuffer& newPassphrase);
    ~Account();

    [[nodiscard]] e2e::KeyStoreFile& keys() noexcept { return *m_keys; }
    [[nodiscard]] LocalStore& local() noexcept { return *m_local; }
    [[nodiscard]] const DeviceInfo& self() const noexcept { return m_self; }
    [[nodiscard]] const QStringList& relays() const noexcept { return m_relays; }
    [[nodiscard]] const std::vector<crypto::Certificate>& anchors() const noexcept { return m_anchors; }
    [[nodiscard]] const std::vector<crypto::Crl>& crls() const noexcept { return m_crls; }
    [[nodiscard]] const std::filesystem::path& directory() const noexcept { return m_dir; }
    [[nodiscard]] crypto::Random& rng() noexcept { return m_rng; }

    // TLS 1.3 with this device's certificate and key; the relay's certificate must
    // chain to the anchors and name the host.
    [[nodiscard]] const QSslConfiguration& tls() const noexcept { return m_tls; }
    // Validates a device certificate chain (DER, leaf first) the way peers are checked:
    // anchors, CRLs, clientAuth, a certified identity key. Never trusts the relay.
    [[nodiscard]] Result<DeviceInfo> validateDevice(const std::vector<QByteArray>& chain) const;
    // Trust for memo signatures (the official's signing certificate).
    [[nodiscard]] crypto::VerifyOptions verifyOptions() const;

  private:
    Account() = default;
    std::filesystem::path m_dir;
    crypto::SystemRandom m_rng;
    std::unique_ptr<e2e::KeyStoreFile> m_keys;
    std::unique_ptr<LocalStore> m_local;
    DeviceInfo m_self;
    QStringList m_relays;
    std::vector<crypto::Certificate> m_anchors;
    std::vector<crypto::Crl> m_crls;
    QSslConfiguration m_tls;
};

std::filesystem::path defaultStoreDirectory(); // $XDG_DATA_HOME/sandi or ~/.local/share/sandi

} // namespace sandi::client
