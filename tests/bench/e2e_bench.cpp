// SPDX-License-Identifier: GPL-3.0-or-later
// Side-by-side E2E figures for docs/benchmarks.md, in one run:
//  1. a 1 KiB message encrypted and decrypted in an established session: Sandi
//     (crypto only, and with the session record serialised and parsed back each time,
//     as a store would) against libsignal-protocol-c with an OpenSSL crypto provider
//     and in-memory stores (its own store callbacks run on every message);
//  2. attachments: 1 GiB through Sandi's streaming encryption and decryption against
//     raw crypto_secretstream_xchacha20poly1305 push/pull of the same chunks, and the
//     peak memory (RSS) of the process.
//   bench_e2e [--messages N] [--attachment-mib M]
#include "sandi/e2e/attachment.h"
#include "sandi/e2e/session.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <sodium.h>
#include <sys/resource.h>

extern "C" {
#include <signal/key_helper.h>
#include <signal/protocol.h>
#include <signal/session_builder.h>
#include <signal/session_cipher.h>
#include <signal/session_pre_key.h>
#include <signal/signal_protocol.h>
}

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
double seconds(Clock::time_point a, Clock::time_point b) { return std::chrono::duration<double>(b - a).count(); }

// --- libsignal-protocol-c: crypto provider on OpenSSL ------------------------------------
int lsRandom(uint8_t* data, size_t len, void*) { return RAND_bytes(data, static_cast<int>(len)) == 1 ? 0 : -1; }

struct HmacCtx {
    EVP_MAC_CTX* ctx;
};
EVP_MAC* g_mac = nullptr; // fetched once: reused contexts, as the field notes advise
int lsHmacInit(void** c, const uint8_t* key, size_t keyLen, void*)
{
    OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, const_cast<char*>("SHA256"), 0),
                           OSSL_PARAM_construct_end()};
    EVP_MAC_CTX* ctx = EVP_MAC_CTX_new(g_mac);
    if (ctx == nullptr || EVP_MAC_init(ctx, key, keyLen, params) != 1) return -1;
    *c = new HmacCtx{ctx};
    return 0;
}
int lsHmacUpdate(void* c, const uint8_t* data, size_t len, void*)
{
    return EVP_MAC_update(static_cast<HmacCtx*>(c)->ctx, data, len) == 1 ? 0 : -1;
}
int lsHmacFinal(void* c, signal_buffer** out, void*)
{
    uint8_t md[32];
    size_t len = 0;
    if (EVP_MAC_final(static_cast<HmacCtx*>(c)->ctx, md, &len, sizeof md) != 1) return -1;
    *out = signal_buffer_create(md, len);
    return 0;
}
void lsHmacCleanup(void* c, void*)
{
    if (c == nullptr) return;
    EVP_MAC_CTX_free(static_cast<HmacCtx*>(c)->ctx);
    delete static_cast<HmacCtx*>(c);
}
int lsShaInit(void** c, void*)
{
    EVP_MD_CTX* ctx = EVP_MD_CTX_new();
    if (ctx == nullptr || EVP_DigestInit_ex(ctx, EVP_sha512(), nullptr) != 1) return -1;
    *c = ctx;
    return 0;
}
int lsShaUpdate(void* c, const uint8_t* d, size_t n, void*) { return EVP_DigestUpdate(static_cast<EVP_MD_CTX*>(c), d, n) == 1 ? 0 : -1; }
int lsShaFinal(void* c, signal_buffer** out, void*)
{
    uint8_t md[64];
    unsigned len = 0;
    if (EVP_DigestFinal_ex(static_cast<EVP_MD_CTX*>(c), md, &len) != 1) return -1;
    *out = signal_buffer_create(md, len);
    return EVP_DigestInit_ex(static_cast<EVP_MD_CTX*>(c), EVP_sha512(), nullptr) == 1 ? 0 : -1;
}
void lsShaCleanup(void* c, void*) { EVP_MD_CTX_free(static_cast<EVP_MD_CTX*>(c)); }
const EVP_CIPHER* aesFor(int cipher, size_t keyLen)
{
    if (cipher == SG_CIPHER_AES_CBC_PKCS5) return keyLen == 32 ? EVP_aes_256_cbc() : keyLen == 16 ? EVP_aes_128_cbc() : nullptr;
    return keyLen == 32 ? EVP_aes_256_ctr() : keyLen == 16 ? EVP_aes_128_ctr() : nullptr;
}
int lsCipher(signal_buffer** out, int cipher, const uint8_t* key, size_t keyLen, const uint8_t* iv, const uint8_t* in,
             size_t inLen, bool encrypt)
{
    const EVP_CIPHER* c = aesFor(cipher, keyLen);
    EVP_CIPHER_CTX* ctx = EVP_CIPHER_CTX_new();
    std::vector<uint8_t> buf(inLen + 32);
    int n1 = 0, n2 = 0;
    const bool ok = c != nullptr && ctx != nullptr && EVP_CipherInit_ex(ctx, c, nullptr, key, iv, encrypt ? 1 : 0) == 1 &&
                    EVP_CipherUpdate(ctx, buf.data(), &n1, in, static_cast<int>(inLen)) == 1 &&
                    EVP_CipherFinal_ex(ctx, buf.data() + n1, &n2) == 1;
    EVP_CIPHER_CTX_free(ctx);
    if (!ok) return -1;
    *out = signal_buffer_create(buf.data(), static_cast<size_t>(n1 + n2));
    return 0;
}
int lsEncrypt(signal_buffer** o, int c, const uint8_t* k, size_t kl, const uint8_t* iv, size_t, const uint8_t* p, size_t pl, void*)
{
    return lsCipher(o, c, k, kl, iv, p, pl, true);
}
int lsDecrypt(signal_buffer** o, int c, const uint8_t* k, size_t kl, const uint8_t* iv, size_t, const uint8_t* p, size_t pl, void*)
{
    return lsCipher(o, c, k, kl, iv, p, pl, false);
}

