// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/bulk_verify_model.h"

#include "sandi/desktop/plain_text.h"
#include "sandi/desktop/theme.h"

#include "sandi/desktop/report_model.h"

#include <QBrush>
#include <QColor>
#include <QCoreApplication>
#include <QDir>

#include <algorithm>
#include <chrono>
#include <functional>
#include <memory>
#include <unordered_map>

namespace sandi::desktop {

namespace {

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Work for the GUI thread, posted by the verifying thread to the BulkVerifier (Qt deletes
// the events still queued for an object that is deleted).
const QEvent::Type kGuiCallEvent = static_cast<QEvent::Type>(QEvent::registerEventType());

class GuiCall final : public QEvent {
  public:
    explicit GuiCall(std::function<void()> call) : QEvent(kGuiCallEvent), m_call(std::move(call)) {}
    void run() const { m_call(); }

  private:
    std::function<void()> m_call;
};

} // namespace

crypto::Finding firstProblem(const client::FileReport& file)
{
    if (file.error) return {std::string(kUnreadableCode), file.error->message};
    if (!file.problems.empty()) return file.problems.front();
    for (const auto& s : file.signatures)
        if (!s.problems.empty()) return s.problems.front();
    for (const auto& s : file.signatures)
        for (const auto& c : s.changes)
            if (!c.allowed) return {c.code, c.text};
    return {};
}

// ---- BulkVerifyModel

BulkVerifyModel::BulkVerifyModel(QObject* parent) : QAbstractTableModel(parent) {}

void BulkVerifyModel::setFiles(const QStringList& paths, const QString& base)
{
    beginResetModel();
    m_rows.clear();
    m_rows.reserve(static_cast<std::size_t>(paths.size()));
    const QDir dir(base);
    for (const QString& p : paths) {
        Row r;
        r.path = p;
        r.shown = base.isEmpty() ? p : QDir::toNativeSeparators(dir.relativeFilePath(p));
        m_rows.push_back(std::move(r));
    }
    endResetModel();
}

void BulkVerifyModel::setResult(int row, client::FileReport report)
{
    if (row < 0 || row >= rowCount()) return;
    m_rows[static_cast<std::size_t>(row)].report = std::move(report);
    emit dataChanged(index(row, 0), index(row, kColumnCount - 1));
}

void BulkVerifyModel::clear()
{
    beginResetModel();
    m_rows.clear();
    endResetModel();
}

BulkVerifyModel::Verdict BulkVerifyModel::verdict(int row) const
{
    const client::FileReport* r = report(row);
    if (r == nullptr) return Verdict::Pending;
    if (!r->readable()) return Verdict::Unreadable;
    switch (r->indication().indication) {
    case crypto::Indication::TotalPassed:
        return Verdict::Valid;
    case crypto::Indication::Indeterminate:
        return Verdict::Undecided;
    case crypto::Indication::TotalFailed:
        return Verdict::NotValid;
    }
    return Verdict::NotValid;
}

const client::FileReport* BulkVerifyModel::report(int row) const
{
    if (row < 0 || row >= rowCount()) return nullptr;
    const auto& r = m_rows[static_cast<std::size_t>(row)].report;
    return r ? &*r : nullptr;
}

BulkSummary BulkVerifyModel::summary() const
{
    BulkSummary s;
    s.files = rowCount();
    for (int row = 0; row < s.files; ++row) {
        const client::FileReport* r = report(row);
        if (r == nullptr) continue;
        ++s.verified;
        s.signatures += static_cast<int>(r->signatures.size());
        switch (verdict(row)) {
        case Verdict::Valid:
            ++s.valid;
            break;
        case Verdict::NotValid:
            ++s.notValid;
            ++s.failed;
            break;
        case Verdict::Undecided:
            ++s.notValid;
            ++s.indeterminate;
            break;
        case Verdict::Unreadable:
            ++s.unreadable;
            break;
        case Verdict::Pending:
            break;
        }
    }
    return s;
}

int BulkVerifyModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_rows.size());
}

int BulkVerifyModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kColumnCount;
}

QVariant BulkVerifyModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) return {};
    const Row& row = m_rows[static_cast<std::size_t>(index.row())];
    const Verdict v = verdict(index.row());
    const crypto::Finding problem = row.report ? firstProblem(*row.report) : crypto::Finding{};
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case PathColumn:
            return row.shown;
        case VerdictColumn:
            switch (v) {
            case Verdict::Pending:
                return tr("Pending…");
            case Verdict::Valid:
            case Verdict::NotValid:
            case Verdict::Undecided:
                return indicationVerdictText(row.report->indication().indication);
            case Verdict::Unreadable:
                return tr("Unreadable");
            }
            return {};
        case SignaturesColumn:
            return row.report ? QVariant(static_cast<int>(row.report->signatures.size())) : QVariant();
        case ProblemColumn:
            return q(problem.text);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        // File names and the findings' texts (from the PDF) are escaped: never markup.
        if (index.column() == PathColumn) return toolTipText(row.path);
        if (index.column() == ProblemColumn && !problem.code.empty())
            return toolTipText(tr("%1 [%2]").arg(q(problem.text), q(problem.code)));
        return {};
    case Qt::ForegroundRole:
        if (index.column() != VerdictColumn || v == Verdict::Pending) return {};
        if (v == Verdict::Unreadable) return QBrush(toneColour(Tone::Danger));
        return QBrush(toneColour(indicationTone(row.report->indication().indication)));
    case VerdictRole:
        return static_cast<int>(v);
    case ValidRole:
        return v == Verdict::Pending ? QVariant() : QVariant(v == Verdict::Valid);
    case ProblemCodeRole:
        return q(problem.code);
    case PathRole:
        return row.path;
    case IndicationRole:
        return row.report ? QVariant(QString::fromLatin1(crypto::indicationName(row.report->indication().indication)))
                          : QVariant();
    case SubIndicationRole:
        return row.report ? QVariant(q(row.report->indication().subIndication)) : QVariant();
    default:
        return {};
    }
}

