// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi`: the command line of Sandi.
#include "commands.h"

#include "sandi/core/secure_buffer.h"

#include <cstdio>
#include <cstring>
#include <span>

namespace {

constexpr const char* kUsage =
    "usage: sandi <command> [options]\n"
    "\n"
    "commands:\n"
    "  ca init-root | init-office | issue | revoke | crl | list   run the province's PKI\n"
    "  cert verify                                               check a certificate chain\n"
    "  sign                                                      sign a PDF (PAdES) or any file (.p7s)\n"
    "  verify                                                    verify signed PDFs and .p7s files\n"
    "  timestamp                                                 add a document time-stamp (B-LTA renewal)\n"
    "  sign                                                      sign a PDF (PAdES) or any file (.p7s)\n"
    "  verify                                                    verify signed PDFs and .p7s files\n"
    "  timestamp                                                 add a document time-stamp (B-LTA renewal)\n"
    "\n"
    "'sandi <command> --help' describes a command; docs/pki.md has the whole story.\n";

} // namespace

int main(int argc, char** argv)
{
    sandi::crypto::initialise();
    using namespace sandi::client::cli;
    const std::span<char* const> all(argv, static_cast<std::size_t>(argc));
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0) {
        std::fputs(kUsage, argc < 2 ? stderr : stdout);
        return argc < 2 ? kExitError : kExitOk;
    }
    const std::string_view command = argv[1];
    if (command == "ca") return runCa(all.subspan(2), stdout, stderr);
    if (command == "cert") return runCert(all.subspan(2), stdout, stderr);
    if (command == "sign") return runSign(all.subspan(2), stdout, stderr);
    if (command == "verify") return runVerify(all.subspan(2), stdout, stderr);
    if (command == "timestamp") return runTimestamp(all.subspan(2), stdout, stderr);

    std::fprintf(stderr, "sandi: unknown command '%s'\n%s", argv[1], kUsage);
    return kExitError;
}
