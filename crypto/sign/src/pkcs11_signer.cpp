// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/sign/pkcs11_signer.h"

#include "sandi/sign/cms.h"
#include "sandi/pki/x509.h"

#include <dlfcn.h>
#include <p11-kit/pkcs11.h>

#include <openssl/ecdsa.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <mutex>

namespace sandi::crypto {
namespace {

constexpr CK_ULONG kMaxSlots = 64;
constexpr CK_ULONG kMaxObjects = 16;

std::string ckr(CK_RV rv)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "CKR 0x%08lx", static_cast<unsigned long>(rv));
    return buf;
}

std::string trimmed(const unsigned char* p, std::size_t n)
{
    std::string s(reinterpret_cast<const char*>(p), n);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\0'))
        s.pop_back();
    return s;
}

// A PKCS#11 library is initialised once per process, and its login state is per token
// for the whole process (PKCS#11 v2.40 §5.4, §5.6): several signers of one module share
// it. C_Initialize on the first, C_Finalize after the last (the library's dlopen handle
// is the same for all of them).
std::mutex g_modulesMutex;
std::map<void*, int>& moduleUsers()
{
    static std::map<void*, int> users;
    return users;
}

} // namespace

struct Pkcs11Signer::Module {
    void* handle = nullptr;
    CK_FUNCTION_LIST_PTR f = nullptr;
    CK_SESSION_HANDLE session = CK_INVALID_HANDLE;
    CK_OBJECT_HANDLE key = CK_INVALID_HANDLE;
    bool initialised = false; // counted in moduleUsers()
    std::string keyLabel;
    std::vector<unsigned char> keyId;

    ~Module()
    {
        if (f != nullptr) {
            // No C_Logout: it would log out every other signer of this token in the process.
            // The token logs the user out when its last session closes.
            if (session != CK_INVALID_HANDLE) f->C_CloseSession(session);
            if (initialised) {
                const std::scoped_lock lock(g_modulesMutex);
                if (--moduleUsers()[handle] == 0) {
                    moduleUsers().erase(handle);
                    f->C_Finalize(nullptr);
                }
            }
        }
        if (handle != nullptr) ::dlclose(handle);
    }

    // Objects of `cls` with attribute `type` = `value` (when value is non-empty).
    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): PKCS#11 attribute type and value
    std::vector<CK_OBJECT_HANDLE> find(CK_OBJECT_CLASS cls, CK_ATTRIBUTE_TYPE type, const std::string& value)
    {
        std::vector<CK_ATTRIBUTE> templ{{CKA_CLASS, &cls, sizeof cls}};
        if (!value.empty()) templ.push_back({type, const_cast<char*>(value.data()), value.size()});
        std::vector<CK_OBJECT_HANDLE> out;
        if (f->C_FindObjectsInit(session, templ.data(), templ.size()) != CKR_OK) return out;
        std::array<CK_OBJECT_HANDLE, kMaxObjects> found{};
        CK_ULONG n = 0;
        if (f->C_FindObjects(session, found.data(), found.size(), &n) == CKR_OK)
            out.assign(found.begin(), found.begin() + n);
        f->C_FindObjectsFinal(session);
        return out;
    }

    // NOLINTNEXTLINE(bugprone-easily-swappable-parameters): PKCS#11 object handle and attribute type
    std::vector<unsigned char> attribute(CK_OBJECT_HANDLE obj, CK_ATTRIBUTE_TYPE type)
    {
        CK_ATTRIBUTE a{type, nullptr, 0};
        if (f->C_GetAttributeValue(session, obj, &a, 1) != CKR_OK || a.ulValueLen == ~CK_ULONG{0})
            return {}; // CK_UNAVAILABLE_INFORMATION
        std::vector<unsigned char> v(a.ulValueLen);
        a.pValue = v.data();
        if (f->C_GetAttributeValue(session, obj, &a, 1) != CKR_OK) return {};
        return v;
    }
};

Pkcs11Signer::Pkcs11Signer() : m_module(std::make_unique<Module>()) {}
Pkcs11Signer::~Pkcs11Signer() = default;

