// SPDX-License-Identifier: GPL-3.0-or-later
// DocumentsPage, driven as a person would: a PDF opened, a stamp drawn with the mouse on
// the preview, signed through the page with a KeySigner of the test PKI; the output
// checked by client::verifyFile and by pdfsig (poppler-utils) as an outside oracle, and
// the report panel read; the signed file changed after signing; a folder verified in
// bulk (by the button's method and by drag-and-drop) with its progress to the end.
#include "../support/qt_print.h"
#include "../support/signed_pdfs.h"

#include "sandi/desktop/documents_page.h"

#include <QAbstractItemModelTester>
#include <QMimeData>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTest>
#include <QUrl>

#include <gtest/gtest.h>

#include <regex>

using namespace sandi;
using namespace sandi::desktop;
namespace fs = std::filesystem;

namespace {

constexpr int kWaitMs = 60'000;
constexpr double kA4Height = 842;

QString str(const fs::path& p)
{
    return QString::fromStdString(p.string());
}

template <class T> T* child(QWidget& w, const char* name)
{
    T* c = w.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(c, nullptr) << name;
    return c;
}

std::string textOf(const std::vector<std::byte>& b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

class DocumentsPageTest : public ::testing::Test {
  protected:
    test::SigningFixture fx;
    fs::path dir = fx.pki.dir.path();
    fs::path input = dir / "surat.pdf";
    int signerRequests = 0;
    bool refuseSigner = false;
    std::unique_ptr<DocumentsPage> page;
    std::unique_ptr<QAbstractItemModelTester> reportTester, bulkTester;

    void SetUp() override
    {
        test::writeBytes(input, test::handWrittenPdf(2));
        page = std::make_unique<DocumentsPage>(fx.anchors(), fx.crls(), [this](QWidget*) -> crypto::Signer* {
            ++signerRequests;
            return refuseSigner ? nullptr : &*fx.signer;
        });
        // The page's models stay consistent through everything the tests do to the page.
        reportTester = std::make_unique<QAbstractItemModelTester>(
            page->reportModel(), QAbstractItemModelTester::FailureReportingMode::Fatal);
        bulkTester = std::make_unique<QAbstractItemModelTester>(page->bulkVerifier()->model(),
                                                                QAbstractItemModelTester::FailureReportingMode::Fatal);
        page->resize(1280, 900);
        page->show();
        ASSERT_TRUE(QTest::qWaitForWindowExposed(page.get()));
    }

    void TearDown() override
    {
        bulkTester.reset();
        reportTester.reset();
        page.reset();
    }

    // Opens `path` and waits for its report.
    void open(const fs::path& path)
    {
        QSignalSpy verified(page.get(), &DocumentsPage::fileVerified);
        ASSERT_TRUE(page->openFile(str(path)));
        ASSERT_TRUE(verified.wait(kWaitMs));
        EXPECT_EQ(verified.last()[0].toString(), str(path));
    }

    // Signs the open file into `output` and waits for the signed copy's report.
    void signInto(const fs::path& output, const DocumentSignOptions& options)
    {
        QSignalSpy verified(page.get(), &DocumentsPage::fileVerified);
        QSignalSpy signedSpy(page.get(), &DocumentsPage::documentSigned);
        ASSERT_TRUE(page->signTo(str(output), options)) << page->statusText().toStdString();
        EXPECT_EQ(signedSpy.count(), 1);
        ASSERT_TRUE(verified.wait(kWaitMs));
        EXPECT_EQ(page->currentFile(), str(output));
    }

    QString verdictLabel() { return child<QLabel>(*page, "documentsVerdict")->text(); }

    static std::optional<QString> pdfsig(const fs::path& file)
    {
        const QString exe = QStandardPaths::findExecutable(QStringLiteral("pdfsig"));
        if (exe.isEmpty()) return std::nullopt;
        QProcess p;
        p.setProcessChannelMode(QProcess::MergedChannels);
        p.start(exe, {str(file)});
        if (!p.waitForFinished(kWaitMs)) return QString();
        return QString::fromUtf8(p.readAll());
    }
};

} // namespace

TEST_F(DocumentsPageTest, SignsWithAStampDrawnOnThePreviewAndShowsTheSignatureValid)
{
    open(input);
    EXPECT_TRUE(page->reportModel()->findCode("NO_SIGNATURES").isValid()); // not signed yet
    EXPECT_EQ(verdictLabel(), "Not signed");
    EXPECT_EQ(DocumentsPage::defaultSignedPath(str(input)), str(dir / "surat-signed.pdf"));

    // "Visible stamp" puts the preview in drawing mode; the stamp is dragged with the mouse.
    QTest::mouseClick(child<QRadioButton>(*page, "documentsSignVisible"), Qt::LeftButton);
    PdfView* view = page->pdfView();
    EXPECT_TRUE(view->placingStamp());
    const double z = view->zoom();
    QTest::mousePress(view->canvas(), Qt::LeftButton, {}, QPoint(80, 500));
    QTest::mouseMove(view->canvas(), QPoint(200, 550));
    QTest::mouseMove(view->canvas(), QPoint(330, 600));
    QTest::mouseRelease(view->canvas(), Qt::LeftButton, {}, QPoint(330, 600));
    ASSERT_TRUE(view->stampPlacement());
    const crypto::StampPlacement stamp = *view->stampPlacement();
    EXPECT_EQ(stamp.page, 1);
    EXPECT_NEAR(stamp.x, 80 / z, 0.02);
    EXPECT_NEAR(stamp.y, kA4Height - 600 / z, 0.02);
    EXPECT_NEAR(stamp.width, 250 / z, 0.02);
    EXPECT_NEAR(stamp.height, 100 / z, 0.02);

    QTest::keyClicks(child<QLineEdit>(*page, "documentsReason"), "Disetujui");
    QTest::keyClicks(child<QLineEdit>(*page, "documentsLocation"), "Baubau");
    const DocumentSignOptions options = page->signOptions();
    EXPECT_TRUE(options.visible);
    EXPECT_EQ(options.reason, "Disetujui");
    const fs::path output = dir / "surat-signed.pdf";
    signInto(output, options);
    EXPECT_EQ(signerRequests, 1);
    EXPECT_TRUE(page->statusText().contains("visible stamp"));

    // The report panel: one valid signature by the test signer, covering the whole file.
    ReportModel* report = page->reportModel();
    EXPECT_EQ(report->verdictText(), "Valid");
    EXPECT_TRUE(verdictLabel().startsWith("Valid")) << verdictLabel().toStdString();
    ASSERT_EQ(report->rowCount(), 1);
    const QModelIndex sig = report->signatureIndex(0);
    EXPECT_EQ(sig.data(ReportModel::ValidRole), QVariant(true));
    EXPECT_EQ(report->index(0, ReportModel::DetailColumn).data().toString(), "Valid");
    auto* tree = child<QTreeView>(*page, "documentsReport");
    EXPECT_EQ(tree->model(), report);
    EXPECT_TRUE(tree->isExpanded(sig));

    // The file itself: valid for client/core, with the stamp where it was drawn.
    const client::FileReport verified = fx.verify(output);
    EXPECT_TRUE(verified.valid());
    ASSERT_EQ(verified.signatures.size(), 1U);
    EXPECT_TRUE(verified.signatures[0].coversWholeDocument);
    const std::string bytes = textOf(test::readBytes(output));
    EXPECT_NE(bytes.find("(Disetujui)"), std::string::npos);
    EXPECT_NE(bytes.find("(Baubau)"), std::string::npos);
    std::smatch rect;
    const std::regex rectPattern(R"(/Rect \[([0-9.]+) ([0-9.]+) ([0-9.]+) ([0-9.]+)\])");
    ASSERT_TRUE(std::regex_search(bytes, rect, rectPattern));
    EXPECT_NEAR(std::stod(rect[1]), stamp.x, 0.01);
    EXPECT_NEAR(std::stod(rect[2]), stamp.y, 0.01);
    EXPECT_NEAR(std::stod(rect[3]), stamp.x + stamp.width, 0.01);
    EXPECT_NEAR(std::stod(rect[4]), stamp.y + stamp.height, 0.01);
    // The signed copy is open in the preview, stamp included.
    EXPECT_EQ(view->pageCount(), 2);
}

TEST_F(DocumentsPageTest, PdfsigAgreesTheStampedSignatureIsValid)
{
    if (QStandardPaths::findExecutable(QStringLiteral("pdfsig")).isEmpty())
        GTEST_SKIP() << "pdfsig (poppler-utils) is not installed";
    open(input);
    page->pdfView()->placeDefaultStamp();
    const fs::path output = dir / "stamped.pdf";
    signInto(output, page->signOptions());
    const auto out = pdfsig(output);
    ASSERT_TRUE(out);
    EXPECT_TRUE(out->contains("Signature is Valid.")) << out->toStdString();
    EXPECT_TRUE(out->contains("Total document signed")) << out->toStdString();

    const fs::path flipped = dir / "flipped.pdf";
    test::writeBytes(flipped, test::withFlippedByte(test::readBytes(output)));
    const auto bad = pdfsig(flipped);
    ASSERT_TRUE(bad);
    EXPECT_FALSE(bad->contains("Signature is Valid.")) << bad->toStdString();
}

TEST_F(DocumentsPageTest, AChangeAfterSigningShowsNotValidWithTheChange)
{
    open(input);
    const fs::path output = dir / "surat-signed.pdf";
    signInto(output, page->signOptions()); // invisible
    EXPECT_EQ(page->reportModel()->verdictText(), "Valid");
    const auto good = test::readBytes(output);

    // An incremental update that replaces the page's text.
    const fs::path changed = dir / "changed.pdf";
    test::writeBytes(changed, test::withContentReplaced(good));
    open(changed);
    ReportModel* report = page->reportModel();
    EXPECT_EQ(report->verdictText(), "Not valid");
    EXPECT_TRUE(verdictLabel().startsWith("Not valid")) << verdictLabel().toStdString();
    const QModelIndex sig = report->signatureIndex(0);
    EXPECT_EQ(sig.data(ReportModel::ValidRole), QVariant(false));
    const QModelIndex modified = report->findCode("MODIFIED_AFTER_SIGNING", sig);
    ASSERT_TRUE(modified.isValid());
    // In the panel the finding's sentence spans the row; selected, it shows with its code.
    auto* tree = child<QTreeView>(*page, "documentsReport");
    EXPECT_TRUE(tree->isFirstColumnSpanned(modified.row(), modified.parent()));
    EXPECT_FALSE(tree->isFirstColumnSpanned(sig.row(), {}));
    tree->setCurrentIndex(modified);
    EXPECT_TRUE(child<QLabel>(*page, "documentsReportDetail")->text().endsWith("[MODIFIED_AFTER_SIGNING]"));
    QModelIndex changes;
    for (int r = 0; r < report->rowCount(sig); ++r)
        if (report->index(r, 0, sig).data(ReportModel::GroupRole).toInt() ==
            static_cast<int>(ReportModel::Group::Changes))
            changes = report->index(r, 0, sig);
    ASSERT_TRUE(changes.isValid());
    ASSERT_GE(report->rowCount(changes), 1);
    EXPECT_EQ(report->index(0, 0, changes).data(ReportModel::AllowedRole), QVariant(false));
    EXPECT_TRUE(report->index(0, 0, changes).data().toString().startsWith("Disallowed: "));

    // A byte changed inside the signed range.
    const fs::path flipped = dir / "flipped.pdf";
    test::writeBytes(flipped, test::withFlippedByte(good));
    open(flipped);
    EXPECT_EQ(report->verdictText(), "Not valid");
    EXPECT_TRUE(report->findCode("CMS_DIGEST_MISMATCH").isValid());
}

TEST_F(DocumentsPageTest, RefusesToSignWithoutWhatItNeeds)
{
    EXPECT_FALSE(page->signTo(str(dir / "out.pdf"), {}));
    EXPECT_FALSE(page->statusText().isEmpty());
    open(input);
    EXPECT_FALSE(page->signTo(str(input), {})); // the original is never overwritten
    DocumentSignOptions visible;
    visible.visible = true;
    EXPECT_FALSE(page->signTo(str(dir / "out.pdf"), visible)); // no stamp drawn
    EXPECT_TRUE(page->pdfView()->placingStamp());
    refuseSigner = true;
    EXPECT_FALSE(page->signTo(str(dir / "out.pdf"), {}));
    EXPECT_EQ(signerRequests, 1);
    EXPECT_FALSE(fs::exists(dir / "out.pdf"));
    EXPECT_FALSE(page->openFile(str(dir / "missing.pdf")));
    EXPECT_EQ(page->currentFile(), str(input));
}

TEST_F(DocumentsPageTest, VerifiesAFolderInBulkWithProgressAndSaysWhichFilesAreValid)
{
    const fs::path folder = dir / "arsip";
    fx.sign(input, folder / "1-surat.pdf");
    fx.sign(input, folder / "2-surat.pdf");
    test::writeBytes(folder / "3-changed.pdf", test::withFlippedByte(test::readBytes(folder / "1-surat.pdf")));

    BulkVerifier* bulk = page->bulkVerifier();
    QSignalSpy progress(bulk, &BulkVerifier::progress);
    QSignalSpy finished(bulk, &BulkVerifier::finished);
    ASSERT_TRUE(page->verifyFolder(str(folder)));
    EXPECT_EQ(child<QTabWidget>(*page, "documentsTabs")->currentIndex(), 1);
    EXPECT_TRUE(child<QPushButton>(*page, "documentsBulkCancel")->isEnabled());
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_FALSE(child<QPushButton>(*page, "documentsBulkCancel")->isEnabled());

    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.last()[0].toInt(), 3);
    EXPECT_EQ(progress.last()[1].toInt(), 3);
    auto* bar = child<QProgressBar>(*page, "documentsBulkProgress");
    EXPECT_EQ(bar->value(), 3);
    EXPECT_EQ(bar->maximum(), 3);
    auto* table = child<QTableView>(*page, "documentsBulkTable");
    QAbstractItemModel* rows = table->model();
    ASSERT_EQ(rows->rowCount(), 3);
    EXPECT_EQ(rows->index(0, BulkVerifyModel::PathColumn).data().toString(), "1-surat.pdf");
    EXPECT_EQ(rows->index(0, BulkVerifyModel::VerdictColumn).data().toString(), "Valid");
    EXPECT_EQ(rows->index(1, BulkVerifyModel::VerdictColumn).data().toString(), "Valid");
    EXPECT_EQ(rows->index(2, BulkVerifyModel::PathColumn).data().toString(), "3-changed.pdf");
    EXPECT_EQ(rows->index(2, BulkVerifyModel::VerdictColumn).data().toString(), "Not valid");
    EXPECT_EQ(rows->index(2, 0).data(BulkVerifyModel::ProblemCodeRole).toString(), "CMS_DIGEST_MISMATCH");
    const QString summary = child<QLabel>(*page, "documentsBulkSummary")->text();
    EXPECT_TRUE(summary.contains("2 valid, 1 not valid (1 failed, 0 undecided), 0 unreadable"))
        << summary.toStdString();