QVariant BulkVerifyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
    switch (section) {
    case PathColumn:
        return tr("File");
    case VerdictColumn:
        return tr("Verdict");
    case SignaturesColumn:
        return tr("Signatures");
    case ProblemColumn:
        return tr("First problem");
    default:
        return {};
    }
}

// ---- BulkVerifier

BulkVerifier::BulkVerifier(std::vector<crypto::Certificate> anchors, std::vector<crypto::Crl> crls, QObject* parent)
    : QObject(parent), m_model(new BulkVerifyModel(this)), m_anchors(std::move(anchors)), m_crls(std::move(crls)),
      m_jobs(client::defaultVerifyJobs())
{
}

BulkVerifier::~BulkVerifier()
{
    m_cancel = true;
    join();
}

void BulkVerifier::join()
{
    if (m_thread.joinable()) m_thread.join();
}

bool BulkVerifier::start(const QStringList& paths, const QString& base)
{
    if (m_running) return false;
    join(); // the previous run's thread has posted its last event and is ending
    m_running = true;
    m_cancel = false;
    m_model->clear();
    std::vector<std::string> list;
    list.reserve(static_cast<std::size_t>(paths.size()));
    for (const QString& p : paths)
        list.push_back(p.toStdString());
    // The worker gets its own copy of the settings: setJobs() during a run changes the next one.
    client::VerifyRequest settings;
    settings.anchors = m_anchors;
    settings.crls = m_crls;
    settings.now = std::chrono::system_clock::now();
    settings.checkRevocation = m_checkRevocation;
    settings.jobs = std::clamp(m_jobs, 1U, client::kMaxVerifyJobs);
    m_thread = std::thread(
        [this, list = std::move(list), base, settings = std::move(settings)] { run(list, base, settings); });
    return true;
}

// On m_thread. Everything the GUI sees is posted to this object (queued, so it runs on the
// GUI thread; the destructor joins this thread first, and Qt drops the events still
// queued for a deleted object).
void BulkVerifier::run(const std::vector<std::string>& paths, const QString& base,
                       const client::VerifyRequest& settings)
{
    const std::vector<std::string> files = client::signedFilesIn(paths);
    QStringList names;
    names.reserve(static_cast<qsizetype>(files.size()));
    for (const auto& f : files)
        names.push_back(q(f));
    const int total = static_cast<int>(files.size());
    toGui([this, names, base, total] {
        m_model->setFiles(names, base);
        emit started(total);
        emit progress(0, total);
    });

    const std::size_t batch = kBulkBatchFilesPerJob * settings.jobs;
    int done = 0;
    for (std::size_t first = 0; first < files.size() && !m_cancel; first += batch) {
        client::VerifyRequest request = settings;
        request.paths.clear();
        const std::size_t last = std::min(files.size(), first + batch);
        request.paths.reserve(last - first);
        for (std::size_t i = first; i < last; ++i)
            request.paths.push_back(files[i]);
        // The rows of this batch's files (a path listed twice has two rows, taken in order).
        std::unordered_map<std::string, std::vector<int>> rows;
        for (std::size_t i = request.paths.size(); i-- > 0;)
            rows[request.paths[i]].push_back(static_cast<int>(first + i));
        client::verifyDocuments(request, [&](const client::FileReport& file, client::Progress) {
            auto& candidates = rows[file.path];
            if (candidates.empty()) return; // cannot happen: verifyDocuments reports the paths it was given
            const int row = candidates.back();
            candidates.pop_back();
            const int doneSoFar = ++done;
            auto report = std::make_shared<client::FileReport>(file);
            toGui([this, row, report, doneSoFar, total] {
                m_model->setResult(row, std::move(*report));
                emit fileVerified(row);
                emit progress(doneSoFar, total);
            });
        });
    }
    const bool cancelled = done < total;
    toGui([this, cancelled] {
        m_running = false;
        BulkSummary s = m_model->summary();
        s.cancelled = cancelled;
        emit finished(s);
    });
}

void BulkVerifier::toGui(std::function<void()> call)
{
    QCoreApplication::postEvent(this, new GuiCall(std::move(call)));
}

bool BulkVerifier::event(QEvent* event)
{
    if (event->type() != kGuiCallEvent) return QObject::event(event);
    static_cast<GuiCall*>(event)->run();
    return true;
}

} // namespace sandi::desktop
