// SPDX-License-Identifier: GPL-3.0-or-later
// BulkVerifyModel and BulkVerifier: a folder verified on a thread of its own, rows listed
// when the folder has been searched and filled in as files are verified, progress to the
// end, cancel; the model checked by QAbstractItemModelTester throughout.
#include "../support/qt_print.h"
#include "../support/signed_pdfs.h"

#include "sandi/desktop/bulk_verify_model.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QThread>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;
using Verdict = BulkVerifyModel::Verdict;
namespace fs = std::filesystem;

namespace {

constexpr int kWaitMs = 60'000;

int rowOf(const BulkVerifyModel& m, const QString& fileName)
{
    for (int r = 0; r < m.rowCount(); ++r)
        if (m.index(r, 0).data(BulkVerifyModel::PathRole).toString().endsWith(u'/' + fileName)) return r;
    return -1;
}

// A folder with two signed PDFs (one in a subfolder), one changed after signing, and a
// file that is neither a PDF nor a .p7s (not verified).
struct Folder {
    test::SigningFixture fx;
    fs::path root = fx.pki.dir.path() / "arsip";
    Folder()
    {
        const auto work = fx.pki.dir.path();
        test::writeBytes(work / "surat.pdf", test::handWrittenPdf());
        fx.sign(work / "surat.pdf", root / "a-surat.pdf");
        fx.sign(work / "surat.pdf", root / "sub" / "b-surat.pdf");
        test::writeBytes(root / "c-changed.pdf", test::withFlippedByte(test::readBytes(root / "a-surat.pdf")));
        test::writeBytes(root / "notes.txt", std::vector<std::byte>(4, std::byte{'x'}));
    }
};

} // namespace

TEST(BulkVerifyModel, RowsArePendingUntilTheirReportArrives)
{
    BulkVerifyModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFiles({"/a/x.pdf", "/a/y/z.pdf", "/a/u.pdf"}, "/a");
    ASSERT_EQ(model.rowCount(), 3);
    EXPECT_EQ(model.columnCount(), BulkVerifyModel::kColumnCount);
    EXPECT_EQ(model.index(1, BulkVerifyModel::PathColumn).data().toString(), "y/z.pdf");
    EXPECT_EQ(model.index(1, 0).data(BulkVerifyModel::PathRole).toString(), "/a/y/z.pdf");
    EXPECT_EQ(model.verdict(0), Verdict::Pending);
    EXPECT_FALSE(model.index(0, 0).data(BulkVerifyModel::ValidRole).isValid());
    EXPECT_EQ(model.report(0), nullptr);

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    client::FileReport bad;
    bad.path = "/a/y/z.pdf";
    bad.problems.push_back({"NO_SIGNATURES", "the file has no signature"});
    model.setResult(1, bad);
    EXPECT_EQ(changed.count(), 1);
    EXPECT_EQ(model.verdict(1), Verdict::NotValid);
    EXPECT_EQ(model.index(1, BulkVerifyModel::VerdictColumn).data().toString(), "Not valid");
    EXPECT_EQ(model.index(1, BulkVerifyModel::SignaturesColumn).data().toInt(), 0);
    EXPECT_EQ(model.index(1, BulkVerifyModel::ProblemColumn).data().toString(), "the file has no signature");
    EXPECT_EQ(model.index(1, 0).data(BulkVerifyModel::ProblemCodeRole).toString(), "NO_SIGNATURES");

    client::FileReport unreadable;
    unreadable.error = Error{ErrorCode::Io, "cannot open"};
    model.setResult(2, unreadable);
    EXPECT_EQ(model.verdict(2), Verdict::Unreadable);
    EXPECT_EQ(model.index(2, 0).data(BulkVerifyModel::ProblemCodeRole).toString(), "UNREADABLE");
    model.setResult(7, unreadable); // no such row: ignored

    const BulkSummary s = model.summary();
    EXPECT_EQ(s.files, 3);
    EXPECT_EQ(s.verified, 2);
    EXPECT_EQ(s.notValid, 1);
    EXPECT_EQ(s.unreadable, 1);
    EXPECT_EQ(s.valid, 0);
}

