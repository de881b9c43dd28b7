// SPDX-License-Identifier: GPL-3.0-or-later
// How far a store's enrolment has come, from its files alone (nothing is decrypted):
// the first-run wizard starts at the identity page, resumes at the certificate page, or
// is not needed.
#pragma once

#include <filesystem>

namespace sandi::desktop {

enum class StoreStage {
    Empty,               // no key store: start with the identity page (Account::request)
    AwaitingCertificate, // a key store and request.csr.pem, no device.crt.pem yet (Account::init)
    Ready,               // enrolled: Account::open
};

[[nodiscard]] StoreStage storeStage(const std::filesystem::path& store);

} // namespace sandi::desktop
