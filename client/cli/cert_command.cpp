// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi cert verify`: validates one certificate chain and prints the verdict.
#include "args.h"
#include "commands.h"
#include "inputs.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/chain.h"

#include <chrono>
#include <cstdio>

namespace sandi::client::cli {
namespace {

using namespace sandi::crypto;

constexpr const char* kCertUsage =
    "usage: sandi cert verify --trust ANCHOR.pem... [--untrusted CHAIN.pem]... [--crl CRL.pem]...\n"
    "                         [--purpose any|signing|device|relay-tls|tsa] [--at YYYY-MM-DDTHH:MM:SSZ]\n"
    "                         [--host NAME] [--no-crl-check] CERT.pem\n"
    "\n"
    "Exit status: 0 valid, 1 not valid (the reason is printed), 2 usage error or unreadable input.\n"
    "Without --no-crl-check every certificate below the anchor needs a current CRL (--crl).\n";

Result<Purpose> purposeFromName(std::string_view name)
{
    if (name == "any") return Purpose::Any;
    if (name == "signing") return Purpose::DocumentSigning;
    if (name == "device") return Purpose::TlsClient;
    if (name == "relay-tls") return Purpose::TlsServer;
    if (name == "tsa") return Purpose::TimeStamping;
    return fail(ErrorCode::InvalidArgument,
                "unknown purpose '" + std::string(name) + "' (any, signing, device, relay-tls, tsa)");
}

Result<int> verify(std::span<char* const> argv, std::FILE* out)
{
    SANDI_ASSIGN(args,
                 Args::parse(argv, {{"purpose", "at", "host"}, {"trust", "untrusted", "crl"}, {"no-crl-check"}, 1, 1}));
    if (args.all("trust").empty())
        return fail(ErrorCode::InvalidArgument, "at least one --trust ANCHOR.pem is required");
    SANDI_ASSIGN(purpose, purposeFromName(args.getOr("purpose", "any")));
    TimePoint at = std::chrono::system_clock::now();
    if (auto t = args.get("at")) {
        SANDI_ASSIGN(parsed, parseUtc(*t));
        at = parsed;
    }
    SANDI_ASSIGN(leafs, loadCertificates({args.positional().front()}));
    SANDI_ASSIGN(anchors, loadCertificates(args.all("trust")));
    SANDI_ASSIGN(untrusted, loadCertificates(args.all("untrusted")));
    SANDI_ASSIGN(crls, loadCrls(args.all("crl")));
    // A file with the leaf followed by its chain (as `sandi ca issue` writes) is accepted.
    std::vector<Certificate> inter(leafs.begin() + 1, leafs.end());
    inter.insert(inter.end(), untrusted.begin(), untrusted.end());

    ChainInput in;
    in.leaf = leafs.front();
    in.intermediates = inter;
    in.anchors = anchors;
    in.crls = crls;
    in.time = at;
    in.purpose = purpose;
    in.revocation = args.flag("no-crl-check") ? RevocationCheck::None : RevocationCheck::Required;
    if (auto h = args.get("host")) in.dnsName = *h;
    const Verdict v = validateChain(in);
    std::fprintf(out, "%s: %s\n", verdictCodeName(v.code), v.reason.c_str());
    for (std::size_t i = 0; i < v.chain.size(); ++i)
        std::fprintf(out, "  [%zu] %s\n", i, v.chain[i].subject().c_str());
    return v.valid() ? kExitOk : kExitInvalid;
}

} // namespace

int runCert(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    if (argv.empty() || std::string_view(argv[0]) != "verify") {
        std::fputs(kCertUsage, argv.empty() ? err : out);
        return argv.empty() || std::string_view(argv[0]) != "--help" ? kExitError : kExitOk;
    }
    for (char* a : argv)
        if (std::string_view(a) == "--help") {
            std::fputs(kCertUsage, out);
            return kExitOk;
        }
    auto r = verify(argv.subspan(1), out);
    if (!r) {
        std::fprintf(err, "sandi cert verify: error: %s\n", r.error().message.c_str());
        return kExitError;
    }
    return *r;
}

} // namespace sandi::client::cli
