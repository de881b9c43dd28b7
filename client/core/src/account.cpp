// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/account.h"

#include "sandi/core/atomic_file.h"
#include "sandi/e2e/identity.h"
#include "sandi/e2e/primitives.h"
#include "sandi/pki/cert_builder.h"
#include "sandi/pki/chain.h"
#include "sandi/pki/x509.h"
#include "sandi/sign/validation.h"
#include "sandi/wire/frame.h"

#include <QSettings>
#include <QSslCertificate>
#include <QSslKey>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <chrono>
#include <cstdlib>
#include <cstring>

namespace sandi::client {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxPemBytes = std::size_t{4} << 20;
constexpr char kKeyStore[] = "keystore.sandi";
constexpr char kTlsKey[] = "device.key.pem";
constexpr char kNewTlsKey[] = "device.key.pem.new"; // only while the passphrase changes
constexpr char kRequest[] = "request.csr.pem";
constexpr char kCertificate[] = "device.crt.pem";
constexpr char kTrust[] = "trust.pem";
constexpr char kCrls[] = "crls.pem";
constexpr char kSettings[] = "account.ini";
constexpr char kHistory[] = "history.db";

crypto::TimePoint now()
{
    return std::chrono::system_clock::now();
}

QByteArray qbytes(std::span<const std::byte> b)
{
    return QByteArray(reinterpret_cast<const char*>(b.data()), static_cast<qsizetype>(b.size()));
}

std::span<const std::byte> spanOf(const QByteArray& b)
{
    return std::as_bytes(std::span(b.constData(), static_cast<std::size_t>(b.size())));
}

QString subjectAttribute(X509* cert, int nid)
{
    return QString::fromStdString(crypto::subjectAttribute(cert, nid));
}

Result<std::vector<crypto::Certificate>> readCertificates(const fs::path& file)
{
    SANDI_ASSIGN(bytes, crypto::readFile(file, kMaxPemBytes));
    auto certs = crypto::Certificate::parseAll(bytes);
    if (!certs) return fail(certs.error().context(file.string()));
    return certs;
}

Result<std::vector<crypto::Crl>> readCrls(const fs::path& file)
{
    SANDI_ASSIGN(bytes, crypto::readFile(file, kMaxPemBytes));
    if (bytes.empty()) return std::vector<crypto::Crl>{};
    auto crls = crypto::Crl::parseAll(bytes);
    if (!crls) return fail(crls.error().context(file.string()));
    return crls;
}

// The 32-byte SQLCipher key of the history: HKDF-SHA-256 from the identity key's seed.
crypto::SecureBuffer historyKey(const e2e::IdentityKeyPair& identity)
{
    crypto::SecureBuffer key(kHistoryKeyBytes);
    e2e::hkdfSha256({}, identity.seed.bytes(), "Sandi history database v1", key.bytes());
    return key;
}

// The identity key's raw public bytes as an OpenSSL key (for the CSR extension).
Result<crypto::ossl::PkeyPtr> identityPkey(const e2e::IdentityPublicKey& pub)
{
    crypto::ossl::PkeyPtr key(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(pub.data()), pub.size()));
    if (!key) return fail(crypto::ossl::lastError("identity key"));
    return key;
}

// Finishes a passphrase change that was interrupted after its commit point (the key store
// replaced): once the key store opened with `passphrase`, a device.key.pem.new that opens
// with it too is the TLS key of that change and goes into place; one that does not is left
// over from a change interrupted before the commit and goes. Runs with the key store's
// lock held.
Status settlePassphraseChange(const fs::path& store, const crypto::SecureBuffer& passphrase)
{
    const fs::path pending = store / kNewTlsKey;
    std::error_code ec;
    if (!fs::exists(pending, ec)) return {};
    SANDI_ASSIGN(pem, crypto::readFile(pending, kMaxPemBytes));
    if (crypto::decryptPrivateKeyPem(pem, passphrase)) {
        fs::rename(pending, store / kTlsKey, ec);
        if (ec) return fail(ErrorCode::Io, "cannot rename " + pending.string() + ": " + ec.message());
    } else {
        fs::remove(pending, ec);
        if (ec) return fail(ErrorCode::Io, "cannot remove " + pending.string() + ": " + ec.message());
    }
    return crypto::syncDirectory(store);
}

