// SPDX-License-Identifier: GPL-3.0-or-later
// What changed between a signed revision and a later one, judged as a policy of small
// rules (pyHanko's sign/diff_analysis is the model). The diff finds every object the
// later revision changed; each rule explains the objects of its kind, each change at a
// ModificationLevel and saying whether it is valid under a certification signature at
// all; whatever no rule explains is a disallowed change. One function, `permitted`,
// compares a change with the document's DocMDP permission.
#pragma once

#include "form.h"
#include "pdf_internal.h"
#include "sandi/sign/findings.h"

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto::pdf {

// Ordered: a permission allows every level up to its own.
enum class ModificationLevel {
    LtaUpdate,   // validation data (/DSS), document time-stamps
    FormFilling, // filling fields, adding and signing signature fields
    Annotation,  // comments (/Text, /Popup)
    Other,       // anything else: never allowed after signing
};

struct Explanation {
    ModificationLevel level = ModificationLevel::Other;
    bool validUnderCertification = true; // false: allowed after an approval signature only
    std::string_view code;
    std::string text;
    bool remark = false; // not a change: a note for the report's remarks (a repair that reads the same)
};

// The highest level a permission allows (approval signatures: form filling).
ModificationLevel maxLevel(DocMdpPermission p) noexcept;
// The one place where a change meets the permission.
bool permitted(const Explanation& e, DocMdpPermission p) noexcept;

// The two revisions and the facts about the signed one that several rules use.
struct RevisionPair {
    Document& signedRev;
    Document& laterRev;
    QPDFObjGen root;
    QPDFObjGen acroForm;
    QPDFObjGen fieldsArray;
    std::map<QPDFObjGen, int> pages;       // page object → page number (1-based)
    std::map<QPDFObjGen, int> annotArrays; // indirect /Annots array → page number
    std::set<QPDFObjGen> fillable;         // terminal non-signature fields that are not read-only, and their widgets
    std::set<QPDFObjGen> unsignedSignatureFields; // terminal /Sig fields without a value, and their widgets
    std::set<QPDFObjGen> signedSignatureFields;   // terminal /Sig fields with a signature value
    std::set<QPDFObjGen> locked;                  // fields (and widgets) a signature's FieldMDP /Lock locks
    std::set<int> structTree;      // the objects of the logical structure (tagging) under /StructTreeRoot
    QPDFObjGen dss;                // the indirect /DSS dictionary
    std::set<QPDFObjGen> dssParts; // its indirect /VRI, /Certs, /CRLs, /OCSPs
    QPDFObjGen info;               // the trailer's /Info dictionary
    QPDFObjGen metadata;           // the catalog's /Metadata stream

    static RevisionPair index(Document& signedRev, Document& laterRev);

    // Whether, in both revisions, no object but `parent` refers to object `target`
    // (`parent` empty: no object at all — the trailer only). The rules that allow an object
    // to change because of its role (/Info, XMP metadata, /DSS, a signature value) use it,
    // so that the object cannot also play a part a viewer shows (a page's resources,
    // content, annotation).
    [[nodiscard]] bool referencedOnlyBy(int target, std::optional<int> parent) const;
    // The same with a set of parents: in the signed revision only `parents` refer to
    // `target`; in the later one also objects that are new.
    [[nodiscard]] bool referencedOnlyByAny(int target, const std::set<int>& parents) const;

    // Whether `og` is a field or a field's widget in the later revision's form (reached
    // from its /Fields).
    [[nodiscard]] bool inLaterForm(QPDFObjGen og) const;

    // referencedOnlyBy's index of each revision, made on first use (and kept by the
    // Document: the later revision's is derived from the signed one's by the objects that
    // changed, so comparing each revision with the one before it reads each object once).
    [[nodiscard]] const std::map<int, std::set<int>>& signedReferrers() const;
    [[nodiscard]] const std::map<int, std::set<int>>& laterReferrers() const;
    // The objects whose cross-reference entries differ between the revisions (changed, new,
    // freed or removed): the same entry is the same bytes.
    [[nodiscard]] const std::vector<QPDFObjGen>& changedEntries() const;
    mutable std::optional<std::set<QPDFObjGen>> laterFormNodes;
    mutable std::optional<std::vector<QPDFObjGen>> changed;
};

// What the modification policy remembers across the revisions of one file, by the offset of
// an object in the file's bytes (the same offset in the same bytes is the same object text).
struct ObjectMemo;
// A memo for the Documents of one file's revisions (Document::shareMemo).
std::shared_ptr<ObjectMemo> newObjectMemo();

// One changed object: same number in both revisions, different content.
struct ObjectChange {
    QPDFObjGen og;
    mutable QPDFObjectHandle before; // (qpdf 11's accessors are not const)
    mutable QPDFObjectHandle after;
};

class ModificationRule {
  public:
    virtual ~ModificationRule() = default;
    // Explains `change` if the object is of this rule's kind (returns false otherwise,
    // leaving it to the next rule). An explanation may be that the change is of level Other.
    virtual bool explain(const RevisionPair& revs, const ObjectChange& change, std::vector<Explanation>& out) const = 0;
};

// The rules in the order they are asked (rules/*.cpp).
std::vector<std::unique_ptr<ModificationRule>> defaultRules();

// Facts about the later revision as a whole (catalog and /Info replaced, objects freed
// or brought back, undefined references defined): always level Other.
void reviewStructure(const RevisionPair& revs, std::vector<Explanation>& out);
// After every object was read (qpdf parses lazily): did any need repairs?
void reviewRepairs(const RevisionPair& revs, std::vector<Explanation>& out);

// Every explanation of what `laterRev` changed relative to `signedRev`. The verifier
// compares each revision with the one before it, so that the indexes each Document keeps
// are derived from its predecessor's.
std::vector<Explanation> reviewRevision(Document& signedRev, Document& laterRev);

// Shared by the rules.
std::string objectName(QPDFObjGen og);
std::string typeSuffix(QPDFObjectHandle h); // " (/Annot /Stamp)", or ""
std::string keyText(QPDFObjectHandle dict, const std::string& key);
// The keys whose values differ (sameValue), absent keys included.
std::set<std::string> changedKeys(QPDFObjectHandle before, QPDFObjectHandle after);
// What a viewer reads the same: numbers by value (612 and 612.0), dictionaries and arrays
// item by item, streams by dictionary and raw data; a reference nested in a value is the
// same only as the same object number (whose own changes are reviewed on their own). At
// the top, two different references are the same when their objects read the same (an
// update that re-points a key to a copy).
bool sameValue(QPDFObjectHandle before, QPDFObjectHandle after);
// The same for two versions of one object number.
bool sameContent(QPDFObjectHandle before, QPDFObjectHandle after);
// The items `after` appends to `before` (an array that must start with every old item),
// or nothing when old items were removed or reordered.
std::optional<std::vector<QPDFObjectHandle>> appendedItems(QPDFObjectHandle before, QPDFObjectHandle after);

// A new object (none of the signed revision's) that only the trailer refers to and that
// reads the same as `before`: a writer that renumbered the catalog changed nothing.
bool isNewCopy(const RevisionPair& revs, QPDFObjectHandle after, QPDFObjectHandle before);

// Rules other rules delegate to (an AcroForm held directly in the catalog, a /Fields
// array, a page's /Annots array, however they are stored).
void explainAcroFormChange(const RevisionPair& revs, QPDFObjectHandle before, QPDFObjectHandle after,
                           std::vector<Explanation>& out);
void explainFieldsAppended(const RevisionPair& revs, QPDFObjectHandle before, QPDFObjectHandle after,
                           std::vector<Explanation>& out);
void explainAnnotsChange(const RevisionPair& revs, QPDFObjectHandle before, QPDFObjectHandle after, int page,
                         std::vector<Explanation>& out);
// A new signature field (or widget) whose signature value is new in the later revision and
// referred to by that field alone: a signature that is verified on its own.
bool isNewSignature(const RevisionPair& revs, QPDFObjectHandle field);

} // namespace sandi::crypto::pdf
