// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi sign`: PAdES signatures on PDFs, detached CAdES (.p7s) for any other file; and
// `sandi timestamp`. The options and the printing; client/core's documents.h signs.
#include "args.h"
#include "commands.h"
#include "inputs.h"
#include "passphrase.h"

#include "sandi/client/documents.h"
#include "sandi/client/http_timestamper.h"
#include "sandi/client/revocation_fetch.h"
#include "sandi/pki/ocsp_responder.h"
#include "sandi/core/atomic_file.h"
#include "sandi/core/random.h"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>

namespace sandi::client::cli {
namespace {

namespace fs = std::filesystem;
using namespace sandi::crypto;

constexpr const char* kSignUsage =
    "usage: sandi sign --key SIGNER.p12 [--pass-file F | --pass-env VAR] [--level B-B|B-T|B-LT|B-LTA]\n"
    "   or: sandi sign --pkcs11-module LIB --pkcs11-token LABEL --pkcs11-key LABEL [--cert CHAIN.pem]\n"
    "                  [--pin-file F | --pin-env VAR] ...  (the key stays on the token)\n"
    "                  [--tsa URL] [--reason R] [--location L] [--visible PAGE:X,Y,W,H [--qr]] [--certify 1|2|3]\n"
    "                  [--crl CRL.pem]... [--ocsp RESPONSE.der]... [--no-fetch] [--trust ANCHOR.pem]...\n"
    "                  [--rsa-pss] IN -o OUT\n"
    "\n"
    "A PDF gets a PAdES signature (an incremental update: every original byte is kept).\n"
    "Any other file gets a detached CAdES-BES signature, OUT (default IN.p7s).\n"
    "B-T needs --tsa; B-LT also embeds the chain, the --trust anchors, the --crl CRLs and the\n"
    "--ocsp responses in /DSS, and fetches an OCSP response (or else the CRL) over http for every\n"
    "certificate of the chain not covered yet, from the URL it names (not with --no-fetch); a\n"
    "certificate left without evidence stops the signature: nothing is written.\n"
    "B-LTA adds a document time-stamp. --visible places a stamp on PAGE at X,Y (points from the\n"
    "lower-left corner), W wide and H high; --qr puts a QR code of the signature's verification\n"
    "record in it (docs/signing.md), which `sandi verify --check-qr` checks.\n";

Result<StampPlacement> parseVisible(const std::string& v)
{
    // PAGE:X,Y,W,H
    StampPlacement p;
    const auto colon = v.find(':');
    auto bad = [&] {
        return fail(ErrorCode::InvalidArgument, "--visible wants PAGE:X,Y,W,H (e.g. 1:350,60,200,70), not '" + v + "'");
    };
    if (colon == std::string::npos) return bad();
    const auto pageEnd = v.data() + colon;
    if (auto r = std::from_chars(v.data(), pageEnd, p.page); r.ec != std::errc() || r.ptr != pageEnd || p.page < 1)
        return bad();
    double* fields[] = {&p.x, &p.y, &p.width, &p.height};
    const char* cur = v.data() + colon + 1;
    const char* end = v.data() + v.size();
    for (int i = 0; i < 4; ++i) {
        auto r = std::from_chars(cur, end, *fields[i]);
        if (r.ec != std::errc()) return bad();
        cur = r.ptr;
        if (i < 3) {
            if (cur == end || *cur != ',') return bad();
            ++cur;
        }
    }
    if (cur != end || p.width <= 0 || p.height <= 0 || p.x < 0 || p.y < 0) return bad();
    return p;
}

Result<std::vector<std::vector<std::byte>>> loadOcspResponses(const std::vector<std::string>& paths)
{
    std::vector<std::vector<std::byte>> out;
    for (const auto& path : paths) {
        SANDI_ASSIGN(der, readFile(path, FetchLimits{}.maxOcspBytes));
        if (!ocspResponseStatus(der)) return fail(ErrorCode::InvalidInput, path + " is not a DER OCSP response");
        out.push_back(std::move(der));
    }
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): standard output and standard error, named at each call
Status sign(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"key", "pass-file", "pass-env", "level", "tsa", "reason", "location",
                                           "visible", "certify", "out", "pkcs11-module", "pkcs11-token", "pkcs11-key",
                                           "cert", "pin-file", "pin-env"},
                                          {"crl", "trust", "ocsp"},
                                          {"rsa-pss", "no-fetch", "qr"},
                                          1,
                                          1,
                                          {{"-o", "out"}}}));
    const bool token = args.get("pkcs11-module").has_value();
    if (token == args.get("key").has_value())
        return fail(ErrorCode::InvalidArgument,
                    "give either --key SIGNER.p12 or --pkcs11-module (with --pkcs11-token, --pkcs11-key)");
    const std::string in = args.positional().front();
    SANDI_ASSIGN(level, padesLevelFromName(args.getOr("level", "B-B")));
    SANDI_ASSIGN(certify, args.getInt("certify", 0, 1, 3));
    const auto tsaUrl = args.get("tsa");
    if (level != PadesLevel::BB && !tsaUrl)
        return fail(ErrorCode::InvalidArgument, std::string("level ") + padesLevelName(level) + " needs --tsa URL");

    SANDI_ASSIGN(kind, fileKind(in));
    const bool pdf = kind == FileKind::Pdf;
    std::string outPath = args.getOr("out", pdf ? "" : detachedSignaturePath(in));
    if (outPath.empty()) return fail(ErrorCode::InvalidArgument, "-o OUT is required for a PDF");
    std::error_code ec;
    if (fs::exists(outPath, ec) && fs::equivalent(outPath, in, ec))
        return fail(ErrorCode::InvalidArgument, "OUT must not be IN (the signed copy is written next to the original)");
    if (!pdf && (certify != 0 || args.get("visible")))
        return fail(ErrorCode::InvalidArgument, "--certify and --visible apply to PDFs only");

    std::unique_ptr<Signer> signer;
    if (token) {
        Pkcs11Options po;
        po.module = *args.get("pkcs11-module");
        SANDI_ASSIGN(tokenLabel, args.require("pkcs11-token"));
        SANDI_ASSIGN(keyLabel, args.require("pkcs11-key"));
        po.tokenLabel = tokenLabel;
        po.keyLabel = keyLabel;
        std::vector<Certificate> certs;
        if (auto c = args.get("cert")) {
            SANDI_ASSIGN(parsed, loadCertificates({*c}));
            certs = std::move(parsed);
        }
        SANDI_ASSIGN(pin,
                     readSecret(args, "pin-file", "pin-env", "PIN of token " + tokenLabel, PassphraseUse::Existing));
        if (args.flag("rsa-pss"))
            return fail(ErrorCode::Unsupported, "--rsa-pss is not available with PKCS#11 tokens yet");
        SANDI_ASSIGN(opened, openPkcs11Signer(po, pin, certs));
        signer = std::move(opened);
    } else {
        const std::string keyPath = *args.get("key");
        SANDI_ASSIGN(p12, readFile(keyPath, kMaxX509InputBytes));
        SANDI_ASSIGN(pass, readPassphrase(args, "", "Passphrase of " + keyPath, PassphraseUse::Existing));
        SANDI_ASSIGN(opened, openPkcs12Signer(p12, pass, keyPath,
                                              args.flag("rsa-pss") ? RsaPadding::Pss : RsaPadding::Pkcs1v15));
        signer = std::move(opened);
    }
    SystemRandom rng;
    std::optional<HttpTimeStamper> stamper;
    if (tsaUrl) stamper.emplace(*tsaUrl, rng);

    SignRequest request;
    request.input = in;
    request.output = outPath;
    request.form = pdf ? SignatureForm::Pades : SignatureForm::Detached;
    request.signingTime = std::chrono::system_clock::now();
    request.timeStamper = stamper ? &*stamper : nullptr;
    if (pdf) {
        request.level = level;
        request.reason = args.getOr("reason", "");
        request.location = args.getOr("location", "");
        request.certify = certify;
        if (auto v = args.get("visible")) {
            SANDI_ASSIGN(placement, parseVisible(*v));
            request.visible = placement;
        }
        request.stampQr = args.flag("qr");
        if (request.stampQr && !request.visible) return fail(ErrorCode::InvalidArgument, "--qr needs --visible");
        SANDI_ASSIGN(crls, loadCrls(args.all("crl")));
        request.crls = std::move(crls);
        SANDI_ASSIGN(anchors, loadCertificates(args.all("trust")));
        request.extraCertificates = std::move(anchors);
        SANDI_ASSIGN(ocsps, loadOcspResponses(args.all("ocsp")));
        request.ocspResponses = std::move(ocsps);
        if (!args.flag("no-fetch")) request.evidenceSources = httpEvidenceSources();
    }
    SANDI_ASSIGN(outcome, signDocument(request, *signer));
    for (const auto& w : outcome.warnings)
        std::fprintf(err, "sandi sign: warning: %s\n", w.c_str());
    if (outcome.form == SignatureForm::Detached)
        std::fprintf(out, "signed %s → %s (CAdES-BES%s, detached)\n", in.c_str(), outcome.output.c_str(),
                     outcome.timeStamped ? " with time-stamp" : "");
    else
        std::fprintf(out, "signed %s → %s (PAdES %s%s%s%s)\n", in.c_str(), outcome.output.c_str(),
                     padesLevelName(outcome.level), outcome.certified ? ", certified" : "",
                     outcome.visibleStamp ? (request.stampQr ? ", visible stamp with QR code" : ", visible stamp") : "",
                     outcome.level == PadesLevel::BLT || outcome.level == PadesLevel::BLTA
                         ? (", " + std::to_string(outcome.crlsEmbedded) + " CRL(s) and " +
                            std::to_string(outcome.ocspResponsesEmbedded) + " OCSP response(s) in /DSS")
                               .c_str()
                         : "");
    return {};
}

