// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/mapped_file.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

namespace sandi::crypto {

Result<MappedFile> MappedFile::open(const std::filesystem::path& path, std::size_t maxSize)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return fail(errno == ENOENT ? ErrorCode::NotFound : ErrorCode::Io,
                    "cannot open " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        ::close(fd);
        return fail(ErrorCode::InvalidInput, path.string() + " is not a regular file");
    }
    const auto size = static_cast<std::size_t>(st.st_size);
    if (size > maxSize) {
        ::close(fd);
        return fail(ErrorCode::InvalidInput,
                    path.string() + " is larger than the limit of " + std::to_string(maxSize) + " bytes");
    }
    MappedFile out;
    if (size > 0) {
        void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            return fail(ErrorCode::Io, "cannot map " + path.string() + ": " + std::strerror(err));
        }
        ::madvise(p, size, MADV_SEQUENTIAL);
        out.m_data = static_cast<const std::byte*>(p);
        out.m_size = size;
    }
    ::close(fd);
    return out;
}

MappedFile::MappedFile(MappedFile&& other) noexcept
    : m_data(std::exchange(other.m_data, nullptr)), m_size(std::exchange(other.m_size, 0))
{
}

MappedFile& MappedFile::operator=(MappedFile&& other) noexcept
{
    if (this != &other) {
        if (m_data != nullptr) ::munmap(const_cast<std::byte*>(m_data), m_size);
        m_data = std::exchange(other.m_data, nullptr);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

MappedFile::~MappedFile()
{
    if (m_data != nullptr) ::munmap(const_cast<std::byte*>(m_data), m_size);
}

} // namespace sandi::crypto
