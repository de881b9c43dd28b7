// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/chain.h"

#include "sandi/pki/cert_builder.h"
#include "sandi/pki/cert_profile.h"
#include "sandi/pki/signature_memo.h"

#include <openssl/ec.h>
#include <openssl/objects.h>
#include <openssl/x509_vfy.h>

#include <array>
#include <chrono>
#include <cstring>
#include <map>

namespace sandi::crypto {
namespace {

constexpr std::string_view kOidAdobePdfSigning = "1.2.840.113583.1.1.5";
constexpr std::size_t kMaxSerialOctets = 20; // RFC 5280 §4.1.2.2

Verdict make(VerdictCode code, std::string reason, int depth = -1)
{
    Verdict v;
    v.code = code;
    v.reason = std::move(reason);
    v.depth = depth;
    return v;
}

std::string describe(X509* cert)
{
    return cert != nullptr ? "'" + subjectString(cert) + "'" : "a certificate";
}

VerdictCode mapOpenSslError(int err)
{
    switch (err) {
    case X509_V_ERR_CERT_HAS_EXPIRED:
        return VerdictCode::Expired;
    case X509_V_ERR_CERT_NOT_YET_VALID:
        return VerdictCode::NotYetValid;
    case X509_V_ERR_CERT_REVOKED:
        return VerdictCode::Revoked;
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT:
    case X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT_LOCALLY:
    case X509_V_ERR_UNABLE_TO_VERIFY_LEAF_SIGNATURE:
    case X509_V_ERR_SELF_SIGNED_CERT_IN_CHAIN:
    case X509_V_ERR_DEPTH_ZERO_SELF_SIGNED_CERT:
    case X509_V_ERR_CERT_UNTRUSTED:
    case X509_V_ERR_CERT_REJECTED:
        return VerdictCode::UnknownIssuer;
    case X509_V_ERR_CERT_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CERT_SIGNATURE:
    case X509_V_ERR_UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY:
    case X509_V_ERR_CA_MD_TOO_WEAK:
    case X509_V_ERR_EE_KEY_TOO_SMALL:
    case X509_V_ERR_CA_KEY_TOO_SMALL:
        return VerdictCode::BadSignature;
    case X509_V_ERR_INVALID_PURPOSE:
    case X509_V_ERR_KEYUSAGE_NO_CERTSIGN:
    case X509_V_ERR_KEYUSAGE_NO_DIGITAL_SIGNATURE:
        return VerdictCode::WrongUsage;
    case X509_V_ERR_INVALID_CA:
    case X509_V_ERR_INVALID_NON_CA:
        return VerdictCode::NotCa;
    case X509_V_ERR_PERMITTED_VIOLATION:
    case X509_V_ERR_EXCLUDED_VIOLATION:
    case X509_V_ERR_SUBTREE_MINMAX:
    case X509_V_ERR_UNSUPPORTED_CONSTRAINT_TYPE:
    case X509_V_ERR_UNSUPPORTED_CONSTRAINT_SYNTAX:
    case X509_V_ERR_UNSUPPORTED_NAME_SYNTAX:
        return VerdictCode::NameConstraints;
    case X509_V_ERR_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_PROXY_PATH_LENGTH_EXCEEDED:
    case X509_V_ERR_CERT_CHAIN_TOO_LONG:
        return VerdictCode::PathLength;
    case X509_V_ERR_HOSTNAME_MISMATCH:
    case X509_V_ERR_IP_ADDRESS_MISMATCH:
    case X509_V_ERR_EMAIL_MISMATCH:
        return VerdictCode::NameMismatch;
    case X509_V_ERR_UNABLE_TO_GET_CRL:
    case X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER:
    case X509_V_ERR_DIFFERENT_CRL_SCOPE:
        return VerdictCode::CrlMissing;
    case X509_V_ERR_CRL_HAS_EXPIRED:
    case X509_V_ERR_CRL_NOT_YET_VALID:
        return VerdictCode::CrlStale;
    case X509_V_ERR_CRL_SIGNATURE_FAILURE:
    case X509_V_ERR_UNABLE_TO_DECRYPT_CRL_SIGNATURE:
    case X509_V_ERR_ERROR_IN_CRL_LAST_UPDATE_FIELD:
    case X509_V_ERR_ERROR_IN_CRL_NEXT_UPDATE_FIELD:
    case X509_V_ERR_KEYUSAGE_NO_CRL_SIGN:
    case X509_V_ERR_UNHANDLED_CRITICAL_CRL_EXTENSION:
        return VerdictCode::CrlInvalid;
    default:
        return VerdictCode::Malformed;
    }
}

std::optional<RevocationDetails> findRevocation(X509* cert, std::span<X509_CRL* const> crls)
{
    for (X509_CRL* crl : crls) {
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_issuer_name(cert)) != 0) continue;
        X509_REVOKED* rev = nullptr;
        if (X509_CRL_get0_by_cert(crl, &rev, cert) != 1 || rev == nullptr) continue;
        RevocationDetails d;
        if (auto t = asn1TimeToTimePoint(X509_REVOKED_get0_revocationDate(rev))) d.date = *t;
        std::unique_ptr<ASN1_ENUMERATED, ossl::Deleter<ASN1_ENUMERATED, ASN1_ENUMERATED_free>> reason(
            static_cast<ASN1_ENUMERATED*>(X509_REVOKED_get_ext_d2i(rev, NID_crl_reason, nullptr, nullptr)));
        if (reason) {
            if (auto r = revocationReasonFromCode(static_cast<int>(ASN1_ENUMERATED_get(reason.get())))) d.reason = *r;
        }
        return d;
    }
    return std::nullopt;
}

