// SPDX-License-Identifier: GPL-3.0-or-later
// Makes N distinct signed PDFs for the bulk-verification benchmark:
//   bench_make_signed_corpus BASE.pdf SIGNER.p12 PASSFILE N OUTDIR
#include "sandi/core/atomic_file.h"
#include "sandi/pades/pades.h"

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

int main(int argc, char** argv)
{
    using namespace sandi::crypto;
    if (argc != 6) {
        std::fprintf(stderr, "usage: bench_make_signed_corpus BASE.pdf SIGNER.p12 PASSFILE N OUTDIR\n");
        return 2;
    }
    initialise();
    auto base = readFile(argv[1], 1 << 30);
    auto p12 = readFile(argv[2], 1 << 20);
    auto passText = readTextFile(argv[3], 1024);
    if (!base || !p12 || !passText) return 2;
    std::string pass = *passText;
    while (!pass.empty() && (pass.back() == '\n' || pass.back() == '\r'))
        pass.pop_back();
    auto signer = KeySigner::fromPkcs12(*p12, SecureBuffer::fromString(pass));
    if (!signer) {
        std::fprintf(stderr, "%s\n", signer.error().message.c_str());
        return 2;
    }
    const int n = std::stoi(argv[4]);
    std::filesystem::create_directories(argv[5]);
    for (int i = 0; i < n; ++i) {
        PadesSignOptions o;
        o.signingTime = std::chrono::system_clock::now();
        o.reason = "Benchmark " + std::to_string(i);
        auto update = padesSign(*base, *signer, o);
        if (!update) {
            std::fprintf(stderr, "%s\n", update.error().message.c_str());
            return 2;
        }
        const std::span<const std::byte> parts[] = {*base, *update};
        char name[32];
        std::snprintf(name, sizeof name, "doc-%05d.pdf", i);
        if (!writeFileAtomically(std::filesystem::path(argv[5]) / name,
                                 std::span<const std::span<const std::byte>>(parts), FileMode::Public))
            return 2;
    }
    return 0;
}
