// SPDX-License-Identifier: GPL-3.0-or-later
// One file per account: identity, prekeys, sessions and sender keys, encrypted
// under a random master key that is itself wrapped by a key derived from the
// passphrase with Argon2id. Changing the passphrase makes a new master key.
// Versioned, written atomically; a wrong passphrase or a damaged file is a clear
// error and never destroys data (docs/protocol.md, "Key store file").
#pragma once

#include "sandi/core/atomic_file.h"
#include "sandi/e2e/group.h"
#include "sandi/e2e/session.h"

#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>

namespace sandi::e2e {

inline constexpr std::uint8_t kKeyStoreVersion = 1;
inline constexpr std::size_t kMaxKeyStoreBytes = std::size_t{256} * 1024 * 1024;
inline constexpr std::size_t kMaxStoreNameBytes = 1024; // an address or a sender key record's name
inline constexpr std::size_t kMaxStoreRecordBytes = std::size_t{16} * 1024 * 1024;
inline constexpr std::size_t kMaxStoredSignedPreKeys = 1000;
inline constexpr std::size_t kMaxStoredOneTimePreKeys = 100'000;
inline constexpr std::size_t kMaxStoreRecords = 1'000'000; // per table

struct Argon2Parameters {
    std::uint64_t opsLimit = 3;                                // libsodium's MODERATE
    std::uint64_t memLimit = std::uint64_t{256} * 1024 * 1024; // 256 MiB
};
// Files asking for more than this are refused (a hostile file must not exhaust the machine).
inline constexpr Argon2Parameters kMaxArgon2{10, std::uint64_t{2} * 1024 * 1024 * 1024};
// Files asking for less are refused, and stores are not created below it: libsodium's
// INTERACTIVE level (2 passes, 64 MiB), the least that still makes guessing costly.
inline constexpr Argon2Parameters kMinArgon2{2, std::uint64_t{64} * 1024 * 1024};

struct AccountData {
    IdentityKeyPair identity;
    std::vector<SignedPreKey> signedPreKeys;
    std::vector<OneTimePreKey> oneTimePreKeys;
    std::map<std::string, Bytes> sessions;   // address → Session::serialise()
    std::map<std::string, Bytes> senderKeys; // "group|address" → SenderKeyState record
    // First messages accepted, as (signed prekey id, EK_A), ascending: a replayed first
    // message is refused after a restart too. Entries of retired signed prekeys go.
    SeenInitiations seenInitiations;

    [[nodiscard]] Bytes serialise() const;
    static Result<AccountData> parse(std::span<const std::byte> bytes);
};

// The PreKeyStore over an account's data (the key store's contents): what a client
// passes to acceptSession, then saves with KeyStoreFile::save.
class AccountPreKeyStore final : public PreKeyStore {
  public:
    explicit AccountPreKeyStore(AccountData& data) : m_data(data) {}
    const SignedPreKey* signedPreKey(std::uint32_t id) const override;
    const OneTimePreKey* oneTimePreKey(std::uint32_t id) const override;
    void removeOneTimePreKey(std::uint32_t id) override;
    SeenInitiations& seenInitiations() override { return m_data.seenInitiations; }
    [[nodiscard]] const SeenInitiations& seenInitiations() const override { return m_data.seenInitiations; }

  private:
    AccountData& m_data;
};

class KeyStoreFile;

// The SessionStore and SenderKeyStore over an open key store file: each store() puts the
// record in the account and saves the file (atomically, with the prekey changes made so
// far) before it returns, so encryptMessage's persist-before-send reaches the disk.
class KeyStoreSessionStore final : public SessionStore, public SenderKeyStore {
  public:
    using Clock = std::function<TimePoint()>;
    KeyStoreSessionStore(KeyStoreFile& file, crypto::Random& rng, Clock clock)
        : m_file(file), m_rng(rng), m_clock(std::move(clock))
    {
    }
    [[nodiscard]] Result<std::optional<Session>> load(const std::string& address) const override;
    [[nodiscard]] Status store(const std::string& address, const Session& session) override;
    [[nodiscard]] Result<std::optional<SenderKeyState>> load(const std::string& group,
                                                             const std::string& sender) const override;
    [[nodiscard]] Status store(const std::string& group, const std::string& sender,
                               const SenderKeyState& state) override;
    [[nodiscard]] Status remove(const std::string& group, const std::string& sender) override;

  private:
    KeyStoreFile& m_file;
    crypto::Random& m_rng;
    Clock m_clock;
};

class KeyStoreFile final {
  public:
    // Both hold an exclusive lock (PATH.lock, flock) while the object lives: a second
    // process, or a second object, cannot open the same store and later write an older
    // state over it (which would reuse message keys).
    // Refuses to overwrite an existing file.
    static Result<KeyStoreFile> create(const std::filesystem::path& path, const crypto::SecureBuffer& passphrase,
                                       const AccountData& data, crypto::Random& rng, Argon2Parameters params = {});
    // Wrong passphrase (or damage to the salt, in-range parameters or wrapped key, which
    // cannot be told apart) → WrongPassphrase; unknown version → Unsupported; any other
    // damage → InvalidInput (docs/protocol.md, "Key store file").
    static Result<KeyStoreFile> open(const std::filesystem::path& path, const crypto::SecureBuffer& passphrase);
    // The file's structure and parameters, checked before any key derivation.
    static Result<Argon2Parameters> checkStructure(std::span<const std::byte> file);

    [[nodiscard]] const AccountData& data() const noexcept { return m_data; }
    AccountData& data() noexcept { return m_data; }
    // Drops expired skipped keys (kSkippedKeyLifetime, as of `now`) from every session and
    // sender key record, encodes, checks that the encoding decodes to the same account,
    // and only then replaces the file atomically.
    Status save(crypto::Random& rng, TimePoint now);
    // A new master key, wrapped under a key from the new passphrase, and the contents
    // re-encrypted under it: the old passphrase (with an old copy of the file) opens
    // nothing written afterwards. The object switches only once the file is written.
    Status changePassphrase(const crypto::SecureBuffer& newPassphrase, crypto::Random& rng,
                            Argon2Parameters params = {});

  private:
    KeyStoreFile() = default;
    Status write(crypto::Random& rng, crypto::Overwrite overwrite);
    std::filesystem::path m_path;
    std::optional<crypto::FileLock> m_lock;
    SecretKey m_masterKey;
    Bytes m_header;     // magic, version, Argon2 parameters, salt
    Bytes m_wrappedKey; // nonce ‖ AEAD(KEK, master key)
    AccountData m_data;
};

} // namespace sandi::e2e
