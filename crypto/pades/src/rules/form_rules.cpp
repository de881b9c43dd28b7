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
        explainAcroFormChange(revs, c.before, c.after, out);
        return true;
    }
};

// The indirect /Fields array.
class FieldsArrayRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (c.og != revs.fieldsArray) return false;
        explainFieldsAppended(revs, c.before, c.after, out);
        return true;
    }
};

std::string fieldName(const ObjectChange& c)
{
    return c.before.getKey("/T").isString() ? c.before.getKey("/T").unparse() : objectName(c.og);
}

// The value a field or widget shows: its own /V, or (a widget without one) its parent's.
QPDFObjectHandle shownValue(QPDFObjectHandle h)
{
    for (int depth = 0; h.isDictionary() && depth <= kMaxFieldDepth; ++depth, h = h.getKey("/Parent"))
        if (h.hasKey("/V") || h.getKey("/T").isString()) return h.getKey("/V");
    return QPDFObjectHandle::newNull();
}

// Form filling: the value and appearance of a field that existed, was fillable and is
// not a signature. A new appearance needs a new value: an appearance that changes while
// the value stays is a shadow, not filling (a viewer shows the appearance). Any other
// change to it is left to the next rule (none: Other).
class FormFillRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (!revs.fillable.contains(c.og) || !c.before.isDictionary() || !c.after.isDictionary()) return false;
        for (const auto& k : changedKeys(c.before, c.after))
            if (k != "/V" && k != "/AS" && k != "/AP" && !(k == "/M" && c.after.getKey("/M").isString())) return false;
        if (revs.locked.contains(c.og)) {
            out.push_back({ModificationLevel::Other, false, modification::kLockedFieldChanged,
                           "form field " + fieldName(c) + ", locked by a signature (FieldMDP), changed"});
            return true;
        }
        if (sameValue(shownValue(c.before), shownValue(c.after))) {
            out.push_back({ModificationLevel::Other, false, modification::kAppearanceChanged,
                           "the appearance of form field " + fieldName(c) + " changed while its value did not"});
            return true;
        }
        out.push_back({ModificationLevel::FormFilling, true, modification::kFormFieldFilled,
                       "form field " + fieldName(c) + " filled in"});
        return true;
    }
};

// Only bits set: `after`'s flags keep every flag of `before` and add read-only (bit 1) at most.
bool onlySetsReadOnly(QPDFObjectHandle before, QPDFObjectHandle after)
{
    const long long b = before.isInteger() ? before.getIntValue() : 0;
    if (!after.isInteger()) return false;
    return (after.getIntValue() | 1) == (b | 1) && (after.getIntValue() & 1) == 1;
}

// Signing a signature field that existed, unsigned, when the document was signed (the
// approval fields a certifier prepares): its value, appearance and appearance state, and
// the signer setting it read-only (/Ff) or adding its lock (/Lock). Its place and size were
// fixed before signing, so a visible appearance there is allowed under a certification too.
class SignatureFieldSignRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (!revs.unsignedSignatureFields.contains(c.og) || !c.before.isDictionary() || !c.after.isDictionary())
            return false;
        for (const auto& k : changedKeys(c.before, c.after)) {
            if (k == "/V" || k == "/AP" || k == "/AS") continue;
            if (k == "/M" && c.after.getKey("/M").isString()) continue; // the annotation's date (pdfsig sets it)
            if (k == "/Ff" && onlySetsReadOnly(c.before.getKey("/Ff"), c.after.getKey("/Ff"))) continue;
            if (k == "/Lock" && c.before.getKey("/Lock").isNull() && c.after.getKey("/Lock").isDictionary()) continue;
            return false;
        }
        // The value: a new signature dictionary (no object of the signed revision), that no
        // other object refers to (one signature, one field).
        QPDFObjectHandle v = c.after.getKey("/V");
        if (!isSignatureValue(v)) return false;
        if (revs.signedRev.xrefTable().contains(v.getObjGen())) return false;
        if (!revs.referencedOnlyBy(v.getObjectID(), c.og.getObj())) return false;
        if (revs.locked.contains(c.og)) {
            out.push_back({ModificationLevel::Other, false, modification::kLockedFieldChanged,
                           "signature field " + fieldName(c) + ", locked by a signature (FieldMDP), signed"});
            return true;
        }
        out.push_back({ModificationLevel::FormFilling, true, modification::kSignatureFieldSigned,
                       "signature field " + fieldName(c) + " signed"});
        return true;
    }
};

