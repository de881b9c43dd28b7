// SPDX-License-Identifier: GPL-3.0-or-later
// The relay protocol's frames (Frame::decode, what both sides read off the WebSocket):
// a frame that decodes must encode to one that decodes to the same frame, and its body
// goes to every decoder of its direction (wire_round_trip.h).
#include "wire_round_trip.h"

#include <QCborValue>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

[[noreturn]] void mismatch(const char* what)
{
    std::fprintf(stderr, "fuzz_wire_frame: %s changed by encode() then decode()\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::wire;
    const QByteArray in(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
    const auto frame = Frame::decode(in);
    if (!frame) return 0;

    // Re-encoding may grow a frame (a half-precision float becomes a double), so the
    // second decode gets the hard limit rather than the default.
    const QByteArray encoded = frame->encode();
    const auto again = Frame::decode(encoded, kMaxFrameBytesLimit);
    if (!again) {
        std::fprintf(stderr, "fuzz_wire_frame: decode() refuses encode()'s frame: %s\n", again.error().message.c_str());
        std::abort();
    }
    if (again->kind != frame->kind) mismatch("kind");
    if (again->id != frame->id) mismatch("id");
    if (again->op != frame->op) mismatch("op");
    if (again->errorCode != frame->errorCode) mismatch("error code");
    if (again->errorText != frame->errorText) mismatch("error text");
    // The bodies' encodings, not QCborMap's ==: a NaN is equal to no value, itself included.
    if (QCborValue(again->body).toCbor() != QCborValue(frame->body).toCbor()) mismatch("body");
    if (again->encode() != encoded) mismatch("the encoding");

    switch (frame->kind) {
    case FrameKind::Request:
        for (const auto& check : sandi::fuzz::kRequestChecks)
            check(frame->body);
        break;
    case FrameKind::Response:
    case FrameKind::Push:
        if (frame->failed()) break;
        for (const auto& check : sandi::fuzz::kResponseChecks)
            check(frame->body);
        break;
    case FrameKind::ConnectionError:
        break;
    }
    return 0;
}
