// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/ca.h"

#include "sandi/pki/chain.h"

#include <openssl/x509v3.h>

#include <cstdlib>
#include <sys/stat.h>

namespace sandi::crypto {
namespace fs = std::filesystem;
namespace {

constexpr std::size_t kMaxPemFileBytes = std::size_t{1024} * 1024;

TimePoint truncateToSeconds(TimePoint t)
{
    return std::chrono::time_point_cast<std::chrono::seconds>(t);
}

Status writeText(const fs::path& path, std::string_view text, FileMode mode, Overwrite overwrite = Overwrite::Allow)
{
    return writeFileAtomically(path, text, mode, overwrite);
}

std::string chainPem(const std::vector<ossl::X509Ptr>& chain)
{
    std::string out;
    for (const auto& c : chain)
        out += certificatePem(c.get());
    return out;
}

// Makes a hidden sibling directory to assemble a new CA in, renamed into place at the end.
Result<fs::path> makeStagingDirectory(const fs::path& dir)
{
    std::error_code ec;
    if (fs::exists(dir, ec) && !(fs::is_directory(dir, ec) && fs::is_empty(dir, ec)))
        return fail(ErrorCode::AlreadyExists, dir.string() + " already exists and is not an empty directory");
    const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    if (!fs::is_directory(parent, ec))
        return fail(ErrorCode::NotFound, "directory " + parent.string() + " does not exist");
    std::string tmpl = (parent / ("." + dir.filename().string() + ".init-XXXXXX")).string();
    if (::mkdtemp(tmpl.data()) == nullptr)
        return fail(ErrorCode::Io, "cannot create a staging directory in " + parent.string());
    ::chmod(tmpl.c_str(), 0700);
    return fs::path(tmpl);
}

Status commitStagingDirectory(const fs::path& staging, const fs::path& dir)
{
    std::error_code ec;
    fs::rename(staging, dir, ec); // atomic; replaces an empty directory
    if (ec) return fail(ErrorCode::Io, "cannot move the new CA into " + dir.string() + ": " + ec.message());
    // fsync the parent so the rename is durable.
    const fs::path parent = dir.parent_path().empty() ? fs::path(".") : dir.parent_path();
    return syncDirectory(parent);
}

void removeStaging(const fs::path& staging)
{
    std::error_code ec;
    fs::remove_all(staging, ec);
}

Status checkValidityDays(int days)
{
    if (days < 0 || days > kMaxValidityDays)
        return fail(ErrorCode::InvalidArgument,
                    "validity must be between 1 and " + std::to_string(kMaxValidityDays) + " days");
    return {};
}

// notAfter = now + days, never beyond the issuer's own notAfter.
TimePoint notAfterFor(TimePoint now, int days, X509* issuer, std::vector<std::string>* notices)
{
    TimePoint end = now + std::chrono::hours(24) * days;
    if (issuer != nullptr) {
        if (auto issuerEnd = asn1TimeToTimePoint(X509_get0_notAfter(issuer)); issuerEnd && *issuerEnd < end) {
            end = *issuerEnd;
            if (notices != nullptr)
                notices->push_back("validity shortened to end with the issuing CA's, on " + formatUtc(end));
        }
    }
    return end;
}

Status writeNewCaFiles(const fs::path& dir, EVP_PKEY* key, const SecureBuffer& passphrase,
                       const std::vector<ossl::X509Ptr>& chain, const CaDatabase& db)
{
    SANDI_ASSIGN(keyPem, encryptPrivateKeyPem(key, passphrase));
    SANDI_TRY(writeText(CertificateAuthority::keyPath(dir), keyPem, FileMode::Private, Overwrite::Refuse));
    SANDI_TRY(
        writeText(CertificateAuthority::certificatePath(dir), certificatePem(chain.front().get()), FileMode::Public));
    SANDI_TRY(writeText(CertificateAuthority::chainPath(dir), chainPem(chain), FileMode::Public));
    SANDI_TRY(createPrivateDirectory(CertificateAuthority::issuedPath(dir), true));
    return writeText(CertificateAuthority::databasePath(dir), db.serialise(), FileMode::Private);
}

CaRecord recordFor(X509* cert, Profile profile)
{
    CaRecord r;
    r.serial = serialHex(cert);
    r.profile = profile;
    r.notBefore = asn1TimeToTimePoint(X509_get0_notBefore(cert)).value();
    r.notAfter = asn1TimeToTimePoint(X509_get0_notAfter(cert)).value();
    r.certificateSha256 = sha256Hex(certificateDer(cert));
    r.subject = subjectString(cert);
    return r;
}

Status checkUrls(const PublicationUrls& urls)
{
    if (!urls.ocsp.empty()) SANDI_TRY(checkPublicationUrl(urls.ocsp));
    if (!urls.crl.empty()) SANDI_TRY(checkPublicationUrl(urls.crl));
    return {};
}

Status writeConfig(const fs::path& dir, const PublicationUrls& urls)
{
    std::error_code ec;
    if (urls.ocsp.empty() && urls.crl.empty()) {
        fs::remove(CertificateAuthority::configPath(dir), ec);
        if (ec) return fail(ErrorCode::Io, "cannot remove " + CertificateAuthority::configPath(dir).string());
        return syncDirectory(dir);
    }
    return writeText(CertificateAuthority::configPath(dir), formatCaConfig(urls), FileMode::Public);
}

} // namespace

Result<PublicationUrls> parseCaConfig(std::string_view text)
{
    if (text.size() > kMaxCaConfigBytes) return fail(ErrorCode::InvalidInput, "ca.conf is too large");
    PublicationUrls urls;
    std::size_t start = 0;
    int lineNo = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++lineNo;
        if (line.empty() || line.front() == '#') continue;
        const std::size_t space = line.find(' ');
        const std::string_view key = line.substr(0, space);
        const std::string_view value = space == std::string_view::npos ? std::string_view{} : line.substr(space + 1);
        std::string* field = key == "ocsp-url" ? &urls.ocsp : key == "crl-url" ? &urls.crl : nullptr;
        const std::string where = "ca.conf line " + std::to_string(lineNo);
        if (field == nullptr)
            return fail(ErrorCode::InvalidInput, where + ": unknown setting '" + std::string(key) + "'");
        if (!field->empty()) return fail(ErrorCode::InvalidInput, where + ": " + std::string(key) + " given twice");
        if (auto ok = checkPublicationUrl(value); !ok) return fail(ok.error().context(where));
        *field = value;
    }
    return urls;
}

