// SPDX-License-Identifier: GPL-3.0-or-later
// The document use cases of client/core (documents.h) on real files, with a PKI and a TSA
// made at test time and injected time: sign a PDF and a detached .p7s and verify them
// through the API, a PDF changed after signing reported as modified, a directory tree
// verified on several threads with one progress call per file, a B-LTA renewal.
#include "../../support/test_pki.h"

#include "sandi/client/documents.h"
#include "sandi/core/atomic_file.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <set>
#include <string>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;
using namespace sandi::client;
namespace fs = std::filesystem;

std::vector<std::byte> bytesOf(std::string_view s)
{
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return {p, p + s.size()};
}

std::string textOf(std::span<const std::byte> b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// A one-page PDF with a classic xref table (object 4 is the page's content stream).
std::vector<std::byte> minimalPdf()
{
    const std::string body =
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 "
        ">>\n"
        "endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n4 0 obj\n"
        "<< /Length 35 >>\nstream\nBT /F1 12 Tf 72 720 Td (Surat) Tj ET\nendstream\nendobj\n";
    std::string doc = body;
    const std::size_t xref = doc.size();
    doc += "xref\n0 5\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj", "4 0 obj"}) {
        std::array<char, 24> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", body.find(marker));
        doc += line.data();
    }
    doc += "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return bytesOf(doc);
}

