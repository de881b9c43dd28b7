// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi verify`: the auditor's command. PDFs and .p7s files, one or ten thousand,
// verified in parallel by client/core (documents.h); here the options and the printing:
// a table for people or JSON lines for machines.
#include "args.h"
#include "commands.h"
#include "inputs.h"
#include "messages.h"

#include "sandi/client/display_text.h"
#include "sandi/client/documents.h"
#include "sandi/client/trust_store.h"
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
    "usage: sandi verify [--trust CERT.pem]... [--no-default-trust] [--certs CERTS.pem]... [--crl CRL.pem]...\n"
    "                    [--ocsp RESPONSE.der]... [--online] [--json] [--jobs N] [--no-revocation-check]\n"
    "                    [--no-visual | --visual-all] [--check-qr] [--report FILE.html] PATH...\n"
    "\n"
    "PATH is a PDF, a .p7s (its data file beside it, without the .p7s), or a directory\n"
    "(searched recursively for *.pdf and *.p7s). Trust anchors: every *.pem in /etc/sandi/trust.d\n"
    "($SANDI_SYSTEM_TRUST_DIR overrides it) and in $XDG_CONFIG_HOME/sandi/trust.d (~/.config/...),\n"
    "unless --no-default-trust; --trust adds more. --certs: more certificates to build chains with\n"
    "(not trusted), for signatures that do not embed their chain. --crl, --ocsp: revocation evidence\n"
    "besides what the files embed (an OCSP response: DER or PEM, one per file). --online: when the\n"
    "evidence at hand does not settle revocation, fetch it over http from the certificates' OCSP\n"
    "responder (AIA) and CRL distribution point (off by default).\n"
    "A signed revision followed by later ones is rendered and compared with the final document\n"
    "(--no-visual: not; --visual-all: also the pages whose objects did not change). --check-qr:\n"
    "every page is searched for QR-marked stamps, each checked against its signature. --report:\n"
    "a self-contained HTML report with a picture of each signed page (implies --check-qr).\n"
    "Each signature and file gets an ETSI EN 319 102-1 indication: TOTAL-PASSED, INDETERMINATE or\n"
    "TOTAL-FAILED. Exit status: 0 all passed; 1 at least one failed; 3 none failed but at least\n"
    "one is indeterminate; 2 usage error or unreadable input.\n"
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

std::string jsonSubIndication(const std::string& sub)
{
    return sub.empty() ? "null" : jsonString(sub);
}

const char* typeName(SignedFileType type) noexcept
{
    return type == SignedFileType::DetachedCms ? "p7s" : "pdf";
}