std::string formatCaConfig(const PublicationUrls& urls)
{
    std::string out = "# Sandi CA settings (sandi ca config)\n";
    if (!urls.ocsp.empty()) out += "ocsp-url " + urls.ocsp + "\n";
    if (!urls.crl.empty()) out += "crl-url " + urls.crl + "\n";
    return out;
}

Status CertificateAuthority::setPublicationUrls(const PublicationUrls& urls)
{
    SANDI_TRY(checkUrls(urls));
    SANDI_TRY(writeConfig(m_dir, urls));
    m_urls = urls;
    return {};
}

Result<CertificateAuthority> CertificateAuthority::initRoot(const fs::path& dir, const RootParams& params,
                                                            const SecureBuffer& passphrase, Random& rng, TimePoint now)
{
    if (params.organization.empty()) return fail(ErrorCode::InvalidArgument, "the root CA needs an organisation");
    if (params.commonName.empty()) return fail(ErrorCode::InvalidArgument, "the root CA needs a common name");
    SANDI_TRY(checkValidityDays(params.validityDays));
    SANDI_TRY(checkUrls(params.urls));
    const ProfileSpec& spec = profileSpec(Profile::RootCa);
    bool allowed = false;
    for (KeyType t : spec.allowedKeys)
        allowed = allowed || t == params.keyType;
    if (!allowed)
        return fail(ErrorCode::InvalidArgument, std::string("a CA key cannot be ") + keyTypeName(params.keyType));
    if (passphrase.size() < kMinPassphraseBytes)
        return fail(ErrorCode::InvalidArgument,
                    "passphrase too short (at least " + std::to_string(kMinPassphraseBytes) + " bytes)");

    now = truncateToSeconds(now);
    SANDI_ASSIGN(key, generateKey(params.keyType));
    SANDI_ASSIGN(serial, randomSerial(rng));
    CertificateTemplate t;
    t.profile = Profile::RootCa;
    t.subject = DistinguishedName{params.country, params.organization, {}, params.commonName, {}, {}};
    t.subjectKey = key.get();
    t.notBefore = now - kBackdate;
    t.notAfter = notAfterFor(now, params.validityDays > 0 ? params.validityDays : spec.validityDays, nullptr, nullptr);
    SANDI_ASSIGN(cert, signCertificate(t, serial.get(), nullptr, key.get()));

    SANDI_ASSIGN(staging, makeStagingDirectory(dir));
    SANDI_ASSIGN(lock, FileLock::acquire(staging / ".lock"));
    CertificateAuthority ca(dir, std::move(lock));
    ca.m_chain.push_back(std::move(cert));
    ca.m_key = std::move(key);
    if (auto s = ca.m_db.add(recordFor(ca.certificate(), Profile::RootCa)); !s) return fail(std::move(s).error());
    ca.m_dir = staging;
    ca.m_urls = params.urls;
    auto written = writeNewCaFiles(staging, ca.m_key.get(), passphrase, ca.m_chain, ca.m_db);
    if (written) written = writeConfig(staging, ca.m_urls);
    if (written)
        written = writeText(issuedPath(staging) / (serialHex(ca.certificate()) + ".crt.pem"),
                            certificatePem(ca.certificate()), FileMode::Public, Overwrite::Refuse);
    if (written) {
        auto crl = ca.publishCrl(now);
        if (!crl) written = fail(std::move(crl).error());
    }
    if (written) written = commitStagingDirectory(staging, dir);
    if (!written) {
        removeStaging(staging);
        return fail(std::move(written).error());
    }
    ca.m_dir = dir;
    return ca;
}

