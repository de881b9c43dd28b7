// SPDX-License-Identifier: GPL-3.0-or-later
// The QR-marked stamp's record parser (client/visual, stamp_record.h) on arbitrary text,
// as zbar hands it over from a page. A record that parses formats back to a text that
// parses to the same record.
#include "sandi/visual/stamp_record.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::client::visual;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)isStampRecord(text);
    auto record = parseStampRecord(text);
    if (!record) return 0;
    auto again = parseStampRecord(formatStampRecord(*record));
    if (!again || !(*again == *record)) std::abort();
    return 0;
}
