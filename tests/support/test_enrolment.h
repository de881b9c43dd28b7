// SPDX-License-Identifier: GPL-3.0-or-later
// The office CA's half of enrolment in a test: issues a device certificate from the
// request.csr.pem a store wrote (what `sandi ca issue --profile device --csr` does) and
// writes the chain, the root and the CRLs as PEM files for Account::init.
#pragma once

#include "sandi/core/atomic_file.h"
#include "sandi/pki/x509.h"
#include "test_pki.h"

#include <filesystem>
#include <string>

namespace sandi::test {

struct IssuedDevice {
    std::filesystem::path chain; // the device certificate, then the office CA and the root
    std::filesystem::path trust; // the root
    std::filesystem::path crls;  // fresh CRLs of the root and the office CAs
};

inline IssuedDevice issueDeviceFromCsr(TestPki& pki, const std::filesystem::path& csr,
                                       const std::filesystem::path& outDir)
{
    const auto bytes = must(readFile(csr, std::size_t{1} << 20));
    auto request = must(parseCsr(bytes));
    IssueParams p;
    p.profile = Profile::Device;
    p.csr = request.get();
    const Issued issued = must(pki.baubau->issue(p, pki.rng, pki.now));
    std::string chain = certificatePem(issued.certificate.get());
    for (const auto& c : issued.chain)
        chain += certificatePem(c.get());
    IssuedDevice out{outDir / "device.chain.pem", outDir / "root.pem", outDir / "crls.pem"};
    std::string crls;
    for (const auto& c : pki.crls(pki.now))
        crls += crlPem(c.get());
    must(writeFileAtomically(out.crls, crls, FileMode::Public));
    must(writeFileAtomically(out.chain, chain, FileMode::Public));
    must(writeFileAtomically(out.trust, certificatePem(pki.root->certificate()), FileMode::Public));
    return out;
}

} // namespace sandi::test
