// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/ratchet.h"

#include <algorithm>

namespace sandi::e2e {
namespace {

constexpr std::string_view kInfoRoot = "Sandi ratchet root v1";
constexpr std::string_view kInfoMessage = "Sandi message keys v2";
constexpr std::string_view kHeaderAd = "Sandi header v1";

struct Header {
    DhPublicKey dh{};
    std::uint32_t pn = 0;
    std::uint32_t n = 0;
};

std::int64_t seconds(TimePoint t)
{
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

// KDF_RK_HE: (rk, dh_out) → (rk', ck, nhk)
// Hot-path key material lives on the stack and is wiped on the way out (sodium_malloc's
// guarded pages cost several system calls per allocation).
template <std::size_t N> struct WipedArray {
    std::array<std::byte, N> bytes{};
    ~WipedArray() { crypto::secureWipe(bytes); }
};

void kdfRoot(RootKey& rk, const SecretKey& dhOut, ChainKey& ck, HeaderKey& nhk)
{
    WipedArray<96> out;
    hkdfSha256(rk.bytes(), dhOut.bytes(), kInfoRoot, out.bytes);
    const std::span<const std::byte> o = out.bytes;
    rk = RootKey::fromBytes(o.subspan(0, 32));
    ck = ChainKey::fromBytes(o.subspan(32, 32));
    nhk = HeaderKey::fromBytes(o.subspan(64, 32));
}

// key ‖ nonce = HKDF(salt = the encrypted header's random nonce, ikm = mk): a state
// rolled back (a restored backup, a VM snapshot, a crash between sending and saving)
// that reuses a message key still draws a fresh body key and nonce.
void bodyKeys(const MessageKey& mk, std::span<const std::byte> headerNonce,
              WipedArray<kAeadKeyBytes + kAeadNonceBytes>& kn)
{
    hkdfSha256(headerNonce, mk.bytes(), kInfoMessage, kn.bytes);
}

// NOLINTBEGIN(bugprone-easily-swappable-parameters): the associated data and the plaintext; a swap fails
// authentication at the receiver
Bytes sealBody(const MessageKey& mk, std::span<const std::byte> headerNonce, std::span<const std::byte> plaintext,
               std::span<const std::byte> ad)
// NOLINTEND(bugprone-easily-swappable-parameters)
{
    WipedArray<kAeadKeyBytes + kAeadNonceBytes> kn;
    bodyKeys(mk, headerNonce, kn);
    const std::span<const std::byte> k = kn.bytes;
    return aeadEncrypt(k.first(kAeadKeyBytes), k.subspan(kAeadKeyBytes), ad, plaintext);
}

// NOLINTBEGIN(bugprone-easily-swappable-parameters): the associated data and the ciphertext; a swap fails
// authentication
Result<Bytes> openBody(const MessageKey& mk, std::span<const std::byte> headerNonce,
                       std::span<const std::byte> ciphertext, std::span<const std::byte> ad)
// NOLINTEND(bugprone-easily-swappable-parameters)
{
    WipedArray<kAeadKeyBytes + kAeadNonceBytes> kn;
    bodyKeys(mk, headerNonce, kn);
    const std::span<const std::byte> k = kn.bytes;
    return aeadDecrypt(k.first(kAeadKeyBytes), k.subspan(kAeadKeyBytes), ad, ciphertext);
}

Bytes sealHeader(const HeaderKey& hk, const Header& h, crypto::Random& rng)
{
    Writer w;
    w.fixed(h.dh);
    w.u32(h.pn);
    w.u32(h.n);
    std::array<std::byte, kAeadNonceBytes> nonce{};
    rng.fill(nonce);
    Bytes out(nonce.begin(), nonce.end());
    auto ct = aeadEncrypt(hk.bytes(), nonce, asBytes(kHeaderAd), w.data());
    out.insert(out.end(), ct.begin(), ct.end());
    return out;
}

thread_local std::uint64_t t_headerDecryptions = 0;

std::optional<Header> openHeader(const HeaderKey& hk, std::span<const std::byte> enc)
{
    ++t_headerDecryptions;
    auto pt = aeadDecrypt(hk.bytes(), enc.first(kAeadNonceBytes), asBytes(kHeaderAd), enc.subspan(kAeadNonceBytes));
    if (!pt || pt->size() != kHeaderBytes) return std::nullopt;
    Reader r(*pt, "header");
    Header h;
    h.dh = r.key<DhPublicKey>().value();
    h.pn = r.u32().value();
    h.n = r.u32().value();
    return h;
}

template <class K> void writeOptional(Writer& w, const std::optional<K>& k)
{
    w.u8(k ? 1 : 0);
    if (k) w.fixed(k->bytes());
}

template <class K> Result<std::optional<K>> readOptional(Reader& r)
{
    SANDI_ASSIGN(flag, r.u8());
    if (flag > 1) return fail(ErrorCode::InvalidInput, "session record: malformed");
    if (flag == 0) return std::optional<K>{};
    SANDI_ASSIGN(b, r.fixed(kSecretKeyBytes));
    return std::optional<K>(K::fromBytes(b));
}

template <class K> std::optional<K> cloneOptional(const std::optional<K>& k)
{
    return k ? std::optional<K>(k->clone()) : std::nullopt;
}

Status skipMessageKeys(RatchetState& s, std::uint32_t until, TimePoint now)
{
    if (!s.ckr) return {};
    if (until > s.nr && until - s.nr > kMaxSkip)
        return fail(ErrorCode::Policy, "message too far ahead (more than " + std::to_string(kMaxSkip) + " skipped)");
    while (s.nr < until) {
        MessageKey mk = chainStep(*s.ckr);
        s.skipped.push_back({s.hkr->clone(), s.nr, std::move(mk), seconds(now)});
        ++s.nr;
    }
    if (s.skipped.size() > kMaxSkippedKeys)
        s.skipped.erase(s.skipped.begin(),
                        s.skipped.begin() + static_cast<std::ptrdiff_t>(s.skipped.size() - kMaxSkippedKeys));
    return {};
}

Status dhRatchet(RatchetState& s, const Header& h, crypto::Random& rng)
{
    s.pn = s.ns;
    s.ns = 0;
    s.nr = 0;
    s.hks = s.nhks.clone();
    s.hkr = s.nhkr.clone();
    s.dhr = h.dh;
    SANDI_ASSIGN(dh1, dh(s.dhs.secretKey, *s.dhr));
    ChainKey ckr;
    HeaderKey nhkr;
    kdfRoot(s.rk, dh1, ckr, nhkr);
    s.ckr = std::move(ckr);
    s.nhkr = std::move(nhkr);
    s.dhs = DhKeyPair::generate(rng);
    SANDI_ASSIGN(dh2, dh(s.dhs.secretKey, *s.dhr));
    ChainKey cks;
    HeaderKey nhks;
    kdfRoot(s.rk, dh2, cks, nhks);
    s.cks = std::move(cks);
    s.nhks = std::move(nhks);
    return {};
}

Bytes bodyAd(std::span<const std::byte> ad, std::span<const std::byte> versionAndHeader)
{
    Bytes out(ad.begin(), ad.end());
    out.insert(out.end(), versionAndHeader.begin(), versionAndHeader.end());
    return out;
}

} // namespace

RatchetState RatchetState::clone() const
{
    RatchetState c{dhs.clone(),
                   dhr,
                   rk.clone(),
                   cloneOptional(cks),
                   cloneOptional(ckr),
                   cloneOptional(hks),
                   cloneOptional(hkr),
                   nhks.clone(),
                   nhkr.clone(),
                   ns,
                   nr,
                   pn,
                   {}};
    c.skipped.reserve(skipped.size());
    for (const auto& k : skipped)
        c.skipped.push_back({k.headerKey.clone(), k.n, k.messageKey.clone(), k.storedAt});
    return c;
}

void RatchetState::serialise(Writer& w) const
{
    w.u8(kRatchetStateVersion);
    w.fixed(dhs.publicKey);
    w.fixed(dhs.secretKey.bytes());
    w.u8(dhr ? 1 : 0);
    if (dhr) w.fixed(*dhr);
    w.fixed(rk.bytes());
    writeOptional(w, cks);
    writeOptional(w, ckr);
    writeOptional(w, hks);
    writeOptional(w, hkr);
    w.fixed(nhks.bytes());
    w.fixed(nhkr.bytes());
    w.u32(ns);
    w.u32(nr);
    w.u32(pn);
    w.u32(static_cast<std::uint32_t>(skipped.size()));
    for (const auto& k : skipped) {
        w.fixed(k.headerKey.bytes());
        w.u32(k.n);
        w.fixed(k.messageKey.bytes());
        w.u64(static_cast<std::uint64_t>(k.storedAt));
    }
}

Result<RatchetState> RatchetState::parse(Reader& r)
{
    SANDI_ASSIGN(version, r.u8());
    if (version != kRatchetStateVersion) return fail(ErrorCode::Unsupported, "session record: unknown ratchet version");
    RatchetState s;
    SANDI_ASSIGN(dhsPub, r.key<DhPublicKey>());
    SANDI_ASSIGN(dhsSec, r.fixed(kSecretKeyBytes));
    s.dhs = {dhsPub, SecretKey::fromBytes(dhsSec)};
    SANDI_ASSIGN(hasDhr, r.u8());
    if (hasDhr > 1) return fail(ErrorCode::InvalidInput, "session record: malformed");
    if (hasDhr == 1) {
        SANDI_ASSIGN(dhr, r.key<DhPublicKey>());
        s.dhr = dhr;
    }
    SANDI_ASSIGN(rk, r.fixed(kSecretKeyBytes));
    s.rk = RootKey::fromBytes(rk);
    SANDI_ASSIGN(cks, readOptional<ChainKey>(r));
    SANDI_ASSIGN(ckr, readOptional<ChainKey>(r));
    SANDI_ASSIGN(hks, readOptional<HeaderKey>(r));
    SANDI_ASSIGN(hkr, readOptional<HeaderKey>(r));
    s.cks = std::move(cks);
    s.ckr = std::move(ckr);
    s.hks = std::move(hks);
    s.hkr = std::move(hkr);
    SANDI_ASSIGN(nhks, r.fixed(kSecretKeyBytes));
    SANDI_ASSIGN(nhkr, r.fixed(kSecretKeyBytes));
    s.nhks = HeaderKey::fromBytes(nhks);
    s.nhkr = HeaderKey::fromBytes(nhkr);
    SANDI_ASSIGN(ns, r.u32());
    SANDI_ASSIGN(nr, r.u32());
    SANDI_ASSIGN(pn, r.u32());
    s.ns = ns;
    s.nr = nr;
    s.pn = pn;
    // A receiving chain has both its chain key and its header key, a sending chain too.
    if (s.ckr.has_value() != s.hkr.has_value() || s.cks.has_value() != s.hks.has_value())
        return fail(ErrorCode::InvalidInput, "session record: inconsistent chain keys");
    SANDI_ASSIGN(count, r.u32());
    if (count > kMaxSkippedKeys) return fail(ErrorCode::InvalidInput, "session record: too many skipped keys");
    for (std::uint32_t i = 0; i < count; ++i) {
        SANDI_ASSIGN(hk, r.fixed(kSecretKeyBytes));
        SANDI_ASSIGN(n, r.u32());
        SANDI_ASSIGN(mk, r.fixed(kSecretKeyBytes));
        SANDI_ASSIGN(at, r.u64());
        s.skipped.push_back({HeaderKey::fromBytes(hk), n, MessageKey::fromBytes(mk), static_cast<std::int64_t>(at)});
    }
    return s;
}

Result<RatchetState> ratchetInitAlice(const RootKey& sk, const DhPublicKey& bobRatchetKey, const HeaderKey& sharedHka,
                                      const HeaderKey& sharedNhkb, crypto::Random& rng)
{
    RatchetState s;
    s.dhs = DhKeyPair::generate(rng);
    s.dhr = bobRatchetKey;
    s.rk = sk.clone();
    SANDI_ASSIGN(out, dh(s.dhs.secretKey, bobRatchetKey));
    ChainKey cks;
    HeaderKey nhks;
    kdfRoot(s.rk, out, cks, nhks);
    s.cks = std::move(cks);
    s.nhks = std::move(nhks);
    s.hks = sharedHka.clone();
    s.nhkr = sharedNhkb.clone();
    return s;
}

RatchetState ratchetInitBob(const RootKey& sk, DhKeyPair bobRatchetKeyPair, const HeaderKey& sharedHka,
                            const HeaderKey& sharedNhkb)
{
    RatchetState s;
    s.dhs = std::move(bobRatchetKeyPair);
    s.rk = sk.clone();
    s.nhks = sharedNhkb.clone();
    s.nhkr = sharedHka.clone();
    return s;
}

Result<Bytes> ratchetEncrypt(RatchetState& s, std::span<const std::byte> plaintext, std::span<const std::byte> ad,
                             crypto::Random& rng)
{
    if (plaintext.size() > kMaxPlaintextBytes) return fail(ErrorCode::InvalidArgument, "message too large");
    if (!s.cks || !s.hks) return fail(ErrorCode::InvalidArgument, "this session cannot send before it has received");
    MessageKey mk = chainStep(*s.cks);
    Bytes wire{static_cast<std::byte>(kRatchetVersion)};
    const Bytes header = sealHeader(*s.hks, {s.dhs.publicKey, s.pn, s.ns}, rng);
    wire.insert(wire.end(), header.begin(), header.end());
    ++s.ns;
    const Bytes body = sealBody(mk, std::span(header).first(kAeadNonceBytes), plaintext, bodyAd(ad, wire));
    wire.insert(wire.end(), body.begin(), body.end());
    return wire;
}

std::uint64_t headerDecryptionsTried() noexcept
{
    return t_headerDecryptions;
}

void dropExpiredSkippedKeys(RatchetState& state, TimePoint now)
{
    const auto lifetime = std::chrono::duration_cast<std::chrono::seconds>(kSkippedKeyLifetime).count();
    std::erase_if(state.skipped, [&](const SkippedMessageKey& k) { return k.storedAt + lifetime < seconds(now); });
}

Result<RatchetPlaintext> ratchetDecrypt(RatchetState& state, std::span<const std::byte> message,
                                        std::span<const std::byte> ad, TimePoint now, crypto::Random& rng)
{
    if (message.size() < 1 + kEncryptedHeaderBytes + kAeadTagBytes)
        return fail(ErrorCode::InvalidInput, "ratchet message: truncated");
    if (message.size() > 1 + kEncryptedHeaderBytes + kMaxPlaintextBytes + kAeadTagBytes)
        return fail(ErrorCode::InvalidInput, "ratchet message: larger than the 1 MiB limit");
    if (std::to_integer<std::uint8_t>(message[0]) != kRatchetVersion)
        return fail(ErrorCode::Unsupported, "ratchet message: unknown version");
    const auto encHeader = message.subspan(1, kEncryptedHeaderBytes);
    const auto body = message.subspan(1 + kEncryptedHeaderBytes);
    const Bytes fullAd = bodyAd(ad, message.first(1 + kEncryptedHeaderBytes));

    dropExpiredSkippedKeys(state, now); // read or not
    RatchetState s = state.clone();
    // TrySkippedMessageKeysHE, trying each distinct header key once (a message that
    // matches nothing costs one header decryption per stored chain, not per stored key).
    std::vector<const HeaderKey*> tried;
    for (auto it = s.skipped.begin(); it != s.skipped.end(); ++it) {
        const bool seen = std::any_of(tried.begin(), tried.end(), [&](const HeaderKey* k) {
            return crypto::constantTimeEqual(k->bytes(), it->headerKey.bytes());
        });
        if (seen) continue;
        tried.push_back(&it->headerKey);
        auto h = openHeader(it->headerKey, encHeader);
        if (!h) continue;
        const auto match = std::find_if(s.skipped.begin(), s.skipped.end(), [&](const SkippedMessageKey& k) {
            return k.n == h->n && crypto::constantTimeEqual(k.headerKey.bytes(), it->headerKey.bytes());
        });
        if (match == s.skipped.end())
            break; // that chain's header, but no key kept for it: the current chain's rules below
        auto pt = openBody(match->messageKey, encHeader.first(kAeadNonceBytes), body, fullAd);
        if (!pt) return fail(ErrorCode::BadSignature, "message authentication failed");
        s.skipped.erase(match);
        state = std::move(s);
        return RatchetPlaintext{std::move(*pt), 0};
    }
    // DecryptHeader
    std::optional<Header> h;
    bool newChain = false;
    if (s.hkr) h = openHeader(*s.hkr, encHeader);
    if (!h) {
        h = openHeader(s.nhkr, encHeader);
        newChain = h.has_value();
    }
    if (!h)
        return fail(ErrorCode::BadSignature,
                    "message header authentication failed (not for this session, or tampered)");
    if (!newChain && h->n < s.nr) return fail(ErrorCode::InvalidInput, "duplicate or replayed message");
    std::uint32_t lost = 0;
    if (newChain) {
        // The rest of the previous receiving chain: bridged with skipped keys up to
        // kMaxSkip; beyond, abandoned (no keys derived), so the session goes on with the
        // new chain instead of refusing every later message.
        if (s.ckr && h->pn > s.nr && h->pn - s.nr > kMaxSkip)
            lost = h->pn - s.nr;
        else
            SANDI_TRY(skipMessageKeys(s, h->pn, now));
        SANDI_TRY(dhRatchet(s, *h, rng));
    }
    SANDI_TRY(skipMessageKeys(s, h->n, now));
    MessageKey mk = chainStep(*s.ckr);
    ++s.nr;
    auto pt = openBody(mk, encHeader.first(kAeadNonceBytes), body, fullAd);
    if (!pt) return fail(ErrorCode::BadSignature, "message authentication failed");
    state = std::move(s);
    return RatchetPlaintext{std::move(*pt), lost};
}

} // namespace sandi::e2e
