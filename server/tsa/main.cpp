// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-tsa: the time-stamping authority on its own (the relay also serves it).
//   sandi-tsa --key TSA.p12 [--pass-file F | --pass-env VAR] [--listen ADDRESS] [--port N] [--policy OID]
// Prints "listening on http://ADDRESS:PORT/" once it accepts requests.
#include "tsa_http_server.h"

#include "sandi/core/atomic_file.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/pki/x509.h"

#include <QCommandLineParser>
#include <QCoreApplication>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>

using namespace sandi;

namespace {

Result<crypto::SecureBuffer> passphraseFrom(const QCommandLineParser& p)
{
    if (p.isSet("pass-env")) {
        const QByteArray name = p.value("pass-env").toUtf8();
        char* v = std::getenv(name.constData());
        if (v == nullptr)
            return fail(ErrorCode::InvalidArgument, "environment variable " + name.toStdString() + " is not set");
        auto out = crypto::SecureBuffer::fromString(v);
        crypto::secureWipe(std::as_writable_bytes(std::span(v, std::strlen(v))));
        ::unsetenv(name.constData());
        return out;
    }
    if (p.isSet("pass-file")) {
        SANDI_ASSIGN(text, crypto::readTextFile(p.value("pass-file").toStdString(), 1024));
        std::string_view line = text;
        if (auto nl = line.find('\n'); nl != std::string_view::npos) line = line.substr(0, nl);
        auto out = crypto::SecureBuffer::fromString(line);
        crypto::secureWipe(std::as_writable_bytes(std::span(text.data(), text.size())));
        return out;
    }
    return fail(ErrorCode::InvalidArgument, "give the key's passphrase with --pass-file or --pass-env");
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName("sandi-tsa");
    crypto::initialise();
    QCommandLineParser p;
    p.setApplicationDescription("Sandi's RFC 3161 time-stamping authority over HTTP");
    p.addHelpOption();
    p.addOption({"key", "TSA certificate and key (PKCS#12).", "file"});
    p.addOption({"pass-file", "File holding the PKCS#12 passphrase.", "file"});
    p.addOption({"pass-env", "Environment variable holding the PKCS#12 passphrase.", "name"});
    p.addOption({"listen", "Address to listen on (default 127.0.0.1).", "address", "127.0.0.1"});
    p.addOption({"port", "Port (default 3161; 0 picks a free one).", "port", "3161"});
    p.addOption({"policy", "TSA policy OID.", "oid", QString::fromStdString(std::string(crypto::kOidSandiTsaPolicy))});
    p.process(app);
    auto die = [](const std::string& m) {
        std::fprintf(stderr, "sandi-tsa: error: %s\n", m.c_str());
        return 2;
    };
    if (!p.isSet("key")) return die("--key TSA.p12 is required");
    auto p12 = crypto::readFile(p.value("key").toStdString(), crypto::kMaxX509InputBytes);
    if (!p12) return die(p12.error().message);
    auto pass = passphraseFrom(p);
    if (!pass) return die(pass.error().message);
    auto contents = crypto::parsePkcs12(*p12, *pass);
    if (!contents) return die(contents.error().message);
    auto tsa = crypto::TimeStampAuthority::create(std::move(contents->certificate), std::move(contents->key),
                                                  std::move(contents->chain), p.value("policy").toStdString());
    if (!tsa) return die(tsa.error().message);
    crypto::SystemRandom rng;
    server::TsaHttpServer http(*tsa, rng, [] { return std::chrono::system_clock::now(); });
    bool ok = false;
    const uint port = p.value("port").toUInt(&ok);
    if (!ok || port > 65535) return die("invalid --port");
    const QHostAddress address(p.value("listen"));
    if (address.isNull()) return die("invalid --listen address");
    auto bound = http.listen(address, static_cast<quint16>(port));
    if (!bound) return die(bound.error().message);
    std::printf("listening on http://%s:%u/\n", address.toString().toUtf8().constData(), static_cast<unsigned>(*bound));
    std::fflush(stdout);
    return QCoreApplication::exec();
}