bool hasExtension(X509* cert, int nid)
{
    return X509_get_ext_by_NID(cert, nid, -1) >= 0;
}

bool extensionCritical(X509* cert, int nid)
{
    const int idx = X509_get_ext_by_NID(cert, nid, -1);
    return idx >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, idx)) == 1;
}

bool ekuContains(EXTENDED_KEY_USAGE* eku, std::string_view oid)
{
    ossl::Asn1ObjectPtr want(OBJ_txt2obj(std::string(oid).c_str(), 1));
    for (int i = 0; i < sk_ASN1_OBJECT_num(eku); ++i)
        if (OBJ_cmp(sk_ASN1_OBJECT_value(eku, i), want.get()) == 0) return true;
    return false;
}

// Key and signature algorithms Sandi accepts anywhere in a chain.
std::optional<std::string> weakAlgorithm(X509* cert, bool checkSignature)
{
    EVP_PKEY* key = X509_get0_pubkey(cert);
    if (key == nullptr) return "its public key cannot be decoded";
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA:
    case EVP_PKEY_RSA_PSS:
        if (EVP_PKEY_get_bits(key) < 2048) return "its RSA key is shorter than 2048 bits";
        break;
    case EVP_PKEY_EC: {
        std::array<char, 64> group{};
        std::size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, "group", group.data(), group.size(), &len) != 1)
            return "its EC key uses explicit or unknown curve parameters";
        const std::string_view g(group.data(), len);
        if (g != "prime256v1" && g != "secp384r1" && g != "secp521r1")
            return "its EC key is on curve " + std::string(g);
        break;
    }
    case EVP_PKEY_ED25519:
    case EVP_PKEY_ED448:
        break;
    default:
        return "its key algorithm (" + std::string(OBJ_nid2sn(EVP_PKEY_get_base_id(key))) + ") is not allowed";
    }
    if (checkSignature) {
        int mdNid = NID_undef;
        int pkNid = NID_undef;
        if (OBJ_find_sigid_algs(X509_get_signature_nid(cert), &mdNid, &pkNid) != 1) {
            if (X509_get_signature_nid(cert) != NID_rsassaPss) return "its signature algorithm is unknown";
        } else if (mdNid == NID_md5 || mdNid == NID_sha1 || mdNid == NID_md4 || mdNid == NID_md2 || pkNid == NID_dsa) {
            return std::string("its signature algorithm (") + OBJ_nid2ln(X509_get_signature_nid(cert)) +
                   ") is forbidden";
        }
    }
    return std::nullopt;
}

// Every extension OpenSSL knows must decode (a malformed AIA, SAN, ... is an error
// even when non-critical), and none may appear twice (RFC 5280 §4.2).
std::optional<std::string> malformedExtension(X509* cert)
{
    const int n = X509_get_ext_count(cert);
    for (int i = 0; i < n; ++i) {
        X509_EXTENSION* ext = X509_get_ext(cert, i);
        const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
        for (int j = i + 1; j < n; ++j)
            if (OBJ_cmp(X509_EXTENSION_get_object(ext), X509_EXTENSION_get_object(X509_get_ext(cert, j))) == 0)
                return "it has a duplicate extension";
        if (nid == NID_undef || X509V3_EXT_get(ext) == nullptr) continue;
        void* decoded = X509V3_EXT_d2i(ext);
        if (decoded == nullptr) {
            ossl::clearErrors();
            return std::string("its ") + OBJ_nid2ln(nid) + " extension is malformed";
        }
        const X509V3_EXT_METHOD* method = X509V3_EXT_get(ext);
        if (method->it != nullptr)
            ASN1_item_free(static_cast<ASN1_VALUE*>(decoded), ASN1_ITEM_ptr(method->it));
        else if (method->ext_free != nullptr)
            method->ext_free(decoded);
    }
    return std::nullopt;
}

std::optional<std::string> badSanSyntax(X509* leaf)
{
    ossl::GeneralNamesPtr names(
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(leaf, NID_subject_alt_name, nullptr, nullptr)));
    if (!names) return std::nullopt;
    for (int i = 0; i < sk_GENERAL_NAME_num(names.get()); ++i) {
        const GENERAL_NAME* gn = sk_GENERAL_NAME_value(names.get(), i);
        if (gn->type == GEN_DNS) {
            const std::string_view v(reinterpret_cast<const char*>(ASN1_STRING_get0_data(gn->d.dNSName)),
                                     static_cast<std::size_t>(ASN1_STRING_length(gn->d.dNSName)));
            const std::string_view host = v.starts_with("*.") ? v.substr(2) : v;
            if (!checkDnsName(host)) return "its subjectAltName has an invalid DNS name";
        } else if (gn->type == GEN_IPADD) {
            const int len = ASN1_STRING_length(gn->d.iPAddress);
            if (len != 4 && len != 16) return "its subjectAltName has an invalid IP address";
        }
    }
    return std::nullopt;
}

std::optional<std::string> badRootAki(X509* root)
{
    if (!hasExtension(root, NID_authority_key_identifier)) return std::nullopt;
    ossl::AuthorityKeyIdPtr aki(
        static_cast<AUTHORITY_KEYID*>(X509_get_ext_d2i(root, NID_authority_key_identifier, nullptr, nullptr)));
    if (!aki) return "its authorityKeyIdentifier is malformed";
    if (aki->keyid == nullptr) return "its authorityKeyIdentifier has no keyIdentifier";
    if (aki->issuer != nullptr || aki->serial != nullptr)
        return "its authorityKeyIdentifier names an issuer and serial (not allowed in a root)";
    const ASN1_OCTET_STRING* ski = X509_get0_subject_key_id(root);
    if (ski == nullptr || ASN1_OCTET_STRING_cmp(ski, aki->keyid) != 0)
        return "its authorityKeyIdentifier does not match its subjectKeyIdentifier";
    return std::nullopt;
}

