// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/e2e/attachment.h"

#include "sandi/core/atomic_file.h"
#include "sandi/core/ossl.h"

#include <openssl/evp.h>
#include <sodium.h>

static_assert(sandi::e2e::kAttachmentHeaderBytes == crypto_secretstream_xchacha20poly1305_HEADERBYTES);
static_assert(sandi::e2e::kSecretKeyBytes == crypto_secretstream_xchacha20poly1305_KEYBYTES);

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace sandi::e2e {
namespace {

// SHA-256 of a ciphertext stream on a second core, without copying: the caller takes
// a buffer from a small pool (kBuffers of kBatchBytes, so memory stays constant: 4 MiB),
// fills it, and hands it over; the worker hashes buffers in order and returns them to the pool.
class ParallelSha256 final {
  public:
    static constexpr std::size_t kBuffers = 4;
    explicit ParallelSha256(std::size_t bufferBytes) : m_ctx(EVP_MD_CTX_new())
    {
        m_ok = m_ctx && EVP_DigestInit_ex(m_ctx.get(), EVP_sha256(), nullptr) == 1;
        for (std::size_t i = 0; i < kBuffers; ++i)
            m_free.emplace_back(bufferBytes);
        m_worker = std::thread([this] { run(); });
    }
    ParallelSha256(const ParallelSha256&) = delete;
    ParallelSha256& operator=(const ParallelSha256&) = delete;
    ~ParallelSha256()
    {
        if (m_worker.joinable()) (void)finish();
    }
    // A buffer of bufferBytes to fill (waits while all are being hashed).
    std::vector<std::byte> take()
    {
        std::unique_lock lock(m_mutex);
        m_changed.wait(lock, [this] { return !m_free.empty(); });
        std::vector<std::byte> b = std::move(m_free.back());
        m_free.pop_back();
        return b;
    }
    // Hash the first `used` bytes of `buffer` (the data stays valid until it comes back
    // from take(), so the caller may keep reading it meanwhile).
    void add(std::vector<std::byte>&& buffer, std::size_t used)
    {
        const std::lock_guard lock(m_mutex);
        m_queue.emplace_back(std::move(buffer), used);
        m_changed.notify_all();
    }
    std::optional<std::array<std::byte, 32>> finish()
    {
        {
            const std::lock_guard lock(m_mutex);
            m_done = true;
            m_changed.notify_all();
        }
        m_worker.join();
        if (!m_ok) return std::nullopt;
        std::array<std::byte, 32> out{};
        if (EVP_DigestFinal_ex(m_ctx.get(), reinterpret_cast<unsigned char*>(out.data()), nullptr) != 1)
            return std::nullopt;
        return out;
    }

  private:
    void run()
    {
        for (;;) {
            std::pair<std::vector<std::byte>, std::size_t> item;
            {
                std::unique_lock lock(m_mutex);
                m_changed.wait(lock, [this] { return !m_queue.empty() || m_done; });
                if (m_queue.empty()) return;
                item = std::move(m_queue.front());
                m_queue.pop_front();
            }
            if (m_ok) m_ok = EVP_DigestUpdate(m_ctx.get(), item.first.data(), item.second) == 1;
            const std::lock_guard lock(m_mutex);
            m_free.push_back(std::move(item.first));
            m_changed.notify_all();
        }
    }
    crypto::ossl::MdCtxPtr m_ctx;
    bool m_ok = false;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::vector<std::vector<std::byte>> m_free;
    std::deque<std::pair<std::vector<std::byte>, std::size_t>> m_queue;
    bool m_done = false;
    std::thread m_worker;
};

constexpr std::size_t kCipherChunkBytes = kAttachmentChunkBytes + crypto_secretstream_xchacha20poly1305_ABYTES;
// Ciphertext is handed to the hashing core 16 chunks at a time (one hand-over per MiB,
// not per chunk: a thread wake-up per 64 KiB cost about 8 % of the throughput).
constexpr std::size_t kBatchBytes = 16 * kCipherChunkBytes;

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
    ParallelSha256 hash(kBatchBytes);
    crypto::SecureBuffer plain(kAttachmentChunkBytes);
    // Read one chunk ahead so the last chunk carries TAG_FINAL (truncation is detectable).
    SANDI_ASSIGN(first, readFull(read, plain.bytes()));
    std::size_t have = first;
    crypto::SecureBuffer next(kAttachmentChunkBytes);
    std::vector<std::byte> batch = hash.take();
    std::size_t used = 0;
    for (;;) {
        std::size_t nextHave = 0;
        if (have == kAttachmentChunkBytes) {
            SANDI_ASSIGN(n, readFull(read, next.bytes()));
            nextHave = n;
        }
        const bool last = nextHave == 0;
        unsigned long long clen = 0;
        crypto_secretstream_xchacha20poly1305_push(
            &st, reinterpret_cast<unsigned char*>(batch.data() + used), &clen,
            reinterpret_cast<const unsigned char*>(plain.data()), have, nullptr, 0,
            last ? crypto_secretstream_xchacha20poly1305_TAG_FINAL : crypto_secretstream_xchacha20poly1305_TAG_MESSAGE);
        const std::span<const std::byte> out(batch.data() + used, static_cast<std::size_t>(clen));
        used += out.size();
        SANDI_TRY(write(out));
        k.plaintextBytes += have;
        if (last) break;
        if (used + kCipherChunkBytes > batch.size()) {
            hash.add(std::move(batch), used); // hashed on the other core while this one goes on
            batch = hash.take();
            used = 0;
        }
        std::swap(plain, next);
        have = nextHave;
    }
    hash.add(std::move(batch), used);
    sodium_memzero(&st, sizeof st);
    auto digest = hash.finish();
    if (!digest) return fail(ErrorCode::Crypto, "SHA-256 failed");
    k.ciphertextSha256 = *digest;
    return k;
}

std::uint64_t attachmentCiphertextBytes(std::uint64_t plaintextBytes) noexcept
{
    const std::uint64_t chunks =
        plaintextBytes == 0 ? 1 : (plaintextBytes + kAttachmentChunkBytes - 1) / kAttachmentChunkBytes;
    return plaintextBytes + chunks * crypto_secretstream_xchacha20poly1305_ABYTES;
}

namespace {

// The first pass: size and SHA-256 of the whole ciphertext, against the manifest.
Status checkCiphertext(const AttachmentKey& k, const ReadFn& read)
{
    const std::uint64_t canonical = attachmentCiphertextBytes(k.plaintextBytes);
    // An empty final chunk after a full one is also accepted by the decoder.
    const bool mayHaveEmptyFinal = k.plaintextBytes != 0 && k.plaintextBytes % kAttachmentChunkBytes == 0;
    const std::uint64_t longest = canonical + (mayHaveEmptyFinal ? crypto_secretstream_xchacha20poly1305_ABYTES : 0);
    crypto::ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        return fail(ErrorCode::Crypto, "SHA-256 failed");
    std::vector<std::byte> buffer(kBatchBytes);
    std::uint64_t total = 0;
    for (;;) {
        SANDI_ASSIGN(n, readFull(read, buffer));
        if (n == 0) break;
        total += n;
        if (total > longest) return fail(ErrorCode::BadSignature, "attachment: longer than the manifest says");
        if (EVP_DigestUpdate(ctx.get(), buffer.data(), n) != 1) return fail(ErrorCode::Crypto, "SHA-256 failed");
    }
    if (total != canonical && total != longest)
        return fail(ErrorCode::BadSignature, "attachment: not the size the manifest says");
    std::array<std::byte, 32> digest{};
    if (EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(digest.data()), nullptr) != 1)
        return fail(ErrorCode::Crypto, "SHA-256 failed");
    if (!crypto::constantTimeEqual(digest, k.ciphertextSha256))
        return fail(ErrorCode::BadSignature, "attachment: the ciphertext's hash does not match the manifest");
    return {};
}

Status decryptChecked(const AttachmentKey& k, const ReadFn& read, const WriteFn& write);

} // namespace

