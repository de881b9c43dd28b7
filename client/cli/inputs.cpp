// SPDX-License-Identifier: GPL-3.0-or-later
#include "inputs.h"

#include "commands.h"

#include <string_view>

namespace sandi::client::cli {

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the usage text and the command name, named at each call
int runCommand(std::span<char* const> argv, std::FILE* out, std::FILE* err, const char* usage, const char* name,
               const std::function<Result<int>(std::span<char* const>)>& body)
{
    for (char* a : argv)
        if (std::string_view(a) == "--help") {
            std::fputs(usage, out);
            return kExitOk;
        }
    if (argv.empty()) {
        std::fputs(usage, err);
        return kExitError;
    }
    auto r = body(argv);
    if (!r) {
        std::fprintf(err, "sandi %s: error: %s\n", name, r.error().message.c_str());
        return kExitError;
    }
    return *r;
}

} // namespace sandi::client::cli