// The change itself, with the key store open under the old passphrase (its lock held).
Status rewrapStore(const fs::path& store, e2e::KeyStoreFile& keys, const crypto::SecureBuffer& oldPassphrase,
                   const crypto::SecureBuffer& newPassphrase, crypto::Random& rng)
{
    if (newPassphrase.empty()) return fail(ErrorCode::InvalidArgument, "the new passphrase is empty");
    SANDI_TRY(settlePassphraseChange(store, oldPassphrase));
    SANDI_ASSIGN(keyPem, crypto::readFile(store / kTlsKey, kMaxPemBytes));
    SANDI_ASSIGN(tlsKey, crypto::decryptPrivateKeyPem(keyPem, oldPassphrase));
    SANDI_ASSIGN(newPem, crypto::encryptPrivateKeyPem(tlsKey.get(), newPassphrase));
    SANDI_TRY(crypto::writeFileAtomically(store / kNewTlsKey, newPem, crypto::FileMode::Private));
    SANDI_TRY(keys.changePassphrase(newPassphrase, rng)); // the commit point
    return settlePassphraseChange(store, newPassphrase);
}

} // namespace

fs::path defaultStoreDirectory()
{
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg != nullptr && *xdg != '\0') return fs::path(xdg) / "sandi";
    const char* home = std::getenv("HOME");
    return fs::path(home != nullptr ? home : ".") / ".local" / "share" / "sandi";
}

Status Account::request(const fs::path& store, const crypto::SecureBuffer& passphrase, const RequestParams& params,
                        const fs::path& csrOut, crypto::Random& rng)
{
    if (params.name.empty()) return fail(ErrorCode::InvalidArgument, "the request needs a name (--name)");
    if (params.nip.empty()) return fail(ErrorCode::InvalidArgument, "the request needs the official's NIP (--nip)");
    if (fs::exists(store / kKeyStore))
        return fail(ErrorCode::AlreadyExists, "an account already exists in " + store.string());
    if (store.has_parent_path()) {
        std::error_code ec;
        fs::create_directories(store.parent_path(), ec);
        if (ec) return fail(ErrorCode::Io, "cannot create " + store.parent_path().string() + ": " + ec.message());
    }
    SANDI_TRY(crypto::createPrivateDirectory(store, false));

    e2e::AccountData data;
    data.identity = e2e::IdentityKeyPair::generate(rng);
    data.signedPreKeys.push_back(e2e::makeSignedPreKey(data.identity, 1, rng, now()));
    for (std::uint32_t id = 1; id <= kInitialOneTimePreKeys; ++id)
        data.oneTimePreKeys.push_back(e2e::OneTimePreKey{id, e2e::DhKeyPair::generate(rng)});

    SANDI_ASSIGN(tlsKey, crypto::generateKey(crypto::KeyType::P256));
    SANDI_ASSIGN(keyPem, crypto::encryptPrivateKeyPem(tlsKey.get(), passphrase));
    SANDI_ASSIGN(idKey, identityPkey(data.identity.publicKey));
    crypto::DistinguishedName dn;
    dn.commonName = params.name;
    dn.serialNumber = params.nip;
    dn.title = params.position;
    SANDI_ASSIGN(req, crypto::makeDeviceRequest(tlsKey.get(), dn, idKey.get()));
    BIO* bio = BIO_new(BIO_s_mem());
    if (bio == nullptr || PEM_write_bio_X509_REQ(bio, req.get()) != 1) {
        BIO_free(bio);
        return fail(crypto::ossl::lastError("writing the certificate request"));
    }
    char* pem = nullptr;
    const long pemLen = BIO_get_mem_data(bio, &pem);
    const std::string csrPem(pem, static_cast<std::size_t>(pemLen));
    BIO_free(bio);

    SANDI_TRY(
        crypto::writeFileAtomically(store / kTlsKey, keyPem, crypto::FileMode::Private, crypto::Overwrite::Refuse));
    SANDI_ASSIGN(file, e2e::KeyStoreFile::create(store / kKeyStore, passphrase, data, rng));
    (void)file;
    SANDI_TRY(
        crypto::writeFileAtomically(store / kRequest, csrPem, crypto::FileMode::Public, crypto::Overwrite::Allow));
    SANDI_TRY(crypto::writeFileAtomically(csrOut, csrPem, crypto::FileMode::Public, crypto::Overwrite::Allow));
    return {};
}

Status Account::changePassphrase(const fs::path& store, const crypto::SecureBuffer& oldPassphrase,
                                 const crypto::SecureBuffer& newPassphrase)
{
    SANDI_ASSIGN(keys, e2e::KeyStoreFile::open(store / kKeyStore, oldPassphrase));
    crypto::SystemRandom rng;
    return rewrapStore(store, keys, oldPassphrase, newPassphrase, rng);
}

