// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/store_stage.h"

namespace sandi::desktop {

StoreStage storeStage(const std::filesystem::path& store)
{
    std::error_code ec;
    if (!std::filesystem::exists(store / "keystore.sandi", ec)) return StoreStage::Empty;
    if (!std::filesystem::exists(store / "device.crt.pem", ec)) return StoreStage::AwaitingCertificate;
    return StoreStage::Ready;
}

} // namespace sandi::desktop
