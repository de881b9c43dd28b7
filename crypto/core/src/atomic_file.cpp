// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/atomic_file.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace sandi::crypto {
namespace {

Error ioError(std::string_view what, const std::filesystem::path& path, int err)
{
    std::string m(what);
    m += " ";
    m += path.string();
    m += ": ";
    m += std::strerror(err);
    return Error{err == ENOENT ? ErrorCode::NotFound : ErrorCode::Io, std::move(m)};
}

class Fd final {
  public:
    explicit Fd(int fd) noexcept : m_fd(fd) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd()
    {
        if (m_fd >= 0) ::close(m_fd);
    }
    [[nodiscard]] int get() const noexcept { return m_fd; }
    int release() noexcept { return std::exchange(m_fd, -1); }

  private:
    int m_fd;
};

} // namespace

Status syncDirectory(const std::filesystem::path& dir)
{
    const Fd fd(::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (fd.get() < 0) return fail(ioError("cannot open directory", dir, errno));
    if (::fsync(fd.get()) != 0) return fail(ioError("cannot fsync directory", dir, errno));
    return {};
}

Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> contents, FileMode mode,
                           Overwrite overwrite)
{
    const std::span<const std::byte> parts[] = {contents};
    return writeFileAtomically(path, std::span<const std::span<const std::byte>>(parts), mode, overwrite);
}

Result<AtomicFileWriter> AtomicFileWriter::create(const std::filesystem::path& path, FileMode mode, Overwrite overwrite)
{
    const std::filesystem::path dir = path.parent_path();
    // Never replace a device, a directory or a socket with a regular file.
    struct stat existing {};
    if (::lstat(path.c_str(), &existing) == 0 && !S_ISREG(existing.st_mode))
        return fail(ErrorCode::InvalidArgument, path.string() + " exists and is not a regular file");
    if (overwrite == Overwrite::Refuse && ::lstat(path.c_str(), &existing) == 0)
        return fail(ErrorCode::AlreadyExists, "refusing to overwrite " + path.string());
    std::string name = ".";
    name += path.filename().string();
    name += ".tmpXXXXXX";
    std::string tmpl = ((dir.empty() ? std::filesystem::path(".") : dir) / name).string();
    Fd fd(::mkostemp(tmpl.data(), O_CLOEXEC));
    if (fd.get() < 0) return fail(ioError("cannot create temporary file for", path, errno));
    AtomicFileWriter w;
    w.m_path = path;
    w.m_tmp = tmpl;
    w.m_overwrite = overwrite;
    w.m_fd = fd.release();
    if (::fchmod(w.m_fd, mode == FileMode::Private ? 0600 : 0644) != 0)
        return fail(ioError("cannot set permissions of", w.m_tmp, errno));
    return w;
}

AtomicFileWriter::AtomicFileWriter(AtomicFileWriter&& other) noexcept
    : m_path(std::move(other.m_path)), m_tmp(std::move(other.m_tmp)), m_overwrite(other.m_overwrite),
      m_fd(std::exchange(other.m_fd, -1))
{
}

AtomicFileWriter::~AtomicFileWriter()
{
    if (m_fd >= 0) {
        ::close(m_fd);
        ::unlink(m_tmp.c_str()); // never committed: nothing half-written remains
    }
}

Status AtomicFileWriter::append(std::span<const std::byte> contents)
{
    if (m_fd < 0) return fail(ErrorCode::InvalidArgument, "the file was already committed");
    std::size_t done = 0;
    while (done < contents.size()) {
        const ssize_t n = ::write(m_fd, contents.data() + done, contents.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(ioError("cannot write", m_tmp, errno));
        }
        done += static_cast<std::size_t>(n);
    }
    return {};
}

Status AtomicFileWriter::appendFile(const std::filesystem::path& source, std::size_t length)
{
    if (m_fd < 0) return fail(ErrorCode::InvalidArgument, "the file was already committed");
    const Fd in(::open(source.c_str(), O_RDONLY | O_CLOEXEC));
    if (in.get() < 0) return fail(ioError("cannot open", source, errno));
    loff_t offset = 0;
    std::size_t done = 0;
    while (done < length) {
        const ssize_t n = ::copy_file_range(in.get(), &offset, m_fd, nullptr, length - done, 0);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break; // not supported here (or a short source): fall back to read/write
        done += static_cast<std::size_t>(n);
    }
    std::array<std::byte, 1 << 16> buffer{};
    while (done < length) {
        const ssize_t n =
            ::pread(in.get(), buffer.data(), std::min(buffer.size(), length - done), static_cast<off_t>(done));
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) return fail(ioError("cannot read", source, errno));
        if (n == 0) return fail(ErrorCode::Io, source.string() + " became shorter while it was copied");
        SANDI_TRY(append(std::span(buffer.data(), static_cast<std::size_t>(n))));
        done += static_cast<std::size_t>(n);
    }
    return {};
}