Status Account::changePassphrase(const crypto::SecureBuffer& oldPassphrase, const crypto::SecureBuffer& newPassphrase)
{
    // The key store is open already: the old passphrase is checked on the TLS key, which
    // is encrypted under the same passphrase.
    SANDI_ASSIGN(keyPem, crypto::readFile(m_dir / kTlsKey, kMaxPemBytes));
    SANDI_TRY(crypto::decryptPrivateKeyPem(keyPem, oldPassphrase));
    return rewrapStore(m_dir, *m_keys, oldPassphrase, newPassphrase, m_rng);
}

Status Account::init(const fs::path& store, const crypto::SecureBuffer& passphrase, const InitParams& params)
{
    SANDI_ASSIGN(keys, e2e::KeyStoreFile::open(store / kKeyStore, passphrase));
    SANDI_TRY(settlePassphraseChange(store, passphrase));
    SANDI_ASSIGN(keyPem, crypto::readFile(store / kTlsKey, kMaxPemBytes));
    SANDI_ASSIGN(tlsKey, crypto::decryptPrivateKeyPem(keyPem, passphrase));

    std::vector<crypto::Certificate> chain;
    if (!params.certificate.empty()) {
        SANDI_ASSIGN(certs, readCertificates(params.certificate));
        chain = std::move(certs);
    } else {
        SANDI_ASSIGN(certs, readCertificates(store / kCertificate));
        chain = std::move(certs);
    }
    if (chain.empty()) return fail(ErrorCode::InvalidInput, "no certificate in " + params.certificate.string());
    for (const auto& f : params.chainFiles) {
        SANDI_ASSIGN(extra, readCertificates(f));
        for (auto& c : extra)
            chain.push_back(std::move(c));
    }
    if (X509_check_private_key(chain.front().native(), tlsKey.get()) != 1) {
        crypto::ossl::clearErrors();
        return fail(ErrorCode::Policy, "the certificate is not for this device's TLS key (was it issued for "
                                       "this store's request.csr.pem?)");
    }
    std::vector<crypto::Certificate> anchors;
    for (const auto& f : params.trust) {
        SANDI_ASSIGN(a, readCertificates(f));
        for (auto& c : a)
            anchors.push_back(std::move(c));
    }
    if (anchors.empty()) {
        SANDI_ASSIGN(a, readCertificates(store / kTrust));
        anchors = std::move(a);
    }
    std::vector<crypto::Crl> crls;
    for (const auto& f : params.crls) {
        SANDI_ASSIGN(c, readCrls(f));
        for (auto& x : c)
            crls.push_back(std::move(x));
    }
    if (params.crls.empty() && fs::exists(store / kCrls)) {
        SANDI_ASSIGN(c, readCrls(store / kCrls));
        crls = std::move(c);
    }
    crypto::ChainInput in;
    in.leaf = chain.front();
    const std::vector<crypto::Certificate> intermediates(chain.begin() + 1, chain.end());
    in.intermediates = intermediates;
    in.anchors = anchors;
    in.crls = crls;
    in.time = now();
    SANDI_ASSIGN(identity, e2e::identityFromDeviceCertificate(in));
    if (!crypto::constantTimeEqual(identity.identityKey, keys.data().identity.publicKey))
        return fail(ErrorCode::Policy, "the certificate certifies another messaging identity key than this store's");

    std::string chainPem, trustPem, crlPem;
    for (const auto& c : chain)
        chainPem += crypto::certificatePem(c.native());
    for (const auto& a : anchors)
        trustPem += crypto::certificatePem(a.native());
    for (const auto& c : crls)
        crlPem += crypto::crlPem(c.native());
    SANDI_TRY(crypto::writeFileAtomically(store / kCertificate, chainPem, crypto::FileMode::Public));
    SANDI_TRY(crypto::writeFileAtomically(store / kTrust, trustPem, crypto::FileMode::Public));
    SANDI_TRY(crypto::writeFileAtomically(store / kCrls, crlPem, crypto::FileMode::Public));
    if (!params.relays.isEmpty()) {
        for (const QString& r : params.relays) {
            const QUrl url(r);
            if (!url.isValid() || url.scheme() != "wss" || url.host().isEmpty() || url.port() <= 0)
                return fail(ErrorCode::InvalidArgument,
                            "relay address '" + r.toStdString() + "' is not wss://HOST:PORT");
        }
        QSettings settings(QString::fromStdString((store / kSettings).string()), QSettings::IniFormat);
        settings.setValue("relays", params.relays);
        settings.sync();
        if (settings.status() != QSettings::NoError) return fail(ErrorCode::Io, "cannot write account.ini");
    }
    return {};
}

