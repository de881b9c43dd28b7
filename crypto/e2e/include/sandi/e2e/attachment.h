// SPDX-License-Identifier: GPL-3.0-or-later
// Attachments: encrypted client-side in a streaming AEAD (libsodium's
// crypto_secretstream_xchacha20poly1305), fixed-size chunks, constant memory for
// any size. The key, the stream header and a SHA-256 of the ciphertext travel in
// the memo's manifest; the relay stores only the opaque ciphertext.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/random.h"
#include "sandi/e2e/primitives.h"

#include <cstdint>
#include <functional>
#include <string>

namespace sandi::e2e {

inline constexpr std::size_t kAttachmentChunkBytes = std::size_t{64} * 1024;
inline constexpr std::size_t kAttachmentHeaderBytes = 24; // crypto_secretstream_xchacha20poly1305_HEADERBYTES

struct AttachmentKey {
    SecretKey key;
    std::array<std::byte, kAttachmentHeaderBytes> header{}; // crypto_secretstream header
    std::array<std::byte, 32> ciphertextSha256{};
    std::uint64_t plaintextBytes = 0;
    [[nodiscard]] AttachmentKey clone() const { return {key.clone(), header, ciphertextSha256, plaintextBytes}; }
};

// Reads up to the size of `buffer`; returns the number of bytes read (0 at the end).
using ReadFn = std::function<Result<std::size_t>(std::span<std::byte> buffer)>;
using WriteFn = std::function<Status(std::span<const std::byte> data)>;

// Encrypts the stream `read` into `write`, chunk by chunk.
Result<AttachmentKey> encryptAttachment(const ReadFn& read, const WriteFn& write, crypto::Random& rng);
// Opens the ciphertext for reading from its first byte; decryptAttachment calls it twice.
using OpenFn = std::function<Result<ReadFn>()>;

// The ciphertext sizes a manifest's plaintext size allows: the canonical one, and with
// an empty final chunk after a full one (which decoders accept).
[[nodiscard]] std::uint64_t attachmentCiphertextBytes(std::uint64_t plaintextBytes) noexcept;

// Decrypts in two passes. The first reads the whole ciphertext and checks its size and
// SHA-256 against the manifest; nothing is written unless they match. The second
// decrypts, writing whole authenticated chunks, and hashes again: it fails on any
// tampering, reordering, truncation or trailing data, and if the ciphertext changed
// between the passes (then what was written is authenticated chunks of another blob
// under this key, and the caller must discard it, as decryptAttachmentFile does).
Status decryptAttachment(const AttachmentKey& key, const OpenFn& open, const WriteFn& write);

// The same over files (POSIX descriptors), for the client and the benchmarks.
Result<AttachmentKey> encryptAttachmentFile(const std::string& in, const std::string& out, crypto::Random& rng);
Status decryptAttachmentFile(const AttachmentKey& key, const std::string& in, const std::string& out);

} // namespace sandi::e2e