    // Activating a row opens that file with its full report.
    QSignalSpy verified(page.get(), &DocumentsPage::fileVerified);
    emit table->activated(rows->index(2, 0));
    ASSERT_TRUE(verified.wait(kWaitMs));
    EXPECT_EQ(page->currentFile(), str(folder / "3-changed.pdf"));
    EXPECT_EQ(page->reportModel()->verdictText(), "Not valid");
}

TEST_F(DocumentsPageTest, DroppingAFolderVerifiesItAndDroppingAPdfOpensIt)
{
    const fs::path folder = dir / "drop";
    fx.sign(input, folder / "a.pdf");
    test::writeBytes(folder / "b.pdf", test::withContentReplaced(test::readBytes(folder / "a.pdf")));

    auto drop = [this](const fs::path& path) {
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(str(path))});
        QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(page.get(), &enter);
        EXPECT_TRUE(enter.isAccepted());
        QDropEvent dropped(QPointF(10, 10), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(page.get(), &dropped);
        EXPECT_TRUE(dropped.isAccepted());
    };

    QSignalSpy finished(page->bulkVerifier(), &BulkVerifier::finished);
    drop(folder);
    ASSERT_TRUE(finished.wait(kWaitMs));
    const auto summary = finished[0][0].value<BulkSummary>();
    EXPECT_EQ(summary.files, 2);
    EXPECT_EQ(summary.valid, 1);
    EXPECT_EQ(summary.notValid, 1);

    QSignalSpy verified(page.get(), &DocumentsPage::fileVerified);
    drop(folder / "a.pdf");
    ASSERT_TRUE(verified.wait(kWaitMs));
    EXPECT_EQ(page->currentFile(), str(folder / "a.pdf"));
    EXPECT_EQ(page->reportModel()->verdictText(), "Valid");

    // Something that is not a local file is refused.
    QMimeData web;
    web.setUrls({QUrl(QStringLiteral("https://example.invalid/x.pdf"))});
    QDragEnterEvent enter(QPoint(10, 10), Qt::CopyAction, &web, Qt::LeftButton, Qt::NoModifier);
    enter.setAccepted(false);
    QCoreApplication::sendEvent(page.get(), &enter);
    EXPECT_FALSE(enter.isAccepted());
}