// A signed signature field set read-only afterwards (signing tools do it when they lock
// the signature they made): the read-only flag only.
class SignedFieldReadOnlyRule final : public ModificationRule {
  public:
    bool explain(const RevisionPair& revs, const ObjectChange& c, std::vector<Explanation>& out) const override
    {
        if (!revs.signedSignatureFields.contains(c.og) || !c.before.isDictionary() || !c.after.isDictionary())
            return false;
        const auto keys = changedKeys(c.before, c.after);
        if (keys != std::set<std::string>{"/Ff"} || !onlySetsReadOnly(c.before.getKey("/Ff"), c.after.getKey("/Ff")))
            return false;
        out.push_back({ModificationLevel::LtaUpdate, true, modification::kSignatureFieldLocked,
                       "signature field " + fieldName(c) + " set read-only"});
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

void explainFieldsAppended(const RevisionPair& revs, QPDFObjectHandle before, QPDFObjectHandle after,
                           std::vector<Explanation>& out)
{
    auto added = appendedItems(before, after);
    if (!added) {
        out.push_back({ModificationLevel::Other, false, modification::kFieldsRemoved,
                       "existing form fields were removed or reordered"});
        return;
    }
    for (QPDFObjectHandle f : *added) {
        if (!f.isDictionary()) {
            out.push_back({ModificationLevel::Other, false, modification::kFormFieldAdded,
                           "form field " + f.unparse() + " added (not a field dictionary)"});
            continue;
        }
        // New behaviour: an action on the field or one of its widgets.
        bool actions = hasActions(f);
        QPDFObjectHandle kids = f.getKey("/Kids");
        for (int i = 0; kids.isArray() && i < kids.getArrayNItems() && i < kMaxFieldNodes; ++i)
            actions = actions || hasActions(kids.getArrayItem(i));
        if (actions) {
            out.push_back({ModificationLevel::Other, false, modification::kActionAdded,
                           "new form field " + f.unparse() + " carries an action (/A, /AA)"});
            continue;
        }
        const bool signature = isSignatureWidget(f) || fieldType(f) == "/Sig";
        // A signature field is unsigned (no /V) or holds a new signature that is verified on
        // its own; a /V that is a direct dictionary, lacks /Contents or is an old object
        // makes it a field like any other.
        const bool value = !f.getKey("/V").isNull();
        if (signature && (!value || isNewSignature(revs, f))) {
            if (isDocTimestampField(f))
                out.push_back({ModificationLevel::LtaUpdate, true, modification::kDocTimestampAdded,
                               "document time-stamp added"});
            else
                out.push_back({ModificationLevel::FormFilling, true, modification::kSignatureFieldAdded,
                               "signature field added"});
        } else {
            out.push_back({ModificationLevel::Other, false, modification::kFormFieldAdded,
                           "form field " + f.unparse() + " added (new fields are not form filling" +
                               (signature ? "; its value is not a signature of its own)" : ")")});
        }
    }
}

void explainAcroFormChange(const RevisionPair& revs, QPDFObjectHandle before, QPDFObjectHandle after,
                           std::vector<Explanation>& out)
{
    // Whether a viewer regenerates every field's appearance (from /DA and /DR) in a revision.
    auto regenerates = [](QPDFObjectHandle acro) {
        QPDFObjectHandle n = acro.isDictionary() ? acro.getKey("/NeedAppearances") : QPDFObjectHandle::newNull();
        return !n.isNull() && !(n.isBool() && !n.getBoolValue()); // anything but absent or false: yes
    };
    const bool regenerated = regenerates(before) || regenerates(after);
    for (const auto& k : changedKeys(before, after)) {
        if (k == "/Fields") {
            // An indirect array is compared as an object of its own.
            if (!sameIndirect(before.getKey("/Fields"), after.getKey("/Fields")))
                explainFieldsAppended(revs, before.getKey("/Fields"), after.getKey("/Fields"), out);
        } else if (k == "/SigFlags") {
            out.push_back({ModificationLevel::LtaUpdate, true, modification::kSigFlagsSet, "/SigFlags set"});
        } else if (k == "/DR" && onlyAdds(before.getKey("/DR"), after.getKey("/DR"))) {
            // New resource names only: an existing name re-pointed (a font whose encoding maps
            // '1' to '0') changes how every field drawn with it looks. /DA and
            // /NeedAppearances likewise change fields that were signed as they were: Other.
            out.push_back({ModificationLevel::FormFilling, true, modification::kFormResourcesUpdated,
                           "form resources /DR extended"});
        } else if (k == "/DA" && before.getKey("/DA").isNull() && !regenerated) {
            // Used only when a field is filled (no appearance is regenerated otherwise).
            out.push_back({ModificationLevel::FormFilling, true, modification::kFormResourcesUpdated,
                           "default appearance /DA set"});
        } else if (k == "/NeedAppearances" && !regenerated) {
            // Absent and false read alike; from true to false, the stored appearances (which
            // no viewer showed) would be shown instead: ACROFORM_ENTRY_CHANGED.
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
std::unique_ptr<ModificationRule> makeSignedFieldReadOnlyRule()
{
    return std::make_unique<SignedFieldReadOnlyRule>();
}

} // namespace sandi::crypto::pdf
