// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/revocation_fetch.h"

#include "sandi/core/ossl.h"
#include "sandi/pki/x509.h"

#include <openssl/err.h>
#include <openssl/http.h>
#include <openssl/httperr.h>
#include <openssl/ocsp.h>
#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <array>

namespace sandi::client {
namespace {

using OcspRequestPtr = std::unique_ptr<OCSP_REQUEST, crypto::ossl::Deleter<OCSP_REQUEST, OCSP_REQUEST_free>>;
using OcspResponsePtr = std::unique_ptr<OCSP_RESPONSE, crypto::ossl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>>;
using OcspBasicPtr = std::unique_ptr<OCSP_BASICRESP, crypto::ossl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>>;
using OcspCertIdPtr = std::unique_ptr<OCSP_CERTID, crypto::ossl::Deleter<OCSP_CERTID, OCSP_CERTID_free>>;
using DistPointsPtr = std::unique_ptr<CRL_DIST_POINTS, crypto::ossl::Deleter<CRL_DIST_POINTS, CRL_DIST_POINTS_free>>;

void opensslFree(char* p)
{
    OPENSSL_free(p);
}
using OsslString = std::unique_ptr<char, crypto::ossl::Deleter<char, opensslFree>>;

int timeoutSeconds(std::chrono::milliseconds timeout)
{
    const auto ms = std::max<std::chrono::milliseconds::rep>(timeout.count(), 1);
    return static_cast<int>(std::min<std::chrono::milliseconds::rep>((ms + 999) / 1000, 3600));
}

// OpenSSL's HTTP client's error queue, said for people: what went wrong with `url`.
Error transferError(const std::string& what, const std::string& url, std::size_t maxBytes,
                    std::chrono::milliseconds timeout)
{
    std::string detail;
    unsigned long e = 0;
    const char* data = nullptr;
    int flags = 0;
    std::string kind;
    while ((e = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) != 0) {
        const int reason = ERR_GET_REASON(e);
        const char* text = ERR_reason_error_string(e);
        const std::string reasonText = text != nullptr ? text : "unknown error";
        const std::string extra = (flags & ERR_TXT_STRING) != 0 && data != nullptr ? std::string(data) : "";
        if (ERR_GET_LIB(e) == ERR_LIB_HTTP && reason == HTTP_R_RECEIVED_ERROR && kind.empty())
            kind = "HTTP status " + extra; // "code=404,reason=Not Found"
        else if ((ERR_GET_LIB(e) == ERR_LIB_HTTP &&
                  (reason == HTTP_R_MAX_RESP_LEN_EXCEEDED || reason == HTTP_R_ASN1_LEN_EXCEEDS_MAX_RESP_LEN)) &&
                 kind.empty())
            kind = "the answer is larger than " + std::to_string(maxBytes) + " bytes";
        else if (reasonText.find("timeout") != std::string::npos && kind.empty())
            kind = "timed out after " + std::to_string(timeout.count()) + " ms";
        else if (ERR_GET_LIB(e) == ERR_LIB_HTTP && reason == HTTP_R_UNEXPECTED_CONTENT_TYPE && kind.empty())
            kind = "unexpected content type " + extra;
        if (!detail.empty()) detail += "; ";
        detail += reasonText;
        if (!extra.empty()) detail += " (" + extra + ")";
    }
    if (kind.empty()) kind = detail.empty() ? "no answer" : detail;
    return Error{ErrorCode::Io, what + " " + url + ": " + kind};
}

Result<std::vector<std::byte>> readAll(BIO* bio, std::size_t maxBytes, const std::string& url)
{
    std::vector<std::byte> out;
    std::array<char, 4096> chunk{};
    for (;;) {
        const int n = BIO_read(bio, chunk.data(), static_cast<int>(chunk.size()));
        if (n <= 0) break;
        const auto* p = reinterpret_cast<const std::byte*>(chunk.data());
        out.insert(out.end(), p, p + n);
        if (out.size() > maxBytes)
            return fail(ErrorCode::InvalidInput,
                        "the answer of " + url + " is larger than " + std::to_string(maxBytes) + " bytes");
    }
    return out;
}

Status checkHttpUrl(const std::string& url, const char* what)
{
    int useTls = 0;
    crypto::ossl::clearErrors();
    char* host = nullptr;
    char* port = nullptr;
    char* path = nullptr;
    if (OSSL_HTTP_parse_url(url.c_str(), &useTls, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        crypto::ossl::clearErrors();
        return fail(ErrorCode::InvalidArgument, std::string("invalid ") + what + " URL '" + url + "'");
    }
    OsslString h(host), po(port), pa(path);
    if (useTls != 0)
        return fail(ErrorCode::Unsupported,
                    std::string(what) + " URL " + url + ": https is not supported, use http://");
    return {};
}

std::string subjectOf(const crypto::Certificate& c)
{
    return crypto::subjectString(c.native());
}

} // namespace

Result<std::vector<std::byte>> httpPost(const std::string& url, const char* contentType,
                                        std::span<const std::byte> body, const char* expectedContentType,
                                        std::size_t maxBytes, std::chrono::milliseconds timeout)
{
    char* host = nullptr;
    char* port = nullptr;
    char* path = nullptr;
    int useTls = 0;
    crypto::ossl::clearErrors();
    if (OSSL_HTTP_parse_url(url.c_str(), &useTls, nullptr, &host, &port, nullptr, &path, nullptr, nullptr) != 1) {
        crypto::ossl::clearErrors();
        return fail(ErrorCode::InvalidArgument, "invalid URL '" + url + "'");
    }
    OsslString h(host), po(port), pa(path);
    if (useTls != 0) return fail(ErrorCode::Unsupported, "https URLs are not supported (" + url + "); use http://");
    auto request = crypto::ossl::memoryBio(body);
    const bool asn1 = expectedContentType != nullptr && *expectedContentType != '\0';
    crypto::ossl::BioPtr response(OSSL_HTTP_transfer(
        nullptr, host, port, path, 0, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0, nullptr, contentType,
        request.get(), asn1 ? expectedContentType : nullptr, asn1 ? 1 : 0, maxBytes, timeoutSeconds(timeout), 0));
    if (!response) return fail(transferError("no answer from", url, maxBytes, timeout));
    return readAll(response.get(), maxBytes, url);
}

Result<std::vector<std::byte>> httpGet(const std::string& url, std::size_t maxBytes, std::chrono::milliseconds timeout)
{
    SANDI_TRY(checkHttpUrl(url, "the"));
    crypto::ossl::clearErrors();
    crypto::ossl::BioPtr response(OSSL_HTTP_get(url.c_str(), nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, 0,
                                                nullptr, nullptr, 0, maxBytes, timeoutSeconds(timeout)));
    if (!response) return fail(transferError("no answer from", url, maxBytes, timeout));
    return readAll(response.get(), maxBytes, url);
}

std::optional<std::string> ocspUrlOf(const crypto::Certificate& cert)
{
    STACK_OF(OPENSSL_STRING)* urls = X509_get1_ocsp(cert.native());
    std::optional<std::string> out;
    for (int i = 0; urls != nullptr && i < sk_OPENSSL_STRING_num(urls) && !out; ++i) {
        const std::string u = sk_OPENSSL_STRING_value(urls, i);
        if (u.starts_with("http://")) out = u;
    }
    X509_email_free(urls); // frees a stack of OPENSSL_STRING
    crypto::ossl::clearErrors();
    return out;
}

std::optional<std::string> crlUrlOf(const crypto::Certificate& cert)
{
    DistPointsPtr points(
        static_cast<CRL_DIST_POINTS*>(X509_get_ext_d2i(cert.native(), NID_crl_distribution_points, nullptr, nullptr)));
    crypto::ossl::clearErrors();
    for (int i = 0; points && i < sk_DIST_POINT_num(points.get()); ++i) {
        const DIST_POINT* dp = sk_DIST_POINT_value(points.get(), i);
        if (dp->distpoint == nullptr || dp->distpoint->type != 0) continue;
        const GENERAL_NAMES* names = dp->distpoint->name.fullname;
        for (int j = 0; j < sk_GENERAL_NAME_num(names); ++j) {
            const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names, j);
            if (gn->type != GEN_URI) continue;
            const ASN1_IA5STRING* uri = gn->d.uniformResourceIdentifier;
            std::string u(reinterpret_cast<const char*>(ASN1_STRING_get0_data(uri)),
                          static_cast<std::size_t>(ASN1_STRING_length(uri)));
            if (u.starts_with("http://")) return u;
        }
    }
    return std::nullopt;
}

Result<std::vector<std::byte>> fetchOcsp(const crypto::Certificate& cert, const crypto::Certificate& issuer,
                                         const FetchLimits& limits)
{
    const auto url = ocspUrlOf(cert);
    if (!url)
        return fail(ErrorCode::NotFound,
                    "the certificate " + subjectOf(cert) + " names no http OCSP responder (authorityInfoAccess)");
    OcspRequestPtr request(OCSP_REQUEST_new());
    OCSP_CERTID* id = OCSP_cert_to_id(EVP_sha1(), cert.native(), issuer.native());
    if (!request || id == nullptr || OCSP_request_add0_id(request.get(), id) == nullptr) {
        OCSP_CERTID_free(id);
        return fail(crypto::ossl::lastError("building an OCSP request"));
    }
    if (OCSP_request_add1_nonce(request.get(), nullptr, -1) != 1)
        return fail(crypto::ossl::lastError("adding an OCSP nonce"));
    unsigned char* der = nullptr;
    const int n = i2d_OCSP_REQUEST(request.get(), &der);
    if (n <= 0) return fail(crypto::ossl::lastError("encoding an OCSP request"));
    const std::vector<std::byte> body(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);

    SANDI_ASSIGN(answer, httpPost(*url, "application/ocsp-request", body, "application/ocsp-response",
                                  limits.maxOcspBytes, limits.timeout));
    const auto* p = reinterpret_cast<const unsigned char*>(answer.data());
    OcspResponsePtr response(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(answer.size())));
    if (!response || p != reinterpret_cast<const unsigned char*>(answer.data()) + answer.size()) {
        crypto::ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "the answer of " + *url + " is not an OCSP response");
    }
    const int status = OCSP_response_status(response.get());
    if (status != OCSP_RESPONSE_STATUS_SUCCESSFUL)
        return fail(ErrorCode::InvalidInput, "the OCSP responder " + *url + " answered " +
                                                 OCSP_response_status_str(status) + " (status " +
                                                 std::to_string(status) + ")");
    OcspBasicPtr basic(OCSP_response_get1_basic(response.get()));
    if (!basic) {
        crypto::ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "the answer of " + *url + " is not a basic OCSP response");
    }
    // 0: the response carries another nonce (a replay, or an answer to someone else).
    if (OCSP_check_nonce(request.get(), basic.get()) == 0)
        return fail(ErrorCode::InvalidInput, "the OCSP responder " + *url + " answered with another request's nonce");
    if (!ocspResponseCovers(answer, cert, issuer))
        return fail(ErrorCode::InvalidInput,
                    "the OCSP responder " + *url + " answered without the status of " + subjectOf(cert));
    return answer;
}

