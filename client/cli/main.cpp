// SPDX-License-Identifier: GPL-3.0-or-later
// `sandi`: the command line of Sandi.
#include "commands.h"

#include "sandi/core/secure_buffer.h"

#include <cstdio>
#include <algorithm>
#include <array>
#include <cstring>
#include <string>
#include <span>

namespace {

using Runner = int (*)(std::span<char* const>, std::FILE*, std::FILE*);
struct Command {
    const char* name;
    const char* synopsis; // what follows the name in the usage
    const char* summary;
    Runner run;
};

// Every command, once: the usage is made from this table.
constexpr std::array kCommands{
    Command{"ca", "init-root | init-office | issue | revoke | crl | list", "run the province's PKI",
            sandi::client::cli::runCa},
    Command{"cert", "verify", "check a certificate chain", sandi::client::cli::runCert},
    Command{"sign", "", "sign a PDF (PAdES) or any file (.p7s)", sandi::client::cli::runSign},
    Command{"verify", "", "verify signed PDFs and .p7s files", sandi::client::cli::runVerify},
    Command{"timestamp", "", "add a document time-stamp (B-LTA renewal)", sandi::client::cli::runTimestamp},
    Command{"account", "request | init | show", "enrol this device for messaging", sandi::client::cli::runAccount},
    Command{"contacts", "", "offices, officials and their devices", sandi::client::cli::runContacts},
    Command{"send", "", "send a memo (nota dinas), end-to-end encrypted", sandi::client::cli::runSend},
    Command{"inbox", "", "fetch, decrypt and store new memos", sandi::client::cli::runInbox},
    Command{"read", "ID", "show a memo and send a read receipt", sandi::client::cli::runRead},
    Command{"attachment", "get ID INDEX -o FILE", "download and decrypt an attachment",
            sandi::client::cli::runAttachment},
    Command{"memo", "export ID -o NAME.memo", "export a (signed) memo for an auditor", sandi::client::cli::runMemo},
    Command{"group", "create | add | remove | list", "groups of officials", sandi::client::cli::runGroup},
    Command{"search", "TEXT", "search the local history", sandi::client::cli::runSearch},
};

std::string usage()
{
    std::string out = "usage: sandi <command> [options]\n\ncommands:\n";
    for (const auto& c : kCommands) {
        std::string left =
            std::string("  ") + c.name + (*c.synopsis != '\0' ? std::string(" ") + c.synopsis : std::string());
        left.resize(std::max<std::size_t>(left.size() + 3, 60), ' ');
        out += left + c.summary + "\n";
    }
    return out + "\n'sandi <command> --help' describes a command; docs/pki.md has the whole story.\n";
}

} // namespace

int main(int argc, char** argv)
{
    sandi::crypto::initialise();
    using namespace sandi::client::cli;
    const std::span<char* const> all(argv, static_cast<std::size_t>(argc));
    if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "help") == 0) {
        std::fputs(usage().c_str(), argc < 2 ? stderr : stdout);
        return argc < 2 ? kExitError : kExitOk;
    }
    const std::string_view command = argv[1];
    for (const auto& c : kCommands)
        if (command == c.name) return c.run(all.subspan(2), stdout, stderr);

    std::fprintf(stderr, "sandi: unknown command '%s'\n%s", argv[1], usage().c_str());
    return kExitError;
}
