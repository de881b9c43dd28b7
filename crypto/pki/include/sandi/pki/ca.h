// SPDX-License-Identifier: GPL-3.0-or-later
// The province's certificate authority: a root CA that certifies one CA per
// office, and office CAs that issue the officials' certificates. Each CA lives in
// its own directory (docs/pki.md, "CA directory"):
//
//   ca.crt.pem  this CA's certificate          ca.key.pem  its key, encrypted (PKCS#8)
//   chain.pem   this CA and its issuers         index.db    the CA database (ca_database.h)
//   issued/     every certificate it issued     crl.pem     the latest CRL
//   ca.conf     optional: where it publishes revocation status (PublicationUrls)
//   .lock       held while a command runs
//
// Every change is written atomically; a new CA directory appears only complete.
#pragma once

#include "sandi/core/atomic_file.h"
#include "sandi/pki/ca_database.h"
#include "sandi/pki/cert_builder.h"
#include "sandi/core/random.h"
#include "sandi/core/secure_buffer.h"

#include <chrono>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace sandi::crypto {

inline constexpr std::chrono::seconds kBackdate{300};            // notBefore = now − 5 min (clock skew)
inline constexpr std::chrono::hours kDefaultCrlValidity{24 * 7}; // nextUpdate = now + 7 days
inline constexpr std::chrono::hours kMaxCrlValidity{24 * 366};
inline constexpr int kMaxValidityDays = 7305 * 2;

// Where a CA publishes the status of the certificates it issues; every certificate it
// issues from then on names them (authorityInfoAccess id-ad-ocsp, cRLDistributionPoints).
// Empty: not named. Kept in the CA directory's ca.conf ("ocsp-url URL", "crl-url URL").
struct PublicationUrls {
    std::string ocsp;
    std::string crl;
};
inline constexpr std::size_t kMaxCaConfigBytes = 4096;
Result<PublicationUrls> parseCaConfig(std::string_view text);
std::string formatCaConfig(const PublicationUrls& urls);

struct RootParams {
    std::string country = "ID";
    std::string organization; // "Pemerintah Provinsi Sulawesi Tenggara"
    std::string commonName;   // "Sandi Root CA Provinsi Sulawesi Tenggara"
    KeyType keyType = KeyType::P384;
    int validityDays = 0; // 0: the profile's default
    PublicationUrls urls; // the root's own, named in the office CA certificates it issues
};

struct OfficeParams {
    std::string office;     // OU: "Kota Baubau"
    std::string commonName; // default "Sandi CA <office>"
    std::vector<std::string> permittedDns;
    std::vector<std::string> permittedEmail;
    KeyType keyType = KeyType::P384;
    int validityDays = 0;
    PublicationUrls urls; // the office CA's own, named in the certificates it issues
};

struct IssueParams {
    Profile profile = Profile::Signing;
    std::string commonName; // default: the CSR's CN
    std::string nip;        // serialNumber attribute (Nomor Induk Pegawai), optional
    std::string title;      // position, optional
    std::vector<std::string> emails;
    std::vector<std::string> dnsNames;
    std::vector<std::string> ipAddresses;
    EVP_PKEY* e2eIdentityKey = nullptr; // device: Ed25519 public key to bind
    X509_REQ* csr = nullptr;            // use its (verified) key instead of generating one
    std::optional<KeyType> keyType;     // when generating; default per profile
    int validityDays = 0;
};

struct Issued {
    ossl::X509Ptr certificate;
    ossl::PkeyPtr key;                // only when Sandi generated it
    std::vector<ossl::X509Ptr> chain; // the issuing CA, then its issuers up to the root
    std::vector<std::string> notices; // e.g. "validity shortened to the issuer's"
};

class CertificateAuthority final {
  public:
    static Result<CertificateAuthority> initRoot(const std::filesystem::path& dir, const RootParams& params,
                                                 const SecureBuffer& passphrase, Random& rng, TimePoint now);
    // Opens an existing CA directory (public parts; the key stays encrypted until unlock).
    static Result<CertificateAuthority> open(const std::filesystem::path& dir);

    Status unlock(const SecureBuffer& passphrase);
    [[nodiscard]] bool unlocked() const noexcept { return m_key != nullptr; }

    // Root only: creates an office CA in `officeDir` and records it here.
    Result<CertificateAuthority> initOffice(const std::filesystem::path& officeDir, const OfficeParams& params,
                                            const SecureBuffer& officePassphrase, Random& rng, TimePoint now);
    // Office CAs: issues an end-entity certificate and records it. The root issues only
    // `ocsp` certificates (its responder's) this way.
    Result<Issued> issue(const IssueParams& params, Random& rng, TimePoint now);
    Result<CaRecord> revoke(std::string_view serial, RevocationReason reason, TimePoint now);
    // Signs a new CRL (number + 1), stores it as crl.pem and returns it.
    Result<ossl::X509CrlPtr> publishCrl(TimePoint now, std::chrono::seconds validity = kDefaultCrlValidity);

    [[nodiscard]] const PublicationUrls& publicationUrls() const noexcept { return m_urls; }
    // Records new URLs in ca.conf, for the certificates issued from now on.
    Status setPublicationUrls(const PublicationUrls& urls);

    [[nodiscard]] X509* certificate() const noexcept { return m_chain.front().get(); }
    [[nodiscard]] const std::vector<ossl::X509Ptr>& chain() const noexcept { return m_chain; }
    [[nodiscard]] const CaDatabase& database() const noexcept { return m_db; }
    [[nodiscard]] bool isRoot() const noexcept { return m_chain.size() == 1; }
    [[nodiscard]] const std::filesystem::path& directory() const noexcept { return m_dir; }
    Result<ossl::X509Ptr> issuedCertificate(std::string_view serial) const;

    static std::filesystem::path certificatePath(const std::filesystem::path& dir) { return dir / "ca.crt.pem"; }
    static std::filesystem::path keyPath(const std::filesystem::path& dir) { return dir / "ca.key.pem"; }
    static std::filesystem::path chainPath(const std::filesystem::path& dir) { return dir / "chain.pem"; }
    static std::filesystem::path databasePath(const std::filesystem::path& dir) { return dir / "index.db"; }
    static std::filesystem::path issuedPath(const std::filesystem::path& dir) { return dir / "issued"; }
    static std::filesystem::path crlPath(const std::filesystem::path& dir) { return dir / "crl.pem"; }
    static std::filesystem::path configPath(const std::filesystem::path& dir) { return dir / "ca.conf"; }

  private:
    CertificateAuthority(std::filesystem::path dir, FileLock lock) : m_dir(std::move(dir)), m_lock(std::move(lock)) {}
    Result<ossl::Asn1IntegerPtr> freshSerial(Random& rng) const;
    Status record(X509* cert, Profile profile);
    Status saveDatabase() const;

    std::filesystem::path m_dir;
    FileLock m_lock;
    std::vector<ossl::X509Ptr> m_chain; // this CA first
    CaDatabase m_db;
    PublicationUrls m_urls;
    ossl::PkeyPtr m_key;
};

} // namespace sandi::crypto
