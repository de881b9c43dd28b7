// SPDX-License-Identifier: GPL-3.0-or-later
// Judging a signature beyond its bytes: the signer's chain at the proven time, the
// time-stamps, revocation; the report every verifier fills; a cache of chain verdicts
// for bulk runs; and detached CMS (.p7s, CAdES) verification, which needs nothing else.
// The PDF verifier (sandi_pades) and memo signatures (sandi_e2e) stand on this.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/time.h"
#include "sandi/pki/certificate.h"
#include "sandi/pki/chain.h"
#include "sandi/pki/ocsp.h"
#include "sandi/sign/cms.h"
#include "sandi/sign/findings.h"
#include "sandi/sign/indication.h"

#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

enum class Modifications { None, Allowed, Disallowed };
const char* modificationsName(Modifications m) noexcept;

struct SignatureReport {
    std::string field; // the signature field's name ("" for a .p7s)
    std::string kind;  // "signature", "certification (P=2)", "document time-stamp", "detached CMS"
    std::string subFilter;
    bool valid = false; // intact, trusted and no disallowed modification
    // ETSI EN 319 102-1's verdict (indication.h), from the problems by finishReport().
    Indication indication = Indication::TotalFailed;
    std::string subIndication; // empty for TOTAL-PASSED
    std::string signer;        // subject of the signer's (or TSA's) certificate
    std::string anchor;        // subject of the trust anchor the signer's (TSA's) chain ended at; "" if none
    std::optional<Certificate> signerCertificate;
    std::optional<TimePoint> signingTime; // claimed: /M, or the CMS signing-time attribute
    std::optional<TimePoint> timestamp;   // proven: the signature (or document) time-stamp
    bool coversWholeDocument = false;
    Modifications modifications = Modifications::None;
    std::vector<Change> changes;                   // what changed after signing
    std::vector<Finding> problems;                 // why it is not valid (empty when valid)
    std::vector<Finding> remarks;                  // notes that do not invalidate it
    std::optional<RevocationDetails> revokedLater; // revoked after the proven signing time

    void problem(std::string_view code, std::string text) { problems.push_back({std::string(code), std::move(text)}); }
    void remark(std::string_view code, std::string text) { remarks.push_back({std::string(code), std::move(text)}); }
    [[nodiscard]] bool hasProblem(std::string_view code) const noexcept;
};

// Remembers chain verdicts across the files of one run (an auditor's ten thousand
// documents come from a few signers): same leaf, purpose, time and embedded
// certificates and CRLs → same verdict. Thread-safe.
class ValidationCache {
  public:
    struct Entry {
        std::vector<Finding> problems;
        std::vector<Finding> remarks;
        std::optional<RevocationDetails> revokedLater;
        std::string anchor;
    };
    std::optional<Entry> find(const std::string& key) const;
    void store(const std::string& key, Entry entry);

  private:
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
};

// Online revocation evidence, asked by judgeChain when the embedded evidence does not
// settle a certificate (VerifyOptions::online). An implementation talks to the
// responders and distribution points the certificates name (AIA, CRLDP); what it
// returns is judged like embedded evidence (signature, responder, time rules).
class RevocationFetcher {
  public:
    virtual ~RevocationFetcher() = default;
    // A DER OCSPResponse about `cert`, from the responder its AIA names.
    virtual Result<std::vector<std::byte>> ocsp(const Certificate& cert, const Certificate& issuer) = 0;
    // A DER CRL covering `cert`, from its CRL distribution point.
    virtual Result<std::vector<std::byte>> crl(const Certificate& cert) = 0;
};

struct VerifyOptions {
    std::vector<Certificate> anchors;      // trust anchors (configuration)
    std::vector<Certificate> certificates; // untrusted, to build chains (besides the embedded ones)
    std::vector<Crl> crls;                 // besides those embedded in the file
    std::vector<OcspResponse> ocsps;       // besides those embedded in the file
    TimePoint now;
    bool checkRevocation = true;
    ValidationCache* cache = nullptr;    // optional, for bulk verification
    RevocationFetcher* online = nullptr; // optional: fetch what the embedded evidence lacks
};

// What a signature brought with it to build and check chains: the CMS's certificates,
// CRLs and OCSP responses (RevocationInfoChoices, adbe-revocationInfoArchival, CAdES
// revocation values), a time-stamp's certificates, a PDF's /DSS. Untrusted.
struct TrustInputs {
    std::vector<Certificate> certificates;
    std::vector<Crl> crls;
    std::vector<OcspResponse> ocsps;
    std::vector<std::string> unreadable; // embedded evidence that could not be parsed (for remarks)
};

// Validates `leaf` for `purpose` at the proven time `provenAt` (a time-stamp) or now,
// through the options' cache when there is one; problems and remarks go to `report`.
void judgeChain(const Certificate& leaf, Purpose purpose, std::optional<TimePoint> provenAt, const TrustInputs& extra,
                const VerifyOptions& options, ChainRole role, SignatureReport& report);

// A time-stamp token over `stampedDigest` (already the digest, with the token's own
// algorithm, when `isDigest`; else the data it stamps, hashed here). Its certificates
// join `extra`. Returns the proven time, or nothing (with problems in `report`).
std::optional<TimePoint> judgeTimestamp(std::span<const std::byte> token, std::span<const std::byte> stamped,
                                        bool isDigest, TrustInputs& extra, const VerifyOptions& options,
                                        SignatureReport& report);

// The CMS part every detached-CMS-based signature shares (PDF signatures too): verifies
// the signature value over the content `digester` hashes, records signer and claimed
// time, judges the signature time-stamp and the signer's chain. `padesProfile`: the
// signing-time attribute is a remark (PAdES takes the time from /M).
void judgeCmsSignature(std::span<const std::byte> cms, const ContentDigester& digester, bool padesProfile,
                       TrustInputs& extra, const VerifyOptions& options, SignatureReport& report);

// adbe.pkcs7.sha1 (ISO 32000-1 §12.8.3.3.1): the CMS signs, as its encapsulated content,
// the SHA-1 digest of the byte range (`sha1OfContent`); then as judgeCmsSignature, with
// the remark CMS_SHA1_SUBFILTER.
void judgePkcs7Sha1Signature(std::span<const std::byte> cms, std::span<const std::byte> sha1OfContent,
                             TrustInputs& extra, const VerifyOptions& options, SignatureReport& report);

// adbe.x509.rsa_sha1: verifyX509RsaSha1 (cms.h), then the signer's chain.
void judgeX509RsaSha1Signature(std::span<const std::byte> contents, std::span<const std::vector<std::byte>> certs,
                               const ContentDigester& digester, TrustInputs& extra, const VerifyOptions& options,
                               SignatureReport& report);

// Verifies a detached CMS signature (.p7s) over `data`.
SignatureReport verifyDetachedSignature(std::span<const std::byte> cms, std::span<const std::byte> data,
                                        const VerifyOptions& options);

} // namespace sandi::crypto
