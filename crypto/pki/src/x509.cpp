// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/pki/x509.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include <array>
#include <cstring>
#include <ctime>
#include <limits>

namespace sandi::crypto {
namespace {

bool looksLikePem(std::span<const std::byte> in)
{
    static constexpr std::string_view kMarker = "-----BEGIN ";
    const std::string_view text(reinterpret_cast<const char*>(in.data()), in.size());
    return text.find(kMarker) != std::string_view::npos;
}

Status checkSize(std::span<const std::byte> in, std::string_view what)
{
    if (in.empty()) return fail(ErrorCode::InvalidInput, std::string(what) + " is empty");
    if (in.size() > kMaxX509InputBytes)
        return fail(ErrorCode::InvalidInput,
                    std::string(what) + " is larger than " + std::to_string(kMaxX509InputBytes) + " bytes");
    return {};
}

int noPassphraseCallback(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*u*/)
{
    return -1;
}

} // namespace

const char* keyTypeName(KeyType type) noexcept
{
    switch (type) {
    case KeyType::Rsa3072:
        return "rsa3072";
    case KeyType::Rsa4096:
        return "rsa4096";
    case KeyType::P256:
        return "p256";
    case KeyType::P384:
        return "p384";
    case KeyType::Ed25519:
        return "ed25519";
    }
    return "unknown";
}

Result<KeyType> keyTypeFromName(std::string_view name)
{
    for (KeyType t : {KeyType::Rsa3072, KeyType::Rsa4096, KeyType::P256, KeyType::P384, KeyType::Ed25519})
        if (name == keyTypeName(t)) return t;
    return fail(ErrorCode::InvalidArgument,
                "unknown key type '" + std::string(name) + "' (rsa3072, rsa4096, p256, p384, ed25519)");
}

Result<KeyType> keyTypeOf(EVP_PKEY* key)
{
    switch (EVP_PKEY_get_base_id(key)) {
    case EVP_PKEY_RSA: {
        const int bits = EVP_PKEY_get_bits(key);
        if (bits == 3072) return KeyType::Rsa3072;
        if (bits == 4096) return KeyType::Rsa4096;
        return fail(ErrorCode::Policy, "RSA key of " + std::to_string(bits) + " bits (3072 or 4096 required)");
    }
    case EVP_PKEY_EC: {
        std::array<char, 64> group{};
        std::size_t len = 0;
        if (EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, group.data(), group.size(), &len) != 1)
            return fail(ossl::lastError("reading the EC group"));
        const std::string_view g(group.data(), len);
        if (g == "prime256v1" || g == "P-256") return KeyType::P256;
        if (g == "secp384r1" || g == "P-384") return KeyType::P384;
        return fail(ErrorCode::Policy, "EC key on curve " + std::string(g) + " (P-256 or P-384 required)");
    }
    case EVP_PKEY_ED25519:
        return KeyType::Ed25519;
    default:
        return fail(ErrorCode::Policy, "unsupported key algorithm (RSA, ECDSA P-256/P-384 or Ed25519 required)");
    }
}

Result<ossl::PkeyPtr> generateKey(KeyType type)
{
    EVP_PKEY* raw = nullptr;
    switch (type) {
    case KeyType::Rsa3072:
        raw = EVP_RSA_gen(3072);
        break;
    case KeyType::Rsa4096:
        raw = EVP_RSA_gen(4096);
        break;
    case KeyType::P256:
        raw = EVP_EC_gen("P-256");
        break;
    case KeyType::P384:
        raw = EVP_EC_gen("P-384");
        break;
    case KeyType::Ed25519:
        raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
        break;
    }
    if (raw == nullptr) return fail(ossl::lastError(std::string("generating a ") + keyTypeName(type) + " key"));
    return ossl::PkeyPtr{raw};
}

