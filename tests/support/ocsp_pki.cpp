// SPDX-License-Identifier: GPL-3.0-or-later
#include "ocsp_pki.h"

#include "sandi/core/atomic_file.h"

#include <openssl/pem.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <memory>

namespace sandi::test {
namespace {

constexpr const char* kConfig = R"([req]
distinguished_name = dn
prompt = no
[dn]
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid:always
[leaf_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[tsa_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = critical,timeStamping
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[resp_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
noCheck = ignored
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[resp_checked_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = OCSPSigning
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
[resp_noeku_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
)";

// The PKI: ca, other-ca (self-signed); leaf (1001), revoked (1002, revoked an hour ago),
// unknown (1003, not in the index); resp (nocheck), resp-checked, resp-noeku by ca;
// other-resp by other-ca. index.txt is ca's database for `openssl ocsp -index`.
constexpr const char* kScript = R"(set -e
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out $1.key 2>/dev/null; }
root() { key $1; openssl req -x509 -new -key $1.key -subj "/O=Sandi Test/CN=$2" -days 30 -config openssl.cnf -extensions ca_ext -out $1.pem; }
issue() { key $1; openssl req -new -key $1.key -subj "/O=Sandi Test/CN=$2" -config openssl.cnf -out $1.csr;
  openssl x509 -req -in $1.csr -CA $3.pem -CAkey $3.key -set_serial 0x$4 -days 10 -extfile openssl.cnf -extensions $5 -out $1.pem 2>/dev/null; }
root ca "OCSP Test CA"
root other-ca "Another CA"
issue leaf "Leaf" ca 1001 leaf_ext
issue revoked "Revoked Leaf" ca 1002 leaf_ext
issue unknown "Unknown Leaf" ca 1003 leaf_ext
issue tsa "Time-Stamp Authority" ca 1004 tsa_ext
issue resp "OCSP Responder" ca 2001 resp_ext
issue resp-checked "OCSP Responder Without Nocheck" ca 2002 resp_checked_ext
issue resp-noeku "Not An OCSP Responder" ca 2003 resp_noeku_ext
issue other-resp "OCSP Responder Of Another CA" other-ca 3001 resp_ext
exp=$(date -u -d '+10 days' +%y%m%d%H%M%SZ)
printf 'V\t%s\t\t1001\tunknown\t/O=Sandi Test/CN=Leaf\n' $exp > index.txt
printf 'R\t%s\t%s,keyCompromise\t1002\tunknown\t/O=Sandi Test/CN=Revoked Leaf\n' $exp $REVOKED >> index.txt
printf 'V\t%s\t\t1004\tunknown\t/O=Sandi Test/CN=Time-Stamp Authority\n' $exp >> index.txt
cat ca.pem other-ca.pem > both-ca.pem
for s in 2001 2002 2003; do printf 'V\t%s\t\t%s\tunknown\t/O=Sandi Test/CN=Responder %s\n' $exp $s $s >> index.txt; done
echo 'unique_subject = no' > index.txt.attr
)";

} // namespace

OcspPki::OcspPki()
{
    revokedAt =
        std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now() - std::chrono::hours(1));
    const std::time_t t = std::chrono::system_clock::to_time_t(revokedAt);
    std::array<char, 32> buf{};
    std::tm tm{};
    gmtime_r(&t, &tm);
    std::strftime(buf.data(), buf.size(), "%Y%m%d%H%M%SZ", &tm); // the index wants UTCTime: drop the century
    std::ofstream(dir() / "openssl.cnf") << kConfig;
    std::ofstream(dir() / "make.sh") << kScript;
    std::string log;
    if (!run(std::string("REVOKED=") + (buf.data() + 2) + " bash make.sh", &log))
        ADD_FAILURE() << "openssl failed: " << log;
}

bool OcspPki::run(const std::string& command, std::string* log) const
{
    const std::string full = "cd '" + dir().string() + "' && ( " + command + " ) 2>&1";
    std::unique_ptr<FILE, int (*)(FILE*)> pipe(::popen(full.c_str(), "r"), ::pclose);
    if (!pipe) return false;
    std::string out;
    std::array<char, 4096> buf{};
    while (std::fgets(buf.data(), static_cast<int>(buf.size()), pipe.get()) != nullptr)
        out += buf.data();
    const int status = ::pclose(pipe.release());
    if (log != nullptr) *log = out;
    return status == 0;
}

std::vector<std::byte> OcspPki::read(const std::string& file) const
{
    return must(crypto::readFile(dir() / file, std::size_t{16} * 1024 * 1024));
}

Certificate OcspPki::cert(const std::string& name) const
{
    return must(Certificate::parse(read(name + ".pem")));
}

ossl::PkeyPtr OcspPki::key(const std::string& name) const
{
    const auto pem = read(name + ".key");
    auto bio = ossl::memoryBio(pem);
    ossl::PkeyPtr k(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!k) ADD_FAILURE() << "cannot read " << name << ".key";
    return k;
}

std::vector<std::byte> OcspPki::respond(const std::string& name, const std::string& signer, const std::string& out,
                                        const std::string& respFlags, const std::string& reqFlags) const
{
    std::string log;
    // A digest option (-sha256) must come before -cert.
    const std::string cmd = "openssl ocsp " + reqFlags + " -issuer ca.pem -cert " + name + ".pem -no_nonce -reqout " +
                            out + ".req && openssl ocsp -index index.txt -CA ca.pem -rsigner " + signer +
                            ".pem -rkey " + signer + ".key -reqin " + out + ".req -respout " + out + " " + respFlags;
    if (!run(cmd, &log)) ADD_FAILURE() << cmd << ": " << log;
    return read(out);
}

bool OcspPki::opensslVerifies(const std::string& file, const std::string& more) const
{
    std::string log;
    const bool ownCa = more.find("-CAfile") != std::string::npos;
    run("openssl ocsp -respin " + file + (ownCa ? " " : " -CAfile ca.pem ") + more, &log);
    return log.find("Response verify OK") != std::string::npos;
}

} // namespace sandi::test
