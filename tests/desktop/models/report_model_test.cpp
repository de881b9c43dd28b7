// SPDX-License-Identifier: GPL-3.0-or-later
// ReportModel: one file's verification as the auditor's tree, checked by
// QAbstractItemModelTester; a report built by hand with every kind of row, and real
// reports of a PDF signed with the test PKI, intact and changed after signing.
#include "../support/qt_print.h"
#include "../support/signed_pdfs.h"

#include "sandi/desktop/report_model.h"

#include <QAbstractItemModelTester>
#include <QBrush>

#include <gtest/gtest.h>

using namespace sandi;
using namespace sandi::desktop;
using Kind = ReportModel::RowKind;
using Group = ReportModel::Group;

namespace {

Kind kindOf(const QModelIndex& i)
{
    return static_cast<Kind>(i.data(ReportModel::RowKindRole).toInt());
}

// The child of `parent` whose title is `title`.
QModelIndex childTitled(const ReportModel& m, const QModelIndex& parent, const QString& title)
{
    for (int r = 0; r < m.rowCount(parent); ++r)
        if (m.index(r, 0, parent).data().toString() == title) return m.index(r, 0, parent);
    return {};
}

QString detailOf(const ReportModel& m, const QModelIndex& row)
{
    return m.index(row.row(), ReportModel::DetailColumn, row.parent()).data().toString();
}

client::FileReport handMadeReport()
{
    client::FileReport f;
    f.path = "/tmp/surat.pdf";
    f.problems.push_back({"DATA_AFTER_LAST_EOF", "data after the last %%EOF"});

    crypto::SignatureReport good;
    good.field = "Signature1";
    good.kind = "signature";
    good.subFilter = "ETSI.CAdES.detached";
    good.valid = true;
    good.indication = crypto::Indication::TotalPassed;
    good.anchor = "CN=Root CA Kota Baubau";
    good.signer = "CN=Wa Ode Sitti";
    good.signingTime = crypto::timePointFromUnixSeconds(1'790'000'000);
    good.coversWholeDocument = false;
    good.modifications = crypto::Modifications::Allowed;
    good.changes.push_back({"DOC_TIMESTAMP_ADDED", "a document time-stamp was added", true});
    good.remark("CMS_NO_SIGNING_CERTIFICATE_ATTRIBUTE", "no signing-certificate attribute");
    good.revokedLater = crypto::RevocationDetails{crypto::timePointFromUnixSeconds(1'795'000'000),
                                                  crypto::RevocationReason::KeyCompromise};
    f.signatures.push_back(good);

    crypto::SignatureReport bad;
    bad.field = "Signature2";
    bad.kind = "certification (P=2)";
    bad.valid = false;
    bad.indication = crypto::Indication::TotalFailed;
    bad.subIndication = "HASH_FAILURE";
    bad.signer = "CN=La Ode Budi";
    bad.timestamp = crypto::timePointFromUnixSeconds(1'791'000'000);
    bad.modifications = crypto::Modifications::Disallowed;
    bad.changes.push_back({"PAGE_CHANGED", "page 1 was changed", false});
    bad.problem("MODIFIED_AFTER_SIGNING", "the document was changed after signing");
    bad.problem("SIGNER_CHAIN_EXPIRED", "the signer's certificate expired");
    f.signatures.push_back(bad);

    crypto::SignatureReport stamp;
    stamp.field = "DocTimeStamp1";
    stamp.kind = "document time-stamp";
    stamp.valid = true;
    stamp.indication = crypto::Indication::TotalPassed;
    stamp.signer = "CN=Test TSA";
    stamp.coversWholeDocument = true;
    f.signatures.push_back(stamp);
    return f;
}

} // namespace

TEST(ReportModel, EveryFactAndFindingOfAReportHasItsRow)
{
    ReportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_EQ(model.verdictText(), QString());
    model.setReport(handMadeReport());

    EXPECT_EQ(model.verdictText(), "Not valid");
    ASSERT_EQ(model.rowCount(), 4); // the file's problem, two signatures, a document time-stamp

    const QModelIndex file = model.index(0, 0);
    EXPECT_EQ(kindOf(file), Kind::File);
    EXPECT_EQ(file.data(ReportModel::ValidRole), QVariant(false));
    EXPECT_EQ(file.data(ReportModel::IndicationRole).toString(), "TOTAL-FAILED"); // the worst: Signature2's
    EXPECT_EQ(detailOf(model, file), "Not valid");
    ASSERT_EQ(model.rowCount(file), 1);
    EXPECT_EQ(model.index(0, 0, file).data(ReportModel::CodeRole).toString(), "DATA_AFTER_LAST_EOF");

    const QModelIndex good = model.signatureIndex(0);
    ASSERT_TRUE(good.isValid());
    EXPECT_EQ(good.row(), 1);
    EXPECT_EQ(good.data().toString(), "Signature Signature1");
    EXPECT_EQ(detailOf(model, good), "Valid");
    EXPECT_EQ(good.data(ReportModel::ValidRole), QVariant(true));
    EXPECT_EQ(good.data(ReportModel::IndicationRole).toString(), "TOTAL-PASSED");
    EXPECT_EQ(good.data(ReportModel::SubIndicationRole).toString(), "");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Indication")), "TOTAL-PASSED");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Trust anchor")), "CN=Root CA Kota Baubau");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Signer")), "CN=Wa Ode Sitti");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Signing time (claimed)")), "2026-09-21T14:13:20Z");
    EXPECT_FALSE(childTitled(model, good, "Time-stamp (proven)").isValid()); // it has none
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Sub-filter")), "ETSI.CAdES.detached");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Covers the whole document")), "No");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Modifications after signing")), "Allowed");
    EXPECT_EQ(detailOf(model, childTitled(model, good, "Revoked after signing")),
              "2026-11-18T11:06:40Z (keyCompromise)");
    EXPECT_FALSE(childTitled(model, good, "Problems").isValid());
    const QModelIndex changes = childTitled(model, good, "Changes after signing");
    ASSERT_TRUE(changes.isValid());
    EXPECT_EQ(kindOf(changes), Kind::Group);
    EXPECT_EQ(changes.data(ReportModel::GroupRole).toInt(), static_cast<int>(Group::Changes));
    ASSERT_EQ(model.rowCount(changes), 1);
    const QModelIndex allowed = model.index(0, 0, changes);
    EXPECT_EQ(allowed.data().toString(), "Allowed: a document time-stamp was added");
    EXPECT_EQ(allowed.data(ReportModel::AllowedRole), QVariant(true));
    EXPECT_EQ(allowed.data(ReportModel::SignatureRole), QVariant(0));
    const QModelIndex remarks = childTitled(model, good, "Remarks");
    ASSERT_EQ(model.rowCount(remarks), 1);
    EXPECT_EQ(model.index(0, 0, remarks).data(ReportModel::CodeRole).toString(),
              "CMS_NO_SIGNING_CERTIFICATE_ATTRIBUTE");
    EXPECT_EQ(model.index(0, 0, remarks).data(ReportModel::ValidRole), QVariant(true));

    const QModelIndex bad = model.signatureIndex(1);
    EXPECT_EQ(bad.data().toString(), "Certification signature (P=2) Signature2");
    EXPECT_EQ(detailOf(model, bad), "Not valid");
    EXPECT_EQ(bad.data(ReportModel::ValidRole), QVariant(false));
    EXPECT_EQ(bad.data(ReportModel::IndicationRole).toString(), "TOTAL-FAILED");
    EXPECT_EQ(bad.data(ReportModel::SubIndicationRole).toString(), "HASH_FAILURE");
    EXPECT_EQ(detailOf(model, childTitled(model, bad, "Indication")), "TOTAL-FAILED / HASH_FAILURE");
    EXPECT_EQ(detailOf(model, childTitled(model, bad, "Trust anchor")), "(none reached)");
    EXPECT_EQ(detailOf(model, childTitled(model, bad, "Time-stamp (proven)")), "2026-10-03T04:00:00Z");
    EXPECT_EQ(detailOf(model, childTitled(model, bad, "Modifications after signing")), "Disallowed");
    const QModelIndex problems = childTitled(model, bad, "Problems");
    ASSERT_EQ(model.rowCount(problems), 2);
    EXPECT_EQ(detailOf(model, problems), "2");
    const QModelIndex modified = model.findCode("MODIFIED_AFTER_SIGNING");
    ASSERT_TRUE(modified.isValid());
    EXPECT_EQ(modified.parent(), problems);
    EXPECT_EQ(modified.data().toString(), "the document was changed after signing");
    EXPECT_EQ(modified.data(ReportModel::ValidRole), QVariant(false));
    EXPECT_EQ(modified.data(ReportModel::SignatureRole), QVariant(1));
    EXPECT_EQ(modified.data(Qt::AccessibleTextRole).toString(),
              "the document was changed after signing [MODIFIED_AFTER_SIGNING]");
    EXPECT_EQ(modified.data(Qt::ToolTipRole).toString(),
              "<p>the document was changed after signing [MODIFIED_AFTER_SIGNING]</p>");
    const QModelIndex page = model.findCode("PAGE_CHANGED", bad);
    ASSERT_TRUE(page.isValid());
    EXPECT_EQ(page.data().toString(), "Disallowed: page 1 was changed");
    EXPECT_EQ(page.data(ReportModel::AllowedRole), QVariant(false));
    EXPECT_EQ(page.parent().data(ReportModel::ValidRole), QVariant(false)); // the group holds a disallowed change

    const QModelIndex stamp = model.signatureIndex(2);
    EXPECT_EQ(stamp.data().toString(), "Document time-stamp DocTimeStamp1");
    EXPECT_EQ(detailOf(model, childTitled(model, stamp, "Time-stamp authority")), "CN=Test TSA");

    EXPECT_FALSE(model.signatureIndex(3).isValid());
    EXPECT_FALSE(model.findCode("NO_SUCH_CODE").isValid());

    model.clear();
    EXPECT_EQ(model.rowCount(), 0);
    EXPECT_FALSE(model.hasReport());
}

