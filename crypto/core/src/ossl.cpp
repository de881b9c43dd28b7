// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/core/ossl.h"

#include <openssl/err.h>

#include <limits>

namespace sandi::crypto::ossl {

void freeX509Stack(STACK_OF(X509) * s) noexcept
{
    sk_X509_pop_free(s, X509_free);
}
void freeX509StackShallow(STACK_OF(X509) * s) noexcept
{
    sk_X509_free(s);
}
void freeCrlStack(STACK_OF(X509_CRL) * s) noexcept
{
    sk_X509_CRL_pop_free(s, X509_CRL_free);
}

Error lastError(std::string_view what, ErrorCode code)
{
    std::string message(what);
    std::string reasons;
    unsigned long e = 0;
    while ((e = ERR_get_error()) != 0) {
        const char* reason = ERR_reason_error_string(e);
        if (!reasons.empty()) reasons += "; ";
        reasons += reason != nullptr ? reason : "unknown OpenSSL error";
    }
    if (!reasons.empty()) {
        message += " (";
        message += reasons;
        message += ")";
    }
    return Error{code, std::move(message)};
}

void clearErrors() noexcept
{
    ERR_clear_error();
}

BioPtr memoryBio(std::span<const std::byte> bytes)
{
    if (bytes.size() > static_cast<std::size_t>(std::numeric_limits<int>::max())) return BioPtr{};
    return BioPtr{BIO_new_mem_buf(bytes.data(), static_cast<int>(bytes.size()))};
}

BioPtr memoryBio()
{
    return BioPtr{BIO_new(BIO_s_mem())};
}

std::vector<std::byte> bioBytes(BIO* bio)
{
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    if (n <= 0 || data == nullptr) return {};
    const auto* p = reinterpret_cast<const std::byte*>(data);
    return {p, p + n};
}

std::string bioString(BIO* bio)
{
    char* data = nullptr;
    const long n = BIO_get_mem_data(bio, &data);
    if (n <= 0 || data == nullptr) return {};
    return {data, static_cast<std::size_t>(n)};
}

X509StackPtr newX509Stack()
{
    return X509StackPtr{sk_X509_new_null()};
}

Status pushCopy(STACK_OF(X509) * stack, X509* cert)
{
    if (X509_up_ref(cert) != 1) return fail(lastError("X509_up_ref"));
    if (sk_X509_push(stack, cert) <= 0) {
        X509_free(cert);
        return fail(lastError("sk_X509_push"));
    }
    return {};
}

X509Ptr upRef(X509* cert)
{
    if (cert == nullptr || X509_up_ref(cert) != 1) return X509Ptr{};
    return X509Ptr{cert};
}

X509CrlPtr upRef(X509_CRL* crl)
{
    if (crl == nullptr || X509_CRL_up_ref(crl) != 1) return X509CrlPtr{};
    return X509CrlPtr{crl};
}

PkeyPtr upRef(EVP_PKEY* key)
{
    if (key == nullptr || EVP_PKEY_up_ref(key) != 1) return PkeyPtr{};
    return PkeyPtr{key};
}

} // namespace sandi::crypto::ossl