std::recursive_mutex g_lock;
void lsLock(void*) { g_lock.lock(); }
void lsUnlock(void*) { g_lock.unlock(); }

// --- libsignal: in-memory stores -----------------------------------------------------------
struct Stores {
    std::map<std::string, std::vector<uint8_t>> sessions, preKeys, signedPreKeys;
    signal_buffer* identityPublic = nullptr;
    signal_buffer* identityPrivate = nullptr;
    uint32_t registrationId = 1;
};
std::string addr(const signal_protocol_address* a) { return std::string(a->name, a->name_len) + "/" + std::to_string(a->device_id); }
int lsLoadSession(signal_buffer** record, signal_buffer** user, const signal_protocol_address* a, void* ud)
{
    auto& s = static_cast<Stores*>(ud)->sessions;
    auto it = s.find(addr(a));
    if (it == s.end()) return 0;
    *record = signal_buffer_create(it->second.data(), it->second.size());
    *user = nullptr;
    return 1;
}
int lsSubSessions(signal_int_list**, const char*, size_t, void*) { return 0; }
int lsStoreSession(const signal_protocol_address* a, uint8_t* r, size_t n, uint8_t*, size_t, void* ud)
{
    static_cast<Stores*>(ud)->sessions[addr(a)].assign(r, r + n);
    return 0;
}
int lsContainsSession(const signal_protocol_address* a, void* ud) { return static_cast<Stores*>(ud)->sessions.count(addr(a)) ? 1 : 0; }
int lsDeleteSession(const signal_protocol_address* a, void* ud) { return static_cast<int>(static_cast<Stores*>(ud)->sessions.erase(addr(a))); }
int lsDeleteAll(const char*, size_t, void*) { return 0; }
template <std::map<std::string, std::vector<uint8_t>> Stores::*M>
int lsLoadKey(signal_buffer** record, uint32_t id, void* ud)
{
    auto& m = static_cast<Stores*>(ud)->*M;
    auto it = m.find(std::to_string(id));
    if (it == m.end()) return SG_ERR_INVALID_KEY_ID;
    *record = signal_buffer_create(it->second.data(), it->second.size());
    return SG_SUCCESS;
}
template <std::map<std::string, std::vector<uint8_t>> Stores::*M>
int lsStoreKey(uint32_t id, uint8_t* r, size_t n, void* ud)
{
    (static_cast<Stores*>(ud)->*M)[std::to_string(id)].assign(r, r + n);
    return 0;
}
template <std::map<std::string, std::vector<uint8_t>> Stores::*M>
int lsContainsKey(uint32_t id, void* ud) { return (static_cast<Stores*>(ud)->*M).count(std::to_string(id)) ? 1 : 0; }
template <std::map<std::string, std::vector<uint8_t>> Stores::*M>
int lsRemoveKey(uint32_t id, void* ud)
{
    (static_cast<Stores*>(ud)->*M).erase(std::to_string(id));
    return 0;
}
int lsGetIdentity(signal_buffer** pub, signal_buffer** priv, void* ud)
{
    auto* s = static_cast<Stores*>(ud);
    *pub = signal_buffer_copy(s->identityPublic);
    *priv = signal_buffer_copy(s->identityPrivate);
    return 0;
}
int lsRegistration(void* ud, uint32_t* id)
{
    *id = static_cast<Stores*>(ud)->registrationId;
    return 0;
}
int lsSaveIdentity(const signal_protocol_address*, uint8_t*, size_t, void*) { return 0; }
int lsTrusted(const signal_protocol_address*, uint8_t*, size_t, void*) { return 1; }

