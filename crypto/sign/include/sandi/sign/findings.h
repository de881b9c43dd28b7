// SPDX-License-Identifier: GPL-3.0-or-later
// What a verifier reports, for programs and for people: every problem, remark and
// change is a Finding {code, text}. The code is stable (docs/auditor-guide.md lists
// every one) and is what scripts, tests and the desktop bind to; the text informs a
// person and may be reworded. No logic anywhere matches the text.
#pragma once

#include "sandi/pki/chain.h"

#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto {

struct Finding {
    std::string code; // UPPER_SNAKE_CASE, stable
    std::string text; // one line for a person
    friend bool operator==(const Finding&, const Finding&) = default;
};

// A change in a revision after the signed one, and whether the document's permission
// (DocMDP, or the default for approval signatures) allows it.
struct Change {
    std::string code;
    std::string text;
    bool allowed = false;
    friend bool operator==(const Change&, const Change&) = default;
};

namespace finding {
// Files.
inline constexpr std::string_view kNoSignatures = "NO_SIGNATURES";
inline constexpr std::string_view kDataAfterLastEof = "DATA_AFTER_LAST_EOF";
inline constexpr std::string_view kDetachedDataUnreadable = "DETACHED_DATA_UNREADABLE";
inline constexpr std::string_view kXrefHybridContradiction = "XREF_HYBRID_CONTRADICTION";
inline constexpr std::string_view kWalkBudgetExhausted = "WALK_BUDGET_EXHAUSTED";
// The byte range (universal signature forgery, signature wrapping).
inline constexpr std::string_view kByteRangeMalformed = "BYTE_RANGE_MALFORMED";
inline constexpr std::string_view kByteRangeNotFromStart = "BYTE_RANGE_NOT_FROM_START";
inline constexpr std::string_view kByteRangeOutsideFile = "BYTE_RANGE_OUTSIDE_FILE";
inline constexpr std::string_view kByteRangeGapTooLarge = "BYTE_RANGE_GAP_TOO_LARGE";
inline constexpr std::string_view kByteRangeGapNotHex = "BYTE_RANGE_GAP_NOT_HEX";
inline constexpr std::string_view kByteRangeNotRevisionEnd = "BYTE_RANGE_NOT_REVISION_END";
inline constexpr std::string_view kSignatureWrapping = "SIGNATURE_WRAPPING";
// The signed revision and its signature dictionary.
inline constexpr std::string_view kSignedRevisionUnreadable = "SIGNED_REVISION_UNREADABLE";
inline constexpr std::string_view kSignedRevisionRepaired = "SIGNED_REVISION_REPAIRED";
inline constexpr std::string_view kSignatureDictionaryMissing = "SIGNATURE_DICTIONARY_MISSING";
inline constexpr std::string_view kSignatureDictionaryChanged = "SIGNATURE_DICTIONARY_CHANGED";
inline constexpr std::string_view kSignatureDictionaryNotPlain = "SIGNATURE_DICTIONARY_NOT_PLAIN";
inline constexpr std::string_view kSignatureUnreachable = "SIGNATURE_UNREACHABLE";
inline constexpr std::string_view kSignatureValueDirect = "SIGNATURE_VALUE_DIRECT";
inline constexpr std::string_view kContentsMissing = "CONTENTS_MISSING";
inline constexpr std::string_view kUnsupportedSubFilter = "UNSUPPORTED_SUBFILTER";
inline constexpr std::string_view kDocMdpWithoutPerms = "DOCMDP_WITHOUT_PERMS";
// The CMS signature value.
inline constexpr std::string_view kCmsMalformed = "CMS_MALFORMED";
inline constexpr std::string_view kCmsDigestMismatch = "CMS_DIGEST_MISMATCH";
inline constexpr std::string_view kCmsSignatureInvalid = "CMS_SIGNATURE_INVALID";
inline constexpr std::string_view kCmsDigestBroken = "CMS_DIGEST_BROKEN";
inline constexpr std::string_view kCmsUnsupported = "CMS_UNSUPPORTED";
inline constexpr std::string_view kCmsWeakDigest = "CMS_WEAK_DIGEST";
inline constexpr std::string_view kCmsNoSigningCertificateAttribute = "CMS_NO_SIGNING_CERTIFICATE_ATTRIBUTE";
inline constexpr std::string_view kCmsSigningTimeInPades = "CMS_SIGNING_TIME_IN_PADES";
inline constexpr std::string_view kCmsAlgorithmMismatch = "CMS_ALGORITHM_MISMATCH";
inline constexpr std::string_view kCmsAttributesNotDer = "CMS_ATTRIBUTES_NOT_DER";
inline constexpr std::string_view kCmsNoSignedAttributes = "CMS_NO_SIGNED_ATTRIBUTES";
inline constexpr std::string_view kCmsTrailingData = "CMS_TRAILING_DATA";
inline constexpr std::string_view kCmsEncapsulatedContent = "CMS_ENCAPSULATED_CONTENT";
inline constexpr std::string_view kCmsMultipleSigners = "CMS_MULTIPLE_SIGNERS";
inline constexpr std::string_view kCmsSha1SubFilter = "CMS_SHA1_SUBFILTER";
// Time-stamps (signature time-stamps and document time-stamps).
inline constexpr std::string_view kTimestampInvalid = "TIMESTAMP_INVALID";
inline constexpr std::string_view kTimestampImprintMismatch = "TIMESTAMP_IMPRINT_MISMATCH";
inline constexpr std::string_view kTimestampInFuture = "TIMESTAMP_IN_FUTURE";
inline constexpr std::string_view kTimestampWeakImprint = "TIMESTAMP_WEAK_IMPRINT";
inline constexpr std::string_view kTsaCompromised = "TSA_COMPROMISED";
// Revocation at a proven time.
inline constexpr std::string_view kRevocationCrlIssuedBeforeSigning = "REVOCATION_CRL_ISSUED_BEFORE_SIGNING";
inline constexpr std::string_view kRevokedAfterSigning = "REVOKED_AFTER_SIGNING";
// Which revocation evidence was used, and notes about it.
inline constexpr std::string_view kRevocationCheckedByCrl = "REVOCATION_CHECKED_BY_CRL";
inline constexpr std::string_view kRevocationCheckedByOcsp = "REVOCATION_CHECKED_BY_OCSP";
inline constexpr std::string_view kRevocationOcspIssuedBeforeSigning = "REVOCATION_OCSP_ISSUED_BEFORE_SIGNING";
inline constexpr std::string_view kRevocationOcspResponderUnchecked = "REVOCATION_OCSP_RESPONDER_UNCHECKED";
inline constexpr std::string_view kRevocationEvidenceUnreadable = "REVOCATION_EVIDENCE_UNREADABLE";
inline constexpr std::string_view kRevocationFetchedOnline = "REVOCATION_FETCHED_ONLINE";
inline constexpr std::string_view kRevocationFetchFailed = "REVOCATION_FETCH_FAILED";
// Later revisions.
inline constexpr std::string_view kModifiedAfterSigning = "MODIFIED_AFTER_SIGNING";
// Rendered pages (client/visual): QR-marked stamps and the visual comparison.
inline constexpr std::string_view kQrStampMatched = "QR_STAMP_MATCHED";
inline constexpr std::string_view kQrStampMismatch = "QR_STAMP_MISMATCH";
inline constexpr std::string_view kQrStampWithoutSignature = "QR_STAMP_WITHOUT_SIGNATURE";
inline constexpr std::string_view kQrStampMalformed = "QR_STAMP_MALFORMED";
inline constexpr std::string_view kQrCodeForeign = "QR_CODE_FOREIGN";
inline constexpr std::string_view kPagesNotChecked = "PAGES_NOT_CHECKED";
} // namespace finding

// Chains: SIGNER_CHAIN_<VERDICT> for the signer's certificate, TSA_CHAIN_<VERDICT> for a
// time-stamp authority's, where <VERDICT> is the chain verdict (EXPIRED, REVOKED,
// UNKNOWN_ISSUER, ...: verdictCodeName in upper case, '-' as '_'); a revoked CA
// certificate (`depth` > 0: not the signer's own) is <ROLE>_CHAIN_CA_REVOKED.
enum class ChainRole { Signer, TimeStampAuthority };
std::string chainFindingCode(ChainRole role, VerdictCode verdict, int depth = -1);

// Every fixed code above (the chain codes come from chainFindingCode; the PDF change codes
// are sandi_pades' modificationCodes()), for the documentation check and for programs
// that want to list them.
std::span<const std::string_view> fixedFindingCodes() noexcept;
// Every code chainFindingCode can return.
std::vector<std::string> allChainFindingCodes();

} // namespace sandi::crypto
