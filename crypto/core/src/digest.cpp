// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/digest.h"

#include "sandi/core/ossl.h"

#include <array>
#include <cstdlib>

namespace sandi::crypto {
namespace {

struct Entry {
    Digest digest;
    const char* name;
    std::size_t size;
};
constexpr std::array kDigests{
    Entry{Digest::Sha1, "SHA1", 20},         Entry{Digest::Sha224, "SHA224", 28},
    Entry{Digest::Sha256, "SHA256", 32},     Entry{Digest::Sha384, "SHA384", 48},
    Entry{Digest::Sha512, "SHA512", 64},     Entry{Digest::Sha3_256, "SHA3-256", 32},
    Entry{Digest::Sha3_384, "SHA3-384", 48}, Entry{Digest::Sha3_512, "SHA3-512", 64},
};

const Entry& entry(Digest d) noexcept
{
    for (const auto& e : kDigests)
        if (e.digest == d) return e;
    std::abort(); // every enumerator is in the table
}

} // namespace

const char* digestName(Digest d) noexcept
{
    return entry(d).name;
}
std::size_t digestSize(Digest d) noexcept
{
    return entry(d).size;
}
bool isWeakDigest(Digest d) noexcept
{
    return d == Digest::Sha1 || d == Digest::Sha224;
}

std::optional<Digest> digestFromName(std::string_view name) noexcept
{
    for (const auto& e : kDigests)
        if (name == e.name) return e.digest;
    return std::nullopt;
}

namespace ossl {

const EVP_MD* evpMd(Digest d) noexcept
{
    switch (d) {
    case Digest::Sha1:
        return EVP_sha1();
    case Digest::Sha224:
        return EVP_sha224();
    case Digest::Sha256:
        return EVP_sha256();
    case Digest::Sha384:
        return EVP_sha384();
    case Digest::Sha512:
        return EVP_sha512();
    case Digest::Sha3_256:
        return EVP_sha3_256();
    case Digest::Sha3_384:
        return EVP_sha3_384();
    case Digest::Sha3_512:
        return EVP_sha3_512();
    }
    std::abort();
}

std::optional<Digest> digestFromEvp(const EVP_MD* md) noexcept
{
    if (md == nullptr) return std::nullopt;
    for (const auto& e : kDigests)
        if (EVP_MD_get_type(evpMd(e.digest)) == EVP_MD_get_type(md)) return e.digest;
    return std::nullopt;
}

} // namespace ossl

std::vector<std::byte> digestOf(Digest d, std::span<const std::byte> data)
{
    std::vector<std::byte> out(digestSize(d));
    unsigned len = 0;
    if (EVP_Digest(data.data(), data.size(), reinterpret_cast<unsigned char*>(out.data()), &len, ossl::evpMd(d),
                   nullptr) != 1 ||
        len != out.size())
        return {};
    return out;
}

} // namespace sandi::crypto
