// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/documents.h"
#include "sandi/client/revocation_fetch.h"

#include "sandi/core/atomic_file.h"
#include "sandi/core/digest.h"
#include "sandi/core/mapped_file.h"
#include "sandi/core/ossl.h"
#include "sandi/sign/cms.h"
#include "sandi/visual/qr.h"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <thread>

namespace sandi::client {
namespace {

namespace fs = std::filesystem;
using namespace sandi::crypto;

Result<SignOutcome> signDetached(const SignRequest& request, std::span<const std::byte> input, Signer& signer)
{
    const Digest md = Digest::Sha256;
    SANDI_ASSIGN(cms, cmsSignDetached(signer, {digestOf(md, input), md, CmsFlavour::CadesBes, request.signingTime}));
    if (request.timeStamper != nullptr) {
        SANDI_ASSIGN(value, cmsSignatureValue(cms));
        SANDI_ASSIGN(tst, request.timeStamper->stamp(digestOf(md, value), md));
        SANDI_ASSIGN(stamped, cmsAddSignatureTimestamp(cms, tst));
        cms = std::move(stamped);
    }
    SANDI_TRY(writeFileAtomically(request.output, cms, FileMode::Public));
    SignOutcome outcome;
    outcome.form = SignatureForm::Detached;
    outcome.output = request.output;
    outcome.timeStamped = request.timeStamper != nullptr;
    return outcome;
}

Result<SignOutcome> signPades(const SignRequest& request, std::span<const std::byte> input, Signer& signer)
{
    PadesSignOptions o;
    o.level = request.level;
    o.signingTime = request.signingTime;
    o.reason = request.reason;
    o.location = request.location;
    o.certify = request.certify;
    o.timeStamper = request.timeStamper;
    o.visible = request.visible;
    if (request.stampQr) {
        if (!request.visible) return fail(ErrorCode::InvalidArgument, "a QR-marked stamp needs a visible stamp");
        o.stampQr = visual::stampQrEncoder();
    }
    o.crls = request.crls;
    o.extraCertificates = request.extraCertificates;
    std::vector<std::string> warnings;
    std::size_t tsaCrls = 0, tsaOcsps = 0; // the evidence fetched for the TSA's chain
    if (request.level == PadesLevel::BLT || request.level == PadesLevel::BLTA) {
        // Before signing: without evidence for the whole chain, nothing is signed or written.
        std::vector<Certificate> chain{Certificate(ossl::upRef(signer.certificate()))};
        for (X509* c : signer.chain())
            chain.emplace_back(ossl::upRef(c));
        SANDI_ASSIGN(evidence, gatherRevocationEvidence(chain, request.extraCertificates, request.crls,
                                                        request.ocspResponses, request.evidenceSources));
        o.crls = std::move(evidence.crls);
        o.ocspResponses = std::move(evidence.ocspResponses);
        warnings = std::move(evidence.warnings);
        // The TSA's chain is known once the signature is stamped: its evidence too, or nothing
        // is written (what the signer's chain has already gathered is not fetched again).
        o.timeStampEvidence = [&](std::span<const Certificate> tsaChain) -> Result<crypto::LtEvidence> {
            SANDI_ASSIGN(more, gatherRevocationEvidence(tsaChain, request.extraCertificates, o.crls, o.ocspResponses,
                                                        request.evidenceSources));
            crypto::LtEvidence out;
            out.crls.assign(more.crls.begin() + static_cast<std::ptrdiff_t>(o.crls.size()), more.crls.end());
            out.ocspResponses.assign(more.ocspResponses.begin() + static_cast<std::ptrdiff_t>(o.ocspResponses.size()),
                                     more.ocspResponses.end());
            for (auto& w : more.warnings)
                warnings.push_back("time-stamp authority: " + w);
            tsaCrls = out.crls.size();
            tsaOcsps = out.ocspResponses.size();
            return out;
        };
    }

    // The original bytes go to disk on a second thread while this one hashes and signs.
    SANDI_ASSIGN(writer, AtomicFileWriter::create(request.output, FileMode::Public));
    Status copied;
    std::thread copier([&] {
        copied = writer.appendFile(request.input, input.size());
        writer.startWriteback(); // the disk works while the signature is computed
    });
    auto update = padesSign(input, signer, o);
    copier.join();
    if (!update) return fail(std::move(update).error());
    SANDI_TRY(std::move(copied));
    SANDI_TRY(writer.append(*update));
    SANDI_TRY(writer.commit());
    SignOutcome outcome;
    outcome.form = SignatureForm::Pades;
    outcome.output = request.output;
    outcome.level = request.level;
    outcome.certified = request.certify != 0;
    outcome.visibleStamp = request.visible.has_value();
    outcome.timeStamped = request.level != PadesLevel::BB;
    if (request.level == PadesLevel::BLT || request.level == PadesLevel::BLTA) {
        outcome.ocspResponsesEmbedded = o.ocspResponses.size() + tsaOcsps;
        outcome.crlsEmbedded = o.crls.size() + tsaCrls;
    }
    outcome.warnings = std::move(warnings);
    return outcome;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

bool isDetachedSignaturePath(const fs::path& path)
{
    return lower(path.extension().string()) == kDetachedSignatureSuffix;
}

} // namespace

bool looksLikePdf(std::span<const std::byte> bytes) noexcept
{
    const std::string_view head(reinterpret_cast<const char*>(bytes.data()),
                                std::min<std::size_t>(bytes.size(), kPdfHeaderWindowBytes));
    return head.find("%PDF-") != std::string_view::npos;
}

Result<FileKind> fileKind(const std::string& path)
{
    SANDI_ASSIGN(file, MappedFile::open(path, kMaxPdfBytes));
    return looksLikePdf(file.bytes()) ? FileKind::Pdf : FileKind::Other;
}

std::string detachedSignaturePath(const std::string& input)
{
    return input + std::string(kDetachedSignatureSuffix);
}

Result<std::unique_ptr<Signer>> openPkcs12Signer(std::span<const std::byte> pkcs12, const SecureBuffer& passphrase,
                                                 const std::string& name, RsaPadding padding)
{
    auto loaded = KeySigner::fromPkcs12(pkcs12, passphrase);
    if (!loaded) return fail(loaded.error().context(name));
    if (padding == RsaPadding::Pss) SANDI_TRY(loaded->useRsaPss());
    return std::unique_ptr<Signer>(std::make_unique<KeySigner>(std::move(*loaded)));
}

Result<std::unique_ptr<Signer>> openPkcs11Signer(const Pkcs11Options& token, const SecureBuffer& pin,
                                                 const std::vector<Certificate>& certificates)
{
    std::vector<ossl::X509Ptr> certs;
    certs.reserve(certificates.size());
    for (const auto& c : certificates)
        certs.push_back(ossl::upRef(c.native()));
    SANDI_ASSIGN(opened, Pkcs11Signer::open(token, pin, std::move(certs)));
    return std::unique_ptr<Signer>(std::move(opened));
}

Result<SignOutcome> signDocument(const SignRequest& request, Signer& signer)
{
    if (request.output.empty()) return fail(ErrorCode::InvalidArgument, "no output file to write the signature to");
    std::error_code ec;
    if (fs::exists(request.output, ec) && fs::equivalent(request.output, request.input, ec))
        return fail(ErrorCode::InvalidArgument,
                    "the output file must not be the input file (the signed copy is written beside the original)");
    const bool detached = request.form == SignatureForm::Detached;
    if (detached && (request.certify != 0 || request.visible))
        return fail(ErrorCode::InvalidArgument, "certification and visible stamps are for PDF signatures only");
    SANDI_ASSIGN(input, MappedFile::open(request.input, kMaxPdfBytes));
    if (detached) return signDetached(request, input.bytes(), signer);
    if (!looksLikePdf(input.bytes())) return fail(ErrorCode::InvalidInput, request.input + " is not a PDF");
    return signPades(request, input.bytes(), signer);
}

Result<TimestampOutcome> timestampDocument(const TimestampRequest& request, TimeStamper& stamper)
{
    SANDI_ASSIGN(input, MappedFile::open(request.input, kMaxPdfBytes));
    if (!looksLikePdf(input.bytes())) return fail(ErrorCode::InvalidInput, request.input + " is not a PDF");
    std::vector<std::byte> whole(input.bytes().begin(), input.bytes().end());
    const bool dss = !request.crls.empty() || !request.certificates.empty();
    if (dss) {
        SANDI_ASSIGN(update, padesAddDss(whole, request.certificates, request.crls));
        whole.insert(whole.end(), update.begin(), update.end());
    }
    SANDI_ASSIGN(update, padesAddDocumentTimestamp(whole, stamper));
    whole.insert(whole.end(), update.begin(), update.end());
    SANDI_TRY(writeFileAtomically(request.output, std::span<const std::byte>(whole), FileMode::Public));
    return TimestampOutcome{request.output, dss};
}

unsigned defaultVerifyJobs() noexcept
{
    return std::clamp(std::thread::hardware_concurrency(), 1U, kMaxVerifyJobs);
}

bool FileReport::valid() const
{
    if (!readable() || !problems.empty() || signatures.empty()) return false;
    return std::all_of(signatures.begin(), signatures.end(), [](const auto& s) { return s.valid; });
}

FileIndication FileReport::indication() const
{
    using crypto::Indication;
    const crypto::IndicationClass fromProblems = crypto::classifyProblems(problems);
    FileIndication worst{fromProblems.indication, std::string(fromProblems.subIndication)};
    if (!problems.empty() && worst.indication == Indication::TotalPassed)
        worst = {Indication::Indeterminate, std::string(crypto::subindication::kGeneric)};
    for (const auto& s : signatures)
        if (s.indication > worst.indication) worst = {s.indication, s.subIndication};
    // Whatever else keeps a file from being valid (unreadable; readable but unsigned).
    if (worst.indication == Indication::TotalPassed && !valid()) {
        if (readable() && signatures.empty())
            worst = {Indication::TotalFailed, std::string(crypto::subindication::kFormatFailure)};
        else
            worst = {Indication::Indeterminate, std::string(crypto::subindication::kGeneric)};
    }
    return worst;
}

std::vector<std::string> signedFilesIn(const std::vector<std::string>& paths)
{
    std::vector<std::string> files;
    for (const auto& p : paths) {
        std::error_code ec;
        if (fs::is_directory(p, ec)) {
            std::vector<std::string> found;
            for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
                 !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
                if (!it->is_regular_file(ec)) continue;
                const auto ext = lower(it->path().extension().string());
                if (ext == ".pdf" || ext == kDetachedSignatureSuffix) found.push_back(it->path().string());
            }
            std::sort(found.begin(), found.end());
            files.insert(files.end(), found.begin(), found.end());
        } else {
            files.push_back(p);
        }
    }
    return files;
}

FileReport verifyFile(const std::string& path, const VerifyOptions& options, const visual::PageCheckOptions& pageChecks)
{
    FileReport r;
    r.path = path;
    if (isDetachedSignaturePath(path)) {
        r.type = SignedFileType::DetachedCms;
        const std::string dataPath = path.substr(0, path.size() - kDetachedSignatureSuffix.size());
        auto cms = readFile(path, kMaxCmsBytes);
        auto data = MappedFile::open(dataPath, kMaxDetachedDataBytes);
        if (!cms) {
            r.error = cms.error();
            return r;
        }
        if (!data) {
            r.error = Error{data.error().code,
                            "the signed file " + dataPath + " is missing or unreadable: " + data.error().message};
            r.problems.push_back({std::string(finding::kDetachedDataUnreadable), r.error->message});
            return r;
        }
        r.signatures.push_back(verifyDetachedSignature(*cms, data->bytes(), options));
        return r;
    }
    r.type = SignedFileType::Pdf;
    auto file = MappedFile::open(path, kMaxPdfBytes);
    if (!file) {
        r.error = file.error();
        return r;
    }
    auto report = verifyPdf(file->bytes(), options);
    if (!report) {
        r.error = report.error();
        return r;
    }
    r.signatures = std::move(report->signatures);
    r.problems = std::move(report->problems);
    if (!r.signatures.empty() || pageChecks.checkQrStamps) {
        visual::PageCheckOutcome pages = visual::checkPages(file->bytes(), r.signatures, pageChecks);
        r.problems.insert(r.problems.end(), pages.problems.begin(), pages.problems.end());
        r.remarks = std::move(pages.remarks);
        r.visualDifferences = std::move(pages.differences);
    }
    return r;
}

std::vector<FileReport> verifyDocuments(const VerifyRequest& request, const VerifyProgress& progress)
{
    const std::vector<std::string> files = signedFilesIn(request.paths);

    VerifyOptions o;
    o.anchors = request.anchors;
    o.certificates = request.certificates;
    o.crls = request.crls;
    o.ocsps = request.ocsps;
    o.now = request.now;
    o.checkRevocation = request.checkRevocation;
    ValidationCache cache;
    o.cache = &cache;
    HttpRevocationFetcher fetcher;
    if (request.online) o.online = &fetcher;

    std::vector<FileReport> results(files.size());
    std::atomic<std::size_t> next{0};
    std::mutex progressMutex;
    std::size_t done = 0;
    auto worker = [&] {
        for (std::size_t i = next++; i < files.size(); i = next++) {
            results[i] = verifyFile(files[i], o, request.pageChecks);
            if (progress) {
                const std::lock_guard lock(progressMutex);
                progress(results[i], Progress{++done, files.size()});
            }
        }
    };
    const unsigned jobs = std::clamp(request.jobs, 1U, kMaxVerifyJobs);
    const auto threads = std::min<std::size_t>(jobs, std::max<std::size_t>(files.size(), 1));
    std::vector<std::thread> pool;
    for (std::size_t t = 1; t < threads; ++t)
        pool.emplace_back(worker);
    worker();
    for (auto& t : pool)
        t.join();
    return results;
}

VerifySummary summarize(std::span<const FileReport> files)
{
    VerifySummary s;
    s.files = files.size();
    for (const auto& f : files) {
        s.signatures += f.signatures.size();
        if (!f.readable()) {
            ++s.unreadable;
            continue;
        }
        switch (f.indication().indication) {
        case crypto::Indication::TotalPassed:
            ++s.valid;
            break;
        case crypto::Indication::Indeterminate:
            ++s.notValid;
            ++s.indeterminate;
            break;
        case crypto::Indication::TotalFailed:
            ++s.notValid;
            ++s.failed;
            break;
        }
    }
    return s;
}

int verifyExitStatus(const VerifySummary& summary) noexcept
{
    if (summary.unreadable > 0 || summary.files == 0) return kVerifyExitError;
    if (summary.failed > 0) return kVerifyExitFailed;
    if (summary.indeterminate > 0) return kVerifyExitIndeterminate;
    return kVerifyExitPassed;
}

} // namespace sandi::client