// Sandi's rules on top of OpenSSL's, applied to the chain OpenSSL built.
std::optional<Verdict> strictChecks(const ChainInput& in, STACK_OF(X509) * chain)
{
    const int n = sk_X509_num(chain);
    for (int depth = 0; depth < n; ++depth) {
        X509* cert = sk_X509_value(chain, depth);
        const bool isLeaf = depth == 0;
        const bool isAnchor = depth == n - 1;
        // Self-issued (subject = issuer), whatever its AKI says: a root.
        const bool selfIssued = X509_NAME_cmp(X509_get_subject_name(cert), X509_get_issuer_name(cert)) == 0;
        auto bad = [&](VerdictCode code, const std::string& why) {
            return make(code, "certificate " + describe(cert) + ": " + why, depth);
        };

        const ASN1_INTEGER* serial = X509_get0_serialNumber(cert);
        if (ASN1_STRING_type(serial) == V_ASN1_NEG_INTEGER)
            return bad(VerdictCode::Malformed, "negative serial number");
        if (ASN1_STRING_length(serial) == 0 ||
            (ASN1_STRING_length(serial) == 1 && ASN1_STRING_get0_data(serial)[0] == 0))
            return bad(VerdictCode::Malformed, "serial number is zero");
        {
            // Count the DER content octets (a leading 0x00 for a high bit counts).
            unsigned char* der = nullptr;
            const int len = i2d_ASN1_INTEGER(serial, &der);
            OPENSSL_free(der);
            if (len - 2 > static_cast<int>(kMaxSerialOctets))
                return bad(VerdictCode::Malformed, "serial number longer than 20 octets");
        }
        if (X509_get_version(cert) != X509_VERSION_3 && !(isAnchor && selfIssued))
            return bad(VerdictCode::Malformed, "not an X.509 version 3 certificate");
        if (auto why = malformedExtension(cert)) return bad(VerdictCode::Malformed, *why);
        // An anchor's own signature is never checked (it is trusted as configured), so
        // only its key is judged; every other certificate's signature must be strong.
        if (auto why = weakAlgorithm(cert, !isAnchor)) return bad(VerdictCode::BadSignature, *why);
        if (!isLeaf && hasExtension(cert, NID_name_constraints)) {
            ossl::NameConstraintsPtr nc(
                static_cast<NAME_CONSTRAINTS*>(X509_get_ext_d2i(cert, NID_name_constraints, nullptr, nullptr)));
            if (nc && sk_GENERAL_SUBTREE_num(nc->permittedSubtrees) <= 0 &&
                sk_GENERAL_SUBTREE_num(nc->excludedSubtrees) <= 0)
                return bad(VerdictCode::Malformed, "nameConstraints with neither permitted nor excluded subtrees");
        }
        if (isAnchor && selfIssued) {
            if (auto why = badRootAki(cert)) return bad(VerdictCode::Malformed, *why);
            if (in.purpose != Purpose::Any && hasExtension(cert, NID_ext_key_usage))
                return bad(VerdictCode::WrongUsage, "a root with an extendedKeyUsage extension");
        }
        if (isLeaf) {
            if (hasExtension(cert, NID_name_constraints))
                return bad(VerdictCode::Malformed, "nameConstraints in an end-entity certificate");
            ossl::BasicConstraintsPtr bc(
                static_cast<BASIC_CONSTRAINTS*>(X509_get_ext_d2i(cert, NID_basic_constraints, nullptr, nullptr)));
            if (bc && bc->ca != 0 && n > 1) {
                // CA:TRUE without keyCertSign is self-contradictory (CABF 7.1.2.7.8)...
                if ((X509_get_extension_flags(cert) & EXFLAG_KUSAGE) != 0 &&
                    (X509_get_key_usage(cert) & KU_KEY_CERT_SIGN) == 0)
                    return bad(VerdictCode::Malformed, "CA:TRUE without keyCertSign");
                // ...and a CA certificate is never an end entity for a Sandi purpose.
                if (in.purpose != Purpose::Any)
                    return bad(VerdictCode::WrongUsage, "an end-entity certificate marked as a CA");
            }
            if (auto why = badSanSyntax(cert)) return bad(VerdictCode::Malformed, *why);
            // RFC 5280 §4.2.1.6: subjectAltName is critical only when the subject is empty.
            if (extensionCritical(cert, NID_subject_alt_name) && X509_NAME_entry_count(X509_get_subject_name(cert)) > 0)
                return bad(VerdictCode::Malformed, "critical subjectAltName with a non-empty subject");
        }
    }

    // Purpose-specific rules for the leaf.
    X509* leaf = sk_X509_value(chain, 0);
    auto wrong = [&](const std::string& why) {
        return make(VerdictCode::WrongUsage, "certificate " + describe(leaf) + ": " + why, 0);
    };
    const bool hasEku = hasExtension(leaf, NID_ext_key_usage);
    ossl::ExtKeyUsagePtr eku(
        static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(leaf, NID_ext_key_usage, nullptr, nullptr)));
    switch (in.purpose) {
    case Purpose::Any:
        break;
    case Purpose::DocumentSigning: {
        const uint32_t ku = X509_get_key_usage(leaf);
        if ((ku & (KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION)) == 0)
            return wrong("key usage allows neither digitalSignature nor nonRepudiation");
        if (hasEku && !(ekuContains(eku.get(), kOidDocumentSigning) || ekuContains(eku.get(), kOidEmailProtection) ||
                        ekuContains(eku.get(), kOidAdobePdfSigning) || ekuContains(eku.get(), "2.5.29.37.0")))
            return wrong("extended key usage allows no document signing");
        break;
    }
    case Purpose::TlsClient:
    case Purpose::TlsServer:
        // The Web PKI's rule: a TLS leaf states its purpose in a non-critical EKU, without anyExtendedKeyUsage.
        if (!hasEku) return wrong("no extendedKeyUsage");
        if (extensionCritical(leaf, NID_ext_key_usage)) return wrong("critical extendedKeyUsage");
        if (ekuContains(eku.get(), "2.5.29.37.0")) return wrong("anyExtendedKeyUsage");
        break;
    case Purpose::TimeStamping:
        break; // OpenSSL's timestamp purpose already requires the critical, sole EKU
    }
    return std::nullopt;
}