Result<std::unique_ptr<Account>> Account::open(const fs::path& store, const crypto::SecureBuffer& passphrase)
{
    if (!fs::exists(store / kKeyStore))
        return fail(ErrorCode::NotFound, "no account in " + store.string() + " (sandi account request / init)");
    if (!fs::exists(store / kCertificate))
        return fail(ErrorCode::NotFound, "the account in " + store.string() +
                                             " has no certificate yet (sandi account init --cert DEVICE.crt.pem)");
    std::unique_ptr<Account> a(new Account);
    a->m_dir = store;
    SANDI_ASSIGN(keys, e2e::KeyStoreFile::open(store / kKeyStore, passphrase));
    a->m_keys = std::make_unique<e2e::KeyStoreFile>(std::move(keys));
    SANDI_TRY(settlePassphraseChange(store, passphrase));
    SANDI_ASSIGN(chain, readCertificates(store / kCertificate));
    SANDI_ASSIGN(anchors, readCertificates(store / kTrust));
    a->m_anchors = std::move(anchors);
    if (fs::exists(store / kCrls)) {
        SANDI_ASSIGN(crls, readCrls(store / kCrls));
        a->m_crls = std::move(crls);
    }
    std::vector<QByteArray> der;
    for (const auto& c : chain)
        der.push_back(qbytes(c.der()));
    auto self = a->validateDevice(der);
    if (!self) return fail(self.error().context("this device's own certificate"));
    a->m_self = std::move(*self);

    SANDI_ASSIGN(keyPem, crypto::readFile(store / kTlsKey, kMaxPemBytes));
    QByteArray pass(passphrase.chars(), static_cast<qsizetype>(std::strlen(passphrase.chars())));
    QSslKey key(qbytes(keyPem), QSsl::Ec, QSsl::Pem, QSsl::PrivateKey, pass);
    pass.fill(0);
    if (key.isNull()) return fail(ErrorCode::WrongPassphrase, "the TLS key does not open with this passphrase");
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.setProtocol(QSsl::TlsV1_3OrLater);
    tls.setPrivateKey(key);
    QList<QSslCertificate> qchain;
    for (const auto& d : der)
        qchain.append(QSslCertificate(d, QSsl::Der));
    tls.setLocalCertificate(qchain.front());
    tls.setLocalCertificateChain(qchain);
    QList<QSslCertificate> cas;
    for (const auto& c : a->m_anchors)
        cas.append(QSslCertificate(qbytes(c.der()), QSsl::Der));
    tls.setCaCertificates(cas);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    a->m_tls = tls;

    QSettings settings(QString::fromStdString((store / kSettings).string()), QSettings::IniFormat);
    a->m_relays = settings.value("relays").toStringList();

    const auto hkey = historyKey(a->m_keys->data().identity);
    SANDI_ASSIGN(local, LocalStore::open(store / kHistory, hkey));
    a->m_local = std::make_unique<LocalStore>(std::move(local));
    return a;
}

Account::~Account() = default;

Result<DeviceInfo> Account::validateDevice(const std::vector<QByteArray>& chain) const
{
    if (chain.empty()) return fail(ErrorCode::InvalidInput, "no device certificate");
    std::vector<crypto::Certificate> certs;
    for (const auto& d : chain) {
        SANDI_ASSIGN(c, crypto::Certificate::parse(spanOf(d)));
        certs.push_back(std::move(c));
    }
    crypto::ChainInput in;
    in.leaf = certs.front();
    const std::vector<crypto::Certificate> intermediates(certs.begin() + 1, certs.end());
    in.intermediates = intermediates;
    in.anchors = m_anchors;
    in.crls = m_crls;
    in.time = now();
    SANDI_ASSIGN(identity, e2e::identityFromDeviceCertificate(in));
    DeviceInfo d;
    d.device = wire::deviceIdOf(chain.front());
    d.identity = std::move(identity);
    X509* leaf = certs.front().native();
    d.name = subjectAttribute(leaf, NID_commonName);
    d.position = subjectAttribute(leaf, NID_title);
    d.office = subjectAttribute(leaf, NID_organizationalUnitName);
    d.chain = chain;
    return d;
}

crypto::VerifyOptions Account::verifyOptions() const
{
    crypto::VerifyOptions o;
    o.anchors = m_anchors;
    o.crls = m_crls;
    o.now = now();
    return o;
}

} // namespace sandi::client
