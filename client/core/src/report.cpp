// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/report.h"

#include "sandi/core/atomic_file.h"
#include "sandi/core/mapped_file.h"
#include "sandi/pki/x509.h"
#include "sandi/visual/html_report.h"

namespace sandi::client {

Result<std::string> htmlReport(std::span<const FileReport> files, crypto::TimePoint generatedAt,
                               const visual::ReportLanguage& language)
{
    std::string html = visual::htmlReportHead(language.tr("Sandi: signature verification report"),
                                              crypto::formatUtc(generatedAt), language);
    for (const FileReport& f : files) {
        visual::ReportFile section;
        section.path = f.path;
        section.error = f.readable() ? "" : f.error->message;
        section.valid = f.valid();
        section.signatures = f.signatures;
        section.problems = f.problems;
        section.remarks = f.remarks;
        section.differences = f.visualDifferences;
        std::optional<crypto::MappedFile> mapped;
        if (f.readable() && f.type == SignedFileType::Pdf) {
            // The file was verified a moment ago; if it is gone now, the section has no pictures.
            if (auto m = crypto::MappedFile::open(f.path, crypto::kMaxPdfBytes)) {
                mapped.emplace(std::move(*m));
                section.pdf = mapped->bytes();
            }
        }
        html += visual::htmlFileSection(section, language);
    }
    return html + visual::htmlReportTail();
}

Status writeHtmlReport(const std::string& path, std::span<const FileReport> files, crypto::TimePoint generatedAt,
                       const visual::ReportLanguage& language)
{
    SANDI_ASSIGN(html, htmlReport(files, generatedAt, language));
    return crypto::writeFileAtomically(path, std::string_view(html), crypto::FileMode::Public);
}

} // namespace sandi::client