TEST(BulkVerifier, VerifiesAFolderOffTheGuiThreadAndSaysWhichFilesAreValid)
{
    Folder folder;
    BulkVerifier verifier(folder.fx.anchors(), folder.fx.crls());
    verifier.setJobs(2);
    QAbstractItemModelTester tester(verifier.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy started(&verifier, &BulkVerifier::started);
    QSignalSpy progress(&verifier, &BulkVerifier::progress);
    QSignalSpy verified(&verifier, &BulkVerifier::fileVerified);
    QSignalSpy finished(&verifier, &BulkVerifier::finished);
    const QString root = QString::fromStdString(folder.root.string());

    ASSERT_TRUE(verifier.start({root}, root));
    EXPECT_TRUE(verifier.running());
    EXPECT_FALSE(verifier.start({root})); // one run at a time
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_FALSE(verifier.running());

    ASSERT_EQ(started.count(), 1);
    EXPECT_EQ(started[0][0].toInt(), 3);
    EXPECT_EQ(verified.count(), 3);
    ASSERT_FALSE(progress.isEmpty());
    EXPECT_EQ(progress.first()[0].toInt(), 0);
    EXPECT_EQ(progress.last()[0].toInt(), 3);
    EXPECT_EQ(progress.last()[1].toInt(), 3);
    for (qsizetype i = 1; i < progress.count(); ++i)
        EXPECT_EQ(progress[i][0].toInt(), progress[i - 1][0].toInt() + 1);

    const BulkVerifyModel& m = *verifier.model();
    ASSERT_EQ(m.rowCount(), 3);
    const int a = rowOf(m, "a-surat.pdf");
    const int b = rowOf(m, "b-surat.pdf");
    const int c = rowOf(m, "c-changed.pdf");
    ASSERT_GE(a, 0);
    ASSERT_GE(b, 0);
    ASSERT_GE(c, 0);
    EXPECT_EQ(m.index(b, BulkVerifyModel::PathColumn).data().toString(), "sub/b-surat.pdf");
    EXPECT_EQ(m.verdict(a), Verdict::Valid);
    EXPECT_EQ(m.verdict(b), Verdict::Valid);
    EXPECT_EQ(m.verdict(c), Verdict::NotValid);
    EXPECT_EQ(m.index(a, BulkVerifyModel::VerdictColumn).data().toString(), "Valid");
    EXPECT_EQ(m.index(c, BulkVerifyModel::VerdictColumn).data().toString(), "Not valid");
    EXPECT_EQ(m.index(a, BulkVerifyModel::SignaturesColumn).data().toInt(), 1);
    EXPECT_EQ(m.index(a, BulkVerifyModel::ProblemColumn).data().toString(), "");
    EXPECT_EQ(m.index(c, 0).data(BulkVerifyModel::ProblemCodeRole).toString(), "CMS_DIGEST_MISMATCH");
    EXPECT_FALSE(m.index(c, BulkVerifyModel::ProblemColumn).data().toString().isEmpty());
    ASSERT_NE(m.report(c), nullptr);
    EXPECT_FALSE(m.report(c)->valid());

    ASSERT_EQ(finished.count(), 1);
    const auto summary = finished[0][0].value<BulkSummary>();
    EXPECT_EQ(summary.files, 3);
    EXPECT_EQ(summary.verified, 3);
    EXPECT_EQ(summary.valid, 2);
    EXPECT_EQ(summary.notValid, 1);
    EXPECT_EQ(summary.failed, 1);
    EXPECT_EQ(summary.indeterminate, 0);
    EXPECT_EQ(summary.signatures, 3);
    EXPECT_FALSE(summary.cancelled);

    // A second run on the same verifier starts from an empty table.
    ASSERT_TRUE(verifier.start({QString::fromStdString((folder.root / "a-surat.pdf").string())}));
    ASSERT_TRUE(finished.wait(kWaitMs));
    EXPECT_EQ(m.rowCount(), 1);
    EXPECT_EQ(m.verdict(0), Verdict::Valid);
}

TEST(BulkVerifier, ACancelledRunStopsAfterItsBatchAndLeavesTheRestPending)
{
    test::SigningFixture fx;
    const auto work = fx.pki.dir.path();
    test::writeBytes(work / "surat.pdf", test::handWrittenPdf());
    fx.sign(work / "surat.pdf", work / "signed.pdf");
    const auto signedBytes = test::readBytes(work / "signed.pdf");
    constexpr int kFiles = 5 * static_cast<int>(kBulkBatchFilesPerJob);
    for (int i = 0; i < kFiles; ++i)
        test::writeBytes(work / "many" / ("f" + std::to_string(i) + ".pdf"), signedBytes);

    BulkVerifier verifier(fx.anchors(), fx.crls());
    verifier.setJobs(1);
    QAbstractItemModelTester tester(verifier.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy finished(&verifier, &BulkVerifier::finished);
    ASSERT_TRUE(verifier.start({QString::fromStdString((work / "many").string())}));
    verifier.cancel();
    ASSERT_TRUE(finished.wait(kWaitMs));
    const auto summary = finished[0][0].value<BulkSummary>();
    EXPECT_TRUE(summary.cancelled);
    EXPECT_EQ(summary.files, kFiles);
    EXPECT_LE(summary.verified, static_cast<int>(kBulkBatchFilesPerJob)); // at most the batch it was in
    EXPECT_EQ(summary.valid, summary.verified);
    EXPECT_EQ(verifier.model()->verdict(kFiles - 1), Verdict::Pending);
}

TEST(BulkVerifier, DestroyingARunningVerifierWaitsForItsThread)
{
    Folder folder;
    auto verifier = std::make_unique<BulkVerifier>(folder.fx.anchors(), folder.fx.crls());
    ASSERT_TRUE(verifier->start({QString::fromStdString(folder.root.string())}));
    verifier.reset(); // joins; the events it had queued are dropped with it
    QCoreApplication::processEvents();
    SUCCEED();
}

// The table tells an undecided file (INDETERMINATE: intact and trusted, but without any
// CRL its signer's revocation status is unknown) from a failed one (TOTAL-FAILED: a byte
// changed inside the signed range), in the verdict, the roles and the summary.
TEST(BulkVerifier, TellsUndecidedFilesFromFailedOnes)
{
    Folder folder;
    BulkVerifier verifier(folder.fx.anchors(), {}); // no revocation evidence
    QAbstractItemModelTester tester(verifier.model(), QAbstractItemModelTester::FailureReportingMode::Fatal);
    QSignalSpy finished(&verifier, &BulkVerifier::finished);
    const QString root = QString::fromStdString(folder.root.string());
    ASSERT_TRUE(verifier.start({root}, root));
    ASSERT_TRUE(finished.wait(kWaitMs));

    const BulkVerifyModel& m = *verifier.model();
    ASSERT_EQ(m.rowCount(), 3);
    const int a = rowOf(m, "a-surat.pdf");
    const int c = rowOf(m, "c-changed.pdf");
    ASSERT_GE(a, 0);
    ASSERT_GE(c, 0);
    EXPECT_EQ(m.verdict(a), Verdict::Undecided);
    EXPECT_EQ(m.index(a, 0).data(BulkVerifyModel::VerdictRole).toInt(), static_cast<int>(Verdict::Undecided));
    EXPECT_EQ(m.index(a, BulkVerifyModel::VerdictColumn).data().toString(), "Not valid (undecided)");
    EXPECT_EQ(m.index(a, 0).data(BulkVerifyModel::ValidRole), QVariant(false));
    EXPECT_EQ(m.index(a, 0).data(BulkVerifyModel::IndicationRole).toString(), "INDETERMINATE");
    EXPECT_EQ(m.index(a, 0).data(BulkVerifyModel::SubIndicationRole).toString(), "TRY_LATER");
    EXPECT_EQ(m.verdict(c), Verdict::NotValid);
    EXPECT_EQ(m.index(c, BulkVerifyModel::VerdictColumn).data().toString(), "Not valid");
    EXPECT_EQ(m.index(c, 0).data(BulkVerifyModel::IndicationRole).toString(), "TOTAL-FAILED");
    EXPECT_EQ(m.index(c, 0).data(BulkVerifyModel::SubIndicationRole).toString(), "HASH_FAILURE");

    const auto summary = finished[0][0].value<BulkSummary>();
    EXPECT_EQ(summary.valid, 0);
    EXPECT_EQ(summary.notValid, 3);
    EXPECT_EQ(summary.failed, 1);
    EXPECT_EQ(summary.indeterminate, 2);
}

TEST(BulkVerifyModel, APassedFileHasItsIndicationAndAPendingOneNone)
{
    test::SigningFixture fx;
    const auto dir = fx.pki.dir.path();
    test::writeBytes(dir / "surat.pdf", test::handWrittenPdf());
    fx.sign(dir / "surat.pdf", dir / "surat-signed.pdf");
    BulkVerifyModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setFiles({"/x/a.pdf", "/x/b.pdf"}, "/x");
    model.setResult(0, fx.verify(dir / "surat-signed.pdf"));
    EXPECT_EQ(model.verdict(0), Verdict::Valid);
    EXPECT_EQ(model.index(0, BulkVerifyModel::VerdictColumn).data().toString(), "Valid");
    EXPECT_EQ(model.index(0, 0).data(BulkVerifyModel::IndicationRole).toString(), "TOTAL-PASSED");
    EXPECT_EQ(model.index(0, 0).data(BulkVerifyModel::SubIndicationRole).toString(), "");
    EXPECT_FALSE(model.index(1, 0).data(BulkVerifyModel::IndicationRole).isValid());
    const BulkSummary s = model.summary();
    EXPECT_EQ(s.valid, 1);
    EXPECT_EQ(s.failed, 0);
    EXPECT_EQ(s.indeterminate, 0);
}
