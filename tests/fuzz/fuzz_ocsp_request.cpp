// SPDX-License-Identifier: GPL-3.0-or-later
// The OCSP responder on arbitrary requests (what `sandi ca ocsp-serve` receives over HTTP):
// it always answers with a DER OCSPResponse, never crashes, never errs.
#include "../support/seeded_random.h"
#include "sandi/pki/cert_builder.h"
#include "sandi/pki/ocsp_responder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace {

const auto kNow = std::chrono::system_clock::from_time_t(1'800'000'000);

struct Fixture {
    std::optional<sandi::crypto::OcspResponder> responder;
    sandi::crypto::CaDatabase db;
};

const Fixture& fixture()
{
    using namespace sandi::crypto;
    static Fixture f = [] {
        initialise();
        sandi::test::SeededRandom rng(11);
        auto caKey = generateKey(KeyType::P256).value();
        CertificateTemplate ca;
        ca.profile = Profile::RootCa;
        ca.subject = {"ID", "Fuzz", "", "Fuzz Root", "", ""};
        ca.subjectKey = caKey.get();
        ca.notBefore = kNow - std::chrono::hours(24);
        ca.notAfter = kNow + std::chrono::hours(24 * 365);
        auto caCert = signCertificate(ca, randomSerial(rng).value().get(), nullptr, caKey.get()).value();
        auto key = generateKey(KeyType::P256).value();
        CertificateTemplate t = ca;
        t.profile = Profile::Ocsp;
        t.subject.commonName = "Fuzz OCSP";
        t.subjectKey = key.get();
        auto cert = signCertificate(t, randomSerial(rng).value().get(), caCert.get(), caKey.get()).value();
        Fixture out;
        // Two records, one revoked, with small serials a mutated request can hit.
        for (const char* serial : {"01", "02"}) {
            CaRecord r;
            r.serial = serial;
            r.notBefore = kNow - std::chrono::hours(1);
            r.notAfter = kNow + std::chrono::hours(1);
            r.certificateSha256 = std::string(64, 'A');
            r.subject = "CN=x";
            if (serial[1] == '2') r.revokedAt = kNow;
            (void)out.db.add(r);
        }
        out.responder.emplace(
            OcspResponder::create(std::move(caCert), std::move(cert), std::move(key), kDefaultOcspValidity, kNow)
                .value());
        return out;
    }();
    return f;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    const Fixture& f = fixture();
    auto response = f.responder->respond(std::as_bytes(std::span(data, size)), f.db, kNow);
    if (!response || !sandi::crypto::ocspResponseStatus(*response)) std::abort(); // always an OCSPResponse
    return 0;
}
