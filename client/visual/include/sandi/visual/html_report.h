// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi verify --report FILE.html`: a self-contained report for people. Per file its
// verdict and problems; per signature who signed, when, the verdict, the changes after
// signing, and a picture of its page with the signature's rectangle (blue) and every area
// that looks different since signing (red). One HTML file: inline CSS, the pictures as
// data: URIs (PNG), no scripts (a Content-Security-Policy forbids them), and every text
// HTML-escaped: names, reasons and field names come from the files, from attackers.
// Written in pieces (head, one section per file, tail) so that files are rendered one at
// a time.
#pragma once

#include "sandi/sign/validation.h"
#include "sandi/visual/page_checks.h"

#include <cstddef>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::client::visual {

inline constexpr double kReportDpi = 60;
inline constexpr std::size_t kMaxReportPicturesPerFile = 20;

struct ReportFile {
    std::string path;
    std::string error; // "" when it was read
    bool valid = false;
    std::span<const crypto::SignatureReport> signatures;
    std::span<const crypto::Finding> problems;
    std::span<const crypto::Finding> remarks;
    std::span<const VisualDifference> differences;
    std::span<const std::byte> pdf; // the PDF's bytes, for the pictures; empty for a .p7s
};

// The language of the report's labels and finding sentences (the CLI's gettext catalogue,
// client/cli/messages.h; po/). Empty functions: English. Codes, indications, names and the
// findings' details are never translated.
struct ReportLanguage {
    std::string tag = "en"; // <html lang>: the catalogue's language (BCP 47)
    // A fixed English label (the msgid; "%s" marks where values go, in order) in the language.
    std::function<std::string(const char* english)> translate;
    // A finding for people: the language's fixed sentence for `code` and the details.
    std::function<std::string(std::string_view code, std::string_view text)> finding;

    [[nodiscard]] std::string tr(const char* english) const { return translate ? translate(english) : english; }
    [[nodiscard]] std::string findingText(std::string_view code, std::string_view text) const
    {
        return finding ? finding(code, text) : std::string(text);
    }
};

// Text with &, <, >, " and ' as entities and control characters as U+FFFD.
std::string htmlEscape(std::string_view text);

// `title` is shown as given (translate it first).
std::string htmlReportHead(std::string_view title, std::string_view generatedAt, const ReportLanguage& language = {});
std::string htmlFileSection(const ReportFile& file, const ReportLanguage& language = {});
std::string htmlReportTail();

} // namespace sandi::client::visual
