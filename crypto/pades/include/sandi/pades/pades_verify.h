// SPDX-License-Identifier: GPL-3.0-or-later
// The auditor's verifier for PDFs: every signature (PAdES, adbe.pkcs7.detached,
// document time-stamps) judged by byte range, digest, signature, chain, revocation,
// time-stamps and what changed after signing. Chains, time-stamps and detached .p7s
// files are sandi_sign's (sandi/sign/validation.h); this adds the PDF.
#pragma once

#include "sandi/core/result.h"
#include "sandi/sign/validation.h"

#include <span>
#include <string_view>
#include <vector>

namespace sandi::crypto {

// The codes of the changes a later revision can make (SignatureReport::changes). The
// first group can be allowed, depending on the document's DocMDP permission; the second
// never is. docs/auditor-guide.md explains each.
namespace modification {
inline constexpr std::string_view kDssUpdated = "DSS_UPDATED";
inline constexpr std::string_view kExtensionsUpdated = "EXTENSIONS_UPDATED";
inline constexpr std::string_view kInfoUpdated = "INFO_UPDATED";
inline constexpr std::string_view kMetadataUpdated = "METADATA_UPDATED";
inline constexpr std::string_view kVersionUpdated = "VERSION_UPDATED";
inline constexpr std::string_view kSigFlagsSet = "SIGFLAGS_SET";
inline constexpr std::string_view kDocTimestampAdded = "DOC_TIMESTAMP_ADDED";
inline constexpr std::string_view kSignatureFieldAdded = "SIGNATURE_FIELD_ADDED";
inline constexpr std::string_view kSignatureWidgetAdded = "SIGNATURE_WIDGET_ADDED";
inline constexpr std::string_view kSignatureFieldSigned = "SIGNATURE_FIELD_SIGNED";
inline constexpr std::string_view kFormResourcesUpdated = "FORM_RESOURCES_UPDATED";
inline constexpr std::string_view kFormFieldFilled = "FORM_FIELD_FILLED";
inline constexpr std::string_view kCommentAdded = "COMMENT_ADDED";
inline constexpr std::string_view kSignatureFieldLocked = "SIGNATURE_FIELD_LOCKED";
inline constexpr std::string_view kStructureTreeUpdated = "STRUCTURE_TREE_UPDATED";
inline constexpr std::string_view kRepairCosmetic = "REVISION_REPAIR_COSMETIC"; // a remark

inline constexpr std::string_view kCatalogReplaced = "CATALOG_REPLACED";
inline constexpr std::string_view kInfoReplaced = "INFO_REPLACED";
inline constexpr std::string_view kObjectRemoved = "OBJECT_REMOVED";
inline constexpr std::string_view kFreeObjectReused = "FREE_OBJECT_REUSED";
inline constexpr std::string_view kUndefinedObjectDefined = "UNDEFINED_OBJECT_DEFINED";
inline constexpr std::string_view kRevisionRepaired = "REVISION_REPAIRED";
inline constexpr std::string_view kRevisionWithoutXref = "REVISION_WITHOUT_XREF";
inline constexpr std::string_view kRevisionUnreadable = "REVISION_UNREADABLE";
inline constexpr std::string_view kCatalogEntryChanged = "CATALOG_ENTRY_CHANGED";
inline constexpr std::string_view kAcroFormEntryChanged = "ACROFORM_ENTRY_CHANGED";
inline constexpr std::string_view kFieldsRemoved = "FIELDS_REMOVED";
inline constexpr std::string_view kFormFieldAdded = "FORM_FIELD_ADDED";
inline constexpr std::string_view kAnnotationsRemoved = "ANNOTATIONS_REMOVED";
inline constexpr std::string_view kAnnotationAdded = "ANNOTATION_ADDED";
inline constexpr std::string_view kPageChanged = "PAGE_CHANGED";
inline constexpr std::string_view kObjectChanged = "OBJECT_CHANGED";
inline constexpr std::string_view kActionAdded = "ACTION_ADDED";
inline constexpr std::string_view kLockedFieldChanged = "LOCKED_FIELD_CHANGED";
inline constexpr std::string_view kAppearanceChanged = "APPEARANCE_CHANGED";
// Found by rendering (client/visual), not by the object rules: a page that looks different
// in the final document. Allowed only inside the rectangles of annotations added later.
inline constexpr std::string_view kVisualDifference = "VISUAL_DIFFERENCE";
} // namespace modification
std::span<const std::string_view> modificationCodes() noexcept;
// The ETSI classification (sandi/sign/indication.h) of each modification code when the
// permission does not allow it: one row per code of modificationCodes().
std::span<const IndicationRow> modificationIndicationTable() noexcept;
// finishReport() for a PDF signature: MODIFIED_AFTER_SIGNING classifies as its first
// disallowed change does.
void finishPdfSignatureReport(SignatureReport& report);

struct PdfReport {
    std::vector<Finding> problems; // about the file (no signatures, data after the last %%EOF)
    std::vector<SignatureReport> signatures;
    [[nodiscard]] bool valid() const; // signed, no file problem, every signature valid
};

// Verifies every signature of a PDF. An error means the file could not be read as a
// PDF at all (exit status 2); an unsigned PDF gives a report with NO_SIGNATURES.
Result<PdfReport> verifyPdf(std::span<const std::byte> pdf, const VerifyOptions& options);

} // namespace sandi::crypto
