// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/cert_builder.h"
#include "sandi/pki/x509.h"

#include <openssl/objects.h>

#include <array>
#include <cctype>
#include <chrono>
#include <limits>

namespace sandi::crypto {
namespace {

using GeneralNamePtr = std::unique_ptr<GENERAL_NAME, ossl::Deleter<GENERAL_NAME, GENERAL_NAME_free>>;
using GeneralSubtreePtr = std::unique_ptr<GENERAL_SUBTREE, ossl::Deleter<GENERAL_SUBTREE, GENERAL_SUBTREE_free>>;

Status addNameEntry(X509_NAME* name, const char* field, std::string_view value)
{
    if (value.empty()) return {};
    if (value.size() > kMaxNameAttributeBytes)
        return fail(ErrorCode::InvalidArgument,
                    std::string(field) + " is longer than " + std::to_string(kMaxNameAttributeBytes) + " bytes");
    for (char c : value)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7F)
            return fail(ErrorCode::InvalidArgument, std::string(field) + " contains a control character");
    const int type =
        std::string_view(field) == "C" || std::string_view(field) == "serialNumber" ? MBSTRING_ASC : MBSTRING_UTF8;
    if (X509_NAME_add_entry_by_txt(name, field, type, reinterpret_cast<const unsigned char*>(value.data()),
                                   static_cast<int>(value.size()), -1, 0) != 1)
        return fail(ossl::lastError(std::string("invalid ") + field + " '" + std::string(value) + "'",
                                    ErrorCode::InvalidArgument));
    return {};
}

std::string entryText(const X509_NAME* name, int nid)
{
    const int idx = X509_NAME_get_index_by_NID(name, nid, -1);
    if (idx < 0) return {};
    const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, idx));
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, s);
    if (n < 0) return {};
    std::string out(reinterpret_cast<char*>(utf8), static_cast<std::size_t>(n));
    OPENSSL_free(utf8);
    return out;
}

Result<ossl::X509ExtPtr> confExtension(X509V3_CTX* ctx, int nid, const std::string& value)
{
    ossl::X509ExtPtr ext(X509V3_EXT_nconf_nid(nullptr, ctx, nid, value.c_str()));
    if (!ext) return fail(ossl::lastError(std::string("building extension ") + OBJ_nid2sn(nid)));
    return ext;
}

Status addExtension(X509* cert, X509_EXTENSION* ext)
{
    if (X509_add_ext(cert, ext, -1) != 1) return fail(ossl::lastError("adding an extension"));
    return {};
}

Result<GeneralNamePtr> ia5Name(int type, std::string_view value)
{
    GeneralNamePtr gn(GENERAL_NAME_new());
    ASN1_IA5STRING* s = ASN1_IA5STRING_new();
    if (!gn || s == nullptr || ASN1_STRING_set(s, value.data(), static_cast<int>(value.size())) != 1) {
        ASN1_IA5STRING_free(s);
        return fail(ossl::lastError("building a general name"));
    }
    GENERAL_NAME_set0_value(gn.get(), type, s);
    return gn;
}

Result<GeneralNamePtr> ipName(std::string_view value)
{
    const std::string text(value);
    ASN1_OCTET_STRING* ip = a2i_IPADDRESS(text.c_str());
    if (ip == nullptr) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidArgument, "invalid IP address '" + text + "'");
    }
    GeneralNamePtr gn(GENERAL_NAME_new());
    if (!gn) {
        ASN1_OCTET_STRING_free(ip);
        return fail(ossl::lastError("building a general name"));
    }
    GENERAL_NAME_set0_value(gn.get(), GEN_IPADD, ip);
    return gn;
}

Result<GeneralNamePtr> dirName(const X509_NAME* name)
{
    GeneralNamePtr gn(GENERAL_NAME_new());
    X509_NAME* copy = X509_NAME_dup(name);
    if (!gn || copy == nullptr) {
        X509_NAME_free(copy);
        return fail(ossl::lastError("building a directory name"));
    }
    GENERAL_NAME_set0_value(gn.get(), GEN_DIRNAME, copy);
    return gn;
}

