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
    for (const auto& c : extra.ocsps)
        add(c.basicDer());
    for (const auto& c : o.ocsps)
        add(c.basicDer());
    for (const auto& a : o.anchors)
        add(a.der());
    for (const auto& c : o.certificates)
        add(c.der());
    for (const auto& c : o.crls)
        add(c.der());
    const std::string tail =
        std::string(roleName(role)) + "|" + (o.checkRevocation ? "crl" : "nocrl") + "|" +
        (o.online != nullptr ? "online" : "offline") + "|" + std::to_string(static_cast<int>(purpose)) + "|" +
        std::to_string(unixSeconds(provenAt.value_or(o.now))) + "|" + (provenAt ? "proven" : "now");
    add(std::as_bytes(std::span(tail.data(), tail.size())));
    std::array<std::byte, 32> md{};
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(md.data()), &len) != 1) return {};
    return hexUpper(md);
}

// The subject of the anchor a built chain ended at ("" when it reached none).
std::string chainAnchor(const std::vector<Certificate>& chain, std::span<const Certificate> anchors)
{
    if (chain.empty()) return {};
    const auto top = chain.back().der();
    for (const auto& a : anchors)
        if (a.der() == top) return a.subject();
    return {};
}

// What one judgement left open, for the online fetcher.
struct ChainOutcome {
    bool revocationUnsettled = false; // no fitting evidence for chain[depth] (or it was refused)
    std::vector<Certificate> chain;
    int depth = -1;
};

bool revocationUnsettled(VerdictCode code) noexcept
{
    return code == VerdictCode::CrlMissing || code == VerdictCode::CrlStale || code == VerdictCode::CrlInvalid ||
           code == VerdictCode::OcspInvalid;
}

void remarkEvidence(const std::string& who, std::span<const RevocationEvidence> evidence,
                    std::span<const OcspNote> notes, SignatureReport& r)
{
    for (const RevocationEvidence& e : evidence) {
        if (e.kind == RevocationEvidence::Kind::Ocsp)
            r.remark(finding::kRevocationCheckedByOcsp,
                     who + ": certificate '" + e.certificate + "': revocation checked by the OCSP response of " +
                         (e.delegated ? "the delegated responder '" : "its issuer '") + e.issuer + "', thisUpdate " +
                         formatUtc(e.thisUpdate));
        else
            r.remark(finding::kRevocationCheckedByCrl, who + ": certificate '" + e.certificate +
                                                           "': revocation checked by the CRL of '" + e.issuer +
                                                           "', thisUpdate " + formatUtc(e.thisUpdate));
    }
    for (const OcspNote& n : notes)
        r.remark(n.kind == OcspNote::Kind::IssuedBeforeSigning ? finding::kRevocationOcspIssuedBeforeSigning
                                                               : finding::kRevocationOcspResponderUnchecked,
                 who + ": " + n.text);
}

