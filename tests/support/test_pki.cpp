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

std::vector<Certificate> values(std::initializer_list<X509*> certs)
{
    std::vector<Certificate> out;
    for (X509* c : certs)
        out.emplace_back(ossl::upRef(c));
    return out;
}

std::vector<Crl> values(const std::vector<ossl::X509CrlPtr>& crls)
{
    std::vector<Crl> out;
    for (const auto& c : crls)
        out.emplace_back(ossl::upRef(c.get()));
    return out;
}

Verdict TestPki::validate(X509* leaf, Purpose purpose, TimePoint at, const std::vector<ossl::X509CrlPtr>& crlList,
                          std::vector<X509*> extraIntermediates)
{
    std::vector<Certificate> inter{values({baubau->certificate(), buton->certificate()})};
    for (X509* c : extraIntermediates)
        inter.emplace_back(ossl::upRef(c));
    const std::vector<Certificate> anchors = values({root->certificate()});
    const std::vector<Crl> crls = values(crlList);
    ChainInput in;
    in.leaf.emplace(ossl::upRef(leaf));
    in.intermediates = inter;
    in.anchors = anchors;
    in.crls = crls;
    in.time = at;
    in.purpose = purpose;
    in.revocation = crlList.empty() ? RevocationCheck::None : RevocationCheck::Required;
    return validateChain(in);
}

} // namespace sandi::test