signal_protocol_store_context* makeStore(signal_context* ctx, Stores* s)
{
    signal_protocol_store_context* store = nullptr;
    signal_protocol_store_context_create(&store, ctx);
    signal_protocol_session_store ss{lsLoadSession, lsSubSessions, lsStoreSession, lsContainsSession, lsDeleteSession, lsDeleteAll, nullptr, s};
    signal_protocol_store_context_set_session_store(store, &ss);
    signal_protocol_pre_key_store pk{lsLoadKey<&Stores::preKeys>, lsStoreKey<&Stores::preKeys>, lsContainsKey<&Stores::preKeys>,
                                     lsRemoveKey<&Stores::preKeys>, nullptr, s};
    signal_protocol_store_context_set_pre_key_store(store, &pk);
    signal_protocol_signed_pre_key_store spk{lsLoadKey<&Stores::signedPreKeys>, lsStoreKey<&Stores::signedPreKeys>,
                                             lsContainsKey<&Stores::signedPreKeys>, lsRemoveKey<&Stores::signedPreKeys>, nullptr, s};
    signal_protocol_store_context_set_signed_pre_key_store(store, &spk);
    signal_protocol_identity_key_store ik{lsGetIdentity, lsRegistration, lsSaveIdentity, lsTrusted, nullptr, s};
    signal_protocol_store_context_set_identity_key_store(store, &ik);
    return store;
}

void identityInto(signal_context* ctx, Stores& s)
{
    ratchet_identity_key_pair* kp = nullptr;
    signal_protocol_key_helper_generate_identity_key_pair(&kp, ctx);
    ec_public_key_serialize(&s.identityPublic, ratchet_identity_key_pair_get_public(kp));
    ec_private_key_serialize(&s.identityPrivate, ratchet_identity_key_pair_get_private(kp));
    SIGNAL_UNREF(kp);
}

