// SPDX-License-Identifier: GPL-3.0-or-later
// The CA database file and its records. Property: whatever parses re-serialises to
// text that parses to the same thing.
#include "sandi/pki/ca_database.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (auto record = parseCaRecord(text)) {
        auto again = parseCaRecord(formatCaRecord(*record));
        if (!again || formatCaRecord(*again) != formatCaRecord(*record)) std::abort();
    }
    if (auto db = CaDatabase::parse(text)) {
        const std::string out = db->serialise();
        auto again = CaDatabase::parse(out);
        if (!again || again->serialise() != out) std::abort();
    }
    return 0;
}
