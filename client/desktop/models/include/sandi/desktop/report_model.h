// SPDX-License-Identifier: GPL-3.0-or-later
// One file's verification (client::FileReport) as a tree that reads like the auditor's
// report `sandi verify` prints (docs/auditor-guide.md):
//
//   File                                   Not valid / Unreadable   (only with a file problem)
//     a problem of the file                CODE
//   Signature Signature1                   Valid / Not valid (undecided) / Not valid
//     Indication                           INDETERMINATE / TRY_LATER  (one row per signature
//     Signer                               CN=…                         and document time-stamp)
//     Trust anchor                         CN=… (the root the chain ended at) / (none reached)
//     Certificate issuer, serial number, validity, NIP   (from the signer's certificate)
//     Signing time (claimed)               2026-11-28T05:04:20Z
//     Time-stamp (proven)                  …
//     Covers the whole document            Yes / No
//     Modifications after signing          None / Allowed / Disallowed
//     Revoked after signing                DATE (reason)
//     Problems                             n
//       why it is not valid                CODE
//     Changes after signing                n
//       Disallowed: what changed           CODE
//     Remarks                              n
//       a note that does not invalidate it CODE
//
// The verdicts follow ETSI EN 319 102-1's indication as `sandi verify` labels it:
// TOTAL-PASSED is valid, INDETERMINATE "not valid (undecided)" (more evidence, a fresh CRL
// or a trust anchor, may still decide it), TOTAL-FAILED not valid.
//
// Programs (and tests) bind to the roles, never to the text: ValidRole, CodeRole (the
// finding's stable code), RowKindRole, GroupRole, AllowedRole, IndicationRole and
// SubIndicationRole (the standard's codes, never translated). The findings' texts come
// from the verifier in English; the labels around them are translated.
#pragma once

#include "sandi/client/documents.h"
#include "sandi/desktop/theme.h"

#include <QAbstractItemModel>

#include <memory>
#include <optional>

namespace sandi::desktop {

struct ReportNode;

// The code shown for a file that could not be read (not one of the verifier's finding
// codes: the file never reached it); the row's text is the error message.
inline constexpr std::string_view kUnreadableCode = "UNREADABLE";

class ReportModel final : public QAbstractItemModel {
    Q_OBJECT
  public:
    enum Column { TitleColumn = 0, DetailColumn = 1 };
    static constexpr int kColumnCount = 2;

    enum Role {
        ValidRole = Qt::UserRole + 1, // bool: a file or signature row's verdict; a finding's
                                      // (problem false, remark true, change: allowed); none on facts
        CodeRole,                     // QString: a finding's code (UPPER_SNAKE_CASE)
        RowKindRole,                  // int: RowKind
        GroupRole,                    // int: Group (a group row and its findings)
        AllowedRole,                  // bool: a change after signing that the permission allows
        SignatureRole,                // int: the signature's index in the report (its rows and below)
        IndicationRole,               // QString: "TOTAL-PASSED", "INDETERMINATE" or "TOTAL-FAILED" on
                                      // the file row, a signature's row and its Indication fact
        SubIndicationRole,            // QString: the sub-indication ("TRY_LATER", ...; "" for TOTAL-PASSED)
    };
    enum class RowKind { File, Signature, Fact, Group, Finding };
    enum class Group { None, Problems, Changes, Remarks };

    explicit ReportModel(QObject* parent = nullptr);
    ~ReportModel() override;

    void setReport(client::FileReport report);
    void clear();

    [[nodiscard]] bool hasReport() const noexcept { return m_report.has_value(); }
    [[nodiscard]] const std::optional<client::FileReport>& report() const noexcept { return m_report; }
    // The file's verdict, as the CLI's first line: "Valid", "Not valid (undecided)", "Not
    // valid" by the file's indication, or "Unreadable" ("" without a report).
    [[nodiscard]] QString verdictText() const;
    // The top-level row of the report's `signature`-th signature (invalid when there is none).
    [[nodiscard]] QModelIndex signatureIndex(int signature) const;
    // The first row below `parent` (recursively) whose CodeRole is `code`, or an invalid index.
    [[nodiscard]] QModelIndex findCode(const QString& code, const QModelIndex& parent = {}) const;

    [[nodiscard]] QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    [[nodiscard]] QModelIndex parent(const QModelIndex& child) const override;
    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;
    [[nodiscard]] QHash<int, QByteArray> roleNames() const override;

  private:
    [[nodiscard]] ReportNode* node(const QModelIndex& index) const;
    void build();

    std::optional<client::FileReport> m_report;
    std::unique_ptr<ReportNode> m_root;
};

// The verdict for an indication, translated: "Valid" (TOTAL-PASSED), "Not valid
// (undecided)" (INDETERMINATE), "Not valid" (TOTAL-FAILED), as `sandi verify` labels them.
QString indicationVerdictText(crypto::Indication indication);
// The indication and its sub-indication as codes, never translated: "TOTAL-PASSED",
// "INDETERMINATE / TRY_LATER".
QString indicationCodeText(crypto::Indication indication, const std::string& subIndication);
// The colour of a verdict: Ok, Warning (undecided), Danger.
Tone indicationTone(crypto::Indication indication);

// A signature's kind for people ("signature", "certification (P=2)", "document time-stamp",
// "detached CMS" from the verifier), translated.
QString signatureKindText(const std::string& kind);

} // namespace sandi::desktop
