// SPDX-License-Identifier: GPL-3.0-or-later
// adbe.x509.rsa_sha1 (ISO 32000-1 §12.8.3.2): no CMS at all, a PKCS#1 v1.5 signature in
// a DER OCTET STRING, the certificates in the signature dictionary's /Cert.
#include "der.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/sign/cms.h"
#include "signature_value.h"

#include <openssl/objects.h>

#include <algorithm>

namespace sandi::crypto {

Result<CmsSignature> verifyX509RsaSha1(std::span<const std::byte> contents,
                                       std::span<const std::vector<std::byte>> certificates,
                                       const ContentDigester& digester, std::string_view* failureCode)
{
    std::string_view code;
    auto result = [&]() -> Result<CmsSignature> {
        if (contents.size() > kMaxCmsBytes) return fail(ErrorCode::InvalidInput, "/Contents larger than 4 MiB");
        const auto octets = der::read(contents);
        if (!octets || octets->tag != 0x04)
            return fail(ErrorCode::InvalidInput, "/Contents is not a DER OCTET STRING (adbe.x509.rsa_sha1)");
        if (certificates.empty())
            return fail(ErrorCode::InvalidInput, "adbe.x509.rsa_sha1 without a signer certificate in /Cert");
        if (certificates.size() > 100) return fail(ErrorCode::InvalidInput, "more than 100 certificates in /Cert");
        CmsSignature out;
        for (const auto& der : certificates) {
            auto c = Certificate::parse(der);
            if (!c) return fail(c.error().context("a certificate in /Cert"));
            out.certificates.push_back(std::move(*c));
        }
        out.signer = out.certificates.front();
        EVP_PKEY* key = X509_get0_pubkey(out.signer->native());
        const int keyId = key != nullptr ? EVP_PKEY_get_base_id(key) : EVP_PKEY_NONE;
        if (keyId != EVP_PKEY_RSA) {
            code = finding::kCmsAlgorithmMismatch;
            return fail(ErrorCode::InvalidInput, "adbe.x509.rsa_sha1 names RSA but the signer's key is not RSA");
        }
        const std::span<const std::byte> signature = octets->content;
        SANDI_ASSIGN(recovered, recoverRsaDigestInfo(key, signature));
        if (recovered.md == nullptr)
            return fail(ErrorCode::Unsupported, "the signature value names a digest Sandi does not read");
        out.digestName = OBJ_nid2sn(EVP_MD_get_type(recovered.md));
        if (EVP_MD_get_size(recovered.md) < 20)
            return fail(ErrorCode::Policy, "the signature uses " + out.digestName + ", which is broken");
        const auto digest = ossl::digestFromEvp(recovered.md);
        if (!digest)
            return fail(ErrorCode::Unsupported, "the signature uses " + out.digestName + ", which Sandi does not read");
        out.digest = *digest;
        SANDI_ASSIGN(contentDigest, digester(out.digest));
        if (contentDigest.empty() || !constantTimeEqual(recovered.digest, contentDigest))
            return fail(ErrorCode::DigestMismatch, "digest mismatch: the signed content was changed");
        out.signatureValue.assign(signature.begin(), signature.end());
        if (isWeakDigest(out.digest))
            out.remarks.push_back({std::string(finding::kCmsWeakDigest),
                                   "weak digest " + out.digestName + ": collisions can be computed"});
        out.remarks.push_back({std::string(finding::kCmsSha1SubFilter),
                               "adbe.x509.rsa_sha1: a legacy form without CMS (no signed attributes)" +
                                   std::string(isWeakDigest(out.digest) ? ", over SHA-1, which is weak" : "")});
        const std::size_t used = octets->whole.size();
        if (std::any_of(contents.begin() + static_cast<std::ptrdiff_t>(used), contents.end(),
                        [](std::byte b) { return b != std::byte{0}; }))
            out.remarks.push_back({std::string(finding::kCmsTrailingData),
                                   "non-zero bytes after the signature in /Contents (not covered by the signature)"});
        return out;
    }();
    if (!result && failureCode != nullptr) *failureCode = code;
    return result;
}

} // namespace sandi::crypto
