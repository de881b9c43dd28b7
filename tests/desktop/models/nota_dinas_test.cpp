// SPDX-License-Identifier: GPL-3.0-or-later
// The nota dinas PDF, read back by outside tools: pdftotext finds every field, the kop,
// the marking on every page and the signer; qpdf --check is clean; pdfinfo counts the
// pages; pdftoppm shows the R/SR marking in red and the visible stamp over the signature
// block. The signed export validates in Sandi (verifyFile with the test PKI's root) and in
// pdfsig (an NSS database that trusts the same root); signForAttachment signs a copy and
// leaves the chosen PDF as it was.
#include "../../support/test_pki.h"

#include "sandi/client/documents.h"
#include "sandi/core/atomic_file.h"
#include "sandi/desktop/nota_dinas.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>

#include <gtest/gtest.h>

#include <openssl/pem.h>

#include <cstdlib>
#include <fstream>

namespace sandi::test {
namespace {

using namespace sandi::desktop;
namespace fs = std::filesystem;

constexpr const char* kNip = "198003152005011002";
constexpr const char* kSignerName = "Wa Ode Sitti, S.Kom., M.T.";
constexpr const char* kPosition = "Kepala Dinas Komunikasi dan Informatika";

struct ToolRun {
    int exitCode = -1;
    QString out;
};

// Runs a tool of poppler-utils, qpdf or NSS; a missing tool fails the test.
ToolRun run(const QString& program, const QStringList& args)
{
    QProcess p;
    p.setProcessChannelMode(QProcess::MergedChannels);
    p.start(program, args);
    if (!p.waitForStarted(10'000)) {
        ADD_FAILURE() << program.toStdString() << " could not be started (poppler-utils, qpdf, libnss3-tools)";
        return {};
    }
    if (!p.waitForFinished(120'000)) {
        ADD_FAILURE() << program.toStdString() << " did not finish";
        return {};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAll())};
}

// Whitespace (line breaks of the layout) folded to single spaces.
QString folded(const QString& s)
{
    return s.simplified();
}

QString pdfText(const fs::path& pdf, int page = 0)
{
    QStringList args;
    if (page > 0) args << "-f" << QString::number(page) << "-l" << QString::number(page);
    args << QString::fromStdString(pdf.string()) << "-";
    const ToolRun r = run("pdftotext", args);
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString();
    return folded(r.out);
}

int pdfPages(const fs::path& pdf)
{
    const ToolRun r = run("pdfinfo", {QString::fromStdString(pdf.string())});
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString();
    const auto m = QRegularExpression(R"(Pages:\s+(\d+))").match(r.out);
    return m.hasMatch() ? m.captured(1).toInt() : -1;
}

QImage pageImage(const fs::path& pdf, int page, int dpi)
{
    const QString prefix = QString::fromStdString((pdf.parent_path() / (pdf.stem().string() + "-page")).string());
    const ToolRun r = run("pdftoppm", {"-r", QString::number(dpi), "-png", "-singlefile", "-f", QString::number(page),
                                       "-l", QString::number(page), QString::fromStdString(pdf.string()), prefix});
    EXPECT_EQ(r.exitCode, 0) << r.out.toStdString();
    QImage image(prefix + ".png");
    EXPECT_FALSE(image.isNull());
    return image.convertToFormat(QImage::Format_RGB32);
}

bool isRed(QRgb c)
{
    return qRed(c) > 150 && qGreen(c) < 90 && qBlue(c) < 90;
}

int countPixels(const QImage& image, QRect area, bool (*test)(QRgb))
{
    area = area.intersected(image.rect());
    int n = 0;
    for (int y = area.top(); y <= area.bottom(); ++y)
        for (int x = area.left(); x <= area.right(); ++x)
            if (test(image.pixel(x, y))) ++n;
    return n;
}

void writeBytes(const fs::path& path, const QByteArray& bytes)
{
    QFile f(QString::fromStdString(path.string()));
    ASSERT_TRUE(f.open(QIODevice::WriteOnly));
    ASSERT_EQ(f.write(bytes), bytes.size());
}

QByteArray readBytes(const fs::path& path)
{
    QFile f(QString::fromStdString(path.string()));
    EXPECT_TRUE(f.open(QIODevice::ReadOnly));
    return f.readAll();
}

int occurrences(const QString& haystack, const QString& needle)
{
    return static_cast<int>(haystack.count(needle));
}

MemoView sampleMemo()
{
    MemoView m;
    m.id = QString(32, u'a');
    m.classification = "R";
    m.urgency = "segera";
    m.nomor = "000.1.2.3/045/Diskominfo/2026";
    m.kepada = {"Sekretaris Daerah Provinsi Sulawesi Tenggara", "Kepala Badan Kepegawaian Daerah"};
    m.dari = kPosition;
    m.tembusan = {"Gubernur Sulawesi Tenggara"};
    m.tanggal = "2026-12-01";
    m.lampiran = "1 (satu) berkas";
    m.hal = "Laporan Keamanan Jaringan Triwulan IV";
    m.body = "Menindaklanjuti hasil pemantauan keamanan jaringan intra pemerintah, bersama ini kami sampaikan laporan "
             "triwulan keempat sebagaimana terlampir.\n\nDemikian disampaikan, atas perhatian Bapak kami ucapkan "
             "terima kasih.";
    m.signerName = kSignerName;
    m.signerPosition = kPosition;
    m.signerNip = kNip;
    m.attachments.push_back({0, "laporan-triwulan-iv.pdf", "application/pdf", 48'213});
    return m;
}

Letterhead sampleKop()
{
    Letterhead kop =
        letterheadFor("Dinas Komunikasi dan Informatika", "Pemerintah Provinsi Sulawesi Tenggara", "Kendari");
    kop.address = "Jalan Mayjen S. Parman No. 1, Kendari 93121";
    kop.contact = "Telepon (0401) 3121234, Laman diskominfo.sultraprov.go.id";
    return kop;
}

class NotaDinasTest : public ::testing::Test {
  protected:
    TestPki pki;
    std::optional<KeySigner> signer;

    void SetUp() override
    {
        IssueParams p;
        p.profile = Profile::Signing;
        p.commonName = "Wa Ode Sitti";
        p.nip = kNip;
        p.title = kPosition;
        p.keyType = KeyType::P256;
        auto leaf = must(pki.baubau->issue(p, pki.rng, pki.now));
        signer.emplace(
            must(KeySigner::fromKey(std::move(leaf.key), std::move(leaf.certificate), std::move(leaf.chain))));
    }

    fs::path path(const std::string& name) const { return pki.dir.path() / name; }

    fs::path rendered(const MemoView& memo, const std::string& name, const Letterhead& kop = sampleKop())
    {
        const auto pdf = must(renderNotaDinas(memo, kop));
        writeBytes(path(name), pdf);
        return path(name);
    }

    client::FileReport verified(const fs::path& pdf)
    {
        crypto::VerifyOptions o;
        o.anchors = values({pki.root->certificate()});
        o.crls = values(pki.crls(pki.now));
        o.now = pki.now;
        return client::verifyFile(pdf.string(), o);
    }

    // An NSS database that trusts the test root, for pdfsig.
    fs::path nssTrustingRoot()
    {
        const fs::path dir = path("nss");
        fs::create_directories(dir);
        const fs::path pem = path("root.pem");
        {
            ossl::BioPtr bio(BIO_new_file(pem.c_str(), "w"));
            EXPECT_TRUE(bio && PEM_write_bio_X509(bio.get(), pki.root->certificate()) == 1);
        }
        const QString db = "sql:" + QString::fromStdString(dir.string());
        EXPECT_EQ(run("certutil", {"-N", "-d", db, "--empty-password"}).exitCode, 0);
        const ToolRun added = run("certutil", {"-A", "-d", db, "-n", "Sandi Test Root", "-t", "CT,C,C", "-i",
                                               QString::fromStdString(pem.string())});
        EXPECT_EQ(added.exitCode, 0) << added.out.toStdString();
        return dir;
    }
};

TEST_F(NotaDinasTest, ThePdfCarriesTheKopEveryFieldTheMarkingAndTheSigner)
{
    const auto pdf = rendered(sampleMemo(), "nota.pdf");
    const QString text = pdfText(pdf);
    for (const char* expected : {"PEMERINTAH PROVINSI SULAWESI TENGGARA",
                                 "DINAS KOMUNIKASI DAN INFORMATIKA",
                                 "Jalan Mayjen S. Parman No. 1, Kendari 93121",
                                 "Telepon (0401) 3121234",
                                 "NOTA DINAS",
                                 "Kepada Yth.",
                                 "1. Sekretaris Daerah Provinsi Sulawesi Tenggara",
                                 "2. Kepala Badan Kepegawaian Daerah",
                                 "Dari",
                                 "Tembusan",
                                 "Gubernur Sulawesi Tenggara",
                                 "Tanggal",
                                 "1 Desember 2026",
                                 "Nomor",
                                 "000.1.2.3/045/Diskominfo/2026",
                                 "Sifat",
                                 "Rahasia, Segera",
                                 "Lampiran",
                                 "1 (satu) berkas",
                                 "Hal",
                                 "Laporan Keamanan Jaringan Triwulan IV",
                                 "bersama ini kami sampaikan laporan triwulan keempat",
                                 "atas perhatian Bapak kami ucapkan terima kasih.",
                                 "Kepala Dinas Komunikasi dan Informatika,",
                                 kSignerName,
                                 "NIP. 198003152005011002",
                                 "laporan-triwulan-iv.pdf (47.1 KB)"})
        EXPECT_TRUE(text.contains(QString::fromUtf8(expected))) << expected << "\n" << text.toStdString();
    // "RAHASIA" at the top and at the bottom of the page, and nowhere else.
    EXPECT_EQ(occurrences(text, "RAHASIA"), 2) << text.toStdString();
    EXPECT_FALSE(text.contains("Halaman"));                          // one page: no page numbers
    EXPECT_FALSE(text.contains("ditandatangani secara elektronik")); // the memo was not signed

    const ToolRun check = run("qpdf", {"--check", QString::fromStdString(pdf.string())});
    EXPECT_EQ(check.exitCode, 0) << check.out.toStdString();
    EXPECT_EQ(pdfPages(pdf), 1);
    const ToolRun info = run("pdfinfo", {QString::fromStdString(pdf.string())});
    EXPECT_TRUE(info.out.contains("(A4)")) << info.out.toStdString();
    const ToolRun fonts = run("pdffonts", {QString::fromStdString(pdf.string())});
    EXPECT_TRUE(fonts.out.contains("DejaVuSans")) << fonts.out.toStdString();
    // Every font embedded: the "emb" column (the fifth from the right) says "yes".
    const QStringList fontLines = fonts.out.split('\n', Qt::SkipEmptyParts).mid(2);
    ASSERT_FALSE(fontLines.isEmpty());
    for (const auto& line : fontLines) {
        const QStringList columns = line.split(' ', Qt::SkipEmptyParts);
        ASSERT_GE(columns.size(), 5);
        EXPECT_EQ(columns.at(columns.size() - 5), "yes") << line.toStdString();
    }
}

TEST_F(NotaDinasTest, ALongBodyRunsOverPagesEachMarkedAndNumbered)
{
    MemoView memo = sampleMemo();
    memo.classification = "SR";
    QStringList paragraphs;
    for (int i = 1; i <= 60; ++i)
        paragraphs << QStringLiteral("Paragraf %1. Kegiatan pengamanan informasi dilaksanakan secara berkala oleh "
                                     "tim tanggap insiden siber dengan berkoordinasi bersama perangkat daerah terkait "
                                     "serta melaporkan hasilnya kepada pimpinan.")
                          .arg(i);
    memo.body = paragraphs.join("\n");
    const auto layout = must(layoutNotaDinas(memo, sampleKop()));
    ASSERT_GE(layout.pages, 3);
    writeBytes(path("long.pdf"), layout.pdf);
    const auto pdf = path("long.pdf");
    EXPECT_EQ(pdfPages(pdf), layout.pages);
    EXPECT_EQ(run("qpdf", {"--check", QString::fromStdString(pdf.string())}).exitCode, 0);

    QString all;
    for (int page = 1; page <= layout.pages; ++page) {
        const QString text = pdfText(pdf, page);
        EXPECT_EQ(occurrences(text, "SANGAT RAHASIA"), 2) << "page " << page << ": " << text.toStdString();
        EXPECT_TRUE(text.contains(QStringLiteral("Halaman %1 dari %2").arg(page).arg(layout.pages))) << "page " << page;
        EXPECT_EQ(text.contains("PEMERINTAH PROVINSI SULAWESI TENGGARA"), page == 1) << "the kop is on page 1 only";
        all += text + ' ';
    }
    // Nothing lost or repeated at the page breaks.
    for (int i = 1; i <= 60; ++i)
        EXPECT_EQ(occurrences(all, QStringLiteral("Paragraf %1.").arg(i)), 1) << i;
    // The signature block comes last, on the page the layout says.
    EXPECT_EQ(layout.signatureSpace.page, layout.pages);
    const QString last = pdfText(pdf, layout.pages);
    EXPECT_TRUE(last.contains("NIP. 198003152005011002"));
    EXPECT_TRUE(last.contains("Paragraf 60.")) << "the closing paragraph stays with the signature block";
}

TEST_F(NotaDinasTest, RahasiaAndSangatRahasiaAreMarkedInRedBiasaAndTerbatasInBlack)
{
    constexpr int kDpi = 50;
    const int bandPx = 60; // the marking sits in the top 1.5 cm + a line (≈ 36 px at 50 dpi)
    for (const char* classification : {"R", "SR", "B", "T"}) {
        MemoView memo = sampleMemo();
        memo.classification = classification;
        const auto pdf = rendered(memo, std::string("mark-") + classification + ".pdf");
        const QImage page = pageImage(pdf, 1, kDpi);
        ASSERT_FALSE(page.isNull());
        const int top = countPixels(page, QRect(0, 0, page.width(), bandPx), isRed);
        const int bottom = countPixels(page, QRect(0, page.height() - bandPx, page.width(), bandPx), isRed);
        const int anywhere = countPixels(page, page.rect(), isRed);
        const bool red = memo.confidential();
        if (red) {
            EXPECT_GT(top, 10) << classification;
            EXPECT_GT(bottom, 10) << classification;
            EXPECT_EQ(anywhere, top + bottom) << classification << ": red only in the markings";
        } else {
            EXPECT_EQ(anywhere, 0) << classification;
        }
        EXPECT_EQ(occurrences(pdfText(pdf), must(classificationMarking(classification))), 2) << classification;
    }
}

TEST_F(NotaDinasTest, TheSignedMemosNoticeIsInTheFooter)
{
    MemoView memo = sampleMemo();
    memo.signedMemo = true;
    memo.verdict = "valid";
    QString text = pdfText(rendered(memo, "signed-memo.pdf"));
    EXPECT_TRUE(text.contains(QStringLiteral("Memo ini ditandatangani secara elektronik oleh %1 (NIP %2); tanda "
                                             "tangannya sah saat diterima.")
                                  .arg(kSignerName, kNip)))
        << text.toStdString();

    memo.verdict = "invalid: the certificate was revoked";
    text = pdfText(rendered(memo, "invalid-memo.pdf"));
    EXPECT_TRUE(text.contains("tanda tangannya TIDAK SAH: the certificate was revoked.")) << text.toStdString();
    EXPECT_FALSE(text.contains("sah saat diterima"));
}

TEST_F(NotaDinasTest, AnUnknownClassificationIsNotPrinted)
{
    MemoView memo = sampleMemo();
    memo.classification = "X";
    const auto r = renderNotaDinas(memo, sampleKop());
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, ErrorCode::InvalidArgument);
}

TEST_F(NotaDinasTest, TheKopComesFromTheCertificate)
{
    const Letterhead kop = letterheadFromCertificate(signer->certificate());
    EXPECT_EQ(kop.government, "PEMERINTAH PROVINSI SULAWESI TENGGARA");
    EXPECT_EQ(kop.office, "KOTA BAUBAU");
    EXPECT_EQ(kop.locality, ""); // the test PKI's certificates have no L
    const Letterhead defaults = letterheadFor("", "", "");
    EXPECT_EQ(defaults.government, kDefaultGovernment);
    EXPECT_TRUE(defaults.office.isEmpty());
    EXPECT_EQ(letterheadFor("Dinas Kesehatan", "Pemerintah Kota Baubau", "Baubau").address, "Baubau");
    EXPECT_EQ(indonesianDate("2026-02-28"), "28 Februari 2026");
    EXPECT_EQ(indonesianDate("besok"), "besok");
}

TEST_F(NotaDinasTest, TheExportIsSignedValidInSandiAndPdfsigWithTheStampOverTheSignatureBlock)
{
    // The unsigned rendering goes beside the output (the hidden directory is counted below),
    // never into TMPDIR: a directory of the test's own, to see that it stays empty.
    const fs::path tmp = path("tmp");
    fs::create_directories(tmp);
    const QByteArray oldTmp = qgetenv("TMPDIR");
    qputenv("TMPDIR", QByteArray::fromStdString(tmp.string()));

    const MemoView memo = sampleMemo();
    const auto layout = must(layoutNotaDinas(memo, sampleKop()));
    const fs::path outDir = path("out");
    fs::create_directories(outDir);
    const fs::path out = outDir / "nota-dinas.pdf";
    const auto outcome = must(exportSignedNotaDinas(memo, sampleKop(), *signer, QString::fromStdString(out.string()),
                                                    pki.now, crypto::StampPlacement{}));
    if (oldTmp.isNull())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", oldTmp);
    EXPECT_TRUE(outcome.visibleStamp);
    EXPECT_EQ(outcome.output, out.string());
    EXPECT_TRUE(fs::is_empty(tmp)) << "the unsigned rendering was left behind";
    EXPECT_EQ(std::distance(fs::directory_iterator(outDir), fs::directory_iterator()), 1);

    const auto report = verified(out);
    ASSERT_TRUE(report.valid()) << (report.error ? report.error->message : "");
    ASSERT_EQ(report.signatures.size(), 1u);
    EXPECT_NE(report.signatures[0].signer.find("Wa Ode Sitti"), std::string::npos);
    EXPECT_TRUE(report.signatures[0].coversWholeDocument);
    EXPECT_EQ(run("qpdf", {"--check", QString::fromStdString(out.string())}).exitCode, 0);

    // pdfsig, trusting the same root through NSS.
    const fs::path nss = nssTrustingRoot();
    const ToolRun sig =
        run("pdfsig", {"-nssdir", "sql:" + QString::fromStdString(nss.string()), QString::fromStdString(out.string())});
    EXPECT_TRUE(sig.out.contains("Signature is Valid.")) << sig.out.toStdString();
    EXPECT_TRUE(sig.out.contains("Certificate is Trusted.")) << sig.out.toStdString();
    EXPECT_TRUE(sig.out.contains("Total document signed")) << sig.out.toStdString();

    // The stamp (a light blue box) fills the signature block's blank space, which was white.
    constexpr int kDpi = 72; // one pixel per point
    writeBytes(path("unsigned.pdf"), layout.pdf);
    const QImage plain = pageImage(path("unsigned.pdf"), 1, kDpi);
    const QImage stamped = pageImage(out, 1, kDpi);
    ASSERT_EQ(plain.size(), stamped.size());
    const auto& s = layout.signatureSpace;
    EXPECT_EQ(s.page, 1);
    EXPECT_DOUBLE_EQ(s.width, kSignatureBlockWidthPt);
    EXPECT_DOUBLE_EQ(s.height, kSignatureSpaceHeightPt);
    const QRect inside(static_cast<int>(s.x) + 3, plain.height() - static_cast<int>(s.y + s.height) + 3,
                       static_cast<int>(s.width) - 6, static_cast<int>(s.height) - 6);
    const auto stampBlue = [](QRgb c) { return qBlue(c) > 245 && qRed(c) < 248 && qRed(c) > 225; };
    const auto white = [](QRgb c) { return qRed(c) > 250 && qGreen(c) > 250 && qBlue(c) > 250; };
    const int area = inside.width() * inside.height();
    EXPECT_EQ(countPixels(plain, inside, white), area) << "the blank space is blank before signing";
    EXPECT_GT(countPixels(stamped, inside, stampBlue), area / 2) << "the stamp covers the blank space";
}

TEST_F(NotaDinasTest, AnInvisibleExportAndAFailedOneLeaveNothingUnsigned)
{
    const fs::path tmp = path("tmp2");
    fs::create_directories(tmp);
    const QByteArray oldTmp = qgetenv("TMPDIR");
    qputenv("TMPDIR", QByteArray::fromStdString(tmp.string()));
    const auto ok =
        exportSignedNotaDinas(sampleMemo(), sampleKop(), *signer,
                              QString::fromStdString(path("invisible.pdf").string()), pki.now, std::nullopt);
    const auto bad =
        exportSignedNotaDinas(sampleMemo(), sampleKop(), *signer,
                              QString::fromStdString(path("no/such/dir/x.pdf").string()), pki.now, std::nullopt);
    if (oldTmp.isNull())
        qunsetenv("TMPDIR");
    else
        qputenv("TMPDIR", oldTmp);
    ASSERT_TRUE(ok) << ok.error().message;
    EXPECT_FALSE(ok->visibleStamp);
    EXPECT_TRUE(verified(path("invisible.pdf")).valid());
    EXPECT_FALSE(bad);
    EXPECT_FALSE(fs::exists(path("no")));
    EXPECT_TRUE(fs::is_empty(tmp));
}

TEST_F(NotaDinasTest, SignForAttachmentSignsACopyAndLeavesTheChosenPdfAsItWas)
{
    MemoView memo = sampleMemo();
    memo.classification = "B";
    const fs::path chosen = rendered(memo, "laporan.pdf");
    const QByteArray original = readBytes(chosen);
    const fs::path work = path("lampiran");

    const fs::path signedCopy = must(signForAttachment(chosen, *signer, work, pki.now));
    EXPECT_EQ(signedCopy, work / "laporan-ditandatangani.pdf");
    EXPECT_EQ(readBytes(chosen), original) << "the chosen PDF changed";
    const QByteArray copy = readBytes(signedCopy);
    EXPECT_TRUE(copy.startsWith(original)) << "an incremental update keeps every original byte";
    const auto report = verified(signedCopy);
    EXPECT_TRUE(report.valid()) << (report.error ? report.error->message : "");
    const ToolRun sig = run("pdfsig", {QString::fromStdString(signedCopy.string())});
    EXPECT_TRUE(sig.out.contains("Signature is Valid.")) << sig.out.toStdString();

    // A second time: a new name, the first copy untouched.
    const fs::path second = must(signForAttachment(chosen, *signer, work, pki.now));
    EXPECT_EQ(second, work / "laporan-ditandatangani-2.pdf");
    EXPECT_EQ(readBytes(signedCopy), copy);

    // Not a PDF.
    must(crypto::writeFileAtomically(path("catatan.txt"), std::string_view("bukan PDF"), crypto::FileMode::Public));
    const auto refused = signForAttachment(path("catatan.txt"), *signer, work, pki.now);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().code, ErrorCode::InvalidInput);
}

} // namespace
} // namespace sandi::test