Result<CertificateAuthority> CertificateAuthority::open(const fs::path& dir)
{
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return fail(ErrorCode::NotFound, "no CA directory at " + dir.string());
    if (!fs::exists(databasePath(dir), ec) || !fs::exists(certificatePath(dir), ec))
        return fail(ErrorCode::NotFound, dir.string() + " is not a Sandi CA directory (no index.db / ca.crt.pem)");
    SANDI_ASSIGN(lock, FileLock::acquire(dir / ".lock"));
    CertificateAuthority ca(dir, std::move(lock));

    SANDI_ASSIGN(chainBytes, readFile(chainPath(dir), kMaxPemFileBytes));
    auto chain = parseCertificates(chainBytes);
    if (!chain) return fail(chain.error().context(chainPath(dir).string()));
    ca.m_chain = std::move(*chain);
    SANDI_ASSIGN(certBytes, readFile(certificatePath(dir), kMaxPemFileBytes));
    auto cert = parseCertificate(certBytes);
    if (!cert) return fail(cert.error().context(certificatePath(dir).string()));
    if (X509_cmp(cert->get(), ca.certificate()) != 0)
        return fail(ErrorCode::InvalidInput, "corrupt CA directory: chain.pem does not start with ca.crt.pem");

    SANDI_ASSIGN(dbText, readTextFile(databasePath(dir), kMaxCaDatabaseBytes));
    auto db = CaDatabase::parse(dbText);
    if (!db) return fail(db.error().context(databasePath(dir).string()));
    ca.m_db = std::move(*db);
    if (fs::exists(configPath(dir), ec)) {
        SANDI_ASSIGN(confText, readTextFile(configPath(dir), kMaxCaConfigBytes));
        auto urls = parseCaConfig(confText);
        if (!urls) return fail(urls.error().context(configPath(dir).string()));
        ca.m_urls = std::move(*urls);
    }
    return ca;
}

Status CertificateAuthority::unlock(const SecureBuffer& passphrase)
{
    SANDI_ASSIGN(pem, readFile(keyPath(m_dir), kMaxPemFileBytes));
    auto key = decryptPrivateKeyPem(pem, passphrase);
    if (!key) return fail(key.error().context(keyPath(m_dir).string()));
    if (X509_check_private_key(certificate(), key->get()) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput,
                    keyPath(m_dir).string() + " does not belong to " + certificatePath(m_dir).string());
    }
    m_key = std::move(*key);
    return {};
}

