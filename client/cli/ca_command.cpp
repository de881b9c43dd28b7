// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi ca`: the province's certificate authority.
#include "args.h"
#include "commands.h"
#include "passphrase.h"

#include "http_endpoint.h"
#include "sandi/core/atomic_file.h"
#include "sandi/pki/ca.h"
#include "sandi/pki/ocsp_responder.h"

#include <QCoreApplication>

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
    "              [--days N] [--ocsp-url URL] [--crl-url URL] [--pass-file F | --pass-env VAR]\n"
    "  init-office --root ROOT_DIR --dir DIR --office NAME [--cn NAME] [--permit-dns DOMAIN]...\n"
    "              [--permit-email DOMAIN]... [--key-type T] [--days N] [--ocsp-url URL] [--crl-url URL]\n"
    "              [--ca-pass-file F | --ca-pass-env VAR]   (the root's passphrase)\n"
    "              [--pass-file F | --pass-env VAR]         (the new office key's passphrase)\n"
    "  issue       --dir OFFICE_DIR --profile signing|device|relay-tls|tsa|ocsp --out PREFIX\n"
    "              [--csr FILE | --key-type rsa3072|p256] [--cn NAME] [--nip NIP] [--title POSITION]\n"
    "              [--email ADDRESS]... [--dns NAME]... [--ip ADDRESS]... [--identity-key ED25519.pem]\n"
    "              [--days N] [--ca-pass-file F | --ca-pass-env VAR] [--pass-file F | --pass-env VAR]\n"
    "              writes PREFIX.crt.pem, PREFIX.chain.pem and, for a new key, PREFIX.p12\n"
    "  revoke      --dir DIR SERIAL --reason unspecified|keyCompromise|cACompromise|affiliationChanged|\n"
    "              superseded|cessationOfOperation|privilegeWithdrawn\n"
    "  crl         --dir DIR [--days N] [--out FILE] [--ca-pass-file F | --ca-pass-env VAR]\n"
    "  list        --dir DIR\n"
    "  config      --dir DIR [--ocsp-url URL|none] [--crl-url URL|none]\n"
    "              the URLs certificates issued from now on name (authorityInfoAccess OCSP,\n"
    "              cRLDistributionPoints); without options, prints them\n"
    "  ocsp-serve  --dir DIR [--listen ADDRESS:PORT] [--signer RESPONDER.p12 [--pass-file F | --pass-env VAR]]\n"
    "              [--ca-pass-file F | --ca-pass-env VAR] [--validity-minutes N]\n"
    "              the OCSP responder (RFC 6960 over HTTP, RFC 5019): POST application/ocsp-request\n"
    "              or GET /BASE64; signs with the delegated responder certificate (issue --profile ocsp)\n"
    "              or, without --signer, with the CA key. Port 0 picks a free one; prints\n"
    "              \"listening on http://ADDRESS:PORT/\". Revocations are answered without a restart.\n"
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
    SANDI_ASSIGN(args, Args::parse(argv, {{"dir", "org", "cn", "country", "key-type", "days", "pass-file", "pass-env",
                                           "ocsp-url", "crl-url"},
                                          {},
                                          {},
                                          0,
                                          0}));
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
    p.urls = {args.getOr("ocsp-url", ""), args.getOr("crl-url", "")};
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
                                           "ca-pass-env", "pass-file", "pass-env", "ocsp-url", "crl-url"},
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
    p.urls = {args.getOr("ocsp-url", ""), args.getOr("crl-url", "")};
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

Status config(std::span<char* const> argv, std::FILE* out, std::FILE* /*err*/)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"dir", "ocsp-url", "crl-url"}, {}, {}, 0, 0}));
    SANDI_ASSIGN(dir, args.require("dir"));
    SANDI_ASSIGN(ca, CertificateAuthority::open(dir));
    if (args.get("ocsp-url") || args.get("crl-url")) {
        PublicationUrls urls = ca.publicationUrls();
        auto take = [&](const char* option, std::string& field) {
            if (auto v = args.get(option)) field = *v == "none" ? "" : *v;
        };
        take("ocsp-url", urls.ocsp);
        take("crl-url", urls.crl);
        SANDI_TRY(ca.setPublicationUrls(urls));
    }
    const auto& u = ca.publicationUrls();
    std::fprintf(out, "ocsp-url %s\ncrl-url %s\n", u.ocsp.empty() ? "none" : u.ocsp.c_str(),
                 u.crl.empty() ? "none" : u.crl.c_str());
    return {};
}