// Returns seconds per encrypt+decrypt of a 1 KiB message, Alice → Bob, established session.
double libsignalRoundTrip(int messages)
{
    signal_context* ctx = nullptr;
    signal_context_create(&ctx, nullptr);
    signal_crypto_provider provider{lsRandom, lsHmacInit, lsHmacUpdate, lsHmacFinal, lsHmacCleanup, lsShaInit, lsShaUpdate,
                                    lsShaFinal, lsShaCleanup, lsEncrypt, lsDecrypt, nullptr};
    signal_context_set_crypto_provider(ctx, &provider);
    signal_context_set_locking_functions(ctx, lsLock, lsUnlock);
    Stores aliceS, bobS;
    identityInto(ctx, aliceS);
    identityInto(ctx, bobS);
    bobS.registrationId = 2;
    signal_protocol_store_context* alice = makeStore(ctx, &aliceS);
    signal_protocol_store_context* bob = makeStore(ctx, &bobS);

    // Bob's prekeys.
    ratchet_identity_key_pair* bobIdentity = nullptr;
    {
        ec_public_key* pub = nullptr;
        ec_private_key* priv = nullptr;
        curve_decode_point(&pub, signal_buffer_data(bobS.identityPublic), signal_buffer_len(bobS.identityPublic), ctx);
        curve_decode_private_point(&priv, signal_buffer_data(bobS.identityPrivate), signal_buffer_len(bobS.identityPrivate), ctx);
        ratchet_identity_key_pair_create(&bobIdentity, pub, priv);
        SIGNAL_UNREF(pub);
        SIGNAL_UNREF(priv);
    }
    signal_protocol_key_helper_pre_key_list_node* preKeys = nullptr;
    signal_protocol_key_helper_generate_pre_keys(&preKeys, 1, 1, ctx);
    session_pre_key* preKey = signal_protocol_key_helper_key_list_element(preKeys);
    signal_buffer* pkRecord = nullptr;
    session_pre_key_serialize(&pkRecord, preKey);
    bobS.preKeys[std::to_string(session_pre_key_get_id(preKey))].assign(signal_buffer_data(pkRecord),
                                                                        signal_buffer_data(pkRecord) + signal_buffer_len(pkRecord));
    session_signed_pre_key* spk = nullptr;
    signal_protocol_key_helper_generate_signed_pre_key(&spk, bobIdentity, 5, 0, ctx);
    signal_buffer* spkRecord = nullptr;
    session_signed_pre_key_serialize(&spkRecord, spk);
    bobS.signedPreKeys["5"].assign(signal_buffer_data(spkRecord), signal_buffer_data(spkRecord) + signal_buffer_len(spkRecord));
    session_pre_key_bundle* bundle = nullptr;
    session_pre_key_bundle_create(&bundle, 2, 1, session_pre_key_get_id(preKey), ec_key_pair_get_public(session_pre_key_get_key_pair(preKey)),
                                  5, ec_key_pair_get_public(session_signed_pre_key_get_key_pair(spk)),
                                  session_signed_pre_key_get_signature(spk), session_signed_pre_key_get_signature_len(spk),
                                  ratchet_identity_key_pair_get_public(bobIdentity));
    signal_protocol_address bobAddr{"bob", 3, 1};
    signal_protocol_address aliceAddr{"alice", 5, 1};
    session_builder* builder = nullptr;
    session_builder_create(&builder, alice, &bobAddr, ctx);
    if (session_builder_process_pre_key_bundle(builder, bundle) != 0) std::abort();
    session_cipher* aliceCipher = nullptr;
    session_cipher* bobCipher = nullptr;
    session_cipher_create(&aliceCipher, alice, &bobAddr, ctx);
    session_cipher_create(&bobCipher, bob, &aliceAddr, ctx);
    std::vector<uint8_t> msg(1024, 0x42);

    auto send = [&](session_cipher* from, session_cipher* to) {
        ciphertext_message* ct = nullptr;
        if (session_cipher_encrypt(from, msg.data(), msg.size(), &ct) != 0) std::abort();
        signal_buffer* wire = ciphertext_message_get_serialized(ct);
        signal_buffer* plain = nullptr;
        if (ciphertext_message_get_type(ct) == CIPHERTEXT_PREKEY_TYPE) {
            pre_key_signal_message* pm = nullptr;
            pre_key_signal_message_deserialize(&pm, signal_buffer_data(wire), signal_buffer_len(wire), ctx);
            if (session_cipher_decrypt_pre_key_signal_message(to, pm, nullptr, &plain) != 0) std::abort();
            SIGNAL_UNREF(pm);
        } else {
            signal_message* sm = nullptr;
            signal_message_deserialize(&sm, signal_buffer_data(wire), signal_buffer_len(wire), ctx);
            if (session_cipher_decrypt_signal_message(to, sm, nullptr, &plain) != 0) std::abort();
            SIGNAL_UNREF(sm);
        }
        if (signal_buffer_len(plain) != msg.size()) std::abort();
        signal_buffer_free(plain);
        SIGNAL_UNREF(ct);
    };
    send(aliceCipher, bobCipher); // establishes; then Bob answers so Alice sends plain signal messages
    send(bobCipher, aliceCipher);
    const auto t0 = Clock::now();
    for (int i = 0; i < messages; ++i) send(aliceCipher, bobCipher);
    const double s = seconds(t0, Clock::now()) / messages;
    session_cipher_free(aliceCipher);
    session_cipher_free(bobCipher);
    session_builder_free(builder);
    SIGNAL_UNREF(bundle);
    SIGNAL_UNREF(spk);
    SIGNAL_UNREF(bobIdentity);
    signal_buffer_free(pkRecord);
    signal_buffer_free(spkRecord);
    signal_protocol_key_helper_key_list_free(preKeys);
    signal_protocol_store_context_destroy(alice);
    signal_protocol_store_context_destroy(bob);
    signal_context_destroy(ctx);
    return s;
}

