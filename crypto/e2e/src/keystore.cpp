// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/keystore.h"

#include <algorithm>
#include <type_traits>

#include "sandi/core/atomic_file.h"

#include <sodium.h>

namespace sandi::e2e {
namespace {

constexpr std::string_view kMagic = "SANDIKS\n";
constexpr std::size_t kSaltBytes = crypto_pwhash_SALTBYTES; // 16
constexpr std::size_t kFileHeaderBytes = 8 + 1 + 8 + 8 + kSaltBytes;
constexpr std::size_t kWrappedBytes = kAeadNonceBytes + kSecretKeyBytes + kAeadTagBytes;

bool argon2InRange(Argon2Parameters p)
{
    static_assert(kMinArgon2.opsLimit >= crypto_pwhash_OPSLIMIT_MIN &&
                  kMinArgon2.memLimit >= crypto_pwhash_MEMLIMIT_MIN);
    return p.opsLimit >= kMinArgon2.opsLimit && p.opsLimit <= kMaxArgon2.opsLimit &&
           p.memLimit >= kMinArgon2.memLimit && p.memLimit <= kMaxArgon2.memLimit;
}

Result<SecretKey> deriveKek(const crypto::SecureBuffer& passphrase, std::span<const std::byte> salt, Argon2Parameters p)
{
    SecretKey kek;
    if (crypto_pwhash(reinterpret_cast<unsigned char*>(kek.mutableBytes().data()), kSecretKeyBytes, passphrase.chars(),
                      passphrase.size(), reinterpret_cast<const unsigned char*>(salt.data()), p.opsLimit,
                      static_cast<std::size_t>(p.memLimit), crypto_pwhash_ALG_ARGON2ID13) != 0)
        return fail(ErrorCode::Io, "not enough memory for Argon2id");
    return kek;
}

Bytes makeHeader(Argon2Parameters p, crypto::Random& rng)
{
    Writer w;
    w.fixed(asBytes(kMagic));
    w.u8(kKeyStoreVersion);
    w.u64(p.opsLimit);
    w.u64(p.memLimit);
    std::array<std::byte, kSaltBytes> salt{};
    rng.fill(salt);
    w.fixed(salt);
    return std::move(w).take();
}

std::filesystem::path lockPath(const std::filesystem::path& store)
{
    std::filesystem::path p = store;
    p += ".lock";
    return p;
}

} // namespace

Bytes AccountData::serialise() const
{
    Writer w;
    w.u8(1);
    w.fixed(identity.seed.bytes());
    // Prekeys in ascending id order (one encoding per account; ids are unique).
    auto byId = [](const auto& list) {
        std::vector<const std::remove_cvref_t<decltype(list.front())>*> out;
        out.reserve(list.size());
        for (const auto& k : list)
            out.push_back(&k);
        std::sort(out.begin(), out.end(), [](const auto* a, const auto* b) { return a->id < b->id; });
        return out;
    };
    w.u32(static_cast<std::uint32_t>(signedPreKeys.size()));
    for (const auto* kp : byId(signedPreKeys)) {
        const auto& k = *kp;
        w.u32(k.id);
        w.fixed(k.keyPair.publicKey);
        w.fixed(k.keyPair.secretKey.bytes());
        w.fixed(k.signature);
        w.u64(static_cast<std::uint64_t>(k.createdAt));
    }
    w.u32(static_cast<std::uint32_t>(oneTimePreKeys.size()));
    for (const auto* kp : byId(oneTimePreKeys)) {
        const auto& k = *kp;
        w.u32(k.id);
        w.fixed(k.keyPair.publicKey);
        w.fixed(k.keyPair.secretKey.bytes());
    }
    for (const auto* table : {&sessions, &senderKeys}) {
        w.u32(static_cast<std::uint32_t>(table->size()));
        for (const auto& [name, record] : *table) {
            w.bytes(asBytes(name)); // names are opaque bytes (sender key names are length-prefixed)
            w.bytes(record);
        }
    }
    w.u32(static_cast<std::uint32_t>(seenInitiations.size()));
    for (const auto& [spkId, ephemeral] : seenInitiations) {
        w.u32(spkId);
        w.fixed(ephemeral);
    }
    return std::move(w).take();
}

Result<AccountData> AccountData::parse(std::span<const std::byte> bytes)
{
    Reader r(bytes, "key store contents");
    SANDI_ASSIGN(version, r.u8());
    if (version != 1) return fail(ErrorCode::Unsupported, "key store contents: unknown version");
    AccountData d;
    SANDI_ASSIGN(seed, r.fixed(kSecretKeyBytes));
    SANDI_ASSIGN(identity, IdentityKeyPair::fromSeed(seed));
    d.identity = std::move(identity);
    SANDI_ASSIGN(spkCount, r.u32());
    if (spkCount > kMaxStoredSignedPreKeys)
        return fail(ErrorCode::InvalidInput, "key store contents: too many signed prekeys");
    for (std::uint32_t i = 0; i < spkCount; ++i) {
        SignedPreKey k;
        SANDI_ASSIGN(id, r.u32());
        SANDI_ASSIGN(pub, r.key<DhPublicKey>());
        SANDI_ASSIGN(sec, r.fixed(kSecretKeyBytes));
        SANDI_ASSIGN(sig, r.array<kSignatureBytes>());
        SANDI_ASSIGN(created, r.u64());
        k.id = id;
        k.keyPair = {pub, SecretKey::fromBytes(sec)};
        k.signature = sig;
        k.createdAt = static_cast<std::int64_t>(created);
        if (!d.signedPreKeys.empty() && d.signedPreKeys.back().id >= id)
            return fail(ErrorCode::InvalidInput, "key store contents: signed prekeys out of order or repeated");
        d.signedPreKeys.push_back(std::move(k));
    }
    SANDI_ASSIGN(opkCount, r.u32());
    if (opkCount > kMaxStoredOneTimePreKeys)
        return fail(ErrorCode::InvalidInput, "key store contents: too many one-time prekeys");
    for (std::uint32_t i = 0; i < opkCount; ++i) {
        SANDI_ASSIGN(id, r.u32());
        SANDI_ASSIGN(pub, r.key<DhPublicKey>());
        SANDI_ASSIGN(sec, r.fixed(kSecretKeyBytes));
        if (!d.oneTimePreKeys.empty() && d.oneTimePreKeys.back().id >= id)
            return fail(ErrorCode::InvalidInput, "key store contents: one-time prekeys out of order or repeated");
        d.oneTimePreKeys.push_back({id, {pub, SecretKey::fromBytes(sec)}});
    }
    for (auto* table : {&d.sessions, &d.senderKeys}) {
        SANDI_ASSIGN(count, r.u32());
        if (count > kMaxStoreRecords) return fail(ErrorCode::InvalidInput, "key store contents: too many records");
        for (std::uint32_t i = 0; i < count; ++i) {
            SANDI_ASSIGN(nameBytes, r.bytes(kMaxStoreNameBytes));
            std::string name(reinterpret_cast<const char*>(nameBytes.data()), nameBytes.size());
            SANDI_ASSIGN(record, r.bytes(kMaxStoreRecordBytes));
            // One canonical encoding: names strictly ascending, so no duplicates.
            if (!table->empty() && !(table->rbegin()->first < name))
                return fail(ErrorCode::InvalidInput, "key store contents: records out of order or repeated");
            // Every record is what its table says (so a store never holds what it cannot use).
            if (table == &d.sessions) {
                if (!Session::parse(record))
                    return fail(ErrorCode::InvalidInput, "key store contents: a session record does not decode");
            } else {
                Reader rr(record, "sender key record");
                auto k = SenderKeyState::parse(rr);
                if (!k || !rr.end())
                    return fail(ErrorCode::InvalidInput, "key store contents: a sender key record does not decode");
            }
            table->emplace_hint(table->end(), std::move(name), std::move(record));
        }
    }
    SANDI_ASSIGN(seenCount, r.u32());
    if (seenCount > kMaxSeenInitiations)
        return fail(ErrorCode::InvalidInput, "key store contents: too many first messages");
    for (std::uint32_t i = 0; i < seenCount; ++i) {
        SANDI_ASSIGN(spkId, r.u32());
        SANDI_ASSIGN(ephemeral, r.key<DhPublicKey>());
        std::pair<std::uint32_t, DhPublicKey> entry{spkId, ephemeral};
        if (!d.seenInitiations.empty() && !(*d.seenInitiations.rbegin() < entry))
            return fail(ErrorCode::InvalidInput, "key store contents: first messages out of order or repeated");
        d.seenInitiations.emplace_hint(d.seenInitiations.end(), entry);
    }
    SANDI_TRY(r.end());
    return d;
}

const SignedPreKey* AccountPreKeyStore::signedPreKey(std::uint32_t id) const
{
    for (const auto& k : m_data.signedPreKeys)
        if (k.id == id) return &k;
    return nullptr;
}

const OneTimePreKey* AccountPreKeyStore::oneTimePreKey(std::uint32_t id) const
{
    for (const auto& k : m_data.oneTimePreKeys)
        if (k.id == id) return &k;
    return nullptr;
}

void AccountPreKeyStore::removeOneTimePreKey(std::uint32_t id)
{
    std::erase_if(m_data.oneTimePreKeys, [id](const OneTimePreKey& k) { return k.id == id; });
}

Status KeyStoreFile::write(crypto::Random& rng, crypto::Overwrite overwrite)
{
    Bytes plain = m_data.serialise();
    // Write only what reads back: the encoding must decode, to the same account.
    {
        auto back = AccountData::parse(plain);
        const bool same = back && back->serialise() == plain;
        if (!same) {
            crypto::secureWipe(plain);
            return fail(ErrorCode::InvalidArgument,
                        std::string("key store: the account cannot be stored, it would not read back") +
                            (back ? "" : " (" + back.error().message + ")"));
        }
    }
    std::array<std::byte, kAeadNonceBytes> nonce{};
    rng.fill(nonce);
    Bytes ad = m_header;
    ad.insert(ad.end(), m_wrappedKey.begin(), m_wrappedKey.end());
    const Bytes ct = aeadEncrypt(m_masterKey.bytes(), nonce, ad, plain);
    crypto::secureWipe(plain);
    Bytes file = ad;
    file.insert(file.end(), nonce.begin(), nonce.end());
    file.insert(file.end(), ct.begin(), ct.end());
    return crypto::writeFileAtomically(m_path, file, crypto::FileMode::Private, overwrite);
}

Result<KeyStoreFile> KeyStoreFile::create(const std::filesystem::path& path, const crypto::SecureBuffer& passphrase,
                                          const AccountData& data, crypto::Random& rng, Argon2Parameters params)
{
    if (passphrase.size() < 8) return fail(ErrorCode::InvalidArgument, "passphrase too short (at least 8 bytes)");
    KeyStoreFile ks;
    ks.m_path = path;
    SANDI_ASSIGN(lock, crypto::FileLock::acquire(lockPath(path)));
    ks.m_lock = std::move(lock);
    SANDI_ASSIGN(parsed, AccountData::parse(data.serialise())); // a deep copy through the one format
    ks.m_data = std::move(parsed);
    SANDI_TRY(ks.changePassphrase(passphrase, rng, params));
    SANDI_TRY(ks.write(rng, crypto::Overwrite::Refuse));
    return ks;
}

Status KeyStoreFile::changePassphrase(const crypto::SecureBuffer& newPassphrase, crypto::Random& rng,
                                      Argon2Parameters params)
{
    if (newPassphrase.size() < 8) return fail(ErrorCode::InvalidArgument, "passphrase too short (at least 8 bytes)");
    if (!argon2InRange(params))
        return fail(ErrorCode::InvalidArgument,
                    "Argon2id parameters outside what a key store may use (kMinArgon2 … kMaxArgon2)");
    Bytes header = makeHeader(params, rng);
    SANDI_ASSIGN(kek, deriveKek(newPassphrase, std::span(header).last(kSaltBytes), params));
    SecretKey masterKey = SecretKey::random(rng); // a new one: the old passphrase must not open what follows
    std::array<std::byte, kAeadNonceBytes> nonce{};
    rng.fill(nonce);
    const Bytes wrapped = aeadEncrypt(kek.bytes(), nonce, header, masterKey.bytes());
    Bytes w(nonce.begin(), nonce.end());
    w.insert(w.end(), wrapped.begin(), wrapped.end());
    const bool fresh = m_header.empty(); // a new store: create() writes it
    // Switch to the new key and wrapping only once they are on disk: if the write fails,
    // the object keeps the old passphrase and master key, as the file does.
    std::swap(m_header, header);
    std::swap(m_wrappedKey, w);
    std::swap(m_masterKey, masterKey);
    if (fresh) return {};
    auto written = write(rng, crypto::Overwrite::Allow);
    if (!written) {
        std::swap(m_header, header);
        std::swap(m_wrappedKey, w);
        std::swap(m_masterKey, masterKey);
    }
    return written;
}

Status KeyStoreFile::save(crypto::Random& rng, TimePoint now)
{
    // Expired skipped keys go on every save, also from sessions that receive nothing more.
    std::map<std::string, Bytes> sessions, senderKeys;
    for (const auto& [name, record] : m_data.sessions) {
        auto s = Session::parse(record);
        if (!s) return fail(ErrorCode::InvalidArgument, "key store: session record " + name + " does not decode");
        dropExpiredSkippedKeys(s->ratchet, now);
        sessions.emplace(name, s->serialise());
    }
    for (const auto& [name, record] : m_data.senderKeys) {
        Reader r(record, "sender key record");
        auto k = SenderKeyState::parse(r);
        if (!k || !r.end()) return fail(ErrorCode::InvalidArgument, "key store: a sender key record does not decode");
        dropExpiredSkippedKeys(*k, now);
        Writer w;
        k->serialise(w);
        senderKeys.emplace(name, std::move(w).take());
    }
    std::swap(m_data.sessions, sessions);
    std::swap(m_data.senderKeys, senderKeys);
    auto written = write(rng, crypto::Overwrite::Allow);
    if (!written) {
        std::swap(m_data.sessions, sessions);
        std::swap(m_data.senderKeys, senderKeys);
    }
    return written;
}

Result<Argon2Parameters> KeyStoreFile::checkStructure(std::span<const std::byte> file)
{
    auto corrupt = [](const char* why) {
        return fail(ErrorCode::InvalidInput, std::string("key store is damaged (") + why + ")");
    };
    if (file.size() > kMaxKeyStoreBytes) return corrupt("too large");
    if (file.size() < kFileHeaderBytes + kWrappedBytes + kAeadNonceBytes + kAeadTagBytes) return corrupt("too short");
    Reader r(file, "key store");
    SANDI_ASSIGN(magic, r.fixed(kMagic.size()));
    if (!std::equal(magic.begin(), magic.end(), asBytes(kMagic).begin())) return corrupt("not a Sandi key store");
    SANDI_ASSIGN(version, r.u8());
    if (version != kKeyStoreVersion)
        return fail(ErrorCode::Unsupported, "key store version " + std::to_string(version) + " is not supported");
    Argon2Parameters p;
    SANDI_ASSIGN(ops, r.u64());
    SANDI_ASSIGN(mem, r.u64());
    p.opsLimit = ops;
    p.memLimit = mem;
    if (!argon2InRange(p)) return corrupt("Argon2id parameters out of range");
    return p;
}

Result<KeyStoreFile> KeyStoreFile::open(const std::filesystem::path& path, const crypto::SecureBuffer& passphrase)
{
    SANDI_ASSIGN(lock, crypto::FileLock::acquire(lockPath(path)));
    SANDI_ASSIGN(file, crypto::readFile(path, kMaxKeyStoreBytes));
    auto p = checkStructure(file);
    if (!p) return fail(p.error().context(path.string()));
    auto corrupt = [&](const char* why) {
        return fail(ErrorCode::InvalidInput, "key store " + path.string() + " is damaged (" + why + ")");
    };
    const std::span<const std::byte> header = std::span(file).first(kFileHeaderBytes);
    const auto salt = header.last(kSaltBytes);
    const auto wrapNonce = std::span(file).subspan(kFileHeaderBytes, kAeadNonceBytes);
    const auto wrapped = std::span(file).subspan(kFileHeaderBytes + kAeadNonceBytes, kSecretKeyBytes + kAeadTagBytes);
    SANDI_ASSIGN(kek, deriveKek(passphrase, salt, *p));
    auto mk = aeadDecrypt(kek.bytes(), wrapNonce, header, wrapped);
    if (!mk)
        return fail(ErrorCode::WrongPassphrase,
                    "wrong passphrase for key store " + path.string() + " (or its header is damaged)");
    KeyStoreFile ks;
    ks.m_path = path;
    ks.m_lock = std::move(lock);
    ks.m_masterKey = SecretKey::fromBytes(*mk);
    crypto::secureWipe(*mk);
    ks.m_header.assign(header.begin(), header.end());
    ks.m_wrappedKey.assign(wrapNonce.begin(), wrapNonce.end());
    ks.m_wrappedKey.insert(ks.m_wrappedKey.end(), wrapped.begin(), wrapped.end());
    const auto nonce = std::span(file).subspan(kFileHeaderBytes + kWrappedBytes, kAeadNonceBytes);
    const auto ct = std::span(file).subspan(kFileHeaderBytes + kWrappedBytes + kAeadNonceBytes);
    auto plain =
        aeadDecrypt(ks.m_masterKey.bytes(), nonce, std::span(file).first(kFileHeaderBytes + kWrappedBytes), ct);
    if (!plain) return corrupt("contents fail authentication");
    auto data = AccountData::parse(*plain);
    crypto::secureWipe(*plain);
    if (!data) return fail(data.error().context("key store " + path.string()));
    ks.m_data = std::move(*data);
    return ks;
}

Result<std::optional<Session>> KeyStoreSessionStore::load(const std::string& address) const
{
    const auto& sessions = m_file.data().sessions;
    const auto it = sessions.find(address);
    if (it == sessions.end()) return std::optional<Session>{};
    SANDI_ASSIGN(s, Session::parse(it->second));
    return std::optional<Session>(std::move(s));
}

Status KeyStoreSessionStore::store(const std::string& address, const Session& session)
{
    auto& sessions = m_file.data().sessions;
    std::optional<Bytes> previous;
    if (auto it = sessions.find(address); it != sessions.end()) previous = it->second;
    sessions[address] = session.serialise();
    auto saved = m_file.save(m_rng, m_clock());
    if (!saved) { // the account stays as the file is
        if (previous)
            sessions[address] = std::move(*previous);
        else
            sessions.erase(address);
    }
    return saved;
}

Result<std::optional<SenderKeyState>> KeyStoreSessionStore::load(const std::string& group,
                                                                 const std::string& sender) const
{
    const auto& records = m_file.data().senderKeys;
    const auto it = records.find(senderKeyRecordName(group, sender));
    if (it == records.end()) return std::optional<SenderKeyState>{};
    SANDI_ASSIGN(s, parseSenderKeyRecord(it->second));
    return std::optional<SenderKeyState>(std::move(s));
}

Status KeyStoreSessionStore::store(const std::string& group, const std::string& sender, const SenderKeyState& state)
{
    auto& records = m_file.data().senderKeys;
    const std::string name = senderKeyRecordName(group, sender);
    std::optional<Bytes> previous;
    if (auto it = records.find(name); it != records.end()) previous = it->second;
    records[name] = senderKeyRecord(state);
    auto saved = m_file.save(m_rng, m_clock());
    if (!saved) {
        if (previous)
            records[name] = std::move(*previous);
        else
            records.erase(name);
    }
    return saved;
}

Status KeyStoreSessionStore::remove(const std::string& group, const std::string& sender)
{
    auto& records = m_file.data().senderKeys;
    const std::string name = senderKeyRecordName(group, sender);
    const auto it = records.find(name);
    if (it == records.end()) return {};
    Bytes previous = std::move(it->second);
    records.erase(it);
    auto saved = m_file.save(m_rng, m_clock());
    if (!saved) records[name] = std::move(previous);
    return saved;
}

} // namespace sandi::e2e
