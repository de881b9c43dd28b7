// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/ocsp.h"

#include "sandi/pki/signature_memo.h"
#include "sandi/pki/x509.h"

#include <openssl/objects.h>
#include <openssl/pem.h>

#include <algorithm>
#include <array>
#include <string_view>

namespace sandi::crypto {
namespace {

using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, ossl::Deleter<OCSP_CERTID, OCSP_CERTID_free>>;
using GeneralizedTimePtr =
    std::unique_ptr<ASN1_GENERALIZEDTIME, ossl::Deleter<ASN1_GENERALIZEDTIME, ASN1_GENERALIZEDTIME_free>>;

constexpr std::string_view kPemBegin = "-----BEGIN";

Status checkSize(std::span<const std::byte> der)
{
    if (der.empty()) return fail(ErrorCode::InvalidInput, "empty OCSP response");
    if (der.size() > kMaxOcspResponseBytes)
        return fail(ErrorCode::InvalidInput,
                    "OCSP response larger than " + std::to_string(kMaxOcspResponseBytes) + " bytes");
    return {};
}

const char* responseStatusName(int status) noexcept
{
    switch (status) {
    case OCSP_RESPONSE_STATUS_MALFORMEDREQUEST:
        return "malformedRequest";
    case OCSP_RESPONSE_STATUS_INTERNALERROR:
        return "internalError";
    case OCSP_RESPONSE_STATUS_TRYLATER:
        return "tryLater";
    case OCSP_RESPONSE_STATUS_SIGREQUIRED:
        return "sigRequired";
    case OCSP_RESPONSE_STATUS_UNAUTHORIZED:
        return "unauthorized";
    default:
        return "an unknown status";
    }
}

bool sameKey(X509* a, X509* b)
{
    return EVP_PKEY_eq(X509_get0_pubkey(a), X509_get0_pubkey(b)) == 1;
}

// The ResponderID names `cert` (byName: its subject; byKey: SHA-1 of its public key).
bool responderIdMatches(OCSP_BASICRESP* bs, X509* cert)
{
    const ASN1_OCTET_STRING* keyHash = nullptr;
    const X509_NAME* name = nullptr;
    if (OCSP_resp_get0_id(bs, &keyHash, &name) != 1) return false;
    if (name != nullptr) return X509_NAME_cmp(name, X509_get_subject_name(cert)) == 0;
    if (keyHash == nullptr) return false;
    std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
    unsigned len = 0;
    if (X509_pubkey_digest(cert, EVP_sha1(), md.data(), &len) != 1) {
        ossl::clearErrors();
        return false;
    }
    return static_cast<int>(len) == ASN1_STRING_length(keyHash) &&
           std::equal(md.begin(), md.begin() + len, ASN1_STRING_get0_data(keyHash));
}

bool signatureVerifies(OCSP_BASICRESP* bs, X509* signer)
{
    EVP_PKEY* key = X509_get0_pubkey(signer);
    if (key == nullptr) return false;
    ossl::clearErrors();
    const int ok = ASN1_item_verify(ASN1_ITEM_rptr(OCSP_RESPDATA), OCSP_resp_get0_tbs_sigalg(bs),
                                    OCSP_resp_get0_signature(bs), OCSP_resp_get0_respdata(bs), key);
    ossl::clearErrors();
    return ok == 1;
}

bool hasOcspSigningEku(X509* cert)
{
    ossl::ExtKeyUsagePtr eku(
        static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr)));
    if (!eku) return false;
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku.get()); ++i)
        if (OBJ_obj2nid(sk_ASN1_OBJECT_value(eku.get(), i)) == NID_OCSP_sign) return true;
    return false;
}

std::string describe(X509* cert)
{
    return "'" + subjectString(cert) + "'";
}

} // namespace

const char* ocspCertStatusName(OcspCertStatus status) noexcept
{
    switch (status) {
    case OcspCertStatus::Good:
        return "good";
    case OcspCertStatus::Revoked:
        return "revoked";
    case OcspCertStatus::Unknown:
        return "unknown";
    }
    return "unknown";
}