Result<ossl::Asn1IntegerPtr> CertificateAuthority::freshSerial(Random& rng) const
{
    // 128 random bits: a collision is astronomically unlikely, but it is checked anyway.
    for (int attempt = 0; attempt < 16; ++attempt) {
        SANDI_ASSIGN(serial, randomSerial(rng));
        const std::string hex = serialHex(serial.get());
        std::error_code ec;
        if (m_db.find(hex) == nullptr && !fs::exists(issuedPath(m_dir) / (hex + ".crt.pem"), ec)) return serial;
    }
    return fail(ErrorCode::Crypto, "could not draw an unused serial number (is the random source broken?)");
}

Status CertificateAuthority::saveDatabase() const
{
    return writeText(databasePath(m_dir), m_db.serialise(), FileMode::Private);
}

Status CertificateAuthority::record(X509* cert, Profile profile)
{
    // The certificate file first, then the database: a crash in between leaves an
    // unrecorded file (never handed out), never a handed-out certificate the CA forgot.
    SANDI_TRY(writeText(issuedPath(m_dir) / (serialHex(cert) + ".crt.pem"), certificatePem(cert), FileMode::Public,
                        Overwrite::Refuse));
    SANDI_TRY(m_db.add(recordFor(cert, profile)));
    return saveDatabase();
}

Result<CertificateAuthority> CertificateAuthority::initOffice(const fs::path& officeDir, const OfficeParams& params,
                                                              const SecureBuffer& officePassphrase, Random& rng,
                                                              TimePoint now)
{
    if (!isRoot()) return fail(ErrorCode::InvalidArgument, "only the root CA creates office CAs");
    if (!unlocked()) return fail(ErrorCode::InvalidArgument, "the root CA key is locked");
    if (params.office.empty()) return fail(ErrorCode::InvalidArgument, "an office CA needs the office's name");
    SANDI_TRY(checkValidityDays(params.validityDays));
    SANDI_TRY(checkUrls(params.urls));
    const ProfileSpec& spec = profileSpec(Profile::OfficeCa);
    bool allowed = false;
    for (KeyType t : spec.allowedKeys)
        allowed = allowed || t == params.keyType;
    if (!allowed)
        return fail(ErrorCode::InvalidArgument, std::string("a CA key cannot be ") + keyTypeName(params.keyType));
    if (officePassphrase.size() < kMinPassphraseBytes)
        return fail(ErrorCode::InvalidArgument,
                    "passphrase too short (at least " + std::to_string(kMinPassphraseBytes) + " bytes)");

    now = truncateToSeconds(now);
    std::vector<std::string> notices;
    SANDI_ASSIGN(key, generateKey(params.keyType));
    SANDI_ASSIGN(serial, freshSerial(rng));
    CertificateTemplate t;
    t.profile = Profile::OfficeCa;
    t.subject = officePart(X509_get_subject_name(certificate()));
    t.subject.unit = params.office;
    t.subject.commonName = params.commonName.empty() ? "Sandi CA " + params.office : params.commonName;
    t.subjectKey = key.get();
    t.constrainDirectoryToOffice = true;
    t.permittedDns = params.permittedDns;
    t.permittedEmail = params.permittedEmail;
    t.notBefore = now - kBackdate;
    t.notAfter =
        notAfterFor(now, params.validityDays > 0 ? params.validityDays : spec.validityDays, certificate(), &notices);
    t.ocspUrl = m_urls.ocsp;
    t.crlUrl = m_urls.crl;
    SANDI_ASSIGN(cert, signCertificate(t, serial.get(), certificate(), m_key.get()));

    SANDI_ASSIGN(staging, makeStagingDirectory(officeDir));
    auto lock = FileLock::acquire(staging / ".lock");
    if (!lock) {
        removeStaging(staging);
        return fail(std::move(lock).error());
    }
    CertificateAuthority office(staging, std::move(*lock));
    office.m_chain.push_back(std::move(cert));
    for (const auto& c : m_chain)
        office.m_chain.push_back(ossl::upRef(c.get()));
    office.m_key = std::move(key);
    office.m_urls = params.urls;
    Status done = writeNewCaFiles(staging, office.m_key.get(), officePassphrase, office.m_chain, office.m_db);
    if (done) done = writeConfig(staging, office.m_urls);
    if (done) {
        auto crl = office.publishCrl(now);
        if (!crl) done = fail(std::move(crl).error());
    }
    // Recorded at the root before the office directory appears (see record()).
    if (done) done = record(office.certificate(), Profile::OfficeCa);
    if (done) done = commitStagingDirectory(staging, officeDir);
    if (!done) {
        removeStaging(staging);
        return fail(std::move(done).error());
    }
    office.m_dir = officeDir;
    return office;
}

