// SPDX-License-Identifier: GPL-3.0-or-later
// Facts about a later revision as a whole, which no object-by-object rule sees: the
// trailer's entry points, objects freed or brought back, undefined references that come
// to life (a prepared shadow), and repairs. All of level Other.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

#include <qpdf/QPDFXRefEntry.hh>

namespace sandi::crypto::pdf {
namespace {

// Object numbers that `h` references, through its direct arrays and dictionaries.
void collectReferences(QPDFObjectHandle h, std::set<int>& out, int depth)
{
    if (depth > kMaxFieldDepth) return;
    if (depth > 0 && h.isIndirect()) {
        out.insert(h.getObjectID());
        return;
    }
    if (h.isStream()) return collectReferences(h.getDict(), out, depth + 1);
    if (h.isArray()) {
        for (int i = 0; i < h.getArrayNItems(); ++i)
            collectReferences(h.getArrayItem(i), out, depth + 1);
    } else if (h.isDictionary()) {
        for (const auto& k : h.getKeys())
            collectReferences(h.getKey(k), out, depth + 1);
    }
}

void other(std::vector<Explanation>& out, std::string_view code, std::string text)
{
    out.push_back({ModificationLevel::Other, false, code, std::move(text)});
}

} // namespace

void reviewStructure(const RevisionPair& revs, std::vector<Explanation>& out)
{
    Document& s = revs.signedRev;
    Document& l = revs.laterRev;
    // The document's entry point must stay the same object: a new catalog (or new /Info)
    // in an update would replace everything without changing a signed object.
    if (!(l.trailer().getKey("/Root").getObjGen() == s.trailer().getKey("/Root").getObjGen()))
        other(out, modification::kCatalogReplaced, "the trailer points to a different document catalog (/Root)");
    if (keyText(l.trailer(), "/Info") != keyText(s.trailer(), "/Info"))
        other(out, modification::kInfoReplaced, "the trailer's document information (/Info) was replaced");

    const auto sTable = s.qpdf().getXRefTable();
    const auto lTable = l.qpdf().getXRefTable();
    const long long sSize = s.trailer().getKey("/Size").isInteger() ? s.trailer().getKey("/Size").getIntValue() : 0;
    for (const auto& [og, entry] : sTable)
        if (!lTable.contains(og))
            other(out, modification::kObjectRemoved,
                  objectName(og) + typeSuffix(s.qpdf().getObjectByObjGen(og)) + " was removed or freed");
    std::set<int> newObjects;
    for (const auto& [og, entry] : lTable) {
        if (sTable.contains(og)) continue;
        if (og.getObj() < sSize)
            other(out, modification::kFreeObjectReused, objectName(og) + ", free when signed, was brought into use");
        else
            newObjects.insert(og.getObj());
    }
    // A reference the signed revision already made to an object that did not exist
    // (a null to every viewer) must not come to life later.
    if (!newObjects.empty()) {
        std::set<int> referenced;
        for (const auto& [og, entry] : sTable) {
            collectReferences(s.qpdf().getObjectByObjGen(og), referenced, 0);
            if (referenced.size() > static_cast<std::size_t>(kMaxFieldNodes)) break;
        }
        // The trailer's entry points; other trailer keys (LibreOffice's /AdditionalStreams,
        // /DocChecksum) are not part of the document a viewer shows.
        for (const char* key : {"/Root", "/Info", "/Encrypt"})
            if (s.trailer().getKey(key).isIndirect()) referenced.insert(s.trailer().getKey(key).getObjectID());
        for (int n : newObjects)
            if (referenced.contains(n))
                other(out, modification::kUndefinedObjectDefined,
                      "object " + std::to_string(n) + ", referenced but undefined when signed, was defined later");
    }
}

void reviewRepairs(const RevisionPair& revs, std::vector<Explanation>& out)
{
    if (revs.laterRev.warnings() > 0)
        other(out, modification::kRevisionRepaired,
              "a later revision only reads with repairs (damaged objects or cross-reference entries)");
}

} // namespace sandi::crypto::pdf