Result<std::string> encryptPrivateKeyPem(EVP_PKEY* key, const SecureBuffer& passphrase)
{
    if (passphrase.size() < kMinPassphraseBytes)
        return fail(ErrorCode::InvalidArgument,
                    "passphrase too short (at least " + std::to_string(kMinPassphraseBytes) + " bytes)");
    if (passphrase.size() > static_cast<std::size_t>(std::numeric_limits<int>::max()))
        return fail(ErrorCode::InvalidArgument, "passphrase too long");
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>> p8(
        EVP_PKEY2PKCS8(key));
    if (!p8) return fail(ossl::lastError("encoding the private key"));
    std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG, X509_SIG_free>> sig(
        PKCS8_encrypt(-1, EVP_aes_256_cbc(), passphrase.chars(), static_cast<int>(passphrase.size()), nullptr, 0,
                      kKeyAtRestPbkdf2Iterations, p8.get()));
    if (!sig) return fail(ossl::lastError("encrypting the private key"));
    auto bio = ossl::memoryBio();
    if (!bio || PEM_write_bio_PKCS8(bio.get(), sig.get()) != 1)
        return fail(ossl::lastError("writing the encrypted private key"));
    return ossl::bioString(bio.get());
}

Result<ossl::PkeyPtr> decryptPrivateKeyPem(std::span<const std::byte> pem, const SecureBuffer& passphrase)
{
    SANDI_TRY(checkSize(pem, "private key file"));
    auto bio = ossl::memoryBio(pem);
    ossl::clearErrors();
    std::unique_ptr<X509_SIG, ossl::Deleter<X509_SIG, X509_SIG_free>> sig(
        PEM_read_bio_PKCS8(bio.get(), nullptr, noPassphraseCallback, nullptr));
    if (!sig) return fail(ossl::lastError("not a PEM encrypted private key (PKCS#8)", ErrorCode::InvalidInput));
    std::unique_ptr<PKCS8_PRIV_KEY_INFO, ossl::Deleter<PKCS8_PRIV_KEY_INFO, PKCS8_PRIV_KEY_INFO_free>> p8(
        PKCS8_decrypt(sig.get(), passphrase.chars(), static_cast<int>(passphrase.size())));
    if (!p8) {
        ossl::clearErrors();
        return fail(ErrorCode::WrongPassphrase, "wrong passphrase for the private key (or the key file is damaged)");
    }
    ossl::PkeyPtr key(EVP_PKCS82PKEY(p8.get()));
    if (!key) return fail(ossl::lastError("decoding the decrypted private key", ErrorCode::InvalidInput));
    return key;
}

std::string publicKeyPem(EVP_PKEY* key)
{
    auto bio = ossl::memoryBio();
    if (!bio || PEM_write_bio_PUBKEY(bio.get(), key) != 1) return {};
    return ossl::bioString(bio.get());
}

Result<ossl::PkeyPtr> parsePublicKey(std::span<const std::byte> pemOrDer)
{
    SANDI_TRY(checkSize(pemOrDer, "public key"));
    ossl::clearErrors();
    if (looksLikePem(pemOrDer)) {
        auto bio = ossl::memoryBio(pemOrDer);
        ossl::PkeyPtr key(PEM_read_bio_PUBKEY(bio.get(), nullptr, noPassphraseCallback, nullptr));
        if (!key) return fail(ossl::lastError("not a PEM public key", ErrorCode::InvalidInput));
        return key;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(pemOrDer.data());
    ossl::PkeyPtr key(d2i_PUBKEY(nullptr, &p, static_cast<long>(pemOrDer.size())));
    if (!key) return fail(ossl::lastError("not a DER public key", ErrorCode::InvalidInput));
    return key;
}

Result<std::vector<ossl::X509Ptr>> parseCertificates(std::span<const std::byte> pemOrDer)
{
    SANDI_TRY(checkSize(pemOrDer, "certificate input"));
    ossl::clearErrors();
    std::vector<ossl::X509Ptr> out;
    if (looksLikePem(pemOrDer)) {
        auto bio = ossl::memoryBio(pemOrDer);
        for (;;) {
            ossl::X509Ptr cert(PEM_read_bio_X509(bio.get(), nullptr, noPassphraseCallback, nullptr));
            if (!cert) break;
            out.push_back(std::move(cert));
        }
        // PEM_read reports "no start line" at the end of input; anything else is damage.
        const unsigned long err = ERR_peek_last_error();
        if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) ossl::clearErrors();
        if (ERR_peek_error() != 0) return fail(ossl::lastError("malformed PEM certificate", ErrorCode::InvalidInput));
        if (out.empty()) return fail(ErrorCode::InvalidInput, "no certificate in PEM input");
        return out;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(pemOrDer.data());
    const unsigned char* start = p;
    ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(pemOrDer.size())));
    if (!cert) return fail(ossl::lastError("malformed DER certificate", ErrorCode::InvalidInput));
    if (static_cast<std::size_t>(p - start) != pemOrDer.size())
        return fail(ErrorCode::InvalidInput, "trailing bytes after the DER certificate");
    out.push_back(std::move(cert));
    return out;
}

