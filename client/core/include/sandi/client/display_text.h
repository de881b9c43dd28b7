// SPDX-License-Identifier: GPL-3.0-or-later
// Output that cannot lie: text from a file (a field name, a signer's name, a reason, a
// location, a path, an error that quotes them) printed for a person must not move the
// cursor, erase a line, recolour the screen or reorder what follows. Every control
// character and every bidirectional override is shown as an escape instead.
#pragma once

#include <string>
#include <string_view>

namespace sandi::client {

// `text` with C0 controls (U+0000-U+001F), DEL and C1 controls (U+0080-U+009F) as
// "\xNN" (C0, DEL) or "\uNNNN" (C1); the bidirectional embeddings, overrides, isolates and
// marks (U+061C, U+200E, U+200F, U+202A-U+202E, U+2066-U+2069) and the line and paragraph
// separators (U+2028, U+2029) as "\uNNNN"; bytes that are not UTF-8 as "\xNN"; and the
// backslash itself as "\\", so that an escape in the output was made here.
std::string escapeForDisplay(std::string_view text);

} // namespace sandi::client
