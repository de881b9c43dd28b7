// SPDX-License-Identifier: GPL-3.0-or-later
// The document use cases the CLI and the desktop share: signing a file (PAdES inside a
// PDF, or a detached CAdES-BES .p7s beside any file), renewing a PDF archive's document
// time-stamp, and verifying PDFs and .p7s files — one, or directory trees of thousands,
// in parallel. Nothing here prints or asks for a secret: the caller resolves the signer
// (openPkcs12Signer, openPkcs11Signer), the time-stamper (HttpTimeStamper), the trust
// inputs (pki_files.h) and the time, and shows the outcome. docs/signing.md and
// docs/auditor-guide.md say what the `sandi sign`, `timestamp` and `verify` commands
// built on them promise.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/core/time.h"
#include "sandi/client/revocation_fetch.h"
#include "sandi/pades/pades.h"
#include "sandi/pades/pades_verify.h"
#include "sandi/pki/certificate.h"
#include "sandi/sign/pkcs11_signer.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/tsp.h"
#include "sandi/visual/page_checks.h"

#include <cstddef>
#include <functional>
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
    bool stampQr = false; // with `visible`: a QR code of the verification record in the stamp (docs/signing.md)
    int certify = 0;      // 0: approval signature; 1, 2, 3: DocMDP P
    std::vector<crypto::Crl> crls;                      // B-LT and above: for /DSS
    std::vector<crypto::Certificate> extraCertificates; // B-LT and above: e.g. the trust anchor, for /DSS
    // B-LT and above: DER OCSPResponses for /DSS /OCSPs, and where evidence missing from
    // `crls` and `ocspResponses` is fetched (revocation_fetch.h). Every certificate of the
    // signer's chain but the root needs some, or the signature is not made.
    std::vector<std::vector<std::byte>> ocspResponses;
    EvidenceSources evidenceSources;
};

struct SignOutcome {
    SignatureForm form = SignatureForm::Pades;
    std::string output;
    crypto::PadesLevel level = crypto::PadesLevel::BB; // PAdES
    bool certified = false;                            // PAdES
    bool visibleStamp = false;                         // PAdES
    bool timeStamped = false; // a signature time-stamp (PAdES B-T and above, or Detached with a time-stamper)
    std::size_t ocspResponsesEmbedded = 0; // B-LT and above
    std::size_t crlsEmbedded = 0;          // B-LT and above
    std::vector<std::string> warnings;     // e.g. a fetch that failed while other evidence was found
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

// ---- Verifying

inline constexpr std::size_t kMaxDetachedDataBytes = std::size_t{4} * 1024 * 1024 * 1024; // a .p7s's data file
inline constexpr unsigned kMaxVerifyJobs = 256;
unsigned defaultVerifyJobs() noexcept; // one per core

enum class SignedFileType {
    Pdf,         // verified as a PDF (every signature and document time-stamp in it)
    DetachedCms, // a .p7s, verified against its data file: the same path without ".p7s"
};

// A file's ETSI verdict (FileReport::indication()).
struct FileIndication {
    crypto::Indication indication = crypto::Indication::TotalFailed;
    std::string subIndication; // empty for TOTAL-PASSED
};

// One file's verdict, with the same reports the verifiers give.
struct FileReport {
    std::string path;
    SignedFileType type = SignedFileType::Pdf;
    std::optional<Error> error; // the file (or a .p7s's data file) could not be read, or not as a PDF
    std::vector<crypto::SignatureReport> signatures;
    std::vector<crypto::Finding> problems; // about the file (NO_SIGNATURES, DATA_AFTER_LAST_EOF, ...)
    std::vector<crypto::Finding> remarks;  // about the file, not invalidating (PAGES_NOT_CHECKED, QR_CODE_FOREIGN)
    std::vector<visual::VisualDifference> visualDifferences; // pages that look different since a signature
    [[nodiscard]] bool readable() const noexcept { return !error.has_value(); }
    // Readable, no file problem, signed, and every signature valid.
    [[nodiscard]] bool valid() const;
    // The file's ETSI EN 319 102-1 verdict: the worst of its file problems (by the table
    // of sandi/sign/indication.h: NO_SIGNATURES is TOTAL-FAILED/FORMAT_FAILURE) and of its
    // signatures' indications, the first among equals (file problems first); an
    // unreadable file without a problem is INDETERMINATE/GENERIC. TOTAL-PASSED exactly
    // when valid().
    [[nodiscard]] FileIndication indication() const;
};

struct VerifyRequest {
    // Files (a path ending in .p7s, any case, is a detached signature; anything else is read
    // as a PDF) and directories, searched recursively for *.pdf and *.p7s (sorted by path).
    std::vector<std::string> paths;
    std::vector<crypto::Certificate> anchors;      // trust anchors
    std::vector<crypto::Certificate> certificates; // untrusted, to build chains with
    std::vector<crypto::Crl> crls;                 // besides those embedded in the files
    std::vector<crypto::OcspResponse> ocsps;       // besides those embedded in the files
    crypto::TimePoint now;
    bool checkRevocation = true;
    // When the evidence at hand does not settle a certificate's revocation: fetch it over
    // http (its OCSP responder, then its CRL distribution point; revocation_fetch.h).
    bool online = false;
    unsigned jobs = 1; // verifying threads, 1 to kMaxVerifyJobs
    // The checks on rendered pages (PDFs): by default the visual comparison of signed
    // revisions followed by later ones; the QR-marked stamp check on request.
    visual::PageCheckOptions pageChecks;
};

// How far a run is: `done` files verified of `total`.
struct Progress {
    std::size_t done = 0;
    std::size_t total = 0;
};
// Called once per file as soon as it is verified (`done` counts up from 1 to `total`), from
// the verifying threads but never two calls at once; a desktop hands it to its GUI thread.
using VerifyProgress = std::function<void(const FileReport& file, Progress progress)>;

// The files `paths` name, directories expanded as VerifyRequest::paths says.
std::vector<std::string> signedFilesIn(const std::vector<std::string>& paths);
// Verifies one file (by VerifyRequest::paths' rule), a PDF's pages too as `pageChecks` asks.
FileReport verifyFile(const std::string& path, const crypto::VerifyOptions& options,
                      const visual::PageCheckOptions& pageChecks = {});
// Verifies every file of the request, in the order signedFilesIn gives, sharing one cache
// of chain verdicts between the threads.
std::vector<FileReport> verifyDocuments(const VerifyRequest& request, const VerifyProgress& progress = {});

struct VerifySummary {
    std::size_t files = 0;
    std::size_t valid = 0;
    std::size_t notValid = 0;      // readable but not valid (failed + indeterminate)
    std::size_t failed = 0;        // readable and TOTAL-FAILED
    std::size_t indeterminate = 0; // readable and INDETERMINATE
    std::size_t unreadable = 0;
    std::size_t signatures = 0;
};
VerifySummary summarize(std::span<const FileReport> files);

// The exit status of `sandi verify` for a run: kVerifyExitError when a file was unreadable
// or there was none, else kVerifyExitFailed when one is TOTAL-FAILED, else
// kVerifyExitIndeterminate when one is INDETERMINATE, else kVerifyExitPassed.
inline constexpr int kVerifyExitPassed = 0;
inline constexpr int kVerifyExitFailed = 1;
inline constexpr int kVerifyExitError = 2;
inline constexpr int kVerifyExitIndeterminate = 3;
int verifyExitStatus(const VerifySummary& summary) noexcept;

} // namespace sandi::client
