// SPDX-License-Identifier: GPL-3.0-or-later
// A device store enrolled as the CLI does it (account request, the office CA issues the
// CSR, account init), for the widget tests; and a signing PKCS#12 from the same CA.
#pragma once

#include "../../support/test_enrolment.h"
#include "../../support/test_pki.h"
#include "sandi/client/account.h"
#include "sandi/core/atomic_file.h"
#include "sandi/pki/x509.h"

#include <QStringList>

#include <filesystem>

namespace sandi::test {

struct EnrolledStore {
    TestPki pki;
    TempDir tmp;
    std::filesystem::path store;
    IssuedDevice issued;

    EnrolledStore(const SecureBuffer& pass, const QStringList& relays) : store(tmp.path() / "store")
    {
        SystemRandom rng;
        must(client::Account::request(store, pass, {"Sri Wahyuni (laptop)", "198707212011012006", "Kepala Bidang"},
                                      tmp.path() / "laptop.csr", rng));
        issued = issueDeviceFromCsr(pki, tmp.path() / "laptop.csr", tmp.path());
        client::InitParams p;
        p.certificate = issued.chain;
        p.trust = {issued.trust};
        p.crls = {issued.crls};
        p.relays = relays;
        must(client::Account::init(store, pass, p));
    }
};

inline std::filesystem::path makeSignerP12(TestPki& pki, const std::filesystem::path& dir, const SecureBuffer& pass)
{
    const Issued issued = pki.issue(*pki.baubau, Profile::Signing, "Sri Wahyuni");
    std::vector<X509*> chain;
    for (const auto& c : issued.chain)
        chain.push_back(c.get());
    const auto p12 = must(makePkcs12(issued.key.get(), issued.certificate.get(), chain, pass, "Sri Wahyuni"));
    const std::filesystem::path file = dir / "sri.p12";
    must(writeFileAtomically(file, std::span<const std::byte>(p12), FileMode::Private));
    return file;
}

// A port on 127.0.0.1 where nothing listens (bound, then closed).
quint16 closedPort();

} // namespace sandi::test
