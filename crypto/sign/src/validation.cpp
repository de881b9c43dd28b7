// SPDX-License-Identifier: GPL-3.0-or-later
// The judgement every signature shares, whatever carries it (a PDF, a .p7s, a memo):
// the CMS value, the signature time-stamp, the chain at the proven time, revocation.
#include "sandi/sign/validation.h"

#include "sandi/pki/x509.h"
#include "sandi/sign/tsp.h"

#include <algorithm>
#include <array>
#include <cctype>

namespace sandi::crypto {
namespace {

// A time-stamp dated later than this after our clock is refused.
constexpr auto kMaxClockSkew = std::chrono::minutes(5);

const char* roleName(ChainRole role) noexcept
{
    return role == ChainRole::Signer ? "signer" : "time-stamp authority";
}

std::string cacheKey(const Certificate& leaf, Purpose purpose, std::optional<TimePoint> provenAt,
                     const TrustInputs& extra, const VerifyOptions& o, ChainRole role)
{
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) return {};
    auto add = [&](std::span<const std::byte> b) {
        const std::uint64_t n = b.size();
        EVP_DigestUpdate(ctx.get(), &n, sizeof n);
        EVP_DigestUpdate(ctx.get(), b.data(), b.size());
    };
    add(leaf.der());
    for (const auto& c : extra.certificates)
        add(c.der());
    for (const auto& c : extra.crls)
        add(c.der());
    for (const auto& a : o.anchors)
        add(a.der());
    for (const auto& c : o.certificates)
        add(c.der());
    for (const auto& c : o.crls)
        add(c.der());
    const std::string tail = std::string(roleName(role)) + "|" + (o.checkRevocation ? "crl" : "nocrl") + "|" +
                             std::to_string(static_cast<int>(purpose)) + "|" +
                             std::to_string(unixSeconds(provenAt.value_or(o.now))) + "|" +
                             (provenAt ? "proven" : "now");
    add(std::as_bytes(std::span(tail.data(), tail.size())));
    std::array<std::byte, 32> md{};
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(md.data()), &len) != 1) return {};
    return hexUpper(md);
}

void judgeChainUncached(const Certificate& leaf, Purpose purpose, std::optional<TimePoint> provenAt,
                        const TrustInputs& extra, const VerifyOptions& o, ChainRole role, SignatureReport& r)
{
    std::vector<Certificate> inter = extra.certificates;
    inter.insert(inter.end(), o.certificates.begin(), o.certificates.end());
    std::vector<Crl> crls = o.crls;
    crls.insert(crls.end(), extra.crls.begin(), extra.crls.end());
    ChainInput in;
    in.leaf = leaf;
    in.intermediates = inter;
    in.anchors = o.anchors;
    in.crls = crls;
    in.time = provenAt.value_or(o.now);
    in.purpose = purpose;
    in.revocation = o.checkRevocation && !provenAt ? RevocationCheck::Required : RevocationCheck::None;
    const std::string who = roleName(role);
    Verdict v = validateChain(in);
    if (!v.valid()) {
        r.problem(chainFindingCode(role, v.code), who + ": " + verdictCodeName(v.code) + ": " + v.reason);
        return;
    }
    if (o.checkRevocation && provenAt) {
        auto status = revocationStatusAt(v.chain, crls, *provenAt, o.now);
        for (auto& n : status.notes)
            r.remark(finding::kRevocationCrlIssuedBeforeSigning, std::string(who).append(": ").append(n));
        if (!status.verdict.valid())
            r.problem(chainFindingCode(role, status.verdict.code),
                      who + ": " + verdictCodeName(status.verdict.code) + ": " + status.verdict.reason);
        else if (status.revokedLater) {
            r.revokedLater = status.revokedLater;
            r.remark(finding::kRevokedAfterSigning, who + ": revoked on " + formatUtc(status.revokedLater->date) +
                                                        " (" + revocationReasonName(status.revokedLater->reason) +
                                                        "), after the time-stamped signing time: the signature stands");
        }
    }
}

std::string_view cmsFailureCode(ErrorCode code) noexcept
{
    switch (code) {
    case ErrorCode::DigestMismatch:
        return finding::kCmsDigestMismatch;
    case ErrorCode::BadSignature:
        return finding::kCmsSignatureInvalid;
    case ErrorCode::Policy:
        return finding::kCmsDigestBroken;
    case ErrorCode::Unsupported:
        return finding::kCmsUnsupported;
    default:
        return finding::kCmsMalformed;
    }
}

