// SPDX-License-Identifier: GPL-3.0-or-later
// Group messages from the network, against a known sender key. The first byte chooses:
//   0  the rest is a whole group message (signature first: mutations mostly stop there);
//   1  the rest is the signed part of one message, signed here with the sender's
//      signing key, so mutations reach the parser, the checks and the decryption;
//   2  the rest is a sequence of (u16 iteration ‖ u8 flags ‖ u8 length ‖ plaintext)
//      from which valid messages are built here (docs/protocol.md, "Groups") and
//      decrypted in order on one receiver state: reordering, gaps, duplicates, the
//      skipped-key store and its limits; flags tamper with the commitment (bit 0), the
//      sender identity (bit 1) or the group id (bit 2) before signing.
#include "e2e_fixture.h"

#include <cstddef>
#include <cstdint>

namespace {

using namespace sandi;

e2e::Bytes sign(const e2e::SenderKeyState& sender, std::span<const std::byte> m)
{
    e2e::Bytes out(m.begin(), m.end());
    const e2e::Signature sig = e2e::IdentityKeyPair::fromSeed(sender.signingSeed->bytes()).value().sign(m);
    out.insert(out.end(), sig.begin(), sig.end());
    return out;
}

e2e::Bytes build(const e2e::SenderKeyState& sender, std::uint32_t iteration, std::uint8_t flags,
                 std::span<const std::byte> plaintext)
{
    e2e::ChainKey chain = sender.chainKey.clone();
    for (std::uint32_t i = 0; i < iteration; ++i)
        (void)e2e::chainStep(chain);
    const e2e::MessageKey mk = e2e::chainStep(chain);
    std::array<std::byte, e2e::kGroupSaltBytes> salt{};
    salt[0] = static_cast<std::byte>(iteration); // any salt will do here
    std::array<std::byte, e2e::kAeadKeyBytes + e2e::kAeadNonceBytes + e2e::kCommitKeyBytes> keys{};
    e2e::hkdfSha256(salt, mk.bytes(), "Sandi sender message keys v2", keys);
    const std::span<const std::byte> k = keys;
    auto commitment = e2e::hmacSha256(k.subspan(e2e::kAeadKeyBytes + e2e::kAeadNonceBytes), plaintext);
    if ((flags & 1U) != 0) commitment[0] ^= std::byte{1};
    e2e::IdentityPublicKey identity = sender.senderIdentity;
    if ((flags & 2U) != 0) identity.mutableBytes()[31] ^= std::byte{1};
    e2e::Writer w;
    w.u8(e2e::kGroupMessageVersion);
    w.string((flags & 4U) != 0 ? "h" : "g");
    w.fixed(identity);
    w.u32(sender.keyId);
    w.u32(iteration);
    w.fixed(salt);
    w.fixed(commitment);
    w.bytes(e2e::aeadEncrypt(k.first(e2e::kAeadKeyBytes), k.subspan(e2e::kAeadKeyBytes, e2e::kAeadNonceBytes), w.data(),
                             plaintext));
    return sign(sender, w.data());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    static fuzz::E2eFixture f;
    if (size == 0) return 0;
    const auto in = std::as_bytes(std::span(data + 1, size - 1));
    e2e::SenderKeyState s = f.receiverKey.clone();
    switch (data[0]) {
    case 0:
        (void)e2e::groupDecrypt(s, "g", in, fuzz::kFuzzTime);
        break;
    case 1:
        if (in.size() <= e2e::kMaxGroupMessageBytes)
            (void)e2e::groupDecrypt(s, "g", sign(f.senderKey, in), fuzz::kFuzzTime);
        break;
    case 2: {
        e2e::Reader r(in, "fuzz records");
        for (int n = 0; n < 64; ++n) {
            auto it = r.u16();
            auto flags = r.u8();
            auto len = r.u8();
            if (!it || !flags || !len) break;
            auto pt = r.fixed(*len);
            if (!pt) break;
            const std::uint32_t iteration = *it % (2 * e2e::kMaxSkip + 100);
            auto got = e2e::groupDecrypt(s, "g", build(f.senderKey, iteration, *flags, *pt), fuzz::kFuzzTime);
            // Properties: a built, untampered message decrypts to its plaintext or fails;
            // a tampered one never decrypts.
            if (got && ((*flags & 7U) != 0 || !std::equal(got->begin(), got->end(), pt->begin(), pt->end())))
                std::abort();
        }
        break;
    }
    default:
        break;
    }
    return 0;
}
