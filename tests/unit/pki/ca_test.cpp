// SPDX-License-Identifier: GPL-3.0-or-later
// The CA through its library API: profiles, issuance rules, revocation, CRLs,
// durability and bad input.
#include "../../support/test_pki.h"

#include "sandi/core/atomic_file.h"
#include "sandi/pki/cert_builder.h"

#include <openssl/pem.h>
#include <openssl/x509v3.h>

#include <gtest/gtest.h>

#include <set>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;

std::set<std::string> ekuOf(X509* cert)
{
    std::set<std::string> out;
    ossl::ExtKeyUsagePtr eku(
        static_cast<EXTENDED_KEY_USAGE*>(X509_get_ext_d2i(cert, NID_ext_key_usage, nullptr, nullptr)));
    for (int i = 0; eku && i < sk_ASN1_OBJECT_num(eku.get()); ++i) {
        char buf[80];
        OBJ_obj2txt(buf, sizeof buf, sk_ASN1_OBJECT_value(eku.get(), i), 1);
        out.insert(buf);
    }
    return out;
}

bool critical(X509* cert, int nid)
{
    const int i = X509_get_ext_by_NID(cert, nid, -1);
    return i >= 0 && X509_EXTENSION_get_critical(X509_get_ext(cert, i)) == 1;
}

class CaTest : public ::testing::Test {
  protected:
    TestPki pki;
};

TEST_F(CaTest, RootAndOfficeCertificatesFollowTheirProfiles)
{
    X509* root = pki.root->certificate();
    EXPECT_EQ(X509_self_signed(root, 1), 1);
    EXPECT_EQ(X509_get_pathlen(root), 1);
    EXPECT_TRUE(critical(root, NID_basic_constraints));
    EXPECT_EQ(X509_get_key_usage(root), static_cast<uint32_t>(KU_KEY_CERT_SIGN | KU_CRL_SIGN));

    X509* office = pki.baubau->certificate();
    EXPECT_EQ(X509_get_pathlen(office), 0);
    EXPECT_TRUE(critical(office, NID_name_constraints));
    EXPECT_EQ(X509_check_issued(root, office), X509_V_OK);
    const std::string subject = subjectString(office);
    EXPECT_NE(subject.find("OU=Kota Baubau"), std::string::npos);
    EXPECT_NE(subject.find("O=Pemerintah Provinsi Sulawesi Tenggara"), std::string::npos);
    // The root records itself and both office CAs.
    EXPECT_EQ(pki.root->database().records().size(), 3U);
}

TEST_F(CaTest, EndEntityProfilesCarryTheDocumentedExtensions)
{
    auto signing = pki.issue(*pki.baubau, Profile::Signing, "La Ode Budi", {"budi@baubaukota.go.id"});
    EXPECT_EQ(X509_get_key_usage(signing.certificate.get()),
              static_cast<uint32_t>(KU_DIGITAL_SIGNATURE | KU_NON_REPUDIATION));
    EXPECT_EQ(ekuOf(signing.certificate.get()), (std::set<std::string>{"1.3.6.1.5.5.7.3.36", "1.3.6.1.5.5.7.3.4"}));
    EXPECT_FALSE(critical(signing.certificate.get(), NID_ext_key_usage));

    auto device = pki.issue(*pki.baubau, Profile::Device, "La Ode Budi laptop");
    EXPECT_EQ(ekuOf(device.certificate.get()), (std::set<std::string>{"1.3.6.1.5.5.7.3.2"}));
    EXPECT_EQ(EVP_PKEY_get_base_id(device.key.get()), EVP_PKEY_EC);

    auto relay = pki.issue(*pki.buton, Profile::RelayTls, "relay", {}, {"relay.sultraprov.go.id"}, {"127.0.0.1"});
    EXPECT_EQ(ekuOf(relay.certificate.get()), (std::set<std::string>{"1.3.6.1.5.5.7.3.1"}));
    EXPECT_EQ(X509_check_host(relay.certificate.get(), "relay.sultraprov.go.id", 0, 0, nullptr), 1);
    EXPECT_EQ(X509_check_ip_asc(relay.certificate.get(), "127.0.0.1", 0), 1);

    auto tsa = pki.issue(*pki.buton, Profile::Tsa, "Sandi TSA");
    EXPECT_EQ(ekuOf(tsa.certificate.get()), (std::set<std::string>{"1.3.6.1.5.5.7.3.8"}));
    EXPECT_TRUE(critical(tsa.certificate.get(), NID_ext_key_usage));

    for (X509* c :
         {signing.certificate.get(), device.certificate.get(), relay.certificate.get(), tsa.certificate.get()}) {
        EXPECT_EQ(X509_check_ca(c), 0);
        EXPECT_TRUE(critical(c, NID_key_usage));
        // 128-bit random positive serials.
        ossl::BnPtr bn(ASN1_INTEGER_to_BN(X509_get0_serialNumber(c), nullptr));
        EXPECT_FALSE(BN_is_negative(bn.get()));
        EXPECT_LE(BN_num_bytes(bn.get()), 16);
        EXPECT_GE(BN_num_bytes(bn.get()), 12); // 2^-32 chance of a false failure
    }
}

