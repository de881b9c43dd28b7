// SPDX-License-Identifier: GPL-3.0-or-later
// A Signer whose private key stays on a PKCS#11 token (a government signer's USB
// token; SoftHSM2 in the tests). Sandi hands the token the data to sign and gets the
// signature back: the key never leaves the token.
#pragma once

#include "sandi/sign/signer.h"

#include <memory>
#include <string>
#include <vector>

namespace sandi::crypto {

struct Pkcs11Options {
    std::string module;     // path of the PKCS#11 library (e.g. /usr/lib/softhsm/libsofthsm2.so)
    std::string tokenLabel; // the token's label
    std::string keyLabel;   // CKA_LABEL of the private key
};

class Pkcs11Signer final : public Signer {
  public:
    // Logs in with `pin` and finds the key. `certificates`: the signer's certificate
    // and its chain, used when the token holds no certificate for the key; the first
    // one must match the key's public key.
    static Result<std::unique_ptr<Pkcs11Signer>> open(const Pkcs11Options& options, const SecureBuffer& pin,
                                                      std::vector<ossl::X509Ptr> certificates);
    ~Pkcs11Signer() override;
    Pkcs11Signer(const Pkcs11Signer&) = delete;
    Pkcs11Signer& operator=(const Pkcs11Signer&) = delete;

    [[nodiscard]] X509* certificate() const override { return m_certificate.get(); }
    [[nodiscard]] std::vector<X509*> chain() const override;
    [[nodiscard]] SignatureScheme scheme() const override { return m_scheme; }
    Result<std::vector<std::byte>> sign(std::span<const std::byte> message, Digest digest) override;

  private:
    struct Module;
    Pkcs11Signer();
    std::unique_ptr<Module> m_module;
    ossl::X509Ptr m_certificate;
    std::vector<ossl::X509Ptr> m_chain;
    SignatureScheme m_scheme = SignatureScheme::RsaPkcs1v15;
};

} // namespace sandi::crypto
