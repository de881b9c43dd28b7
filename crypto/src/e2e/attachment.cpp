// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/attachment.h"

#include <sodium.h>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace sandi::e2e {
namespace {

constexpr std::size_t kCipherChunkBytes = kAttachmentChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;

// Fills `buffer` completely unless the stream ends.
Result<std::size_t> readFull(const ReadFn& read, std::span<std::byte> buffer)
{
    std::size_t done = 0;
    while (done < buffer.size()) {
        SANDI_ASSIGN(n, read(buffer.subspan(done)));
        if (n == 0) break;
        done += n;
    }
    return done;
}

} // namespace

Result<AttachmentKey> encryptAttachment(const ReadFn& read, const WriteFn& write, crypto::Random& rng)
{
    AttachmentKey k;
    k.key = SecretKey::random(rng);
    crypto_secretstream_xchacha20poly1305_state st;
    crypto_secretstream_xchacha20poly1305_init_push(&st, reinterpret_cast<unsigned char*>(k.header.data()),
                                                    reinterpret_cast<const unsigned char*>(k.key.bytes().data()));
    crypto_hash_sha256_state hash;
    crypto_hash_sha256_init(&hash);
    crypto::SecureBuffer plain(kAttachmentChunkBytes);
    std::vector<std::byte> cipher(kCipherChunkBytes);
    // Read one chunk ahead so the last chunk carries TAG_FINAL (truncation is detectable).
    SANDI_ASSIGN(first, readFull(read, plain.bytes()));
    std::size_t have = first;
    crypto::SecureBuffer next(kAttachmentChunkBytes);
    for (;;) {
        std::size_t nextHave = 0;
        if (have == kAttachmentChunkBytes) {
            SANDI_ASSIGN(n, readFull(read, next.bytes()));
            nextHave = n;
        }
        const bool last = nextHave == 0;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, reinterpret_cast<unsigned char*>(cipher.data()), &clen, reinterpret_cast<const unsigned char*>(plain.data()),
            have, nullptr, 0,
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(cipher.data()), clen);
        SANDI_TRY(write(std::span(cipher.data(), static_cast<std::size_t>(clen))));
        k.plaintextBytes += have;
        if (last) break;
        std::swap(plain, next);
        have = nextHave;
    }
    crypto_hash_sha256_final(&hash, reinterpret_cast<unsigned char*>(k.ciphertextSha256.data()));
    sodium_memzero(&st, sizeof st);
    return k;
}

Status decryptAttachment(const AttachmentKey& k, const ReadFn& read, const WriteFn& write)
{
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, reinterpret_cast<const unsigned char*>(k.header.data()),
                                                        reinterpret_cast<const unsigned char*>(k.key.bytes().data())) != 0)
        return fail(ErrorCode::InvalidInput, "attachment: bad stream header");
    crypto_hash_sha256_state hash;
    crypto_hash_sha256_init(&hash);
    std::vector<std::byte> cipher(kCipherChunkBytes);
    crypto::SecureBuffer plain(kAttachmentChunkBytes);
    std::uint64_t total = 0;
    for (;;) {
        SANDI_ASSIGN(n, readFull(read, cipher));
        if (n == 0) {
            sodium_memzero(&st, sizeof st);
            return fail(ErrorCode::BadSignature, "attachment: truncated (no final chunk)");
        }
        crypto_hash_sha256_update(&hash, reinterpret_cast<const unsigned char*>(cipher.data()), n);
        unsigned long long plen = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&st, reinterpret_cast<unsigned char*>(plain.data()), &plen, &tag,
                                                       reinterpret_cast<const unsigned char*>(cipher.data()), n, nullptr, 0) != 0) {
            sodium_memzero(&st, sizeof st);
            return fail(ErrorCode::BadSignature, "attachment: a chunk was altered, reordered or cut");
        }
        total += plen;
        SANDI_TRY(write(plain.bytes().first(static_cast<std::size_t>(plen))));
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
        if (n < cipher.size()) {
            sodium_memzero(&st, sizeof st);
            return fail(ErrorCode::BadSignature, "attachment: truncated (no final chunk)");
        }
    }
    sodium_memzero(&st, sizeof st);
    std::array<std::byte, 1> extra{};
    SANDI_ASSIGN(more, read(extra));
    if (more != 0) return fail(ErrorCode::BadSignature, "attachment: data after the final chunk");
    std::array<std::byte, 32> digest{};
    crypto_hash_sha256_final(&hash, reinterpret_cast<unsigned char*>(digest.data()));
    if (!crypto::constantTimeEqual(digest, k.ciphertextSha256))
        return fail(ErrorCode::BadSignature, "attachment: the ciphertext's hash does not match the manifest");
    if (total != k.plaintextBytes) return fail(ErrorCode::BadSignature, "attachment: wrong length");
    return {};
}

namespace {

struct FileHandle {
    int fd = -1;
    ~FileHandle()
    {
        if (fd >= 0) ::close(fd);
    }
};

ReadFn fdReader(int fd)
{
    return [fd](std::span<std::byte> buf) -> Result<std::size_t> {
        for (;;) {
            const ssize_t n = ::read(fd, buf.data(), buf.size());
            if (n >= 0) return static_cast<std::size_t>(n);
            if (errno != EINTR) return fail(ErrorCode::Io, std::string("read: ") + std::strerror(errno));
        }
    };
}

WriteFn fdWriter(int fd)
{
    return [fd](std::span<const std::byte> data) -> Status {
        std::size_t done = 0;
        while (done < data.size()) {
            const ssize_t n = ::write(fd, data.data() + done, data.size() - done);
            if (n < 0) {
                if (errno == EINTR) continue;
                return fail(ErrorCode::Io, std::string("write: ") + std::strerror(errno));
            }
            done += static_cast<std::size_t>(n);
        }
        return {};
    };
}

Result<int> openFile(const std::string& path, int flags)
{
    const int fd = ::open(path.c_str(), flags | O_CLOEXEC, 0600);
    if (fd < 0) return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, "cannot open " + path + ": " + std::strerror(errno));
    return fd;
}

} // namespace

Result<AttachmentKey> encryptAttachmentFile(const std::string& in, const std::string& out, crypto::Random& rng)
{
    SANDI_ASSIGN(inFd, openFile(in, O_RDONLY));
    FileHandle a{inFd};
    SANDI_ASSIGN(outFd, openFile(out, O_WRONLY | O_CREAT | O_TRUNC));
    FileHandle b{outFd};
    return encryptAttachment(fdReader(a.fd), fdWriter(b.fd), rng);
}

Status decryptAttachmentFile(const AttachmentKey& key, const std::string& in, const std::string& out)
{
    SANDI_ASSIGN(inFd, openFile(in, O_RDONLY));
    FileHandle a{inFd};
    SANDI_ASSIGN(outFd, openFile(out, O_WRONLY | O_CREAT | O_TRUNC));
    FileHandle b{outFd};
    auto r = decryptAttachment(key, fdReader(a.fd), fdWriter(b.fd));
    if (!r) ::unlink(out.c_str()); // never leave unauthenticated plaintext behind
    return r;
}

} // namespace sandi::e2e