Result<ossl::X509Ptr> parseCertificate(std::span<const std::byte> pemOrDer)
{
    SANDI_ASSIGN(certs, parseCertificates(pemOrDer));
    if (certs.size() != 1)
        return fail(ErrorCode::InvalidInput, "expected one certificate, found " + std::to_string(certs.size()));
    return std::move(certs.front());
}

std::string certificatePem(X509* cert)
{
    auto bio = ossl::memoryBio();
    if (!bio || PEM_write_bio_X509(bio.get(), cert) != 1) return {};
    return ossl::bioString(bio.get());
}

std::vector<std::byte> certificateDer(X509* cert)
{
    unsigned char* buf = nullptr;
    const int n = i2d_X509(cert, &buf);
    if (n <= 0) return {};
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

Result<ossl::X509ReqPtr> parseCsr(std::span<const std::byte> pemOrDer)
{
    SANDI_TRY(checkSize(pemOrDer, "certificate request"));
    ossl::clearErrors();
    ossl::X509ReqPtr req;
    if (looksLikePem(pemOrDer)) {
        auto bio = ossl::memoryBio(pemOrDer);
        req.reset(PEM_read_bio_X509_REQ(bio.get(), nullptr, noPassphraseCallback, nullptr));
        if (!req) return fail(ossl::lastError("malformed PEM certificate request", ErrorCode::InvalidInput));
    } else {
        const auto* p = reinterpret_cast<const unsigned char*>(pemOrDer.data());
        const unsigned char* start = p;
        req.reset(d2i_X509_REQ(nullptr, &p, static_cast<long>(pemOrDer.size())));
        if (!req) return fail(ossl::lastError("malformed DER certificate request", ErrorCode::InvalidInput));
        if (static_cast<std::size_t>(p - start) != pemOrDer.size())
            return fail(ErrorCode::InvalidInput, "trailing bytes after the DER certificate request");
    }
    EVP_PKEY* pub = X509_REQ_get0_pubkey(req.get());
    if (pub == nullptr)
        return fail(ossl::lastError("certificate request has no usable public key", ErrorCode::InvalidInput));
    if (X509_REQ_verify(req.get(), pub) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::BadSignature, "the certificate request's signature does not verify");
    }
    return req;
}

