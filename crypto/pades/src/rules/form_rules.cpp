// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive form: the AcroForm dictionary, its /Fields array (new signature
// fields and document time-stamps), and filling in fields that existed when signed.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

namespace sandi::crypto::pdf {
namespace {

bool sameIndirect(QPDFObjectHandle a, QPDFObjectHandle b)
{
    return a.isIndirect() && b.isIndirect() && a.getObjGen() == b.getObjGen();
}

// The indirect AcroForm dictionary.
class AcroFormRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (c.og != revs.acroForm) return false;
        explainAcroFormChange(c.before, c.after, out);
        return true;
    }
};

// The indirect /Fields array.
class FieldsArrayRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (c.og != revs.fieldsArray) return false;
        explainFieldsAppended(c.before, c.after, out);
        return true;
    }
};

// Form filling: the value and appearance of a field that existed, was fillable and is
// not a signature. Any other change to it is left to the next rule (none: Other).
class FormFillRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (!revs.fillable.contains(c.og) || !c.before.isDictionary() || !c.after.isDictionary()) return false;
        for (const auto& k : changedKeys(c.before, c.after))
            if (k != "/V" && k != "/AS" && k != "/AP") return false;
        const std::string name = c.before.getKey("/T").isString() ? c.before.getKey("/T").unparse() : objectName(c.og);
        out.push_back({ModificationLevel::FormFilling, true, modification::kFormFieldFilled,
                       "form field " + name + " filled in"});
        return true;
    }
};

// Signing a signature field that existed, unsigned, when the document was signed (the
// approval fields a certifier prepares): its value, appearance and appearance state only.
// Its place and size were fixed before signing, so a visible appearance there is allowed
// under a certification too.
class SignatureFieldSignRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (!revs.unsignedSignatureFields.contains(c.og) || !c.before.isDictionary() || !c.after.isDictionary())
            return false;
        for (const auto& k : changedKeys(c.before, c.after))
            if (k != "/V" && k != "/AP" && k != "/AS") return false;
        // The value: a new signature dictionary (no object of the signed revision), that no
        // other object refers to (one signature, one field).
        QPDFObjectHandle v = c.after.getKey("/V");
        if (!v.isIndirect() || !v.isDictionary() ||
            !(v.getKey("/ByteRange").isArray() && v.getKey("/Contents").isString()))
            return false;
        if (revs.signedRev.qpdf().getXRefTable().contains(v.getObjGen())) return false;
        if (!revs.referencedOnlyBy(v.getObjectID(), c.og.getObj())) return false;
        const std::string name = c.before.getKey("/T").isString() ? c.before.getKey("/T").unparse() : objectName(c.og);
        out.push_back({ModificationLevel::FormFilling, true, modification::kSignatureFieldSigned,
                       "signature field " + name + " signed"});
        return true;
    }
};

// `after` keeps every font of `before` as it was (by name) and only adds: a viewer that
// regenerates a field's appearance draws its /DA with /DR's fonts. Other categories
// (/XObject, /ProcSet) are not used for that, and signing tools re-point them.
bool onlyAdds(QPDFObjectHandle before, QPDFObjectHandle after)
{
    if (!before.isDictionary()) return after.isDictionary();
    if (!after.isDictionary()) return false;
    for (const std::string category : {"/Font", "/Encoding"}) {
        QPDFObjectHandle b = before.getKey(category), a = after.getKey(category);
        if (b.isNull()) continue;
        if (!b.isDictionary()) {
            if (!sameValue(b, a)) return false;
            continue;
        }
        if (!a.isDictionary()) return false;
        for (const auto& name : b.getKeys())
            if (!sameValue(b.getKey(name), a.getKey(name))) return false;
    }
    return true;
}

} // namespace

void explainFieldsAppended(QPDFObjectHandle before, QPDFObjectHandle after, std::vector<Explanation>& out)
{
    auto added = appendedItems(before, after);
    if (!added) {
        out.push_back({ModificationLevel::Other, false, modification::kFieldsRemoved,
                       "existing form fields were removed or reordered"});
        return;
    }
    for (QPDFObjectHandle f : *added) {
        if (isSignatureWidget(f) || fieldType(f) == "/Sig") {
            if (isDocTimestampField(f))
                out.push_back({ModificationLevel::LtaUpdate, true, modification::kDocTimestampAdded,
                               "document time-stamp added"});
            else
                out.push_back({ModificationLevel::FormFilling, true, modification::kSignatureFieldAdded,
                               "signature field added"});
        } else {
            out.push_back({ModificationLevel::Other, false, modification::kFormFieldAdded,
                           "form field " + f.unparse() + " added (new fields are not form filling)"});
        }
    }
}

void explainAcroFormChange(QPDFObjectHandle before, QPDFObjectHandle after, std::vector<Explanation>& out)
{
    for (const auto& k : changedKeys(before, after)) {
        if (k == "/Fields") {
            // An indirect array is compared as an object of its own.
            if (!sameIndirect(before.getKey("/Fields"), after.getKey("/Fields")))
                explainFieldsAppended(before.getKey("/Fields"), after.getKey("/Fields"), out);
        } else if (k == "/SigFlags") {
            out.push_back({ModificationLevel::LtaUpdate, true, modification::kSigFlagsSet, "/SigFlags set"});
        } else if (k == "/DR" && onlyAdds(before.getKey("/DR"), after.getKey("/DR"))) {
            // New resource names only: an existing name re-pointed (a font whose encoding maps
            // '1' to '0') changes how every field drawn with it looks. /DA and
            // /NeedAppearances likewise change fields that were signed as they were: Other.
            out.push_back({ModificationLevel::FormFilling, true, modification::kFormResourcesUpdated,
                           "form resources /DR extended"});
        } else if (k == "/DA" && before.getKey("/DA").isNull() && after.getKey("/NeedAppearances").isNull()) {
            out.push_back({ModificationLevel::FormFilling, true, modification::kFormResourcesUpdated,
                           "default appearance /DA set"});
        } else if (k == "/NeedAppearances" && after.getKey("/NeedAppearances").isBool() &&
                   !after.getKey("/NeedAppearances").getBoolValue()) {
            out.push_back(
                {ModificationLevel::FormFilling, true, modification::kFormResourcesUpdated, "/NeedAppearances false"});
        } else {
            out.push_back({ModificationLevel::Other, false, modification::kAcroFormEntryChanged,
                           "AcroForm entry " + k + " changed"});
        }
    }
}

std::unique_ptr<ModificationRule> makeAcroFormRule()
{
    return std::make_unique<AcroFormRule>();
}
std::unique_ptr<ModificationRule> makeFieldsArrayRule()
{
    return std::make_unique<FieldsArrayRule>();
}
std::unique_ptr<ModificationRule> makeFormFillRule()
{
    return std::make_unique<FormFillRule>();
}
std::unique_ptr<ModificationRule> makeSignatureFieldSignRule()
{
    return std::make_unique<SignatureFieldSignRule>();
}

} // namespace sandi::crypto::pdf
