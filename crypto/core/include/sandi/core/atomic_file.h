// SPDX-License-Identifier: GPL-3.0-or-later
// Durable file writes: temp file in the same directory, write, fsync, rename,
// fsync of the directory. A crash leaves either the old file or the new one.
#pragma once

#include "sandi/core/result.h"

#include <cstddef>
#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

namespace sandi::crypto {

enum class FileMode { Public, Private }; // 0644 or 0600
enum class Overwrite { Allow, Refuse };

Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::byte> contents,
                           FileMode mode = FileMode::Private, Overwrite overwrite = Overwrite::Allow);
Status writeFileAtomically(const std::filesystem::path& path, std::string_view contents,
                           FileMode mode = FileMode::Private, Overwrite overwrite = Overwrite::Allow);
// The concatenation of `parts` (e.g. a large input and the update appended to it).
Status writeFileAtomically(const std::filesystem::path& path, std::span<const std::span<const std::byte>> parts,
                           FileMode mode = FileMode::Private, Overwrite overwrite = Overwrite::Allow);

// The same, piece by piece: write (possibly from another thread while the caller
// computes the rest), then commit. Destroyed without commit, it leaves nothing.
class AtomicFileWriter final {
  public:
    static Result<AtomicFileWriter> create(const std::filesystem::path& path, FileMode mode = FileMode::Private,
                                           Overwrite overwrite = Overwrite::Allow);
    AtomicFileWriter(AtomicFileWriter&& other) noexcept;
    AtomicFileWriter& operator=(AtomicFileWriter&&) = delete;
    AtomicFileWriter(const AtomicFileWriter&) = delete;
    AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
    ~AtomicFileWriter();

    Status append(std::span<const std::byte> contents);
    // Appends the first `length` bytes of the file at `source`, copied inside the kernel
    // (copy_file_range) when the file system allows it.
    Status appendFile(const std::filesystem::path& source, std::size_t length);
    // Starts writing what was appended so far to disk without waiting (commit waits).
    void startWriteback() noexcept;
    Status commit(); // fsync, rename into place, fsync the directory

  private:
    AtomicFileWriter() = default;
    std::filesystem::path m_path;
    std::filesystem::path m_tmp;
    Overwrite m_overwrite = Overwrite::Allow;
    int m_fd = -1;
};

// fsync of a directory, making renames and creations in it durable.
Status syncDirectory(const std::filesystem::path& dir);

// Reads a whole regular file, refusing files larger than `maxSize`.
Result<std::vector<std::byte>> readFile(const std::filesystem::path& path, std::size_t maxSize);
Result<std::string> readTextFile(const std::filesystem::path& path, std::size_t maxSize);

// Creates a directory (mode 0700) and fsyncs its parent; fails if it exists and is not empty
// when `mustBeEmpty`.
Status createPrivateDirectory(const std::filesystem::path& path, bool mustBeEmpty);

// An exclusive advisory lock (flock) on `path`, held for the object's lifetime, so two
// commands never mutate the same CA database at once.
class FileLock final {
  public:
    static Result<FileLock> acquire(const std::filesystem::path& path);
    FileLock(FileLock&& other) noexcept;
    FileLock& operator=(FileLock&& other) noexcept;
    FileLock(const FileLock&) = delete;
    FileLock& operator=(const FileLock&) = delete;
    ~FileLock();

  private:
    explicit FileLock(int fd) noexcept : m_fd(fd) {}
    int m_fd = -1;
};

} // namespace sandi::crypto
