// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/client/documents.h"

#include "sandi/core/atomic_file.h"
#include "sandi/core/digest.h"
#include "sandi/core/mapped_file.h"
#include "sandi/core/ossl.h"
#include "sandi/sign/cms.h"

#include <algorithm>
#include <filesystem>
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
    o.crls = request.crls;
    o.extraCertificates = request.extraCertificates;

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
    return outcome;
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

} // namespace sandi::client
