// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/memo.h"

#include "sandi/core/random.h"
#include "sandi/pki/x509.h"
#include "sandi/sign/cms.h"
#include "sandi/sign/signer.h"
#include "sandi/sign/validation.h"

#include <algorithm>

namespace sandi::e2e {
namespace {

void writeList(Writer& w, const std::vector<std::string>& list)
{
    w.u32(static_cast<std::uint32_t>(list.size()));
    for (const auto& s : list)
        w.string(s);
}

Result<std::vector<std::string>> readList(Reader& r)
{
    SANDI_ASSIGN(n, r.u32());
    if (n > kMaxMemoListEntries) return fail(ErrorCode::InvalidInput, "memo: too many entries in a list");
    std::vector<std::string> out;
    for (std::uint32_t i = 0; i < n; ++i) {
        SANDI_ASSIGN(s, r.string(kMaxMemoFieldBytes));
        out.push_back(std::move(s));
    }
    return out;
}

} // namespace

const char* classificationCode(Classification c) noexcept
{
    switch (c) {
    case Classification::Biasa:
        return "B";
    case Classification::Terbatas:
        return "T";
    case Classification::Rahasia:
        return "R";
    case Classification::SangatRahasia:
        return "SR";
    }
    return "B";
}

const char* urgencyName(Urgency u) noexcept
{
    switch (u) {
    case Urgency::Biasa:
        return "Biasa";
    case Urgency::Segera:
        return "Segera";
    case Urgency::SangatSegera:
        return "Sangat Segera";
    }
    return "Biasa";
}

Bytes Memo::encode() const
{
    Writer w;
    w.u8(kMemoVersion);
    w.u8(static_cast<std::uint8_t>(classification));
    w.string(nomor);
    writeList(w, kepada);
    w.string(dari);
    writeList(w, tembusan);
    w.string(tanggal);
    w.u8(static_cast<std::uint8_t>(sifat));
    w.string(lampiran);
    w.string(hal);
    w.string(body);
    w.string(signerPosition);
    w.string(signerName);
    w.string(signerRank);
    w.string(signerNip);
    w.u32(static_cast<std::uint32_t>(attachments.size()));
    for (const auto& a : attachments) {
        w.string(a.name);
        w.string(a.mediaType);
        w.string(a.blobId);
        w.fixed(a.key.key.bytes());
        w.fixed(a.key.header);
        w.fixed(a.key.ciphertextSha256);
        w.u64(a.key.plaintextBytes);
    }
    w.u8(expiresAt ? 1 : 0);
    if (expiresAt) w.u64(static_cast<std::uint64_t>(*expiresAt));
    return std::move(w).take();
}

Result<Memo> Memo::decode(std::span<const std::byte> bytes)
{
    Reader r(bytes, "memo");
    SANDI_ASSIGN(version, r.u8());
    if (version != kMemoVersion) return fail(ErrorCode::Unsupported, "memo: unknown version");
    Memo m;
    SANDI_ASSIGN(cls, r.u8());
    if (cls > 3) return fail(ErrorCode::InvalidInput, "memo: unknown classification");
    m.classification = static_cast<Classification>(cls);
    SANDI_ASSIGN(nomor, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(kepada, readList(r));
    SANDI_ASSIGN(dari, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(tembusan, readList(r));
    SANDI_ASSIGN(tanggal, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(sifat, r.u8());
    if (sifat > 2) return fail(ErrorCode::InvalidInput, "memo: unknown urgency");
    SANDI_ASSIGN(lampiran, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(hal, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(body, r.string(kMaxMemoBodyBytes));
    SANDI_ASSIGN(position, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(name, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(rank, r.string(kMaxMemoFieldBytes));
    SANDI_ASSIGN(nip, r.string(kMaxMemoFieldBytes));
    m.nomor = std::move(nomor);
    m.kepada = std::move(kepada);
    m.dari = std::move(dari);
    m.tembusan = std::move(tembusan);
    m.tanggal = std::move(tanggal);
    m.sifat = static_cast<Urgency>(sifat);
    m.lampiran = std::move(lampiran);
    m.hal = std::move(hal);
    m.body = std::move(body);
    m.signerPosition = std::move(position);
    m.signerName = std::move(name);
    m.signerRank = std::move(rank);
    m.signerNip = std::move(nip);
    SANDI_ASSIGN(count, r.u32());
    if (count > kMaxMemoListEntries) return fail(ErrorCode::InvalidInput, "memo: too many attachments");
    for (std::uint32_t i = 0; i < count; ++i) {
        MemoAttachment a;
        SANDI_ASSIGN(an, r.string(kMaxMemoFieldBytes));
        SANDI_ASSIGN(mt, r.string(kMaxMemoFieldBytes));
        SANDI_ASSIGN(blob, r.string(kMaxMemoFieldBytes));
        SANDI_ASSIGN(key, r.fixed(kSecretKeyBytes));
        SANDI_ASSIGN(header, r.array<24>());
        SANDI_ASSIGN(hash, r.array<32>());
        SANDI_ASSIGN(size, r.u64());
        a.name = std::move(an);
        a.mediaType = std::move(mt);
        a.blobId = std::move(blob);
        a.key.key = SecretKey::fromBytes(key);
        a.key.header = header;
        a.key.ciphertextSha256 = hash;
        a.key.plaintextBytes = size;
        m.attachments.push_back(std::move(a));
    }
    SANDI_ASSIGN(hasExpiry, r.u8());
    if (hasExpiry > 1) return fail(ErrorCode::InvalidInput, "memo: malformed");
    if (hasExpiry == 1) {
        SANDI_ASSIGN(e, r.u64());
        m.expiresAt = static_cast<std::int64_t>(e);
    }
    SANDI_TRY(r.end());
    return m;
}

namespace {

void writeBound(Writer& w, const SealedMemo& s)
{
    w.u8(kSealedMemoVersion);
    w.bytes(s.memo);
    w.fixed(s.memoId);
    w.fixed(s.sender.bytes());
    w.u32(static_cast<std::uint32_t>(s.recipients.size()));
    for (const auto& r : s.recipients) {
        w.string(r.issuer);
        w.string(r.serial);
    }
}

} // namespace

Bytes SealedMemo::signedContent() const
{
    Writer w;
    writeBound(w, *this);
    return std::move(w).take();
}

Bytes SealedMemo::encode() const
{
    Writer w;
    writeBound(w, *this);
    w.u8(signature ? 1 : 0);
    if (signature) w.bytes(*signature);
    return std::move(w).take();
}

Result<SealedMemo> SealedMemo::decode(std::span<const std::byte> bytes)
{
    Reader r(bytes, "sealed memo");
    SANDI_ASSIGN(version, r.u8());
    if (version != kSealedMemoVersion) return fail(ErrorCode::Unsupported, "sealed memo: unknown version");
    SealedMemo s;
    SANDI_ASSIGN(memo, r.bytes(kMaxEncodedMemoBytes));
    s.memo = std::move(memo);
    SANDI_ASSIGN(id, r.array<kMemoIdBytes>());
    s.memoId = id;
    SANDI_ASSIGN(sender, r.key<IdentityPublicKey>());
    s.sender = sender;
    SANDI_ASSIGN(n, r.u32());
    if (n > kMaxMemoRecipients) return fail(ErrorCode::InvalidInput, "sealed memo: too many recipients");
    for (std::uint32_t i = 0; i < n; ++i) {
        SANDI_ASSIGN(issuer, r.string(kMaxCertificateNameBytes));
        SANDI_ASSIGN(serial, r.string(kMaxCertificateSerialBytes));
        s.recipients.push_back({std::move(issuer), std::move(serial)});
    }
    SANDI_ASSIGN(hasSig, r.u8());
    if (hasSig > 1) return fail(ErrorCode::InvalidInput, "sealed memo: malformed");
    if (hasSig == 1) {
        SANDI_ASSIGN(sig, r.bytes(crypto::kMaxCmsBytes));
        s.signature = std::move(sig);
    }
    SANDI_TRY(r.end());
    return s;
}

Result<SealedMemo> sealMemo(const Memo& memo, const IdentityPublicKey& sender, std::vector<MemoRecipient> recipients,
                            crypto::Signer* signer, crypto::Random& rng, crypto::TimePoint now)
{
    if (recipients.empty() || recipients.size() > kMaxMemoRecipients)
        return fail(ErrorCode::InvalidArgument, "a sealed memo names 1 to 1024 recipient devices");
    SealedMemo s;
    s.memo = memo.encode();
    SANDI_TRY(Memo::decode(s.memo).has_value() ? Status{}
                                               : fail(ErrorCode::InvalidArgument, "memo fields exceed their limits"));
    rng.fill(s.memoId);
    s.sender = sender;
    s.recipients = std::move(recipients);
    if (signer != nullptr) {
        const crypto::Digest md = crypto::Digest::Sha256;
        const Bytes content = s.signedContent();
        SANDI_ASSIGN(cms, crypto::cmsSignDetached(
                              *signer, {crypto::digestOf(md, content), md, crypto::CmsFlavour::CadesBes, now}));
        s.signature = toBytes(cms);
    }
    return s;
}

Result<bool> InMemoryMemoIdStore::contains(std::span<const std::byte> memoId) const
{
    return m_ids.contains(Bytes(memoId.begin(), memoId.end()));
}

Status InMemoryMemoIdStore::remember(std::span<const std::byte> memoId)
{
    m_ids.insert(Bytes(memoId.begin(), memoId.end()));
    return {};
}

Result<OpenedMemo> openSealedMemo(std::span<const std::byte> bytes, const MemoOpenContext& c)
{
    SANDI_ASSIGN(sealed, SealedMemo::decode(bytes));
    if (sealed.sender != c.sender.identityKey)
        return fail(ErrorCode::Policy, "sealed memo: it names another sending device than the one it came from");
    const MemoRecipient self{c.self.issuer, c.self.serial};
    if (std::find(sealed.recipients.begin(), sealed.recipients.end(), self) == sealed.recipients.end())
        return fail(ErrorCode::Policy, "sealed memo: this device is not among its recipients");
    SANDI_ASSIGN(seenBefore, c.seen.contains(sealed.memoId));
    if (seenBefore) return fail(ErrorCode::Policy, "sealed memo: this memo id was opened before (a replay)");
    SANDI_ASSIGN(memo, Memo::decode(sealed.memo));
    OpenedMemo out{std::move(memo), {}, false, std::nullopt};
    if (sealed.signature) {
        const crypto::SignatureReport report =
            crypto::verifyDetachedSignature(*sealed.signature, sealed.signedContent(), c.verify);
        if (!report.valid)
            return fail(ErrorCode::BadSignature,
                        "sealed memo: its signature is not valid (" +
                            (report.problems.empty() ? std::string("unknown") : report.problems.front().code) + ")");
        const std::string signerNip =
            report.signerCertificate ? crypto::subjectSerialNumber(report.signerCertificate->native()) : "";
        if (signerNip.empty() || c.sender.nip.empty() || signerNip != c.sender.nip)
            return fail(ErrorCode::Policy, "sealed memo: signed by another official than the one whose device sent it");
        out.signedByTheSender = true;
        out.signerSubject = report.signer;
    }
    SANDI_TRY(c.seen.remember(sealed.memoId));
    out.sealed = std::move(sealed);
    return out;
}

} // namespace sandi::e2e
