// SPDX-License-Identifier: GPL-3.0-or-later
// The relay protocol's body decoders for fuzz_wire_frame and fuzz_wire_bodies: each
// body a decoder accepts must come back equal through toCbor() and fromCbor() again;
// anything else aborts, so libFuzzer keeps the input.
#pragma once

#include "sandi/wire/messages.h"

#include <array>
#include <cstdio>
#include <cstdlib>

namespace sandi::fuzz {

// The chunk limit the blob decoders get: the relay's default blob-chunk-bytes.
inline constexpr qsizetype kFuzzBlobChunkBytes = qsizetype{512} << 10;

template <class T, class... Limit> void checkRoundTrip(const char* name, const QCborMap& body, Limit... limit)
{
    const auto first = T::fromCbor(body, limit...);
    if (!first) return;
    const auto second = T::fromCbor(first->toCbor(), limit...);
    if (!second) {
        std::fprintf(stderr, "%s: the decoder refuses its own encoding: %s\n", name, second.error().message.c_str());
        std::abort();
    }
    if (!(*second == *first)) {
        std::fprintf(stderr, "%s: toCbor() then fromCbor() changed the value\n", name);
        std::abort();
    }
}

using BodyCheck = void (*)(const QCborMap&);

// What the relay decodes: the bodies of requests.
inline constexpr std::array<BodyCheck, 10> kRequestChecks{
    [](const QCborMap& b) { checkRoundTrip<wire::Hello>("Hello", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::PrekeyUpload>("PrekeyUpload", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::DeviceRequest>("DeviceRequest", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::NipRequest>("NipRequest", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::SendRequest>("SendRequest", b, wire::kMaxSendCopies); },
    [](const QCborMap& b) { checkRoundTrip<wire::Ack>("Ack", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::BlobCreate>("BlobCreate", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::BlobRef>("BlobRef", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::BlobPut>("BlobPut", b, kFuzzBlobChunkBytes); },
    [](const QCborMap& b) { checkRoundTrip<wire::BlobGet>("BlobGet", b); },
};

// What the client decodes: the bodies of responses and pushes.
inline constexpr std::array<BodyCheck, 7> kResponseChecks{
    [](const QCborMap& b) { checkRoundTrip<wire::HelloOk>("HelloOk", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::PrekeyBundleWire>("PrekeyBundleWire", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::DeviceList>("DeviceList", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::SendOk>("SendOk", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::Delivery>("Delivery", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::BlobState>("BlobState", b); },
    [](const QCborMap& b) { checkRoundTrip<wire::BlobData>("BlobData", b, wire::kMaxFrameBytesLimit); },
};

// fuzz_wire_bodies' first byte, modulo this, picks the decoder: requests first, then responses.
inline constexpr std::size_t kBodyDecoders = kRequestChecks.size() + kResponseChecks.size();

inline void checkBody(std::size_t decoder, const QCborMap& body)
{
    decoder %= kBodyDecoders;
    if (decoder < kRequestChecks.size())
        kRequestChecks[decoder](body);
    else
        kResponseChecks[decoder - kRequestChecks.size()](body);
}

} // namespace sandi::fuzz