std::string toJson(const FileReport& f)
{
    const FileIndication fi = f.indication();
    std::string out = "{\"path\":" + jsonString(f.path) + ",\"type\":" + jsonString(typeName(f.type)) +
                      ",\"valid\":" + (f.valid() ? "true" : "false") +
                      ",\"indication\":" + jsonString(indicationName(fi.indication)) +
                      ",\"sub_indication\":" + jsonSubIndication(fi.subIndication);
    if (!f.readable()) out += ",\"error\":" + jsonString(f.error->message);
    out += ",\"problems\":" + jsonList(f.problems) + ",\"remarks\":" + jsonList(f.remarks) + ",\"signatures\":[";
    for (std::size_t i = 0; i < f.signatures.size(); ++i) {
        const auto& s = f.signatures[i];
        out += std::string(i ? "," : "") + "{\"field\":" + jsonString(s.field) + ",\"kind\":" + jsonString(s.kind) +
               ",\"sub_filter\":" + jsonString(s.subFilter) + ",\"valid\":" + (s.valid ? "true" : "false") +
               ",\"indication\":" + jsonString(indicationName(s.indication)) +
               ",\"sub_indication\":" + jsonSubIndication(s.subIndication) + ",\"signer\":" + jsonString(s.signer) +
               ",\"anchor\":" + (s.anchor.empty() ? std::string("null") : jsonString(s.anchor)) +
               ",\"signing_time\":" + jsonTime(s.signingTime) + ",\"timestamp\":" + jsonTime(s.timestamp) +
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

// What a person reads: every string from a file escaped (display_text.h), labels and
// finding sentences in the reader's language (messages.h), codes and indications as they are.
std::string show(std::string_view text)
{
    return escapeForDisplay(text);
}

// VALID exactly for TOTAL-PASSED; an INDETERMINATE verdict is not valid either, but says
// that more evidence (a fresh CRL, a trust anchor) may still decide it.
const char* verdictLabel(Indication indication)
{
    switch (indication) {
    case Indication::TotalPassed:
        return tr("VALID");
    case Indication::Indeterminate:
        return tr("NOT VALID (undecided)");
    case Indication::TotalFailed:
        return tr("NOT VALID");
    }
    return tr("NOT VALID");
}

std::string indicationText(Indication indication, const std::string& sub)
{
    return std::string(indicationName(indication)) + (sub.empty() ? "" : "/" + sub);
}

std::string kindText(const std::string& kind)
{
    static constexpr std::string_view kCertification = "certification";
    if (kind == "signature") return tr("signature");
    if (kind == "document time-stamp") return tr("document time-stamp");
    if (kind == "detached CMS") return tr("detached CMS");
    if (kind.rfind(kCertification, 0) == 0) return tr("certification") + show(kind.substr(kCertification.size()));
    return show(kind);
}

const char* modificationsText(Modifications m)
{
    switch (m) {
    case Modifications::None:
        return tr("none");
    case Modifications::Allowed:
        return tr("allowed");
    case Modifications::Disallowed:
        return tr("disallowed");
    }
    return tr("none");
}

std::string findingText(const std::string& code, const std::string& text)
{
    return show(findingForPeople(code, text));
}

void printHuman(std::FILE* out, const FileReport& f)
{
    if (!f.readable()) {
        std::fprintf(out, "%s: %s: %s\n", show(f.path).c_str(), tr("UNREADABLE"), show(f.error->message).c_str());
        return;
    }
    const FileIndication fi = f.indication();
    std::fprintf(out, "%s: %s [%s]\n", show(f.path).c_str(), verdictLabel(fi.indication),
                 indicationText(fi.indication, fi.subIndication).c_str());
    for (const auto& p : f.problems)
        std::fprintf(out, "  ! %s [%s]\n", findingText(p.code, p.text).c_str(), show(p.code).c_str());
    for (const auto& m : f.remarks)
        std::fprintf(out, "  %s %s [%s]\n", tr("note:"), findingText(m.code, m.text).c_str(), show(m.code).c_str());
    for (const auto& s : f.signatures) {
        std::fprintf(out, "  [%s] %s%s%s: %s\n", verdictLabel(s.indication), kindText(s.kind).c_str(),
                     s.field.empty() ? "" : " ", show(s.field).c_str(),
                     s.signer.empty() ? tr("(unknown signer)") : show(s.signer).c_str());
        std::fprintf(out, "      %s %s\n", tr("indication:"), indicationText(s.indication, s.subIndication).c_str());
        std::fprintf(out, "      %s %s\n", tr("trust anchor:"),
                     s.anchor.empty() ? tr("(none reached)") : show(s.anchor).c_str());
        if (s.signingTime)
            std::fprintf(out, "      %s %s\n", tr("signing time (claimed):"), formatUtc(*s.signingTime).c_str());
        if (s.timestamp)
            std::fprintf(out, "      %s %s\n", tr("time-stamp (proven):   "), formatUtc(*s.timestamp).c_str());
        std::fprintf(out, tr("      covers whole document: %s; modifications: %s\n"),
                     s.coversWholeDocument ? tr("yes") : tr("no"), modificationsText(s.modifications));
        for (const auto& c : s.changes)
            std::fprintf(out, "      - %s: %s [%s]\n", c.allowed ? tr("allowed") : tr("disallowed"),
                         findingText(c.code, c.text).c_str(), show(c.code).c_str());
        for (const auto& p : s.problems)
            std::fprintf(out, "      ! %s [%s]\n", findingText(p.code, p.text).c_str(), show(p.code).c_str());
        for (const auto& m : s.remarks)
            std::fprintf(out, "      %s %s [%s]\n", tr("note:"), findingText(m.code, m.text).c_str(),
                         show(m.code).c_str());
    }
}

Result<int> verify(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"jobs", "report"},
                                          {"trust", "crl", "certs", "ocsp"},
                                          {"json", "no-revocation-check", "no-default-trust", "no-visual", "visual-all",
                                           "check-qr", "online"},
                                          1,
                                          1'000'000}));
    SANDI_ASSIGN(jobs, args.getInt("jobs", static_cast<int>(defaultVerifyJobs()), 1, static_cast<int>(kMaxVerifyJobs)));

    initMessages();
    VerifyRequest request;
    if (!args.flag("no-default-trust")) {
        TrustAnchors defaults = defaultTrustAnchors();
        for (const auto& w : defaults.warnings)
            std::fprintf(err, "sandi verify: %s %s\n", tr("warning:"), show(w).c_str());
        request.anchors = std::move(defaults.anchors);
    }
    SANDI_ASSIGN(anchors, loadCertificates(args.all("trust")));
    request.anchors.insert(request.anchors.end(), anchors.begin(), anchors.end());
    SANDI_ASSIGN(extraCerts, loadCertificates(args.all("certs")));
    request.certificates = std::move(extraCerts);
    SANDI_ASSIGN(crls, loadCrls(args.all("crl")));
    request.crls = std::move(crls);
    SANDI_ASSIGN(ocsps, loadOcspResponses(args.all("ocsp")));
    request.ocsps = std::move(ocsps);
    if (request.anchors.empty())
        std::fprintf(err, "sandi verify: %s\n",
                     tr("note: no trust anchors (no --trust, none in the trust directories); no signature can be "
                        "trusted"));
    request.paths = args.positional();
    request.now = std::chrono::system_clock::now();
    request.checkRevocation = !args.flag("no-revocation-check");
    request.online = args.flag("online");
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
    if (reportPath) {
        visual::ReportLanguage language;
        language.tag = messagesLanguage();
        language.translate = [](const char* english) { return std::string(tr(english)); };
        language.finding = [](std::string_view code, std::string_view text) { return findingForPeople(code, text); };
        SANDI_TRY(writeHtmlReport(*reportPath, results, request.now, language));
    }
    const VerifySummary sum = summarize(results);
    if (sum.files > 1 || sum.files == 0)
        std::fprintf(args.flag("json") ? err : out,
                     tr("summary: %zu file(s): %zu valid, %zu not valid (%zu failed, %zu undecided), %zu unreadable; "
                        "%zu signature(s); %.2f s (%.1f files/s, %d jobs)\n"),
                     sum.files, sum.valid, sum.notValid, sum.failed, sum.indeterminate, sum.unreadable, sum.signatures,
                     seconds, seconds > 0 ? static_cast<double>(sum.files) / seconds : 0.0, jobs);
    return verifyExitStatus(sum);
}

} // namespace

int runVerify(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return runCommand(argv, out, err, kVerifyUsage, "verify",
                      [out, err](std::span<char* const> a) { return verify(a, out, err); });
}

} // namespace sandi::client::cli
