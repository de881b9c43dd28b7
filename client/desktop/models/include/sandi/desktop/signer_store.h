// SPDX-License-Identifier: GPL-3.0-or-later
// The official's document-signing key, as the desktop keeps it: either the PKCS#12 file
// the office CA issued, copied as it is into the store as signer.p12 (still encrypted
// under its own passphrase, asked for when signing), or a PKCS#11 token whose module,
// token label and key label AppSettings keeps (the PIN is never stored). Opening gives a
// Signer that Session::setSigner and the document pages take.
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"
#include "sandi/desktop/app_settings.h"
#include "sandi/pki/certificate.h"
#include "sandi/sign/pkcs11_signer.h"
#include "sandi/sign/signer.h"

#include <QString>

#include <filesystem>
#include <memory>
#include <vector>

namespace sandi::desktop {

inline constexpr char kSignerFileName[] = "signer.p12";
inline constexpr char kTokenChainFileName[] = "signer-token.chain.pem"; // a token's certificate, if it has none
inline constexpr std::size_t kMaxPkcs12Bytes = std::size_t{1} << 20;

[[nodiscard]] std::filesystem::path storedPkcs12Path(const std::filesystem::path& store);

// Opens `pkcs12` with `passphrase` (wrong passphrase → WrongPassphrase) and, only if it
// opens, copies its bytes into the store as signer.p12 (replacing an earlier one).
// Returns the opened signer, so the caller can show whose key it is.
Result<std::shared_ptr<crypto::Signer>> importPkcs12Signer(const std::filesystem::path& store,
                                                           const std::filesystem::path& pkcs12,
                                                           const crypto::SecureBuffer& passphrase);
// signer.p12 of the store, with its passphrase.
Result<std::shared_ptr<crypto::Signer>> openStoredPkcs12Signer(const std::filesystem::path& store,
                                                               const crypto::SecureBuffer& passphrase);
// The token's key, after logging in with `pin` (wrong PIN → WrongPassphrase). Its
// certificate: the one on the token next to the key, or else the first of `certificates`
// (the signer's certificate and its chain, for a token that holds only the key).
Result<std::shared_ptr<crypto::Signer>> openTokenSigner(const crypto::Pkcs11Options& token,
                                                        const crypto::SecureBuffer& pin,
                                                        const std::vector<crypto::Certificate>& certificates = {});
// Sets up a token signer: opens it with `pin` (and the certificate file, when the token
// holds no certificate: `chainFile` may be empty) and, only if it opens, copies that file
// into the store as signer-token.chain.pem (removing an earlier one when none is given).
// The caller saves the token's names in AppSettings (setPkcs11, setSignerKind).
Result<std::shared_ptr<crypto::Signer>> setUpTokenSigner(const std::filesystem::path& store,
                                                         const crypto::Pkcs11Options& token,
                                                         const crypto::SecureBuffer& pin,
                                                         const std::filesystem::path& chainFile);
// Whichever the settings name: `secret` is the PKCS#12 passphrase or the token PIN (the
// token's certificate from signer-token.chain.pem when the store has one).
// SignerKind::None → NotFound.
Result<std::shared_ptr<crypto::Signer>> openConfiguredSigner(const AppSettings& settings,
                                                             const std::filesystem::path& store,
                                                             const crypto::SecureBuffer& secret);

// The signer certificate's subject, for people ("CN=…, serialNumber=…").
QString signerSubject(const crypto::Signer& signer);

} // namespace sandi::desktop