Status addSubjectAltNames(X509* cert, const CertificateTemplate& t)
{
    const std::size_t count = t.emails.size() + t.dnsNames.size() + t.ipAddresses.size();
    if (count == 0) return {};
    if (count > kMaxSubjectAltNames)
        return fail(ErrorCode::InvalidArgument,
                    "more than " + std::to_string(kMaxSubjectAltNames) + " subject alternative names");
    ossl::GeneralNamesPtr names(sk_GENERAL_NAME_new_null());
    auto push = [&](GeneralNamePtr gn) -> Status {
        if (sk_GENERAL_NAME_push(names.get(), gn.get()) <= 0) return fail(ossl::lastError("adding a name"));
        (void)gn.release();
        return {};
    };
    for (const auto& e : t.emails) {
        SANDI_TRY(checkEmail(e));
        SANDI_ASSIGN(gn, ia5Name(GEN_EMAIL, e));
        SANDI_TRY(push(std::move(gn)));
    }
    for (const auto& d : t.dnsNames) {
        SANDI_TRY(checkDnsName(d));
        SANDI_ASSIGN(gn, ia5Name(GEN_DNS, d));
        SANDI_TRY(push(std::move(gn)));
    }
    for (const auto& ip : t.ipAddresses) {
        SANDI_ASSIGN(gn, ipName(ip));
        SANDI_TRY(push(std::move(gn)));
    }
    ossl::X509ExtPtr ext(X509V3_EXT_i2d(NID_subject_alt_name, 0, names.get()));
    if (!ext) return fail(ossl::lastError("encoding subjectAltName"));
    return addExtension(cert, ext.get());
}

Status addNameConstraints(X509* cert, const CertificateTemplate& t)
{
    if (!t.constrainDirectoryToOffice && t.permittedDns.empty() && t.permittedEmail.empty()) return {};
    ossl::NameConstraintsPtr nc(NAME_CONSTRAINTS_new());
    if (!nc) return fail(ossl::lastError("building name constraints"));
    nc->permittedSubtrees = sk_GENERAL_SUBTREE_new_null();
    auto push = [&](GeneralNamePtr gn) -> Status {
        GeneralSubtreePtr sub(GENERAL_SUBTREE_new());
        if (!sub) return fail(ossl::lastError("building a subtree"));
        GENERAL_NAME_free(sub->base);
        sub->base = gn.release();
        if (sk_GENERAL_SUBTREE_push(nc->permittedSubtrees, sub.get()) <= 0)
            return fail(ossl::lastError("adding a subtree"));
        (void)sub.release();
        return {};
    };
    if (t.constrainDirectoryToOffice) {
        DistinguishedName office = t.subject;
        office.commonName.clear();
        office.serialNumber.clear();
        office.title.clear();
        if (office.unit.empty()) return fail(ErrorCode::InvalidArgument, "an office CA needs an office name (OU)");
        SANDI_ASSIGN(base, makeName(office));
        SANDI_ASSIGN(gn, dirName(base.get()));
        SANDI_TRY(push(std::move(gn)));
    }
    for (const auto& d : t.permittedDns) {
        SANDI_TRY(checkDnsName(d));
        SANDI_ASSIGN(gn, ia5Name(GEN_DNS, d));
        SANDI_TRY(push(std::move(gn)));
    }
    for (const auto& e : t.permittedEmail) {
        // A domain ("baubaukota.go.id") permits every mailbox there.
        SANDI_TRY(checkDnsName(e));
        SANDI_ASSIGN(gn, ia5Name(GEN_EMAIL, e));
        SANDI_TRY(push(std::move(gn)));
    }
    ossl::X509ExtPtr ext(X509V3_EXT_i2d(NID_name_constraints, 1, nc.get()));
    if (!ext) return fail(ossl::lastError("encoding nameConstraints"));
    return addExtension(cert, ext.get());
}

Status addExtendedKeyUsage(X509* cert, const ProfileSpec& spec)
{
    if (spec.extendedKeyUsages.empty()) return {};
    ossl::ExtKeyUsagePtr eku(sk_ASN1_OBJECT_new_null());
    for (auto oid : spec.extendedKeyUsages) {
        const std::string text(oid);
        ASN1_OBJECT* obj = OBJ_txt2obj(text.c_str(), 1);
        if (obj == nullptr || sk_ASN1_OBJECT_push(eku.get(), obj) <= 0) {
            ASN1_OBJECT_free(obj);
            return fail(ossl::lastError("building extendedKeyUsage"));
        }
    }
    ossl::X509ExtPtr ext(X509V3_EXT_i2d(NID_ext_key_usage, spec.extendedKeyUsageCritical ? 1 : 0, eku.get()));
    if (!ext) return fail(ossl::lastError("encoding extendedKeyUsage"));
    return addExtension(cert, ext.get());
}

