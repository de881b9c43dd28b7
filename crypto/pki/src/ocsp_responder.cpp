// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/ocsp_responder.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/cert_builder.h"
#include "sandi/pki/x509.h"

#include <openssl/ocsp.h>
#include <openssl/x509v3.h>

#include <sys/stat.h>

namespace sandi::crypto {
namespace {

using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, ossl::Deleter<OCSP_REQUEST, OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, ossl::Deleter<OCSP_CERTID, OCSP_CERTID_free>>;
using GeneralizedTimePtr =
    std::unique_ptr<ASN1_GENERALIZEDTIME, ossl::Deleter<ASN1_GENERALIZEDTIME, ASN1_GENERALIZEDTIME_free>>;

Result<std::vector<std::byte>> encode(OCSP_RESPONSE* response)
{
    unsigned char* der = nullptr;
    const int n = i2d_OCSP_RESPONSE(response, &der);
    if (n <= 0) return fail(ossl::lastError("encoding an OCSP response"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);
    return out;
}

Result<GeneralizedTimePtr> generalizedTime(TimePoint t)
{
    GeneralizedTimePtr g(ASN1_GENERALIZEDTIME_set(nullptr, std::chrono::system_clock::to_time_t(t)));
    if (!g) return fail(ossl::lastError("encoding an OCSP time"));
    return g;
}

bool hasNoCheck(X509* cert)
{
    return X509_get_ext_by_NID(cert, NID_id_pkix_OCSP_noCheck, -1) >= 0;
}

Status checkValidAt(X509* cert, TimePoint now, const char* what)
{
    auto notBefore = asn1TimeToTimePoint(X509_get0_notBefore(cert));
    auto notAfter = asn1TimeToTimePoint(X509_get0_notAfter(cert));
    if (!notBefore || !notAfter) return fail(ErrorCode::InvalidInput, std::string(what) + " has unreadable validity");
    if (now < *notBefore || now > *notAfter)
        return fail(ErrorCode::Policy, std::string(what) + " is not valid now (valid " + formatUtc(*notBefore) +
                                           " to " + formatUtc(*notAfter) + ")");
    return {};
}

} // namespace

Result<OcspResponder> OcspResponder::create(ossl::X509Ptr ca, ossl::X509Ptr signer, ossl::PkeyPtr key,
                                            std::chrono::seconds validity, TimePoint now)
{
    if (!ca || !signer || !key)
        return fail(ErrorCode::InvalidArgument, "the OCSP responder needs a CA, a signer, a key");
    if (validity.count() <= 0 || validity > kMaxOcspValidity)
        return fail(ErrorCode::InvalidArgument, "OCSP response validity must be between 1 second and 7 days");
    if (X509_check_private_key(signer.get(), key.get()) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidArgument, "the OCSP signing key does not belong to the responder certificate");
    }
    if (X509_cmp(ca.get(), signer.get()) != 0) {
        // A delegated responder (RFC 6960 §4.2.2.2): issued by this very CA, for OCSP signing.
        EVP_PKEY* caKey = X509_get0_pubkey(ca.get());
        if (X509_check_issued(ca.get(), signer.get()) != X509_V_OK || caKey == nullptr ||
            X509_verify(signer.get(), caKey) != 1) {
            ossl::clearErrors();
            return fail(ErrorCode::Policy, "the responder certificate " + subjectString(signer.get()) +
                                               " was not issued by the CA " + subjectString(ca.get()));
        }
        if ((X509_get_extension_flags(signer.get()) & EXFLAG_XKUSAGE) == 0 ||
            (X509_get_extended_key_usage(signer.get()) & XKU_OCSP_SIGN) == 0)
            return fail(ErrorCode::Policy, "the responder certificate has no extended key usage id-kp-OCSPSigning");
        if (!hasNoCheck(signer.get()))
            return fail(ErrorCode::Policy, "the responder certificate has no id-pkix-ocsp-nocheck extension");
        SANDI_TRY(checkValidAt(signer.get(), now, "the responder certificate"));
    }
    OcspResponder r;
    r.m_ca = std::move(ca);
    r.m_signer = std::move(signer);
    r.m_key = std::move(key);
    r.m_validity = validity;
    return r;
}

Result<std::vector<std::byte>> OcspResponder::unsignedAnswer(OcspResponseStatus status) const
{
    OcspResponsePtr response(OCSP_response_create(static_cast<int>(status), nullptr));
    if (!response) return fail(ossl::lastError("building an OCSP response"));
    return encode(response.get());
}

Result<std::vector<std::byte>> OcspResponder::respond(std::span<const std::byte> request, const CaDatabase& db,
                                                      TimePoint now) const
{
    if (request.empty() || request.size() > kMaxOcspRequestBytes)
        return unsignedAnswer(OcspResponseStatus::MalformedRequest);
    const auto* p = reinterpret_cast<const unsigned char*>(request.data());
    const auto* end = p + request.size();
    OcspRequestPtr req(d2i_OCSP_REQUEST(nullptr, &p, static_cast<long>(request.size())));
    if (!req || p != end) { // trailing bytes: not one DER request
        ossl::clearErrors();
        return unsignedAnswer(OcspResponseStatus::MalformedRequest);
    }
    const int count = OCSP_request_onereq_count(req.get());
    if (count <= 0 || static_cast<std::size_t>(count) > kMaxOcspRequestEntries)
        return unsignedAnswer(OcspResponseStatus::MalformedRequest);
    if (!checkValidAt(m_signer.get(), now, "the responder certificate")) // expired: a new one is due
        return unsignedAnswer(OcspResponseStatus::InternalError);

    OcspBasicPtr basic(OCSP_BASICRESP_new());
    if (!basic) return fail(ossl::lastError("building an OCSP response"));
    const TimePoint thisUpdate = std::chrono::time_point_cast<std::chrono::seconds>(now);
    SANDI_ASSIGN(thisTime, generalizedTime(thisUpdate));
    SANDI_ASSIGN(nextTime, generalizedTime(thisUpdate + m_validity));
    for (int i = 0; i < count; ++i) {
        OCSP_CERTID* id = OCSP_onereq_get0_id(OCSP_request_onereq_get0(req.get(), i));
        ASN1_OBJECT* mdOid = nullptr;
        ASN1_INTEGER* serial = nullptr;
        if (OCSP_id_get0_info(nullptr, &mdOid, nullptr, &serial, id) != 1 || mdOid == nullptr || serial == nullptr)
            return unsignedAnswer(OcspResponseStatus::MalformedRequest);
        const EVP_MD* md = EVP_get_digestbyobj(mdOid);
        if (md == nullptr) { // a hash we cannot compute: we cannot tell whose certificate this is
            ossl::clearErrors();
            return unsignedAnswer(OcspResponseStatus::MalformedRequest);
        }
        OcspCertIdPtr ours(
            OCSP_cert_id_new(md, X509_get_subject_name(m_ca.get()), X509_get0_pubkey_bitstr(m_ca.get()), serial));
        if (!ours) return fail(ossl::lastError("hashing the CA for OCSP"));
        if (OCSP_id_issuer_cmp(ours.get(), id) != 0) return unsignedAnswer(OcspResponseStatus::Unauthorized);

        int status = V_OCSP_CERTSTATUS_UNKNOWN;
        int reason = OCSP_REVOKED_STATUS_NOSTATUS;
        ossl::Asn1TimePtr revokedAt;
        // A negative serial was never issued here: its hex matches no record.
        const CaRecord* record = ASN1_STRING_type(serial) == V_ASN1_INTEGER ? db.find(serialHex(serial)) : nullptr;
        if (record != nullptr && record->revoked()) {
            status = V_OCSP_CERTSTATUS_REVOKED;
            // RFC 5280 §5.3.1: unspecified is left out rather than said, as in the CRL.
            if (record->reason != RevocationReason::Unspecified) reason = static_cast<int>(record->reason);
            revokedAt.reset(
                ASN1_GENERALIZEDTIME_set(nullptr, std::chrono::system_clock::to_time_t(*record->revokedAt)));
            if (!revokedAt) return fail(ossl::lastError("encoding a revocation time"));
        } else if (record != nullptr) {
            status = V_OCSP_CERTSTATUS_GOOD;
        }
        if (OCSP_basic_add1_status(basic.get(), id, status, reason, revokedAt.get(), thisTime.get(), nextTime.get()) ==
            nullptr)
            return fail(ossl::lastError("adding an OCSP single response"));
    }
    if (OCSP_copy_nonce(basic.get(), req.get()) <= 0) return fail(ossl::lastError("echoing the OCSP nonce"));
    // RFC 5019 §2.2.3: the responder is named by its key hash. producedAt is OpenSSL's clock.
    if (OCSP_basic_sign(basic.get(), m_signer.get(), m_key.get(), digestForKey(m_key.get()), nullptr,
                        OCSP_RESPID_KEY) != 1)
        return fail(ossl::lastError("signing the OCSP response"));
    OcspResponsePtr response(OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()));
    if (!response) return fail(ossl::lastError("building an OCSP response"));
    return encode(response.get());
}