// ---- Revocation of one certificate, by CRL or by OCSP -------------------------------------

// An OCSP response dated later than this after the verifier's clock is refused; a
// response without nextUpdate speaks for this long after its thisUpdate.
constexpr auto kMaxOcspClockSkew = std::chrono::minutes(5);

// CRLs Sandi can judge alone: complete (no delta, no partition by distribution point),
// no unknown critical extension.
bool usableCrl(X509_CRL* crl)
{
    const int n = X509_CRL_get_ext_count(crl);
    for (int i = 0; i < n; ++i) {
        X509_EXTENSION* ext = X509_CRL_get_ext(crl, i);
        const int nid = OBJ_obj2nid(X509_EXTENSION_get_object(ext));
        if (nid == NID_delta_crl || nid == NID_issuing_distribution_point) return false;
        if (X509_EXTENSION_get_critical(ext) == 1 && nid != NID_crl_number && nid != NID_authority_key_identifier)
            return false;
    }
    return true;
}

bool keepsExpiredCertificates(X509_CRL* crl)
{
    ossl::Asn1ObjectPtr oid(OBJ_txt2obj("2.5.29.60", 1)); // ExpiredCertsOnCRL (X.509 2016)
    return X509_CRL_get_ext_by_OBJ(crl, oid.get(), -1) >= 0;
}

struct CertRevocation {
    enum class State { Good, RevokedLater, Revoked, Missing, Invalid };
    State state = State::Missing;
    bool spoke = false; // some evidence of this kind is about the certificate
    bool stale = false; // Missing: the only evidence is out of date
    std::optional<RevocationDetails> details;
    std::string reason;             // Revoked, Missing, Invalid
    std::vector<std::string> notes; // CRL
    std::vector<OcspNote> ocspNotes;
    std::optional<RevocationEvidence> evidence;

    [[nodiscard]] bool settled() const noexcept { return state == State::Good || state == State::RevokedLater; }
};

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a certificate and its issuer, as everywhere in OpenSSL
CertRevocation crlStatusAt(X509* cert, X509* issuer, std::span<X509_CRL* const> crls, TimePoint at, TimePoint now,
                           int depth)
{
    CertRevocation out;
    const auto notAfter = asn1TimeToTimePoint(X509_get0_notAfter(cert));
    X509_CRL* best = nullptr;
    TimePoint bestTime{};
    for (X509_CRL* crl : crls) {
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0 || !usableCrl(crl)) continue;
        auto t = asn1TimeToTimePoint(X509_CRL_get0_lastUpdate(crl));
        if (!t) continue;
        // A CRL issued after the certificate expired may have dropped it.
        if (notAfter && *t > *notAfter && !keepsExpiredCertificates(crl)) continue;
        if (best != nullptr && *t <= bestTime) continue;
        if (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
            ossl::clearErrors();
            continue;
        }
        best = crl;
        bestTime = *t;
    }
    if (best == nullptr) {
        out.reason =
            "certificate " + describe(cert) + ": no complete CRL from its issuer issued before the certificate expired";
        return out;
    }
    out.spoke = true;
    // The CRL must speak for the time `at`: issued at or after it, or — when it was
    // issued before — still the newest there can be (current now).
    if (bestTime < at) {
        const auto next = X509_CRL_get0_nextUpdate(best) != nullptr
                              ? asn1TimeToTimePoint(X509_CRL_get0_nextUpdate(best))
                              : Result<TimePoint>(bestTime);
        if (!next || *next < now) {
            out.stale = true;
            out.reason = "certificate " + describe(cert) + ": no CRL issued after " + formatUtc(at) +
                         " (the newest given is of " + formatUtc(bestTime) + " and a newer one exists)";
            return out;
        }
        out.notes.push_back(
            "certificate " + describe(cert) + ": revocation checked with the CRL of " + formatUtc(bestTime) +
            ", issued before the signing time (no newer CRL exists yet); check again after " + formatUtc(*next));
    }
    out.evidence = RevocationEvidence{RevocationEvidence::Kind::Crl,         depth,    subjectString(cert),
                                      nameString(X509_CRL_get_issuer(best)), bestTime, false};
    X509_REVOKED* entry = nullptr;
    if (X509_CRL_get0_by_cert(best, &entry, cert) == 1 && entry != nullptr) {
        auto details = findRevocation(cert, std::span<X509_CRL* const>(&best, 1));
        if (details && details->date > at) {
            out.state = CertRevocation::State::RevokedLater;
            out.details = details;
            return out;
        }
        out.state = CertRevocation::State::Revoked;
        out.details = details;
        out.reason = "certificate " + describe(cert) + ": revoked" +
                     (details ? " on " + formatUtc(details->date) + " (" + revocationReasonName(details->reason) + ")"
                              : std::string());
        return out;
    }
    out.state = CertRevocation::State::Good;
    return out;
}