bool ocspResponseCovers(std::span<const std::byte> response, const crypto::Certificate& cert,
                        const crypto::Certificate& issuer)
{
    const auto* p = reinterpret_cast<const unsigned char*>(response.data());
    OcspResponsePtr r(d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(response.size())));
    if (!r || OCSP_response_status(r.get()) != OCSP_RESPONSE_STATUS_SUCCESSFUL) {
        crypto::ossl::clearErrors();
        return false;
    }
    OcspBasicPtr basic(OCSP_response_get1_basic(r.get()));
    if (!basic) {
        crypto::ossl::clearErrors();
        return false;
    }
    for (int i = 0; i < OCSP_resp_count(basic.get()); ++i) {
        const OCSP_CERTID* theirs = OCSP_SINGLERESP_get0_id(OCSP_resp_get0(basic.get(), i));
        ASN1_OBJECT* mdOid = nullptr;
        if (OCSP_id_get0_info(nullptr, &mdOid, nullptr, nullptr, const_cast<OCSP_CERTID*>(theirs)) != 1) continue;
        const EVP_MD* md = EVP_get_digestbyobj(mdOid);
        if (md == nullptr) continue;
        OcspCertIdPtr ours(OCSP_cert_to_id(md, cert.native(), issuer.native()));
        if (ours && OCSP_id_cmp(ours.get(), theirs) == 0) return true;
    }
    crypto::ossl::clearErrors();
    return false;
}