// Intact and trusted, but verified without any CRL: the signer's revocation status is
// unknown, so the page says "Not valid (undecided)" in the warning colour, not the
// failure's, and the report names the indication and the anchor.
TEST(DocumentsPageVerdict, AnUndecidedFileIsShownAsUndecidedWithItsAnchor)
{
    test::SigningFixture fx;
    const fs::path dir = fx.pki.dir.path();
    test::writeBytes(dir / "surat.pdf", test::handWrittenPdf());
    fx.sign(dir / "surat.pdf", dir / "surat-signed.pdf");
    DocumentsPage page(fx.anchors(), {}, [](QWidget*) -> crypto::Signer* { return nullptr; });
    QSignalSpy verified(&page, &DocumentsPage::fileVerified);
    ASSERT_TRUE(page.openFile(str(dir / "surat-signed.pdf")));
    ASSERT_TRUE(verified.wait(kWaitMs));
    auto* label = child<QLabel>(page, "documentsVerdict");
    EXPECT_TRUE(label->text().startsWith("Not valid (undecided)")) << label->text().toStdString();
    EXPECT_EQ(label->styleSheet(), toneStyle(Tone::Warning));
    const QModelIndex sig = page.reportModel()->signatureIndex(0);
    EXPECT_EQ(sig.data(ReportModel::IndicationRole).toString(), "INDETERMINATE");
    EXPECT_EQ(sig.data(ReportModel::SubIndicationRole).toString(), "TRY_LATER");
}
