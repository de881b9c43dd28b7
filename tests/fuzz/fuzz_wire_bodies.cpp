// SPDX-License-Identifier: GPL-3.0-or-later
// The relay protocol's body decoders one at a time, so each gets the fuzzer's depth:
// the first byte picks the decoder (wire_round_trip.h, modulo kBodyDecoders), the rest
// is the body as one CBOR map. Every body a decoder accepts must round-trip.
#include "wire_round_trip.h"

#include <QCborValue>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    if (size < 1) return 0;
    const QByteArray cbor(reinterpret_cast<const char*>(data + 1), static_cast<qsizetype>(size - 1));
    QCborParserError error;
    const QCborValue value = QCborValue::fromCbor(cbor, &error);
    if (error.error != QCborError::NoError || !value.isMap()) return 0;
    sandi::fuzz::checkBody(data[0], value.toMap());
    return 0;
}
