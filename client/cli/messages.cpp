// SPDX-License-Identifier: GPL-3.0-or-later
#include "messages.h"

#include <clocale>
#include <cstdlib>
#include <filesystem>
#include <libintl.h>
#include <system_error>

namespace sandi::client::cli {
namespace {

std::string environment(const char* name)
{
    const char* v = std::getenv(name); // NOLINT(concurrency-mt-unsafe): read once, at start
    return v != nullptr ? std::string(v) : std::string();
}

bool isPlainC(const std::string& locale)
{
    return locale.empty() || locale == "C" || locale == "POSIX";
}

std::string catalogueDir()
{
    namespace fs = std::filesystem;
    if (std::string dir = environment(kLocaleDirVariable); !dir.empty()) return dir;
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        const fs::path beside = exe.parent_path() / "locale";
        if (fs::is_directory(beside, ec)) return beside.string();
        const fs::path installed = exe.parent_path().parent_path() / "share" / "locale";
        if (fs::is_directory(installed, ec)) return installed.string();
    }
    return "/usr/share/locale";
}

} // namespace

void initMessages()
{
    const char* set = std::setlocale(LC_MESSAGES, "");
    // gettext reads LANGUAGE only under a locale other than C, and needs the locale's
    // data installed to use LANG=id_ID.UTF-8: when the environment names a language the
    // machine has no locale for, the messages still follow it under C.UTF-8.
    // An explicit LC_ALL=C (or LC_MESSAGES=C) still means English, as gettext has it.
    if (set == nullptr || isPlainC(set)) {
        std::string locale;
        for (const char* v : {"LC_ALL", "LC_MESSAGES", "LANG"})
            if (locale.empty()) locale = environment(v);
        const bool explicitC = !locale.empty() && isPlainC(locale);
        const std::string language = environment("LANGUAGE");
        const std::string wanted = language.empty() ? locale : language;
        if (!explicitC && !isPlainC(wanted) && wanted.rfind("C.", 0) != 0 &&
            std::setlocale(LC_MESSAGES, "C.UTF-8") != nullptr && language.empty())
            setenv("LANGUAGE", wanted.c_str(), 1); // NOLINT(concurrency-mt-unsafe): before any thread starts
    }
    bindtextdomain(kTextDomain, catalogueDir().c_str());
    bind_textdomain_codeset(kTextDomain, "UTF-8");
}

const char* tr(const char* english)
{
    return dgettext(kTextDomain, english);
}

std::string findingSentence(std::string_view code)
{
    // msgctxt "finding", msgid CODE: gettext's key is the context, EOT, the id.
    const std::string key = "finding\004" + std::string(code);
    const char* got = dgettext(kTextDomain, key.c_str());
    if (got == key.c_str() || key == got) return {};
    return got;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): swapped, the code shows as details and tests fail
std::string findingForPeople(std::string_view code, std::string_view text)
{
    std::string sentence = findingSentence(code);
    if (sentence.empty()) return std::string(text);
    if (text.empty()) return sentence;
    return sentence + " (" + std::string(text) + ")";
}

std::string messagesLanguage()
{
    // The header entry (msgid ""): "Language: id\n" among its lines; untranslated: "".
    const std::string_view header = dgettext(kTextDomain, "");
    static constexpr std::string_view kField = "Language:";
    for (std::size_t at = 0; at < header.size();) {
        std::size_t end = header.find('\n', at);
        if (end == std::string_view::npos) end = header.size();
        std::string_view line = header.substr(at, end - at);
        at = end + 1;
        if (!line.starts_with(kField)) continue;
        line.remove_prefix(kField.size());
        std::string tag;
        for (char c : line) // "id", "pt_BR" → BCP 47 "pt-BR"; anything else ends it
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
                tag += c;
            else if ((c == '_' || c == '-') && !tag.empty())
                tag += '-';
            else if (c != ' ')
                break;
        if (!tag.empty() && tag.back() != '-') return tag;
    }
    return "en";
}

} // namespace sandi::client::cli
