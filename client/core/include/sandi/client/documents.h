// SPDX-License-Identifier: GPL-3.0-or-later
// The document use cases the CLI and the desktop share: signing a file (PAdES inside a
// PDF, or a detached CAdES-BES .p7s beside any file) and renewing a PDF archive's
// document time-stamp. Nothing here prints or asks for a secret: the caller resolves
// the signer (openPkcs12Signer, openPkcs11Signer), the time-stamper (HttpTimeStamper),
// the trust inputs (pki_files.h) and the time, and shows the outcome. docs/signing.md
// says what the `sandi sign` and `sandi timestamp` commands built on them promise.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/core/time.h"
#include "sandi/pades/pades.h"
#include "sandi/pki/certificate.h"
#include "sandi/sign/pkcs11_signer.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/tsp.h"

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::client {

// What a file is, by its first bytes: a PDF has "%PDF-" within its first kPdfHeaderWindowBytes.
enum class FileKind { Pdf, Other };
inline constexpr std::size_t kPdfHeaderWindowBytes = 1024;
[[nodiscard]] bool looksLikePdf(std::span<const std::byte> bytes) noexcept;
// Opens `path` (at most crypto::kMaxPdfBytes) and tells its kind.
Result<FileKind> fileKind(const std::string& path);

// ---- Signing

enum class SignatureForm {
    Pades,    // inside the PDF, as an incremental update: every original byte is kept
    Detached, // a detached CAdES-BES signature (DER CMS, a .p7s) of any file
};

// A detached signature goes beside its file by default: `input` + kDetachedSignatureSuffix.
inline constexpr std::string_view kDetachedSignatureSuffix = ".p7s";
std::string detachedSignaturePath(const std::string& input);

enum class RsaPadding { Pkcs1v15, Pss }; // RSA keys only; Pss is RSASSA-PSS (salt as long as the digest)

// A signer from the bytes of a PKCS#12 file; `name` (its path) prefixes errors.
Result<std::unique_ptr<crypto::Signer>> openPkcs12Signer(std::span<const std::byte> pkcs12,
                                                         const crypto::SecureBuffer& passphrase,
                                                         const std::string& name, RsaPadding padding);
// A signer whose key stays on a PKCS#11 token. `certificates`: the signer's certificate and
// its chain, for a token that holds no certificate for the key (may be empty).
Result<std::unique_ptr<crypto::Signer>> openPkcs11Signer(const crypto::Pkcs11Options& token,
                                                         const crypto::SecureBuffer& pin,
                                                         const std::vector<crypto::Certificate>& certificates);

struct SignRequest {
    std::string input;
    std::string output; // the signed copy (PAdES) or the .p7s (Detached); never the input itself
    SignatureForm form = SignatureForm::Pades;
    crypto::TimePoint signingTime;              // PAdES: /M; Detached: the signing-time attribute
    crypto::TimeStamper* timeStamper = nullptr; // PAdES B-T and above; Detached: adds a signature time-stamp
    // PAdES only (a detached signature ignores reason and location, and refuses the rest):
    crypto::PadesLevel level = crypto::PadesLevel::BB;
    std::string reason;
    std::string location;
    std::optional<crypto::StampPlacement> visible;
    int certify = 0;                                    // 0: approval signature; 1, 2, 3: DocMDP P
    std::vector<crypto::Crl> crls;                      // B-LT and above: for /DSS
    std::vector<crypto::Certificate> extraCertificates; // B-LT and above: e.g. the trust anchor, for /DSS
};

struct SignOutcome {
    SignatureForm form = SignatureForm::Pades;
    std::string output;
    crypto::PadesLevel level = crypto::PadesLevel::BB; // PAdES
    bool certified = false;                            // PAdES
    bool visibleStamp = false;                         // PAdES
    bool timeStamped = false; // a signature time-stamp (PAdES B-T and above, or Detached with a time-stamper)
};

// Signs `request.input` with `signer` and writes the result atomically to `request.output`.
Result<SignOutcome> signDocument(const SignRequest& request, crypto::Signer& signer);

// ---- Archive time-stamps (renewing B-LTA)

struct TimestampRequest {
    std::string input; // a PDF
    std::string output;
    // When either is given, a /DSS with them is appended before the time-stamp.
    std::vector<crypto::Crl> crls;
    std::vector<crypto::Certificate> certificates;
};

struct TimestampOutcome {
    std::string output;
    bool dssAdded = false;
};

// Appends (a /DSS and) a document time-stamp over the whole PDF and writes the result
// atomically to `request.output`.
Result<TimestampOutcome> timestampDocument(const TimestampRequest& request, crypto::TimeStamper& stamper);

} // namespace sandi::client
