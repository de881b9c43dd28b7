// SPDX-License-Identifier: GPL-3.0-or-later
// Writes the seed corpora of the fuzz targets (made at test time, so no key is
// committed): make_seeds OUTDIR → OUTDIR/<target>/<seed>.
#include "sandi/core/atomic_file.h"
#include "sandi/pki/ca.h"
#include "sandi/sign/cms.h"
#ifdef SANDI_HAVE_PADES
#include "sandi/pades/pades.h"
#endif
#include "sandi/sign/tsp.h"
#include "sandi/e2e/group.h"
#include "sandi/e2e/keystore.h"
#include "sandi/e2e/memo.h"

#include "e2e_fixture.h"

#include <openssl/pem.h>
#include <openssl/pkcs12.h>

#include <cstdio>
#include <filesystem>

namespace fs = std::filesystem;
using namespace sandi::crypto;
using sandi::test::SeededRandom;

namespace {

template <class T> T must(sandi::Result<T> r)
{
    if (!r) {
        std::fprintf(stderr, "make_seeds: %s\n", r.error().message.c_str());
        std::exit(2);
    }
    return std::move(*r);
}
void must(sandi::Status s)
{
    if (!s) {
        std::fprintf(stderr, "make_seeds: %s\n", s.error().message.c_str());
        std::exit(2);
    }
}

void put(const fs::path& dir, const std::string& name, std::span<const std::byte> bytes)
{
    fs::create_directories(dir);
    must(writeFileAtomically(dir / name, bytes, FileMode::Public));
}
void put(const fs::path& dir, const std::string& name, const std::string& text)
{
    put(dir, name, std::as_bytes(std::span(text.data(), text.size())));
}

} // namespace