ChainOutcome judgeChainOnce(const Certificate& leaf, Purpose purpose, std::optional<TimePoint> provenAt,
                            const TrustInputs& extra, const VerifyOptions& o, ChainRole role, SignatureReport& r)
{
    std::vector<Certificate> inter = extra.certificates;
    inter.insert(inter.end(), o.certificates.begin(), o.certificates.end());
    std::vector<Crl> crls = o.crls;
    crls.insert(crls.end(), extra.crls.begin(), extra.crls.end());
    std::vector<OcspResponse> ocsps = o.ocsps;
    ocsps.insert(ocsps.end(), extra.ocsps.begin(), extra.ocsps.end());
    ChainInput in;
    in.leaf = leaf;
    in.intermediates = inter;
    in.anchors = o.anchors;
    in.crls = crls;
    in.ocsps = ocsps;
    in.time = provenAt.value_or(o.now);
    in.purpose = purpose;
    in.revocation = o.checkRevocation && !provenAt ? RevocationCheck::Required : RevocationCheck::None;
    const std::string who = roleName(role);
    ChainOutcome outcome;
    Verdict v = validateChain(in);
    r.anchor = chainAnchor(v.chain, o.anchors);
    if (!v.valid()) {
        r.problem(chainFindingCode(role, v.code, v.depth), who + ": " + verdictCodeName(v.code) + ": " + v.reason);
        if (in.revocation == RevocationCheck::Required && revocationUnsettled(v.code))
            outcome = {true, v.chain, v.depth};
        return outcome;
    }
    remarkEvidence(who, v.evidence, v.ocspNotes, r);
    if (o.checkRevocation && provenAt) {
        auto status = revocationStatusAt(v.chain, crls, ocsps, *provenAt, o.now, inter);
        for (auto& n : status.notes)
            r.remark(finding::kRevocationCrlIssuedBeforeSigning, std::string(who).append(": ").append(n));
        if (!status.verdict.valid()) {
            r.problem(chainFindingCode(role, status.verdict.code, status.verdict.depth),
                      who + ": " + verdictCodeName(status.verdict.code) + ": " + status.verdict.reason);
            if (revocationUnsettled(status.verdict.code)) outcome = {true, v.chain, status.verdict.depth};
            return outcome;
        }
        remarkEvidence(who, status.evidence, status.ocspNotes, r);
        if (status.revokedLater) {
            r.revokedLater = status.revokedLater;
            r.remark(finding::kRevokedAfterSigning, who + ": revoked on " + formatUtc(status.revokedLater->date) +
                                                        " (" + revocationReasonName(status.revokedLater->reason) +
                                                        "), after the time-stamped signing time: the signature stands");
        }
    }
    return outcome;
}

// Asks `online` about chain[depth] and the certificates above it (below the anchor),
// OCSP first, then CRL; what comes back joins `more`. Returns whether anything came.
bool fetchOnline(RevocationFetcher& online, const ChainOutcome& open, const std::string& who, TrustInputs& more,
                 SignatureReport& r)
{
    bool fetched = false;
    for (std::size_t i = open.depth < 0 ? 0 : static_cast<std::size_t>(open.depth); i + 1 < open.chain.size(); ++i) {
        const Certificate& cert = open.chain[i];
        const Certificate& issuer = open.chain[i + 1];
        const std::string about = who + ": certificate '" + cert.subject() + "'";
        std::string failed;
        if (auto der = online.ocsp(cert, issuer)) {
            if (auto response = OcspResponse::fromDer(*der)) {
                r.remark(finding::kRevocationFetchedOnline, about + ": fetched an OCSP response of " +
                                                                response->responderId() + ", produced " +
                                                                formatUtc(response->producedAt()));
                more.ocsps.push_back(std::move(*response));
                fetched = true;
                continue;
            } else {
                failed = "the fetched OCSP response is unreadable: " + response.error().message;
            }
        } else {
            failed = "no OCSP response: " + der.error().message;
        }
        if (auto der = online.crl(cert)) {
            if (auto crl = Crl::parse(*der)) {
                r.remark(finding::kRevocationFetchedOnline, std::string(about)
                                                                .append(": fetched a CRL of '")
                                                                .append(crl->issuer())
                                                                .append("' (")
                                                                .append(failed)
                                                                .append(")"));
                more.crls.push_back(std::move(*crl));
                fetched = true;
                continue;
            } else {
                failed += "; the fetched CRL is unreadable: " + crl.error().message;
            }
        } else {
            failed += "; no CRL: " + der.error().message;
        }
        r.remark(finding::kRevocationFetchFailed, std::string(about).append(": ").append(failed));
    }
    return fetched;
}

