// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi verify`: the auditor's command. PDFs and .p7s files, one or ten thousand,
// verified in parallel; a table for people or JSON lines for machines.
#include "args.h"
#include "commands.h"
#include "inputs.h"

#include "sandi/core/atomic_file.h"
#include "sandi/sign/cms.h"
#include "sandi/core/mapped_file.h"
#include "sandi/pades/pades.h"
#include "sandi/pades/pades_verify.h"

#include <algorithm>
#include <atomic>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <thread>

namespace sandi::client::cli {
namespace {

namespace fs = std::filesystem;
using namespace sandi::crypto;

constexpr const char* kVerifyUsage =
    "usage: sandi verify [--trust CERT.pem]... [--certs CERTS.pem]... [--crl CRL.pem]... [--json]\n"
    "                    [--jobs N] [--no-revocation-check] PATH...\n"
    "\n"
    "PATH is a PDF, a .p7s (its data file beside it, without the .p7s), or a directory\n"
    "(searched recursively for *.pdf and *.p7s). --trust: trust anchors; --certs: more certificates\n"
    "to build chains with (not trusted), for signatures that do not embed their chain.\n"
    "Exit status: 0 every signature of every file\n"
    "valid and trusted; 1 at least one is not; 2 usage error or unreadable input.\n"
    "docs/auditor-guide.md explains every verdict and the JSON schema.\n";

constexpr std::size_t kMaxDetachedDataBytes = std::size_t{4} * 1024 * 1024 * 1024;

struct FileResult {
    std::string path;
    std::string type; // "pdf" or "p7s"
    bool readable = true;
    std::string error; // when not readable
    std::vector<SignatureReport> signatures;
    std::vector<Finding> problems; // file-level
    [[nodiscard]] bool valid() const
    {
        if (!readable || !problems.empty() || signatures.empty()) return false;
        return std::all_of(signatures.begin(), signatures.end(), [](const auto& s) { return s.valid; });
    }
};

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

FileResult verifyOne(const std::string& path, const VerifyOptions& o)
{
    FileResult r;
    r.path = path;
    if (lower(fs::path(path).extension().string()) == ".p7s") {
        r.type = "p7s";
        const std::string dataPath = path.substr(0, path.size() - 4);
        auto cms = readFile(path, kMaxCmsBytes);
        auto data = MappedFile::open(dataPath, kMaxDetachedDataBytes);
        if (!cms) {
            r.readable = false;
            r.error = cms.error().message;
            return r;
        }
        if (!data) {
            r.readable = false;
            r.error = "the signed file " + dataPath + " is missing or unreadable: " + data.error().message;
            r.problems.push_back({std::string(finding::kDetachedDataUnreadable), r.error});
            return r;
        }
        r.signatures.push_back(verifyDetachedSignature(*cms, data->bytes(), o));
        return r;
    }
    r.type = "pdf";
    auto file = MappedFile::open(path, kMaxPdfBytes);
    if (!file) {
        r.readable = false;
        r.error = file.error().message;
        return r;
    }
    auto report = verifyPdf(file->bytes(), o);
    if (!report) {
        r.readable = false;
        r.error = report.error().message;
        return r;
    }
    r.signatures = std::move(report->signatures);
    r.problems = std::move(report->problems);
    return r;
}

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

std::string toJson(const FileResult& f)
{
    std::string out = "{\"path\":" + jsonString(f.path) + ",\"type\":" + jsonString(f.type) +
                      ",\"valid\":" + (f.valid() ? "true" : "false");
    if (!f.readable) out += ",\"error\":" + jsonString(f.error);
    out += ",\"problems\":" + jsonList(f.problems) + ",\"signatures\":[";
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

void printHuman(std::FILE* out, const FileResult& f)
{
    if (!f.readable) {
        std::fprintf(out, "%s: UNREADABLE: %s\n", f.path.c_str(), f.error.c_str());
        return;
    }
    std::fprintf(out, "%s: %s\n", f.path.c_str(), f.valid() ? "VALID" : "NOT VALID");
    for (const auto& p : f.problems)
        std::fprintf(out, "  ! %s [%s]\n", p.text.c_str(), p.code.c_str());
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
    SANDI_ASSIGN(
        args, Args::parse(argv, {{"jobs"}, {"trust", "crl", "certs"}, {"json", "no-revocation-check"}, 1, 1'000'000}));
    const unsigned cores = std::max(1U, std::thread::hardware_concurrency());
    SANDI_ASSIGN(jobs, args.getInt("jobs", static_cast<int>(cores), 1, 256));

    SANDI_ASSIGN(anchors, loadCertificates(args.all("trust")));
    SANDI_ASSIGN(extraCerts, loadCertificates(args.all("certs")));
    SANDI_ASSIGN(crls, loadCrls(args.all("crl")));
    if (anchors.empty())
        std::fprintf(err, "sandi verify: note: no --trust anchors given; no signature can be trusted\n");

    std::vector<std::string> files;
    for (const auto& p : args.positional()) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (!it->is_regular_file(ec)) continue;
                const auto ext = lower(it->path().extension().string());
                if (ext == ".pdf" || ext == ".p7s") found.push_back(it->path().string());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(p);
        }
    }

    VerifyOptions o;
    for (auto& c : anchors)
        o.anchors.emplace_back(std::move(c));
    for (auto& c : extraCerts)
        o.certificates.emplace_back(std::move(c));
    for (auto& c : crls)
        o.crls.emplace_back(std::move(c));
    o.now = std::chrono::system_clock::now();
    o.checkRevocation = !args.flag("no-revocation-check");
    ValidationCache cache;
    o.cache = &cache;

    const auto start = std::chrono::steady_clock::now();
    std::vector<FileResult> results(files.size());
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t i = next++; i < files.size(); i = next++)
            results[i] = verifyOne(files[i], o);
    };
    std::vector<std::thread> pool;
    const auto threads = std::min<std::size_t>(static_cast<std::size_t>(jobs), std::max<std::size_t>(files.size(), 1));
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

    std::size_t valid = 0, invalid = 0, unreadable = 0, signatures = 0;
    for (const auto& f : results) {
        if (args.flag("json"))
            std::fprintf(out, "%s\n", toJson(f).c_str());
        else
            printHuman(out, f);
        signatures += f.signatures.size();
        if (!f.readable)
            ++unreadable;
        else if (f.valid())
            ++valid;
        else
            ++invalid;
    }
    if (files.size() > 1 || files.empty())
        std::fprintf(args.flag("json") ? err : out,
                     "summary: %zu file(s): %zu valid, %zu not valid, %zu unreadable; %zu signature(s); %.2f s (%.1f "
                     "files/s, %d jobs)\n",
                     files.size(), valid, invalid, unreadable, signatures, seconds,
                     seconds > 0 ? static_cast<double>(files.size()) / seconds : 0.0, jobs);
    if (unreadable > 0 || files.empty()) return kExitError;
    return invalid > 0 ? kExitInvalid : kExitOk;
}

} // namespace

int runVerify(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return runCommand(argv, out, err, kVerifyUsage, "verify",
                      [out, err](std::span<char* const> a) { return verify(a, out, err); });
}

} // namespace sandi::client::cli