Result<Issued> CertificateAuthority::issue(const IssueParams& params, Random& rng, TimePoint now)
{
    if (isRoot() && params.profile != Profile::Ocsp)
        return fail(ErrorCode::InvalidArgument,
                    "the root CA issues only office CAs and its OCSP responder's certificate (use an office CA's "
                    "directory)");
    if (!unlocked()) return fail(ErrorCode::InvalidArgument, "the CA key is locked");
    const ProfileSpec& spec = profileSpec(params.profile);
    if (spec.isCa) return fail(ErrorCode::InvalidArgument, "an office CA issues no CA certificates");
    SANDI_TRY(checkValidityDays(params.validityDays));
    now = truncateToSeconds(now);

    Issued out;
    ossl::PkeyPtr subjectKey;
    std::string commonName = params.commonName;
    if (params.csr != nullptr) {
        if (params.keyType)
            return fail(ErrorCode::InvalidArgument,
                        "a key type and a certificate request exclude each other (the request brings its key)");
        subjectKey = ossl::upRef(X509_REQ_get0_pubkey(params.csr));
        if (!subjectKey) return fail(ErrorCode::InvalidInput, "the certificate request has no usable public key");
        if (commonName.empty()) {
            const X509_NAME* name = X509_REQ_get_subject_name(params.csr);
            const int idx = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
            if (idx >= 0) {
                unsigned char* utf8 = nullptr;
                const int n = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx)));
                if (n > 0) commonName.assign(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
                OPENSSL_free(utf8);
            }
        }
    } else {
        SANDI_ASSIGN(generated, generateKey(params.keyType.value_or(spec.defaultKey)));
        subjectKey = std::move(generated);
    }
    SANDI_ASSIGN(keyType, keyTypeOf(subjectKey.get()));
    bool allowed = false;
    for (KeyType k : spec.allowedKeys)
        allowed = allowed || k == keyType;
    if (!allowed)
        return fail(ErrorCode::Policy, std::string("profile ") + std::string(spec.name) + " does not take a " +
                                           keyTypeName(keyType) + " key");
    if (commonName.empty()) return fail(ErrorCode::InvalidArgument, "the certificate needs a common name");

    SANDI_ASSIGN(serial, freshSerial(rng));
    CertificateTemplate t;
    t.profile = params.profile;
    t.subject = officePart(X509_get_subject_name(certificate()));
    t.subject.commonName = commonName;
    t.subject.serialNumber = params.nip;
    t.subject.title = params.title;
    t.subjectKey = subjectKey.get();
    t.emails = params.emails;
    t.dnsNames = params.dnsNames;
    t.ipAddresses = params.ipAddresses;
    t.e2eIdentityKey = params.e2eIdentityKey;
    ossl::PkeyPtr requestedIdentity;
    if (params.csr != nullptr) {
        // A device request carries the identity key made on the device (sandi account request).
        auto fromRequest = e2eIdentityKeyOfRequest(params.csr);
        if (fromRequest) {
            if (!spec.allowsE2eIdentityKey)
                return fail(ErrorCode::Policy, std::string("profile ") + std::string(spec.name) +
                                                   " binds no messaging identity key, but the request asks for one");
            if (params.e2eIdentityKey != nullptr)
                return fail(ErrorCode::InvalidArgument,
                            "the request brings its messaging identity key; do not give another");
            requestedIdentity = std::move(*fromRequest);
            t.e2eIdentityKey = requestedIdentity.get();
        } else if (fromRequest.error().code != ErrorCode::NotFound) {
            return fail(fromRequest.error());
        }
        if (t.subject.serialNumber.empty())
            t.subject.serialNumber = requestSubjectAttribute(params.csr, NID_serialNumber);
        if (t.subject.title.empty()) t.subject.title = requestSubjectAttribute(params.csr, NID_title);
    }
    t.notBefore = now - kBackdate;
    t.notAfter = notAfterFor(now, params.validityDays > 0 ? params.validityDays : spec.validityDays, certificate(),
                             &out.notices);
    if (params.profile != Profile::Ocsp) { // a responder certificate is not checked (id-pkix-ocsp-nocheck)
        t.ocspUrl = m_urls.ocsp;
        t.crlUrl = m_urls.crl;
    }
    SANDI_ASSIGN(cert, signCertificate(t, serial.get(), certificate(), m_key.get()));

    // Never hand out a certificate that would not validate: check it against our own
    // chain (name constraints included) before recording it.
    std::vector<Certificate> intermediates;
    for (std::size_t i = 0; i + 1 < m_chain.size(); ++i)
        intermediates.emplace_back(ossl::upRef(m_chain[i].get()));
    const std::vector<Certificate> anchors{Certificate(ossl::upRef(m_chain.back().get()))};
    ChainInput check;
    check.leaf.emplace(ossl::upRef(cert.get()));
    check.intermediates = intermediates;
    check.anchors = anchors;
    check.time = now;
    check.revocation = RevocationCheck::None;
    Verdict v = validateChain(check);
    if (!v.valid()) return fail(ErrorCode::Policy, "refusing to issue: " + v.reason);

    SANDI_TRY(record(cert.get(), params.profile));
    out.certificate = std::move(cert);
    if (params.csr == nullptr) out.key = std::move(subjectKey);
    for (const auto& c : m_chain)
        out.chain.push_back(ossl::upRef(c.get()));
    return out;
}

