// SPDX-License-Identifier: GPL-3.0-or-later
// PAdES baseline signatures (ETSI EN 319 142-1) written as incremental updates:
// every byte of the input is kept; the result is input ‖ update.
#pragma once

#include "sandi/core/result.h"
#include "sandi/pki/certificate.h"
#include "sandi/pki/ocsp.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/tsp.h"
#include "sandi/pki/x509.h"

#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::crypto {

inline constexpr std::size_t kMaxPdfBytes = std::size_t{4} * 1024 * 1024 * 1024; // 4 GiB

enum class PadesLevel { BB, BT, BLT, BLTA };
const char* padesLevelName(PadesLevel level) noexcept;
Result<PadesLevel> padesLevelFromName(std::string_view name);

struct StampPlacement {
    int page = 1;        // 1-based
    double x = 0, y = 0; // lower-left corner, PDF points from the page's lower-left
    double width = 0, height = 0;
};

// A QR code in the visible stamp ("QR-marked stamps", docs/signing.md): the facts of the
// verification record, which the signer computes from the input and the certificate, and
// the QR code's modules that an encoder (client/visual, libqrencode) makes of them.
// sandi_pades only draws the modules; it neither encodes nor decodes QR codes.
struct StampQrFacts {
    std::string signer;     // the signer certificate's subject CN
    std::string nip;        // its serialNumber attribute (an official's NIP), "" if none
    TimePoint signingTime;  // as in /M
    std::string documentId; // /ID[0] of the trailer the signature's update writes, upper-case hex
    std::string base;       // SHA-256 (lower-case hex) of the bytes the signature's update is appended to
};
struct QrModules {
    int size = 0;                   // modules per side
    std::vector<std::uint8_t> dark; // size * size, row-major from the top row; non-zero: dark
};
using StampQrEncoder = std::function<Result<QrModules>(const StampQrFacts&)>;

// Revocation evidence for /DSS (B-LT and above).
struct LtEvidence {
    std::vector<Crl> crls;
    std::vector<std::vector<std::byte>> ocspResponses; // DER OCSPResponses
};

struct PadesSignOptions {
    PadesLevel level = PadesLevel::BB;
    TimePoint signingTime; // goes in /M (PAdES forbids the CMS attribute)
    std::string reason;
    std::string location;
    std::optional<StampPlacement> visible;             // a stamp with name, office, position, time, reason
    StampQrEncoder stampQr;                            // with `visible`: a QR code of the verification record
    int certify = 0;                                   // 0: approval signature; 1, 2, 3: DocMDP P
    TimeStamper* timeStamper = nullptr;                // B-T and above
    std::vector<Crl> crls;                             // B-LT and above: revocation data for /DSS
    std::vector<Certificate> extraCertificates;        // B-LT and above: e.g. the trust anchor, for /DSS
    std::vector<std::vector<std::byte>> ocspResponses; // B-LT and above: DER OCSPResponses for /DSS /OCSPs
    // B-LT and above: evidence for the chain of the TSA that stamped the signature (its
    // certificate first, then the token's others), asked for once the token is known; an
    // error stops the signing. Unset: the TSA's certificates go into /DSS, with only what
    // `crls` and `ocspResponses` hold about them.
    std::function<Result<LtEvidence>(std::span<const Certificate> tsaChain)> timeStampEvidence;
};

// Signs `input` and returns the bytes to append to it (one incremental update for
// B-B and B-T, two for B-LT, three for B-LTA). Refuses encrypted and damaged files,
// and any change a DocMDP certification of the document forbids.
Result<std::vector<std::byte>> padesSign(std::span<const std::byte> input, Signer& signer,
                                         const PadesSignOptions& options);

// Appends a document time-stamp (/SubFilter /ETSI.RFC3161) over the whole file, as
// B-LTA does; renewing it later keeps the archive's proof of existence current.
Result<std::vector<std::byte>> padesAddDocumentTimestamp(std::span<const std::byte> input, TimeStamper& stamper);

// Appends a /DSS with the given certificates, CRLs and OCSP responses (and a /VRI entry
// for every signature in the file).
Result<std::vector<std::byte>> padesAddDss(std::span<const std::byte> input, std::span<const Certificate> certificates,
                                           std::span<const Crl> crls);
// The same with OCSP responses, in /DSS /OCSPs (and each /VRI's /OCSP): parsed, or as DER
// OCSPResponses.
Result<std::vector<std::byte>> padesAddDss(std::span<const std::byte> input, std::span<const Certificate> certificates,
                                           std::span<const Crl> crls, std::span<const OcspResponse> ocsps);
Result<std::vector<std::byte>> padesAddDss(std::span<const std::byte> input, std::span<const Certificate> certificates,
                                           std::span<const Crl> crls,
                                           std::span<const std::vector<std::byte>> ocspResponses);

} // namespace sandi::crypto