Result<ossl::X509ExtPtr> e2eIdentityExtension(EVP_PKEY* identity)
{
    if (EVP_PKEY_get_base_id(identity) != EVP_PKEY_ED25519)
        return fail(ErrorCode::InvalidArgument, "the messaging identity key must be an Ed25519 public key");
    unsigned char* der = nullptr;
    const int n = i2d_PUBKEY(identity, &der);
    if (n <= 0) return fail(ossl::lastError("encoding the identity key"));
    ossl::Asn1OctetStringPtr value(ASN1_OCTET_STRING_new());
    const bool ok = value && ASN1_OCTET_STRING_set(value.get(), der, n) == 1;
    OPENSSL_free(der);
    if (!ok) return fail(ossl::lastError("encoding the identity key"));
    ossl::Asn1ObjectPtr oid(OBJ_txt2obj(std::string(kOidSandiE2eIdentityKey).c_str(), 1));
    if (!oid) return fail(ossl::lastError("encoding the identity key OID"));
    ossl::X509ExtPtr ext(X509_EXTENSION_create_by_OBJ(nullptr, oid.get(), 0, value.get()));
    if (!ext) return fail(ossl::lastError("building the identity key extension"));
    return ext;
}

Status addE2eIdentity(X509* cert, EVP_PKEY* identity)
{
    SANDI_ASSIGN(ext, e2eIdentityExtension(identity));
    return addExtension(cert, ext.get());
}

Status setTime(ASN1_TIME* field, TimePoint t)
{
    time_t secs = std::chrono::system_clock::to_time_t(t);
    // X509_time_adj_ex picks UTCTime before 2050 and GeneralizedTime after (RFC 5280).
    if (X509_time_adj_ex(field, 0, 0, &secs) == nullptr) return fail(ossl::lastError("setting a validity time"));
    return {};
}

} // namespace

Result<ossl::Asn1IntegerPtr> randomSerial(Random& rng)
{
    std::array<std::byte, kSerialBytes> bytes{};
    ossl::BnPtr bn;
    do {
        rng.fill(bytes);
        bn.reset(
            BN_bin2bn(reinterpret_cast<const unsigned char*>(bytes.data()), static_cast<int>(bytes.size()), nullptr));
        if (!bn) return fail(ossl::lastError("making a serial number"));
    } while (BN_is_zero(bn.get()));
    ossl::Asn1IntegerPtr serial(BN_to_ASN1_INTEGER(bn.get(), nullptr));
    if (!serial) return fail(ossl::lastError("making a serial number"));
    return serial;
}

Result<ossl::X509NamePtr> makeName(const DistinguishedName& dn)
{
    ossl::X509NamePtr name(X509_NAME_new());
    if (!name) return fail(ossl::lastError("building a name"));
    if (!dn.country.empty() && dn.country.size() != 2)
        return fail(ErrorCode::InvalidArgument, "country must be a two-letter code (e.g. ID)");
    SANDI_TRY(addNameEntry(name.get(), "C", dn.country));
    SANDI_TRY(addNameEntry(name.get(), "O", dn.organization));
    SANDI_TRY(addNameEntry(name.get(), "OU", dn.unit));
    SANDI_TRY(addNameEntry(name.get(), "title", dn.title));
    SANDI_TRY(addNameEntry(name.get(), "serialNumber", dn.serialNumber));
    SANDI_TRY(addNameEntry(name.get(), "CN", dn.commonName));
    if (X509_NAME_entry_count(name.get()) == 0) return fail(ErrorCode::InvalidArgument, "empty name");
    return name;
}

DistinguishedName officePart(const X509_NAME* name)
{
    DistinguishedName dn;
    dn.country = entryText(name, NID_countryName);
    dn.organization = entryText(name, NID_organizationName);
    dn.unit = entryText(name, NID_organizationalUnitName);
    return dn;
}

const EVP_MD* digestForKey(EVP_PKEY* key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_ED25519:
    case EVP_PKEY_ED448:
        return nullptr;
    case EVP_PKEY_EC:
        return EVP_PKEY_get_bits(key) > 256 ? EVP_sha384() : EVP_sha256();
    default:
        return EVP_sha256();
    }
}