Result<CaRecord> CertificateAuthority::revoke(std::string_view serialText, RevocationReason reason, TimePoint now)
{
    // Accept any spelling of the number (AB:CD, abcd, 0xABCD) and look up its canonical hex.
    std::string digits;
    std::string_view text = serialText;
    if (text.starts_with("0x") || text.starts_with("0X")) text.remove_prefix(2);
    for (char c : text)
        if (c != ':') digits += c;
    BIGNUM* raw = nullptr;
    if (digits.empty() || digits.size() > 64 || BN_hex2bn(&raw, digits.c_str()) != static_cast<int>(digits.size())) {
        BN_free(raw);
        return fail(ErrorCode::InvalidArgument, "'" + std::string(serialText) + "' is not a hexadecimal serial number");
    }
    ossl::BnPtr bn(raw);
    ossl::Asn1IntegerPtr asn1(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    if (!asn1) return fail(ossl::lastError("encoding a serial number"));
    const std::string serial = serialHex(asn1.get());
    CaRecord* r = m_db.find(serial);
    if (r == nullptr) return fail(ErrorCode::NotFound, "no certificate with serial number " + serial + " in this CA");
    if (r->serial == serialHex(certificate()))
        return fail(ErrorCode::InvalidArgument, "a CA cannot revoke its own certificate; revoke it at its issuer");
    if (r->revoked())
        return fail(ErrorCode::AlreadyExists,
                    "certificate " + serial + " was already revoked on " + formatUtc(*r->revokedAt));
    const CaRecord before = *r;
    r->revokedAt = truncateToSeconds(now);
    r->reason = reason;
    if (auto saved = saveDatabase(); !saved) {
        *r = before;
        return fail(std::move(saved).error());
    }
    return *r;
}

Result<ossl::X509CrlPtr> CertificateAuthority::publishCrl(TimePoint now, std::chrono::seconds validity)
{
    if (!unlocked()) return fail(ErrorCode::InvalidArgument, "the CA key is locked");
    if (validity.count() <= 0 || validity > kMaxCrlValidity)
        return fail(ErrorCode::InvalidArgument, "CRL validity must be between 1 second and 366 days");
    now = truncateToSeconds(now);
    ossl::X509CrlPtr crl(X509_CRL_new());
    if (!crl || X509_CRL_set_version(crl.get(), X509_CRL_VERSION_2) != 1 ||
        X509_CRL_set_issuer_name(crl.get(), X509_get_subject_name(certificate())) != 1)
        return fail(ossl::lastError("building the CRL"));
    const time_t last = std::chrono::system_clock::to_time_t(now);
    const time_t next = std::chrono::system_clock::to_time_t(now + validity);
    ossl::Asn1TimePtr lastUpdate(ASN1_TIME_set(nullptr, last));
    ossl::Asn1TimePtr nextUpdate(ASN1_TIME_set(nullptr, next));
    if (!lastUpdate || !nextUpdate || X509_CRL_set1_lastUpdate(crl.get(), lastUpdate.get()) != 1 ||
        X509_CRL_set1_nextUpdate(crl.get(), nextUpdate.get()) != 1)
        return fail(ossl::lastError("setting CRL times"));

    for (const CaRecord& r : m_db.records()) {
        if (!r.revoked()) continue;
        ossl::X509RevokedPtr rev(X509_REVOKED_new());
        BIGNUM* bnRaw = nullptr;
        if (!rev || BN_hex2bn(&bnRaw, r.serial.c_str()) == 0) return fail(ossl::lastError("encoding a revoked serial"));
        ossl::BnPtr bn(bnRaw);
        ossl::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
        ossl::Asn1TimePtr when(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(*r.revokedAt)));
        if (!serial || !when || X509_REVOKED_set_serialNumber(rev.get(), serial.get()) != 1 ||
            X509_REVOKED_set_revocationDate(rev.get(), when.get()) != 1)
            return fail(ossl::lastError("encoding a revoked entry"));
        if (r.reason != RevocationReason::Unspecified) { // RFC 5280 §5.3.1: omit rather than unspecified
            std::unique_ptr<ASN1_ENUMERATED, ossl::Deleter<ASN1_ENUMERATED, ASN1_ENUMERATED_free>> code(
                ASN1_ENUMERATED_new());
            if (!code || ASN1_ENUMERATED_set(code.get(), static_cast<long>(r.reason)) != 1 ||
                X509_REVOKED_add1_ext_i2d(rev.get(), NID_crl_reason, code.get(), 0, 0) != 1)
                return fail(ossl::lastError("encoding a revocation reason"));
        }
        if (X509_CRL_add0_revoked(crl.get(), rev.get()) != 1) return fail(ossl::lastError("adding a revoked entry"));
        (void)rev.release();
    }
    const std::uint64_t number = m_db.crlNumber() + 1;
    ossl::Asn1IntegerPtr crlNumber(ASN1_INTEGER_new());
    if (!crlNumber || ASN1_INTEGER_set_uint64(crlNumber.get(), number) != 1 ||
        X509_CRL_add1_ext_i2d(crl.get(), NID_crl_number, crlNumber.get(), 0, 0) != 1)
        return fail(ossl::lastError("adding the CRL number"));
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, certificate(), nullptr, nullptr, crl.get(), 0);
    ossl::X509ExtPtr aki(X509V3_EXT_nconf_nid(nullptr, &ctx, NID_authority_key_identifier, "keyid:always"));
    if (!aki || X509_CRL_add_ext(crl.get(), aki.get(), -1) != 1) return fail(ossl::lastError("adding the CRL's AKI"));
    if (X509_CRL_sort(crl.get()) != 1 || X509_CRL_sign(crl.get(), m_key.get(), digestForKey(m_key.get())) <= 0)
        return fail(ossl::lastError("signing the CRL"));

    // The number is recorded before the CRL is published, so a number is never reused.
    m_db.setCrlNumber(number);
    if (auto saved = saveDatabase(); !saved) {
        m_db.setCrlNumber(number - 1);
        return fail(std::move(saved).error());
    }
    SANDI_TRY(writeText(crlPath(m_dir), crlPem(crl.get()), FileMode::Public));
    return crl;
}

Result<ossl::X509Ptr> CertificateAuthority::issuedCertificate(std::string_view serial) const
{
    SANDI_ASSIGN(bytes, readFile(issuedPath(m_dir) / (std::string(serial) + ".crt.pem"), kMaxPemFileBytes));
    return parseCertificate(bytes);
}

} // namespace sandi::crypto