constexpr std::array kFixedCodes{
    finding::kNoSignatures,
    finding::kDataAfterLastEof,
    finding::kDetachedDataUnreadable,
    finding::kByteRangeMalformed,
    finding::kByteRangeNotFromStart,
    finding::kByteRangeOutsideFile,
    finding::kByteRangeGapTooLarge,
    finding::kByteRangeGapNotHex,
    finding::kByteRangeNotRevisionEnd,
    finding::kSignatureWrapping,
    finding::kSignedRevisionUnreadable,
    finding::kSignedRevisionRepaired,
    finding::kSignatureDictionaryMissing,
    finding::kSignatureDictionaryChanged,
    finding::kSignatureDictionaryNotPlain,
    finding::kContentsMissing,
    finding::kUnsupportedSubFilter,
    finding::kDocMdpWithoutPerms,
    finding::kCmsMalformed,
    finding::kCmsDigestMismatch,
    finding::kCmsSignatureInvalid,
    finding::kCmsDigestBroken,
    finding::kCmsUnsupported,
    finding::kCmsWeakDigest,
    finding::kCmsNoSigningCertificateAttribute,
    finding::kCmsSigningTimeInPades,
    finding::kTimestampInvalid,
    finding::kTimestampImprintMismatch,
    finding::kTimestampInFuture,
    finding::kTimestampWeakImprint,
    finding::kTsaCompromised,
    finding::kRevocationCrlIssuedBeforeSigning,
    finding::kRevokedAfterSigning,
    finding::kModifiedAfterSigning,
    finding::kQrStampMatched,
    finding::kQrStampMismatch,
    finding::kQrStampWithoutSignature,
    finding::kQrStampMalformed,
    finding::kQrCodeForeign,
    finding::kPagesNotChecked,
};

constexpr std::array kAllVerdicts{
    VerdictCode::Expired,      VerdictCode::NotYetValid,  VerdictCode::Revoked,    VerdictCode::UnknownIssuer,
    VerdictCode::BadSignature, VerdictCode::WrongUsage,   VerdictCode::NotCa,      VerdictCode::NameConstraints,
    VerdictCode::PathLength,   VerdictCode::NameMismatch, VerdictCode::CrlMissing, VerdictCode::CrlStale,
    VerdictCode::CrlInvalid,   VerdictCode::Malformed,    VerdictCode::Other,
};

} // namespace

std::string chainFindingCode(ChainRole role, VerdictCode verdict)
{
    std::string code = role == ChainRole::Signer ? "SIGNER_CHAIN_" : "TSA_CHAIN_";
    for (const char* p = verdictCodeName(verdict); *p != '\0'; ++p)
        code += *p == '-' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(*p)));
    return code;
}

std::span<const std::string_view> fixedFindingCodes() noexcept
{
    return kFixedCodes;
}

std::vector<std::string> allChainFindingCodes()
{
    std::vector<std::string> out;
    for (ChainRole role : {ChainRole::Signer, ChainRole::TimeStampAuthority})
        for (VerdictCode v : kAllVerdicts)
            out.push_back(chainFindingCode(role, v));
    return out;
}

const char* modificationsName(Modifications m) noexcept
{
    switch (m) {
    case Modifications::None:
        return "none";
    case Modifications::Allowed:
        return "allowed";
    case Modifications::Disallowed:
        return "disallowed";
    }
    return "none";
}

bool SignatureReport::hasProblem(std::string_view code) const noexcept
{
    return std::any_of(problems.begin(), problems.end(), [&](const Finding& f) { return f.code == code; });
}

std::optional<ValidationCache::Entry> ValidationCache::find(const std::string& key) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) return std::nullopt;
    return it->second;
}

void ValidationCache::store(const std::string& key, Entry entry)
{
    const std::lock_guard lock(m_mutex);
    m_entries.emplace(key, std::move(entry));
}

