// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi verify`: the auditor's command. PDFs and .p7s files, one or ten thousand,
// verified in parallel by client/core (documents.h); here the options and the printing:
// a table for people or JSON lines for machines.
#include "args.h"
#include "commands.h"
#include "inputs.h"

#include "sandi/client/documents.h"
#include "sandi/client/report.h"
#include "sandi/core/time.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::client::cli {
namespace {

using namespace sandi::crypto;

constexpr const char* kVerifyUsage =
    "usage: sandi verify [--trust CERT.pem]... [--certs CERTS.pem]... [--crl CRL.pem]... [--json]\n"
    "                    [--jobs N] [--no-revocation-check] [--no-visual | --visual-all] [--check-qr]\n"
    "                    [--report FILE.html] PATH...\n"
    "\n"
    "PATH is a PDF, a .p7s (its data file beside it, without the .p7s), or a directory\n"
    "(searched recursively for *.pdf and *.p7s). --trust: trust anchors; --certs: more certificates\n"
    "to build chains with (not trusted), for signatures that do not embed their chain.\n"
    "A signed revision followed by later ones is rendered and compared with the final document\n"
    "(--no-visual: not; --visual-all: also the pages whose objects did not change). --check-qr:\n"
    "every page is searched for QR-marked stamps, each checked against its signature. --report:\n"
    "a self-contained HTML report with a picture of each signed page (implies --check-qr).\n"
    "Exit status: 0 every signature of every file\n"
    "valid and trusted; 1 at least one is not; 2 usage error or unreadable input.\n"
    "docs/auditor-guide.md explains every verdict and the JSON schema.\n";

std::string jsonString(std::string_view s)
{
    std::string out = "\"";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        default:
            if (u < 0x20) {
                std::array<char, 8> buf{};
                std::snprintf(buf.data(), buf.size(), "\\u%04x", u);
                out += buf.data();
            } else {
                out += c; // UTF-8 passes through
            }
        }
    }
    return out + "\"";
}

std::string jsonList(const std::vector<Finding>& v)
{
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += std::string(i ? "," : "") + "{\"code\":" + jsonString(v[i].code) + ",\"text\":" + jsonString(v[i].text) +
               "}";
    return out + "]";
}

std::string jsonList(const std::vector<Change>& v)
{
    std::string out = "[";
    for (std::size_t i = 0; i < v.size(); ++i)
        out += std::string(i ? "," : "") + "{\"code\":" + jsonString(v[i].code) + ",\"text\":" + jsonString(v[i].text) +
               ",\"allowed\":" + (v[i].allowed ? "true" : "false") + "}";
    return out + "]";
}

std::string jsonTime(const std::optional<TimePoint>& t)
{
    return t ? jsonString(formatUtc(*t)) : "null";
}

const char* typeName(SignedFileType type) noexcept
{
    return type == SignedFileType::DetachedCms ? "p7s" : "pdf";
}

std::string toJson(const FileReport& f)
{
    std::string out = "{\"path\":" + jsonString(f.path) + ",\"type\":" + jsonString(typeName(f.type)) +
                      ",\"valid\":" + (f.valid() ? "true" : "false");
    if (!f.readable()) out += ",\"error\":" + jsonString(f.error->message);
    out += ",\"problems\":" + jsonList(f.problems) + ",\"remarks\":" + jsonList(f.remarks) + ",\"signatures\":[";
    for (std::size_t i = 0; i < f.signatures.size(); ++i) {
        const auto& s = f.signatures[i];
        out += std::string(i ? "," : "") + "{\"field\":" + jsonString(s.field) + ",\"kind\":" + jsonString(s.kind) +
               ",\"sub_filter\":" + jsonString(s.subFilter) + ",\"valid\":" + (s.valid ? "true" : "false") +
               ",\"signer\":" + jsonString(s.signer) + ",\"signing_time\":" + jsonTime(s.signingTime) +
               ",\"timestamp\":" + jsonTime(s.timestamp) +
               ",\"covers_whole_document\":" + (s.coversWholeDocument ? "true" : "false") +
               ",\"modifications\":" + jsonString(modificationsName(s.modifications)) +
               ",\"changes\":" + jsonList(s.changes) + ",\"problems\":" + jsonList(s.problems) +
               ",\"remarks\":" + jsonList(s.remarks) + ",\"revoked_later\":";
        if (s.revokedLater)
            out += "{\"date\":" + jsonString(formatUtc(s.revokedLater->date)) +
                   ",\"reason\":" + jsonString(revocationReasonName(s.revokedLater->reason)) + "}";
        else
            out += "null";
        out += "}";
    }
    return out + "]}";
}