// Appends an incremental update that replaces object `object` with `body` (a file whose
// last revision has a classic xref table, as Sandi keeps it when it signs one).
std::vector<std::byte> withUpdate(std::span<const std::byte> pdf, int object, const std::string& body)
{
    const std::string s = textOf(pdf);
    const std::size_t prev = std::stoul(s.substr(s.rfind("startxref") + std::string_view("startxref").size()));
    const int size = std::stoi(s.substr(s.rfind("/Size ") + std::string_view("/Size ").size()));
    std::string update = s.back() == '\n' ? "" : "\n";
    const std::size_t offset = s.size() + update.size();
    update += std::to_string(object) + " 0 obj\n" + body + "\nendobj\n";
    const std::size_t xref = s.size() + update.size();
    std::array<char, 24> line{};
    std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", offset);
    update += "xref\n" + std::to_string(object) + " 1\n" + line.data() + "trailer\n<< /Size " + std::to_string(size) +
              " /Root 1 0 R /Prev " + std::to_string(prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::vector<std::byte> out(pdf.begin(), pdf.end());
    const auto tail = bytesOf(update);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

class DocumentsTest : public ::testing::Test {
  protected:
    TestPki pki;
    std::optional<TimeStampAuthority> tsa;
    std::optional<LocalTimeStamper> stamper;
    std::optional<KeySigner> signer;
    TimePoint clock;

    void SetUp() override
    {
        clock = pki.now;
        IssueParams p;
        p.profile = Profile::Tsa;
        p.commonName = "Test TSA";
        auto issued = must(pki.buton->issue(p, pki.rng, pki.now));
        tsa.emplace(must(TimeStampAuthority::create(std::move(issued.certificate), std::move(issued.key),
                                                    std::move(issued.chain), std::string(kOidSandiTsaPolicy))));
        stamper.emplace(*tsa, pki.rng, [this] { return clock; });
        auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Wa Ode Sitti");
        signer.emplace(
            must(KeySigner::fromKey(std::move(leaf.key), std::move(leaf.certificate), std::move(leaf.chain))));
    }

    std::string file(const std::string& name, std::span<const std::byte> contents)
    {
        const fs::path path = pki.dir.path() / name;
        fs::create_directories(path.parent_path());
        must(writeFileAtomically(path, contents, FileMode::Public));
        return path.string();
    }

    std::vector<std::byte> read(const std::string& path) { return must(readFile(path, kMaxPdfBytes)); }

    SignRequest pades(const std::string& in, const std::string& out)
    {
        SignRequest r;
        r.input = in;
        r.output = out;
        r.signingTime = clock;
        return r;
    }

    VerifyRequest trusting(std::vector<std::string> paths)
    {
        VerifyRequest r;
        r.paths = std::move(paths);
        r.anchors = values({pki.root->certificate()});
        r.crls = values(pki.crls(clock));
        r.now = clock;
        return r;
    }

    static std::string firstProblem(const FileReport& f)
    {
        if (f.error) return f.error->message;
        if (!f.problems.empty()) return f.problems[0].text;
        for (const auto& s : f.signatures)
            if (!s.problems.empty()) return s.problems[0].text;
        return "";
    }
};

TEST_F(DocumentsTest, APdfSignedThroughTheApiVerifiesThroughIt)
{
    const auto original = minimalPdf();
    const auto in = file("surat.pdf", original);
    const auto out = (pki.dir.path() / "surat.signed.pdf").string();
    EXPECT_EQ(must(fileKind(in)), FileKind::Pdf);

    auto request = pades(in, out);
    request.level = PadesLevel::BT;
    request.timeStamper = &*stamper;
    request.reason = "Disetujui";
    request.visible = StampPlacement{1, 300, 60, 200, 70};
    const auto outcome = must(signDocument(request, *signer));
    EXPECT_EQ(outcome.form, SignatureForm::Pades);
    EXPECT_EQ(outcome.output, out);
    EXPECT_EQ(outcome.level, PadesLevel::BT);
    EXPECT_TRUE(outcome.timeStamped);
    EXPECT_TRUE(outcome.visibleStamp);
    EXPECT_FALSE(outcome.certified);
    const auto signedBytes = read(out);
    ASSERT_GT(signedBytes.size(), original.size());
    EXPECT_TRUE(std::equal(original.begin(), original.end(), signedBytes.begin())) << "every original byte is kept";
    EXPECT_EQ(read(in), original) << "the input is not touched";

    const auto reports = verifyDocuments(trusting({out}));
    ASSERT_EQ(reports.size(), 1U);
    const auto& f = reports[0];
    EXPECT_EQ(f.path, out);
    EXPECT_EQ(f.type, SignedFileType::Pdf);
    EXPECT_TRUE(f.readable());
    EXPECT_TRUE(f.valid()) << firstProblem(f);
    ASSERT_EQ(f.signatures.size(), 1U);
    EXPECT_TRUE(f.signatures[0].valid);
    EXPECT_TRUE(f.signatures[0].coversWholeDocument);
    EXPECT_TRUE(f.signatures[0].timestamp);
    EXPECT_NE(f.signatures[0].signer.find("Wa Ode Sitti"), std::string::npos);

    // Without trust anchors the same file is intact but not trusted.
    auto untrusted = trusting({out});
    untrusted.anchors.clear();
    const auto again = verifyDocuments(untrusted);
    ASSERT_EQ(again.size(), 1U);
    EXPECT_TRUE(again[0].readable());
    EXPECT_FALSE(again[0].valid());
}

TEST_F(DocumentsTest, AnyOtherFileGetsADetachedTimeStampedSignatureBesideIt)
{
    const auto in = file("lampiran.xlsx", bytesOf("Lampiran anggaran 2024\n"));
    EXPECT_EQ(must(fileKind(in)), FileKind::Other);
    auto request = pades(in, detachedSignaturePath(in));
    request.form = SignatureForm::Detached;
    request.timeStamper = &*stamper;
    const auto outcome = must(signDocument(request, *signer));
    EXPECT_EQ(outcome.form, SignatureForm::Detached);
    EXPECT_EQ(outcome.output, in + ".p7s");
    EXPECT_TRUE(outcome.timeStamped);

    const auto reports = verifyDocuments(trusting({outcome.output}));
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_EQ(reports[0].type, SignedFileType::DetachedCms);
    EXPECT_TRUE(reports[0].valid()) << firstProblem(reports[0]);
    ASSERT_EQ(reports[0].signatures.size(), 1U);
    EXPECT_TRUE(reports[0].signatures[0].timestamp);
    EXPECT_EQ(reports[0].indication().indication, crypto::Indication::TotalPassed);
    EXPECT_FALSE(reports[0].signatures[0].anchor.empty());

    // The data changed after signing: the signature no longer covers it.
    file("lampiran.xlsx", bytesOf("Lampiran anggaran 2025\n"));
    const auto changed = verifyDocuments(trusting({outcome.output}));
    ASSERT_EQ(changed.size(), 1U);
    EXPECT_TRUE(changed[0].readable());
    EXPECT_FALSE(changed[0].valid());
    ASSERT_EQ(changed[0].signatures.size(), 1U);
    EXPECT_FALSE(changed[0].signatures[0].valid);
    EXPECT_EQ(changed[0].signatures[0].indication, crypto::Indication::TotalFailed);
    EXPECT_EQ(changed[0].signatures[0].subIndication, "HASH_FAILURE");
    EXPECT_EQ(changed[0].indication().subIndication, "HASH_FAILURE");
}

TEST_F(DocumentsTest, APdfChangedAfterSigningIsReportedAsModified)
{
    const auto in = file("surat.pdf", minimalPdf());
    const auto out = (pki.dir.path() / "surat.signed.pdf").string();
    must(signDocument(pades(in, out), *signer));
    const auto good = read(out);

    // A later revision replaces the page's content stream.
    const std::string text = "BT /F1 12 Tf 72 720 Td (Rp 99.000.000) Tj ET";
    const auto changed =
        file("changed.pdf",
             withUpdate(good, 4, "<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream"));
    // A byte flipped inside the signed range.
    auto flippedBytes = good;
    const auto at = textOf(good).find("(Surat)");
    ASSERT_NE(at, std::string::npos);
    flippedBytes[at + 1] = std::byte{'Z'};
    const auto flipped = file("flipped.pdf", flippedBytes);

    const auto reports = verifyDocuments(trusting({changed, flipped}));
    ASSERT_EQ(reports.size(), 2U);
    const auto& m = reports[0];
    EXPECT_EQ(m.path, changed);
    EXPECT_TRUE(m.readable()) << firstProblem(m);
    EXPECT_FALSE(m.valid());
    ASSERT_EQ(m.signatures.size(), 1U);
    const auto& sig = m.signatures[0];
    EXPECT_FALSE(sig.valid);
    EXPECT_FALSE(sig.coversWholeDocument);
    EXPECT_EQ(sig.modifications, Modifications::Disallowed);
    EXPECT_TRUE(sig.hasProblem(finding::kModifiedAfterSigning));
    EXPECT_TRUE(std::any_of(sig.changes.begin(), sig.changes.end(), [](const Change& c) { return !c.allowed; }));

    EXPECT_EQ(reports[1].path, flipped);
    EXPECT_FALSE(reports[1].valid());
    for (const auto& s : reports[1].signatures)
        EXPECT_FALSE(s.valid);
}

TEST_F(DocumentsTest, ADirectoryIsVerifiedOnSeveralThreadsWithOneProgressCallPerFile)
{
    const auto pdf = minimalPdf();
    for (const char* name : {"a/satu.pdf", "a/dua.pdf", "b/c/tiga.PDF"}) {
        const auto in = file(std::string("unsigned/") + name, pdf);
        const fs::path out = pki.dir.path() / "arsip" / name;
        fs::create_directories(out.parent_path());
        must(signDocument(pades(in, out.string()), *signer));
    }
    const auto data = file("arsip/b/nota.txt", bytesOf("Nota dinas\n"));
    auto detached = pades(data, detachedSignaturePath(data));
    detached.form = SignatureForm::Detached;
    must(signDocument(detached, *signer));
    file("arsip/b/rusak.pdf", bytesOf("not a pdf"));
    file("arsip/b/catatan.txt", bytesOf("neither a PDF nor a .p7s: not verified\n"));
    const auto arsip = (pki.dir.path() / "arsip").string();
    const auto missing = (pki.dir.path() / "hilang.pdf").string();

    const auto expected = signedFilesIn({arsip, missing});
    ASSERT_EQ(expected.size(), 6U);
    EXPECT_TRUE(std::is_sorted(expected.begin(), expected.end() - 1)) << "a directory's files come sorted";
    EXPECT_EQ(expected.back(), missing) << "named files keep their place";

    auto request = trusting({arsip, missing});
    request.jobs = 3;
    std::vector<std::size_t> dones;
    std::set<std::string> seen;
    std::size_t totals = 0;
    const auto reports = verifyDocuments(request, [&](const FileReport& f, Progress p) {
        dones.push_back(p.done);
        seen.insert(f.path);
        totals += p.total == expected.size() ? 1U : 0U;
    });
    ASSERT_EQ(reports.size(), expected.size());
    EXPECT_EQ(dones.size(), expected.size()) << "one call per file";
    EXPECT_EQ(totals, expected.size());
    std::vector<std::size_t> ordered(expected.size());
    for (std::size_t i = 0; i < ordered.size(); ++i)
        ordered[i] = i + 1;
    EXPECT_EQ(dones, ordered) << "calls come one at a time, counting up";
    EXPECT_EQ(seen, std::set<std::string>(expected.begin(), expected.end()));
    for (std::size_t i = 0; i < reports.size(); ++i)
        EXPECT_EQ(reports[i].path, expected[i]) << "reports in the order of the files";

    const auto summary = summarize(reports);
    EXPECT_EQ(summary.files, 6U);
    EXPECT_EQ(summary.valid, 4U);
    EXPECT_EQ(summary.notValid, 0U);
    EXPECT_EQ(summary.unreadable, 2U); // rusak.pdf and the missing file
    EXPECT_EQ(summary.signatures, 4U);
    for (const auto& f : reports) {
        if (f.path == missing || f.path.ends_with("rusak.pdf")) {
            EXPECT_FALSE(f.readable()) << f.path;
        } else {
            EXPECT_TRUE(f.valid()) << f.path << ": " << firstProblem(f);
            EXPECT_EQ(f.type, f.path.ends_with(".p7s") ? SignedFileType::DetachedCms : SignedFileType::Pdf);
        }
    }
}

TEST_F(DocumentsTest, ABltaArchiveIsRenewedWithAFreshDocumentTimeStamp)
{
    const auto in = file("arsip.pdf", minimalPdf());
    const auto lta = (pki.dir.path() / "arsip.lta.pdf").string();
    auto request = pades(in, lta);
    request.level = PadesLevel::BLTA;
    request.timeStamper = &*stamper;
    request.crls = values(pki.crls(clock));
    request.extraCertificates = values({pki.root->certificate()});
    must(signDocument(request, *signer));

    clock += 24h;
    TimestampRequest renew;
    renew.input = lta;
    renew.output = (pki.dir.path() / "arsip.renewed.pdf").string();
    renew.crls = values(pki.crls(clock));
    const auto outcome = must(timestampDocument(renew, *stamper));
    EXPECT_TRUE(outcome.dssAdded);
    EXPECT_EQ(outcome.output, renew.output);

    auto verify = trusting({renew.output});
    verify.crls.clear(); // B-LTA carries its own validation data
    verify.now = clock;
    const auto reports = verifyDocuments(verify);
    ASSERT_EQ(reports.size(), 1U);
    EXPECT_TRUE(reports[0].valid()) << firstProblem(reports[0]);
    EXPECT_EQ(std::count_if(reports[0].signatures.begin(), reports[0].signatures.end(),
                            [](const SignatureReport& s) { return s.kind == "document time-stamp"; }),
              2);
}

TEST_F(DocumentsTest, RefusesToOverwriteItsInputOrToSignANonPdfAsPades)
{
    const auto original = minimalPdf();
    const auto in = file("surat.pdf", original);
    auto same = pades(in, in);
    auto r = signDocument(same, *signer);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
    EXPECT_EQ(read(in), original);

    const auto text = file("nota.txt", bytesOf("Nota dinas\n"));
    auto notPdf = signDocument(pades(text, text + ".signed.pdf"), *signer);
    ASSERT_FALSE(notPdf);
    EXPECT_EQ(notPdf.error().code, ErrorCode::InvalidInput);
    EXPECT_FALSE(fs::exists(text + ".signed.pdf"));

    auto certified = pades(text, detachedSignaturePath(text));
    certified.form = SignatureForm::Detached;
    certified.certify = 2;
    auto refused = signDocument(certified, *signer);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidArgument);
    EXPECT_FALSE(fs::exists(detachedSignaturePath(text)));

    auto missing = signDocument(pades((pki.dir.path() / "hilang.pdf").string(), in + ".x"), *signer);
    EXPECT_FALSE(missing);
    EXPECT_FALSE(fileKind((pki.dir.path() / "hilang.pdf").string()));
}

} // namespace
} // namespace sandi::test
