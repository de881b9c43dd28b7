// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi ca`: the province's certificate authority.
#include "args.h"
#include "commands.h"
#include "passphrase.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/ca.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace sandi::client::cli {
namespace {

namespace fs = std::filesystem;
using namespace sandi::crypto;

constexpr const char* kCaUsage =
    "usage: sandi ca <subcommand> [options]\n"
    "\n"
    "  init-root   --dir DIR --org ORGANISATION --cn NAME [--country ID] [--key-type p384|rsa4096|rsa3072]\n"
    "              [--days N] [--pass-file F | --pass-env VAR]\n"
    "  init-office --root ROOT_DIR --dir DIR --office NAME [--cn NAME] [--permit-dns DOMAIN]...\n"
    "              [--permit-email DOMAIN]... [--key-type T] [--days N]\n"
    "              [--ca-pass-file F | --ca-pass-env VAR]   (the root's passphrase)\n"
    "              [--pass-file F | --pass-env VAR]         (the new office key's passphrase)\n"
    "  issue       --dir OFFICE_DIR --profile signing|device|relay-tls|tsa --out PREFIX\n"
    "              [--csr FILE | --key-type rsa3072|p256] [--cn NAME] [--nip NIP] [--title POSITION]\n"
    "              [--email ADDRESS]... [--dns NAME]... [--ip ADDRESS]... [--identity-key ED25519.pem]\n"
    "              [--days N] [--ca-pass-file F | --ca-pass-env VAR] [--pass-file F | --pass-env VAR]\n"
    "              writes PREFIX.crt.pem, PREFIX.chain.pem and, for a new key, PREFIX.p12\n"
    "  revoke      --dir DIR SERIAL --reason unspecified|keyCompromise|cACompromise|affiliationChanged|\n"
    "              superseded|cessationOfOperation|privilegeWithdrawn\n"
    "  crl         --dir DIR [--days N] [--out FILE] [--ca-pass-file F | --ca-pass-env VAR]\n"
    "  list        --dir DIR\n"
    "\n"
    "Passphrases are read from a file, an environment variable or the terminal (no echo),\n"
    "never from the command line. Errors exit with status 2.\n";

TimePoint now()
{
    return std::chrono::system_clock::now();
}

void printNotices(std::FILE* err, const std::vector<std::string>& notices)
{
    for (const auto& n : notices)
        std::fprintf(err, "sandi ca: note: %s\n", n.c_str());
}

Result<KeyType> keyTypeOption(const Args& args, KeyType fallback)
{
    const auto v = args.get("key-type");
    if (!v) return fallback;
    return keyTypeFromName(*v);
}

Status refuseExisting(const std::vector<fs::path>& paths)
{
    std::error_code ec;
    for (const auto& p : paths)
        if (fs::exists(p, ec)) return fail(ErrorCode::AlreadyExists, "refusing to overwrite " + p.string());
    return {};
}

Status initRoot(std::span<char* const> argv, std::FILE* out, std::FILE* /*err*/)
{
    SANDI_ASSIGN(
        args, Args::parse(
                  argv, {{"dir", "org", "cn", "country", "key-type", "days", "pass-file", "pass-env"}, {}, {}, 0, 0}));
    RootParams p;
    SANDI_ASSIGN(dir, args.require("dir"));
    SANDI_ASSIGN(org, args.require("org"));
    SANDI_ASSIGN(cn, args.require("cn"));
    p.organization = org;
    p.commonName = cn;
    p.country = args.getOr("country", "ID");
    SANDI_ASSIGN(keyType, keyTypeOption(args, KeyType::P384));
    p.keyType = keyType;
    SANDI_ASSIGN(days, args.getInt("days", 0, 1, kMaxValidityDays));
    p.validityDays = days;
    SANDI_ASSIGN(pass, readPassphrase(args, "", "Passphrase for the new root CA key", PassphraseUse::New));
    SystemRandom rng;
    SANDI_ASSIGN(ca, CertificateAuthority::initRoot(dir, p, pass, rng, now()));
    std::fprintf(out, "root CA created in %s\n  subject: %s\n  serial:  %s\n  valid until %s\n", dir.c_str(),
                 subjectString(ca.certificate()).c_str(), serialHex(ca.certificate()).c_str(),
                 formatUtc(asn1TimeToTimePoint(X509_get0_notAfter(ca.certificate())).value()).c_str());
    return {};
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): standard output and standard error, named at each call
Status initOffice(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"root", "dir", "office", "cn", "key-type", "days", "ca-pass-file",
                                           "ca-pass-env", "pass-file", "pass-env"},
                                          {"permit-dns", "permit-email"},
                                          {},
                                          0,
                                          0}));
    SANDI_ASSIGN(rootDir, args.require("root"));
    SANDI_ASSIGN(dir, args.require("dir"));
    OfficeParams p;
    SANDI_ASSIGN(office, args.require("office"));
    p.office = office;
    p.commonName = args.getOr("cn", "");
    p.permittedDns = args.all("permit-dns");
    p.permittedEmail = args.all("permit-email");
    SANDI_ASSIGN(keyType, keyTypeOption(args, KeyType::P384));
    p.keyType = keyType;
    SANDI_ASSIGN(days, args.getInt("days", 0, 1, kMaxValidityDays));
    p.validityDays = days;
    SANDI_ASSIGN(root, CertificateAuthority::open(rootDir));
    {
        SANDI_ASSIGN(rootPass, readPassphrase(args, "ca-", "Passphrase of the root CA key", PassphraseUse::Existing));
        SANDI_TRY(root.unlock(rootPass));
    }
    SANDI_ASSIGN(pass, readPassphrase(args, "", "Passphrase for the new office CA key", PassphraseUse::New));
    SystemRandom rng;
    SANDI_ASSIGN(ca, root.initOffice(dir, p, pass, rng, now()));
    (void)err;
    std::fprintf(out, "office CA created in %s\n  subject: %s\n  serial:  %s\n", dir.c_str(),
                 subjectString(ca.certificate()).c_str(), serialHex(ca.certificate()).c_str());
    return {};
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): standard output and standard error, named at each call
Status issue(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    SANDI_ASSIGN(args,
                 Args::parse(argv, {{"dir", "profile", "out", "csr", "key-type", "cn", "nip", "title", "identity-key",
                                     "days", "ca-pass-file", "ca-pass-env", "pass-file", "pass-env"},
                                    {"email", "dns", "ip"},
                                    {},
                                    0,
                                    0}));
    SANDI_ASSIGN(dir, args.require("dir"));
    SANDI_ASSIGN(profileName, args.require("profile"));
    SANDI_ASSIGN(prefix, args.require("out"));
    SANDI_ASSIGN(profile, profileFromName(profileName));
    if (profileSpec(profile).isCa)
        return fail(ErrorCode::InvalidArgument, "profile " + profileName + " is made by init-root / init-office");

    IssueParams p;
    p.profile = profile;
    p.commonName = args.getOr("cn", "");
    p.nip = args.getOr("nip", "");
    p.title = args.getOr("title", "");
    p.emails = args.all("email");
    p.dnsNames = args.all("dns");
    p.ipAddresses = args.all("ip");
    SANDI_ASSIGN(days, args.getInt("days", 0, 1, kMaxValidityDays));
    p.validityDays = days;
    if (auto kt = args.get("key-type")) {
        SANDI_ASSIGN(t, keyTypeFromName(*kt));
        p.keyType = t;
    }
    ossl::X509ReqPtr csr;
    if (auto csrPath = args.get("csr")) {
        SANDI_ASSIGN(bytes, readFile(*csrPath, kMaxX509InputBytes));
        auto parsed = parseCsr(bytes);
        if (!parsed) return fail(parsed.error().context(*csrPath));
        csr = std::move(*parsed);
        p.csr = csr.get();
    }
    ossl::PkeyPtr identity;
    if (auto idPath = args.get("identity-key")) {
        SANDI_ASSIGN(bytes, readFile(*idPath, kMaxX509InputBytes));
        auto parsed = parsePublicKey(bytes);
        if (!parsed) return fail(parsed.error().context(*idPath));
        identity = std::move(*parsed);
        p.e2eIdentityKey = identity.get();
    }
    const fs::path crtPath = prefix + ".crt.pem";
    const fs::path chainPath = prefix + ".chain.pem";
    const fs::path p12Path = prefix + ".p12";
    SANDI_TRY(refuseExisting({crtPath, chainPath, p12Path}));

    SANDI_ASSIGN(ca, CertificateAuthority::open(dir));
    {
        SANDI_ASSIGN(caPass, readPassphrase(args, "ca-", "Passphrase of the office CA key", PassphraseUse::Existing));
        SANDI_TRY(ca.unlock(caPass));
    }
    // Ask for the PKCS#12 passphrase before issuing, so a bad one leaves nothing recorded.
    std::optional<SecureBuffer> p12Pass;
    if (p.csr == nullptr) {
        SANDI_ASSIGN(pass, readPassphrase(args, "", "Passphrase for the new PKCS#12 file", PassphraseUse::New));
        if (pass.size() < kMinPassphraseBytes)
            return fail(ErrorCode::InvalidArgument,
                        "passphrase too short (at least " + std::to_string(kMinPassphraseBytes) + " bytes)");
        p12Pass = std::move(pass);
    }
    SystemRandom rng;
    SANDI_ASSIGN(issued, ca.issue(p, rng, now()));
    printNotices(err, issued.notices);

    std::string chainText = certificatePem(issued.certificate.get());
    std::vector<X509*> chainRaw;
    for (const auto& c : issued.chain) {
        chainText += certificatePem(c.get());
        chainRaw.push_back(c.get());
    }
    if (issued.key) {
        const std::string friendly = subjectString(issued.certificate.get());
        SANDI_ASSIGN(p12, makePkcs12(issued.key.get(), issued.certificate.get(), chainRaw, *p12Pass, friendly));
        SANDI_TRY(writeFileAtomically(p12Path, p12, FileMode::Private, Overwrite::Refuse));
    }
    SANDI_TRY(
        writeFileAtomically(crtPath, certificatePem(issued.certificate.get()), FileMode::Public, Overwrite::Refuse));
    SANDI_TRY(writeFileAtomically(chainPath, chainText, FileMode::Public, Overwrite::Refuse));
    std::fprintf(out, "issued %s certificate %s\n  subject: %s\n  valid until %s\n  wrote %s, %s%s%s\n",
                 profileName.c_str(), serialHex(issued.certificate.get()).c_str(),
                 subjectString(issued.certificate.get()).c_str(),
                 formatUtc(asn1TimeToTimePoint(X509_get0_notAfter(issued.certificate.get())).value()).c_str(),
                 crtPath.c_str(), chainPath.c_str(), issued.key ? ", " : "", issued.key ? p12Path.c_str() : "");
    return {};
}

