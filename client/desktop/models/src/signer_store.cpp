// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/signer_store.h"

#include "sandi/client/documents.h"
#include "sandi/core/atomic_file.h"
#include "sandi/pki/certificate.h"
#include "sandi/pki/x509.h"

namespace sandi::desktop {
namespace fs = std::filesystem;

fs::path storedPkcs12Path(const fs::path& store)
{
    return store / kSignerFileName;
}

Result<std::shared_ptr<crypto::Signer>> importPkcs12Signer(const fs::path& store, const fs::path& pkcs12,
                                                           const crypto::SecureBuffer& passphrase)
{
    SANDI_ASSIGN(bytes, crypto::readFile(pkcs12, kMaxPkcs12Bytes));
    SANDI_ASSIGN(signer,
                 client::openPkcs12Signer(bytes, passphrase, pkcs12.filename().string(), client::RsaPadding::Pkcs1v15));
    SANDI_TRY(crypto::writeFileAtomically(storedPkcs12Path(store), std::span<const std::byte>(bytes),
                                          crypto::FileMode::Private));
    return std::shared_ptr<crypto::Signer>(std::move(signer));
}

Result<std::shared_ptr<crypto::Signer>> openStoredPkcs12Signer(const fs::path& store,
                                                               const crypto::SecureBuffer& passphrase)
{
    const fs::path file = storedPkcs12Path(store);
    SANDI_ASSIGN(bytes, crypto::readFile(file, kMaxPkcs12Bytes));
    SANDI_ASSIGN(signer, client::openPkcs12Signer(bytes, passphrase, kSignerFileName, client::RsaPadding::Pkcs1v15));
    return std::shared_ptr<crypto::Signer>(std::move(signer));
}

Result<std::shared_ptr<crypto::Signer>> openTokenSigner(const crypto::Pkcs11Options& token,
                                                        const crypto::SecureBuffer& pin,
                                                        const std::vector<crypto::Certificate>& certificates)
{
    if (token.module.empty()) return fail(ErrorCode::InvalidArgument, "no PKCS#11 module configured");
    if (token.tokenLabel.empty() || token.keyLabel.empty())
        return fail(ErrorCode::InvalidArgument, "the token label and the key label are needed");
    SANDI_ASSIGN(signer, client::openPkcs11Signer(token, pin, certificates));
    return std::shared_ptr<crypto::Signer>(std::move(signer));
}

namespace {
Result<std::vector<crypto::Certificate>> readChain(const fs::path& file)
{
    SANDI_ASSIGN(bytes, crypto::readFile(file, kMaxPkcs12Bytes));
    auto certs = crypto::Certificate::parseAll(bytes);
    if (!certs) return fail(certs.error().context(file.string()));
    return certs;
}
} // namespace

Result<std::shared_ptr<crypto::Signer>> setUpTokenSigner(const fs::path& store, const crypto::Pkcs11Options& token,
                                                         const crypto::SecureBuffer& pin, const fs::path& chainFile)
{
    std::vector<crypto::Certificate> chain;
    if (!chainFile.empty()) {
        SANDI_ASSIGN(c, readChain(chainFile));
        chain = std::move(c);
    }
    SANDI_ASSIGN(signer, openTokenSigner(token, pin, chain));
    const fs::path stored = store / kTokenChainFileName;
    if (chainFile.empty()) {
        std::error_code ec;
        fs::remove(stored, ec);
        if (ec) return fail(ErrorCode::Io, "cannot remove " + stored.string() + ": " + ec.message());
    } else {
        std::string pem;
        for (const auto& c : chain)
            pem += crypto::certificatePem(c.native());
        SANDI_TRY(crypto::writeFileAtomically(stored, pem, crypto::FileMode::Public));
    }
    return signer;
}

Result<std::shared_ptr<crypto::Signer>> openConfiguredSigner(const AppSettings& settings, const fs::path& store,
                                                             const crypto::SecureBuffer& secret)
{
    switch (settings.signerKind()) {
    case SignerKind::Pkcs12:
        return openStoredPkcs12Signer(store, secret);
    case SignerKind::Pkcs11: {
        std::vector<crypto::Certificate> chain;
        if (std::error_code ec; fs::exists(store / kTokenChainFileName, ec)) {
            SANDI_ASSIGN(c, readChain(store / kTokenChainFileName));
            chain = std::move(c);
        }
        return openTokenSigner(settings.pkcs11(), secret, chain);
    }
    case SignerKind::None:
        break;
    }
    return fail(ErrorCode::NotFound, "no signing key is set up (Settings, or the first-run wizard)");
}

QString signerSubject(const crypto::Signer& signer)
{
    return QString::fromStdString(crypto::subjectString(signer.certificate()));
}

} // namespace sandi::desktop