void AtomicFileWriter::startWriteback() noexcept
{
    if (m_fd >= 0) (void)::sync_file_range(m_fd, 0, 0, SYNC_FILE_RANGE_WRITE);
}

Status AtomicFileWriter::commit()
{
    if (m_fd < 0) return fail(ErrorCode::InvalidArgument, "the file was already committed");
    if (::fsync(m_fd) != 0) return fail(ioError("cannot fsync", m_tmp, errno));
    const int fd = std::exchange(m_fd, -1);
    auto cleanup = [this] { ::unlink(m_tmp.c_str()); };
    if (::close(fd) != 0) {
        const int err = errno;
        cleanup();
        return fail(ioError("cannot close", m_tmp, err));
    }
    if (m_overwrite == Overwrite::Refuse) {
        // link() fails if the target exists: an atomic "create, never replace".
        if (::link(m_tmp.c_str(), m_path.c_str()) != 0) {
            const int err = errno;
            cleanup();
            if (err == EEXIST) return fail(ErrorCode::AlreadyExists, "refusing to overwrite " + m_path.string());
            return fail(ioError("cannot create", m_path, err));
        }
        cleanup();
    } else if (::rename(m_tmp.c_str(), m_path.c_str()) != 0) {
        const int err = errno;
        cleanup();
        return fail(ioError("cannot rename temporary file onto", m_path, err));
    }
    return syncDirectory(m_path.parent_path());
}

Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::span<const std::byte>> parts,
                           FileMode mode, Overwrite overwrite)
{
    SANDI_ASSIGN(writer, AtomicFileWriter::create(path, mode, overwrite));
    for (const auto& part : parts)
        SANDI_TRY(writer.append(part));
    return writer.commit();
}

Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents, FileMode mode,
                           Overwrite overwrite)
{
    return writeFileAtomically(path, std::as_bytes(std::span(contents.data(), contents.size())), mode, overwrite);
}

Result<std::vector<std::byte>> readFile(const std::filesystem::path& path, std::size_t maxSize)
{
    const Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
    if (fd.get() < 0) return fail(ioError("cannot open", path, errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) return fail(ioError("cannot stat", path, errno));
    if (!S_ISREG(st.st_mode)) return fail(ErrorCode::InvalidInput, path.string() + " is not a regular file");
    if (static_cast<std::size_t>(st.st_size) > maxSize)
        return fail(ErrorCode::InvalidInput,
                    path.string() + " is larger than the limit of " + std::to_string(maxSize) + " bytes");
    std::vector<std::byte> out;
    out.reserve(static_cast<std::size_t>(st.st_size));
    std::array<std::byte, 65536> chunk{};
    for (;;) {
        const ssize_t n = ::read(fd.get(), chunk.data(), chunk.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            return fail(ioError("cannot read", path, errno));
        }
        if (n == 0) break;
        if (out.size() + static_cast<std::size_t>(n) > maxSize)
            return fail(ErrorCode::InvalidInput,
                        path.string() + " is larger than the limit of " + std::to_string(maxSize) + " bytes");
        out.insert(out.end(), chunk.begin(), chunk.begin() + n);
    }
    return out;
}

Result<std::string> readTextFile(const std::filesystem::path& path, std::size_t maxSize)
{
    SANDI_ASSIGN(bytes, readFile(path, maxSize));
    return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Status createPrivateDirectory(const std::filesystem::path& path, bool mustBeEmpty)
{
    std::error_code ec;
    if (std::filesystem::exists(path, ec)) {
        if (!std::filesystem::is_directory(path, ec))
            return fail(ErrorCode::AlreadyExists, path.string() + " exists and is not a directory");
        if (mustBeEmpty && !std::filesystem::is_empty(path, ec))
            return fail(ErrorCode::AlreadyExists, path.string() + " exists and is not empty");
        return {};
    }
    if (::mkdir(path.c_str(), 0700) != 0) return fail(ioError("cannot create directory", path, errno));
    std::filesystem::path parent = path.parent_path();
    return syncDirectory(parent);
}

Result<FileLock> FileLock::acquire(const std::filesystem::path& path)
{
    Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600));
    if (fd.get() < 0) return fail(ioError("cannot open lock file", path, errno));
    if (::flock(fd.get(), LOCK_EX | LOCK_NB) != 0) {
        if (errno == EWOULDBLOCK) return fail(ErrorCode::Io, path.string() + " is locked by another running command");
        return fail(ioError("cannot lock", path, errno));
    }
    return FileLock(fd.release());
}

FileLock::FileLock(FileLock&& other) noexcept : m_fd(std::exchange(other.m_fd, -1)) {}

FileLock& FileLock::operator=(FileLock&& other) noexcept
{
    if (this != &other) {
        if (m_fd >= 0) ::close(m_fd);
        m_fd = std::exchange(other.m_fd, -1);
    }
    return *this;
}

FileLock::~FileLock()
{
    if (m_fd >= 0) ::close(m_fd); // closing releases the flock
}

} // namespace sandi::crypto
