// SPDX-License-Identifier: GPL-3.0-or-later
// What several commands share: the certificate and CRL files named on the command line
// (read by client/core's pki_files.h), and the frame every command runs in (--help,
// usage, one-line errors, exit status).
#pragma once

#include "sandi/client/pki_files.h"
#include "sandi/core/ossl.h"
#include "sandi/core/result.h"

#include <cstdio>
#include <functional>
#include <span>
#include <string>
#include <vector>

namespace sandi::client::cli {

template <class T> std::vector<typename T::pointer> rawPointers(const std::vector<T>& owned)
{
    std::vector<typename T::pointer> out;
    out.reserve(owned.size());
    for (const auto& o : owned)
        out.push_back(o.get());
    return out;
}

// Prints `usage` for --help (exit 0) or no arguments (exit 2), else runs `body` and
// turns an error into "sandi NAME: error: MESSAGE" and exit status 2.
int runCommand(std::span<char* const> argv, std::FILE* out, std::FILE* err, const char* usage, const char* name,
               const std::function<Result<int>(std::span<char* const>)>& body);

} // namespace sandi::client::cli
