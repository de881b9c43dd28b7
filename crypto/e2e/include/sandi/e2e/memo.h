// SPDX-License-Identifier: GPL-3.0-or-later
// The official memo (nota dinas, Tata Naskah Dinas) in one deterministic encoding,
// optionally signed with the official's X.509 signing certificate (CMS, CAdES-BES)
// inside the end-to-end encryption, so the recipient can later prove who wrote it:
// an exported memo (NAME.memo + NAME.memo.p7s) is checked with `sandi verify`.
#pragma once

#include "sandi/core/time.h"
#include "sandi/e2e/attachment.h"
#include "sandi/e2e/certified_identity.h"
#include "sandi/e2e/encoding.h"

#include <array>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sandi::crypto {
class Signer;         // sandi/sign/signer.h (no OpenSSL in this header)
struct VerifyOptions; // sandi/sign/validation.h
struct SignatureReport;
class Random;
} // namespace sandi::crypto

namespace sandi::e2e {

inline constexpr std::uint8_t kMemoVersion = 1;
inline constexpr std::size_t kMaxMemoFieldBytes = 4096;
inline constexpr std::size_t kMaxMemoBodyBytes = std::size_t{512} * 1024;
inline constexpr std::size_t kMaxMemoListEntries = 100;
inline constexpr std::uint8_t kSealedMemoVersion = 2;
inline constexpr std::size_t kMemoIdBytes = 16;
inline constexpr std::size_t kMaxMemoRecipients = 1024;                    // recipient devices named in one sealed memo
inline constexpr std::size_t kMaxEncodedMemoBytes = 2 * kMaxMemoBodyBytes; // the memo inside a sealed memo

enum class Classification : std::uint8_t { Biasa = 0, Terbatas = 1, Rahasia = 2, SangatRahasia = 3 };
enum class Urgency : std::uint8_t { Biasa = 0, Segera = 1, SangatSegera = 2 };
const char* classificationCode(Classification c) noexcept; // "B", "T", "R", "SR"
const char* urgencyName(Urgency u) noexcept;               // "Biasa", "Segera", "Sangat Segera"

struct MemoAttachment {
    std::string name;
    std::string mediaType;
    std::string blobId; // where the relay keeps the ciphertext
    AttachmentKey key;  // key, stream header, ciphertext SHA-256, size
    [[nodiscard]] MemoAttachment clone() const { return {name, mediaType, blobId, key.clone()}; }
};

struct Memo {
    std::string nomor;                 // Nomor
    std::vector<std::string> kepada;   // Kepada Yth.
    std::string dari;                  // Dari
    std::vector<std::string> tembusan; // Tembusan
    std::string tanggal;               // Tanggal, YYYY-MM-DD
    Urgency sifat = Urgency::Biasa;    // Sifat
    std::string lampiran;              // Lampiran (e.g. "2 berkas")
    std::string hal;                   // Hal (subject)
    std::string body;
    std::string signerPosition, signerName, signerRank, signerNip;
    Classification classification = Classification::Biasa;
    std::vector<MemoAttachment> attachments;
    std::optional<std::int64_t> expiresAt; // seconds since the epoch

    [[nodiscard]] Bytes encode() const;
    static Result<Memo> decode(std::span<const std::byte> bytes);
};

// A recipient device, as its device certificate names it (CertifiedIdentity's issuer and serial).
struct MemoRecipient {
    std::string issuer;
    std::string serial;
    friend bool operator==(const MemoRecipient&, const MemoRecipient&) = default;
};

// What travels inside a session message (content type 1): the encoded memo bound to a
// random memo id, the sending device's identity key and the recipient devices, and
// optionally a detached CMS signature over exactly those bound bytes (signedContent()),
// so that a signed memo cannot be replayed, re-sent by another device or shown to
// another recipient as addressed to them.
struct SealedMemo {
    Bytes memo;
    std::array<std::byte, kMemoIdBytes> memoId{};
    IdentityPublicKey sender{};
    std::vector<MemoRecipient> recipients;
    std::optional<Bytes> signature;

    // u8 2 ‖ bytes memo ‖ memo id ‖ sender ‖ recipients: what the CMS signs, and what an
    // exported NAME.memo holds beside NAME.memo.p7s.
    [[nodiscard]] Bytes signedContent() const;
    [[nodiscard]] Bytes encode() const;
    static Result<SealedMemo> decode(std::span<const std::byte> bytes);
};

// Seals `memo` for `recipients`, sent by the device whose identity key is `sender`; the
// memo id comes from `rng`. With a signer, the official signs the bound bytes (CAdES-BES).
Result<SealedMemo> sealMemo(const Memo& memo, const IdentityPublicKey& sender, std::vector<MemoRecipient> recipients,
                            crypto::Signer* signer, crypto::Random& rng, crypto::TimePoint now);

// The memo ids a device has opened (replay refusal). A persistent one lives in the client's store.
class MemoIdStore {
  public:
    virtual ~MemoIdStore() = default;
    [[nodiscard]] virtual Result<bool> contains(std::span<const std::byte> memoId) const = 0;
    virtual Status remember(std::span<const std::byte> memoId) = 0;
};

class InMemoryMemoIdStore final : public MemoIdStore {
  public:
    [[nodiscard]] Result<bool> contains(std::span<const std::byte> memoId) const override;
    Status remember(std::span<const std::byte> memoId) override;

  private:
    std::set<Bytes> m_ids;
};

struct MemoOpenContext {
    const CertifiedIdentity& sender;     // the device the session message came from
    const CertifiedIdentity& self;       // this device
    const crypto::VerifyOptions& verify; // trust for the signer's certificate (anchors, CRLs, now)
    MemoIdStore& seen;
};

struct OpenedMemo {
    Memo memo;
    SealedMemo sealed;
    bool signedByTheSender = false; // a valid CMS by the sending device's official (same NIP)
    std::optional<std::string> signerSubject;
};

// Opens a sealed memo received from `context.sender`: it must name that device as its
// sender and this device among its recipients, carry a memo id not seen before, and a
// signature, if any, must be valid (chain, revocation, digest) and by the official whose
// device sent it (the signing certificate's NIP — subject serialNumber — equals the device
// certificate's). Only then is the memo id remembered. Any failure changes nothing.
Result<OpenedMemo> openSealedMemo(std::span<const std::byte> sealed, const MemoOpenContext& context);

} // namespace sandi::e2e