Result<std::vector<ossl::X509CrlPtr>> parseCrls(std::span<const std::byte> pemOrDer)
{
    SANDI_TRY(checkSize(pemOrDer, "CRL input"));
    ossl::clearErrors();
    std::vector<ossl::X509CrlPtr> out;
    if (looksLikePem(pemOrDer)) {
        auto bio = ossl::memoryBio(pemOrDer);
        for (;;) {
            ossl::X509CrlPtr crl(PEM_read_bio_X509_CRL(bio.get(), nullptr, noPassphraseCallback, nullptr));
            if (!crl) break;
            out.push_back(std::move(crl));
        }
        const unsigned long err = ERR_peek_last_error();
        if (ERR_GET_LIB(err) == ERR_LIB_PEM && ERR_GET_REASON(err) == PEM_R_NO_START_LINE) ossl::clearErrors();
        if (ERR_peek_error() != 0) return fail(ossl::lastError("malformed PEM CRL", ErrorCode::InvalidInput));
        if (out.empty()) return fail(ErrorCode::InvalidInput, "no CRL in PEM input");
        return out;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(pemOrDer.data());
    const unsigned char* start = p;
    ossl::X509CrlPtr crl(d2i_X509_CRL(nullptr, &p, static_cast<long>(pemOrDer.size())));
    if (!crl) return fail(ossl::lastError("malformed DER CRL", ErrorCode::InvalidInput));
    if (static_cast<std::size_t>(p - start) != pemOrDer.size())
        return fail(ErrorCode::InvalidInput, "trailing bytes after the DER CRL");
    out.push_back(std::move(crl));
    return out;
}

Result<ossl::X509CrlPtr> parseCrl(std::span<const std::byte> pemOrDer)
{
    SANDI_ASSIGN(crls, parseCrls(pemOrDer));
    if (crls.size() != 1)
        return fail(ErrorCode::InvalidInput, "expected one CRL, found " + std::to_string(crls.size()));
    return std::move(crls.front());
}

std::string crlPem(X509_CRL* crl)
{
    auto bio = ossl::memoryBio();
    if (!bio || PEM_write_bio_X509_CRL(bio.get(), crl) != 1) return {};
    return ossl::bioString(bio.get());
}

Result<Pkcs12Contents> parsePkcs12(std::span<const std::byte> der, const SecureBuffer& passphrase)
{
    SANDI_TRY(checkSize(der, "PKCS#12 file"));
    ossl::clearErrors();
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    ossl::Pkcs12Ptr p12(d2i_PKCS12(nullptr, &p, static_cast<long>(der.size())));
    if (!p12) return fail(ossl::lastError("not a PKCS#12 file", ErrorCode::InvalidInput));
    if (PKCS12_mac_present(p12.get()) == 1) {
        const ASN1_INTEGER* iterations = nullptr;
        PKCS12_get0_mac(nullptr, nullptr, nullptr, &iterations, p12.get());
        if (iterations != nullptr && ASN1_INTEGER_get(iterations) > kMaxPkcs12Iterations)
            return fail(ErrorCode::InvalidInput, "the PKCS#12 file asks for more than " +
                                                     std::to_string(kMaxPkcs12Iterations) +
                                                     " key-derivation iterations");
    }
    if (PKCS12_mac_present(p12.get()) == 1 &&
        PKCS12_verify_mac(p12.get(), passphrase.chars(), static_cast<int>(passphrase.size())) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::WrongPassphrase, "wrong passphrase for the PKCS#12 file (or the file is damaged)");
    }
    EVP_PKEY* key = nullptr;
    X509* cert = nullptr;
    STACK_OF(X509)* ca = nullptr;
    if (PKCS12_parse(p12.get(), passphrase.chars(), &key, &cert, &ca) != 1) {
        return fail(ossl::lastError("cannot decode the PKCS#12 contents", ErrorCode::InvalidInput));
    }
    Pkcs12Contents out;
    out.key.reset(key);
    out.certificate.reset(cert);
    ossl::X509StackPtr chain(ca);
    if (!out.key) return fail(ErrorCode::InvalidInput, "the PKCS#12 file holds no private key");
    if (!out.certificate) return fail(ErrorCode::InvalidInput, "the PKCS#12 file holds no certificate for its key");
    if (chain) {
        while (sk_X509_num(chain.get()) > 0)
            out.chain.emplace_back(sk_X509_shift(chain.get()));
    }
    return out;
}