void judgeChain(const Certificate& leaf, Purpose purpose, std::optional<TimePoint> provenAt, const TrustInputs& extra,
                const VerifyOptions& o, ChainRole role, SignatureReport& r)
{
    const std::string key = o.cache != nullptr ? cacheKey(leaf, purpose, provenAt, extra, o, role) : std::string();
    if (key.empty()) return judgeChainUncached(leaf, purpose, provenAt, extra, o, role, r);
    if (auto hit = o.cache->find(key)) {
        r.problems.insert(r.problems.end(), hit->problems.begin(), hit->problems.end());
        r.remarks.insert(r.remarks.end(), hit->remarks.begin(), hit->remarks.end());
        if (hit->revokedLater) r.revokedLater = hit->revokedLater;
        return;
    }
    SignatureReport fresh;
    judgeChainUncached(leaf, purpose, provenAt, extra, o, role, fresh);
    r.problems.insert(r.problems.end(), fresh.problems.begin(), fresh.problems.end());
    r.remarks.insert(r.remarks.end(), fresh.remarks.begin(), fresh.remarks.end());
    if (fresh.revokedLater) r.revokedLater = fresh.revokedLater;
    o.cache->store(key, {std::move(fresh.problems), std::move(fresh.remarks), fresh.revokedLater});
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the token is parsed as one; swapped, it fails
std::optional<TimePoint> judgeTimestamp(std::span<const std::byte> token, std::span<const std::byte> stamped,
                                        bool isDigest, TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    auto info = verifyTimeStampToken(token);
    if (!info) {
        r.problem(finding::kTimestampInvalid, "time-stamp: " + info.error().message);
        return std::nullopt;
    }
    const auto expected =
        isDigest ? std::vector<std::byte>(stamped.begin(), stamped.end()) : digestOf(info->digest, stamped);
    if (expected.empty() || info->imprint.empty() || !constantTimeEqual(info->imprint, expected)) {
        r.problem(finding::kTimestampImprintMismatch, "time-stamp: it covers other data than this signature");
        return std::nullopt;
    }
    if (isWeakDigest(info->digest))
        r.remark(finding::kTimestampWeakImprint, "time-stamp imprint uses " + info->digestName);
    for (auto& c : info->certificates)
        extra.certificates.push_back(c);
    if (info->genTime > o.now + kMaxClockSkew) {
        r.problem(finding::kTimestampInFuture, "time-stamp: dated " + formatUtc(info->genTime) + ", in the future");
        return std::nullopt;
    }
    const std::size_t before = r.problems.size();
    SignatureReport tsaReport;
    const Certificate& tsa = *info->tsaCertificate;
    judgeChain(tsa, Purpose::TimeStamping, info->genTime, extra, o, ChainRole::TimeStampAuthority, tsaReport);
    r.problems.insert(r.problems.end(), tsaReport.problems.begin(), tsaReport.problems.end());
    r.remarks.insert(r.remarks.end(), tsaReport.remarks.begin(), tsaReport.remarks.end());
    // A TSA whose key was compromised can date anything in the past: a later revocation
    // for that reason voids its time-stamps; a revocation for other reasons does not.
    if (tsaReport.revokedLater) {
        const auto reason = tsaReport.revokedLater->reason;
        if (reason == RevocationReason::KeyCompromise || reason == RevocationReason::CaCompromise ||
            reason == RevocationReason::Unspecified)
            r.problem(finding::kTsaCompromised,
                      "time-stamp authority: revoked on " + formatUtc(tsaReport.revokedLater->date) + " (" +
                          revocationReasonName(reason) + "): its time-stamps cannot be trusted");
    }
    if (r.problems.size() != before) return std::nullopt;
    return info->genTime;
}

void judgeCmsSignature(std::span<const std::byte> cmsDer, const ContentDigester& digester, bool padesProfile,
                       TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    auto cms = cmsVerifyDetached(cmsDer, digester);
    if (!cms) {
        r.problem(cmsFailureCode(cms.error().code), cms.error().message);
        return;
    }
    const Certificate signer = *cms->signer;
    r.signer = signer.subject();
    r.signerCertificate = signer;
    for (auto& c : cms->certificates)
        extra.certificates.emplace_back(std::move(c));
    for (auto& c : cms->crls)
        extra.crls.emplace_back(std::move(c));
    // The signing-time attribute is a remark only where the profile forbids it (PAdES
    // ETSI.CAdES.detached); legacy adbe.pkcs7.detached and CAdES-BES files may carry it.
    for (auto& m : cms->remarks)
        if (padesProfile || m.code != finding::kCmsSigningTimeInPades) r.remarks.push_back(std::move(m));
    if (!r.signingTime && cms->signingTime) r.signingTime = cms->signingTime;
    std::optional<TimePoint> proven;
    if (cms->timestampToken) proven = judgeTimestamp(*cms->timestampToken, cms->signatureValue, false, extra, o, r);
    if (proven) r.timestamp = proven;
    judgeChain(signer, Purpose::DocumentSigning, proven, extra, o, ChainRole::Signer, r);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the CMS is parsed as one; swapped, it fails
SignatureReport verifyDetachedSignature(std::span<const std::byte> cmsDer, std::span<const std::byte> data,
                                        const VerifyOptions& o)
{
    SignatureReport r;
    r.kind = "detached CMS";
    r.coversWholeDocument = true;
    TrustInputs extra;
    judgeCmsSignature(
        cmsDer, [&](Digest md) -> Result<std::vector<std::byte>> { return digestOf(md, data); }, false, extra, o, r);
    r.valid = r.problems.empty();
    return r;
}

} // namespace sandi::crypto