struct CheckedOcsp {
    OcspSingleStatus status;
    std::string responder;
    bool delegated = false;
    std::vector<OcspNote> notes; // about this response, told only when it is used
};

CertRevocation ocspStatusAt(X509* cert, X509* issuer, std::span<const OcspResponse> ocsps,
                            std::span<const Certificate> certs, std::span<X509_CRL* const> crls, TimePoint at,
                            TimePoint now, int depth)
{
    CertRevocation out;
    const std::string who = "certificate " + describe(cert);
    if (ocsps.empty()) {
        out.reason = who + ": no OCSP response about it";
        return out;
    }
    const Certificate subject(ossl::upRef(cert));
    const Certificate ca(ossl::upRef(issuer));
    std::vector<CheckedOcsp> checked;
    std::string refused;
    for (const OcspResponse& response : ocsps) {
        auto status = response.statusOf(subject, ca);
        if (!status) continue;
        out.spoke = true;
        auto responder = response.checkResponder(ca, certs);
        if (!responder) {
            refused = responder.error().message;
            continue;
        }
        CheckedOcsp c{*status, responder->certificate.subject(), responder->delegated, {}};
        if (responder->delegated && !responder->noCheck) {
            // RFC 6960 §4.2.2.2.1: without id-pkix-ocsp-nocheck the responder's own
            // certificate can be revoked; a CRL of the CA at hand tells.
            X509* r = responder->certificate.native();
            bool crlSeen = false;
            bool revoked = false;
            for (X509_CRL* crl : crls) {
                if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0) continue;
                if (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
                    ossl::clearErrors();
                    continue;
                }
                crlSeen = true;
                X509_REVOKED* entry = nullptr;
                if (X509_CRL_get0_by_cert(crl, &entry, r) == 1) revoked = true;
            }
            if (revoked) {
                refused = "the OCSP responder " + describe(r) + " is revoked by a CRL of " + describe(issuer);
                continue;
            }
            if (!crlSeen)
                c.notes.push_back({OcspNote::Kind::ResponderUnchecked,
                                   who + ": the OCSP responder " + describe(r) +
                                       " has no id-pkix-ocsp-nocheck and no CRL of its issuer is at hand: the "
                                       "responder's own revocation was not checked"});
        }
        if (status->thisUpdate > now + kMaxOcspClockSkew) {
            refused = "the OCSP response of " + c.responder + " is dated " + formatUtc(status->thisUpdate) +
                      ", in the future";
            continue;
        }
        checked.push_back(std::move(c));
    }
    if (!out.spoke) {
        out.reason = who + ": no OCSP response about it";
        return out;
    }
    if (checked.empty()) {
        out.state = CertRevocation::State::Invalid;
        out.reason = who + ": " + refused;
        return out;
    }
    auto evidence = [&](const CheckedOcsp& c) {
        return RevocationEvidence{
            RevocationEvidence::Kind::Ocsp, depth, subjectString(cert), c.responder, c.status.thisUpdate, c.delegated};
    };
    // Revoked at or before `at`, in any accepted response, is revoked.
    for (const CheckedOcsp& c : checked) {
        if (c.status.status != OcspCertStatus::Revoked || !c.status.revocationTime || *c.status.revocationTime > at)
            continue;
        out.state = CertRevocation::State::Revoked;
        out.details =
            RevocationDetails{*c.status.revocationTime, c.status.reason.value_or(RevocationReason::Unspecified)};
        out.reason = who + ": revoked on " + formatUtc(out.details->date) + " (" +
                     revocationReasonName(out.details->reason) + "), says the OCSP responder " + c.responder;
        out.evidence = evidence(c);
        return out;
    }
    const auto notAfter = asn1TimeToTimePoint(X509_get0_notAfter(cert));
    const CheckedOcsp* best = nullptr;
    std::string why;
    for (const CheckedOcsp& c : checked) {
        const OcspSingleStatus& st = c.status;
        // Made after the certificate expired: the responder may have forgotten it, unless
        // its archiveCutoff says it keeps the status of certificates expired that long ago.
        if (st.status != OcspCertStatus::Revoked && notAfter && st.thisUpdate > *notAfter &&
            !(st.archiveCutoff && *st.archiveCutoff <= *notAfter)) {
            why = "the OCSP response of " + formatUtc(st.thisUpdate) +
                  " was made after the certificate expired, without an archiveCutoff covering it";
            continue;
        }
        const TimePoint next = st.nextUpdate.value_or(st.thisUpdate + kMaxOcspClockSkew);
        if (st.thisUpdate < at && next < now) {
            out.stale = true;
            why = "no OCSP response made after " + formatUtc(at) + " (the newest given is of " +
                  formatUtc(st.thisUpdate) + (st.nextUpdate ? ", next update " + formatUtc(*st.nextUpdate) : "") +
                  ", and a newer one exists)";
            continue;
        }
        if (best == nullptr || st.thisUpdate > best->status.thisUpdate) best = &c;
    }
    if (best == nullptr) {
        out.reason = who + ": " + why;
        return out;
    }
    const OcspSingleStatus& st = best->status;
    if (st.status == OcspCertStatus::Unknown) {
        out.reason = who + ": the OCSP responder " + best->responder + " answered 'unknown' (it does not know the " +
                     "certificate)";
        return out;
    }
    out.ocspNotes = best->notes;
    out.evidence = evidence(*best);
    if (st.thisUpdate < at && at != now)
        out.ocspNotes.push_back({OcspNote::Kind::IssuedBeforeSigning,
                                 who + ": revocation checked with the OCSP response of " + formatUtc(st.thisUpdate) +
                                     ", made before the signing time (still current); check again after " +
                                     formatUtc(st.nextUpdate.value_or(st.thisUpdate))});
    if (st.status == OcspCertStatus::Revoked) {
        out.state = CertRevocation::State::RevokedLater;
        out.details = RevocationDetails{*st.revocationTime, st.reason.value_or(RevocationReason::Unspecified)};
        return out;
    }
    out.state = CertRevocation::State::Good;
    return out;
}