Result<std::vector<std::byte>> makePkcs12(EVP_PKEY* key, X509* certificate, std::span<X509* const> chain,
                                          const SecureBuffer& passphrase, std::string_view friendlyName)
{
    if (passphrase.size() < kMinPassphraseBytes)
        return fail(ErrorCode::InvalidArgument,
                    "passphrase too short (at least " + std::to_string(kMinPassphraseBytes) + " bytes)");
    auto ca = ossl::newX509Stack();
    for (X509* c : chain)
        SANDI_TRY(ossl::pushCopy(ca.get(), c));
    const std::string name(friendlyName);
    // PBES2 (PBKDF2-HMAC-SHA-256 + AES-256-CBC) for both bags; MAC added below with SHA-256.
    ossl::Pkcs12Ptr p12(PKCS12_create(passphrase.chars(), name.c_str(), key, certificate, ca.get(), NID_aes_256_cbc,
                                      NID_aes_256_cbc, kKeyAtRestPbkdf2Iterations, -1, 0));
    if (!p12) return fail(ossl::lastError("creating the PKCS#12 file"));
    if (PKCS12_set_mac(p12.get(), passphrase.chars(), static_cast<int>(passphrase.size()), nullptr, 0,
                       kKeyAtRestPbkdf2Iterations, EVP_sha256()) != 1)
        return fail(ossl::lastError("adding the PKCS#12 MAC"));
    unsigned char* buf = nullptr;
    const int n = i2d_PKCS12(p12.get(), &buf);
    if (n <= 0) return fail(ossl::lastError("encoding the PKCS#12 file"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
    OPENSSL_free(buf);
    return out;
}

std::string serialHex(const ASN1_INTEGER* serial)
{
    ossl::BnPtr bn(ASN1_INTEGER_to_BN(serial, nullptr));
    if (!bn) return "?";
    char* hex = BN_bn2hex(bn.get());
    if (hex == nullptr) return "?";
    std::string out(hex);
    OPENSSL_free(hex);
    return out;
}

std::string serialHex(X509* cert)
{
    return serialHex(X509_get0_serialNumber(cert));
}

std::string nameString(const X509_NAME* name)
{
    auto bio = ossl::memoryBio();
    if (!bio || X509_NAME_print_ex(bio.get(), name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0) return "?";
    return ossl::bioString(bio.get());
}

std::string subjectString(X509* cert)
{
    return nameString(X509_get_subject_name(cert));
}
std::string issuerString(X509* cert)
{
    return nameString(X509_get_issuer_name(cert));
}

std::string nameAttribute(const X509_NAME* name, int nid)
{
    const int at = X509_NAME_get_index_by_NID(name, nid, -1);
    if (at < 0 || X509_NAME_get_index_by_NID(name, nid, at) >= 0) return "";
    const ASN1_STRING* value = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
    unsigned char* utf8 = nullptr;
    const int n = ASN1_STRING_to_UTF8(&utf8, value);
    std::string out =
        n > 0 ? std::string(reinterpret_cast<const char*>(utf8), static_cast<std::size_t>(n)) : std::string();
    OPENSSL_free(utf8);
    return out;
}

std::string subjectAttribute(X509* cert, int nid)
{
    return nameAttribute(X509_get_subject_name(cert), nid);
}

std::string subjectSerialNumber(X509* cert)
{
    return subjectAttribute(cert, NID_serialNumber);
}

Result<TimePoint> asn1TimeToTimePoint(const ASN1_TIME* t)
{
    struct tm tmv {};
    if (t == nullptr || ASN1_TIME_to_tm(t, &tmv) != 1) return fail(ErrorCode::InvalidInput, "malformed ASN.1 time");
    // timegm's time_t is 64 bits: it holds every year ASN.1 can write (0000-9999).
    return timePointFromUnixSeconds(static_cast<std::int64_t>(timegm(&tmv)));
}

std::string formatUtc(TimePoint t)
{
    const time_t secs = std::chrono::system_clock::to_time_t(t);
    struct tm tmv {};
    gmtime_r(&secs, &tmv);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tmv);
    return buf.data();
}

Result<TimePoint> parseUtc(std::string_view text)
{
    // YYYY-MM-DDTHH:MM:SSZ exactly.
    if (text.size() != 20 || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' ||
        text[16] != ':' || text[19] != 'Z')
        return fail(ErrorCode::InvalidInput,
                    "malformed UTC time '" + std::string(text) + "' (want YYYY-MM-DDTHH:MM:SSZ)");
    auto num = [&](std::size_t pos, std::size_t len, int& out) {
        out = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (text[i] < '0' || text[i] > '9') return false;
            out = out * 10 + (text[i] - '0');
        }
        return true;
    };
    struct tm tmv {};
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, s = 0;
    if (!num(0, 4, y) || !num(5, 2, mo) || !num(8, 2, d) || !num(11, 2, h) || !num(14, 2, mi) || !num(17, 2, s) ||
        mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60)
        return fail(ErrorCode::InvalidInput, "malformed UTC time '" + std::string(text) + "'");
    tmv.tm_year = y - 1900;
    tmv.tm_mon = mo - 1;
    tmv.tm_mday = d;
    tmv.tm_hour = h;
    tmv.tm_min = mi;
    tmv.tm_sec = s;
    return timePointFromUnixSeconds(static_cast<std::int64_t>(timegm(&tmv)));
}

std::string hexUpper(std::span<const std::byte> bytes)
{
    static constexpr std::string_view kDigits = "0123456789ABCDEF";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::byte b : bytes) {
        const auto v = std::to_integer<unsigned>(b);
        out += kDigits[v >> 4U];
        out += kDigits[v & 0xFU];
    }
    return out;
}

std::string sha256Hex(std::span<const std::byte> bytes)
{
    std::array<std::byte, SHA256_DIGEST_LENGTH> md{};
    SHA256(reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size(),
           reinterpret_cast<unsigned char*>(md.data()));
    return hexUpper(md);
}

} // namespace sandi::crypto
