// SPDX-License-Identifier: GPL-3.0-or-later
// Revocation evidence over HTTP (revocation_fetch.h): fetchOcsp against the responder
// of crypto/pki behind a small socket server, every failure named with its URL (no URL,
// HTTP status, not OCSP, too large, timeout, unsuccessful, another nonce), fetchCrl (PEM
// and DER), the evidence a B-LT signature gathers for its chain, and signDocument
// embedding OCSP responses in /DSS /OCSPs or refusing without evidence.
#include "../../support/test_pki.h"

#include "sandi/client/documents.h"
#include "sandi/client/revocation_fetch.h"
#include "sandi/core/atomic_file.h"
#include "sandi/pki/ocsp_responder.h"

#include <openssl/ocsp.h>
#include <openssl/pem.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <thread>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;
using namespace sandi::client;
namespace fs = std::filesystem;

// An HTTP server on 127.0.0.1 that answers each connection with what `handler` makes
// of the request body (the whole raw reply: status line, headers, body).
class CannedServer final {
  public:
    using Handler = std::function<std::string(const std::string& body)>;
    explicit CannedServer(Handler handler) : m_handler(std::move(handler))
    {
        m_fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        const int one = 1;
        ::setsockopt(m_fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        if (::bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(m_fd, 16) != 0) std::abort();
        socklen_t len = sizeof addr;
        ::getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~CannedServer()
    {
        m_stop = true;
        ::shutdown(m_fd, SHUT_RDWR);
        ::close(m_fd);
        m_thread.join();
    }
    CannedServer(const CannedServer&) = delete;
    CannedServer& operator=(const CannedServer&) = delete;
    [[nodiscard]] std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/"; }
    [[nodiscard]] int requests() const { return m_requests; }

  private:
    void serve()
    {
        while (!m_stop) {
            const int c = ::accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
            std::string in;
            char buf[4096];
            std::size_t want = std::string::npos;
            while (want == std::string::npos || in.size() < want) {
                const ssize_t n = ::read(c, buf, sizeof buf);
                if (n <= 0) break;
                in.append(buf, static_cast<std::size_t>(n));
                const auto end = in.find("\r\n\r\n");
                if (end != std::string::npos && want == std::string::npos) {
                    std::string head = in.substr(0, end);
                    for (auto& ch : head)
                        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
                    const auto at = head.find("content-length:");
                    want = end + 4 + (at == std::string::npos ? 0 : std::stoul(head.substr(at + 15)));
                }
            }
            ++m_requests;
            const std::string body = want == std::string::npos ? "" : in.substr(in.find("\r\n\r\n") + 4);
            const std::string reply = m_handler(body);
            std::size_t off = 0;
            while (off < reply.size()) {
                const ssize_t n = ::write(c, reply.data() + off, reply.size() - off);
                if (n <= 0) break;
                off += static_cast<std::size_t>(n);
            }
            ::close(c);
        }
    }

    Handler m_handler;
    int m_fd = -1;
    std::uint16_t m_port = 0;
    std::atomic<bool> m_stop{false};
    std::atomic<int> m_requests{0};
    std::thread m_thread;
};

std::string httpReply(const std::string& status, const std::string& type, const std::string& body)
{
    return "HTTP/1.1 " + status + "\r\nContent-Type: " + type + "\r\nContent-Length: " + std::to_string(body.size()) +
           "\r\nConnection: close\r\n\r\n" + body;
}

std::string text(std::span<const std::byte> b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::span<const std::byte> bytes(const std::string& s)
{
    return std::as_bytes(std::span(s.data(), s.size()));
}

int certStatus(const std::vector<std::byte>& der, X509* cert, X509* issuer)
{
    const auto* p = reinterpret_cast<const unsigned char*>(der.data());
    std::unique_ptr<OCSP_RESPONSE, ossl::Deleter<OCSP_RESPONSE, OCSP_RESPONSE_free>> r(
        d2i_OCSP_RESPONSE(nullptr, &p, static_cast<long>(der.size())));
    if (!r) return -10;
    std::unique_ptr<OCSP_BASICRESP, ossl::Deleter<OCSP_BASICRESP, OCSP_BASICRESP_free>> b(
        OCSP_response_get1_basic(r.get()));
    if (!b) return -11;
    std::unique_ptr<OCSP_CERTID, ossl::Deleter<OCSP_CERTID, OCSP_CERTID_free>> id(
        OCSP_cert_to_id(EVP_sha1(), cert, issuer));
    int status = -1;
    if (OCSP_resp_find_status(b.get(), id.get(), &status, nullptr, nullptr, nullptr, nullptr) != 1) return -12;
    return status;
}

class RevocationFetchTest : public ::testing::Test {
  protected:
    void SetUp() override
    {
        responderCert = pki.issue(*pki.baubau, Profile::Ocsp, "OCSP Kota Baubau");
        responder.emplace(must(
            OcspResponder::create(ossl::upRef(pki.baubau->certificate()), ossl::upRef(responderCert.certificate.get()),
                                  ossl::upRef(responderCert.key.get()), kDefaultOcspValidity, pki.now)));
    }
    // The responder behind HTTP, as `sandi ca ocsp-serve` answers.
    std::string answer(const std::string& body)
    {
        auto der = must(responder->respond(bytes(body), pki.baubau->database(), pki.now));
        return httpReply("200 OK", "application/ocsp-response", text(der));
    }
    // A signing certificate of Kota Baubau naming `ocspUrl` and `crlUrl`.
    Certificate leafNaming(const std::string& ocspUrl, const std::string& crlUrl = "")
    {
        must(pki.baubau->setPublicationUrls({ocspUrl, crlUrl}));
        auto issued = pki.issue(*pki.baubau, Profile::Signing, "Budi");
        leafKey = std::move(issued.key);
        return Certificate(std::move(issued.certificate));
    }

    TestPki pki;
    Issued responderCert;
    std::optional<OcspResponder> responder;
    Certificate office = Certificate(ossl::upRef(pki.baubau->certificate()));
    Certificate root = Certificate(ossl::upRef(pki.root->certificate()));
    ossl::PkeyPtr leafKey;
};

TEST_F(RevocationFetchTest, FetchesAGoodResponseFromTheUrlTheCertificateNames)
{
    CannedServer server([this](const std::string& body) { return answer(body); });
    const Certificate leaf = leafNaming(server.url());
    EXPECT_EQ(ocspUrlOf(leaf).value(), server.url());
    const auto der = must(fetchOcsp(leaf, office));
    EXPECT_EQ(certStatus(der, leaf.native(), office.native()), V_OCSP_CERTSTATUS_GOOD);
    EXPECT_TRUE(ocspResponseCovers(der, leaf, office));
    EXPECT_FALSE(ocspResponseCovers(der, office, root));
    EXPECT_FALSE(ocspResponseCovers(bytes("junk"), leaf, office));
    EXPECT_EQ(server.requests(), 1);
    // Revoked: fetched just the same (judging is the verifier's job).
    must(pki.baubau->revoke(crypto::serialHex(leaf.native()), RevocationReason::KeyCompromise, pki.now));
    EXPECT_EQ(certStatus(must(fetchOcsp(leaf, office)), leaf.native(), office.native()), V_OCSP_CERTSTATUS_REVOKED);
}

TEST_F(RevocationFetchTest, EveryFailureNamesTheUrlAndTheProblem)
{
    auto expectError = [](const Result<std::vector<std::byte>>& r, const std::string& url, const std::string& what) {
        ASSERT_FALSE(r) << "expected: " << what;
        EXPECT_NE(r.error().message.find(url), std::string::npos) << r.error().message;
        EXPECT_NE(r.error().message.find(what), std::string::npos) << r.error().message;
    };
    {
        const Certificate leaf = leafNaming("");
        auto r = fetchOcsp(leaf, office);
        ASSERT_FALSE(r);
        EXPECT_NE(r.error().message.find("names no http OCSP responder"), std::string::npos);
        EXPECT_NE(r.error().message.find("CN=Budi"), std::string::npos);
        auto c = fetchCrl(leaf);
        ASSERT_FALSE(c);
        EXPECT_NE(c.error().message.find("names no http CRL distribution point"), std::string::npos);
    }
    {
        CannedServer server([](const std::string&) { return httpReply("404 Not Found", "text/plain", "no\n"); });
        expectError(fetchOcsp(leafNaming(server.url()), office), server.url(), "404");
    }
    {
        CannedServer server([](const std::string&) { return httpReply("200 OK", "text/html", "<html></html>"); });
        expectError(fetchOcsp(leafNaming(server.url()), office), server.url(), "content type");
    }
    {
        // DER, but an OCSP request is not an OCSP response.
        CannedServer server(
            [](const std::string& body) { return httpReply("200 OK", "application/ocsp-response", body); });
        expectError(fetchOcsp(leafNaming(server.url()), office), server.url(), "not an OCSP response");
    }
    {
        CannedServer server([this](const std::string& body) { return answer(body); });
        FetchLimits small;
        small.maxOcspBytes = 100;
        expectError(fetchOcsp(leafNaming(server.url()), office, small), server.url(), "larger than 100 bytes");
    }
    {
        CannedServer server([](const std::string&) {
            std::this_thread::sleep_for(2500ms);
            return std::string();
        });
        FetchLimits quick;
        quick.timeout = 1000ms;
        const auto start = std::chrono::steady_clock::now();
        expectError(fetchOcsp(leafNaming(server.url()), office, quick), server.url(), "timed out after 1000 ms");
        EXPECT_LT(std::chrono::steady_clock::now() - start, 2400ms);
    }
    {
        CannedServer server([this](const std::string&) { return answer(""); }); // malformedRequest
        expectError(fetchOcsp(leafNaming(server.url()), office), server.url(), "malformedrequest");
    }
    {
        // A response to another request (another nonce): a replay.
        std::unique_ptr<OCSP_REQUEST, ossl::Deleter<OCSP_REQUEST, OCSP_REQUEST_free>> other(OCSP_REQUEST_new());
        const Certificate leaf = leafNaming("http://127.0.0.1:1/");
        OCSP_request_add0_id(other.get(), OCSP_cert_to_id(EVP_sha1(), leaf.native(), office.native()));
        OCSP_request_add1_nonce(other.get(), nullptr, -1);
        unsigned char* buf = nullptr;
        const int n = i2d_OCSP_REQUEST(other.get(), &buf);
        const std::string otherDer(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
        OPENSSL_free(buf);
        CannedServer server([&](const std::string&) { return answer(otherDer); });
        must(pki.baubau->setPublicationUrls({server.url(), ""}));
        auto issued = pki.issue(*pki.baubau, Profile::Signing, "Ani");
        expectError(fetchOcsp(Certificate(std::move(issued.certificate)), office), server.url(), "nonce");
    }
    {
        auto r =
            httpPost("https://127.0.0.1:1/", "application/ocsp-request", {}, "application/ocsp-response", 10, 1000ms);
        ASSERT_FALSE(r);
        EXPECT_NE(r.error().message.find("https"), std::string::npos);
    }
}

TEST_F(RevocationFetchTest, FetchesTheCrlAtTheDistributionPointInPemOrDer)
{
    auto crls = pki.crls(pki.now);
    X509_CRL* baubauCrl = crls[1].get();
    unsigned char* buf = nullptr;
    const int n = i2d_X509_CRL(baubauCrl, &buf);
    const std::string der(reinterpret_cast<char*>(buf), static_cast<std::size_t>(n));
    OPENSSL_free(buf);
    const std::string pem = crlPem(baubauCrl);
    for (const std::string* body : {&der, &pem}) {
        CannedServer server([&](const std::string&) { return httpReply("200 OK", "application/pkix-crl", *body); });
        const Certificate leaf = leafNaming("", server.url() + "baubau.crl");
        EXPECT_EQ(crlUrlOf(leaf).value(), server.url() + "baubau.crl");
        EXPECT_EQ(text(must(fetchCrl(leaf))), der);
    }
    CannedServer junk([](const std::string&) { return httpReply("200 OK", "application/pkix-crl", "junk"); });
    auto r = fetchCrl(leafNaming("", junk.url()));
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("is not a CRL"), std::string::npos);
    FetchLimits small;
    small.maxCrlBytes = 16;
    CannedServer big([&](const std::string&) { return httpReply("200 OK", "application/pkix-crl", der); });
    auto tooBig = fetchCrl(leafNaming("", big.url()), small);
    ASSERT_FALSE(tooBig);
    EXPECT_NE(tooBig.error().message.find("larger than 16 bytes"), std::string::npos) << tooBig.error().message;
}

TEST_F(RevocationFetchTest, GathersEvidenceForEveryCertificateOfTheChainButTheRoot)
{
    auto crls = pki.crls(pki.now);
    const std::vector<Crl> rootCrl{Crl(ossl::upRef(crls[0].get()))};
    const std::vector<Crl> officeCrl{Crl(ossl::upRef(crls[1].get()))};
    const std::vector<Crl> butonCrl{Crl(ossl::upRef(crls[2].get()))};
    const Certificate leaf = leafNaming("http://ocsp.invalid/", "http://crl.invalid/baubau.crl");
    const std::vector<Certificate> chain{leaf, office, root};
    int ocspCalls = 0, crlCalls = 0;
    std::string lastOcspAnswer;
    EvidenceSources sources;
    sources.ocsp = [&](const Certificate& c, const Certificate& issuer) -> Result<std::vector<std::byte>> {
        ++ocspCalls;
        std::unique_ptr<OCSP_REQUEST, ossl::Deleter<OCSP_REQUEST, OCSP_REQUEST_free>> req(OCSP_REQUEST_new());
        OCSP_request_add0_id(req.get(), OCSP_cert_to_id(EVP_sha1(), c.native(), issuer.native()));
        unsigned char* buf = nullptr;
        const int n = i2d_OCSP_REQUEST(req.get(), &buf);
        std::vector<std::byte> der(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
        OPENSSL_free(buf);
        return responder->respond(der, pki.baubau->database(), pki.now);
    };
    sources.crl = [&](const Certificate&) -> Result<std::vector<std::byte>> {
        ++crlCalls;
        unsigned char* buf = nullptr;
        const int n = i2d_X509_CRL(crls[1].get(), &buf);
        std::vector<std::byte> der(reinterpret_cast<std::byte*>(buf), reinterpret_cast<std::byte*>(buf) + n);
        OPENSSL_free(buf);
        return der;
    };

    // Everything given: nothing fetched.
    std::vector<Crl> both = rootCrl;
    both.push_back(officeCrl[0]);
    auto given = must(gatherRevocationEvidence(chain, {}, both, {}, sources));
    EXPECT_EQ(ocspCalls + crlCalls, 0);
    EXPECT_EQ(given.crls.size(), 2U);
    EXPECT_TRUE(given.ocspResponses.empty());

    // The leaf fetched over OCSP, the office CA from the root CRL given.
    auto fetched = must(gatherRevocationEvidence(chain, {}, rootCrl, {}, sources));
    EXPECT_EQ(ocspCalls, 1);
    EXPECT_EQ(crlCalls, 0);
    ASSERT_EQ(fetched.ocspResponses.size(), 1U);
    EXPECT_TRUE(ocspResponseCovers(fetched.ocspResponses[0], leaf, office));
    EXPECT_TRUE(fetched.warnings.empty());

    // A given OCSP response counts as evidence; one for another certificate does not.
    auto byOcsp = must(gatherRevocationEvidence(chain, {}, rootCrl, fetched.ocspResponses, {}));
    EXPECT_EQ(byOcsp.ocspResponses.size(), 1U);
    const Certificate other(std::move(pki.issue(*pki.baubau, Profile::Signing, "Ani").certificate));
    auto wrong =
        gatherRevocationEvidence(std::vector<Certificate>{other, office, root}, {}, rootCrl, fetched.ocspResponses, {});
    ASSERT_FALSE(wrong);
    EXPECT_NE(wrong.error().message.find("CN=Ani"), std::string::npos);
    EXPECT_NE(wrong.error().message.find("nothing is fetched"), std::string::npos);
    // Another CA's CRL covers nothing here.
    EXPECT_FALSE(gatherRevocationEvidence(chain, {}, butonCrl, {}, {}));

    // OCSP fails, the CRL at the distribution point does: embedded with a warning.
    EvidenceSources failingOcsp = sources;
    failingOcsp.ocsp = [](const Certificate&, const Certificate&) -> Result<std::vector<std::byte>> {
        return fail(ErrorCode::Io, "no answer from http://ocsp.invalid/: timed out after 10000 ms");
    };
    auto byCrl = must(gatherRevocationEvidence(chain, {}, rootCrl, {}, failingOcsp));
    EXPECT_EQ(crlCalls, 1);
    EXPECT_EQ(byCrl.crls.size(), 2U);
    ASSERT_EQ(byCrl.warnings.size(), 1U);
    EXPECT_NE(byCrl.warnings[0].find("timed out"), std::string::npos);

    // Both fail: refused, naming the certificate and both problems.
    EvidenceSources failing = failingOcsp;
    failing.crl = [](const Certificate&) -> Result<std::vector<std::byte>> {
        return fail(ErrorCode::Io, "no answer from http://crl.invalid/baubau.crl: HTTP status code=404");
    };
    auto none = gatherRevocationEvidence(chain, {}, rootCrl, {}, failing);
    ASSERT_FALSE(none);
    EXPECT_NE(none.error().message.find("B-LT cannot be reached"), std::string::npos);
    EXPECT_NE(none.error().message.find("CN=Budi"), std::string::npos);
    EXPECT_NE(none.error().message.find("timed out"), std::string::npos);
    EXPECT_NE(none.error().message.find("404"), std::string::npos);

    // The office CA names no URL and no root CRL is given: refused for it.
    auto noRoot = gatherRevocationEvidence(chain, {}, {}, {}, sources);
    ASSERT_FALSE(noRoot);
    EXPECT_NE(noRoot.error().message.find("CN=Sandi CA Kota Baubau"), std::string::npos);
    EXPECT_NE(noRoot.error().message.find("names no http OCSP responder or CRL distribution point"), std::string::npos);
    // The chain without its root: the issuer is found among the others.
    EXPECT_TRUE(
        gatherRevocationEvidence(std::vector<Certificate>{leaf, office}, std::vector<Certificate>{root}, both, {}, {}));
    EXPECT_FALSE(gatherRevocationEvidence(std::vector<Certificate>{leaf}, {}, both, {}, {}));
}

TEST_F(RevocationFetchTest, ABltSignatureEmbedsTheOcspResponseOrIsNotMade)
{
    IssueParams p;
    p.profile = Profile::Tsa;
    p.commonName = "Test TSA";
    auto tsaCert = must(pki.buton->issue(p, pki.rng, pki.now));
    auto tsa = must(TimeStampAuthority::create(std::move(tsaCert.certificate), std::move(tsaCert.key),
                                               std::move(tsaCert.chain), std::string(kOidSandiTsaPolicy)));
    LocalTimeStamper stamper(tsa, pki.rng, [this] { return pki.now; });
    CannedServer server([this](const std::string& body) { return answer(body); });
    must(pki.baubau->setPublicationUrls({server.url(), ""}));
    auto issued = pki.issue(*pki.baubau, Profile::Signing, "Wa Ode Sitti");
    const Certificate leaf(ossl::upRef(issued.certificate.get()));
    auto signer =
        must(KeySigner::fromKey(std::move(issued.key), std::move(issued.certificate), std::move(issued.chain)));

    const std::string pdf = "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages "
                            "/Kids [3 0 R] /Count 1 >>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 "
                            "595 842] >>\nendobj\n";
    std::string doc = pdf;
    const std::size_t xref = doc.size();
    doc += "xref\n0 4\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj"}) {
        char line[24];
        std::snprintf(line, sizeof line, "%010zu 00000 n\r\n", pdf.find(marker));
        doc += line;
    }
    doc += "trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    const fs::path in = pki.dir.path() / "surat.pdf";
    must(writeFileAtomically(in, doc, FileMode::Public));

    auto crls = pki.crls(pki.now);
    SignRequest r;
    r.input = in.string();
    r.output = (pki.dir.path() / "surat.lt.pdf").string();
    r.signingTime = pki.now;
    r.timeStamper = &stamper;
    r.level = PadesLevel::BLT;
    // The root's (the office CA's status) and Buton's (the TSA's, known once it stamped).
    r.crls = {Crl(ossl::upRef(crls[0].get())), Crl(ossl::upRef(crls[2].get()))};
    r.extraCertificates = values({pki.root->certificate()});
    r.evidenceSources = httpEvidenceSources();
    const auto outcome = must(signDocument(r, signer));
    EXPECT_EQ(outcome.ocspResponsesEmbedded, 1U);
    EXPECT_EQ(outcome.crlsEmbedded, 2U);
    EXPECT_EQ(server.requests(), 1);
    const std::string signedPdf = text(must(readFile(r.output, 1 << 24)));
    EXPECT_NE(signedPdf.find("/OCSPs ["), std::string::npos);
    EXPECT_NE(signedPdf.find("/OCSP ["), std::string::npos); // in the signature's /VRI entry

    // Without Buton's CRL the TSA has no evidence (its certificate names no responder): the
    // signature is stamped, but nothing is written.
    r.crls = {Crl(ossl::upRef(crls[0].get()))};
    r.output = (pki.dir.path() / "surat.no-tsa.pdf").string();
    auto noTsa = signDocument(r, signer);
    ASSERT_FALSE(noTsa);
    EXPECT_NE(noTsa.error().message.find("CN=Test TSA"), std::string::npos) << noTsa.error().message;
    EXPECT_FALSE(fs::exists(r.output));
    // Without the root CRL the office CA has no evidence: nothing is signed or written.
    r.crls.clear();
    r.output = (pki.dir.path() / "surat.none.pdf").string();
    auto refused = signDocument(r, signer);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("B-LT cannot be reached"), std::string::npos);
    EXPECT_FALSE(fs::exists(r.output));
    // B-T needs no evidence: the same request signs.
    r.level = PadesLevel::BT;
    EXPECT_TRUE(signDocument(r, signer));
}

} // namespace
} // namespace sandi::test
