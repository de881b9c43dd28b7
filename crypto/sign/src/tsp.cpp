// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/sign/tsp.h"

#include "der.h"

#include "sandi/pki/signature_memo.h"
#include "sandi/sign/cms.h"
#include "sandi/core/secure_buffer.h"

#include <openssl/pkcs7.h>
#include <openssl/ts.h>

#include <array>
#include <chrono>

namespace sandi::crypto {
namespace {

using TsReqPtr = std::unique_ptr<TS_REQ, ossl::Deleter<TS_REQ, TS_REQ_free>>;
using TsRespPtr = std::unique_ptr<TS_RESP, ossl::Deleter<TS_RESP, TS_RESP_free>>;
using TsMsgImprintPtr = std::unique_ptr<TS_MSG_IMPRINT, ossl::Deleter<TS_MSG_IMPRINT, TS_MSG_IMPRINT_free>>;
using TsTstInfoPtr = std::unique_ptr<TS_TST_INFO, ossl::Deleter<TS_TST_INFO, TS_TST_INFO_free>>;
using TsRespCtxPtr = std::unique_ptr<TS_RESP_CTX, ossl::Deleter<TS_RESP_CTX, TS_RESP_CTX_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, ossl::Deleter<PKCS7, PKCS7_free>>;
using X509AlgorPtr = std::unique_ptr<X509_ALGOR, ossl::Deleter<X509_ALGOR, X509_ALGOR_free>>;

std::vector<std::byte> bytesOf(const ASN1_STRING* s)
{
    const auto* p = reinterpret_cast<const std::byte*>(ASN1_STRING_get0_data(s));
    return {p, p + ASN1_STRING_length(s)};
}

Status checkSize(std::span<const std::byte> in, std::string_view what)
{
    if (in.empty()) return fail(ErrorCode::InvalidInput, std::string(what) + " is empty");
    if (in.size() > kMaxTimeStampMessageBytes)
        return fail(ErrorCode::InvalidInput, std::string(what) + " is too large");
    return {};
}

struct ResponderState {
    Random* rng;
    TimePoint now;
};

ASN1_INTEGER* serialCallback(TS_RESP_CTX* ctx, void* data)
{
    auto* state = static_cast<ResponderState*>(data);
    std::array<unsigned char, 16> bytes{};
    const auto ns = static_cast<std::uint64_t>(
        std::chrono::duration_cast<std::chrono::nanoseconds>(state->now.time_since_epoch()).count());
    for (int i = 0; i < 8; ++i)
        bytes[static_cast<std::size_t>(i)] = static_cast<unsigned char>(ns >> (56 - 8 * i));
    state->rng->fill(std::as_writable_bytes(std::span(bytes).subspan(8)));
    ossl::BnPtr bn(BN_bin2bn(bytes.data(), static_cast<int>(bytes.size()), nullptr));
    ASN1_INTEGER* serial = bn ? BN_to_ASN1_INTEGER(bn.get(), nullptr) : nullptr;
    if (serial == nullptr) {
        TS_RESP_CTX_set_status_info(ctx, TS_STATUS_REJECTION, "could not make a serial number");
        TS_RESP_CTX_add_failure_info(ctx, TS_INFO_ADD_INFO_NOT_AVAILABLE);
    }
    return serial;
}

int timeCallback(TS_RESP_CTX* /*ctx*/, void* data, long* sec, long* usec)
{
    const auto* state = static_cast<ResponderState*>(data);
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(state->now.time_since_epoch()).count();
    *sec = static_cast<long>(us / 1'000'000);
    *usec = static_cast<long>(us % 1'000'000);
    return 1;
}

// A token (ContentInfo with SignedData, DER) whose certificates field also holds
// attribute certificates ([1] v1AttrCert, [2] v2AttrCert: RFC 5652 §10.2.2), which
// OpenSSL's PKCS7 cannot read: the same token with only the X.509 certificates. The
// certificates field is outside what the TSA signed, so the signature is unaffected.
std::optional<std::vector<std::byte>> withoutAttributeCertificates(std::span<const std::byte> token)
{
    const auto ci = der::read(token);
    if (!ci || ci->tag != 0x30) return std::nullopt;
    const auto ciFields = der::children(ci->content, 2);
    if (!ciFields || ciFields->size() != 2 || (*ciFields)[1].tag != 0xA0) return std::nullopt;
    const auto sd = der::read((*ciFields)[1].content);
    if (!sd || sd->tag != 0x30 || sd->whole.size() != (*ciFields)[1].content.size()) return std::nullopt;
    const auto sdFields = der::children(sd->content, 8);
    if (!sdFields) return std::nullopt;
    std::vector<std::byte> sdContent;
    bool dropped = false;
    for (const auto& f : *sdFields) {
        if (f.tag != 0xA0) {
            sdContent.insert(sdContent.end(), f.whole.begin(), f.whole.end());
            continue;
        }
        const auto certs = der::children(f.content);
        if (!certs) return std::nullopt;
        std::vector<std::byte> kept;
        for (const auto& c : *certs) {
            if (c.tag == 0x30)
                kept.insert(kept.end(), c.whole.begin(), c.whole.end());
            else if (c.tag == 0xA1 || c.tag == 0xA2)
                dropped = true;
            else
                return std::nullopt; // an extended or other certificate format: not read
        }
        const auto field = der::encode(0xA0, kept);
        sdContent.insert(sdContent.end(), field.begin(), field.end());
    }
    if (!dropped) return std::nullopt;
    std::vector<std::byte> ciContent((*ciFields)[0].whole.begin(), (*ciFields)[0].whole.end());
    const auto wrapped = der::encode(0xA0, der::encode(0x30, sdContent));
    ciContent.insert(ciContent.end(), wrapped.begin(), wrapped.end());
    return der::encode(0x30, ciContent);
}

} // namespace

Result<TimeStampRequest> makeTimeStampRequest(std::span<const std::byte> digest, Digest md, Random& rng)
{
    if (digest.size() != digestSize(md))
        return fail(ErrorCode::InvalidArgument, "the message imprint does not match its digest algorithm");
    TimeStampRequest out;
    out.digest = md;
    out.imprint.assign(digest.begin(), digest.end());
    out.nonce.resize(8);
    rng.fill(out.nonce);
    out.nonce[0] &= std::byte{0x7F}; // a positive INTEGER
    out.nonce[0] |= std::byte{0x01}; // never a leading zero octet

    TsReqPtr req(TS_REQ_new());
    TsMsgImprintPtr imprint(TS_MSG_IMPRINT_new());
    X509AlgorPtr alg(X509_ALGOR_new());
    ossl::BnPtr nonceBn(BN_bin2bn(reinterpret_cast<const unsigned char*>(out.nonce.data()), 8, nullptr));
    ossl::Asn1IntegerPtr nonce(nonceBn ? BN_to_ASN1_INTEGER(nonceBn.get(), nullptr) : nullptr);
    if (!req || !imprint || !alg || !nonce || TS_REQ_set_version(req.get(), 1) != 1 ||
        X509_ALGOR_set0(alg.get(), OBJ_nid2obj(EVP_MD_get_type(ossl::evpMd(md))), V_ASN1_NULL, nullptr) != 1 ||
        TS_MSG_IMPRINT_set_algo(imprint.get(), alg.get()) != 1 ||
        TS_MSG_IMPRINT_set_msg(imprint.get(), reinterpret_cast<unsigned char*>(out.imprint.data()),
                               static_cast<int>(out.imprint.size())) != 1 ||
        TS_REQ_set_msg_imprint(req.get(), imprint.get()) != 1 || TS_REQ_set_nonce(req.get(), nonce.get()) != 1 ||
        TS_REQ_set_cert_req(req.get(), 1) != 1)
        return fail(ossl::lastError("building the time-stamp request"));
    unsigned char* buf = nullptr;
    const int n = i2d_TS_REQ(req.get(), &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the time-stamp request"));
    out.der.assign(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

Result<std::vector<std::byte>> timeStampTokenFromResponse(std::span<const std::byte> responseDer,
                                                          const TimeStampRequest& request)
{
    SANDI_TRY(checkSize(responseDer, "time-stamp response"));
    ossl::clearErrors();
    const auto* p = reinterpret_cast<const unsigned char*>(responseDer.data());
    TsRespPtr resp(d2i_TS_RESP(nullptr, &p, static_cast<long>(responseDer.size())));
    if (!resp) return fail(ossl::lastError("not a time-stamp response", ErrorCode::InvalidInput));
    TS_STATUS_INFO* status = TS_RESP_get_status_info(resp.get());
    const long code = ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(status));
    if (code != TS_STATUS_GRANTED && code != TS_STATUS_GRANTED_WITH_MODS) {
        std::string why = "the TSA refused the request (status " + std::to_string(code) + ")";
        const STACK_OF(ASN1_UTF8STRING)* text = TS_STATUS_INFO_get0_text(status);
        if (text != nullptr && sk_ASN1_UTF8STRING_num(text) > 0) {
            const ASN1_UTF8STRING* t = sk_ASN1_UTF8STRING_value(text, 0);
            why += ": " + std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(t)),
                                      static_cast<std::size_t>(ASN1_STRING_length(t)));
        }
        return fail(ErrorCode::InvalidInput, why);
    }
    TS_TST_INFO* info = TS_RESP_get_tst_info(resp.get());
    PKCS7* token = TS_RESP_get_token(resp.get());
    if (info == nullptr || token == nullptr)
        return fail(ErrorCode::InvalidInput, "the time-stamp response holds no token");
    const ASN1_INTEGER* nonce = TS_TST_INFO_get_nonce(info);
    ossl::BnPtr want(BN_bin2bn(reinterpret_cast<const unsigned char*>(request.nonce.data()),
                               static_cast<int>(request.nonce.size()), nullptr));
    ossl::BnPtr got(nonce != nullptr ? ASN1_INTEGER_to_BN(nonce, nullptr) : nullptr);
    if (!got || BN_cmp(want.get(), got.get()) != 0)
        return fail(ErrorCode::InvalidInput, "the time-stamp response does not answer our request (nonce)");
    const auto imprint = bytesOf(TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info)));
    if (!constantTimeEqual(imprint, request.imprint))
        return fail(ErrorCode::InvalidInput, "the time-stamp response covers other data (message imprint)");
    unsigned char* buf = nullptr;
    const int n = i2d_PKCS7(token, &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the time-stamp token"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    // The token must also verify as a whole before anyone embeds it.
    if (auto check = verifyTimeStampToken(out); !check) return fail(check.error().context("the TSA's token"));
    return out;
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the token is parsed as one; swapped, it fails
Result<TimeStampInfo> verifyTimeStampToken(std::span<const std::byte> tokenDer, std::span<const std::byte> stampedData)
{
    SANDI_ASSIGN(info, verifyTimeStampToken(tokenDer));
    const auto expected = digestOf(info.digest, stampedData);
    if (expected.empty() || !constantTimeEqual(info.imprint, expected))
        return fail(ErrorCode::BadSignature, "the time-stamp covers other data than the signature");
    return info;
}

Result<TimeStampInfo> verifyTimeStampToken(std::span<const std::byte> tokenDer)
{
    SANDI_TRY(checkSize(tokenDer, "time-stamp token"));
    ossl::clearErrors();
    const auto* p = reinterpret_cast<const unsigned char*>(tokenDer.data());
    Pkcs7Ptr token(d2i_PKCS7(nullptr, &p, static_cast<long>(tokenDer.size())));
    if (!token) {
        if (const auto stripped = withoutAttributeCertificates(tokenDer)) {
            ossl::clearErrors();
            p = reinterpret_cast<const unsigned char*>(stripped->data());
            token.reset(d2i_PKCS7(nullptr, &p, static_cast<long>(stripped->size())));
        }
    }
    if (!token) return fail(ossl::lastError("malformed time-stamp token", ErrorCode::InvalidInput));
    TsTstInfoPtr info(PKCS7_to_TS_TST_INFO(token.get()));
    if (!info) return fail(ossl::lastError("the time-stamp token holds no TSTInfo", ErrorCode::InvalidInput));

    TimeStampInfo out;
    const EVP_MD* md = nullptr;
    {
        const X509_ALGOR* alg = TS_MSG_IMPRINT_get_algo(TS_TST_INFO_get_msg_imprint(info.get()));
        const ASN1_OBJECT* oid = nullptr;
        X509_ALGOR_get0(&oid, nullptr, nullptr, alg);
        md = EVP_get_digestbyobj(oid);
        if (md == nullptr) return fail(ErrorCode::Unsupported, "unknown digest in the time-stamp token");
        out.digestName = OBJ_nid2sn(EVP_MD_get_type(md));
        if (EVP_MD_get_size(md) < 20)
            return fail(ErrorCode::Policy, "the time-stamp imprint uses " + out.digestName + ", which is broken");
        const auto d = ossl::digestFromEvp(md);
        if (!d)
            return fail(ErrorCode::Unsupported,
                        "the time-stamp imprint uses " + out.digestName + ", which Sandi does not read");
        out.digest = *d;
    }
    SANDI_ASSIGN(genTime, asn1TimeToTimePoint(TS_TST_INFO_get_time(info.get())));
    out.genTime = genTime;
    {
        // PKCS7_get0_signers returns borrowed certificates in a new stack: free only the stack.
        ossl::X509BorrowedStackPtr signers(PKCS7_get0_signers(token.get(), nullptr, 0));
        if (!signers || sk_X509_num(signers.get()) != 1) {
            ossl::clearErrors();
            return fail(ErrorCode::InvalidInput, "the time-stamp token does not carry its TSA certificate");
        }
        out.tsaCertificate.emplace(ossl::upRef(sk_X509_value(signers.get(), 0)));
    }
    // OpenSSL's token check: the signature over the TSTInfo, the ESS signing-certificate
    // attribute naming the TSA certificate, and that certificate's timeStamping purpose
    // at genTime. The TSA's chain to the trust anchors is the caller's (chain.h).
    {
        std::unique_ptr<TS_VERIFY_CTX, ossl::Deleter<TS_VERIFY_CTX, TS_VERIFY_CTX_free>> vctx(TS_VERIFY_CTX_new());
        ossl::X509StorePtr store(X509_STORE_new());
        if (!vctx || !store || X509_STORE_add_cert(store.get(), out.tsaCertificate->native()) != 1)
            return fail(ossl::lastError("setting up the time-stamp check"));
        X509_VERIFY_PARAM* param = X509_STORE_get0_param(store.get());
        X509_VERIFY_PARAM_set_flags(param, X509_V_FLAG_PARTIAL_CHAIN);
        X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(out.genTime));
        rememberSignatureChecks(store.get()); // the TSA's chain comes again with every token
        TS_VERIFY_CTX_set_store(vctx.get(), store.release());
        TS_VERIFY_CTX_set_flags(vctx.get(), TS_VFY_SIGNATURE | TS_VFY_SIGNER);
        if (TS_RESP_verify_token(vctx.get(), token.get()) != 1) {
            Error e = ossl::lastError("the time-stamp token does not verify", ErrorCode::BadSignature);
            return fail(std::move(e));
        }
    }
    out.imprint = bytesOf(TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info.get())));
    out.serial = serialHex(TS_TST_INFO_get_serial(info.get()));
    std::array<char, 128> policy{};
    OBJ_obj2txt(policy.data(), static_cast<int>(policy.size()), TS_TST_INFO_get_policy_id(info.get()), 1);
    out.policy = policy.data();
    if (STACK_OF(X509)* certs = token->d.sign->cert)
        for (int i = 0; i < sk_X509_num(certs); ++i)
            out.certificates.emplace_back(ossl::upRef(sk_X509_value(certs, i)));
    return out;
}