Status revoke(std::span<char* const> argv, std::FILE* out, std::FILE* /*err*/)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"dir", "reason"}, {}, {}, 1, 1}));
    SANDI_ASSIGN(dir, args.require("dir"));
    SANDI_ASSIGN(reasonName, args.require("reason"));
    SANDI_ASSIGN(reason, revocationReasonFromName(reasonName));
    SANDI_ASSIGN(ca, CertificateAuthority::open(dir));
    SANDI_ASSIGN(record, ca.revoke(args.positional().front(), reason, now()));
    std::fprintf(out, "revoked %s (%s) on %s: %s\npublish a new CRL now: sandi ca crl --dir %s\n",
                 record.serial.c_str(), revocationReasonName(record.reason), formatUtc(*record.revokedAt).c_str(),
                 record.subject.c_str(), dir.c_str());
    return {};
}

Status crl(std::span<char* const> argv, std::FILE* out, std::FILE* /*err*/)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"dir", "days", "out", "ca-pass-file", "ca-pass-env"}, {}, {}, 0, 0}));
    SANDI_ASSIGN(dir, args.require("dir"));
    SANDI_ASSIGN(days, args.getInt("days", 7, 1, 366));
    SANDI_ASSIGN(ca, CertificateAuthority::open(dir));
    {
        SANDI_ASSIGN(pass, readPassphrase(args, "ca-", "Passphrase of the CA key", PassphraseUse::Existing));
        SANDI_TRY(ca.unlock(pass));
    }
    SANDI_ASSIGN(list, ca.publishCrl(now(), std::chrono::hours(24) * days));
    if (auto target = args.get("out")) SANDI_TRY(writeFileAtomically(*target, crlPem(list.get()), FileMode::Public));
    int revoked = 0;
    for (const auto& r : ca.database().records())
        revoked += r.revoked() ? 1 : 0;
    std::fprintf(out, "CRL number %llu with %d revoked certificate(s), next update %s, written to %s\n",
                 static_cast<unsigned long long>(ca.database().crlNumber()), revoked,
                 formatUtc(asn1TimeToTimePoint(X509_CRL_get0_nextUpdate(list.get())).value()).c_str(),
                 args.get("out").value_or(CertificateAuthority::crlPath(dir).string()).c_str());
    return {};
}

