// SPDX-License-Identifier: GPL-3.0-or-later
// OCSP responses from outside (/DSS /OCSPs, CMS revocation attributes, `sandi verify
// --ocsp`): parsed as OCSPResponse, BasicOCSPResponse or a file, asked for the status of
// the certificates they carry and checked for their responder; and the CMS revocation
// evidence reader (adbe-revocationInfoArchival, CAdES revocation values, RFC 5940).
#include "sandi/sign/cms.h"

#include <cstddef>
#include <cstdint>

namespace {

void query(const sandi::crypto::OcspResponse& r)
{
    using namespace sandi::crypto;
    (void)r.responderId();
    (void)r.producedAt();
    const std::vector<Certificate> certs = r.certificates();
    for (const Certificate& c : certs) {
        for (const Certificate& issuer : certs)
            if (auto st = r.statusOf(c, issuer)) (void)ocspCertStatusName(st->status);
        (void)r.checkResponder(c, certs);
    }
    (void)r.basicDer();
    (void)r.responseDer();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
    using namespace sandi::crypto;
    const auto bytes = std::as_bytes(std::span(data, size));
    if (auto r = OcspResponse::fromDer(bytes)) query(*r);
    if (auto r = OcspResponse::fromBasicDer(bytes)) query(*r);
    if (auto r = OcspResponse::parse(bytes)) query(*r);
    auto evidence = cmsRevocationEvidence(bytes);
    for (const auto& r : evidence.ocsps)
        query(r);
    return 0;
}