TEST_F(CaTest, ProfileChecksRefuseWhatDoesNotBelong)
{
    IssueParams p;
    p.profile = Profile::RelayTls;
    p.commonName = "relay";
    auto noSan = pki.buton->issue(p, pki.rng, pki.now);
    ASSERT_FALSE(noSan);
    EXPECT_NE(noSan.error().message.find("DNS name or IP address"), std::string::npos);

    p.profile = Profile::Device;
    p.keyType = KeyType::Rsa3072;
    auto badKey = pki.buton->issue(p, pki.rng, pki.now);
    ASSERT_FALSE(badKey);
    EXPECT_EQ(badKey.error().code, ErrorCode::Policy);

    p.keyType.reset();
    p.dnsNames = {"x.example"};
    EXPECT_FALSE(pki.buton->issue(p, pki.rng, pki.now));

    p.profile = Profile::OfficeCa;
    EXPECT_FALSE(pki.buton->issue(p, pki.rng, pki.now));
    EXPECT_FALSE(profileFromName("server"));

    IssueParams rootIssue;
    rootIssue.commonName = "x";
    auto fromRoot = pki.root->issue(rootIssue, pki.rng, pki.now);
    ASSERT_FALSE(fromRoot);
    EXPECT_NE(fromRoot.error().message.find("only office CAs"), std::string::npos);
}

TEST_F(CaTest, RefusesToIssueOutsideTheOfficeNameConstraints)
{
    // Kota Baubau may only certify e-mail addresses at baubaukota.go.id.
    IssueParams p;
    p.profile = Profile::Signing;
    p.commonName = "Orang Lain";
    p.keyType = KeyType::P256;
    p.emails = {"someone@butonkab.go.id"};
    const auto before = pki.baubau->database().records().size();
    auto r = pki.baubau->issue(p, pki.rng, pki.now);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::Policy);
    EXPECT_NE(r.error().message.find("refusing to issue"), std::string::npos);
    EXPECT_EQ(pki.baubau->database().records().size(), before);
}

TEST_F(CaTest, IssuesFromACsrAndRefusesABadCsrSignature)
{
    auto key = must(generateKey(KeyType::P256));
    ossl::X509ReqPtr req(X509_REQ_new());
    auto name = must(makeName({"ID", "Elsewhere", "", "Applicant", "", ""}));
    ASSERT_EQ(X509_REQ_set_subject_name(req.get(), name.get()), 1);
    ASSERT_EQ(X509_REQ_set_pubkey(req.get(), key.get()), 1);
    ASSERT_GT(X509_REQ_sign(req.get(), key.get(), EVP_sha256()), 0);
    ossl::BioPtr bio(BIO_new(BIO_s_mem()));
    ASSERT_EQ(PEM_write_bio_X509_REQ(bio.get(), req.get()), 1);
    const auto pem = ossl::bioBytes(bio.get());

    auto parsed = must(parseCsr(pem));
    IssueParams p;
    p.profile = Profile::Device;
    p.csr = parsed.get();
    auto issued = must(pki.buton->issue(p, pki.rng, pki.now));
    EXPECT_FALSE(issued.key); // the CA never saw the private key
    EXPECT_EQ(EVP_PKEY_eq(X509_get0_pubkey(issued.certificate.get()), key.get()), 1);
    // The subject is the office's, with the CSR's CN; the CSR's O is ignored.
    EXPECT_EQ(subjectString(issued.certificate.get()),
              "CN=Applicant,OU=Kabupaten Buton,O=Pemerintah Provinsi Sulawesi Tenggara,C=ID");

    // Corrupt the signature (last bytes of the DER) → refused with a clear error.
    unsigned char* der = nullptr;
    const int len = i2d_X509_REQ(req.get(), &der);
    std::vector<std::byte> bad(reinterpret_cast<std::byte*>(der), reinterpret_cast<std::byte*>(der) + len);
    OPENSSL_free(der);
    bad[bad.size() - 3] ^= std::byte{0x40};
    auto refused = parseCsr(bad);
    ASSERT_FALSE(refused);
    EXPECT_TRUE(refused.error().code == ErrorCode::BadSignature || refused.error().code == ErrorCode::InvalidInput);
}