// validateChain's bridge to OpenSSL's CRL check: a missing or stale CRL is forgiven for
// a certificate a current OCSP response settles.
struct OcspVerifyContext {
    const ChainInput* in = nullptr;
    std::vector<Certificate> certs; // where delegated responders may be found
    std::vector<X509_CRL*> crls;
    std::map<int, CertRevocation> settled; // depth → the OCSP status used
    std::optional<CertRevocation> failure;
    int failureDepth = -1;
};

int ocspVerifyCallback(int ok, X509_STORE_CTX* ctx)
{
    if (ok == 1) return 1;
    const int err = X509_STORE_CTX_get_error(ctx);
    if (err != X509_V_ERR_UNABLE_TO_GET_CRL && err != X509_V_ERR_CRL_HAS_EXPIRED &&
        err != X509_V_ERR_CRL_NOT_YET_VALID && err != X509_V_ERR_UNABLE_TO_GET_CRL_ISSUER)
        return 0;
    auto* oc = static_cast<OcspVerifyContext*>(X509_STORE_CTX_get_app_data(ctx));
    const int depth = X509_STORE_CTX_get_error_depth(ctx);
    STACK_OF(X509)* chain = X509_STORE_CTX_get0_chain(ctx);
    if (oc == nullptr || chain == nullptr || depth < 0) return 0;
    // The trust anchor is trusted as configured: no issuer answers for it, and with OCSP
    // evidence no CRL of its own need be at hand (RevocationCheck::Required's rule is
    // "every certificate below the anchor").
    if (err == X509_V_ERR_UNABLE_TO_GET_CRL && depth + 1 == sk_X509_num(chain) && !oc->in->ocsps.empty()) {
        X509_STORE_CTX_set_error(ctx, X509_V_OK);
        return 1;
    }
    if (oc->in->ocsps.empty() || depth + 1 >= sk_X509_num(chain)) return 0;
    X509* cert = sk_X509_value(chain, depth);
    X509* issuer = sk_X509_value(chain, depth + 1);
    auto st = ocspStatusAt(cert, issuer, oc->in->ocsps, oc->certs, oc->crls, oc->in->time, oc->in->time, depth);
    if (st.settled()) {
        oc->settled[depth] = std::move(st);
        X509_STORE_CTX_set_error(ctx, X509_V_OK);
        return 1;
    }
    if (st.spoke) {
        oc->failure = std::move(st);
        oc->failureDepth = depth;
    }
    return 0;
}

// The newest verified complete CRL of `issuer` at `time` (what OpenSSL's check used).
// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): a certificate and its issuer, as everywhere in OpenSSL
std::optional<RevocationEvidence> crlEvidence(X509* cert, X509* issuer, std::span<X509_CRL* const> crls, TimePoint time,
                                              int depth)
{
    std::optional<RevocationEvidence> out;
    for (X509_CRL* crl : crls) {
        if (X509_NAME_cmp(X509_CRL_get_issuer(crl), X509_get_subject_name(issuer)) != 0) continue;
        auto t = asn1TimeToTimePoint(X509_CRL_get0_lastUpdate(crl));
        if (!t || *t > time || (out && *t <= out->thisUpdate)) continue;
        if (X509_CRL_verify(crl, X509_get0_pubkey(issuer)) != 1) {
            ossl::clearErrors();
            continue;
        }
        out = RevocationEvidence{RevocationEvidence::Kind::Crl,        depth, subjectString(cert),
                                 nameString(X509_CRL_get_issuer(crl)), *t,    false};
    }
    return out;
}

} // namespace

const char* verdictCodeName(VerdictCode code) noexcept
{
    switch (code) {
    case VerdictCode::Valid:
        return "valid";
    case VerdictCode::Expired:
        return "expired";
    case VerdictCode::NotYetValid:
        return "not-yet-valid";
    case VerdictCode::Revoked:
        return "revoked";
    case VerdictCode::UnknownIssuer:
        return "unknown-issuer";
    case VerdictCode::BadSignature:
        return "bad-signature";
    case VerdictCode::WrongUsage:
        return "wrong-usage";
    case VerdictCode::NotCa:
        return "not-a-ca";
    case VerdictCode::NameConstraints:
        return "name-constraints";
    case VerdictCode::PathLength:
        return "path-length";
    case VerdictCode::NameMismatch:
        return "name-mismatch";
    case VerdictCode::CrlMissing:
        return "crl-missing";
    case VerdictCode::CrlStale:
        return "crl-stale";
    case VerdictCode::CrlInvalid:
        return "crl-invalid";
    case VerdictCode::OcspInvalid:
        return "ocsp-invalid";
    case VerdictCode::Malformed:
        return "malformed";
    case VerdictCode::Other:
        return "other";
    }
    return "other";
}

