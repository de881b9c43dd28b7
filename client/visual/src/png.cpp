// SPDX-License-Identifier: GPL-3.0-or-later
// PNG (ISO/IEC 15948): signature, IHDR, one IDAT (zlib, filter 0 on every row), IEND;
// each chunk with its CRC-32 (zlib's crc32).
#include "sandi/visual/png.h"

#include <zlib.h>

#include <array>
#include <cstring>

namespace sandi::client::visual {
namespace {

void put32(std::vector<std::byte>& out, std::uint32_t v)
{
    for (int shift = 24; shift >= 0; shift -= 8)
        out.push_back(static_cast<std::byte>((v >> static_cast<unsigned>(shift)) & 0xFFU));
}

void chunk(std::vector<std::byte>& out, const char (&type)[5], std::span<const std::byte> data)
{
    put32(out, static_cast<std::uint32_t>(data.size()));
    const std::size_t start = out.size();
    for (int i = 0; i < 4; ++i)
        out.push_back(static_cast<std::byte>(type[i]));
    out.insert(out.end(), data.begin(), data.end());
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(out.data() + start),
                            static_cast<uInt>(out.size() - start));
    put32(out, static_cast<std::uint32_t>(crc));
}

} // namespace

Result<std::vector<std::byte>> encodePng(const RgbImage& image)
{
    const auto w = static_cast<std::size_t>(image.width);
    const auto h = static_cast<std::size_t>(image.height);
    if (image.width <= 0 || image.height <= 0 || image.pixels.size() != w * h * 3 ||
        w * h > std::size_t{64} * 1000 * 1000)
        return fail(ErrorCode::InvalidArgument, "not an image to encode as PNG");
    std::vector<unsigned char> raw(h * (1 + w * 3));
    for (std::size_t y = 0; y < h; ++y) {
        raw[y * (1 + w * 3)] = 0; // filter: none
        std::memcpy(raw.data() + y * (1 + w * 3) + 1, image.pixels.data() + y * w * 3, w * 3);
    }
    uLongf packedSize = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::byte> packed(packedSize);
    if (compress2(reinterpret_cast<Bytef*>(packed.data()), &packedSize, raw.data(), static_cast<uLong>(raw.size()),
                  Z_BEST_SPEED) != Z_OK)
        return fail(ErrorCode::Unsupported, "zlib failed to compress a PNG");
    packed.resize(packedSize);

    std::vector<std::byte> out;
    static constexpr std::array<unsigned char, 8> kSignature{0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    out.reserve(kSignature.size());
    for (unsigned char c : kSignature)
        out.push_back(static_cast<std::byte>(c));
    std::vector<std::byte> ihdr;
    put32(ihdr, static_cast<std::uint32_t>(w));
    put32(ihdr, static_cast<std::uint32_t>(h));
    for (int c : {8, 2, 0, 0, 0}) // 8 bits, truecolour, deflate, adaptive filtering, no interlace
        ihdr.push_back(static_cast<std::byte>(c));
    chunk(out, "IHDR", ihdr);
    chunk(out, "IDAT", packed);
    chunk(out, "IEND", {});
    return out;
}

} // namespace sandi::client::visual