// --- Sandi ---------------------------------------------------------------------------------
struct SandiTimes {
    double crypto;
    double withRecords;
};

SandiTimes sandiRoundTrip(int messages)
{
    using namespace sandi;
    crypto::SystemRandom rng;
    const auto now = std::chrono::system_clock::now();
    auto alice = e2e::IdentityKeyPair::generate(rng);
    auto bob = e2e::IdentityKeyPair::generate(rng);
    e2e::InMemoryPreKeyStore store;
    auto spk = e2e::makeSignedPreKey(bob, 1, rng, now);
    e2e::PreKeyBundle bundle{bob.publicKey, 1, spk.keyPair.publicKey, spk.signature, std::nullopt, {}};
    store.addSignedPreKey(std::move(spk));
    const e2e::CertifiedIdentity aliceId{alice.publicKey, "CN=Alice", "CN=CA", "01"}, bobId{bob.publicKey, "CN=Bob", "CN=CA", "02"};
    auto a = e2e::initiateSession(alice, bobId, bundle, rng).value();
    const e2e::IdentityResolver resolve = [&](const e2e::IdentityPublicKey& k) -> Result<e2e::CertifiedIdentity> {
        if (k == aliceId.identityKey) return aliceId;
        return fail(ErrorCode::Policy, "unknown");
    };
    auto b = e2e::acceptSession(bob, store, resolve, e2e::sessionEncrypt(a, e2e::ContentType::SealedMemo, e2e::asBytes("x"), rng).value(), now, rng).value().session;
    (void)e2e::sessionDecrypt(a, e2e::sessionEncrypt(b, e2e::ContentType::SealedMemo, e2e::asBytes("y"), rng).value(), now, rng).value();
    std::vector<std::byte> msg(1024, std::byte{0x42});
    auto t0 = Clock::now();
    for (int i = 0; i < messages; ++i) {
        auto w = e2e::sessionEncrypt(a, e2e::ContentType::SealedMemo, msg, rng).value();
        if (e2e::sessionDecrypt(b, w, now, rng).value().body.size() != msg.size()) std::abort();
    }
    const double crypto = seconds(t0, Clock::now()) / messages;
    // The same with each side's record written out and read back per message (a store).
    e2e::Bytes aRec = a.serialise(), bRec = b.serialise();
    t0 = Clock::now();
    for (int i = 0; i < messages; ++i) {
        auto sa = e2e::Session::parse(aRec).value();
        auto w = e2e::sessionEncrypt(sa, e2e::ContentType::SealedMemo, msg, rng).value();
        aRec = sa.serialise();
        auto sb = e2e::Session::parse(bRec).value();
        if (e2e::sessionDecrypt(sb, w, now, rng).value().body.size() != msg.size()) std::abort();
        bRec = sb.serialise();
    }
    return {crypto, seconds(t0, Clock::now()) / messages};
}