Result<ossl::X509Ptr> signCertificate(const CertificateTemplate& t, const ASN1_INTEGER* serial, X509* issuer,
                                      EVP_PKEY* issuerKey)
{
    const ProfileSpec& spec = profileSpec(t.profile);
    if (t.subjectKey == nullptr || issuerKey == nullptr)
        return fail(ErrorCode::InvalidArgument, "missing subject or issuer key");
    if (t.notAfter <= t.notBefore) return fail(ErrorCode::InvalidArgument, "notAfter must be later than notBefore");
    if (!spec.allowsEmail && !t.emails.empty())
        return fail(ErrorCode::InvalidArgument, "profile " + std::string(spec.name) + " takes no e-mail address");
    if (!spec.allowsDnsAndIp && (!t.dnsNames.empty() || !t.ipAddresses.empty()))
        return fail(ErrorCode::InvalidArgument,
                    "profile " + std::string(spec.name) + " takes no DNS name or IP address");
    if (spec.requiresDnsOrIp && t.dnsNames.empty() && t.ipAddresses.empty())
        return fail(ErrorCode::InvalidArgument,
                    "profile " + std::string(spec.name) + " needs at least one DNS name or IP address");
    if (t.e2eIdentityKey != nullptr && !spec.allowsE2eIdentityKey)
        return fail(ErrorCode::InvalidArgument, "profile " + std::string(spec.name) + " cannot carry an identity key");
    if (issuer == nullptr && t.profile != Profile::RootCa)
        return fail(ErrorCode::InvalidArgument, "only a root CA certificate is self-signed");

    ossl::X509Ptr cert(X509_new());
    if (!cert) return fail(ossl::lastError("allocating a certificate"));
    SANDI_ASSIGN(subject, makeName(t.subject));
    ossl::Asn1IntegerPtr serialCopy(ASN1_INTEGER_dup(serial));
    if (!serialCopy || X509_set_version(cert.get(), X509_VERSION_3) != 1 ||
        X509_set_serialNumber(cert.get(), serialCopy.get()) != 1 ||
        X509_set_subject_name(cert.get(), subject.get()) != 1 ||
        X509_set_issuer_name(cert.get(), issuer != nullptr ? X509_get_subject_name(issuer) : subject.get()) != 1 ||
        X509_set_pubkey(cert.get(), t.subjectKey) != 1)
        return fail(ossl::lastError("filling the certificate"));
    SANDI_TRY(setTime(X509_getm_notBefore(cert.get()), t.notBefore));
    SANDI_TRY(setTime(X509_getm_notAfter(cert.get()), t.notAfter));

    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer != nullptr ? issuer : cert.get(), cert.get(), nullptr, nullptr, 0);

    std::string bc = "critical,CA:";
    bc += spec.isCa ? "TRUE" : "FALSE";
    if (spec.isCa && spec.pathLength >= 0) bc += ",pathlen:" + std::to_string(spec.pathLength);
    SANDI_ASSIGN(bcExt, confExtension(&ctx, NID_basic_constraints, bc));
    SANDI_TRY(addExtension(cert.get(), bcExt.get()));

    std::string ku = "critical";
    const std::array<std::pair<unsigned, const char*>, 5> kuNames{{{KU_DIGITAL_SIGNATURE, "digitalSignature"},
                                                                   {KU_NON_REPUDIATION, "nonRepudiation"},
                                                                   {KU_KEY_ENCIPHERMENT, "keyEncipherment"},
                                                                   {KU_KEY_CERT_SIGN, "keyCertSign"},
                                                                   {KU_CRL_SIGN, "cRLSign"}}};
    unsigned kuBits = spec.keyUsage;
    // TLS 1.2 RSA key exchange needs keyEncipherment on an RSA server key.
    if (t.profile == Profile::RelayTls && EVP_PKEY_get_base_id(t.subjectKey) == EVP_PKEY_RSA)
        kuBits |= KU_KEY_ENCIPHERMENT;
    for (const auto& [bit, name] : kuNames)
        if ((kuBits & bit) != 0) (ku += ",") += name;
    SANDI_ASSIGN(kuExt, confExtension(&ctx, NID_key_usage, ku));
    SANDI_TRY(addExtension(cert.get(), kuExt.get()));

    SANDI_TRY(addExtendedKeyUsage(cert.get(), spec));

    SANDI_ASSIGN(skiExt, confExtension(&ctx, NID_subject_key_identifier, "hash"));
    SANDI_TRY(addExtension(cert.get(), skiExt.get()));
    // For a self-signed root the AKI repeats its own SKI (keyid only).
    SANDI_ASSIGN(akiExt, confExtension(&ctx, NID_authority_key_identifier, "keyid:always"));
    SANDI_TRY(addExtension(cert.get(), akiExt.get()));

    SANDI_TRY(addSubjectAltNames(cert.get(), t));
    if (spec.isCa) SANDI_TRY(addNameConstraints(cert.get(), t));
    if (t.e2eIdentityKey != nullptr) SANDI_TRY(addE2eIdentity(cert.get(), t.e2eIdentityKey));
    if (!t.ocspUrl.empty()) {
        SANDI_TRY(checkPublicationUrl(t.ocspUrl));
        SANDI_ASSIGN(aia, confExtension(&ctx, NID_info_access, "OCSP;URI:" + t.ocspUrl));
        SANDI_TRY(addExtension(cert.get(), aia.get()));
    }
    if (!t.crlUrl.empty()) {
        SANDI_TRY(checkPublicationUrl(t.crlUrl));
        SANDI_ASSIGN(cdp, confExtension(&ctx, NID_crl_distribution_points, "URI:" + t.crlUrl));
        SANDI_TRY(addExtension(cert.get(), cdp.get()));
    }
    if (t.profile == Profile::Ocsp) { // RFC 6960 §4.2.2.2.1: trusted for its short lifetime, not checked
        SANDI_ASSIGN(noCheck, confExtension(&ctx, NID_id_pkix_OCSP_noCheck, "ignored"));
        SANDI_TRY(addExtension(cert.get(), noCheck.get()));
    }

    if (issuer != nullptr && X509_check_private_key(issuer, issuerKey) != 1)
        return fail(ossl::lastError("the issuer's key does not match its certificate", ErrorCode::InvalidArgument));
    if (X509_sign(cert.get(), issuerKey, digestForKey(issuerKey)) <= 0)
        return fail(ossl::lastError("signing the certificate"));
    return cert;
}