Status decryptAttachment(const AttachmentKey& k, const OpenFn& open, const WriteFn& write)
{
    {
        SANDI_ASSIGN(first, open());
        SANDI_TRY(checkCiphertext(k, first));
    }
    SANDI_ASSIGN(second, open());
    return decryptChecked(k, second, write);
}

namespace {

Status decryptChecked(const AttachmentKey& k, const ReadFn& read, const WriteFn& write)
{
    crypto_secretstream_xchacha20poly1305_state st;
    if (crypto_secretstream_xchacha20poly1305_init_pull(&st, reinterpret_cast<const unsigned char*>(k.header.data()),
                                                        reinterpret_cast<const unsigned char*>(k.key.bytes().data())) !=
        0)
        return fail(ErrorCode::InvalidInput, "attachment: bad stream header");
    ParallelSha256 hash(kBatchBytes);
    crypto::SecureBuffer plain(kAttachmentChunkBytes);
    std::uint64_t total = 0;
    std::vector<std::byte> batch = hash.take();
    std::size_t used = 0;
    for (;;) {
        if (used + kCipherChunkBytes > batch.size()) {
            hash.add(std::move(batch), used); // hashed on the other core while this one decrypts
            batch = hash.take();
            used = 0;
        }
        SANDI_ASSIGN(n, readFull(read, std::span(batch).subspan(used, kCipherChunkBytes)));
        if (n == 0) {
            sodium_memzero(&st, sizeof st);
            return fail(ErrorCode::BadSignature, "attachment: truncated (no final chunk)");
        }
        const std::byte* data = batch.data() + used;
        used += n;
        unsigned long long plen = 0;
        unsigned char tag = 0;
        if (crypto_secretstream_xchacha20poly1305_pull(&st, reinterpret_cast<unsigned char*>(plain.data()), &plen, &tag,
                                                       reinterpret_cast<const unsigned char*>(data), n, nullptr,
                                                       0) != 0) {
            sodium_memzero(&st, sizeof st);
            return fail(ErrorCode::BadSignature, "attachment: a chunk was altered, reordered or cut");
        }
        if (tag != crypto_secretstream_xchacha20poly1305_TAG_MESSAGE &&
            tag != crypto_secretstream_xchacha20poly1305_TAG_FINAL) {
            sodium_memzero(&st, sizeof st); // TAG_PUSH and TAG_REKEY are never written
            return fail(ErrorCode::InvalidInput, "attachment: a chunk carries a tag Sandi never writes");
        }
        total += plen;
        SANDI_TRY(write(plain.bytes().first(static_cast<std::size_t>(plen))));
        if (tag == crypto_secretstream_xchacha20poly1305_TAG_FINAL) break;
        if (n < kCipherChunkBytes) {
            sodium_memzero(&st, sizeof st);
            return fail(ErrorCode::BadSignature, "attachment: truncated (no final chunk)");
        }
    }
    hash.add(std::move(batch), used);
    sodium_memzero(&st, sizeof st);
    std::array<std::byte, 1> extra{};
    SANDI_ASSIGN(more, read(extra));
    if (more != 0) return fail(ErrorCode::BadSignature, "attachment: data after the final chunk");
    const auto digest = hash.finish();
    if (!digest || !crypto::constantTimeEqual(*digest, k.ciphertextSha256))
        return fail(ErrorCode::BadSignature, "attachment: the ciphertext's hash does not match the manifest");
    if (total != k.plaintextBytes) return fail(ErrorCode::BadSignature, "attachment: wrong length");
    return {};
}

} // namespace

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
    if (fd < 0)
        return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                    "cannot open " + path + ": " + std::strerror(errno));
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

// NOLINTBEGIN(bugprone-easily-swappable-parameters): two paths; the output is written only after the input checked
// out
Status decryptAttachmentFile(const AttachmentKey& key, const std::string& in, const std::string& out)
// NOLINTEND(bugprone-easily-swappable-parameters)
{
    SANDI_ASSIGN(inFd, openFile(in, O_RDONLY));
    FileHandle a{inFd};
    const OpenFn reopen = [&a]() -> Result<ReadFn> {
        if (::lseek(a.fd, 0, SEEK_SET) != 0) return fail(ErrorCode::Io, std::string("lseek: ") + std::strerror(errno));
        return fdReader(a.fd);
    };
    // The plaintext goes to a private temporary file beside `out` and is renamed into
    // place only once everything authenticated: a failure or a crash never leaves
    // unauthenticated plaintext at `out`, nor touches a file already there.
    SANDI_ASSIGN(writer, crypto::AtomicFileWriter::create(out, crypto::FileMode::Private));
    SANDI_TRY(decryptAttachment(key, reopen, [&writer](std::span<const std::byte> d) { return writer.append(d); }));
    return writer.commit();
}

} // namespace sandi::e2e
