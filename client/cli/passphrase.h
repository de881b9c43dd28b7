// SPDX-License-Identifier: GPL-3.0-or-later
// Passphrases from a file, an environment variable or a prompt without echo —
// never from the command line's visible arguments.
#pragma once

#include "args.h"

#include "sandi/core/result.h"
#include "sandi/core/secure_buffer.h"

#include <string>

namespace sandi::client::cli {

inline constexpr std::size_t kMaxPassphraseBytes = 1024;

enum class PassphraseUse { Existing, New }; // a new one is asked twice at a prompt

// Reads the passphrase selected by --<prefix>pass-file / --<prefix>pass-env, or asks
// on the terminal with `prompt`. The environment variable is wiped after reading.
Result<crypto::SecureBuffer> readPassphrase(const Args& args, const std::string& prefix, const std::string& prompt,
                                            PassphraseUse use);
// The same with any pair of option names (e.g. --pin-file / --pin-env for a token PIN).
Result<crypto::SecureBuffer> readSecret(const Args& args, const std::string& fileOption, const std::string& envOption,
                                        const std::string& prompt, PassphraseUse use);

} // namespace sandi::client::cli
