// SPDX-License-Identifier: GPL-3.0-or-later
// The people's output in the reader's language, through gettext (glibc's libintl): the
// catalogue "sandi" (po/id.po, compiled at build time to locale/id/LC_MESSAGES/sandi.mo
// beside the executable, and installed under share/locale). English is the fallback and
// the source. Codes and JSON never change with the locale.
#pragma once

#include <string>
#include <string_view>

namespace sandi::client::cli {

inline constexpr const char* kTextDomain = "sandi";
inline constexpr const char* kLocaleDirVariable = "SANDI_LOCALEDIR"; // overrides where the catalogues are

// Chooses the messages' language from the environment (LANGUAGE, LC_ALL, LC_MESSAGES,
// LANG, as gettext does; also when the locale itself is not installed) and finds the
// catalogues: $SANDI_LOCALEDIR, else locale/ beside the executable (the build tree), else
// ../share/locale from it (an installation). Only LC_MESSAGES changes: numbers and times
// print the same in every language.
void initMessages();

// The translation of a fixed English label or format (marked for xgettext by tr).
[[gnu::format_arg(1)]] const char* tr(const char* english);

// A finding for a person: the catalogue's fixed sentence for `code` followed by the
// (English, dynamic) details in parentheses, or just `text` when the catalogue has no
// sentence for it (English).
std::string findingForPeople(std::string_view code, std::string_view text);
// The catalogue's sentence for `code`, or "" (English, or a code without one).
std::string findingSentence(std::string_view code);

// The language of the messages (BCP 47, e.g. "id"): the "Language" of the catalogue
// gettext uses, "en" when it uses none (English).
std::string messagesLanguage();

} // namespace sandi::client::cli
