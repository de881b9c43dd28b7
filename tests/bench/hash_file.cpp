// SPDX-License-Identifier: GPL-3.0-or-later
// The limit for signing speed: map a file and SHA-256 it once, as the signer must.
//   bench_hash_file FILE → prints the digest
#include "sandi/sign/cms.h"
#include "sandi/core/mapped_file.h"
#include "sandi/pki/x509.h"

#include <cstdio>

int main(int argc, char** argv)
{
    using namespace sandi::crypto;
    if (argc != 2) return 2;
    auto file = MappedFile::open(argv[1], std::size_t{1} << 40);
    if (!file) return 2;
    std::printf("%s\n", hexUpper(digestOf(Digest::Sha256, file->bytes())).c_str());
    return 0;
}
