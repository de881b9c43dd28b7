// SPDX-License-Identifier: GPL-3.0-or-later
// Session messages from the network. The first byte chooses:
//   0  the rest is a whole message: as a first message to accept and as a message on an
//      established session (Bob's, from the fixture);
//   1  the rest is u8 chain (0 current receiving chain, 1 next: a DH ratchet step) ‖
//      ratchet public key (32) ‖ u32 pn ‖ u32 n ‖ u8 content type ‖ body: a type-1
//      message is built here from those header fields with the right header and message
//      keys (docs/protocol.md), so mutations reach the counters, the skipped-key store,
//      the DH ratchet step, chain abandonment and the content type check.
#include "e2e_fixture.h"

#include <cstddef>
#include <cstdint>

namespace {

using namespace sandi;

e2e::Bytes buildMessage(const e2e::Session& bob, std::span<const std::byte> in, bool& expectSuccess)
{
    expectSuccess = false;
    e2e::Reader r(in, "fuzz header");
    auto chain = r.u8();
    auto dh = r.key<e2e::DhPublicKey>();
    auto pn = r.u32();
    auto n = r.u32();
    auto type = r.u8();
    if (!chain || !dh || !pn || !n || !type) return {};
    const auto body = in.subspan(in.size() - r.remaining());
    const e2e::RatchetState& s = bob.ratchet;
    const bool next = (*chain & 1U) != 0;
    const e2e::HeaderKey& hk = next || !s.hkr ? s.nhkr : *s.hkr;
    // The chain the message key comes from.
    e2e::ChainKey ck;
    std::uint32_t start = 0;
    if (next) {
        auto shared = e2e::dh(s.dhs.secretKey, *dh);
        if (!shared) return {};
        std::array<std::byte, 96> out{};
        e2e::hkdfSha256(s.rk.bytes(), shared->bytes(), "Sandi ratchet root v1", out);
        ck = e2e::ChainKey::fromBytes(std::span(out).subspan(32, 32));
        crypto::secureWipe(out);
    } else {
        if (!s.ckr) return {};
        ck = s.ckr->clone();
        start = s.nr;
    }
    if (*n < start || *n - start > 2 * e2e::kMaxSkip) return {};
    for (std::uint32_t i = start; i < *n; ++i)
        (void)e2e::chainStep(ck);
    const e2e::MessageKey mk = e2e::chainStep(ck);
    e2e::Writer header;
    header.fixed(*dh);
    header.u32(*pn);
    header.u32(*n);
    std::array<std::byte, e2e::kAeadNonceBytes> nonce{};
    nonce[0] = std::byte{0x5A};
    e2e::Bytes wire{std::byte{e2e::kMessageTypeRatchet}, std::byte{e2e::kRatchetVersion}};
    wire.insert(wire.end(), nonce.begin(), nonce.end());
    const e2e::Bytes eh = e2e::aeadEncrypt(hk.bytes(), nonce, e2e::asBytes("Sandi header v1"), header.data());
    wire.insert(wire.end(), eh.begin(), eh.end());
    std::array<std::byte, e2e::kAeadKeyBytes + e2e::kAeadNonceBytes> kn{};
    e2e::hkdfSha256(nonce, mk.bytes(), "Sandi message keys v2", kn);
    e2e::Bytes ad = bob.associatedData(true);
    ad.insert(ad.end(), wire.begin(), wire.end());
    e2e::Bytes plaintext{static_cast<std::byte>(*type)};
    plaintext.insert(plaintext.end(), body.begin(), body.end());
    const std::span<const std::byte> k = kn;
    const e2e::Bytes ct = e2e::aeadEncrypt(k.first(e2e::kAeadKeyBytes), k.subspan(e2e::kAeadKeyBytes), ad, plaintext);
    wire.insert(wire.end(), ct.begin(), ct.end());
    // On the current chain, within kMaxSkip and with a known content type, it must read.
    expectSuccess =
        !next && *n - start <= e2e::kMaxSkip && *type >= 1 && *type <= 3 && plaintext.size() <= e2e::kMaxPlaintextBytes;
    return wire;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static fuzz::E2eFixture f;
    if (size == 0) return 0;
    const auto in = std::as_bytes(std::span(data + 1, size - 1));
    test::SeededRandom rng(size);
    if (data[0] == 0) {
        e2e::Session s = f.bobSession.clone();
        (void)e2e::sessionDecrypt(s, in, fuzz::kFuzzTime, rng);
        auto store = f.bobPreKeys();
        static const e2e::IdentityResolver resolve = fuzz::resolverOf({fuzz::certifiedFor(f.alice, "alice")});
        (void)e2e::acceptSession(f.bob, store, resolve, in, fuzz::kFuzzTime, rng);
    } else if (data[0] == 1) {
        bool expectSuccess = false;
        const e2e::Bytes wire = buildMessage(f.bobSession, in, expectSuccess);
        if (wire.empty()) return 0;
        e2e::Session s = f.bobSession.clone();
        auto got = e2e::sessionDecrypt(s, wire, fuzz::kFuzzTime, rng);
        if (expectSuccess && !got) std::abort();
    }
    return 0;
}