TEST_F(CaTest, BindsAnEd25519IdentityKeyInADeviceCertificate)
{
    auto identity = must(generateKey(KeyType::Ed25519));
    IssueParams p;
    p.profile = Profile::Device;
    p.commonName = "Laptop";
    p.e2eIdentityKey = identity.get();
    auto issued = must(pki.baubau->issue(p, pki.rng, pki.now));
    auto bound = must(e2eIdentityKeyOf(issued.certificate.get()));
    EXPECT_EQ(EVP_PKEY_eq(bound.get(), identity.get()), 1);
    auto signing = pki.issue(*pki.baubau, Profile::Signing, "No identity");
    EXPECT_EQ(e2eIdentityKeyOf(signing.certificate.get()).error().code, ErrorCode::NotFound);
    p.profile = Profile::Signing;
    EXPECT_FALSE(pki.baubau->issue(p, pki.rng, pki.now));
}

TEST_F(CaTest, RevocationIsRecordedOnceAndPublishedInTheNextCrl)
{
    auto leaf = pki.issue(*pki.baubau, Profile::Device, "Stolen laptop");
    const std::string serial = serialHex(leaf.certificate.get());
    const auto n0 = pki.baubau->database().crlNumber();
    // Any spelling of the serial finds the record: lower case with colons, as openssl prints it.
    std::string spelled;
    for (std::size_t i = 0; i < serial.size(); i += 2)
        spelled += (i ? ":" : "") + serial.substr(i, 2);
    for (auto& c : spelled)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    auto rec = must(pki.baubau->revoke(spelled, RevocationReason::KeyCompromise, pki.now + 1h));
    EXPECT_TRUE(rec.revoked());
    auto again = pki.baubau->revoke(serial, RevocationReason::Superseded, pki.now + 2h);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::AlreadyExists);
    EXPECT_EQ(pki.baubau->revoke("ABCDEF", RevocationReason::Superseded, pki.now).error().code, ErrorCode::NotFound);
    EXPECT_EQ(pki.baubau->revoke("not hex", RevocationReason::Superseded, pki.now).error().code,
              ErrorCode::InvalidArgument);

    auto crl = must(pki.baubau->publishCrl(pki.now + 2h));
    EXPECT_EQ(pki.baubau->database().crlNumber(), n0 + 1);
    X509_REVOKED* entry = nullptr;
    ASSERT_EQ(X509_CRL_get0_by_cert(crl.get(), &entry, leaf.certificate.get()), 1);
    EXPECT_EQ(X509_CRL_verify(crl.get(), X509_get0_pubkey(pki.baubau->certificate())), 1);

    // The database survives a reopen (after this object releases its lock).
    const auto dir = pki.baubau->directory();
    pki.baubau.reset();
    auto reopened = must(CertificateAuthority::open(dir));
    EXPECT_TRUE(reopened.database().find(serial)->revoked());
    EXPECT_EQ(reopened.database().crlNumber(), n0 + 1);
}

TEST_F(CaTest, WrongPassphraseAndLockedKeyAreClearErrors)
{
    const auto dir = pki.buton->directory();
    pki.buton.reset();
    auto ca = must(CertificateAuthority::open(dir));
    auto bad = ca.unlock(SecureBuffer::fromString("not the passphrase"));
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().code, ErrorCode::WrongPassphrase);
    EXPECT_EQ(bad.error().message.find("not the passphrase"), std::string::npos);
    IssueParams p;
    p.commonName = "x";
    EXPECT_NE(ca.issue(p, pki.rng, pki.now).error().message.find("locked"), std::string::npos);
    EXPECT_TRUE(ca.unlock(passphrase()));
}

