// SPDX-License-Identifier: GPL-3.0-or-later
// Hash algorithms by name, for public APIs (instead of OpenSSL's EVP_MD pointers).
// Sandi signs with SHA-256 or stronger; it reads SHA-1 and SHA-224 (legacy signers) and
// flags them; MD5 is never a Digest (a verifier refuses it before it gets here).
#pragma once

#include <cstddef>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace sandi::crypto {

enum class Digest { Sha1, Sha224, Sha256, Sha384, Sha512, Sha3_256, Sha3_384, Sha3_512 };

// "SHA1", "SHA256", "SHA3-256", ... (OpenSSL's short names).
const char* digestName(Digest d) noexcept;
std::optional<Digest> digestFromName(std::string_view name) noexcept;
// Output size in bytes.
std::size_t digestSize(Digest d) noexcept;
// Collisions can be computed (SHA-1) or the security level is below 128 bits (SHA-224).
bool isWeakDigest(Digest d) noexcept;
// The digest of `data`.
std::vector<std::byte> digestOf(Digest d, std::span<const std::byte> data);

} // namespace sandi::crypto
