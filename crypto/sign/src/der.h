// SPDX-License-Identifier: GPL-3.0-or-later
// A minimal DER element reader and writer, for the few places where a signature
// structure must be reshaped before OpenSSL reads it (an ESS attribute cut to its first
// certificate identifier, a time-stamp token without its attribute certificates). Only
// definite lengths are read; BER's indefinite form is refused (std::nullopt).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sandi::crypto::der {

struct Element {
    std::uint8_t tag = 0;               // the identifier octet (low tag numbers only)
    std::span<const std::byte> content; // the contents octets
    std::span<const std::byte> whole;   // identifier, length and contents
};

// The element at the start of `in` (trailing bytes are left to the caller).
std::optional<Element> read(std::span<const std::byte> in);
// The elements that fill `content` exactly, at most `limit` of them.
std::optional<std::vector<Element>> children(std::span<const std::byte> content, std::size_t limit = 4096);
// Identifier, DER length and `content`.
std::vector<std::byte> encode(std::uint8_t tag, std::span<const std::byte> content);

} // namespace sandi::crypto::der
