// SPDX-License-Identifier: GPL-3.0-or-later
// Trust as configuration: the anchors an administrator installs once, for every
// verification on the machine (the system directory, /etc/sandi/trust.d), and those a
// person adds for themself (the user directory, $XDG_CONFIG_HOME/sandi/trust.d). Each
// *.pem file there holds one or more certificates (the national root PSrE Induk, the
// province's root, ...). docs/auditor-guide.md says how to install them.
#pragma once

#include "sandi/pki/certificate.h"

#include <string>
#include <vector>

namespace sandi::client {

inline constexpr const char* kSystemTrustDir = "/etc/sandi/trust.d";
inline constexpr const char* kSystemTrustDirVariable = "SANDI_SYSTEM_TRUST_DIR"; // overrides kSystemTrustDir

struct TrustDirectories {
    std::string system; // $SANDI_SYSTEM_TRUST_DIR, or /etc/sandi/trust.d
    std::string user;   // $XDG_CONFIG_HOME/sandi/trust.d, or $HOME/.config/sandi/trust.d; "" without either
};
// The directories as the environment gives them now.
TrustDirectories defaultTrustDirectories();

struct TrustAnchors {
    std::vector<crypto::Certificate> anchors;
    std::vector<std::string> files;    // the files read, in order
    std::vector<std::string> warnings; // one line each, naming the file or directory
};

// Every certificate of every *.pem file (sorted by name) in `directories`, in order. A
// directory that does not exist is no warning (nothing was installed); one that cannot be
// listed, and a file that cannot be read or holds no certificate, is a warning naming it,
// and the rest are still read.
TrustAnchors loadTrustDirectories(const std::vector<std::string>& directories);
// loadTrustDirectories of the system directory, then the user's.
TrustAnchors defaultTrustAnchors();

} // namespace sandi::client
