// SPDX-License-Identifier: GPL-3.0-or-later
// Makes one PDF signed again and again (each signature an incremental update of the last),
// keeping a copy after each of the given counts, for the many-signatures benchmark
// (tests/bench/many_signatures_bench.py):
//   bench_make_signature_chain BASE.pdf SIGNER.p12 PASSFILE OUTDIR COUNT...
// writes OUTDIR/sigs-COUNT.pdf for each COUNT (ascending).
#include "sandi/core/atomic_file.h"
#include "sandi/pades/pades.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

int main(int argc, char** argv)
{
    using namespace sandi::crypto;
    if (argc < 6) {
        std::fprintf(stderr, "usage: bench_make_signature_chain BASE.pdf SIGNER.p12 PASSFILE OUTDIR COUNT...\n");
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
    std::vector<int> counts;
    for (int i = 5; i < argc; ++i)
        counts.push_back(std::stoi(argv[i]));
    std::sort(counts.begin(), counts.end());
    const std::filesystem::path out(argv[4]);
    std::filesystem::create_directories(out);
    std::vector<std::byte> doc = std::move(*base);
    for (int i = 1; i <= counts.back(); ++i) {
        PadesSignOptions o;
        o.signingTime = std::chrono::system_clock::now();
        o.reason = "Benchmark " + std::to_string(i);
        auto update = padesSign(doc, *signer, o);
        if (!update) {
            std::fprintf(stderr, "signature %d: %s\n", i, update.error().message.c_str());
            return 2;
        }
        doc.insert(doc.end(), update->begin(), update->end());
        if (std::find(counts.begin(), counts.end(), i) == counts.end()) continue;
        const std::span<const std::byte> parts[] = {doc};
        if (!writeFileAtomically(out / ("sigs-" + std::to_string(i) + ".pdf"),
                                 std::span<const std::span<const std::byte>>(parts), FileMode::Public))
            return 2;
    }
    return 0;
}