long peakRssKiB()
{
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    return u.ru_maxrss;
}

// Attachments, each direction against raw libsodium doing the same work:
//  encryption: plaintext from a prepared buffer → ciphertext to a file in /dev/shm
//  (memory-backed), raw push loop vs encryptAttachment;
//  decryption: that file → plaintext discarded, raw pull loop vs decryptAttachment.
// Both sides read and write through the same stdio calls, so the ratio is the
// library's own cost (the ciphertext SHA-256 runs on the second core).
struct AttachmentTimes {
    double rawPush, rawPull, encrypt, decrypt;
};

AttachmentTimes attachments(std::size_t totalBytes)
{
    using namespace sandi;
    const std::string rawPath = "/dev/shm/sandi-bench-raw.bin", ourPath = "/dev/shm/sandi-bench-ours.bin";
    const std::size_t chunk = e2e::kAttachmentChunkBytes;
    const std::size_t chunks = totalBytes / chunk;
    std::vector<unsigned char> plain(chunk, 0x5A), cipher(chunk + 17), out(chunk);
    std::vector<unsigned char> key(crypto_secretstream_xchacha20poly1305_KEYBYTES), header(crypto_secretstream_xchacha20poly1305_HEADERBYTES);
    crypto_secretstream_xchacha20poly1305_keygen(key.data());
    AttachmentTimes t{};

    FILE* f = std::fopen(rawPath.c_str(), "wb");
    auto t0 = Clock::now();
    crypto_secretstream_xchacha20poly1305_state st{};
    crypto_secretstream_xchacha20poly1305_init_push(&st, header.data(), key.data());
    for (std::size_t i = 0; i < chunks; ++i) {
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(&st, cipher.data(), &clen, plain.data(), chunk, nullptr, 0,
                                                   i + 1 == chunks ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : 0);
        std::fwrite(cipher.data(), 1, clen, f);
    }
    std::fclose(f);
    t.rawPush = seconds(t0, Clock::now());
    f = std::fopen(rawPath.c_str(), "rb");
    t0 = Clock::now();
    crypto_secretstream_xchacha20poly1305_init_pull(&st, header.data(), key.data());
    for (std::size_t i = 0; i < chunks; ++i) {
        unsigned long long plen = 0;
        unsigned char tag = 0;
        const std::size_t n = std::fread(cipher.data(), 1, cipher.size(), f);
        if (crypto_secretstream_xchacha20poly1305_pull(&st, out.data(), &plen, &tag, cipher.data(), n, nullptr, 0) != 0) std::abort();
    }
    t.rawPull = seconds(t0, Clock::now());
    std::fclose(f);
    std::remove(rawPath.c_str());

    crypto::SystemRandom rng;
    f = std::fopen(ourPath.c_str(), "wb");
    std::size_t produced = 0;
    t0 = Clock::now();
    auto akey = e2e::encryptAttachment(
                    [&](std::span<std::byte> buf) -> Result<std::size_t> {
                        const std::size_t n = std::min({buf.size(), totalBytes - produced, plain.size()});
                        std::memcpy(buf.data(), plain.data(), n);
                        produced += n;
                        return n;
                    },
                    [&](std::span<const std::byte> d) -> Status {
                        std::fwrite(d.data(), 1, d.size(), f);
                        return {};
                    },
                    rng)
                    .value();
    std::fclose(f);
    t.encrypt = seconds(t0, Clock::now());
    f = std::fopen(ourPath.c_str(), "rb");
    std::size_t consumed = 0;
    t0 = Clock::now();
    // Two passes since protocol version 2: the hash and size are checked before any plaintext goes out.
    auto ok = e2e::decryptAttachment(
        akey,
        [&]() -> Result<e2e::ReadFn> {
            std::rewind(f);
            return e2e::ReadFn([&](std::span<std::byte> buf) -> Result<std::size_t> { return std::fread(buf.data(), 1, buf.size(), f); });
        },
        [&](std::span<const std::byte> d) -> Status {
            consumed += d.size();
            return {};
        });
    t.decrypt = seconds(t0, Clock::now());
    std::fclose(f);
    std::remove(ourPath.c_str());
    if (!ok || consumed != totalBytes) std::abort();
    return t;
}

} // namespace