Result<std::pair<QHostAddress, quint16>> parseListen(const std::string& text)
{
    const auto colon = text.rfind(':');
    auto bad = [&] {
        return fail(ErrorCode::InvalidArgument,
                    "--listen wants ADDRESS:PORT (e.g. 127.0.0.1:8080), not '" + text + "'");
    };
    if (colon == std::string::npos) return bad();
    std::string host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const QHostAddress address(QString::fromStdString(host));
    bool ok = false;
    const uint port = QString::fromStdString(text.substr(colon + 1)).toUInt(&ok);
    if (address.isNull() || !ok || port > 65535) return bad();
    return std::pair{address, static_cast<quint16>(port)};
}

// GET /{url-encoding of the base64 of the DER request} (RFC 6960 Appendix A.1): the
// base64 may contain '/', and clients percent-encode differently; both alphabets are taken.
std::optional<QByteArray> requestFromGetTarget(const QByteArray& target)
{
    if (!target.startsWith('/')) return std::nullopt;
    const QByteArray encoded = QByteArray::fromPercentEncoding(target.mid(1));
    for (auto options : {QByteArray::Base64Encoding, QByteArray::Base64UrlEncoding}) {
        auto decoded = QByteArray::fromBase64Encoding(encoded, options | QByteArray::AbortOnBase64DecodingErrors);
        if (decoded) return decoded.decoded;
    }
    return std::nullopt;
}