Status list(std::span<char* const> argv, std::FILE* out, std::FILE* /*err*/)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"dir"}, {}, {}, 0, 0}));
    SANDI_ASSIGN(dir, args.require("dir"));
    SANDI_ASSIGN(ca, CertificateAuthority::open(dir));
    const TimePoint t = now();
    std::fprintf(out, "%-34s %-10s %-44s %-20s %s\n", "SERIAL", "PROFILE", "STATUS", "NOT AFTER", "SUBJECT");
    for (const auto& r : ca.database().records()) {
        std::string status = "valid";
        if (r.revoked())
            status = "revoked " + formatUtc(*r.revokedAt) + " " + revocationReasonName(r.reason);
        else if (r.notAfter < t)
            status = "expired";
        std::fprintf(out, "%-34s %-10s %-44s %-20s %s\n", r.serial.c_str(),
                     std::string(profileSpec(r.profile).name).c_str(), status.c_str(), formatUtc(r.notAfter).c_str(),
                     r.subject.c_str());
    }
    return {};
}

} // namespace

int runCa(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    if (argv.empty() || std::string_view(argv[0]) == "--help") {
        std::fputs(kCaUsage, argv.empty() ? err : out);
        return argv.empty() ? kExitError : kExitOk;
    }
    const std::string_view sub = argv[0];
    const auto rest = argv.subspan(1);
    for (char* a : rest)
        if (std::string_view(a) == "--help") {
            std::fputs(kCaUsage, out);
            return kExitOk;
        }
    Status s = fail(ErrorCode::InvalidArgument, "unknown subcommand '" + std::string(sub) + "' (see sandi ca --help)");
    if (sub == "init-root")
        s = initRoot(rest, out, err);
    else if (sub == "init-office")
        s = initOffice(rest, out, err);
    else if (sub == "issue")
        s = issue(rest, out, err);
    else if (sub == "revoke")
        s = revoke(rest, out, err);
    else if (sub == "crl")
        s = crl(rest, out, err);
    else if (sub == "list")
        s = list(rest, out, err);
    if (!s) {
        std::fprintf(err, "sandi ca %.*s: error: %s\n", static_cast<int>(sub.size()), sub.data(),
                     s.error().message.c_str());
        return kExitError;
    }
    return kExitOk;
}

} // namespace sandi::client::cli