Result<std::vector<std::byte>> fetchCrl(const crypto::Certificate& cert, const FetchLimits& limits)
{
    const auto url = crlUrlOf(cert);
    if (!url)
        return fail(ErrorCode::NotFound,
                    "the certificate " + subjectOf(cert) + " names no http CRL distribution point");
    SANDI_ASSIGN(answer, httpGet(*url, limits.maxCrlBytes, limits.timeout));
    auto crl = crypto::Crl::parse(answer);
    if (!crl) return fail(ErrorCode::InvalidInput, "the answer of " + *url + " is not a CRL");
    unsigned char* der = nullptr;
    const int n = i2d_X509_CRL(crl->native(), &der);
    if (n <= 0) return fail(crypto::ossl::lastError("encoding the CRL of " + *url));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);
    return out;
}

} // namespace sandi::client

namespace sandi::client {
namespace {

bool isSelfSigned(const crypto::Certificate& c)
{
    return X509_check_issued(c.native(), c.native()) == X509_V_OK;
}

const crypto::Certificate* issuerOf(const crypto::Certificate& cert, std::span<const crypto::Certificate> chain,
                                    std::span<const crypto::Certificate> others)
{
    for (auto pool : {chain, others})
        for (const auto& candidate : pool)
            if (!(candidate == cert) && X509_check_issued(candidate.native(), cert.native()) == X509_V_OK)
                return &candidate;
    return nullptr;
}

bool crlCovers(const crypto::Crl& crl, const crypto::Certificate& cert, const crypto::Certificate& issuer)
{
    if (X509_NAME_cmp(X509_CRL_get_issuer(crl.native()), X509_get_issuer_name(cert.native())) != 0) return false;
    EVP_PKEY* key = X509_get0_pubkey(issuer.native());
    const bool ok = key != nullptr && X509_CRL_verify(crl.native(), key) == 1;
    crypto::ossl::clearErrors();
    return ok;
}

} // namespace

namespace {

std::string answerKey(char kind, const crypto::Certificate& cert)
{
    const auto der = cert.der();
    return std::string(1, kind) + std::string(reinterpret_cast<const char*>(der.data()), der.size());
}

} // namespace

Result<std::vector<std::byte>> HttpRevocationFetcher::ocsp(const crypto::Certificate& cert,
                                                           const crypto::Certificate& issuer)
{
    const std::string key = answerKey('o', cert);
    {
        const std::scoped_lock lock(m_mutex);
        if (auto it = m_answers.find(key); it != m_answers.end()) return it->second;
    }
    auto answer = fetchOcsp(cert, issuer, m_limits); // outside the lock: a slow responder holds up no other
    const std::scoped_lock lock(m_mutex);
    return m_answers.emplace(key, std::move(answer)).first->second;
}

Result<std::vector<std::byte>> HttpRevocationFetcher::crl(const crypto::Certificate& cert)
{
    const std::string key = answerKey('c', cert);
    {
        const std::scoped_lock lock(m_mutex);
        if (auto it = m_answers.find(key); it != m_answers.end()) return it->second;
    }
    auto answer = fetchCrl(cert, m_limits);
    const std::scoped_lock lock(m_mutex);
    return m_answers.emplace(key, std::move(answer)).first->second;
}

EvidenceSources httpEvidenceSources(const FetchLimits& limits)
{
    EvidenceSources s;
    s.ocsp = [limits](const crypto::Certificate& cert, const crypto::Certificate& issuer) {
        return fetchOcsp(cert, issuer, limits);
    };
    s.crl = [limits](const crypto::Certificate& cert) { return fetchCrl(cert, limits); };
    return s;
}

Result<ChainEvidence> gatherRevocationEvidence(std::span<const crypto::Certificate> chain,
                                               std::span<const crypto::Certificate> others,
                                               std::span<const crypto::Crl> crls,
                                               std::span<const std::vector<std::byte>> ocspResponses,
                                               const EvidenceSources& sources)
{
    ChainEvidence out;
    out.crls.assign(crls.begin(), crls.end());
    out.ocspResponses.assign(ocspResponses.begin(), ocspResponses.end());
    for (const auto& cert : chain) {
        if (isSelfSigned(cert)) continue; // a trust anchor is not revoked by evidence
        const crypto::Certificate* issuer = issuerOf(cert, chain, others);
        if (issuer == nullptr)
            return fail(ErrorCode::NotFound, "B-LT cannot be reached: the issuer of " + subjectOf(cert) +
                                                 " is not in the signer's chain (give it with --trust)");
        auto covered = [&] {
            for (const auto& c : out.crls)
                if (crlCovers(c, cert, *issuer)) return true;
            for (const auto& r : out.ocspResponses)
                if (ocspResponseCovers(r, cert, *issuer)) return true;
            return false;
        };
        if (covered()) continue;
        std::vector<std::string> problems;
        if (sources.ocsp && ocspUrlOf(cert)) {
            auto fetched = sources.ocsp(cert, *issuer);
            if (fetched && ocspResponseCovers(*fetched, cert, *issuer))
                out.ocspResponses.push_back(std::move(*fetched));
            else
                problems.push_back(fetched ? "the OCSP response does not cover it" : fetched.error().message);
        }
        if (!covered() && sources.crl && crlUrlOf(cert)) {
            auto fetched = sources.crl(cert);
            auto parsed = fetched ? crypto::Crl::parse(*fetched) : Result<crypto::Crl>(fail(fetched.error()));
            if (parsed && crlCovers(*parsed, cert, *issuer))
                out.crls.push_back(std::move(*parsed));
            else
                problems.push_back(parsed ? "the CRL at " + *crlUrlOf(cert) + " is not its issuer's"
                                          : parsed.error().message);
        }
        if (!covered()) {
            std::string why = "B-LT cannot be reached: no revocation evidence (CRL or OCSP response) for " +
                              subjectOf(cert) + ": none given (--crl, --ocsp)";
            if (!sources.ocsp && !sources.crl)
                why += ", and nothing is fetched";
            else if (problems.empty())
                why += ", and it names no http OCSP responder or CRL distribution point";
            for (const auto& p : problems)
                why += "; " + p;
            return fail(ErrorCode::NotFound, why);
        }
        for (auto& p : problems)
            out.warnings.push_back("for " + subjectOf(cert) + ": " + p + " (other evidence is embedded)");
    }
    return out;
}

} // namespace sandi::client
