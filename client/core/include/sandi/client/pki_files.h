// SPDX-License-Identifier: GPL-3.0-or-later
// Certificate and CRL files a person names (trust anchors, chains, revocation lists):
// PEM bundles or DER, every object in each file; errors name the file.
#pragma once

#include "sandi/core/result.h"
#include "sandi/pki/certificate.h"
#include "sandi/pki/ocsp.h"

#include <string>
#include <vector>

namespace sandi::client {

// Every certificate (PEM bundles or DER) in the files; errors name the file.
Result<std::vector<crypto::Certificate>> loadCertificates(const std::vector<std::string>& paths);
// Every CRL (PEM bundles or DER) in the files.
Result<std::vector<crypto::Crl>> loadCrls(const std::vector<std::string>& paths);
// One OCSP response (DER OCSPResponse or BasicOCSPResponse, or PEM "OCSP RESPONSE") per file.
Result<std::vector<crypto::OcspResponse>> loadOcspResponses(const std::vector<std::string>& paths);

} // namespace sandi::client