TEST(ReportModel, AnUnreadableFileSaysWhy)
{
    ReportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    client::FileReport f;
    f.path = "/nonexistent.pdf";
    f.error = Error{ErrorCode::Io, "cannot open /nonexistent.pdf"};
    model.setReport(f);
    EXPECT_EQ(model.verdictText(), "Unreadable");
    ASSERT_EQ(model.rowCount(), 1);
    EXPECT_EQ(model.index(0, ReportModel::DetailColumn).data().toString(), "Unreadable");
    ASSERT_EQ(model.rowCount(model.index(0, 0)), 1);
    EXPECT_EQ(model.index(0, 0, model.index(0, 0)).data().toString(), "cannot open /nonexistent.pdf");
}

TEST(ReportModel, ShowsASignedPdfValidAndTheSameFileChangedAfterSigningNotValid)
{
    test::SigningFixture fx;
    const auto dir = fx.pki.dir.path();
    test::writeBytes(dir / "surat.pdf", test::handWrittenPdf());
    fx.sign(dir / "surat.pdf", dir / "surat-signed.pdf");

    ReportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);
    model.setReport(fx.verify(dir / "surat-signed.pdf"));
    EXPECT_EQ(model.verdictText(), "Valid");
    ASSERT_EQ(model.rowCount(), 1);
    const QModelIndex sig = model.signatureIndex(0);
    EXPECT_EQ(sig.data(ReportModel::ValidRole), QVariant(true));
    EXPECT_TRUE(detailOf(model, childTitled(model, sig, "Signer")).contains("Wa Ode Sitti"));
    EXPECT_TRUE(detailOf(model, childTitled(model, sig, "Certificate issuer")).contains("Kota Baubau"));
    EXPECT_FALSE(detailOf(model, childTitled(model, sig, "Certificate serial number")).isEmpty());
    EXPECT_TRUE(detailOf(model, childTitled(model, sig, "Certificate validity")).contains(" to "));
    EXPECT_EQ(detailOf(model, childTitled(model, sig, "Covers the whole document")), "Yes");
    EXPECT_EQ(detailOf(model, childTitled(model, sig, "Modifications after signing")), "None");
    EXPECT_FALSE(childTitled(model, sig, "Problems").isValid());

    const auto good = test::readBytes(dir / "surat-signed.pdf");
    test::writeBytes(dir / "changed.pdf", test::withContentReplaced(good));
    model.setReport(fx.verify(dir / "changed.pdf"));
    EXPECT_EQ(model.verdictText(), "Not valid");
    const QModelIndex changed = model.signatureIndex(0);
    EXPECT_EQ(changed.data(ReportModel::ValidRole), QVariant(false));
    EXPECT_EQ(detailOf(model, childTitled(model, changed, "Modifications after signing")), "Disallowed");
    EXPECT_TRUE(model.findCode("MODIFIED_AFTER_SIGNING", changed).isValid());
    const QModelIndex changes = childTitled(model, changed, "Changes after signing");
    ASSERT_TRUE(changes.isValid());
    ASSERT_GE(model.rowCount(changes), 1);
    EXPECT_EQ(model.index(0, 0, changes).data(ReportModel::AllowedRole), QVariant(false));

    test::writeBytes(dir / "flipped.pdf", test::withFlippedByte(good));
    model.setReport(fx.verify(dir / "flipped.pdf"));
    EXPECT_EQ(model.verdictText(), "Not valid");
    EXPECT_EQ(model.signatureIndex(0).data(ReportModel::ValidRole), QVariant(false));
    EXPECT_TRUE(model.findCode("CMS_DIGEST_MISMATCH").isValid());
}