Result<std::unique_ptr<Pkcs11Signer>> Pkcs11Signer::open(const Pkcs11Options& o, const SecureBuffer& pin,
                                                         std::vector<ossl::X509Ptr> certificates)
{
    std::unique_ptr<Pkcs11Signer> s(new Pkcs11Signer());
    Module& m = *s->m_module;
    m.handle = ::dlopen(o.module.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (m.handle == nullptr) return fail(ErrorCode::NotFound, "cannot load the PKCS#11 module " + o.module);
    auto getList = reinterpret_cast<CK_C_GetFunctionList>(::dlsym(m.handle, "C_GetFunctionList"));
    if (getList == nullptr || getList(&m.f) != CKR_OK || m.f == nullptr)
        return fail(ErrorCode::InvalidInput, o.module + " is not a PKCS#11 module");
    {
        const std::scoped_lock lock(g_modulesMutex);
        int& users = moduleUsers()[m.handle];
        if (users == 0) {
            // Already initialised by someone else in the process (not by a signer): theirs
            // to finalize, so this signer does not count itself.
            const CK_RV rv = m.f->C_Initialize(nullptr);
            if (rv != CKR_OK) moduleUsers().erase(m.handle);
            if (rv != CKR_OK && rv != CKR_CRYPTOKI_ALREADY_INITIALIZED)
                return fail(ErrorCode::Io, "the PKCS#11 module does not start (" + ckr(rv) + ")");
            if (rv == CKR_OK) {
                users = 1;
                m.initialised = true;
            }
        } else {
            ++users;
            m.initialised = true;
        }
    }

    std::array<CK_SLOT_ID, kMaxSlots> slots{};
    CK_ULONG count = slots.size();
    if (m.f->C_GetSlotList(CK_TRUE, slots.data(), &count) != CKR_OK)
        return fail(ErrorCode::Io, "cannot list PKCS#11 slots");
    std::optional<CK_SLOT_ID> slot;
    for (CK_ULONG i = 0; i < count && !slot; ++i) {
        CK_TOKEN_INFO info{};
        if (m.f->C_GetTokenInfo(slots[i], &info) == CKR_OK && trimmed(info.label, sizeof info.label) == o.tokenLabel)
            slot = slots[i];
    }
    if (!slot) return fail(ErrorCode::NotFound, "no PKCS#11 token labelled '" + o.tokenLabel + "'");
    if (CK_RV rv = m.f->C_OpenSession(*slot, CKF_SERIAL_SESSION, nullptr, nullptr, &m.session); rv != CKR_OK)
        return fail(ErrorCode::Io, "cannot open a session on the token (" + ckr(rv) + ")");
    const auto logIn = [&] {
        return m.f->C_Login(m.session, CKU_USER, reinterpret_cast<CK_UTF8CHAR_PTR>(const_cast<char*>(pin.chars())),
                            pin.size());
    };
    CK_RV login = logIn();
    if (login == CKR_USER_ALREADY_LOGGED_IN) {
        // Another signer of this process is logged in to the token, so the PIN was not
        // checked: log out (every session of the process) and in again with this PIN. A
        // wrong PIN leaves the token logged out; the other signer then fails cleanly.
        m.f->C_Logout(m.session);
        login = logIn();
    }
    if (login == CKR_PIN_INCORRECT || login == CKR_PIN_LEN_RANGE)
        return fail(ErrorCode::WrongPassphrase, "wrong PIN for the token '" + o.tokenLabel + "'");
    if (login == CKR_PIN_LOCKED) return fail(ErrorCode::WrongPassphrase, "the token's PIN is locked");
    if (login != CKR_OK) return fail(ErrorCode::Io, "cannot log in to the token (" + ckr(login) + ")");

    auto keys = m.find(CKO_PRIVATE_KEY, CKA_LABEL, o.keyLabel);
    if (keys.empty()) return fail(ErrorCode::NotFound, "no private key labelled '" + o.keyLabel + "' on the token");
    if (keys.size() > 1)
        return fail(ErrorCode::InvalidArgument, "several private keys are labelled '" + o.keyLabel + "'");
    m.key = keys.front();
    m.keyLabel = o.keyLabel;
    m.keyId = m.attribute(m.key, CKA_ID);

    // The certificate: on the token next to the key (same CKA_ID), or given by the caller.
    const auto id = m.attribute(m.key, CKA_ID);
    if (!id.empty()) {
        for (CK_OBJECT_HANDLE c : m.find(CKO_CERTIFICATE, CKA_ID, std::string(id.begin(), id.end()))) {
            const auto der = m.attribute(c, CKA_VALUE);
            const unsigned char* p = der.data();
            ossl::X509Ptr cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())));
            if (cert) {
                s->m_certificate = std::move(cert);
                break;
            }
        }
    }
    if (!s->m_certificate) {
        if (certificates.empty())
            return fail(ErrorCode::NotFound,
                        "the token holds no certificate for the key: the certificate must be given with the key");
        s->m_certificate = std::move(certificates.front());
        certificates.erase(certificates.begin());
    } else if (!certificates.empty() && X509_cmp(certificates.front().get(), s->m_certificate.get()) == 0) {
        certificates.erase(certificates.begin());
    }
    s->m_chain = std::move(certificates);
    SANDI_ASSIGN(scheme, signatureSchemeOf(X509_get0_pubkey(s->m_certificate.get())));
    if (scheme == SignatureScheme::Ed25519)
        return fail(ErrorCode::Unsupported, "Ed25519 keys on tokens are not supported");
    s->m_scheme = scheme;
    const auto keyType = m.attribute(m.key, CKA_KEY_TYPE);
    if (keyType.size() == sizeof(CK_KEY_TYPE)) {
        CK_KEY_TYPE kt = 0;
        std::memcpy(&kt, keyType.data(), sizeof kt);
        if ((kt == CKK_RSA) != (scheme == SignatureScheme::RsaPkcs1v15) ||
            (kt == CKK_EC) != (scheme == SignatureScheme::Ecdsa))
            return fail(ErrorCode::InvalidInput, "the certificate does not belong to the token's key '" + o.keyLabel +
                                                     "' (different key types)");
    }
    // Prove now that key and certificate belong together: sign and verify a probe.
    const std::string probe = "sandi pkcs11 key check";
    SANDI_ASSIGN(sig, s->sign(std::as_bytes(std::span(probe.data(), probe.size())), Digest::Sha256));
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    if (EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr, X509_get0_pubkey(s->m_certificate.get())) !=
            1 ||
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(sig.data()), sig.size(),
                         reinterpret_cast<const unsigned char*>(probe.data()), probe.size()) != 1) {
        ossl::clearErrors();
        return fail(ErrorCode::InvalidInput, "the certificate does not belong to the token's key '" + o.keyLabel + "'");
    }
    return s;
}