Status ocspServe(std::span<char* const> argv, std::FILE* out, std::FILE* err)
{
    SANDI_ASSIGN(args, Args::parse(argv, {{"dir", "listen", "signer", "pass-file", "pass-env", "ca-pass-file",
                                           "ca-pass-env", "validity-minutes"},
                                          {},
                                          {},
                                          0,
                                          0}));
    SANDI_ASSIGN(dirText, args.require("dir"));
    const fs::path dir = dirText;
    SANDI_ASSIGN(listenAt, parseListen(args.getOr("listen", "127.0.0.1:8080")));
    SANDI_ASSIGN(minutes, args.getInt("validity-minutes", static_cast<int>(kDefaultOcspValidity.count() / 60), 1,
                                      static_cast<int>(kMaxOcspValidity.count() / 60)));
    // The public parts are read without the CA's lock: `sandi ca revoke` runs beside the responder.
    SANDI_ASSIGN(caBytes, readFile(CertificateAuthority::certificatePath(dir), kMaxX509InputBytes));
    auto caCert = parseCertificate(caBytes);
    if (!caCert) return fail(caCert.error().context(CertificateAuthority::certificatePath(dir).string()));
    CaDatabaseReader reader(CertificateAuthority::databasePath(dir));
    SANDI_TRY(reader.current());

    ossl::X509Ptr signerCert;
    ossl::PkeyPtr signerKey;
    if (auto signerPath = args.get("signer")) {
        SANDI_ASSIGN(p12, readFile(*signerPath, kMaxX509InputBytes));
        SANDI_ASSIGN(pass, readPassphrase(args, "", "Passphrase of " + *signerPath, PassphraseUse::Existing));
        auto contents = parsePkcs12(p12, pass);
        if (!contents) return fail(contents.error().context(*signerPath));
        signerCert = std::move(contents->certificate);
        signerKey = std::move(contents->key);
    } else {
        SANDI_ASSIGN(pem, readFile(CertificateAuthority::keyPath(dir), kMaxX509InputBytes));
        SANDI_ASSIGN(pass, readPassphrase(args, "ca-", "Passphrase of the CA key", PassphraseUse::Existing));
        auto key = decryptPrivateKeyPem(pem, pass);
        if (!key) return fail(key.error().context(CertificateAuthority::keyPath(dir).string()));
        signerKey = std::move(*key);
        signerCert = ossl::upRef(caCert->get());
    }
    SANDI_ASSIGN(responder, OcspResponder::create(std::move(*caCert), std::move(signerCert), std::move(signerKey),
                                                  std::chrono::minutes(minutes), now()));
    if (responder.delegated()) {
        const auto until = asn1TimeToTimePoint(X509_get0_notAfter(responder.signerCertificate()));
        if (until)
            std::fprintf(err,
                         "sandi ca ocsp-serve: note: the responder certificate is valid until %s; issue a new "
                         "one (issue --profile ocsp) and restart before then\n",
                         formatUtc(*until).c_str());
    }

    int argc = 1;
    char name[] = "sandi";
    char* qtArgv[] = {name, nullptr};
    QCoreApplication app(argc, qtArgv);
    server::HttpLimits limits;
    limits.maxBodyBytes = static_cast<qsizetype>(kMaxOcspRequestBytes);
    const qint64 maxAge = std::chrono::seconds(std::chrono::minutes(minutes)).count();
    auto answer = [&](const QByteArray& der, bool cacheable) -> server::HttpReply {
        auto db = reader.current();
        if (auto problem = reader.takeProblem(); !problem.empty() && db)
            std::fprintf(err, "sandi ca ocsp-serve: warning: %s\n", problem.c_str());
        if (!db) {
            std::fprintf(err, "sandi ca ocsp-serve: error: %s\n", db.error().message.c_str());
            return server::httpText(500, "Internal Server Error", "the CA database cannot be read\n");
        }
        auto response = responder.respond(
            std::as_bytes(std::span(der.constData(), static_cast<std::size_t>(der.size()))), **db, now());
        if (!response) {
            std::fprintf(err, "sandi ca ocsp-serve: error: %s\n", response.error().message.c_str());
            return server::httpText(500, "Internal Server Error", "the responder could not answer\n");
        }
        server::HttpReply reply{
            200,
            "OK",
            "application/ocsp-response",
            QByteArray(reinterpret_cast<const char*>(response->data()), static_cast<qsizetype>(response->size())),
            {}};
        // RFC 5019 §6.2: a GET answer may be cached until it is due to be renewed.
        const auto status = ocspResponseStatus(*response);
        if (cacheable && status && *status == OcspResponseStatus::Successful)
            reply.extraHeaders = "Cache-Control: max-age=" + QByteArray::number(maxAge) + ", public\r\n";
        return reply;
    };
    server::HttpEndpoint http(
        [&](const server::HttpRequest& r) -> server::HttpReply {
            if (r.method == "POST") {
                if (!r.contentType.startsWith("application/ocsp-request"))
                    return server::httpText(415, "Unsupported Media Type", "expected application/ocsp-request\n");
                return answer(r.body, false);
            }
            if (r.method != "GET") return server::httpText(405, "Method Not Allowed", "GET or POST an OCSPRequest\n");
            if (r.target == "/health") return server::httpText(200, "OK", "ok\n");
            auto der = requestFromGetTarget(r.target);
            // Not base64: still an OCSP answer, malformedRequest (RFC 6960 §2.3).
            return answer(der ? *der : QByteArray(), der.has_value());
        },
        limits);
    SANDI_ASSIGN(port, http.listen(listenAt.first, listenAt.second));
    std::fprintf(out, "listening on http://%s:%u/\n", listenAt.first.toString().toUtf8().constData(),
                 static_cast<unsigned>(port));
    std::fflush(out);
    QCoreApplication::exec();
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
    else if (sub == "config")
        s = config(rest, out, err);
    else if (sub == "ocsp-serve")
        s = ocspServe(rest, out, err);
    if (!s) {
        std::fprintf(err, "sandi ca %.*s: error: %s\n", static_cast<int>(sub.size()), sub.data(),
                     s.error().message.c_str());
        return kExitError;
    }
    return kExitOk;
}

} // namespace sandi::client::cli
