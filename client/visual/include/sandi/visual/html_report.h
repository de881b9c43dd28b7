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

// Text with &, <, >, " and ' as entities and control characters as U+FFFD.
std::string htmlEscape(std::string_view text);

std::string htmlReportHead(std::string_view title, std::string_view generatedAt);
std::string htmlFileSection(const ReportFile& file);
std::string htmlReportTail();

} // namespace sandi::client::visual
