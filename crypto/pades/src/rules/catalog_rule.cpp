// SPDX-License-Identifier: GPL-3.0-or-later
// The document catalog: validation data, extensions and the AcroForm may change.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

namespace sandi::crypto::pdf {

std::unique_ptr<ModificationRule> makeAcroFormRule();
std::unique_ptr<ModificationRule> makeFieldsArrayRule();
std::unique_ptr<ModificationRule> makeFormFillRule();
std::unique_ptr<ModificationRule> makePageRule();
std::unique_ptr<ModificationRule> makeAnnotsArrayRule();
std::unique_ptr<ModificationRule> makeDssRule();
std::unique_ptr<ModificationRule> makeSignatureFieldSignRule();
std::unique_ptr<ModificationRule> makeSignedFieldReadOnlyRule();
std::unique_ptr<ModificationRule> makeDocInfoRule();
std::unique_ptr<ModificationRule> makeMetadataRule();
std::unique_ptr<ModificationRule> makeStructureTreeRule();
bool isMetadataStream(QPDFObjectHandle h);

namespace {

class CatalogRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (c.og != revs.root) return false;
        for (const auto& k : changedKeys(c.before, c.after)) {
            if (k == "/DSS")
                out.push_back({ModificationLevel::LtaUpdate, true, modification::kDssUpdated,
                               "/DSS (validation data) added or updated"});
            else if (k == "/Extensions")
                out.push_back(
                    {ModificationLevel::LtaUpdate, true, modification::kExtensionsUpdated, "/Extensions updated"});
            else if (k == "/AcroForm")
                explainAcroFormChange(revs, c.before.getKey("/AcroForm"), c.after.getKey("/AcroForm"), out);
            else if (k == "/Metadata" && isMetadataStream(c.after.getKey("/Metadata")) &&
                     c.after.getKey("/Metadata").isIndirect() &&
                     revs.referencedOnlyBy(c.after.getKey("/Metadata").getObjectID(), revs.root.getObj()))
                out.push_back({ModificationLevel::LtaUpdate, true, modification::kMetadataUpdated,
                               "XMP metadata (/Metadata) replaced"});
            else if ((k == "/StructTreeRoot" && c.after.getKey("/StructTreeRoot").isDictionary() &&
                      !c.after.getKey("/StructTreeRoot").isStream()) ||
                     (k == "/MarkInfo" && c.after.getKey("/MarkInfo").isDictionary()))
                out.push_back({ModificationLevel::FormFilling, true, modification::kStructureTreeUpdated,
                               "catalog " + k + " (tagging) updated"});
            else if (k == "/Version" && c.after.getKey("/Version").isName())
                out.push_back({ModificationLevel::LtaUpdate, true, modification::kVersionUpdated,
                               "PDF version declared as " + c.after.getKey("/Version").getName()});
            else
                out.push_back({ModificationLevel::Other, false, modification::kCatalogEntryChanged,
                               "catalog entry " + k + " changed"});
        }
        return true;
    }
};

} // namespace

// The default policy: a list of rules. A new kind of allowed change is a new rule.
std::vector<std::unique_ptr<ModificationRule>> defaultRules()
{
    std::vector<std::unique_ptr<ModificationRule>> rules;
    rules.push_back(std::make_unique<CatalogRule>());
    rules.push_back(makeAcroFormRule());
    rules.push_back(makeFieldsArrayRule());
    rules.push_back(makePageRule());
    rules.push_back(makeAnnotsArrayRule());
    rules.push_back(makeFormFillRule());
    rules.push_back(makeSignatureFieldSignRule());
    rules.push_back(makeSignedFieldReadOnlyRule());
    rules.push_back(makeDssRule());
    rules.push_back(makeDocInfoRule());
    rules.push_back(makeMetadataRule());
    rules.push_back(makeStructureTreeRule());
    return rules;
}

} // namespace sandi::crypto::pdf
