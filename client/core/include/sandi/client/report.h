// SPDX-License-Identifier: GPL-3.0-or-later
// The HTML report of a verification run (`sandi verify --report FILE.html`): the verdicts
// of verifyDocuments with a picture of each signed page, written by client/visual's
// html_report.h. Each PDF is read again, one at a time, for its pictures.
#pragma once

#include "sandi/client/documents.h"
#include "sandi/core/result.h"
#include "sandi/visual/html_report.h"

#include <span>
#include <string>

namespace sandi::client {

// The report's HTML text, its labels and finding sentences in `language` (English by default).
Result<std::string> htmlReport(std::span<const FileReport> files, crypto::TimePoint generatedAt,
                               const visual::ReportLanguage& language = {});
// Writes it atomically to `path`.
Status writeHtmlReport(const std::string& path, std::span<const FileReport> files, crypto::TimePoint generatedAt,
                       const visual::ReportLanguage& language = {});

} // namespace sandi::client
