// SPDX-License-Identifier: GPL-3.0-or-later
// Makes N distinct signed PDFs for the bulk-verification benchmark:
//   bench_make_signed_corpus BASE.pdf SIGNER.p12 PASSFILE N OUTDIR
//       B-B signatures (the verifier is given the CRLs)
//   bench_make_signed_corpus BASE.pdf SIGNER.p12 PASSFILE N OUTDIR --ocsp TSA.p12 CA_DIR RESPONDER.p12 ...
//       B-LT signatures whose revocation evidence is OCSP only: a signature time-stamp from
//       TSA.p12 (a TimeStampAuthority in this process), then a /DSS with the chain's
//       certificates and, for every certificate of the signer's and the TSA's chains below
//       the root, an OCSP response made after the time-stamp by the OCSP responder
//       (ocsp_responder.h) of its issuing CA: CA_DIR's certificate and database, signed by
//       the delegated responder RESPONDER.p12 (`sandi ca issue --profile ocsp`). Every
//       request carries a nonce, so every file has its own responses, as files signed
//       at different times do. All the .p12 files open with PASSFILE.
#include "sandi/core/atomic_file.h"
#include "sandi/core/random.h"
#include "sandi/pades/pades.h"
#include "sandi/pki/ca.h"
#include "sandi/pki/ca_database.h"
#include "sandi/pki/ocsp_responder.h"
#include "sandi/pki/x509.h"

#include <openssl/ocsp.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace {

using namespace sandi;
using namespace sandi::crypto;

TimePoint now()
{
    return std::chrono::system_clock::now();
}

struct Issuer {
    Certificate certificate;
    OcspResponder responder;
    CaDatabase database;
};

Result<Issuer> openIssuer(const std::filesystem::path& caDir, const std::filesystem::path& responderP12,
                          const SecureBuffer& pass)
{
    SANDI_ASSIGN(caPem, readFile(CertificateAuthority::certificatePath(caDir), 1 << 20));
    SANDI_ASSIGN(caCert, parseCertificate(caPem));
    SANDI_ASSIGN(dbText, readTextFile(CertificateAuthority::databasePath(caDir), 64 << 20));
    SANDI_ASSIGN(db, CaDatabase::parse(dbText));
    SANDI_ASSIGN(p12, readFile(responderP12, 1 << 20));
    SANDI_ASSIGN(contents, parsePkcs12(p12, pass));
    Certificate ca(ossl::upRef(caCert.get()));
    SANDI_ASSIGN(responder, OcspResponder::create(std::move(caCert), std::move(contents.certificate),
                                                  std::move(contents.key), kDefaultOcspValidity, now()));
    return Issuer{std::move(ca), std::move(responder), std::move(db)};
}

// A DER OCSPRequest for `cert` (issued by `issuer`), with a nonce, as fetchOcsp sends it.
Result<std::vector<std::byte>> ocspRequest(const Certificate& cert, const Certificate& issuer)
{
    std::unique_ptr<OCSP_REQUEST, decltype(&OCSP_REQUEST_free)> request(OCSP_REQUEST_new(), &OCSP_REQUEST_free);
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert.native(), issuer.native());
    if (!request || id == nullptr || OCSP_request_add0_id(request.get(), id) == nullptr) {
        OCSP_CERTID_free(id);
        return fail(ErrorCode::Crypto, "building an OCSP request");
    }
    if (OCSP_request_add1_nonce(request.get(), nullptr, -1) != 1)
        return fail(ErrorCode::Crypto, "adding an OCSP nonce");
    unsigned char* der = nullptr;
    const int n = i2d_OCSP_REQUEST(request.get(), &der);
    if (n <= 0) return fail(ErrorCode::Crypto, "encoding an OCSP request");
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);
    return out;
}

std::string trimmed(std::string s)
{
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
        s.pop_back();
    return s;
}

int usage()
{
    std::fprintf(stderr, "usage: bench_make_signed_corpus BASE.pdf SIGNER.p12 PASSFILE N OUTDIR "
                         "[--ocsp TSA.p12 CA_DIR RESPONDER.p12 [CA_DIR RESPONDER.p12]...]\n");
    return 2;
}