TEST_F(CaTest, CorruptDatabaseIsDetectedAndLeftUntouched)
{
    const auto dir = pki.buton->directory();
    pki.buton.reset();
    const auto dbPath = CertificateAuthority::databasePath(dir);
    std::string text = must(readTextFile(dbPath, 1 << 20));
    text[text.size() / 2] = text[text.size() / 2] == 'A' ? 'B' : 'A';
    must(writeFileAtomically(dbPath, text));
    auto opened = CertificateAuthority::open(dir);
    ASSERT_FALSE(opened);
    EXPECT_NE(opened.error().message.find("corrupt CA database"), std::string::npos);
    EXPECT_EQ(must(readTextFile(dbPath, 1 << 20)), text);
}

TEST_F(CaTest, ACaDirectoryIsLockedWhileOpen)
{
    auto second = CertificateAuthority::open(pki.baubau->directory());
    ASSERT_FALSE(second);
    EXPECT_NE(second.error().message.find("locked"), std::string::npos);
}

TEST(CaInit, RefusesANonEmptyDirectoryAndLeavesNothingOnFailure)
{
    TempDir dir;
    SeededRandom rng(1);
    RootParams rp;
    rp.organization = "Org";
    rp.commonName = "Root";
    std::filesystem::create_directory(dir.path() / "occupied");
    must(writeFileAtomically(dir.path() / "occupied" / "x", std::string_view("x")));
    auto r = CertificateAuthority::initRoot(dir.path() / "occupied", rp, passphrase(), rng,
                                            std::chrono::system_clock::now());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::AlreadyExists);

    auto shortPass = CertificateAuthority::initRoot(dir.path() / "new", rp, SecureBuffer::fromString("short"), rng,
                                                    std::chrono::system_clock::now());
    ASSERT_FALSE(shortPass);
    EXPECT_FALSE(std::filesystem::exists(dir.path() / "new"));
    int entries = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(dir.path()))
        ++entries;
    EXPECT_EQ(entries, 1); // only "occupied": no staging directory left behind
}

TEST(X509Parsing, BadInputGetsAClearError)
{
    const std::string junk = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
    auto r = parseCertificate(std::as_bytes(std::span(junk.data(), junk.size())));
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidInput);
    EXPECT_FALSE(parseCertificate({}));
    const std::array<std::byte, 4> der{std::byte{0x30}, std::byte{0x82}, std::byte{0xFF}, std::byte{0xFF}};
    EXPECT_FALSE(parseCertificate(der));
    EXPECT_FALSE(parseCrl(der));
    EXPECT_FALSE(parseCsr(der));
    EXPECT_EQ(parsePkcs12(der, passphrase()).error().code, ErrorCode::InvalidInput);
}

TEST(Pkcs12, RoundTripsAndRejectsAWrongPassphrase)
{
    TestPki pki;
    auto issued = pki.issue(*pki.baubau, Profile::Signing, "Signer");
    std::vector<X509*> chain;
    for (const auto& c : issued.chain)
        chain.push_back(c.get());
    auto p12 = must(makePkcs12(issued.key.get(), issued.certificate.get(), chain, passphrase(), "Signer"));
    auto back = must(parsePkcs12(p12, passphrase()));
    EXPECT_EQ(X509_cmp(back.certificate.get(), issued.certificate.get()), 0);
    EXPECT_EQ(EVP_PKEY_eq(back.key.get(), issued.key.get()), 1);
    EXPECT_EQ(back.chain.size(), 2U);
    auto wrong = parsePkcs12(p12, SecureBuffer::fromString("wrong passphrase"));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::WrongPassphrase);
}

TEST(KeyAtRest, EncryptedPemRoundTripsAndIsReallyEncrypted)
{
    auto key = must(generateKey(KeyType::P256));
    auto pem = must(encryptPrivateKeyPem(key.get(), passphrase()));
    EXPECT_NE(pem.find("BEGIN ENCRYPTED PRIVATE KEY"), std::string::npos);
    auto back = must(decryptPrivateKeyPem(std::as_bytes(std::span(pem.data(), pem.size())), passphrase()));
    EXPECT_EQ(EVP_PKEY_eq(back.get(), key.get()), 1);
    EXPECT_EQ(
        decryptPrivateKeyPem(std::as_bytes(std::span(pem.data(), pem.size())), SecureBuffer::fromString("wrong one"))
            .error()
            .code,
        ErrorCode::WrongPassphrase);
    EXPECT_FALSE(encryptPrivateKeyPem(key.get(), SecureBuffer::fromString("short")));
}

} // namespace
} // namespace sandi::test
