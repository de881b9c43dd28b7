// SPDX-License-Identifier: GPL-3.0-or-later
// A read-only memory map of a whole file: large PDFs are hashed and parsed without
// being copied.
#pragma once

#include "sandi/core/result.h"

#include <cstddef>
#include <filesystem>
#include <span>

namespace sandi::crypto {

class MappedFile final {
  public:
    static Result<MappedFile> open(const std::filesystem::path& path, std::size_t maxSize);
    MappedFile(MappedFile&& other) noexcept;
    MappedFile& operator=(MappedFile&& other) noexcept;
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;
    ~MappedFile();

    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return {m_data, m_size}; }

  private:
    MappedFile() = default;
    const std::byte* m_data = nullptr;
    std::size_t m_size = 0;
};

} // namespace sandi::crypto
