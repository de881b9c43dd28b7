// SPDX-License-Identifier: GPL-3.0-or-later
// The verification record a QR-marked stamp carries (docs/signing.md, "QR-marked
// stamps"): one line of ASCII,
//   SANDI1;signer=<CN>;nip=<NIP>;t=<YYYYMMDDTHHMMSSZ>;doc=<hex>;base=<hex>
// fields in this order, each value percent-encoded (RFC 3986 unreserved characters as
// they are, every other byte as %XX). A QR code is outside input: the parser is strict
// and bounded, and a text that does not start with "SANDI1;" is not a Sandi record.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/time.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace sandi::client::visual {

inline constexpr std::string_view kStampRecordPrefix = "SANDI1;";
inline constexpr std::size_t kMaxStampRecordBytes = 1024; // a record longer than this is refused
inline constexpr std::size_t kMaxStampNameBytes = 256;    // signer and nip, decoded
inline constexpr std::size_t kDocumentIdHexMax = 64;      // /ID[0]: up to 32 bytes
inline constexpr std::size_t kBaseHexLength = 64;         // SHA-256

struct StampRecord {
    std::string signer;     // the signer certificate's subject CN (UTF-8)
    std::string nip;        // its serialNumber (NIP), "" when it has none
    crypto::TimePoint time; // the signing time (/M), whole seconds, UTC
    std::string documentId; // /ID[0] of the signed revision, upper-case hex (even length, may be empty)
    std::string base;       // SHA-256 of the bytes the signature's update is appended to, lower-case hex
    friend bool operator==(const StampRecord&, const StampRecord&) = default;
};

// The record's text (what the QR code encodes).
std::string formatStampRecord(const StampRecord& record);

// Whether `text` claims to be a Sandi record (starts with kStampRecordPrefix).
[[nodiscard]] bool isStampRecord(std::string_view text) noexcept;

// Parses a record; an error names what is malformed. Hex values are normalised (doc
// upper-case, base lower-case) so that records compare field by field.
Result<StampRecord> parseStampRecord(std::string_view text);

} // namespace sandi::client::visual
