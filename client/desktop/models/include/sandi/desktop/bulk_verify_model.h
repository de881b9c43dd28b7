// SPDX-License-Identifier: GPL-3.0-or-later
// Verifying a folder (an auditor's thousands of PDFs and .p7s files) from the desktop:
// BulkVerifier runs client::verifyDocuments on a thread of its own, never on the GUI
// thread, and hands every file's verdict to the GUI thread as it comes; BulkVerifyModel is
// the table a view shows (one row per file: path, verdict, signatures, first problem; the
// verdict by the file's ETSI indication: valid, not valid (undecided), not valid),
// its rows listed as soon as the folder has been searched and filled in as files are
// verified. The trust inputs are plain values (the Session's anchors and CRLs in the
// application, a test PKI's in tests).
#pragma once

#include "sandi/client/documents.h"

#include <QAbstractTableModel>
#include <QMetaType>
#include <QObject>
#include <QStringList>

#include <atomic>
#include <cstddef>
#include <functional>
#include <optional>
#include <thread>
#include <vector>

namespace sandi::desktop {

// A bulk run's outcome (client::VerifySummary, and whether it was cancelled).
struct BulkSummary {
    int files = 0;    // found in the folder
    int verified = 0; // of them, verified before the end (all, unless cancelled)
    int valid = 0;
    int notValid = 0;      // readable but not valid: failed + undecided
    int failed = 0;        // of them, TOTAL-FAILED
    int indeterminate = 0; // of them, INDETERMINATE (undecided)
    int unreadable = 0;
    int signatures = 0;
    bool cancelled = false;
};

class BulkVerifyModel final : public QAbstractTableModel {
    Q_OBJECT
  public:
    enum Column { PathColumn = 0, VerdictColumn, SignaturesColumn, ProblemColumn };
    static constexpr int kColumnCount = 4;
    // NotValid: readable and TOTAL-FAILED; Undecided: readable and INDETERMINATE.
    enum class Verdict { Pending, Valid, NotValid, Unreadable, Undecided };
    enum Role {
        VerdictRole = Qt::UserRole + 1, // int: Verdict
        ValidRole,                      // bool once verified (none while pending)
        ProblemCodeRole,                // QString: the first problem's code ("" when valid)
        PathRole,                       // QString: the file's full path
        IndicationRole,                 // QString: the file's indication ("TOTAL-PASSED", ...) once verified
        SubIndicationRole,              // QString: its sub-indication ("" for TOTAL-PASSED) once verified
    };

    explicit BulkVerifyModel(QObject* parent = nullptr);

    // A new run over `paths` (every row pending); `base`: paths are shown relative to it.
    void setFiles(const QStringList& paths, const QString& base = {});
    void setResult(int row, client::FileReport report);
    void clear();

    [[nodiscard]] Verdict verdict(int row) const;
    // The full report of a verified row (nullptr while pending).
    [[nodiscard]] const client::FileReport* report(int row) const;
    [[nodiscard]] BulkSummary summary() const;

    [[nodiscard]] int rowCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] int columnCount(const QModelIndex& parent = {}) const override;
    [[nodiscard]] QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    [[nodiscard]] QVariant headerData(int section, Qt::Orientation orientation,
                                      int role = Qt::DisplayRole) const override;

  private:
    struct Row {
        QString path;
        QString shown;
        std::optional<client::FileReport> report;
    };
    std::vector<Row> m_rows;
};

// The first reason a file is not valid, for a table cell: {code, text}; empty when valid;
// kUnreadableCode (report_model.h) and the error's message for a file that could not be read.
crypto::Finding firstProblem(const client::FileReport& file);

// Files verified per call of verifyDocuments (times the threads): the granularity of cancel().
inline constexpr std::size_t kBulkBatchFilesPerJob = 8;

class BulkVerifier final : public QObject {
    Q_OBJECT
  public:
    BulkVerifier(std::vector<crypto::Certificate> anchors, std::vector<crypto::Crl> crls, QObject* parent = nullptr);
    ~BulkVerifier() override; // cancels a run and waits for its thread

    [[nodiscard]] BulkVerifyModel* model() const noexcept { return m_model; }
    // For the next run: verifying threads (default: one per core), revocation checks (default on).
    void setJobs(unsigned jobs) noexcept { m_jobs = jobs; }
    void setCheckRevocation(bool check) noexcept { m_checkRevocation = check; }

    // Starts a run over files and folders (searched recursively for *.pdf and *.p7s, as
    // `sandi verify` does); `base`: rows show paths relative to it. False while a run is going.
    bool start(const QStringList& paths, const QString& base = {});
    // Asks a run to stop: verifyDocuments itself cannot be interrupted, so the run is cut
    // into batches (kBulkBatchFilesPerJob files per thread) and stops after the batch it
    // is in; the files not reached stay pending and finished() says cancelled.
    void cancel() noexcept { m_cancel = true; }
    [[nodiscard]] bool running() const noexcept { return m_running; }

  signals:
    void started(int total); // the folder was searched: `total` files, every row pending
    void progress(int done, int total);
    void fileVerified(int row);
    void finished(const sandi::desktop::BulkSummary& summary);

  protected:
    bool event(QEvent* event) override;

  private:
    void run(const std::vector<std::string>& paths, const QString& base, const client::VerifyRequest& settings);
    void toGui(std::function<void()> call); // from the verifying thread
    void join();

    BulkVerifyModel* m_model;
    std::vector<crypto::Certificate> m_anchors;
    std::vector<crypto::Crl> m_crls;
    unsigned m_jobs;
    bool m_checkRevocation = true;
    bool m_running = false; // GUI thread only
    std::atomic<bool> m_cancel{false};
    std::thread m_thread;
};

} // namespace sandi::desktop

Q_DECLARE_METATYPE(sandi::desktop::BulkSummary)