Result<std::shared_ptr<const CaDatabase>> CaDatabaseReader::current()
{
    struct stat st {};
    if (::stat(m_path.c_str(), &st) != 0) {
        m_problem = "cannot read " + m_path.string() + "; answering from the last good copy";
        if (m_db) return m_db;
        return fail(ErrorCode::NotFound, "cannot read the CA database " + m_path.string());
    }
    const long long mtimeNs = static_cast<long long>(st.st_mtim.tv_sec) * 1'000'000'000LL + st.st_mtim.tv_nsec;
    if (m_db && static_cast<long long>(st.st_ino) == m_inode && static_cast<long long>(st.st_size) == m_size &&
        mtimeNs == m_mtimeNs)
        return m_db;
    auto text = readTextFile(m_path, kMaxCaDatabaseBytes);
    if (!text) {
        m_problem = text.error().message + "; answering from the last good copy";
        if (m_db) return m_db;
        return fail(text.error());
    }
    auto parsed = CaDatabase::parse(*text);
    if (!parsed) {
        m_problem = parsed.error().context(m_path.string()).message + "; answering from the last good copy";
        if (m_db) return m_db; // keep answering from the last good one
        return fail(parsed.error().context(m_path.string()));
    }
    m_db = std::make_shared<const CaDatabase>(std::move(*parsed));
    m_inode = static_cast<long long>(st.st_ino);
    m_size = static_cast<long long>(st.st_size);
    m_mtimeNs = mtimeNs;
    return m_db;
}

Result<OcspResponseStatus> ocspResponseStatus(std::span<const std::byte> response)
{
    const auto* p = reinterpret_cast<const unsigned char*>(response.data());
    OcspResponsePtr r(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(response.size())));
    if (!r) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "not an OCSP response");
    }
    return static_cast<OcspResponseStatus>(OCSP_response_status(r.get()));
}

} // namespace sandi::crypto