Status checkPublicationUrl(std::string_view url)
{
    auto bad = [&](const char* why) {
        return fail(ErrorCode::InvalidArgument, "invalid URL '" + std::string(url) + "': " + why);
    };
    constexpr std::string_view kScheme = "http://";
    if (url.size() > kMaxPublicationUrlBytes)
        return bad(("longer than " + std::to_string(kMaxPublicationUrlBytes) + " bytes").c_str());
    if (!url.starts_with(kScheme)) return bad("must start with http://");
    const std::string_view rest = url.substr(kScheme.size());
    if (rest.empty() || rest.front() == '/') return bad("no host");
    for (char c : url)
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F || c == ',' || c == '"' ||
            c == '<' || c == '>' || c == '\\')
            return bad("a space, comma, quote or non-ASCII character");
    return {};
}

Status checkDnsName(std::string_view name)
{
    // RFC 1123 host names: LDH labels of 1..63, total ≤ 253, no leading/trailing hyphen.
    auto bad = [&](const char* why) {
        return fail(ErrorCode::InvalidArgument, "invalid DNS name '" + std::string(name) + "': " + why);
    };
    if (name.empty() || name.size() > 253) return bad("length");
    std::size_t start = 0;
    while (start <= name.size()) {
        std::size_t end = name.find('.', start);
        if (end == std::string_view::npos) end = name.size();
        const std::string_view label = name.substr(start, end - start);
        if (label.empty() || label.size() > 63) return bad("empty or over-long label");
        if (label.front() == '-' || label.back() == '-') return bad("label starts or ends with '-'");
        for (char c : label)
            if (!(std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-'))
                return bad("character outside a-z, 0-9, '-'");
        start = end + 1;
    }
    return {};
}

Status checkEmail(std::string_view email)
{
    const std::size_t at = email.find('@');
    if (at == std::string_view::npos || at == 0 || email.find('@', at + 1) != std::string_view::npos ||
        email.size() > 254)
        return fail(ErrorCode::InvalidArgument, "invalid e-mail address '" + std::string(email) + "'");
    for (char c : email.substr(0, at))
        if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7F || c == ',' || c == '<' ||
            c == '>')
            return fail(ErrorCode::InvalidArgument, "invalid e-mail address '" + std::string(email) + "'");
    return checkDnsName(email.substr(at + 1));
}

Result<ossl::PkeyPtr> e2eIdentityKeyOf(X509* cert)
{
    ossl::Asn1ObjectPtr oid(OBJ_txt2obj(std::string(kOidSandiE2eIdentityKey).c_str(), 1));
    if (!oid) return fail(ossl::lastError("identity key OID"));
    const int idx = X509_get_ext_by_OBJ(cert, oid.get(), -1);
    if (idx < 0) return fail(ErrorCode::NotFound, "the certificate binds no messaging identity key");
    if (X509_get_ext_by_OBJ(cert, oid.get(), idx) >= 0)
        return fail(ErrorCode::InvalidInput, "the certificate binds more than one messaging identity key");
    const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(X509_get_ext(cert, idx));
    const unsigned char* p = ASN1_STRING_get0_data(value);
    const unsigned char* start = p;
    const int len = ASN1_STRING_length(value);
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, len));
    if (!key || p - start != len || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "the certificate's messaging identity key is not a valid Ed25519 key");
    }
    return key;
}