namespace {

// The Indication fact of a signature row: its text and its roles agree with the row's.
void expectIndication(const ReportModel& m, const QModelIndex& sig, const QString& indication, const QString& sub)
{
    EXPECT_EQ(sig.data(ReportModel::IndicationRole).toString(), indication);
    EXPECT_EQ(sig.data(ReportModel::SubIndicationRole).toString(), sub);
    const QModelIndex fact = childTitled(m, sig, "Indication");
    ASSERT_TRUE(fact.isValid());
    EXPECT_EQ(kindOf(fact), Kind::Fact);
    EXPECT_EQ(detailOf(m, fact), sub.isEmpty() ? indication : indication + " / " + sub);
    EXPECT_EQ(fact.data(ReportModel::IndicationRole).toString(), indication);
    EXPECT_EQ(fact.data(ReportModel::SubIndicationRole).toString(), sub);
}

} // namespace

// The three ETSI verdicts of real reports: intact and trusted with revocation evidence
// (TOTAL-PASSED), the same file without any CRL (intact and trusted, revocation unknown:
// INDETERMINATE / TRY_LATER, "undecided", not a broken signature), and a byte changed
// inside the signed range (TOTAL-FAILED / HASH_FAILURE); each names the anchor its chain
// ended at, the test PKI's root.
TEST(ReportModel, VerdictsFollowTheEtsiIndicationAndNameTheTrustAnchor)
{
    test::SigningFixture fx;
    const auto dir = fx.pki.dir.path();
    test::writeBytes(dir / "surat.pdf", test::handWrittenPdf());
    fx.sign(dir / "surat.pdf", dir / "surat-signed.pdf");
    const QString root = QString::fromStdString(fx.anchors().front().subject());
    ASSERT_FALSE(root.isEmpty());

    ReportModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::Fatal);

    model.setReport(fx.verify(dir / "surat-signed.pdf"));
    EXPECT_EQ(model.verdictText(), "Valid");
    QModelIndex sig = model.signatureIndex(0);
    EXPECT_EQ(detailOf(model, sig), "Valid");
    EXPECT_EQ(sig.data(ReportModel::ValidRole), QVariant(true));
    expectIndication(model, sig, "TOTAL-PASSED", "");
    EXPECT_EQ(detailOf(model, childTitled(model, sig, "Trust anchor")), root);

    model.setReport(fx.verify(dir / "surat-signed.pdf", /*withCrls=*/false));
    EXPECT_EQ(model.verdictText(), "Not valid (undecided)");
    sig = model.signatureIndex(0);
    EXPECT_EQ(detailOf(model, sig), "Not valid (undecided)");
    EXPECT_EQ(sig.data(ReportModel::ValidRole), QVariant(false));
    expectIndication(model, sig, "INDETERMINATE", "TRY_LATER");
    EXPECT_EQ(detailOf(model, childTitled(model, sig, "Trust anchor")), root);
    EXPECT_EQ(model.index(sig.row(), ReportModel::DetailColumn).data(Qt::ForegroundRole).value<QBrush>().color(),
              toneColour(Tone::Warning));

    test::writeBytes(dir / "flipped.pdf", test::withFlippedByte(test::readBytes(dir / "surat-signed.pdf")));
    model.setReport(fx.verify(dir / "flipped.pdf"));
    EXPECT_EQ(model.verdictText(), "Not valid");
    sig = model.signatureIndex(0);
    EXPECT_EQ(detailOf(model, sig), "Not valid");
    expectIndication(model, sig, "TOTAL-FAILED", "HASH_FAILURE");
    EXPECT_EQ(model.index(sig.row(), ReportModel::DetailColumn).data(Qt::ForegroundRole).value<QBrush>().color(),
              toneColour(Tone::Danger));
}

// No chain to any configured anchor: INDETERMINATE / NO_CERTIFICATE_CHAIN_FOUND, and the
// anchor row says none was reached.
TEST(ReportModel, WithoutATrustAnchorTheAnchorRowSaysNoneWasReached)
{
    test::SigningFixture fx;
    const auto dir = fx.pki.dir.path();
    test::writeBytes(dir / "surat.pdf", test::handWrittenPdf());
    fx.sign(dir / "surat.pdf", dir / "surat-signed.pdf");
    crypto::VerifyOptions o;
    o.crls = fx.crls();
    o.now = std::chrono::system_clock::now();
    ReportModel model;
    model.setReport(client::verifyFile((dir / "surat-signed.pdf").string(), o));
    const QModelIndex sig = model.signatureIndex(0);
    EXPECT_EQ(detailOf(model, sig), "Not valid (undecided)");
    expectIndication(model, sig, "INDETERMINATE", "NO_CERTIFICATE_CHAIN_FOUND");
    EXPECT_EQ(detailOf(model, childTitled(model, sig, "Trust anchor")), "(none reached)");
}
