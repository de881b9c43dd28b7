// SPDX-License-Identifier: GPL-3.0-or-later
// The official memo (nota dinas, Tata Naskah Dinas) in one deterministic encoding,
// optionally signed with the official's X.509 signing certificate (CMS, CAdES-BES)
// inside the end-to-end encryption, so the recipient can later prove who wrote it:
// an exported memo (NAME.memo + NAME.memo.p7s) is checked with `sandi verify`.
#pragma once

#include "sandi/core/time.h"
#include "sandi/e2e/attachment.h"
#include "sandi/e2e/encoding.h"

#include <optional>
#include <string>
#include <vector>

namespace sandi::crypto {
class Signer; // sandi/sign/signer.h (no OpenSSL in this header)
} // namespace sandi::crypto

namespace sandi::e2e {

inline constexpr std::uint8_t kMemoVersion = 1;
inline constexpr std::size_t kMaxMemoFieldBytes = 4096;
inline constexpr std::size_t kMaxMemoBodyBytes = 512 * 1024;
inline constexpr std::size_t kMaxMemoListEntries = 100;
inline constexpr std::uint8_t kSealedMemoVersion = 1;
inline constexpr std::size_t kMaxEncodedMemoBytes = 2 * kMaxMemoBodyBytes; // the memo inside a sealed memo

enum class Classification : std::uint8_t { Biasa = 0, Terbatas = 1, Rahasia = 2, SangatRahasia = 3 };
enum class Urgency : std::uint8_t { Biasa = 0, Segera = 1, SangatSegera = 2 };
const char* classificationCode(Classification c) noexcept; // "B", "T", "R", "SR"
const char* urgencyName(Urgency u) noexcept;                // "Biasa", "Segera", "Sangat Segera"

struct MemoAttachment {
    std::string name;
    std::string mediaType;
    std::string blobId;     // where the relay keeps the ciphertext
    AttachmentKey key;      // key, stream header, ciphertext SHA-256, size
    [[nodiscard]] MemoAttachment clone() const { return {name, mediaType, blobId, key.clone()}; }
};

struct Memo {
    std::string nomor;                  // Nomor
    std::vector<std::string> kepada;    // Kepada Yth.
    std::string dari;                   // Dari
    std::vector<std::string> tembusan;  // Tembusan
    std::string tanggal;                // Tanggal, YYYY-MM-DD
    Urgency sifat = Urgency::Biasa;     // Sifat
    std::string lampiran;               // Lampiran (e.g. "2 berkas")
    std::string hal;                    // Hal (subject)
    std::string body;
    std::string signerPosition, signerName, signerRank, signerNip;
    Classification classification = Classification::Biasa;
    std::vector<MemoAttachment> attachments;
    std::optional<std::int64_t> expiresAt; // seconds since the epoch

    [[nodiscard]] Bytes encode() const;
    static Result<Memo> decode(std::span<const std::byte> bytes);
};

// What travels inside a session message: the encoded memo and, optionally, a
// detached CMS signature over exactly those bytes.
struct SealedMemo {
    Bytes memo;
    std::optional<Bytes> signature;
    [[nodiscard]] Bytes encode() const;
    static Result<SealedMemo> decode(std::span<const std::byte> bytes);
};

Result<SealedMemo> sealMemo(const Memo& memo, crypto::Signer* signer, crypto::TimePoint now);

} // namespace sandi::e2e
