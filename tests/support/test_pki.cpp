// SPDX-License-Identifier: GPL-3.0-or-later
#include "test_pki.h"

#include <cstdlib>
#include <unistd.h>

namespace sandi::test {

TempDir::TempDir()
{
    std::string tmpl = (std::filesystem::temp_directory_path() / "sandi-test-XXXXXX").string();
    if (::mkdtemp(tmpl.data()) == nullptr) std::abort();
    m_path = tmpl;
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

TestPki::TestPki(TimePoint at) : now(at)
{
    RootParams rp;
    rp.organization = "Pemerintah Provinsi Sulawesi Tenggara";
    rp.commonName = "Sandi Test Root";
    root = std::make_unique<CertificateAuthority>(
        must(CertificateAuthority::initRoot(dir.path() / "root", rp, passphrase(), rng, now)));
    OfficeParams op;
    op.office = "Kota Baubau";
    op.permittedEmail = {"baubaukota.go.id"};
    op.keyType = KeyType::P256;
    baubau = std::make_unique<CertificateAuthority>(
        must(root->initOffice(dir.path() / "baubau", op, passphrase(), rng, now)));
    op.office = "Kabupaten Buton";
    op.permittedEmail = {};
    buton = std::make_unique<CertificateAuthority>(
        must(root->initOffice(dir.path() / "buton", op, passphrase(), rng, now)));
}

Issued TestPki::issue(CertificateAuthority& ca, Profile profile, const std::string& cn, std::vector<std::string> emails,
                      std::vector<std::string> dns, std::vector<std::string> ips)
{
    IssueParams p;
    p.profile = profile;
    p.commonName = cn;
    p.emails = std::move(emails);
    p.dnsNames = std::move(dns);
    p.ipAddresses = std::move(ips);
    if (profile == Profile::Signing) p.keyType = KeyType::P256; // fast keygen in tests
    return must(ca.issue(p, rng, now));
}

std::vector<ossl::X509CrlPtr> TestPki::crls(TimePoint at)
{
    std::vector<ossl::X509CrlPtr> out;
    out.push_back(must(root->publishCrl(at)));
    out.push_back(must(baubau->publishCrl(at)));
    out.push_back(must(buton->publishCrl(at)));
    return out;
}

Verdict TestPki::validate(X509* leaf, Purpose purpose, TimePoint at, const std::vector<ossl::X509CrlPtr>& crlList,
                          std::vector<X509*> extraIntermediates)
{
    std::vector<X509*> inter = {baubau->certificate(), buton->certificate()};
    for (X509* c : extraIntermediates)
        inter.push_back(c);
    X509* anchor = root->certificate();
    std::vector<X509_CRL*> crlPtrs;
    for (const auto& c : crlList)
        crlPtrs.push_back(c.get());
    ChainInput in;
    in.leaf = leaf;
    in.intermediates = inter;
    in.anchors = std::span<X509* const>(&anchor, 1);
    in.crls = crlPtrs;
    in.time = at;
    in.purpose = purpose;
    in.revocation = crlList.empty() ? RevocationCheck::None : RevocationCheck::Required;
    return validateChain(in);
}

} // namespace sandi::test
