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
#include "sandi/wire/messages.h"

#include "e2e_fixture.h"

#include <openssl/cms.h>
#include <openssl/ocsp.h>
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

void put(const fs::path& dir, const std::string& name, const QByteArray& bytes)
{
    put(dir, name, std::as_bytes(std::span(bytes.constData(), static_cast<std::size_t>(bytes.size()))));
}

// The relay protocol: a frame of every request, response, push and error, frames the
// decoder must refuse, and each body behind its decoder's number (wire_round_trip.h).
void writeWireSeeds(const fs::path& out)
{
    using namespace sandi::wire;
    const QString alice = deviceIdOf("alice's phone certificate");
    const QString bob = deviceIdOf("bob's laptop certificate");
    const QString blob = deviceIdOf("an attachment");
    const QByteArray key(kKeyBytes, 'k');
    const QByteArray signature(kSignatureBytes, 's');
    const QByteArray der = QByteArray::fromHex("3082010a0282010100");

    const Hello hello{{1, 2}, QStringLiteral("sandi-cli/0.1")};
    PrekeyUpload upload;
    upload.signedPreKey = SignedPreKeyWire{7, key, signature};
    for (quint32 id : {100u, 101u, 102u})
        upload.oneTime.push_back({id, key});
    const DeviceRequest device{bob};
    const NipRequest nip{QStringLiteral("198001012006041001")};
    const SendRequest send{QStringLiteral("c-0001"), {{alice, "ciphertext a"}, {bob, "ciphertext b"}}, 3600};
    const Ack ack{{1, 2, 3}};
    const BlobCreate create{300'000};
    const BlobRef ref{blob};
    const BlobPut blobPut{blob, 0, QByteArray(1000, 'x')};
    const BlobGet get{blob, 4096, 8192};
    HelloOk ok;
    ok.device = alice;
    ok.nip = nip.nip;
    ok.oneTimePreKeys = 42;
    ok.queued = 3;
    ok.limits = {kDefaultMaxFrameBytes, kMaxSendCopies, kMaxOneTimePreKeysPerUpload, 512 << 10, 256 << 20};
    const PrekeyBundleWire bundle{bob, {7, key, signature}, OneTimePreKeyWire{100, key}};
    DeviceEntry entry{bob, nip.nip, "Bob", "Kepala Seksi", "Kota Baubau", {der, der}, 1'767'225'600'000};
    const DeviceList withChains{{entry}, true};
    entry.chain.clear();
    const DeviceList list{{entry, DeviceEntry{alice, nip.nip, "Alice", "Staf", "Kota Baubau", {}, 0}}, false};
    const SendOk sendOk{true};
    const Delivery delivery{9, alice, QStringLiteral("c-0001"), "ciphertext", 1'767'225'600'000};
    const BlobState state{blob, 300'000, 4096, 512 << 10};
    const BlobData data{QByteArray(1000, 'y')};

    const fs::path frames = out / "wire_frame";
    const std::vector<std::pair<std::string, Frame>> valid{
        {"hello", request(1, op::kHello, hello.toCbor())},
        {"dir-list", request(2, op::kDirectoryList)},
        {"dir-devices", request(3, op::kDirectoryDevices, nip.toCbor())},
        {"dir-device", request(4, op::kDirectoryDevice, device.toCbor())},
        {"prekeys-upload", request(5, op::kPrekeysUpload, upload.toCbor())},
        {"prekeys-fetch", request(6, op::kPrekeysFetch, device.toCbor())},
        {"prekeys-status", request(7, op::kPrekeysStatus)},
        {"send", request(8, op::kSend, send.toCbor())},
        {"ack", request(9, op::kAck, ack.toCbor())},
        {"blob-create", request(10, op::kBlobCreate, create.toCbor())},
        {"blob-put", request(11, op::kBlobPut, blobPut.toCbor())},
        {"blob-status", request(12, op::kBlobStatus, ref.toCbor())},
        {"blob-get", request(13, op::kBlobGet, get.toCbor())},
        {"hello-ok", response(1, ok.toCbor())},
        {"dir-list-ok", response(2, list.toCbor())},
        {"dir-device-ok", response(4, withChains.toCbor())},
        {"prekeys-fetch-ok", response(6, bundle.toCbor())},
        {"send-ok", response(8, sendOk.toCbor())},
        {"ack-ok", response(9)},
        {"blob-state", response(10, state.toCbor())},
        {"blob-data", response(13, data.toCbor())},
        {"failure", failure(8, error::kBadRequest, QStringLiteral("field cid: missing"))},
        {"failure-long-text",
         failure(8, error::kInternal,
                 QString(kMaxErrorTextBytes - 6, u'e') + QString::fromUtf8("\u20ac\U0001F600") + QString(80, u'e'))},
        {"push-msg", push(op::kMessage, delivery.toCbor())},
        {"push-drained", push(op::kDrained)},
        {"push-prekeys-low", push(op::kPrekeysLow, QCborMap{{QStringLiteral("count"), 3}})},
        {"connection-error", connectionError(error::kNotHello, QStringLiteral("the first request is hello"))},
    };
    for (const auto& [name, frame] : valid)
        put(frames, name + ".cbor", frame.encode());

    // Refused: truncated, trailing bytes, nested one level too deep (and just within),
    // lengths and counts far beyond the input, not a map, unknown kind, bad UTF-8.
    const QByteArray helloFrame = valid.front().second.encode();
    put(frames, "bad-truncated.cbor", helloFrame.left(helloFrame.size() - 1));
    put(frames, "bad-truncated-half.cbor", helloFrame.left(helloFrame.size() / 2));
    put(frames, "bad-trailing.cbor", helloFrame + '\0');
    for (int depth : {15, 16}) {
        QCborValue nested = QCborArray{};
        for (int i = 1; i < depth; ++i)
            nested = QCborArray{nested};
        put(frames, (depth == 15 ? "nesting-at-limit" : "bad-nesting-too-deep") + std::string(".cbor"),
            request(14, op::kSend, QCborMap{{QStringLiteral("x"), nested}}).encode());
    }
    const QByteArray head = QByteArray::fromHex("a36174026269640161"
                                                "62"); // {t: 2, id: 1, b: ...
    put(frames, "bad-huge-byte-string.cbor", head + QByteArray::fromHex("a161635bffffffffffffffff00"));
    put(frames, "bad-huge-array.cbor", head + QByteArray::fromHex("a161639b7fffffffffffffff01"));
    put(frames, "bad-huge-map.cbor", QByteArray::fromHex("bb7fffffffffffffff617401"));
    put(frames, "bad-huge-text.cbor",
        QByteArray::fromHex("a36174016269640162"
                            "6f707b00000000ffffffff"));
    put(frames, "bad-indefinite-unclosed.cbor", QByteArray::fromHex("bf61740162696401626f706568656c6c6f"));
    put(frames, "bad-not-a-map.cbor", QByteArray::fromHex("83010203"));
    put(frames, "bad-unknown-kind.cbor", QByteArray::fromHex("a1617409"));
    put(frames, "bad-utf8-op.cbor",
        QByteArray::fromHex("a3617401626964016"
                            "26f7062c328"));

    const fs::path bodies = out / "wire_bodies";
    const std::vector<std::pair<std::string, QCborMap>> body{
        {"hello", hello.toCbor()},
        {"prekey-upload", upload.toCbor()},
        {"device-request", device.toCbor()},
        {"nip-request", nip.toCbor()},
        {"send-request", send.toCbor()},
        {"ack", ack.toCbor()},
        {"blob-create", create.toCbor()},
        {"blob-ref", ref.toCbor()},
        {"blob-put", blobPut.toCbor()},
        {"blob-get", get.toCbor()},
        {"hello-ok", ok.toCbor()},
        {"prekey-bundle", bundle.toCbor()},
        {"device-list", withChains.toCbor()},
        {"send-ok", sendOk.toCbor()},
        {"delivery", delivery.toCbor()},
        {"blob-state", state.toCbor()},
        {"blob-data", data.toCbor()},
    };
    for (std::size_t i = 0; i < body.size(); ++i) {
        const QByteArray cbor = QCborValue(body[i].second).toCbor();
        put(bodies, std::to_string(i) + "-" + body[i].first + ".cbor", char(i) + cbor);
    }
    put(bodies, "12-device-list-no-chains.cbor", char(12) + QCborValue(list.toCbor()).toCbor());
}

// sandi-relay's configuration file: every setting set, lists,
// sections, and values each check refuses.
void writeRelayConfigSeeds(const fs::path& out)
{
    const fs::path dir = out / "relay_config";
    put(dir, "complete.ini",
        std::string("listen = 0.0.0.0:8443\nhttp = 127.0.0.1:8080\ntls-p12 = /etc/sandi/relay.p12\n"
                    "tls-pass-file = /etc/sandi/relay.pass\ntrust = /etc/sandi/root.pem\n"
                    "crl = /etc/sandi/office.crl\ndata = /var/lib/sandi-relay\nworkers = 2\n"
                    "max-frame-bytes = 1048576\nmax-queue-per-device = 10000\nrate-per-second = 200\n"
                    "rate-burst = 400.5\nmax-connections-per-address = 5000\nmax-connections = 20000\n"
                    "handshake-timeout-ms = 10000\nidle-timeout-ms = 120000\nmessage-ttl-seconds = 2592000\n"
                    "max-blob-bytes = 268435456\nblob-quota-bytes = 2147483648\nblob-chunk-bytes = 524288\n"
                    "blob-ttl-seconds = 2592000\ncrl-reload-seconds = 300\ndelivery-window = 256\n"
                    "low-prekey-threshold = 10\ntsa-p12 = /etc/sandi/tsa.p12\ntsa-pass-env = TSA_PASS\n"));
    put(dir, "lists.ini",
        std::string("[General]\nlisten = \"[::1]:0\"\ntls-p12 = r.p12\ntls-pass-env = P\n"
                    "trust = a.pem, b.pem, \"c d.pem\"\ncrl = x.crl, y.crl\ndata = ./data\n"));
    put(dir, "bad-values.ini",
        std::string("listen = 0.0.0.0:99999\nworkers = 1e3\nrate-per-second = nan\n"
                    "max-frame-bytes = 4095\nblob-chunk-bytes = 1048576\n"));
    put(dir, "unknown-key.ini", std::string("[relay]\nlisten = localhost:8443\nlisen = *:1\n"));
    put(dir, "escapes.ini",
        std::string("data = \"\\x0041\\t\\n\\0\"\n%U6E05 = 1\n@Variant(\\0\\0\\0\\n) = 2\n"
                    "tls-p12 = @String(p12)\ntrust = @Invalid()\n"));
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

    // OCSP: the office's answer about the revoked leaf, signed (unauthorised, but well
    // formed) by the leaf's key, with its certificate; full and basic forms.
    {
        std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>> bs(OCSP_BASICRESP_new());
        OCSP_CERTID* id = OCSP_cert_to_id(nullptr, leaf.certificate.get(), office.certificate());
        ossl::Asn1TimePtr thisUpdate(ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(now)));
        ossl::Asn1TimePtr nextUpdate(
            ASN1_TIME_set(nullptr, std::chrono::system_clock::to_time_t(now + std::chrono::hours(24))));
        OCSP_basic_add1_status(bs.get(), id, V_OCSP_CERTSTATUS_REVOKED, OCSP_REVOKED_STATUS_KEYCOMPROMISE,
                               thisUpdate.get(), thisUpdate.get(), nextUpdate.get());
        OCSP_CERTID_free(id);
        OCSP_basic_sign(bs.get(), leaf.certificate.get(), leaf.key.get(), EVP_sha256(), nullptr, 0);
        std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>> resp(
            OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, bs.get()));
        der = nullptr;
        n = i2d_OCSP_RESPONSE(resp.get(), &der);
        put(out / "ocsp", "response.der", std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
        OPENSSL_free(der);
        der = nullptr;
        n = i2d_OCSP_BASICRESP(bs.get(), &der);
        put(out / "ocsp", "basic.der", std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
        OPENSSL_free(der);
    }

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
    put(out / "ocsp", "cades.der", cms);
    auto value = must(cmsSignatureValue(cms));
    const auto imprint = digestOf(Digest::Sha256, value);
    auto request = must(makeTimeStampRequest(imprint, Digest::Sha256, rng));
    put(out / "tsa_request", "request.der", request.der);
    {
        // An OCSP request (SHA-1 CertID, a nonce) for the leaf, as `openssl ocsp` sends it.
        OCSP_REQUEST* ocsp = OCSP_REQUEST_new();
        OCSP_request_add0_id(ocsp, OCSP_cert_to_id(EVP_sha1(), leaf.certificate.get(), office.certificate()));
        OCSP_request_add1_nonce(ocsp, nullptr, -1);
        unsigned char* ocspDer = nullptr;
        const int len = i2d_OCSP_REQUEST(ocsp, &ocspDer);
        put(out / "ocsp_request", "request.der",
            std::span(reinterpret_cast<const std::byte*>(ocspDer), static_cast<std::size_t>(len)));
        OPENSSL_free(ocspDer);
        OCSP_REQUEST_free(ocsp);
    }
    auto response = must(tsa.respond(request.der, now, rng));
    put(out / "tsa_response", "response.der", response);
    auto token = must(timeStampTokenFromResponse(response, request));
    put(out / "tsa_response", "token.der", token);
    put(out / "cms", "cades-t.der", must(cmsAddSignatureTimestamp(cms, token)));
    // Legacy forms as OpenSSL makes them, over fuzz_cms's content: no signed attributes,
    // enveloping, two SignerInfos, bytes after the CMS.
    {
        ip.commonName = "Fuzz Legacy Signer";
        auto legacy = must(office.issue(ip, rng, now));
        auto openssl = [&](unsigned flags, bool twice) {
            auto bio = ossl::memoryBio(contentBytes);
            CMS_ContentInfo* c = CMS_sign(nullptr, nullptr, nullptr, nullptr, flags | CMS_PARTIAL | CMS_BINARY);
            CMS_add1_signer(c, legacy.certificate.get(), legacy.key.get(), EVP_sha256(), flags);
            if (twice) CMS_add1_signer(c, legacy.certificate.get(), legacy.key.get(), EVP_sha384(), flags);
            CMS_final(c, bio.get(), nullptr, flags | CMS_BINARY);
            unsigned char* buf = nullptr;
            const int n = i2d_CMS_ContentInfo(c, &buf);
            std::vector<std::byte> der(reinterpret_cast<std::byte*>(buf),
                                       reinterpret_cast<std::byte*>(buf) + std::max(n, 0));
            OPENSSL_free(buf);
            CMS_ContentInfo_free(c);
            return der;
        };
        put(out / "cms", "noattr.der", openssl(CMS_DETACHED | CMS_NOATTR, false));
        put(out / "cms", "enveloping.der", openssl(0, false));
        put(out / "cms", "two-signers.der", openssl(CMS_DETACHED, true));
        auto trailing = openssl(CMS_DETACHED, false);
        trailing.insert(trailing.end(), 8, std::byte{0x5A});
        put(out / "cms", "trailing.der", trailing);
    }

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

    writeWireSeeds(out);
    writeRelayConfigSeeds(out);

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
        if (level != PadesLevel::BB) continue;
        // A later revision whose new /Info has duplicated keys (the first-wins reading of
        // rules/repairs.cpp): one read alike, one nested and read differently.
        std::string text(reinterpret_cast<const char*>(signedPdf.data()), signedPdf.size());
        const std::size_t sizeAt = text.rfind("/Size ") + 6;
        const std::size_t prevAt = text.rfind("startxref\n") + 10;
        const long size = std::stol(text.substr(sizeAt));
        const std::string prev = text.substr(prevAt, text.find('\n', prevAt) - prevAt);
        const std::size_t at = text.size();
        text += std::to_string(size) + " 0 obj\n<< /Producer (x) /Producer (x) % (a comment)\n/Title (a\\) b) "
                                       "/Keywords << /A [1 (]) <41>] /A 2 >> "
                                       ">>\nendobj\n";
        const std::size_t xrefAt = text.size();
        char entry[24];
        std::snprintf(entry, sizeof entry, "%010zu 00000 n\r\n", at);
        text += "xref\n" + std::to_string(size) + " 1\n" + entry + "trailer\n<< /Size " + std::to_string(size + 1) +
                " /Root 1 0 R /Info " + std::to_string(size) + " 0 R /Prev " + prev + " >>\nstartxref\n" +
                std::to_string(xrefAt) + "\n%%EOF\n";
        put(out / "pdf_verify", "signed-BB-duplicate-keys.pdf", text);
    }
#endif

    fs::remove_all(work);
    std::printf("seeds written to %s\n", out.c_str());
    return 0;
}
