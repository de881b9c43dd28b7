// SPDX-License-Identifier: GPL-3.0-or-later
// What long-term validation and ordinary saving by signing tools update in place without
// changing what a page shows: the /DSS dictionary and its parts, the document
// information dictionary (/Info: ModDate, Producer) and the XMP metadata stream. pyHanko's
// DSS, DocInfo and metadata rules are the model; all at level LTA update.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

namespace sandi::crypto::pdf {

bool isMetadataStream(QPDFObjectHandle h)
{
    if (!h.isStream()) return false;
    QPDFObjectHandle d = h.getDict();
    return d.getKey("/Type").isName() && d.getKey("/Type").getName() == "/Metadata" && d.getKey("/Subtype").isName() &&
           d.getKey("/Subtype").getName() == "/XML";
}

namespace {

bool isArrayOfStreams(QPDFObjectHandle h)
{
    if (!h.isArray()) return false;
    for (int i = 0; i < h.getArrayNItems(); ++i)
        if (!h.getArrayItem(i).isStream()) return false;
    return true;
}

// The /DSS dictionary holds only validation data (ISO 32000-2 §12.8.4.3).
bool isDssDictionary(QPDFObjectHandle h)
{
    if (!h.isDictionary() || h.isStream()) return false;
    for (const auto& k : h.getKeys())
        if (k != "/Type" && k != "/VRI" && k != "/Certs" && k != "/CRLs" && k != "/OCSPs") return false;
    return true;
}

class DssRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        const bool whole = c.og == revs.dss;
        if (!whole && !revs.dssParts.contains(c.og)) return false;
        // Only the catalog refers to the /DSS dictionary, only that dictionary to its parts.
        const std::optional<int> parent =
            whole ? revs.root.getObj() : (revs.dss.getObj() != 0 ? revs.dss.getObj() : revs.root.getObj());
        if (!revs.referencedOnlyBy(c.og.getObj(), parent)) {
            out.push_back({ModificationLevel::Other, false, modification::kObjectChanged,
                           objectName(c.og) + " of /DSS is also used elsewhere in the document, and changed"});
            return true;
        }
        // A part is an array of streams (certificates, CRLs, OCSP responses) or the /VRI
        // dictionary of per-signature entries.
        const bool ok = whole ? isDssDictionary(c.after)
                              : isArrayOfStreams(c.after) || (c.after.isDictionary() && !c.after.isStream());
        if (ok)
            out.push_back(
                {ModificationLevel::LtaUpdate, true, modification::kDssUpdated, "/DSS (validation data) updated"});
        else
            out.push_back({ModificationLevel::Other, false, modification::kObjectChanged,
                           objectName(c.og) + " of /DSS changed into something other than validation data"});
        return true;
    }
};

class DocInfoRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (c.og != revs.info || !c.after.isDictionary() || c.after.isStream()) return false;
        if (!revs.referencedOnlyBy(c.og.getObj(), std::nullopt)) return false; // also plays another part: no LTA update
        out.push_back(
            {ModificationLevel::LtaUpdate, true, modification::kInfoUpdated, "document information (/Info) updated"});
        return true;
    }
};

class MetadataRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (c.og != revs.metadata || !isMetadataStream(c.after)) return false;
        if (!revs.referencedOnlyBy(c.og.getObj(), revs.root.getObj())) return false; // also plays another part
        out.push_back(
            {ModificationLevel::LtaUpdate, true, modification::kMetadataUpdated, "XMP metadata (/Metadata) updated"});
        return true;
    }
};

// The logical structure (tagging): tools that fill or comment update it. It changes
// nothing a viewer draws, so its objects may change as long as they play no other part
// (only structure objects and the catalog refer to them) and stay structure: no stream,
// nothing with the /Type of something drawn.
class StructureTreeRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (!revs.structTree.contains(c.og.getObj()) || c.after.isStream()) return false;
        if (!(c.after.isDictionary() || c.after.isArray())) return false;
        if (c.after.isDictionary() && c.after.getKey("/Type").isName()) {
            const std::string t = c.after.getKey("/Type").getName();
            if (t != "/StructTreeRoot" && t != "/StructElem" && t != "/MCR" && t != "/OBJR") return false;
        }
        std::set<int> parents = revs.structTree;
        parents.insert(revs.root.getObj());
        if (!revs.referencedOnlyByAny(c.og.getObj(), parents)) return false;
        out.push_back({ModificationLevel::FormFilling, true, modification::kStructureTreeUpdated,
                       "structure tree (tagging) updated"});
        return true;
    }
};

} // namespace

std::unique_ptr<ModificationRule> makeStructureTreeRule()
{
    return std::make_unique<StructureTreeRule>();
}

std::unique_ptr<ModificationRule> makeDssRule()
{
    return std::make_unique<DssRule>();
}
std::unique_ptr<ModificationRule> makeDocInfoRule()
{
    return std::make_unique<DocInfoRule>();
}
std::unique_ptr<ModificationRule> makeMetadataRule()
{
    return std::make_unique<MetadataRule>();
}

} // namespace sandi::crypto::pdf
