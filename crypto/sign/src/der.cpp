// SPDX-License-Identifier: GPL-3.0-or-later
#include "der.h"

namespace sandi::crypto::der {

std::optional<Element> read(std::span<const std::byte> in)
{
    if (in.size() < 2) return std::nullopt;
    const auto tag = std::to_integer<std::uint8_t>(in[0]);
    if ((tag & 0x1FU) == 0x1FU) return std::nullopt; // high tag numbers: not used by CMS
    const auto first = std::to_integer<std::uint8_t>(in[1]);
    std::size_t header = 2;
    std::size_t length = first;
    if ((first & 0x80U) != 0) {
        const std::size_t octets = first & 0x7FU;
        if (octets == 0 || octets > 4 || in.size() < 2 + octets) return std::nullopt; // indefinite or huge
        length = 0;
        for (std::size_t i = 0; i < octets; ++i)
            length = (length << 8U) | std::to_integer<std::size_t>(in[2 + i]);
        header += octets;
    }
    if (length > in.size() - header) return std::nullopt;
    return Element{tag, in.subspan(header, length), in.first(header + length)};
}

std::optional<std::vector<Element>> children(std::span<const std::byte> content, std::size_t limit)
{
    std::vector<Element> out;
    while (!content.empty()) {
        if (out.size() >= limit) return std::nullopt;
        auto e = read(content);
        if (!e) return std::nullopt;
        content = content.subspan(e->whole.size());
        out.push_back(*e);
    }
    return out;
}

std::vector<std::byte> encode(std::uint8_t tag, std::span<const std::byte> content)
{
    std::vector<std::byte> out{static_cast<std::byte>(tag)};
    const std::size_t n = content.size();
    if (n < 0x80) {
        out.push_back(static_cast<std::byte>(n));
    } else {
        std::vector<std::byte> len;
        for (std::size_t t = n; t > 0; t >>= 8U)
            len.insert(len.begin(), static_cast<std::byte>(t & 0xFFU));
        out.push_back(static_cast<std::byte>(0x80U | len.size()));
        out.insert(out.end(), len.begin(), len.end());
    }
    out.insert(out.end(), content.begin(), content.end());
    return out;
}

} // namespace sandi::crypto::der