Verdict validateChain(const ChainInput& in)
{
    if (!in.leaf) return make(VerdictCode::Other, "no certificate to validate");
    if (in.anchors.empty()) return make(VerdictCode::UnknownIssuer, "no trust anchors configured");
    X509* const leaf = in.leaf->native();
    const std::vector<X509*> anchors = nativePointers(in.anchors);
    const std::vector<X509*> intermediates = nativePointers(in.intermediates);
    const std::vector<X509_CRL*> crls = nativePointers(in.crls);
    ossl::clearErrors();

    ossl::X509StorePtr store(X509_STORE_new());
    if (!store) return make(VerdictCode::Other, ossl::lastError("X509_STORE_new").message);
    for (X509* a : anchors)
        if (X509_STORE_add_cert(store.get(), a) != 1) ossl::clearErrors(); // duplicates are harmless
    for (X509_CRL* c : crls)
        if (X509_STORE_add_crl(store.get(), c) != 1) ossl::clearErrors();

    auto untrusted = ossl::newX509Stack();
    for (X509* c : intermediates)
        if (!ossl::pushCopy(untrusted.get(), c)) return make(VerdictCode::Other, "out of memory");

    ossl::X509StoreCtxPtr ctx(X509_STORE_CTX_new());
    if (!ctx || X509_STORE_CTX_init(ctx.get(), store.get(), leaf, untrusted.get()) != 1)
        return make(VerdictCode::Other, ossl::lastError("X509_STORE_CTX_init").message);

    X509_VERIFY_PARAM* param = X509_STORE_CTX_get0_param(ctx.get());
    unsigned long flags = X509_V_FLAG_X509_STRICT | X509_V_FLAG_PARTIAL_CHAIN | X509_V_FLAG_TRUSTED_FIRST;
    if (in.revocation == RevocationCheck::Required) flags |= X509_V_FLAG_CRL_CHECK | X509_V_FLAG_CRL_CHECK_ALL;
    X509_VERIFY_PARAM_set_flags(param, flags);
    X509_VERIFY_PARAM_set_time(param, std::chrono::system_clock::to_time_t(in.time));
    // The chain's signatures through the process's memo (the same CA certificates come
    // with every file); times, usages and revocation are judged here every time.
    rememberSignatureChecks(ctx.get());
    if (in.maxDepth >= 0) X509_VERIFY_PARAM_set_depth(param, in.maxDepth);
    X509_VERIFY_PARAM_set_auth_level(param, 2); // ≥ 112-bit security: RSA ≥ 2048, no SHA-1
    int purpose = X509_PURPOSE_ANY;
    switch (in.purpose) {
    case Purpose::TlsClient:
        purpose = X509_PURPOSE_SSL_CLIENT;
        break;
    case Purpose::TlsServer:
        purpose = X509_PURPOSE_SSL_SERVER;
        break;
    case Purpose::TimeStamping:
        purpose = X509_PURPOSE_TIMESTAMP_SIGN;
        break;
    case Purpose::Any:
    case Purpose::DocumentSigning:
        break;
    }
    if (X509_VERIFY_PARAM_set_purpose(param, purpose) != 1)
        return make(VerdictCode::Other, ossl::lastError("setting the purpose").message);
    // Host names are matched against subjectAltName only, never the subject's CN (RFC 6125).
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NEVER_CHECK_SUBJECT | X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    if (in.dnsName && X509_VERIFY_PARAM_set1_host(param, in.dnsName->c_str(), in.dnsName->size()) != 1)
        return make(VerdictCode::NameMismatch, "invalid expected host name '" + *in.dnsName + "'");
    if (in.ipAddress && X509_VERIFY_PARAM_set1_ip_asc(param, in.ipAddress->c_str()) != 1)
        return make(VerdictCode::NameMismatch, "invalid expected IP address '" + *in.ipAddress + "'");

    OcspVerifyContext ocspContext;
    ocspContext.in = &in;
    ocspContext.certs.assign(in.intermediates.begin(), in.intermediates.end());
    ocspContext.certs.insert(ocspContext.certs.end(), in.anchors.begin(), in.anchors.end());
    ocspContext.crls = crls;
    if (in.revocation == RevocationCheck::Required) {
        X509_STORE_CTX_set_app_data(ctx.get(), &ocspContext);
        X509_STORE_CTX_set_verify_cb(ctx.get(), ocspVerifyCallback);
    }

    const int ok = X509_verify_cert(ctx.get());
    Verdict v;
    if (STACK_OF(X509)* built = X509_STORE_CTX_get0_chain(ctx.get())) {
        for (int i = 0; i < sk_X509_num(built); ++i)
            v.chain.emplace_back(ossl::upRef(sk_X509_value(built, i)));
    }
    if (ok != 1) {
        const int err = X509_STORE_CTX_get_error(ctx.get());
        const int depth = X509_STORE_CTX_get_error_depth(ctx.get());
        X509* at = X509_STORE_CTX_get_current_cert(ctx.get());
        if (at == nullptr && depth >= 0 && depth < static_cast<int>(v.chain.size()))
            at = v.chain[static_cast<std::size_t>(depth)].native();
        v.code = mapOpenSslError(err);
        v.depth = depth;
        v.reason = "certificate " + describe(at) + ": " + X509_verify_cert_error_string(err);
        if (v.code == VerdictCode::Revoked && at != nullptr) {
            v.revocation = findRevocation(at, crls);
            if (v.revocation)
                v.reason +=
                    " on " + formatUtc(v.revocation->date) + " (" + revocationReasonName(v.revocation->reason) + ")";
        }
        // The OCSP responses about the certificate OpenSSL found no current CRL for.
        if (ocspContext.failure && ocspContext.failureDepth == depth &&
            (v.code == VerdictCode::CrlMissing || v.code == VerdictCode::CrlStale || v.code == VerdictCode::Revoked)) {
            const CertRevocation& f = *ocspContext.failure;
            if (f.state == CertRevocation::State::Revoked) {
                v.code = VerdictCode::Revoked;
                v.reason = f.reason;
                v.revocation = f.details;
            } else if (f.state == CertRevocation::State::Invalid) {
                v.code = VerdictCode::OcspInvalid;
                v.reason += "; " + f.reason;
            } else {
                if (f.stale) v.code = VerdictCode::CrlStale;
                v.reason += "; " + f.reason;
            }
        }
        ossl::clearErrors();
        return v;
    }
    if (auto strict = strictChecks(in, X509_STORE_CTX_get0_chain(ctx.get()))) {
        strict->chain = std::move(v.chain);
        return std::move(*strict);
    }
    if (in.revocation == RevocationCheck::Required) {
        for (std::size_t i = 0; i + 1 < v.chain.size(); ++i) {
            const int depth = static_cast<int>(i);
            X509* cert = v.chain[i].native();
            X509* issuer = v.chain[i + 1].native();
            if (auto it = ocspContext.settled.find(depth); it != ocspContext.settled.end()) {
                v.ocspNotes.insert(v.ocspNotes.end(), it->second.ocspNotes.begin(), it->second.ocspNotes.end());
                if (it->second.evidence) v.evidence.push_back(*it->second.evidence);
                continue;
            }
            // A current CRL said good; an OCSP response saying revoked still counts.
            const CertRevocation byOcsp =
                ocspStatusAt(cert, issuer, in.ocsps, ocspContext.certs, crls, in.time, in.time, depth);
            if (byOcsp.state == CertRevocation::State::Revoked) {
                Verdict revoked = make(VerdictCode::Revoked, byOcsp.reason, depth);
                revoked.revocation = byOcsp.details;
                revoked.chain = std::move(v.chain);
                return revoked;
            }
            if (auto e = crlEvidence(cert, issuer, crls, in.time, depth)) v.evidence.push_back(*e);
            if (byOcsp.settled() && byOcsp.evidence) {
                v.evidence.push_back(*byOcsp.evidence);
                v.ocspNotes.insert(v.ocspNotes.end(), byOcsp.ocspNotes.begin(), byOcsp.ocspNotes.end());
            }
        }
    }
    v.code = VerdictCode::Valid;
    v.reason = "valid";
    return v;
}