int main(int argc, char** argv)
{
    int messages = 20000;
    std::size_t mib = 1024;
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::strcmp(argv[i], "--messages") == 0) messages = std::atoi(argv[i + 1]);
        if (std::strcmp(argv[i], "--attachment-mib") == 0) mib = static_cast<std::size_t>(std::atol(argv[i + 1]));
    }
    sandi::crypto::initialise();
    g_mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
    // Alternate the two implementations to share the machine's noise.
    std::vector<double> ls, sc, sr;
    for (int round = 0; round < 3; ++round) {
        ls.push_back(libsignalRoundTrip(messages));
        auto s = sandiRoundTrip(messages);
        sc.push_back(s.crypto);
        sr.push_back(s.withRecords);
    }
    std::sort(ls.begin(), ls.end());
    std::sort(sc.begin(), sc.end());
    std::sort(sr.begin(), sr.end());
    std::printf("1 KiB message, encrypt + decrypt in an established session (median of 3 × %d)\n", messages);
    std::printf("  libsignal-protocol-c (OpenSSL provider, in-memory stores): %7.2f us\n", ls[1] * 1e6);
    std::printf("  Sandi, crypto only:                                        %7.2f us   %.1fx faster\n", sc[1] * 1e6, ls[1] / sc[1]);
    std::printf("  Sandi, with both session records written and read back:   %7.2f us   %.1fx faster\n", sr[1] * 1e6, ls[1] / sr[1]);
    const std::size_t total = mib * 1024 * 1024;
    // Three rounds, each field's median, so one noisy moment does not decide the ratio.
    std::vector<AttachmentTimes> runs;
    for (int round = 0; round < 3; ++round) runs.push_back(attachments(total));
    auto median = [&](double AttachmentTimes::*field) {
        std::vector<double> v;
        for (const auto& r : runs) v.push_back(r.*field);
        std::sort(v.begin(), v.end());
        return v[1];
    };
    const AttachmentTimes at{median(&AttachmentTimes::rawPush), median(&AttachmentTimes::rawPull),
                             median(&AttachmentTimes::encrypt), median(&AttachmentTimes::decrypt)};
    const double m = static_cast<double>(mib);
    std::printf("attachments, %zu MiB, through /dev/shm (median of 3)\n", mib);
    std::printf("  encrypt: raw push %6.3f s (%5.0f MiB/s)  Sandi %6.3f s (%5.0f MiB/s) = %3.0f%% of raw\n", at.rawPush,
                m / at.rawPush, at.encrypt, m / at.encrypt, 100.0 * at.rawPush / at.encrypt);
    std::printf("  decrypt: raw pull %6.3f s (%5.0f MiB/s)  Sandi %6.3f s (%5.0f MiB/s) = %3.0f%% of raw\n", at.rawPull,
                m / at.rawPull, at.decrypt, m / at.decrypt, 100.0 * at.rawPull / at.decrypt);
    std::printf("  both:    raw %6.3f s  Sandi %6.3f s = %3.0f%% of raw\n", at.rawPush + at.rawPull, at.encrypt + at.decrypt,
                100.0 * (at.rawPush + at.rawPull) / (at.encrypt + at.decrypt));
    std::printf("  peak RSS of this process: %ld KiB\n", peakRssKiB());
    EVP_MAC_free(g_mac);
    return 0;
}