int main(int argc, char** argv)
{
    if (argc != 2) {
        std::fprintf(stderr, "usage: make_seeds OUTDIR\n");
        return 2;
    }
    initialise();
    const fs::path out = argv[1];
    fs::remove_all(out);
    fs::create_directories(out);
    const fs::path work = out / "work";
    fs::create_directories(work);
    SeededRandom rng(1);
    const auto now = std::chrono::system_clock::now();
    const auto pass = SecureBuffer::fromString("fuzz passphrase");

    RootParams rp;
    rp.organization = "Pemerintah Provinsi Sulawesi Tenggara";
    rp.commonName = "Fuzz Root";
    auto root = must(CertificateAuthority::initRoot(work / "root", rp, pass, rng, now));
    OfficeParams op;
    op.office = "Kota Baubau";
    op.permittedEmail = {"baubaukota.go.id"};
    op.keyType = KeyType::P256;
    auto office = must(root.initOffice(work / "office", op, pass, rng, now));
    IssueParams ip;
    ip.profile = Profile::Signing;
    ip.commonName = "Fuzz Signer";
    ip.keyType = KeyType::P256;
    ip.emails = {"signer@baubaukota.go.id"};
    auto leaf = must(office.issue(ip, rng, now));
    must(office.revoke(serialHex(leaf.certificate.get()), RevocationReason::KeyCompromise, now));
    auto crl = must(office.publishCrl(now));

    const std::string chainPem = certificatePem(leaf.certificate.get()) + certificatePem(office.certificate()) +
                                 certificatePem(root.certificate());
    put(out / "certificate", "leaf.der", certificateDer(leaf.certificate.get()));
    put(out / "certificate", "chain.pem", chainPem);
    put(out / "certificate", "office.pem", certificatePem(office.certificate()));

    put(out / "crl", "office.pem", crlPem(crl.get()));
    unsigned char* der = nullptr;
    int n = i2d_X509_CRL(crl.get(), &der);
    put(out / "crl", "office.der", std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
    OPENSSL_free(der);

    auto key = must(generateKey(KeyType::P256));
    ossl::X509ReqPtr req(X509_REQ_new());
    auto name = must(makeName({"ID", "Pemerintah Provinsi Sulawesi Tenggara", "Kota Baubau", "Applicant", "", ""}));
    X509_REQ_set_subject_name(req.get(), name.get());
    X509_REQ_set_pubkey(req.get(), key.get());
    X509_REQ_sign(req.get(), key.get(), EVP_sha256());
    der = nullptr;
    n = i2d_X509_REQ(req.get(), &der);
    put(out / "csr", "request.der", std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
    OPENSSL_free(der);
    auto bio = ossl::memoryBio();
    PEM_write_bio_X509_REQ(bio.get(), req.get());
    put(out / "csr", "request.pem", ossl::bioString(bio.get()));

    // A PKCS#12 with one PBKDF2 iteration, so the fuzzer spends its time in the parser.
    auto ca = ossl::newX509Stack();
    must(ossl::pushCopy(ca.get(), office.certificate()));
    ossl::Pkcs12Ptr p12(PKCS12_create(pass.chars(), "fuzz", leaf.key.get(), leaf.certificate.get(), ca.get(),
                                      NID_aes_256_cbc, NID_aes_256_cbc, 1, 1, 0));
    der = nullptr;
    n = i2d_PKCS12(p12.get(), &der);
    put(out / "pkcs12", "signer.p12", std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
    OPENSSL_free(der);

    put(out / "ca_database", "office.db",
        must(readTextFile(CertificateAuthority::databasePath(work / "office"), 1 << 20)));
    put(out / "ca_database", "root.db", must(readTextFile(CertificateAuthority::databasePath(work / "root"), 1 << 20)));
    put(out / "ca_database", "record.txt", formatCaRecord(*office.database().find(serialHex(leaf.certificate.get()))));

    // CMS, time-stamp requests and responses, and signed PDFs.
    IssueParams tp;
    tp.profile = Profile::Tsa;
    tp.commonName = "Fuzz TSA";
    auto tsaIssued = must(office.issue(tp, rng, now));
    auto tsa = must(TimeStampAuthority::create(std::move(tsaIssued.certificate), std::move(tsaIssued.key),
                                               std::move(tsaIssued.chain), std::string(kOidSandiTsaPolicy)));
    LocalTimeStamper stamper(tsa, rng, [now] { return now; });
    ip.commonName = "Fuzz Signer 2";
    auto signerIssued = must(office.issue(ip, rng, now));
    auto signer = must(KeySigner::fromKey(std::move(signerIssued.key), std::move(signerIssued.certificate),
                                          std::move(signerIssued.chain)));
    const std::string content = "Nota dinas";
    const auto contentBytes = std::as_bytes(std::span(content.data(), content.size()));
    auto cms = must(
        cmsSignDetached(signer, {digestOf(Digest::Sha256, contentBytes), Digest::Sha256, CmsFlavour::CadesBes, now}));
    put(out / "cms", "cades.der", cms);
    auto value = must(cmsSignatureValue(cms));
    const auto imprint = digestOf(Digest::Sha256, value);
    auto request = must(makeTimeStampRequest(imprint, Digest::Sha256, rng));
    put(out / "tsa_request", "request.der", request.der);
    auto response = must(tsa.respond(request.der, now, rng));
    put(out / "tsa_response", "response.der", response);
    auto token = must(timeStampTokenFromResponse(response, request));
    put(out / "tsa_response", "token.der", token);
    put(out / "cms", "cades-t.der", must(cmsAddSignatureTimestamp(cms, token)));

    // E2E: messages the fuzzers' fixed sessions can read, and every kind of record.
    {
        sandi::fuzz::E2eFixture f;
        // fuzz_e2e_message's first byte: 0 a whole message, 1 header fields to build one from.
        const auto prefixed = [](std::uint8_t mode, std::span<const std::byte> b) {
            sandi::e2e::Bytes o{static_cast<std::byte>(mode)};
            o.insert(o.end(), b.begin(), b.end());
            return o;
        };
        put(out / "e2e_message", "first.bin", prefixed(0, f.first));
        put(out / "e2e_message", "second.bin", prefixed(0, f.second));
        for (std::uint32_t n : {1u, 5u, 1001u}) { // the next, a skip, beyond kMaxSkip
            sandi::e2e::Writer w;
            w.u8(1);
            w.u8(0);
            w.fixed(f.bobSession.ratchet.dhr.value());
            w.u32(0);
            w.u32(n);
            w.u8(3);
            w.fixed(sandi::e2e::asBytes("diterima"));
            put(out / "e2e_message", "header-n" + std::to_string(n) + ".bin", std::move(w).take());
        }
        {
            sandi::e2e::Writer w; // a DH ratchet step to a new key, with a gap in the old chain
            w.u8(1);
            w.u8(1);
            w.fixed(sandi::e2e::DhKeyPair::generate(f.groupRng).publicKey);
            w.u32(1500);
            w.u32(0);
            w.u8(1);
            w.fixed(sandi::e2e::asBytes("memo"));
            put(out / "e2e_message", "header-next-chain.bin", std::move(w).take());
        }
        sandi::e2e::SenderKeyState sk = f.senderKey.clone();
        {
            // fuzz_e2e_group's first byte: 0 a whole message, 1 its signed part, 2 records to build messages from.
            sandi::e2e::Bytes whole{std::byte{0}};
            const auto m = sandi::e2e::groupEncrypt(sk, "g", sandi::e2e::asBytes("rapat"), f.groupRng).value();
            whole.insert(whole.end(), m.begin(), m.end());
            put(out / "e2e_group", "message.bin", whole);
            sandi::e2e::Bytes signedPart{std::byte{1}};
            signedPart.insert(signedPart.end(), m.begin(),
                              m.end() - static_cast<std::ptrdiff_t>(sandi::e2e::kSignatureBytes));
            put(out / "e2e_group", "signed-part.bin", signedPart);
            sandi::e2e::Writer w;
            w.u8(2);
            for (std::uint16_t it : {3, 0, 1, 3, 1200, 2}) { // out of order, a duplicate, a jump too far
                w.u16(it);
                w.u8(it == 2 ? 1 : 0); // the last one with a bad commitment
                w.u8(5);
                w.fixed(sandi::e2e::asBytes("rapat"));
            }
            put(out / "e2e_group", "records.bin", std::move(w).take());
        }
        put(out / "e2e_records", "bundle.bin", f.bundle.encode());
        put(out / "e2e_records", "session.bin", f.bobSession.serialise());
        put(out / "e2e_records", "distribution.bin", sandi::e2e::senderKeyDistribution("g", f.senderKey));
        sandi::e2e::Memo memo;
        memo.nomor = "005/1/2026";
        memo.kepada = {"Kepala Dinas"};
        memo.hal = "Rapat";
        memo.body = "Isi";
        memo.classification = sandi::e2e::Classification::Terbatas;
        put(out / "e2e_records", "memo.bin", memo.encode());
        sandi::test::SeededRandom memoIds(9);
        put(out / "e2e_records", "sealed-memo.bin",
            sandi::e2e::sealMemo(memo, f.alice.publicKey, {{"CN=Sandi Office CA", "0A5"}}, nullptr, memoIds, now)
                .value()
                .encode());
        // A receiver's sender key record with one skipped key.
        sandi::e2e::Bytes senderKeyRecord;
        {
            sandi::e2e::SenderKeyState mine = f.senderKey.clone();
            auto theirs =
                sandi::e2e::processSenderKeyDistribution(f.bobSession, sandi::e2e::senderKeyDistribution("g", mine))
                    .value()
                    .state;
            (void)sandi::e2e::groupEncrypt(mine, "g", sandi::e2e::asBytes("a"), f.groupRng).value();
            auto later = sandi::e2e::groupEncrypt(mine, "g", sandi::e2e::asBytes("b"), f.groupRng).value();
            (void)sandi::e2e::groupDecrypt(theirs, "g", later, sandi::fuzz::kFuzzTime).value();
            sandi::e2e::Writer w;
            theirs.serialise(w);
            senderKeyRecord = std::move(w).take();
            put(out / "e2e_records", "sender-key.bin", senderKeyRecord);
        }
        sandi::e2e::AccountData account;
        account.identity = f.alice.clone();
        account.sessions["bob"] = f.aliceSession.serialise();
        account.senderKeys[sandi::e2e::senderKeyRecordName("g", "bob")] = senderKeyRecord;
        account.seenInitiations.emplace(1, f.aliceSession.pending->ephemeral);
        put(out / "e2e_records", "account.bin", account.serialise());
        auto ks = sandi::e2e::KeyStoreFile::create(work / "keys", pass, account, rng, sandi::e2e::kMinArgon2);
        if (ks) put(out / "e2e_records", "keystore.bin", must(readFile(work / "keys", 1 << 20)));
    }

#ifdef SANDI_HAVE_PADES
    const std::string pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
                            "/Kids [3 0 R] /Count 1 >>\n"
                            "endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>\nendobj\n";
    std::string doc = pdf;
    const std::size_t xref = doc.size();
    doc += "xref\n0 4\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj"}) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", pdf.find(marker));
        doc += line;
    }
    doc += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    const auto docBytes = std::as_bytes(std::span(doc.data(), doc.size()));
    put(out / "pdf_verify", "unsigned.pdf", doc);
    PadesSignOptions po;
    po.signingTime = now;
    for (auto level : {PadesLevel::BB, PadesLevel::BT, PadesLevel::BLTA}) {
        po.level = level;
        po.timeStamper = &stamper;
        po.certify = level == PadesLevel::BT ? 2 : 0;
        auto update = must(padesSign(docBytes, signer, po));
        std::vector<std::byte> signedPdf(docBytes.begin(), docBytes.end());
        signedPdf.insert(signedPdf.end(), update.begin(), update.end());
        put(out / "pdf_verify", std::string("signed-") + padesLevelName(level) + ".pdf", signedPdf);
    }
#endif

    fs::remove_all(work);
    std::printf("seeds written to %s\n", out.c_str());
    return 0;
}
