// SPDX-License-Identifier: GPL-3.0-or-later
// Issues many device certificates at once for the relay benchmark (tests/bench/relay_bench.py),
// through the CertificateAuthority API as `sandi ca issue --profile device` does, but
// without the Argon2 key store of `sandi account request` (about 1 s per device):
//
//   bench_device_certs OFFICE_CA_DIR CA_PASS_FILE COUNT OUTDIR
//
// Writes OUTDIR/dev-NNNNN.pem (the device certificate, then its issuers) and
// OUTDIR/dev-NNNNN.key (its P-256 TLS key, unencrypted PKCS#8 PEM: benchmark only).
// Each certificate binds a fresh Ed25519 identity key and an NIP of its own. Give it a
// copy of the office CA directory: the CA records every certificate it issues.
#include "sandi/core/atomic_file.h"
#include "sandi/pki/ca.h"
#include "sandi/pki/x509.h"

#include <openssl/pem.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>

namespace {

using namespace sandi::crypto;
using sandi::Result;

constexpr int kMaxCount = 100'000;

int die(const std::string& what)
{
    std::fprintf(stderr, "bench_device_certs: %s\n", what.c_str());
    return 2;
}

Result<std::string> privateKeyPem(EVP_PKEY* key)
{
    const ossl::BioPtr bio = ossl::memoryBio();
    if (!bio || PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) != 1)
        return fail(ossl::lastError("writing a TLS key"));
    return ossl::bioString(bio.get());
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 5) {
        std::fprintf(stderr, "usage: bench_device_certs OFFICE_CA_DIR CA_PASS_FILE COUNT OUTDIR\n");
        return 2;
    }
    initialise();
    const int count = std::atoi(argv[3]);
    if (count < 1 || count > kMaxCount) return die("COUNT must be 1.." + std::to_string(kMaxCount));
    auto passText = readTextFile(argv[2], 1024);
    if (!passText) return die(passText.error().message);
    std::string pass = *passText;
    while (!pass.empty() && (pass.back() == '\n' || pass.back() == '\r'))
        pass.pop_back();
    auto ca = CertificateAuthority::open(argv[1]);
    if (!ca) return die(ca.error().message);
    if (auto st = ca->unlock(SecureBuffer::fromString(pass)); !st) return die(st.error().message);
    const std::filesystem::path out(argv[4]);
    std::filesystem::create_directories(out);
    SystemRandom rng;
    for (int i = 0; i < count; ++i) {
        auto identity = generateKey(KeyType::Ed25519);
        if (!identity) return die(identity.error().message);
        IssueParams p;
        p.profile = Profile::Device;
        p.commonName = "Bench device " + std::to_string(i);
        char nip[24];
        std::snprintf(nip, sizeof nip, "19900101202001%04d", i % 10'000); // 18 digits, as an NIP
        p.nip = nip;
        p.e2eIdentityKey = identity->get();
        auto issued = ca->issue(p, rng, std::chrono::system_clock::now());
        if (!issued) return die(issued.error().message);
        std::string chain = certificatePem(issued->certificate.get());
        for (const auto& c : issued->chain)
            chain += certificatePem(c.get());
        auto key = privateKeyPem(issued->key.get());
        if (!key) return die(key.error().message);
        char name[32];
        std::snprintf(name, sizeof name, "dev-%05d", i);
        const auto base = out / name;
        if (auto st = writeFileAtomically(base.string() + ".pem", chain, FileMode::Public); !st)
            return die(st.error().message);
        if (auto st = writeFileAtomically(base.string() + ".key", *key, FileMode::Private); !st)
            return die(st.error().message);
    }
    std::printf("issued %d device certificates into %s\n", count, out.c_str());
    return 0;
}