PastRevocationStatus revocationStatusAt(std::span<const Certificate> chainValues, std::span<const Crl> crlValues,
                                        TimePoint at, TimePoint now)
{
    return revocationStatusAt(chainValues, crlValues, {}, at, now);
}

PastRevocationStatus revocationStatusAt(std::span<const Certificate> chainValues, std::span<const Crl> crlValues,
                                        std::span<const OcspResponse> ocsps, TimePoint at, TimePoint now,
                                        std::span<const Certificate> certificates)
{
    const std::vector<X509*> chain = nativePointers(chainValues);
    const std::vector<X509_CRL*> crls = nativePointers(crlValues);
    std::vector<Certificate> responders(chainValues.begin(), chainValues.end());
    responders.insert(responders.end(), certificates.begin(), certificates.end());
    PastRevocationStatus out;
    out.verdict = make(VerdictCode::Valid, "valid");
    for (std::size_t i = 0; i + 1 < chain.size(); ++i) {
        const int depth = static_cast<int>(i);
        const CertRevocation byCrl = crlStatusAt(chain[i], chain[i + 1], crls, at, now, depth);
        const CertRevocation byOcsp = ocspStatusAt(chain[i], chain[i + 1], ocsps, responders, crls, at, now, depth);
        for (const CertRevocation* r : {&byCrl, &byOcsp}) {
            if (r->state != CertRevocation::State::Revoked) continue;
            out.verdict = make(VerdictCode::Revoked, r->reason, depth);
            out.verdict.revocation = r->details;
            return out;
        }
        if (byCrl.settled() || byOcsp.settled()) {
            for (const CertRevocation* r : {&byCrl, &byOcsp}) {
                if (!r->settled()) continue;
                out.notes.insert(out.notes.end(), r->notes.begin(), r->notes.end());
                out.ocspNotes.insert(out.ocspNotes.end(), r->ocspNotes.begin(), r->ocspNotes.end());
                if (r->evidence) out.evidence.push_back(*r->evidence);
                if (r->state == CertRevocation::State::RevokedLater &&
                    (!out.revokedLater || r->details->date < out.revokedLater->date))
                    out.revokedLater = r->details;
            }
            continue;
        }
        if (byOcsp.state == CertRevocation::State::Invalid) {
            out.verdict = make(VerdictCode::OcspInvalid, byOcsp.reason, depth);
            return out;
        }
        std::string reason = byCrl.reason;
        if (byOcsp.spoke) reason += "; " + byOcsp.reason;
        out.verdict = make(VerdictCode::CrlMissing, reason, depth);
        return out;
    }
    return out;
}

} // namespace sandi::crypto
