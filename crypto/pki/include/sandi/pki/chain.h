// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate chain validation: one call, one verdict with the exact reason.
// Built on OpenSSL's verifier (strict flags) plus the rules a government PKI
// wants that OpenSSL does not enforce by itself (docs/pki.md lists them).
#pragma once

#include "sandi/pki/ca_database.h"
#include "sandi/pki/certificate.h"
#include "sandi/core/ossl.h"
#include "sandi/pki/ocsp.h"
#include "sandi/pki/x509.h"

#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

enum class Purpose {
    Any,             // no usage check (only the chain itself)
    DocumentSigning, // PDF/CMS signing: KU digitalSignature or nonRepudiation; EKU, if any,
                     // documentSigning, emailProtection, Adobe's PDF signing or anyExtendedKeyUsage
    TlsClient,       // device → relay
    TlsServer,       // relay
    TimeStamping,    // RFC 3161 TSA: EKU timeStamping only, critical
};

enum class RevocationCheck {
    Required, // every certificate below the anchor needs a current CRL from its issuer, or a
              // current OCSP response from the issuer or its delegated responder
    None,     // no revocation check (e.g. x509-limbo, which has no CRLs)
};

enum class VerdictCode {
    Valid,
    Expired,
    NotYetValid,
    Revoked,
    UnknownIssuer,
    BadSignature,
    WrongUsage, // key usage, extended key usage, or an end-entity used as a CA
    NotCa,      // an issuer is not a CA
    NameConstraints,
    PathLength,
    NameMismatch, // the expected host name or IP address is not in the certificate
    CrlMissing,
    CrlStale,    // expired or not yet valid CRL
    CrlInvalid,  // bad CRL signature or malformed CRL
    OcspInvalid, // the only revocation evidence is an OCSP response that was refused (bad signature,
                 // a responder the issuer did not authorise)
    Malformed,   // a certificate breaks RFC 5280 / Sandi's strict profile
    Other,
};
const char* verdictCodeName(VerdictCode code) noexcept;

struct RevocationDetails {
    TimePoint date;
    RevocationReason reason = RevocationReason::Unspecified;
};

// Which evidence settled one certificate's revocation status.
struct RevocationEvidence {
    enum class Kind { Crl, Ocsp };
    Kind kind = Kind::Crl;
    int depth = 0;           // the certificate concerned (0 = leaf)
    std::string certificate; // its subject
    std::string issuer;      // the CRL's issuer, or the OCSP responder's subject
    TimePoint thisUpdate;    // the CRL's thisUpdate, or the OCSP single response's
    bool delegated = false;  // OCSP: signed by a delegated responder, not the CA itself
};

// A note about OCSP evidence that does not invalidate it.
struct OcspNote {
    enum class Kind {
        IssuedBeforeSigning, // the response used was made before the proven time (still current)
        ResponderUnchecked,  // a delegated responder without id-pkix-ocsp-nocheck and no CRL to check it
    };
    Kind kind = Kind::IssuedBeforeSigning;
    std::string text;
};

struct ChainInput {
    std::optional<Certificate> leaf;
    std::span<const Certificate> intermediates; // untrusted, any order
    std::span<const Certificate> anchors;       // trust anchors (configuration)
    std::span<const Crl> crls;
    std::span<const OcspResponse> ocsps; // checked against each certificate's issuer (ocsp.h)
    TimePoint time;                      // validation time
    Purpose purpose = Purpose::Any;
    RevocationCheck revocation = RevocationCheck::Required;
    std::optional<std::string> dnsName;   // TLS server: expected host name
    std::optional<std::string> ipAddress; // TLS server: expected IP address
    int maxDepth = -1;                    // intermediates allowed between leaf and anchor; -1: OpenSSL's 100
};

struct Verdict {
    VerdictCode code = VerdictCode::Other;
    std::string reason; // one line for people, names the certificate concerned
    int depth = -1;     // 0 = leaf; -1 when not tied to one certificate
    std::optional<RevocationDetails> revocation;
    std::vector<Certificate> chain;           // leaf first, anchor last (as far as it was built)
    std::vector<RevocationEvidence> evidence; // RevocationCheck::Required and valid: what settled each certificate
    std::vector<OcspNote> ocspNotes;          // about the OCSP evidence used

    [[nodiscard]] bool valid() const noexcept { return code == VerdictCode::Valid; }
};

Verdict validateChain(const ChainInput& input);

// Revocation status at a past time `at` (a signature's proven time): for each
// certificate below the anchor, the status must be established by a CRL or an OCSP
// response of its issuer.
// CRL: the newest complete CRL of its issuer (signature checked; no delta or
// partitioned CRL; not issued after the certificate expired, when entries may have
// been dropped) must have been issued at or after `at` — or, issued before, still be
// current `now` (no newer one exists yet: a note says so).
// OCSP: a response signed by the issuer or by a responder it delegated to
// (OcspResponse::checkResponder), whose single response for the certificate has
// thisUpdate at or after `at` — or, before, nextUpdate not passed `now` (a note says
// so); one made after the certificate expired counts only with an archiveCutoff at or
// before the expiry. Status unknown establishes nothing.
// A certificate listed (CRL) or answered (OCSP) as revoked with a revocation date at or
// before `at` is revoked; one revoked later is still good for what it signed at `at`
// (`revokedLater`). Either kind of evidence may settle a certificate; a revocation found
// by either counts.
struct PastRevocationStatus {
    Verdict verdict; // Valid, Revoked, CrlMissing (nothing settles it) or OcspInvalid
    std::optional<RevocationDetails> revokedLater;
    std::vector<std::string> notes;           // CRLs issued before `at`, still current
    std::vector<OcspNote> ocspNotes;          // about the OCSP evidence used
    std::vector<RevocationEvidence> evidence; // what settled each certificate (Valid)
};
// `certificates`: where to look for delegated responders a response does not carry.
PastRevocationStatus revocationStatusAt(std::span<const Certificate> chain, std::span<const Crl> crls,
                                        std::span<const OcspResponse> ocsps, TimePoint at, TimePoint now,
                                        std::span<const Certificate> certificates = {});
// CRLs only.
PastRevocationStatus revocationStatusAt(std::span<const Certificate> chain, std::span<const Crl> crls, TimePoint at,
                                        TimePoint now);

} // namespace sandi::crypto
