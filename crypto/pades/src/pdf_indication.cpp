// SPDX-License-Identifier: GPL-3.0-or-later
// ETSI indications for what only a PDF has: a change after signing that the document's
// permission does not allow. EN 319 102-1 has no sub-indication of its own for it; the
// EU DSS validator judges PDF modifications in its format checking (annotation overlap,
// visual difference, object modifications, DocMDP, FieldMDP) and fails them as
// TOTAL-FAILED/FORMAT_FAILURE, and Sandi does the same: the document is no longer in the
// form the signer signed. HASH_FAILURE would be wrong, the signed bytes are intact.
#include "sandi/pades/pades_verify.h"

#include <algorithm>
#include <array>

namespace sandi::crypto {
namespace {

constexpr IndicationClass kFormat{Indication::TotalFailed, subindication::kFormatFailure};
constexpr IndicationRow disallowed(std::string_view code)
{
    return {code, kFormat};
}

// A change in a row here has that classification when the permission does not allow it;
// allowed changes never lower the indication.
constexpr std::array kModificationRows{
    disallowed(modification::kDssUpdated),
    disallowed(modification::kExtensionsUpdated),
    disallowed(modification::kInfoUpdated),
    disallowed(modification::kMetadataUpdated),
    disallowed(modification::kVersionUpdated),
    disallowed(modification::kSigFlagsSet),
    disallowed(modification::kDocTimestampAdded),
    disallowed(modification::kSignatureFieldAdded),
    disallowed(modification::kSignatureWidgetAdded),
    disallowed(modification::kSignatureFieldSigned),
    disallowed(modification::kFormResourcesUpdated),
    disallowed(modification::kFormFieldFilled),
    disallowed(modification::kCommentAdded),
    disallowed(modification::kCatalogReplaced),
    disallowed(modification::kInfoReplaced),
    disallowed(modification::kObjectRemoved),
    disallowed(modification::kFreeObjectReused),
    disallowed(modification::kUndefinedObjectDefined),
    disallowed(modification::kRevisionRepaired),
    disallowed(modification::kRevisionWithoutXref),
    disallowed(modification::kRevisionUnreadable),
    disallowed(modification::kCatalogEntryChanged),
    disallowed(modification::kAcroFormEntryChanged),
    disallowed(modification::kFieldsRemoved),
    disallowed(modification::kFormFieldAdded),
    disallowed(modification::kAnnotationsRemoved),
    disallowed(modification::kAnnotationAdded),
    disallowed(modification::kPageChanged),
    disallowed(modification::kObjectChanged),
    disallowed(modification::kSignatureFieldLocked),
    disallowed(modification::kStructureTreeUpdated),
    disallowed(modification::kActionAdded),
    disallowed(modification::kLockedFieldChanged),
    disallowed(modification::kAppearanceChanged),
    // A remark, never a change: its row is never consulted.
    disallowed(modification::kRepairCosmetic),
    disallowed(modification::kVisualDifference),
};

} // namespace

std::span<const IndicationRow> modificationIndicationTable() noexcept
{
    return kModificationRows;
}

void finishPdfSignatureReport(SignatureReport& report)
{
    // MODIFIED_AFTER_SIGNING takes the row of the first disallowed change.
    std::array<IndicationRow, 1> more{};
    std::span<const IndicationRow> extra;
    const auto first =
        std::find_if(report.changes.begin(), report.changes.end(), [](const Change& c) { return !c.allowed; });
    if (first != report.changes.end()) {
        if (const IndicationRow* row = findIndicationRow(kModificationRows, first->code)) {
            more[0] = {finding::kModifiedAfterSigning, row->classification};
            extra = more;
        }
    }
    finishReport(report, extra);
}

} // namespace sandi::crypto