int report(const Error& e)
{
    std::fprintf(stderr, "bench_make_signed_corpus: %s\n", e.message.c_str());
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 6 && (argc < 10 || std::string(argv[6]) != "--ocsp" || (argc - 8) % 2 != 0)) return usage();
    initialise();
    auto base = readFile(argv[1], 1 << 30);
    auto p12 = readFile(argv[2], 1 << 20);
    auto passText = readTextFile(argv[3], 1024);
    if (!base) return report(base.error());
    if (!p12) return report(p12.error());
    if (!passText) return report(passText.error());
    const SecureBuffer pass = SecureBuffer::fromString(trimmed(*passText));
    auto signer = KeySigner::fromPkcs12(*p12, pass);
    if (!signer) return report(signer.error());
    const int n = std::stoi(argv[4]);
    const std::filesystem::path outDir = argv[5];

    // --ocsp: the TSA and the responders.
    SystemRandom rng;
    std::optional<TimeStampAuthority> tsa;
    std::optional<LocalTimeStamper> stamper;
    std::vector<Issuer> issuers;
    std::vector<Certificate> needEvidence; // below the root: the signer's chain, the TSA's
    std::vector<Certificate> dssCertificates;
    if (argc > 6) {
        auto tsaP12 = readFile(argv[7], 1 << 20);
        if (!tsaP12) return report(tsaP12.error());
        auto tsaContents = parsePkcs12(*tsaP12, pass);
        if (!tsaContents) return report(tsaContents.error());
        std::vector<Certificate> tsaChain{Certificate(ossl::upRef(tsaContents->certificate.get()))};
        for (const auto& c : tsaContents->chain)
            tsaChain.emplace_back(ossl::upRef(c.get()));
        auto created = TimeStampAuthority::create(std::move(tsaContents->certificate), std::move(tsaContents->key),
                                                  std::move(tsaContents->chain), std::string(kOidSandiTsaPolicy));
        if (!created) return report(created.error());
        tsa.emplace(std::move(*created));
        stamper.emplace(*tsa, rng, []() -> TimePoint { return now(); });
        for (int i = 8; i + 1 < argc; i += 2) {
            auto issuer = openIssuer(argv[i], argv[i + 1], pass);
            if (!issuer) return report(issuer.error());
            issuers.push_back(std::move(*issuer));
        }
        std::vector<Certificate> all{Certificate(ossl::upRef(signer->certificate()))};
        for (X509* c : signer->chain())
            all.emplace_back(ossl::upRef(c));
        dssCertificates = all;
        all.insert(all.end(), tsaChain.begin(), tsaChain.end());
        for (const auto& c : all) {
            if (c.subject() == c.issuer()) continue; // the root: a trust anchor needs no evidence
            bool seen = false;
            for (const auto& e : needEvidence)
                seen = seen || e.der() == c.der();
            if (!seen) needEvidence.push_back(c);
        }
        dssCertificates.push_back(tsaChain.front());
    }

    std::filesystem::create_directories(outDir);
    for (int i = 0; i < n; ++i) {
        PadesSignOptions o;
        o.signingTime = now();
        o.reason = "Benchmark " + std::to_string(i);
        if (stamper) {
            o.level = PadesLevel::BT;
            o.timeStamper = &*stamper;
        }
        auto update = padesSign(*base, *signer, o);
        if (!update) return report(update.error());
        std::vector<std::byte> whole(base->begin(), base->end());
        whole.insert(whole.end(), update->begin(), update->end());
        if (stamper) {
            // B-LT: evidence gathered after the time-stamp, then the /DSS (padesSign's B-LT
            // would take it before signing).
            std::vector<std::vector<std::byte>> responses;
            for (const auto& c : needEvidence) {
                const Issuer* by = nullptr;
                for (const auto& is : issuers)
                    if (is.certificate.subject() == c.issuer()) by = &is;
                if (by == nullptr) {
                    std::fprintf(stderr, "bench_make_signed_corpus: no responder for the issuer of %s\n",
                                 c.subject().c_str());
                    return 2;
                }
                auto request = ocspRequest(c, by->certificate);
                if (!request) return report(request.error());
                auto response = by->responder.respond(*request, by->database, now());
                if (!response) return report(response.error());
                auto status = ocspResponseStatus(*response);
                if (!status || *status != OcspResponseStatus::Successful) {
                    std::fprintf(stderr, "bench_make_signed_corpus: the responder refused %s\n", c.subject().c_str());
                    return 2;
                }
                responses.push_back(std::move(*response));
            }
            auto dss = padesAddDss(whole, dssCertificates, {}, responses);
            if (!dss) return report(dss.error());
            whole.insert(whole.end(), dss->begin(), dss->end());
        }
        char name[32];
        std::snprintf(name, sizeof name, "doc-%05d.pdf", i);
        if (auto written = writeFileAtomically(outDir / name, std::span<const std::byte>(whole), FileMode::Public);
            !written)
            return report(written.error());
    }
    return 0;
}
