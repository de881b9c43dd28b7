// SPDX-License-Identifier: GPL-3.0-or-later
#include "modification_policy.h"

#include "sandi/pades/pades_verify.h"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <tuple>

namespace sandi::crypto::pdf {
namespace {

using XRefTable = std::map<QPDFObjGen, QPDFXRefEntry>;

// What a viewer shows for an object: its dictionary (or array, ...) and, for a
// stream, the raw data. Indirect references stay references.
std::string fingerprint(QPDFObjectHandle h)
{
    if (h.isStream()) {
        auto data = h.getRawStreamData();
        return h.getDict().unparse() + "stream" +
               std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
    }
    return h.unparseResolved();
}

// The same bytes in both revisions: the same offset, or the same slot of an object
// stream that itself did not move.
bool sameEntry(const QPDFXRefEntry& a, const QPDFXRefEntry& b, const XRefTable& sTable, const XRefTable& lTable)
{
    if (a.getType() != b.getType()) return false;
    if (a.getType() == 1) return a.getOffset() == b.getOffset();
    if (a.getType() == 2) {
        if (a.getObjStreamNumber() != b.getObjStreamNumber() || a.getObjStreamIndex() != b.getObjStreamIndex())
            return false;
        const QPDFObjGen stream(a.getObjStreamNumber(), 0);
        const auto sa = sTable.find(stream);
        const auto la = lTable.find(stream);
        return sa != sTable.end() && la != lTable.end() && sa->second.getType() == 1 && la->second.getType() == 1 &&
               sa->second.getOffset() == la->second.getOffset();
    }
    return false;
}

bool sameNested(QPDFObjectHandle a, QPDFObjectHandle b, int depth);

bool sameDirect(QPDFObjectHandle a, QPDFObjectHandle b, int depth)
{
    if (depth > kMaxFieldDepth) {
        noteBudgetExhausted("object nesting (" + std::to_string(kMaxFieldDepth) + " levels)");
        return false;
    }
    if (a.isStream() || b.isStream()) return a.isStream() && b.isStream() && fingerprint(a) == fingerprint(b);
    if (a.isInteger() && b.isInteger()) return a.getIntValue() == b.getIntValue();
    if (a.isNumber() && b.isNumber()) return a.getNumericValue() == b.getNumericValue();
    if (a.isArray() && b.isArray()) {
        const int n = a.getArrayNItems();
        if (n != b.getArrayNItems()) return false;
        for (int i = 0; i < n; ++i)
            if (!sameNested(a.getArrayItem(i), b.getArrayItem(i), depth + 1)) return false;
        return true;
    }
    if (a.isDictionary() && b.isDictionary()) {
        std::set<std::string> keys = a.getKeys();
        for (const auto& k : b.getKeys())
            keys.insert(k);
        for (const auto& k : keys)
            if (!sameNested(a.getKey(k), b.getKey(k), depth + 1)) return false; // an absent key reads as null
        return true;
    }
    return a.unparse() == b.unparse(); // names, strings, booleans, null
}

bool sameNested(QPDFObjectHandle a, QPDFObjectHandle b, int depth)
{
    if (a.isIndirect() || b.isIndirect()) return a.isIndirect() && b.isIndirect() && a.getObjGen() == b.getObjGen();
    return sameDirect(a, b, depth);
}

} // namespace

bool sameContent(QPDFObjectHandle before, QPDFObjectHandle after)
{
    return sameDirect(before, after, 0);
}

bool sameValue(QPDFObjectHandle before, QPDFObjectHandle after)
{
    if (before.isIndirect() && after.isIndirect() && before.getObjGen() == after.getObjGen()) return true;
    return sameDirect(before, after, 0);
}

namespace {

void collectTargets(QPDFObjectHandle h, std::set<int>& out, int depth)
{
    if (depth > kMaxFieldDepth) {
        noteBudgetExhausted("object nesting (" + std::to_string(kMaxFieldDepth) + " levels)");
        return;
    }
    if (depth > 0 && h.isIndirect()) {
        out.insert(h.getObjectID());
        return;
    }
    if (h.isStream()) return collectTargets(h.getDict(), out, depth + 1);
    if (h.isArray()) {
        for (int i = 0; i < h.getArrayNItems(); ++i)
            collectTargets(h.getArrayItem(i), out, depth + 1);
    } else if (h.isDictionary()) {
        for (const auto& k : h.getKeys())
            collectTargets(h.getKey(k), out, depth + 1);
    }
}

bool isXrefStream(QPDFObjectHandle h)
{
    return h.isStream() && h.getDict().getKey("/Type").isName() && h.getDict().getKey("/Type").getName() == "/XRef";
}

// The objects `h` (object number `from`) refers to, entered in `index`. A cross-reference
// stream is a trailer, not part of the document.
void addReferrer(std::map<int, std::set<int>>& index, QPDFObjectHandle h, int from)
{
    if (isXrefStream(h)) return;
    std::set<int> targets;
    collectTargets(h, targets, 0);
    for (int t : targets)
        index[t].insert(from);
}

// object number → the objects that refer to it (in this revision's cross-reference table).
std::map<int, std::set<int>> referrersOf(Document& d)
{
    std::map<int, std::set<int>> out;
    for (const auto& [og, entry] : d.xrefTable())
        if (entry.getType() != 0) addReferrer(out, d.qpdf().getObjectByObjGen(og), og.getObj());
    return out;
}

} // namespace

const std::vector<QPDFObjGen>& RevisionPair::changedEntries() const
{
    if (changed) return *changed;
    changed.emplace();
    const XRefTable& sTable = signedRev.xrefTable();
    const XRefTable& lTable = laterRev.xrefTable();
    for (const auto& [og, entry] : sTable) {
        const auto it = lTable.find(og);
        if (it == lTable.end() || !sameEntry(entry, it->second, sTable, lTable)) changed->push_back(og);
    }
    for (const auto& [og, entry] : lTable)
        if (!sTable.contains(og)) changed->push_back(og);
    return *changed;
}

const std::map<int, std::set<int>>& RevisionPair::signedReferrers() const
{
    auto& cache = signedRev.referrersCache();
    if (!cache) cache = referrersOf(signedRev);
    return *cache;
}

const std::map<int, std::set<int>>& RevisionPair::laterReferrers() const
{
    auto& cache = laterRev.referrersCache();
    if (cache) return *cache;
    // The signed revision's index, less what the changed objects referred to, plus what they
    // refer to now: an object whose entry is the same is the same bytes.
    std::map<int, std::set<int>> index = signedReferrers();
    const XRefTable& sTable = signedRev.xrefTable();
    const XRefTable& lTable = laterRev.xrefTable();
    for (QPDFObjGen og : changedEntries()) {
        if (const auto it = sTable.find(og); it != sTable.end() && it->second.getType() != 0) {
            std::set<int> targets;
            collectTargets(signedRev.qpdf().getObjectByObjGen(og), targets, 0);
            for (int t : targets)
                if (auto at = index.find(t); at != index.end()) at->second.erase(og.getObj());
        }
    }
    for (QPDFObjGen og : changedEntries())
        if (const auto it = lTable.find(og); it != lTable.end() && it->second.getType() != 0)
            addReferrer(index, laterRev.qpdf().getObjectByObjGen(og), og.getObj());
    // Another generation of a changed object's number may still refer to what it did (one
    // pass over the table: an update may change every object of a large file).
    std::set<int> changedNumbers;
    for (QPDFObjGen og : changedEntries())
        changedNumbers.insert(og.getObj());
    const std::set<QPDFObjGen> changedSet(changedEntries().begin(), changedEntries().end());
    for (const auto& [other, entry] : lTable)
        if (entry.getType() != 0 && changedNumbers.contains(other.getObj()) && !changedSet.contains(other))
            addReferrer(index, laterRev.qpdf().getObjectByObjGen(other), other.getObj());
    cache = std::move(index);
    return *cache;
}

bool RevisionPair::referencedOnlyBy(int target, std::optional<int> parent) const
{
    for (const auto* map : {&signedReferrers(), &laterReferrers()}) {
        const auto it = map->find(target);
        if (it == map->end()) continue;
        for (int r : it->second)
            if (!parent || r != *parent) return false;
    }
    return true;
}

namespace {

// A FieldMDP lock (ISO 32000-1 §12.7.4.5, Table 233): /Action /All, or /Include or
// /Exclude with the fully qualified names in /Fields (a name also locks the fields below it).
struct FieldLock {
    std::string action;
    std::vector<std::string> names;

