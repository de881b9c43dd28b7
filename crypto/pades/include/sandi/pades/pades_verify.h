// SPDX-License-Identifier: GPL-3.0-or-later
// The auditor's verifier: every signature of a PDF (PAdES, adbe.pkcs7.detached,
// document time-stamps) and detached CMS files, judged byte range, digest,
// signature, chain, revocation, time-stamps and what changed after signing.
#pragma once

#include "sandi/pki/chain.h"
#include "sandi/core/result.h"
#include "sandi/pki/x509.h"

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
    std::string field;                      // the signature field's name ("" for a .p7s)
    std::string kind;                       // "signature", "certification (P=2)", "document time-stamp", "detached CMS"
    std::string subFilter;
    bool valid = false;                     // intact, trusted and no disallowed modification
    std::string signer;                     // subject of the signer's (or TSA's) certificate
    std::optional<TimePoint> signingTime;   // claimed: /M, or the CMS signing-time attribute
    std::optional<TimePoint> timestamp;     // proven: the signature (or document) time-stamp
    bool coversWholeDocument = false;
    Modifications modifications = Modifications::None;
    std::vector<std::string> changes;       // what changed after signing
    std::vector<std::string> problems;      // why it is not valid (empty when valid)
    std::vector<std::string> remarks;       // notes that do not invalidate it
    std::optional<RevocationDetails> revokedLater; // revoked after the proven signing time
};

// Remembers chain verdicts across the files of one run (an auditor's ten thousand
// documents come from a few signers): same leaf, purpose, time and embedded
// certificates and CRLs → same verdict. Thread-safe.
class ValidationCache {
public:
    struct Entry {
        std::vector<std::string> problems;
        std::vector<std::string> remarks;
        std::optional<RevocationDetails> revokedLater;
    };
    std::optional<Entry> find(const std::string& key) const;
    void store(const std::string& key, Entry entry);

private:
    mutable std::mutex m_mutex;
    std::map<std::string, Entry> m_entries;
};

struct VerifyOptions {
    std::span<X509* const> anchors;
    std::span<X509* const> certificates;    // untrusted, to build chains (besides the embedded ones)
    std::span<X509_CRL* const> crls;        // besides those embedded in the file
    TimePoint now;
    bool checkRevocation = true;
    ValidationCache* cache = nullptr;       // optional, for bulk verification
};

// Verifies every signature of a PDF. An error means the file could not be read as a
// PDF at all (exit status 2); a PDF without signatures gives an empty list.
Result<std::vector<SignatureReport>> verifyPdfSignatures(std::span<const std::byte> pdf, const VerifyOptions& options);

// Verifies a detached CMS signature (.p7s) over `data`.
SignatureReport verifyDetachedSignature(std::span<const std::byte> cms, std::span<const std::byte> data,
                                        const VerifyOptions& options);

} // namespace sandi::crypto