OcspResponse::OcspResponse(std::shared_ptr<OCSP_BASICRESP> basic, TimePoint producedAt)
    : m_basic(std::move(basic)), m_producedAt(producedAt)
{
}

Result<OcspResponse> OcspResponse::fromBasicDer(std::span<const std::byte> der)
{
    SANDI_TRY(checkSize(der));
    ossl::clearErrors();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    OcspBasicPtr bs(d2i_OCSP_BASICRESP(nullptr, &p, static_cast<long>(der.size())));
    if (!bs) return fail(ossl::lastError("not a DER BasicOCSPResponse", ErrorCode::InvalidInput));
    if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size())
        return fail(ErrorCode::InvalidInput, "trailing data after the BasicOCSPResponse");
    const ASN1_GENERALIZEDTIME* produced = OCSP_resp_get0_produced_at(bs.get());
    auto at = asn1TimeToTimePoint(produced);
    if (!at) return fail(ErrorCode::InvalidInput, "the OCSP response has an unreadable producedAt");
    if (OCSP_resp_count(bs.get()) > kMaxOcspSingleResponses)
        return fail(ErrorCode::InvalidInput,
                    "the OCSP response has more than " + std::to_string(kMaxOcspSingleResponses) + " single responses");
    return OcspResponse(std::shared_ptr<OCSP_BASICRESP>(bs.release(), OCSP_BASICRESP_free), *at);
}

