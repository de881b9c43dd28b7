// SPDX-License-Identifier: GPL-3.0-or-later
// The TSA responder on arbitrary requests (what sandi-tsa receives over HTTP).
#include "../support/seeded_random.h"
#include "sandi/pki/cert_builder.h"
#include "sandi/sign/tsp.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <optional>

namespace {

const sandi::crypto::TimeStampAuthority& authority()
{
    using namespace sandi::crypto;
    static std::optional<TimeStampAuthority> tsa = [] {
        initialise();
        sandi::test::SeededRandom rng(7);
        const auto now = std::chrono::system_clock::from_time_t(1'800'000'000);
        auto caKey = generateKey(KeyType::P256).value();
        CertificateTemplate ca;
        ca.profile = Profile::RootCa;
        ca.subject = {"ID", "Fuzz", "", "Fuzz Root", "", ""};
        ca.subjectKey = caKey.get();
        ca.notBefore = now - std::chrono::hours(24);
        ca.notAfter = now + std::chrono::hours(24 * 365);
        auto caCert = signCertificate(ca, randomSerial(rng).value().get(), nullptr, caKey.get()).value();
        auto key = generateKey(KeyType::P256).value();
        CertificateTemplate t = ca;
        t.profile = Profile::Tsa;
        t.subject.commonName = "Fuzz TSA";
        t.subjectKey = key.get();
        auto cert = signCertificate(t, randomSerial(rng).value().get(), caCert.get(), caKey.get()).value();
        std::vector<ossl::X509Ptr> chain;
        chain.push_back(std::move(caCert));
        return std::optional<TimeStampAuthority>(TimeStampAuthority::create(std::move(cert), std::move(key),
                                                                            std::move(chain),
                                                                            std::string(kOidSandiTsaPolicy))
                                                     .value());
    }();
    return *tsa;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    sandi::test::SeededRandom rng(size);
    auto response = authority().respond(std::as_bytes(std::span(data, size)),
                                        std::chrono::system_clock::from_time_t(1'800'000'000), rng);
    if (!response) std::abort(); // the responder always answers, with a rejection if need be
    return 0;
}
