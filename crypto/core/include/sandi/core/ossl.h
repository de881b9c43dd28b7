// SPDX-License-Identifier: GPL-3.0-or-later
// RAII handles for the OpenSSL objects Sandi uses, and OpenSSL's error queue
// turned into an Error value. Calling code never frees an OpenSSL object by hand.
#pragma once

#include "sandi/core/digest.h"
#include "sandi/core/result.h"

#include <openssl/asn1.h>
#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto::ossl {

template <class T, void (*Free)(T*)> struct Deleter {
    void operator()(T* p) const noexcept { Free(p); }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO, BIO_free_all>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BIGNUM, BN_free>>;
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY, EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX, EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX, EVP_MD_CTX_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509, X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ, X509_REQ_free>>;
using X509CrlPtr = std::unique_ptr<X509_CRL, Deleter<X509_CRL, X509_CRL_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME, X509_NAME_free>>;
using X509ExtPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION, X509_EXTENSION_free>>;
using X509RevokedPtr = std::unique_ptr<X509_REVOKED, Deleter<X509_REVOKED, X509_REVOKED_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE, X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX, X509_STORE_CTX_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER, ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME, ASN1_TIME_free>>;
using Asn1ObjectPtr = std::unique_ptr<ASN1_OBJECT, Deleter<ASN1_OBJECT, ASN1_OBJECT_free>>;
using Asn1OctetStringPtr = std::unique_ptr<ASN1_OCTET_STRING, Deleter<ASN1_OCTET_STRING, ASN1_OCTET_STRING_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12, PKCS12_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES, GENERAL_NAMES_free>>;
using BasicConstraintsPtr = std::unique_ptr<BASIC_CONSTRAINTS, Deleter<BASIC_CONSTRAINTS, BASIC_CONSTRAINTS_free>>;
using ExtKeyUsagePtr = std::unique_ptr<EXTENDED_KEY_USAGE, Deleter<EXTENDED_KEY_USAGE, EXTENDED_KEY_USAGE_free>>;
using NameConstraintsPtr = std::unique_ptr<NAME_CONSTRAINTS, Deleter<NAME_CONSTRAINTS, NAME_CONSTRAINTS_free>>;
using AuthorityKeyIdPtr = std::unique_ptr<AUTHORITY_KEYID, Deleter<AUTHORITY_KEYID, AUTHORITY_KEYID_free>>;
using Asn1BitStringPtr = std::unique_ptr<ASN1_BIT_STRING, Deleter<ASN1_BIT_STRING, ASN1_BIT_STRING_free>>;

void freeX509Stack(STACK_OF(X509) * s) noexcept;
void freeX509StackShallow(STACK_OF(X509) * s) noexcept; // a stack of borrowed certificates
void freeCrlStack(STACK_OF(X509_CRL) * s) noexcept;
using X509StackPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), freeX509Stack>>;
using X509BorrowedStackPtr = std::unique_ptr<STACK_OF(X509), Deleter<STACK_OF(X509), freeX509StackShallow>>;
using X509CrlStackPtr = std::unique_ptr<STACK_OF(X509_CRL), Deleter<STACK_OF(X509_CRL), freeCrlStack>>;

// Drains OpenSSL's (thread-local) error queue into an Error: "what: reason; reason".
Error lastError(std::string_view what, ErrorCode code = ErrorCode::Crypto);

// Digest ↔ OpenSSL (sandi/core/digest.h).
const EVP_MD* evpMd(Digest d) noexcept;
std::optional<Digest> digestFromEvp(const EVP_MD* md) noexcept;
// Empties the queue without reporting (before an operation whose failure we map ourselves).
void clearErrors() noexcept;

// A read-only memory BIO over `bytes` (which must outlive it).
BioPtr memoryBio(std::span<const std::byte> bytes);
// A writable memory BIO; read its contents with bioBytes.
BioPtr memoryBio();
std::vector<std::byte> bioBytes(BIO* bio);
std::string bioString(BIO* bio);

X509StackPtr newX509Stack();
// Pushes an owned copy (up-ref) of `cert`.
Status pushCopy(STACK_OF(X509) * stack, X509* cert);

X509Ptr upRef(X509* cert);
X509CrlPtr upRef(X509_CRL* crl);
PkeyPtr upRef(EVP_PKEY* key);

} // namespace sandi::crypto::ossl