void judgeChainUncached(const Certificate& leaf, Purpose purpose, std::optional<TimePoint> provenAt,
                        const TrustInputs& extra, const VerifyOptions& o, ChainRole role, SignatureReport& r)
{
    SignatureReport first;
    const ChainOutcome open = judgeChainOnce(leaf, purpose, provenAt, extra, o, role, first);
    if (open.revocationUnsettled && o.online != nullptr) {
        // The embedded evidence does not settle revocation: ask online, then judge once more.
        TrustInputs more = extra;
        SignatureReport fetchLog;
        if (fetchOnline(*o.online, open, roleName(role), more, fetchLog)) {
            SignatureReport second;
            judgeChainOnce(leaf, purpose, provenAt, more, o, role, second);
            first = std::move(second);
        }
        first.remarks.insert(first.remarks.begin(), fetchLog.remarks.begin(), fetchLog.remarks.end());
    }
    r.problems.insert(r.problems.end(), first.problems.begin(), first.problems.end());
    r.remarks.insert(r.remarks.end(), first.remarks.begin(), first.remarks.end());
    if (first.revokedLater) r.revokedLater = first.revokedLater;
    r.anchor = first.anchor;
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
    finding::kXrefHybridContradiction,
    finding::kWalkBudgetExhausted,
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
    finding::kSignatureUnreachable,
    finding::kSignatureValueDirect,
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
    finding::kCmsAlgorithmMismatch,
    finding::kCmsAttributesNotDer,
    finding::kCmsNoSignedAttributes,
    finding::kCmsTrailingData,
    finding::kCmsEncapsulatedContent,
    finding::kCmsMultipleSigners,
    finding::kCmsSha1SubFilter,
    finding::kTimestampInvalid,
    finding::kTimestampImprintMismatch,
    finding::kTimestampInFuture,
    finding::kTimestampWeakImprint,
    finding::kTsaCompromised,
    finding::kRevocationCrlIssuedBeforeSigning,
    finding::kRevokedAfterSigning,
    finding::kRevocationCheckedByCrl,
    finding::kRevocationCheckedByOcsp,
    finding::kRevocationOcspIssuedBeforeSigning,
    finding::kRevocationOcspResponderUnchecked,
    finding::kRevocationEvidenceUnreadable,
    finding::kRevocationFetchedOnline,
    finding::kRevocationFetchFailed,
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
    VerdictCode::CrlInvalid,   VerdictCode::OcspInvalid,  VerdictCode::Malformed,  VerdictCode::Other,
};

} // namespace

std::string chainFindingCode(ChainRole role, VerdictCode verdict, int depth)
{
    std::string code = role == ChainRole::Signer ? "SIGNER_CHAIN_" : "TSA_CHAIN_";
    if (verdict == VerdictCode::Revoked && depth > 0) return code + "CA_REVOKED";
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
    for (ChainRole role : {ChainRole::Signer, ChainRole::TimeStampAuthority}) {
        for (VerdictCode v : kAllVerdicts)
            out.push_back(chainFindingCode(role, v));
        out.push_back(chainFindingCode(role, VerdictCode::Revoked, 1));
    }
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
        r.anchor = hit->anchor;
        r.problems.insert(r.problems.end(), hit->problems.begin(), hit->problems.end());
        r.remarks.insert(r.remarks.end(), hit->remarks.begin(), hit->remarks.end());
        if (hit->revokedLater) r.revokedLater = hit->revokedLater;
        return;
    }
    SignatureReport fresh;
    judgeChainUncached(leaf, purpose, provenAt, extra, o, role, fresh);
    r.anchor = fresh.anchor;
    r.problems.insert(r.problems.end(), fresh.problems.begin(), fresh.problems.end());
    r.remarks.insert(r.remarks.end(), fresh.remarks.begin(), fresh.remarks.end());
    if (fresh.revokedLater) r.revokedLater = fresh.revokedLater;
    o.cache->store(key, {std::move(fresh.problems), std::move(fresh.remarks), fresh.revokedLater, fresh.anchor});
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
    r.anchor = tsaReport.anchor; // a document time-stamp's; a signature's own chain replaces it
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