Result<OcspResponse> OcspResponse::fromDer(std::span<const std::byte> der)
{
    SANDI_TRY(checkSize(der));
    ossl::clearErrors();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    OcspResponsePtr resp(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
    if (!resp) return fail(ossl::lastError("not a DER OCSPResponse", ErrorCode::InvalidInput));
    if (p != reinterpret_cast<const unsigned char*>(der.data()) + der.size())
        return fail(ErrorCode::InvalidInput, "trailing data after the OCSPResponse");
    const int status = OCSP_response_status(resp.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return fail(ErrorCode::InvalidInput,
                    std::string("the OCSP responder answered ") + responseStatusName(status) + ", not successful");
    OcspBasicPtr bs(OCSP_response_get1_basic(resp.get()));
    if (!bs) return fail(ossl::lastError("the OCSP response is not a basic response", ErrorCode::InvalidInput));
    unsigned char* buf = nullptr;
    const int n = i2d_OCSP_BASICRESP(bs.get(), &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the BasicOCSPResponse"));
    std::vector<std::byte> basic(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return fromBasicDer(basic);
}

Result<OcspResponse> OcspResponse::parse(std::span<const std::byte> pemOrDer)
{
    SANDI_TRY(checkSize(pemOrDer));
    std::string_view text(reinterpret_cast<const char*>(pemOrDer.data()), pemOrDer.size());
    text.remove_prefix(std::min(text.size(), text.find_first_not_of(" \t\r\n")));
    if (!text.starts_with(kPemBegin)) {
        auto full = fromDer(pemOrDer);
        if (full) return full;
        auto basic = fromBasicDer(pemOrDer);
        if (basic) return basic;
        return full; // the error of the usual form
    }
    auto bio = ossl::memoryBio(pemOrDer);
    char* name = nullptr;
    char* header = nullptr;
    unsigned char* data = nullptr;
    long len = 0;
    ossl::clearErrors();
    if (!bio || PEM_read_bio(bio.get(), &name, &header, &data, &len) != 1)
        return fail(ossl::lastError("unreadable PEM OCSP response", ErrorCode::InvalidInput));
    const std::string label = name != nullptr ? name : "";
    std::vector<std::byte> der(reinterpret_cast<std::byte*>(data), reinterpret_cast<std::byte*>(data) + len);
    OPENSSL_free(name);
    OPENSSL_free(header);
    OPENSSL_free(data);
    if (label != "OCSP RESPONSE")
        return fail(ErrorCode::InvalidInput, "the PEM block is a " + label + ", not an OCSP RESPONSE");
    return fromDer(der);
}

std::string OcspResponse::responderId() const
{
    const ASN1_OCTET_STRING* keyHash = nullptr;
    const X509_NAME* name = nullptr;
    if (OCSP_resp_get0_id(m_basic.get(), &keyHash, &name) != 1) return "an unnamed responder";
    if (name != nullptr) return nameString(name);
    if (keyHash == nullptr) return "an unnamed responder";
    return "key " + hexUpper(std::span(reinterpret_cast<const std::byte*>(ASN1_STRING_get0_data(keyHash)),
                                       static_cast<std::size_t>(ASN1_STRING_length(keyHash))));
}

std::optional<OcspSingleStatus> OcspResponse::statusOf(const Certificate& cert, const Certificate& issuer) const
{
    OCSP_BASICRESP* bs = m_basic.get();
    const int n = OCSP_resp_count(bs);
    for (int i = 0; i < n && i < kMaxOcspSingleResponses; ++i) {
        OCSP_SINGLERESP* single = OCSP_resp_get0(bs, i);
        if (single == nullptr) continue;
        const OCSP_CERTID* id = OCSP_SINGLERESP_get0_id(single);
        ASN1_OBJECT* mdOid = nullptr;
        if (id == nullptr || OCSP_id_get0_info(nullptr, &mdOid, nullptr, nullptr, const_cast<OCSP_CERTID*>(id)) != 1 ||
            mdOid == nullptr)
            continue;
        const EVP_MD* md = EVP_get_digestbyobj(mdOid);
        if (md == nullptr) continue; // a hash algorithm OpenSSL does not know cannot be matched
        ossl::clearErrors();
        OcspCertIdPtr mine(OCSP_cert_to_id(md, cert.native(), issuer.native()));
        if (!mine) {
            ossl::clearErrors();
            continue;
        }
        if (OCSP_id_cmp(mine.get(), id) != 0) continue;
        int reason = -1;
        ASN1_GENERALIZEDTIME* revTime = nullptr;
        ASN1_GENERALIZEDTIME* thisUpd = nullptr;
        ASN1_GENERALIZEDTIME* nextUpd = nullptr;
        const int status = OCSP_single_get0_status(single, &reason, &revTime, &thisUpd, &nextUpd);
        OcspSingleStatus out;
        auto thisTime = asn1TimeToTimePoint(thisUpd);
        if (!thisTime) continue; // a single response without a readable thisUpdate says nothing
        out.thisUpdate = *thisTime;
        if (nextUpd != nullptr) {
            auto next = asn1TimeToTimePoint(nextUpd);
            if (!next) continue;
            out.nextUpdate = *next;
        }
        switch (status) {
        case V_OCSP_CERTSTATUS_GOOD:
            out.status = OcspCertStatus::Good;
            break;
        case V_OCSP_CERTSTATUS_REVOKED: {
            out.status = OcspCertStatus::Revoked;
            auto t = asn1TimeToTimePoint(revTime);
            if (!t) continue;
            out.revocationTime = *t;
            if (reason >= 0) {
                if (auto r = revocationReasonFromCode(reason)) out.reason = *r;
            }
            break;
        }
        default:
            out.status = OcspCertStatus::Unknown;
            break;
        }
        GeneralizedTimePtr cutoff(static_cast<ASN1_GENERALIZEDTIME*>(
            OCSP_BASICRESP_get1_ext_d2i(bs, NID_id_pkix_OCSP_archiveCutoff, nullptr, nullptr)));
        if (!cutoff)
            cutoff.reset(static_cast<ASN1_GENERALIZEDTIME*>(
                OCSP_SINGLERESP_get1_ext_d2i(single, NID_id_pkix_OCSP_archiveCutoff, nullptr, nullptr)));
        if (cutoff) {
            if (auto c = asn1TimeToTimePoint(cutoff.get())) out.archiveCutoff = *c;
        }
        ossl::clearErrors();
        return out;
    }
    return std::nullopt;
}

Result<OcspSigner> OcspResponse::checkResponder(const Certificate& issuer, std::span<const Certificate> extra) const
{
    OCSP_BASICRESP* bs = m_basic.get();
    X509* ca = issuer.native();
    if (responderIdMatches(bs, ca)) {
        if (!signatureVerifies(bs, ca))
            return fail(ErrorCode::BadSignature,
                        "the OCSP response's signature does not verify with the key of " + describe(ca));
        return OcspSigner{issuer, false, false};
    }
    // A delegated responder: a certificate named by the ResponderID, in the response or given.
    std::vector<Certificate> candidates = certificates();
    candidates.insert(candidates.end(), extra.begin(), extra.end());
    bool named = false;
    std::string refused;
    for (const Certificate& c : candidates) {
        X509* r = c.native();
        if (!responderIdMatches(bs, r)) continue;
        named = true;
        if (X509_NAME_cmp(X509_get_issuer_name(r), X509_get_subject_name(ca)) != 0 ||
            !certificateSignatureVerifies(r, ca)) {
            ossl::clearErrors();
            refused = "the OCSP responder " + describe(r) + " was not issued by " + describe(ca) +
                      ", the certificate's issuer (a responder of another CA may not answer for it)";
            continue;
        }
        if (sameKey(r, ca)) {
            // The CA's own key under another certificate: as good as the CA itself.
            if (!signatureVerifies(bs, r))
                return fail(ErrorCode::BadSignature,
                            "the OCSP response's signature does not verify with the key of " + describe(r));
            return OcspSigner{issuer, false, false};
        }
        if (!hasOcspSigningEku(r)) {
            refused = "the OCSP responder " + describe(r) +
                      " has no extendedKeyUsage id-kp-OCSPSigning: " + describe(ca) + " did not delegate OCSP to it";
            continue;
        }
        auto notBefore = asn1TimeToTimePoint(X509_get0_notBefore(r));
        auto notAfter = asn1TimeToTimePoint(X509_get0_notAfter(r));
        if (!notBefore || !notAfter || m_producedAt < *notBefore || m_producedAt > *notAfter) {
            refused = "the OCSP responder certificate " + describe(r) +
                      " was not valid when the response was produced (" + formatUtc(m_producedAt) + ")";
            continue;
        }
        if (!signatureVerifies(bs, r))
            return fail(ErrorCode::BadSignature,
                        "the OCSP response's signature does not verify with the key of " + describe(r));
        const bool noCheck = X509_get_ext_by_NID(r, NID_id_pkix_OCSP_noCheck, -1) >= 0;
        return OcspSigner{c, true, noCheck};
    }
    if (!refused.empty()) return fail(ErrorCode::Policy, refused);
    if (!named)
        return fail(ErrorCode::Policy, "the OCSP response is signed by " + responderId() + ", neither " + describe(ca) +
                                           " nor a responder certificate at hand");
    return fail(ErrorCode::Policy, "the OCSP responder is not authorised");
}

std::vector<Certificate> OcspResponse::certificates() const
{
    std::vector<Certificate> out;
    const STACK_OF(X509)* certs = OCSP_resp_get0_certs(m_basic.get());
    for (int i = 0; certs != nullptr && i < sk_X509_num(certs); ++i)
        out.emplace_back(ossl::upRef(sk_X509_value(certs, i)));
    return out;
}

std::vector<std::byte> OcspResponse::basicDer() const
{
    unsigned char* buf = nullptr;
    const int n = i2d_OCSP_BASICRESP(m_basic.get(), &buf);
    if (n <= 0) {
        ossl::clearErrors();
        return {};
    }
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

Result<std::vector<std::byte>> OcspResponse::responseDer() const
{
    ossl::clearErrors();
    OcspResponsePtr resp(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, m_basic.get()));
    if (!resp) return fail(ossl::lastError("wrapping the OCSP response"));
    unsigned char* buf = nullptr;
    const int n = i2d_OCSP_RESPONSE(resp.get(), &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the OCSP response"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

} // namespace sandi::crypto