Result<TimeStampAuthority> TimeStampAuthority::create(ossl::X509Ptr certificate, ossl::PkeyPtr key,
                                                      std::vector<ossl::X509Ptr> chain, std::string policyOid)
{
    if (!certificate || !key) return fail(ErrorCode::InvalidArgument, "a TSA needs a certificate and its key");
    if (X509_check_private_key(certificate.get(), key.get()) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "the TSA key does not belong to its certificate");
    }
    if (X509_check_purpose(certificate.get(), X509_PURPOSE_TIMESTAMP_SIGN, 0) != 1)
        return fail(ErrorCode::Policy,
                    "the certificate is not a time-stamping certificate (critical EKU timeStamping)");
    ossl::Asn1ObjectPtr oid(OBJ_txt2obj(policyOid.c_str(), 1));
    if (!oid) return fail(ErrorCode::InvalidArgument, "invalid TSA policy OID '" + policyOid + "'");
    TimeStampAuthority tsa;
    tsa.m_certificate = std::move(certificate);
    tsa.m_key = std::move(key);
    tsa.m_chain = std::move(chain);
    tsa.m_policy = std::move(policyOid);
    return tsa;
}

Result<std::vector<std::byte>> TimeStampAuthority::respond(std::span<const std::byte> requestDer, TimePoint now,
                                                           Random& rng) const
{
    ossl::clearErrors();
    TsRespCtxPtr ctx(TS_RESP_CTX_new());
    ossl::Asn1ObjectPtr policy(OBJ_txt2obj(m_policy.c_str(), 1));
    auto certs = ossl::newX509Stack();
    for (const auto& c : m_chain)
        SANDI_TRY(ossl::pushCopy(certs.get(), c.get()));
    if (!ctx || TS_RESP_CTX_set_signer_cert(ctx.get(), m_certificate.get()) != 1 ||
        TS_RESP_CTX_set_signer_key(ctx.get(), m_key.get()) != 1 || TS_RESP_CTX_set_certs(ctx.get(), certs.get()) != 1 ||
        TS_RESP_CTX_set_def_policy(ctx.get(), policy.get()) != 1 || TS_RESP_CTX_add_md(ctx.get(), EVP_sha256()) != 1 ||
        TS_RESP_CTX_add_md(ctx.get(), EVP_sha384()) != 1 || TS_RESP_CTX_add_md(ctx.get(), EVP_sha512()) != 1 ||
        TS_RESP_CTX_set_ess_cert_id_digest(ctx.get(), EVP_sha256()) != 1 ||
        TS_RESP_CTX_set_signer_digest(ctx.get(), EVP_sha256()) != 1 ||
        // The clock is NTP-disciplined to well under a second: say so, to the millisecond.
        TS_RESP_CTX_set_accuracy(ctx.get(), 1, 0, 0) != 1 || TS_RESP_CTX_set_clock_precision_digits(ctx.get(), 3) != 1)
        return fail(ossl::lastError("setting up the time-stamp responder"));
    TS_RESP_CTX_add_flags(ctx.get(), TS_ORDERING | TS_ESS_CERT_ID_CHAIN);
    ResponderState state{&rng, now};
    TS_RESP_CTX_set_serial_cb(ctx.get(), serialCallback, &state);
    TS_RESP_CTX_set_time_cb(ctx.get(), timeCallback, &state);
    if (requestDer.size() > kMaxTimeStampMessageBytes)
        return fail(ErrorCode::InvalidInput, "time-stamp request too large");
    auto bio = ossl::memoryBio(requestDer);
    TsRespPtr resp(TS_RESP_create_response(ctx.get(), bio.get()));
    if (!resp) return fail(ossl::lastError("creating the time-stamp response"));
    unsigned char* buf = nullptr;
    const int n = i2d_TS_RESP(resp.get(), &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the time-stamp response"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

Result<std::vector<std::byte>> LocalTimeStamper::stamp(std::span<const std::byte> digest, Digest md)
{
    SANDI_ASSIGN(request, makeTimeStampRequest(digest, md, m_rng));
    SANDI_ASSIGN(response, m_tsa.respond(request.der, m_clock(), m_rng));
    return timeStampTokenFromResponse(response, request);
}

} // namespace sandi::crypto