namespace {

// What a verified signature value leads to, whatever form carried it.
// `cmsDer`: the CMS, for the revocation evidence its attributes carry (empty: none).
void judgeVerified(Result<CmsSignature> cms, std::span<const std::byte> cmsDer, std::string_view failureCode,
                   bool padesProfile, TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    if (!cms) {
        r.problem(failureCode.empty() ? cmsFailureCode(cms.error().code) : failureCode, cms.error().message);
        return;
    }
    const Certificate signer = *cms->signer;
    r.signer = signer.subject();
    r.signerCertificate = signer;
    for (auto& c : cms->certificates)
        extra.certificates.emplace_back(std::move(c));
    for (auto& c : cms->crls)
        extra.crls.emplace_back(std::move(c));
    const CmsRevocationEvidence embedded = cmsDer.empty() ? CmsRevocationEvidence{} : cmsRevocationEvidence(cmsDer);
    extra.crls.insert(extra.crls.end(), embedded.crls.begin(), embedded.crls.end());
    extra.ocsps.insert(extra.ocsps.end(), embedded.ocsps.begin(), embedded.ocsps.end());
    for (const auto& u : embedded.unreadable)
        r.remark(finding::kRevocationEvidenceUnreadable, "unreadable revocation evidence: " + u);
    // The signing-time attribute is a remark only where the profile forbids it (PAdES
    // ETSI.CAdES.detached); legacy adbe.pkcs7.detached and CAdES-BES files may carry it.
    for (auto& m : cms->remarks)
        if (padesProfile || m.code != finding::kCmsSigningTimeInPades) r.remarks.push_back(std::move(m));
    if (!r.signingTime && cms->signingTime) r.signingTime = cms->signingTime;
    std::optional<TimePoint> proven;
    if (cms->timestampToken) proven = judgeTimestamp(*cms->timestampToken, cms->signatureValue, false, extra, o, r);
    if (proven) r.timestamp = proven;
    judgeChain(signer, Purpose::DocumentSigning, proven, extra, o, ChainRole::Signer, r);
    // Further SignerInfos verified inside the CMS: their signers must be trusted too.
    for (const auto& other : cms->otherSigners)
        if (other.der() != signer.der())
            judgeChain(other, Purpose::DocumentSigning, std::nullopt, extra, o, ChainRole::Signer, r);
}

} // namespace

void judgeCmsSignature(std::span<const std::byte> cmsDer, const ContentDigester& digester, bool padesProfile,
                       TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    std::string_view code;
    auto cms = cmsVerifyDetached(cmsDer, digester, &code);
    judgeVerified(std::move(cms), cmsDer, code, padesProfile, extra, o, r);
}

// NOLINTNEXTLINE(bugprone-easily-swappable-parameters): the CMS is parsed as one; swapped, it fails
void judgePkcs7Sha1Signature(std::span<const std::byte> cmsDer, std::span<const std::byte> sha1OfContent,
                             TrustInputs& extra, const VerifyOptions& o, SignatureReport& r)
{
    std::string_view code;
    auto cms = cmsVerifyDetached(
        cmsDer, [&](Digest md) -> Result<std::vector<std::byte>> { return digestOf(md, sha1OfContent); }, &code);
    if (cms && !cms->encapsulatedContent)
        cms = fail(ErrorCode::InvalidInput, "adbe.pkcs7.sha1 without the SHA-1 digest as encapsulated content");
    if (cms) {
        // The encapsulated content is this form's definition, not a remark.
        std::erase_if(cms->remarks, [](const Finding& f) { return f.code == finding::kCmsEncapsulatedContent; });
        cms->remarks.push_back({std::string(finding::kCmsSha1SubFilter),
                                "adbe.pkcs7.sha1: the document is identified by its SHA-1 digest, which is weak"});
    }
    judgeVerified(std::move(cms), cmsDer, code, false, extra, o, r);
}

void judgeX509RsaSha1Signature(std::span<const std::byte> contents, std::span<const std::vector<std::byte>> certs,
                               const ContentDigester& digester, TrustInputs& extra, const VerifyOptions& o,
                               SignatureReport& r)
{
    std::string_view code;
    auto sig = verifyX509RsaSha1(contents, certs, digester, &code);
    judgeVerified(std::move(sig), {}, code, false, extra, o, r);
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
    finishReport(r);
    return r;
}

} // namespace sandi::crypto