constexpr const char* kTimestampUsage =
    "usage: sandi timestamp --tsa URL [--crl CRL.pem]... [--trust ANCHOR.pem]... IN.pdf -o OUT.pdf\n"
    "\n"
    "Adds a document time-stamp (ETSI.RFC3161) over the whole PDF, after a /DSS with the given\n"
    "CRLs and certificates: how a B-LTA archive is renewed before its last time-stamp expires.\n";

Status timestamp(std::span<char* const> argv, std::FILE* out)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"tsa", "out"}, {"crl", "trust"}, {}, 1, 1, {{"-o", "out"}}}));
    SANDI_ASSIGN(url, args.require("tsa"));
    SANDI_ASSIGN(outPath, args.require("out"));
    const std::string in = args.positional().front();
    SANDI_ASSIGN(kind, fileKind(in));
    if (kind != FileKind::Pdf) return fail(ErrorCode::InvalidInput, in + " is not a PDF");
    TimestampRequest request;
    request.input = in;
    request.output = outPath;
    SANDI_ASSIGN(crls, loadCrls(args.all("crl")));
    request.crls = std::move(crls);
    SANDI_ASSIGN(anchors, loadCertificates(args.all("trust")));
    request.certificates = std::move(anchors);
    SystemRandom rng;
    HttpTimeStamper stamper(url, rng);
    SANDI_ASSIGN(outcome, timestampDocument(request, stamper));
    std::fprintf(out, "time-stamped %s → %s (document time-stamp%s)\n", in.c_str(), outcome.output.c_str(),
                 outcome.dssAdded ? " after /DSS" : "");
    return {};
}

} // namespace

int runTimestamp(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return runCommand(argv, out, err, kTimestampUsage, "timestamp", [out](std::span<char* const> a) -> Result<int> {
        SANDI_TRY(timestamp(a, out));
        return kExitOk;
    });
}

int runSign(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    return runCommand(argv, out, err, kSignUsage, "sign", [out, err](std::span<char* const> a) -> Result<int> {
        SANDI_TRY(sign(a, out, err));
        return kExitOk;
    });
}

} // namespace sandi::client::cli