std::vector<X509*> Pkcs11Signer::chain() const
{
    std::vector<X509*> out;
    for (const auto& c : m_chain)
        out.push_back(c.get());
    return out;
}

Result<std::vector<std::byte>> Pkcs11Signer::sign(std::span<const std::byte> message, Digest digest)
{
    Module& m = *m_module;
    CK_MECHANISM mech{CKM_ECDSA, nullptr, 0};
    std::vector<std::byte> input;
    if (m_scheme == SignatureScheme::RsaPkcs1v15) {
        switch (digest) {
        case Digest::Sha256:
            mech.mechanism = CKM_SHA256_RSA_PKCS;
            break;
        case Digest::Sha384:
            mech.mechanism = CKM_SHA384_RSA_PKCS;
            break;
        case Digest::Sha512:
            mech.mechanism = CKM_SHA512_RSA_PKCS;
            break;
        default:
            return fail(ErrorCode::Unsupported, "the token signs with SHA-256, SHA-384 or SHA-512 only");
        }
        input.assign(message.begin(), message.end()); // the token hashes
    } else {
        input = digestOf(digest, message); // CKM_ECDSA signs a digest
    }
    CK_RV init = m.f->C_SignInit(m.session, &mech, m.key);
    if (init == CKR_OBJECT_HANDLE_INVALID || init == CKR_KEY_HANDLE_INVALID) {
        // Another signer of this process logged in again, which renews the handles of
        // private objects: the same key (label and CKA_ID) is looked up again.
        const auto keys = m.find(CKO_PRIVATE_KEY, CKA_LABEL, m.keyLabel);
        if (keys.size() == 1 && m.attribute(keys.front(), CKA_ID) == m.keyId) {
            m.key = keys.front();
            init = m.f->C_SignInit(m.session, &mech, m.key);
        }
    }
    CK_SESSION_INFO info{};
    const bool loggedOut = init != CKR_OK && m.f->C_GetSessionInfo(m.session, &info) == CKR_OK &&
                           (info.state == CKS_RO_PUBLIC_SESSION || info.state == CKS_RW_PUBLIC_SESSION);
    if (init == CKR_USER_NOT_LOGGED_IN || loggedOut)
        return fail(ErrorCode::WrongPassphrase, "the token was logged out (another use of the token in this program "
                                                "was given a wrong PIN): open the signing key again");
    if (init != CKR_OK) return fail(ErrorCode::Crypto, "the token refuses to start signing (" + ckr(init) + ")");
    CK_ULONG len = 0;
    auto* in = reinterpret_cast<CK_BYTE_PTR>(input.data());
    if (CK_RV rv = m.f->C_Sign(m.session, in, input.size(), nullptr, &len); rv != CKR_OK)
        return fail(ErrorCode::Crypto, "the token cannot sign (" + ckr(rv) + ")");
    std::vector<std::byte> sig(len);
    if (CK_RV rv = m.f->C_Sign(m.session, in, input.size(), reinterpret_cast<CK_BYTE_PTR>(sig.data()), &len);
        rv != CKR_OK)
        return fail(ErrorCode::Crypto, "the token cannot sign (" + ckr(rv) + ")");
    sig.resize(len);
    if (m_scheme != SignatureScheme::Ecdsa) return sig;
    // PKCS#11 returns r ‖ s; CMS wants DER ECDSA-Sig-Value.
    if (sig.empty() || sig.size() % 2 != 0)
        return fail(ErrorCode::Crypto, "the token returned a malformed ECDSA signature");
    const int half = static_cast<int>(sig.size() / 2);
    std::unique_ptr<ECDSA_SIG, ossl::Deleter<ECDSA_SIG, ECDSA_SIG_free>> es(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()), half, nullptr);
    BIGNUM* s = BN_bin2bn(reinterpret_cast<const unsigned char*>(sig.data()) + half, half, nullptr);
    if (!es || r == nullptr || s == nullptr || ECDSA_SIG_set0(es.get(), r, s) != 1) {
        BN_free(r);
        BN_free(s);
        return fail(ossl::lastError("encoding the ECDSA signature"));
    }
    unsigned char* der = nullptr;
    const int n = i2d_ECDSA_SIG(es.get(), &der);
    if (n <= 0) return fail(ossl::lastError("encoding the ECDSA signature"));
    std::vector<std::byte> out(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + n);
    OPENSSL_free(der);
    return out;
}

} // namespace sandi::crypto