void printHuman(std::FILE* out, const FileReport& f)
{
    if (!f.readable()) {
        std::fprintf(out, "%s: UNREADABLE: %s\n", f.path.c_str(), f.error->message.c_str());
        return;
    }
    std::fprintf(out, "%s: %s\n", f.path.c_str(), f.valid() ? "VALID" : "NOT VALID");
    for (const auto& p : f.problems)
        std::fprintf(out, "  ! %s [%s]\n", p.text.c_str(), p.code.c_str());
    for (const auto& m : f.remarks)
        std::fprintf(out, "  note: %s [%s]\n", m.text.c_str(), m.code.c_str());
    for (const auto& s : f.signatures) {
        std::fprintf(out, "  [%s] %s%s%s: %s\n", s.valid ? "valid" : "NOT VALID", s.kind.c_str(),
                     s.field.empty() ? "" : " ", s.field.c_str(),
                     s.signer.empty() ? "(unknown signer)" : s.signer.c_str());
        if (s.signingTime) std::fprintf(out, "      signing time (claimed): %s\n", formatUtc(*s.signingTime).c_str());
        if (s.timestamp) std::fprintf(out, "      time-stamp (proven):    %s\n", formatUtc(*s.timestamp).c_str());
        std::fprintf(out, "      covers whole document: %s; modifications: %s\n", s.coversWholeDocument ? "yes" : "no",
                     modificationsName(s.modifications));
        for (const auto& c : s.changes)
            std::fprintf(out, "      - %s: %s [%s]\n", c.allowed ? "allowed" : "disallowed", c.text.c_str(),
                         c.code.c_str());
        for (const auto& p : s.problems)
            std::fprintf(out, "      ! %s [%s]\n", p.text.c_str(), p.code.c_str());
        for (const auto& m : s.remarks)
            std::fprintf(out, "      note: %s [%s]\n", m.text.c_str(), m.code.c_str());
    }
}

Result<int> verify(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"jobs", "report"},
                                          {"trust", "crl", "certs"},
                                          {"json", "no-revocation-check", "no-visual", "visual-all", "check-qr"},
                                          1,
                                          1'000'000}));
    SANDI_ASSIGN(jobs, args.getInt("jobs", static_cast<int>(defaultVerifyJobs()), 1, static_cast<int>(kMaxVerifyJobs)));

    VerifyRequest request;
    SANDI_ASSIGN(anchors, loadCertificates(args.all("trust")));
    request.anchors = std::move(anchors);
    SANDI_ASSIGN(extraCerts, loadCertificates(args.all("certs")));
    request.certificates = std::move(extraCerts);
    SANDI_ASSIGN(crls, loadCrls(args.all("crl")));
    request.crls = std::move(crls);
    if (request.anchors.empty())
        std::fprintf(err, "sandi verify: note: no --trust anchors given; no signature can be trusted\n");
    request.paths = args.positional();
    request.now = std::chrono::system_clock::now();
    request.checkRevocation = !args.flag("no-revocation-check");
    request.jobs = static_cast<unsigned>(jobs);
    const std::optional<std::string> reportPath = args.get("report");
    request.pageChecks.compareRevisions = !args.flag("no-visual");
    request.pageChecks.renderUnchangedPages = args.flag("visual-all");
    request.pageChecks.checkQrStamps = args.flag("check-qr") || reportPath.has_value();

    const auto start = std::chrono::steady_clock::now();
    const std::vector<FileReport> results = verifyDocuments(request);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    for (const auto& f : results) {
        if (args.flag("json"))
            std::fprintf(out, "%s\n", toJson(f).c_str());
        else
            printHuman(out, f);
    }
    if (reportPath) SANDI_TRY(writeHtmlReport(*reportPath, results, request.now));
    const VerifySummary sum = summarize(results);
    if (sum.files > 1 || sum.files == 0)
        std::fprintf(args.flag("json") ? err : out,
                     "summary: %zu file(s): %zu valid, %zu not valid, %zu unreadable; %zu signature(s); %.2f s (%.1f "
                     "files/s, %d jobs)\n",
                     sum.files, sum.valid, sum.notValid, sum.unreadable, sum.signatures, seconds,
                     seconds > 0 ? static_cast<double>(sum.files) / seconds : 0.0, jobs);
    if (sum.unreadable > 0 || sum.files == 0) return kExitError;
    return sum.notValid > 0 ? kExitInvalid : kExitOk;
}

} // namespace

int runVerify(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return runCommand(argv, out, err, kVerifyUsage, "verify",
                      [out, err](std::span<char* const> a) { return verify(a, out, err); });
}

} // namespace sandi::client::cli