Result<ossl::X509ReqPtr> makeDeviceRequest(EVP_PKEY* tlsKey, const DistinguishedName& subject, EVP_PKEY* identityKey)
{
    ossl::X509ReqPtr req(X509_REQ_new());
    if (!req) return fail(ossl::lastError("making a certificate request"));
    SANDI_ASSIGN(name, makeName(subject));
    if (X509_REQ_set_version(req.get(), 0) != 1 || X509_REQ_set_subject_name(req.get(), name.get()) != 1 ||
        X509_REQ_set_pubkey(req.get(), tlsKey) != 1)
        return fail(ossl::lastError("making a certificate request"));
    SANDI_ASSIGN(ext, e2eIdentityExtension(identityKey));
    STACK_OF(X509_EXTENSION)* exts = sk_X509_EXTENSION_new_null();
    if (exts == nullptr || sk_X509_EXTENSION_push(exts, ext.get()) == 0) {
        sk_X509_EXTENSION_free(exts);
        return fail(ossl::lastError("making a certificate request"));
    }
    const int added = X509_REQ_add_extensions(req.get(), exts);
    sk_X509_EXTENSION_free(exts); // the extension itself stays owned by `ext`
    if (added != 1) return fail(ossl::lastError("adding the identity key to the request"));
    if (X509_REQ_sign(req.get(), tlsKey, digestForKey(tlsKey)) <= 0)
        return fail(ossl::lastError("signing the certificate request"));
    return req;
}

Result<ossl::PkeyPtr> e2eIdentityKeyOfRequest(X509_REQ* request)
{
    STACK_OF(X509_EXTENSION)* exts = X509_REQ_get_extensions(request);
    if (exts == nullptr) {
        ossl::clearErrors();
        return fail(ErrorCode::NotFound, "the request asks for no messaging identity key");
    }
    ossl::Asn1ObjectPtr oid(OBJ_txt2obj(std::string(kOidSandiE2eIdentityKey).c_str(), 1));
    Result<ossl::PkeyPtr> out = fail(ErrorCode::NotFound, "the request asks for no messaging identity key");
    int found = 0;
    for (int i = 0; oid && i < sk_X509_EXTENSION_num(exts); ++i) {
        X509_EXTENSION* e = sk_X509_EXTENSION_value(exts, i);
        if (OBJ_cmp(X509_EXTENSION_get_object(e), oid.get()) != 0) continue;
        ++found;
        const ASN1_OCTET_STRING* value = X509_EXTENSION_get_data(e);
        const unsigned char* p = ASN1_STRING_get0_data(value);
        const unsigned char* start = p;
        const int len = ASN1_STRING_length(value);
        ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, len));
        if (!key || p - start != len || EVP_PKEY_get_base_id(key.get()) != EVP_PKEY_ED25519)
            out = fail(ErrorCode::InvalidInput, "the request's messaging identity key is not a valid Ed25519 key");
        else
            out = std::move(key);
    }
    sk_X509_EXTENSION_pop_free(exts, X509_EXTENSION_free);
    ossl::clearErrors();
    if (found > 1) return fail(ErrorCode::InvalidInput, "the request asks for more than one messaging identity key");
    return out;
}

std::string requestSubjectAttribute(X509_REQ* request, int nid)
{
    return nameAttribute(X509_REQ_get_subject_name(request), nid);
}

} // namespace sandi::crypto