    [[nodiscard]] bool locks(const std::string& field) const
    {
        const bool named = std::any_of(names.begin(), names.end(), [&](const std::string& n) {
            return field == n || (field.size() > n.size() && field.starts_with(n) && field[n.size()] == '.');
        });
        if (action == "/Include") return named;
        if (action == "/Exclude") return !named;
        return true; // /All, and any action the standard does not name: the strict reading
    }
};

std::optional<FieldLock> readLock(QPDFObjectHandle d)
{
    if (!d.isDictionary()) return std::nullopt;
    FieldLock l;
    l.action = d.getKey("/Action").isName() ? d.getKey("/Action").getName() : "/All";
    QPDFObjectHandle names = d.getKey("/Fields");
    for (int i = 0; names.isArray() && i < names.getArrayNItems() && i < kMaxFieldNodes; ++i)
        if (names.getArrayItem(i).isString()) l.names.push_back(names.getArrayItem(i).getUTF8Value());
    return l;
}

// The lock a signature value's /Reference with /TransformMethod /FieldMDP gives (the first
// found: writers set it and the field's /Lock alike).
std::optional<FieldLock> referenceLock(QPDFObjectHandle v)
{
    QPDFObjectHandle refs = v.isDictionary() ? v.getKey("/Reference") : QPDFObjectHandle::newNull();
    for (int i = 0; refs.isArray() && i < refs.getArrayNItems() && i < kMaxFieldNodes; ++i) {
        QPDFObjectHandle ref = refs.getArrayItem(i);
        if (ref.isDictionary() && ref.getKey("/TransformMethod").isName() &&
            ref.getKey("/TransformMethod").getName() == "/FieldMDP")
            if (auto l = readLock(ref.getKey("/TransformParams"))) return l;
    }
    return std::nullopt;
}

// Whether a direct value holds an indirect reference (within the nesting budget; past it: yes).
bool holdsReference(QPDFObjectHandle h, int depth)
{
    if (h.isIndirect()) return true;
    if (depth > kMaxFieldDepth) return true;
    if (h.isArray()) {
        for (int i = 0; i < h.getArrayNItems(); ++i)
            if (holdsReference(h.getArrayItem(i), depth + 1)) return true;
    } else if (h.isDictionary()) {
        for (const auto& k : h.getKeys())
            if (holdsReference(h.getKey(k), depth + 1)) return true;
    }
    return false;
}

// What the index reads of a signature field's value.
struct ValueFacts {
    bool null = true;
    bool signatureValue = false;
    std::optional<FieldLock> lock; // from its /Reference
};

} // namespace

struct ObjectMemo {
    // By the value's offset and the object number and generation the table gives for it (an
    // entry that names another object at the same offset is read on its own).
    std::map<std::tuple<long long, int, int>, ValueFacts> values;
};

std::shared_ptr<ObjectMemo> newObjectMemo()
{
    return std::make_shared<ObjectMemo>();
}

namespace {

// A field's /V, read once per file when it is a plain object whose keys hold no references
// (a file with N signatures has N revisions, each with up to N signed fields, whose values
// hold large /Contents strings).
ValueFacts valueFacts(Document& d, QPDFObjectHandle field)
{
    QPDFObjectHandle v = field.getKey("/V");
    auto read = [&] {
        ValueFacts f;
        f.null = v.isNull();
        f.signatureValue = isSignatureValue(v);
        if (f.signatureValue) f.lock = referenceLock(v);
        return f;
    };
    if (!v.isIndirect() || d.memo() == nullptr) return read();
    const auto& table = d.xrefTable();
    const auto entry = table.find(v.getObjGen());
    if (entry == table.end() || entry->second.getType() != 1) return read();
    auto& values = d.memo()->values;
    const auto key = std::make_tuple(entry->second.getOffset(), v.getObjectID(), v.getGeneration());
    if (const auto it = values.find(key); it != values.end()) return it->second;
    ValueFacts f = read();
    if (!v.isDictionary() || v.isStream()) return f;
    for (const auto& k : v.getKeys())
        if (holdsReference(v.getKey(k), 0)) return f;
    values.emplace(key, f);
    return f;
}

} // namespace

bool RevisionPair::inLaterForm(QPDFObjGen og) const
{
    if (!laterFormNodes) {
        laterFormNodes.emplace();
        QPDFObjectHandle acro = laterRev.root().getKey("/AcroForm");
        walkFields(acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull(),
                   [&](const FieldVisit& v) {
                       QPDFObjectHandle f = v.field;
                       if (f.isIndirect()) laterFormNodes->insert(f.getObjGen());
                       QPDFObjectHandle kids = f.getKey("/Kids");
                       for (int i = 0; kids.isArray() && i < kids.getArrayNItems() && i < kMaxFieldNodes; ++i)
                           if (kids.getArrayItem(i).isIndirect())
                               laterFormNodes->insert(kids.getArrayItem(i).getObjGen());
                   });
    }
    return laterFormNodes->contains(og);
}

bool isNewSignature(const RevisionPair& revs, QPDFObjectHandle field)
{
    QPDFObjectHandle v = field;
    for (int depth = 0; v.isDictionary() && v.getKey("/V").isNull() && depth <= kMaxFieldDepth; ++depth)
        v = v.getKey("/Parent");
    if (!v.isDictionary()) return false;
    const int holder = v.getObjectID();
    v = v.getKey("/V");
    return isSignatureValue(v) && !revs.signedRev.xrefTable().contains(v.getObjGen()) &&
           revs.referencedOnlyBy(v.getObjectID(), holder);
}

namespace {

bool isNewTrailerObject(const RevisionPair& revs, QPDFObjectHandle h)
{
    return h.isIndirect() && !revs.signedRev.xrefTable().contains(h.getObjGen()) &&
           revs.referencedOnlyBy(h.getObjectID(), std::nullopt);
}

} // namespace

bool isNewCopy(const RevisionPair& revs, QPDFObjectHandle after, QPDFObjectHandle before)
{
    return isNewTrailerObject(revs, after) && before.isDictionary() && after.isDictionary() && !after.isStream() &&
           sameContent(before, after);
}

bool RevisionPair::referencedOnlyByAny(int target, const std::set<int>& parents) const
{
    const auto& sTable = signedRev.xrefTable();
    const auto& signedIndex = signedReferrers();
    for (const auto* map : {&signedIndex, &laterReferrers()}) {
        const auto it = map->find(target);
        if (it == map->end()) continue;
        for (int r : it->second)
            if (!parents.contains(r) && (map == &signedIndex || sTable.contains(QPDFObjGen(r, 0)))) return false;
    }
    return true;
}

namespace {

// The objects of the structure tree: its root, elements, parent tree and maps, reached
// through the keys that hold structure (never /Pg, /Obj, /Stm: the pages, annotations and
// streams a structure element points at are not part of it).
std::set<int> structureObjects(Document& d)
{
    std::set<int> out;
    std::vector<std::pair<QPDFObjectHandle, int>> todo{{d.root().getKey("/StructTreeRoot"), 0}};
    static const std::set<std::string> kStructureKeys{
        "/K", "/ParentTree", "/Nums", "/Kids", "/RoleMap", "/ClassMap", "/IDTree", "/Names", "/P", "/A", "/C"};
    std::size_t budget = kMaxFieldNodes;
    while (!todo.empty() && budget-- > 0) {
        auto [h, depth] = todo.back();
        todo.pop_back();
        if (depth > kMaxFieldDepth * 4 || h.isStream()) continue;
        if (h.isIndirect() && !out.insert(h.getObjectID()).second) continue;
        if (h.isArray()) {
            for (int i = 0; i < h.getArrayNItems() && i < kMaxFieldNodes; ++i)
                todo.emplace_back(h.getArrayItem(i), depth + 1);
        } else if (h.isDictionary()) {
            for (const auto& k : h.getKeys())
                if (kStructureKeys.contains(k)) todo.emplace_back(h.getKey(k), depth + 1);
        }
    }
    return out;
}

} // namespace

ModificationLevel maxLevel(DocMdpPermission p) noexcept
{
    switch (p) {
    case DocMdpPermission::NoChanges:
        return ModificationLevel::LtaUpdate;
    case DocMdpPermission::Annotations:
        return ModificationLevel::Annotation;
    case DocMdpPermission::NotCertified:
    case DocMdpPermission::FormFilling:
        return ModificationLevel::FormFilling;
    }
    return ModificationLevel::LtaUpdate;
}

bool permitted(const Explanation& e, DocMdpPermission p) noexcept
{
    if (e.level > maxLevel(p)) return false;
    return p == DocMdpPermission::NotCertified || e.validUnderCertification;
}

RevisionPair RevisionPair::index(Document& signedRev, Document& laterRev)
{
    RevisionPair r{signedRev,
                   laterRev,
                   signedRev.root().getObjGen(),
                   QPDFObjGen(0, 0),
                   QPDFObjGen(0, 0),
                   {},
                   {},
                   {},
                   {},
                   {},
                   {},
                   {},
                   QPDFObjGen(0, 0),
                   {},
                   QPDFObjGen(0, 0),
                   QPDFObjGen(0, 0),
                   std::nullopt,
                   std::nullopt};
    QPDFObjectHandle dss = signedRev.root().getKey("/DSS");
    if (dss.isIndirect()) r.dss = dss.getObjGen();
    if (dss.isDictionary())
        for (const char* key : {"/VRI", "/Certs", "/CRLs", "/OCSPs"})
            if (dss.getKey(key).isIndirect()) r.dssParts.insert(dss.getKey(key).getObjGen());
    if (signedRev.trailer().getKey("/Info").isIndirect()) r.info = signedRev.trailer().getKey("/Info").getObjGen();
    if (signedRev.root().getKey("/Metadata").isIndirect())
        r.metadata = signedRev.root().getKey("/Metadata").getObjGen();
    int n = 1;
    for (QPDFObjectHandle page : pdf::pages(signedRev)) {
        r.pages[page.getObjGen()] = n;
        QPDFObjectHandle annots = page.getKey("/Annots");
        if (annots.isIndirect()) r.annotArrays[annots.getObjGen()] = n;
        ++n;
    }
    r.structTree = structureObjects(signedRev);
    QPDFObjectHandle acro = signedRev.root().getKey("/AcroForm");
    if (acro.isIndirect()) r.acroForm = acro.getObjGen();
    if (acro.isDictionary() && acro.getKey("/Fields").isIndirect()) r.fieldsArray = acro.getKey("/Fields").getObjGen();
    QPDFObjectHandle fields = acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull();
    // The FieldMDP locks of the signatures made so far (each lock holds from its signature
    // on, so every lock in the signed revision holds for the later ones).
    std::vector<FieldLock> locks;
    walkFields(fields, [&](const FieldVisit& v) {
        QPDFObjectHandle f = v.field;
        if (!v.terminal || fieldType(f) != "/Sig") return;
        const ValueFacts facts = valueFacts(signedRev, f);
        if (!facts.signatureValue) return;
        if (auto lock = readLock(f.getKey("/Lock")))
            locks.push_back(std::move(*lock));
        else if (facts.lock)
            locks.push_back(*facts.lock);
    });
    auto isLocked = [&](const std::string& name) {
        return std::any_of(locks.begin(), locks.end(), [&](const FieldLock& l) { return l.locks(name); });
    };
    // The fields form filling may change: terminal, not signatures, not read-only (Ff bit
    // 1, inherited), with their widgets (kids that are widget annotations: a kid of
    // another subtype is an annotation, never form filling).
    walkFields(fields, [&](const FieldVisit& v) {
        if (!v.terminal || !v.field.isIndirect()) return;
        QPDFObjectHandle f = v.field;
        std::vector<QPDFObjGen> nodes{f.getObjGen()};
        QPDFObjectHandle kids = f.getKey("/Kids");
        for (int i = 0; kids.isArray() && i < kids.getArrayNItems() && i < kMaxFieldNodes; ++i) {
            QPDFObjectHandle k = kids.getArrayItem(i);
            if (k.isIndirect() && k.isDictionary() && k.getKey("/Subtype").isName() &&
                k.getKey("/Subtype").getName() == "/Widget")
                nodes.push_back(k.getObjGen());
        }
        if (isLocked(v.fullName)) r.locked.insert(nodes.begin(), nodes.end());
        const std::string type = fieldType(f);
        if (type == "/Sig") {
            // Unsigned: prepared for a later signer (a certifier's approval fields).
            auto& set = valueFacts(signedRev, f).null ? r.unsignedSignatureFields : r.signedSignatureFields;
            set.insert(nodes.begin(), nodes.end());
            return;
        }
        const bool readOnly = (fieldFlags(f) & 1) != 0;
        const bool widgetOrField = f.getKey("/Subtype").isNull() ||
                                   (f.getKey("/Subtype").isName() && f.getKey("/Subtype").getName() == "/Widget");
        if (type.empty() || readOnly || !widgetOrField) return;
        r.fillable.insert(nodes.begin(), nodes.end());
    });
    return r;
}

std::vector<Explanation> reviewRevision(Document& signedRev, Document& laterRev)
{
    const RevisionPair revs = RevisionPair::index(signedRev, laterRev);
    std::vector<Explanation> out;
    reviewStructure(revs, out);
    const XRefTable& sTable = signedRev.xrefTable();
    const XRefTable& lTable = laterRev.xrefTable();
    static const auto rules = defaultRules();
    for (QPDFObjGen og : revs.changedEntries()) {
        // New objects count only through what references them; removed ones: reviewStructure.
        if (!sTable.contains(og) || !lTable.contains(og)) continue;
        const ObjectChange change{og, signedRev.qpdf().getObjectByObjGen(og), laterRev.qpdf().getObjectByObjGen(og)};
        if (sameContent(change.before, change.after)) continue; // re-pointed to identical content
        const bool explained =
            std::any_of(rules.begin(), rules.end(), [&](const auto& rule) { return rule->explain(revs, change, out); });
        if (!explained)
            out.push_back({ModificationLevel::Other, false, modification::kObjectChanged,
                           objectName(og) + typeSuffix(change.before) + " changed"});
    }
    reviewRepairs(revs, out);
    return out;
}

std::string objectName(QPDFObjGen og)
{
    return "object " + std::to_string(og.getObj()) + " " + std::to_string(og.getGen());
}

std::string typeSuffix(QPDFObjectHandle h)
{
    QPDFObjectHandle d = h.isStream() ? h.getDict() : h;
    if (!d.isDictionary()) return "";
    std::string t;
    if (d.getKey("/Type").isName()) t += d.getKey("/Type").getName();
    if (d.getKey("/Subtype").isName()) t += (t.empty() ? "" : " ") + d.getKey("/Subtype").getName();
    return t.empty() ? "" : " (" + t + ")";
}

std::string keyText(QPDFObjectHandle dict, const std::string& key)
{
    return dict.isDictionary() && dict.hasKey(key) ? dict.getKey(key).unparse() : std::string("(absent)");
}

std::set<std::string> changedKeys(QPDFObjectHandle before, QPDFObjectHandle after)
{
    std::set<std::string> keys = before.isDictionary() ? before.getKeys() : std::set<std::string>{};
    if (after.isDictionary())
        for (const auto& k : after.getKeys())
            keys.insert(k);
    std::set<std::string> out;
    for (const auto& k : keys)
        if (!sameValue(before.isDictionary() ? before.getKey(k) : QPDFObjectHandle::newNull(),
                       after.isDictionary() ? after.getKey(k) : QPDFObjectHandle::newNull()))
            out.insert(k);
    return out;
}

std::optional<std::vector<QPDFObjectHandle>> appendedItems(QPDFObjectHandle before, QPDFObjectHandle after)
{
    const int nb = before.isArray() ? before.getArrayNItems() : 0;
    const int na = after.isArray() ? after.getArrayNItems() : 0;
    if (na < nb) return std::nullopt;
    for (int i = 0; i < nb; ++i)
        if (before.getArrayItem(i).unparse() != after.getArrayItem(i).unparse()) return std::nullopt;
    std::vector<QPDFObjectHandle> out;
    for (int i = nb; i < na; ++i)
        out.push_back(after.getArrayItem(i));
    return out;
}

} // namespace sandi::crypto::pdf
