// SPDX-License-Identifier: GPL-3.0-or-later
// Verifying PDF signatures. The order of checks follows the published attacks:
// the byte range first (universal signature forgery, signature wrapping), then the
// cryptography, then the chain, then every later revision parsed on its own and
// compared object by object with the signed one (incremental saving, shadow attacks,
// evil annotations, sneaky signatures).
#include "sandi/pades/pades_verify.h"

#include "pdf_internal.h"
#include "sandi/sign/cms.h"
#include "sandi/sign/tsp.h"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>
#include <set>

namespace sandi::crypto {
namespace {

using pdf::Document;
using pdf::guarded;

constexpr int kMaxFieldDepth = 32;
constexpr int kMaxFields = 100000;
constexpr std::size_t kMaxSignatures = 1000;
constexpr std::size_t kMaxRevisions = 1000;
constexpr auto kMaxClockSkew = std::chrono::minutes(5);

std::string objName(QPDFObjGen og) { return "object " + std::to_string(og.getObj()) + " " + std::to_string(og.getGen()); }

// What a viewer shows for an object: its dictionary (or array, ...) and, for a
// stream, the raw data. Indirect references stay references.
std::string fingerprint(QPDFObjectHandle h)
{
    if (h.isStream()) {
        auto data = h.getRawStreamData();
        return h.getDict().unparse() + "stream" + std::string(reinterpret_cast<const char*>(data->getBuffer()), data->getSize());
    }
    return h.unparseResolved();
}

std::string keyText(QPDFObjectHandle dict, const std::string& key)
{
    return dict.hasKey(key) ? dict.getKey(key).unparse() : std::string("(absent)");
}

std::string typeOf(QPDFObjectHandle h)
{
    QPDFObjectHandle d = h.isStream() ? h.getDict() : h;
    if (!d.isDictionary()) return "";
    std::string t;
    if (d.getKey("/Type").isName()) t += d.getKey("/Type").getName();
    if (d.getKey("/Subtype").isName()) t += (t.empty() ? "" : " ") + d.getKey("/Subtype").getName();
    return t.empty() ? "" : " (" + t + ")";
}

bool isSignatureWidget(QPDFObjectHandle annot);

struct SigField {
    std::string name;
    QPDFObjGen field;       // the field (or merged field/widget) object
    QPDFObjGen value;       // the signature dictionary (/V)
};

// Walks a field tree iteratively with a visited set and a budget per node, calling
// `leaf(field, fullName)` for terminal fields (those without kids that are fields).
template <class Fn>
void walkFields(QPDFObjectHandle fields, Fn leaf)
{
    std::set<QPDFObjGen> visited;
    std::vector<std::tuple<QPDFObjectHandle, std::string, int>> stack;
    for (int i = fields.isArray() ? fields.getArrayNItems() - 1 : -1; i >= 0; --i)
        stack.emplace_back(fields.getArrayItem(i), "", 0);
    int budget = kMaxFields;
    while (!stack.empty() && --budget > 0) {
        auto [f, prefix, depth] = stack.back();
        stack.pop_back();
        if (depth > kMaxFieldDepth || !f.isDictionary()) continue;
        if (f.isIndirect() && !visited.insert(f.getObjGen()).second) continue;
        std::string name = prefix;
        if (f.getKey("/T").isString()) name = prefix.empty() ? f.getKey("/T").getUTF8Value() : prefix + "." + f.getKey("/T").getUTF8Value();
        QPDFObjectHandle kids = f.getKey("/Kids");
        bool hasFieldKids = false;
        const int n = kids.isArray() ? kids.getArrayNItems() : 0;
        for (int i = n - 1; i >= 0 && budget > 0; --i, --budget) {
            QPDFObjectHandle k = kids.getArrayItem(i);
            if (k.isDictionary() && k.hasKey("/T")) {
                hasFieldKids = true;
                stack.emplace_back(k, name, depth + 1);
            }
        }
        if (!hasFieldKids) leaf(f, name);
    }
}

// A field's type, inherited through /Parent.
std::string fieldType(QPDFObjectHandle f)
{
    for (int depth = 0; f.isDictionary() && depth <= kMaxFieldDepth; ++depth, f = f.getKey("/Parent"))
        if (f.getKey("/FT").isName()) return f.getKey("/FT").getName();
    return "";
}

void addSigField(QPDFObjectHandle f, const std::string& name, std::vector<SigField>& out)
{
    if (fieldType(f) != "/Sig") return;
    QPDFObjectHandle v = f.getKey("/V");
    if (!v.isIndirect()) return; // an unsigned field (a direct /V cannot be checked against its revision)
    out.push_back({name, f.getObjGen(), v.getObjGen()});
}

// Signature fields from the AcroForm and, for writers that forget to list them there
// (pdfsig with a direct AcroForm), from the pages' widget annotations.
std::vector<SigField> signatureFields(Document& doc)
{
    std::vector<SigField> out;
    QPDFObjectHandle acro = doc.root().getKey("/AcroForm");
    walkFields(acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull(),
               [&](QPDFObjectHandle f, const std::string& name) { addSigField(f, name, out); });
    std::set<QPDFObjGen> seen;
    for (const auto& f : out) seen.insert(f.value);
    int budget = kMaxFields;
    for (QPDFObjectHandle page : pdf::pages(doc)) {
        QPDFObjectHandle annots = page.getKey("/Annots");
        for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && budget > 0; ++i, --budget) {
            QPDFObjectHandle a = annots.getArrayItem(i);
            if (!isSignatureWidget(a)) continue;
            std::vector<SigField> found;
            addSigField(a, a.getKey("/T").isString() ? a.getKey("/T").getUTF8Value() : "", found);
            for (auto& f : found)
                if (seen.insert(f.value).second) out.push_back(std::move(f));
        }
        if (budget <= 0) break;
    }
    return out;
}

// The DocMDP permission of the document as of a revision: 0 when not certified.
int docMdpOf(Document& doc)
{
    QPDFObjectHandle perms = doc.root().getKey("/Perms");
    if (!perms.isDictionary()) return 0;
    QPDFObjectHandle sig = perms.getKey("/DocMDP");
    if (!sig.isDictionary()) return 0;
    QPDFObjectHandle refs = sig.getKey("/Reference");
    for (int i = 0; refs.isArray() && i < refs.getArrayNItems(); ++i) {
        QPDFObjectHandle r = refs.getArrayItem(i);
        if (r.getKey("/TransformMethod").isName() && r.getKey("/TransformMethod").getName() == "/DocMDP") {
            QPDFObjectHandle p = r.getKey("/TransformParams").getKey("/P");
            const long long v = p.isInteger() ? p.getIntValue() : 2;
            return v >= 1 && v <= 3 ? static_cast<int>(v) : 2;
        }
    }
    return 2;
}

bool isSignatureWidget(QPDFObjectHandle annot)
{
    if (!annot.isDictionary()) return false;
    if (!annot.getKey("/Subtype").isName() || annot.getKey("/Subtype").getName() != "/Widget") return false;
    return fieldType(annot) == "/Sig";
}

bool isDocTimestampField(QPDFObjectHandle field)
{
    QPDFObjectHandle v = field.getKey("/V");
    return v.isDictionary() && v.getKey("/Type").isName() && v.getKey("/Type").getName() == "/DocTimeStamp";
}

// Does the annotation show anything on the page? (non-zero area, not hidden / no-view)
bool isVisible(QPDFObjectHandle annot)
{
    QPDFObjectHandle rect = annot.getKey("/Rect");
    double area = 0;
    if (rect.isArray() && rect.getArrayNItems() == 4) {
        std::array<double, 4> r{};
        for (int i = 0; i < 4; ++i) {
            QPDFObjectHandle v = rect.getArrayItem(i);
            r[static_cast<std::size_t>(i)] = v.isNumber() ? v.getNumericValue() : 0;
        }
        area = std::fabs((r[2] - r[0]) * (r[3] - r[1]));
    }
    const long long flags = annot.getKey("/F").isInteger() ? annot.getKey("/F").getIntValue() : 0;
    const bool hidden = (flags & 2) != 0 || (flags & 32) != 0; // Hidden, NoView
    return area > 0.5 && !hidden;
}

struct ChangeLog {
    Modifications level = Modifications::None;
    std::vector<std::string> changes;
    void allowed(std::string what)
    {
        if (level == Modifications::None) level = Modifications::Allowed;
        changes.push_back("allowed: " + std::move(what));
    }
    void disallowed(std::string what)
    {
        level = Modifications::Disallowed;
        changes.push_back("disallowed: " + std::move(what));
    }
};

std::vector<std::string> refsOf(QPDFObjectHandle array)
{
    std::vector<std::string> out;
    for (int i = 0; array.isArray() && i < array.getArrayNItems(); ++i) out.push_back(array.getArrayItem(i).unparse());
    return out;
}

// The later list must start with the signed one; returns the new items or nullopt.
std::optional<std::vector<QPDFObjectHandle>> appended(QPDFObjectHandle before, QPDFObjectHandle after)
{
    const auto b = refsOf(before);
    const auto a = refsOf(after);
    if (a.size() < b.size() || !std::equal(b.begin(), b.end(), a.begin())) return std::nullopt;
    std::vector<QPDFObjectHandle> out;
    for (std::size_t i = b.size(); i < a.size(); ++i) out.push_back(after.getArrayItem(static_cast<int>(i)));
    return out;
}

class RevisionDiff {
public:
    RevisionDiff(Document& signedRev, Document& laterRev, int docMdp, ChangeLog& log)
        : m_s(signedRev), m_l(laterRev), m_p(docMdp), m_log(log)
    {
    }

    void run()
    {
        auto sTable = m_s.qpdf().getXRefTable();
        auto lTable = m_l.qpdf().getXRefTable();
        const long long sSize = m_s.trailer().getKey("/Size").isInteger() ? m_s.trailer().getKey("/Size").getIntValue() : 0;
        indexSigned();
        // The document's entry point must stay the same object: a new catalog (or new
        // /Info) in an update would replace everything without changing a signed object.
        if (!(m_l.trailer().getKey("/Root").getObjGen() == m_s.trailer().getKey("/Root").getObjGen()))
            m_log.disallowed("the trailer points to a different document catalog (/Root)");
        if (keyText(m_l.trailer(), "/Info") != keyText(m_s.trailer(), "/Info"))
            m_log.disallowed("the trailer's document information (/Info) was replaced");
        std::set<int> newObjects;
        for (const auto& [og, entry] : sTable)
            if (!lTable.contains(og)) m_log.disallowed(objName(og) + typeOf(m_s.qpdf().getObjectByObjGen(og)) + " was removed or freed");
        for (const auto& [og, entry] : lTable) {
            const auto it = sTable.find(og);
            if (it == sTable.end()) {
                if (og.getObj() < sSize)
                    m_log.disallowed(objName(og) + ", free when signed, was brought into use");
                else
                    newObjects.insert(og.getObj());
                continue; // new objects count only through what references them (below)
            }
            if (sameEntry(it->second, entry, sTable, lTable)) continue;
            QPDFObjectHandle before = m_s.qpdf().getObjectByObjGen(og);
            QPDFObjectHandle after = m_l.qpdf().getObjectByObjGen(og);
            if (fingerprint(before) == fingerprint(after)) continue; // re-pointed to identical content
            classify(og, before, after);
        }
        // A reference the signed revision already made to an object that did not exist
        // (a null to every viewer) must not come to life later (a prepared shadow).
        if (!newObjects.empty()) {
            std::set<int> referenced;
            for (const auto& [og, entry] : sTable) {
                collectReferences(m_s.qpdf().getObjectByObjGen(og), referenced, 0);
                if (referenced.size() > kMaxFields) break;
            }
            collectReferences(m_s.trailer(), referenced, 0);
            for (int n : newObjects)
                if (referenced.contains(n))
                    m_log.disallowed("object " + std::to_string(n) + ", referenced but undefined when signed, was defined later");
        }
        if (m_l.warnings() > 0)
            m_log.disallowed("a later revision only reads with repairs (damaged objects or cross-reference entries)");
    }

private:
    // Object numbers that `h` references, through its direct arrays and dictionaries.
    static void collectReferences(QPDFObjectHandle h, std::set<int>& out, int depth)
    {
        if (depth > kMaxFieldDepth) return;
        if (depth > 0 && h.isIndirect()) {
            out.insert(h.getObjectID());
            return;
        }
        if (h.isStream()) return collectReferences(h.getDict(), out, depth + 1);
        if (h.isArray()) {
            for (int i = 0; i < h.getArrayNItems(); ++i) collectReferences(h.getArrayItem(i), out, depth + 1);
        } else if (h.isDictionary()) {
            for (const auto& k : h.getKeys()) collectReferences(h.getKey(k), out, depth + 1);
        }
    }

    static bool sameEntry(const QPDFXRefEntry& a, const QPDFXRefEntry& b, const std::map<QPDFObjGen, QPDFXRefEntry>& sTable,
                          const std::map<QPDFObjGen, QPDFXRefEntry>& lTable)
    {
        if (a.getType() != b.getType()) return false;
        if (a.getType() == 1) return a.getOffset() == b.getOffset();
        if (a.getType() == 2) {
            if (a.getObjStreamNumber() != b.getObjStreamNumber() || a.getObjStreamIndex() != b.getObjStreamIndex()) return false;
            const QPDFObjGen stream(a.getObjStreamNumber(), 0);
            const auto sa = sTable.find(stream);
            const auto la = lTable.find(stream);
            return sa != sTable.end() && la != lTable.end() && sa->second.getType() == 1 && la->second.getType() == 1 &&
                   sa->second.getOffset() == la->second.getOffset();
        }
        return false;
    }

    void indexSigned()
    {
        m_root = m_s.root().getObjGen();
        int n = 1;
        for (QPDFObjectHandle page : pdf::pages(m_s)) {
            m_pages[page.getObjGen()] = n;
            QPDFObjectHandle annots = page.getKey("/Annots");
            if (annots.isIndirect()) m_annotArrays[annots.getObjGen()] = n;
            ++n;
        }
        QPDFObjectHandle acro = m_s.root().getKey("/AcroForm");
        if (acro.isIndirect()) m_acroForm = acro.getObjGen();
        if (acro.isDictionary() && acro.getKey("/Fields").isIndirect()) m_fieldsArray = acro.getKey("/Fields").getObjGen();
        // The fields form filling may change: terminal, not signatures, not read-only
        // (Ff bit 1), with their widgets (kids without /T).
        if (acro.isDictionary())
            walkFields(acro.getKey("/Fields"), [&](QPDFObjectHandle f, const std::string&) {
                const std::string type = fieldType(f);
                QPDFObjectHandle ff = f.getKey("/Ff");
                const bool readOnly = ff.isInteger() && (ff.getIntValue() & 1) != 0;
                if (type.empty() || type == "/Sig" || readOnly || !f.isIndirect()) return;
                m_fillable.insert(f.getObjGen());
                QPDFObjectHandle kids = f.getKey("/Kids");
                for (int i = 0; kids.isArray() && i < kids.getArrayNItems(); ++i)
                    if (kids.getArrayItem(i).isIndirect()) m_fillable.insert(kids.getArrayItem(i).getObjGen());
            });
    }

    void newSignatureFields(const std::vector<QPDFObjectHandle>& added)
    {
        for (QPDFObjectHandle f : added) {
            if (isSignatureWidget(f) || (f.getKey("/FT").isName() && f.getKey("/FT").getName() == "/Sig")) {
                const bool docTs = isDocTimestampField(f);
                if (m_p == 1 && !docTs)
                    m_log.disallowed("signature field added to a document certified with no changes allowed (P=1)");
                else
                    m_log.allowed(docTs ? "document time-stamp added" : "signature field added");
            } else {
                m_log.disallowed("form field " + f.unparse() + " added (new fields are not form filling)");
            }
        }
    }

    void acroFormChange(QPDFObjectHandle before, QPDFObjectHandle after)
    {
        std::set<std::string> keys = before.isDictionary() ? before.getKeys() : std::set<std::string>{};
        if (after.isDictionary())
            for (const auto& k : after.getKeys()) keys.insert(k);
        for (const auto& k : keys) {
            if (keyText(before, k) == keyText(after, k)) continue;
            if (k == "/Fields") {
                if (before.getKey("/Fields").isIndirect() && after.getKey("/Fields").isIndirect() &&
                    before.getKey("/Fields").getObjGen() == after.getKey("/Fields").getObjGen())
                    continue; // the array object itself is compared on its own
                auto added = appended(before.getKey("/Fields"), after.getKey("/Fields"));
                if (!added) m_log.disallowed("existing form fields were removed or reordered");
                else newSignatureFields(*added);
            } else if (k == "/SigFlags") {
                m_log.allowed("/SigFlags set");
            } else if ((k == "/DR" || k == "/NeedAppearances" || k == "/DA") && m_p != 1) {
                m_log.allowed("form resources " + k + " updated");
            } else {
                m_log.disallowed("AcroForm entry " + k + " changed");
            }
        }
    }

    void annotsChange(QPDFObjectHandle before, QPDFObjectHandle after, int page)
    {
        auto added = appended(before, after);
        if (!added) {
            m_log.disallowed("annotations of page " + std::to_string(page) + " were removed or reordered");
            return;
        }
        for (QPDFObjectHandle a : *added) {
            const std::string subtype = a.getKey("/Subtype").isName() ? a.getKey("/Subtype").getName() : "(none)";
            if (isSignatureWidget(a)) {
                if (m_p != 0 && isVisible(a))
                    m_log.disallowed("a visible signature appearance was drawn on page " + std::to_string(page) +
                                     " of a certified document");
                else if (m_p == 1 && !isDocTimestampField(a))
                    m_log.disallowed("signature widget added on page " + std::to_string(page) + " (P=1)");
                else
                    m_log.allowed("signature widget on page " + std::to_string(page));
            } else if (m_p == 3 && (subtype == "/Text" || subtype == "/Popup")) {
                m_log.allowed("comment (" + subtype + " annotation) on page " + std::to_string(page));
            } else {
                m_log.disallowed("new " + subtype + " annotation drawn on page " + std::to_string(page));
            }
        }
    }

    void classify(QPDFObjGen og, QPDFObjectHandle before, QPDFObjectHandle after)
    {
        if (og == m_root) {
            std::set<std::string> keys = before.getKeys();
            for (const auto& k : after.getKeys()) keys.insert(k);
            for (const auto& k : keys) {
                if (keyText(before, k) == keyText(after, k)) continue;
                if (k == "/DSS") m_log.allowed("/DSS (validation data) added or updated");
                else if (k == "/Extensions") m_log.allowed("/Extensions updated");
                else if (k == "/AcroForm") acroFormChange(before.getKey("/AcroForm"), after.getKey("/AcroForm"));
                else m_log.disallowed("catalog entry " + k + " changed");
            }
            return;
        }
        if (og == m_acroForm) return acroFormChange(before, after);
        if (og == m_fieldsArray) {
            auto added = appended(before, after);
            if (!added) m_log.disallowed("existing form fields were removed or reordered");
            else newSignatureFields(*added);
            return;
        }
        if (auto p = m_pages.find(og); p != m_pages.end()) {
            std::set<std::string> keys = before.getKeys();
            for (const auto& k : after.getKeys()) keys.insert(k);
            for (const auto& k : keys) {
                if (keyText(before, k) == keyText(after, k)) continue;
                if (k == "/Annots") {
                    if (before.getKey("/Annots").isIndirect() && after.getKey("/Annots").isIndirect() &&
                        before.getKey("/Annots").getObjGen() == after.getKey("/Annots").getObjGen())
                        continue;
                    annotsChange(before.getKey("/Annots"), after.getKey("/Annots"), p->second);
                } else {
                    m_log.disallowed("page " + std::to_string(p->second) + ": " + k + " changed");
                }
            }
            return;
        }
        if (auto a = m_annotArrays.find(og); a != m_annotArrays.end()) return annotsChange(before, after, a->second);
        // Form filling (P=2, P=3 and approval signatures): the value and appearance of a
        // field that existed, was fillable and is not a signature.
        if (m_p != 1 && m_fillable.contains(og) && before.isDictionary() && after.isDictionary()) {
            std::set<std::string> keys = before.getKeys();
            for (const auto& k : after.getKeys()) keys.insert(k);
            bool onlyValue = true;
            for (const auto& k : keys)
                if (keyText(before, k) != keyText(after, k) && k != "/V" && k != "/AS" && k != "/AP") onlyValue = false;
            if (onlyValue) {
                m_log.allowed("form field " + (before.getKey("/T").isString() ? before.getKey("/T").unparse() : objName(og)) +
                              " filled in");
                return;
            }
        }
        m_log.disallowed(objName(og) + typeOf(before) + " changed");
    }

    Document& m_s;
    Document& m_l;
    int m_p;
    ChangeLog& m_log;
    QPDFObjGen m_root;
    QPDFObjGen m_acroForm{0, 0};
    QPDFObjGen m_fieldsArray{0, 0};
    std::map<QPDFObjGen, int> m_pages;
    std::map<QPDFObjGen, int> m_annotArrays;
    std::set<QPDFObjGen> m_fillable;
};

struct TrustInputs {
    std::vector<ossl::X509Ptr> certificates; // untrusted: from the CMS, the token, /DSS
    std::vector<ossl::X509CrlPtr> crls;      // embedded ones
};

std::vector<X509*> raw(const std::vector<ossl::X509Ptr>& v)
{
    std::vector<X509*> out;
    for (const auto& c : v) out.push_back(c.get());
    return out;
}

void judgeChainUncached(X509* leaf, Purpose purpose, std::optional<TimePoint> provenAt, const TrustInputs& extra,
                        const VerifyOptions& o, SignatureReport& r, const std::string& who);

std::string cacheKey(X509* leaf, Purpose purpose, std::optional<TimePoint> provenAt, const TrustInputs& extra,
                     const VerifyOptions& o, const std::string& who)
{
    ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
    EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
    auto add = [&](std::span<const std::byte> b) {
        const std::uint64_t n = b.size();
        EVP_DigestUpdate(ctx.get(), &n, sizeof n);
        EVP_DigestUpdate(ctx.get(), b.data(), b.size());
    };
    add(certificateDer(leaf));
    for (const auto& c : extra.certificates) add(certificateDer(c.get()));
    for (const auto& c : extra.crls) {
        unsigned char* der = nullptr;
        const int n = i2d_X509_CRL(c.get(), &der);
        if (n > 0) add(std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
        OPENSSL_free(der);
    }
    for (X509* a : o.anchors) add(certificateDer(a));
    for (X509* c : o.certificates) add(certificateDer(c));
    for (X509_CRL* c : o.crls) {
        unsigned char* der = nullptr;
        const int n = i2d_X509_CRL(c, &der);
        if (n > 0) add(std::as_bytes(std::span(der, static_cast<std::size_t>(n))));
        OPENSSL_free(der);
    }
    const std::string tail = who + "|" + (o.checkRevocation ? "crl" : "nocrl") + "|" + std::to_string(static_cast<int>(purpose)) + "|" +
                             std::to_string(std::chrono::system_clock::to_time_t(provenAt.value_or(o.now))) + "|" +
                             (provenAt ? "proven" : "now");
    add(std::as_bytes(std::span(tail.data(), tail.size())));
    std::array<std::byte, 32> md{};
    unsigned len = 0;
    if (EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(md.data()), &len) != 1) return {};
    return hexUpper(md);
}

// Validates `leaf` for `purpose` at the proven time `at` (a time-stamp) or now,
// through the run's cache when there is one.
void judgeChain(X509* leaf, Purpose purpose, std::optional<TimePoint> provenAt, const TrustInputs& extra,
                const VerifyOptions& o, SignatureReport& r, const std::string& who)
{
    const std::string key = o.cache != nullptr ? cacheKey(leaf, purpose, provenAt, extra, o, who) : std::string();
    if (key.empty()) return judgeChainUncached(leaf, purpose, provenAt, extra, o, r, who);
    if (auto hit = o.cache->find(key)) {
        r.problems.insert(r.problems.end(), hit->problems.begin(), hit->problems.end());
        r.remarks.insert(r.remarks.end(), hit->remarks.begin(), hit->remarks.end());
        if (hit->revokedLater) r.revokedLater = hit->revokedLater;
        return;
    }
    SignatureReport fresh;
    judgeChainUncached(leaf, purpose, provenAt, extra, o, fresh, who);
    r.problems.insert(r.problems.end(), fresh.problems.begin(), fresh.problems.end());
    r.remarks.insert(r.remarks.end(), fresh.remarks.begin(), fresh.remarks.end());
    if (fresh.revokedLater) r.revokedLater = fresh.revokedLater;
    o.cache->store(key, {std::move(fresh.problems), std::move(fresh.remarks), fresh.revokedLater});
}

void judgeChainUncached(X509* leaf, Purpose purpose, std::optional<TimePoint> provenAt, const TrustInputs& extra,
                        const VerifyOptions& o, SignatureReport& r, const std::string& who)
{
    std::vector<X509*> inter = raw(extra.certificates);
    inter.insert(inter.end(), o.certificates.begin(), o.certificates.end());
    std::vector<X509_CRL*> crls(o.crls.begin(), o.crls.end());
    for (const auto& c : extra.crls) crls.push_back(c.get());
    ChainInput in;
    in.leaf = leaf;
    in.intermediates = inter;
    in.anchors = o.anchors;
    in.crls = crls;
    in.time = provenAt.value_or(o.now);
    in.purpose = purpose;
    in.revocation = o.checkRevocation && !provenAt ? RevocationCheck::Required : RevocationCheck::None;
    Verdict v = validateChain(in);
    if (!v.valid()) {
        r.problems.push_back(who + ": " + verdictCodeName(v.code) + ": " + v.reason);
        return;
    }
    if (o.checkRevocation && provenAt) {
        std::vector<X509*> chain;
        for (const auto& c : v.chain) chain.push_back(c.get());
        auto status = revocationStatusAt(chain, crls, *provenAt, o.now);
        for (auto& n : status.notes) r.remarks.push_back(who + ": " + n);
        if (!status.verdict.valid())
            r.problems.push_back(who + ": " + verdictCodeName(status.verdict.code) + ": " + status.verdict.reason);
        else if (status.revokedLater) {
            r.revokedLater = status.revokedLater;
            r.remarks.push_back(who + ": revoked on " + formatUtc(status.revokedLater->date) + " (" +
                                revocationReasonName(status.revokedLater->reason) +
                                "), after the time-stamped signing time: the signature stands");
        }
    }
}

// A time-stamp token over `stamped` (digest made by the caller when `isDigest`).
std::optional<TimePoint> judgeTimestamp(std::span<const std::byte> token, const std::vector<std::byte>& stampedDigestOrData,
                                        bool isDigest, TrustInputs& extra, const VerifyOptions& o, SignatureReport& r,
                                        std::string* tsaSubject = nullptr)
{
    auto info = verifyTimeStampToken(token);
    if (!info) {
        r.problems.push_back("time-stamp: " + info.error().message);
        return std::nullopt;
    }
    const auto expected = isDigest ? stampedDigestOrData : digestOf(info->digest, stampedDigestOrData);
    if (expected.empty() || info->imprint.empty() || !constantTimeEqual(info->imprint, expected)) {
        r.problems.push_back("time-stamp: it covers other data than this signature");
        return std::nullopt;
    }
    if (EVP_MD_get_size(info->digest) < 32) r.remarks.push_back("time-stamp imprint uses " + info->digestName);
    for (auto& c : info->certificates) extra.certificates.push_back(ossl::upRef(c.get()));
    if (info->genTime > o.now + kMaxClockSkew) {
        r.problems.push_back("time-stamp: dated " + formatUtc(info->genTime) + ", in the future");
        return std::nullopt;
    }
    const std::size_t before = r.problems.size();
    SignatureReport tsaReport;
    judgeChain(info->tsaCertificate.get(), Purpose::TimeStamping, info->genTime, extra, o, tsaReport, "time-stamp authority");
    r.problems.insert(r.problems.end(), tsaReport.problems.begin(), tsaReport.problems.end());
    r.remarks.insert(r.remarks.end(), tsaReport.remarks.begin(), tsaReport.remarks.end());
    // A TSA whose key was compromised can date anything in the past: a later revocation
    // for that reason voids its time-stamps; a revocation for other reasons does not.
    if (tsaReport.revokedLater) {
        const auto reason = tsaReport.revokedLater->reason;
        if (reason == RevocationReason::KeyCompromise || reason == RevocationReason::CaCompromise ||
            reason == RevocationReason::Unspecified)
            r.problems.push_back("time-stamp authority: revoked on " + formatUtc(tsaReport.revokedLater->date) + " (" +
                                 revocationReasonName(reason) + "): its time-stamps cannot be trusted");
    }
    if (tsaSubject != nullptr) *tsaSubject = subjectString(info->tsaCertificate.get());
    if (r.problems.size() != before) return std::nullopt;
    return info->genTime;
}

void addDssContents(Document& doc, TrustInputs& extra)
{
    QPDFObjectHandle dss = doc.root().getKey("/DSS");
    if (!dss.isDictionary()) return;
    for (const char* key : {"/Certs", "/CRLs"}) {
        QPDFObjectHandle arr = dss.getKey(key);
        for (int i = 0; arr.isArray() && i < arr.getArrayNItems() && i < 1000; ++i) {
            QPDFObjectHandle s = arr.getArrayItem(i);
            if (!s.isStream()) continue;
            auto data = s.getStreamData(qpdf_dl_generalized);
            const std::span<const std::byte> bytes(reinterpret_cast<const std::byte*>(data->getBuffer()), data->getSize());
            if (std::string(key) == "/Certs") {
                if (auto c = parseCertificate(bytes)) extra.certificates.push_back(std::move(*c));
            } else if (auto c = parseCrl(bytes)) {
                extra.crls.push_back(std::move(*c));
            }
        }
    }
}

struct ByteRange {
    std::size_t a = 0, b = 0, end = 0;
};

std::optional<std::vector<std::byte>> hexDecode(std::string_view hex)
{
    if (hex.size() % 2 != 0) return std::nullopt;
    std::vector<std::byte> out(hex.size() / 2);
    auto nib = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < out.size(); ++i) {
        const int h = nib(hex[2 * i]), l = nib(hex[2 * i + 1]);
        if (h < 0 || l < 0) return std::nullopt;
        out[i] = static_cast<std::byte>(h * 16 + l);
    }
    return out;
}

// The byte range of a signature dictionary, as USF and SWA demand it be checked.
Result<ByteRange> checkByteRange(QPDFObjectHandle v, std::span<const std::byte> file, const std::vector<std::size_t>& ends)
{
    QPDFObjectHandle br = v.getKey("/ByteRange");
    if (!br.isArray() || br.getArrayNItems() != 4)
        return fail(ErrorCode::InvalidInput, "/ByteRange is missing or is not four numbers");
    std::array<long long, 4> n{};
    for (int i = 0; i < 4; ++i) {
        QPDFObjectHandle x = br.getArrayItem(i);
        if (!x.isInteger() || x.getIntValue() < 0) return fail(ErrorCode::InvalidInput, "/ByteRange holds a non-integer or negative value");
        n[static_cast<std::size_t>(i)] = x.getIntValue();
    }
    ByteRange r;
    const auto size = static_cast<long long>(file.size());
    if (n[0] != 0) return fail(ErrorCode::InvalidInput, "/ByteRange does not start at the beginning of the file");
    if (n[1] <= 0 || n[2] <= n[1] || n[3] < 0 || n[2] > size || n[3] > size - n[2])
        return fail(ErrorCode::InvalidInput, "/ByteRange is inconsistent or points outside the file");
    r.a = static_cast<std::size_t>(n[1]);
    r.b = static_cast<std::size_t>(n[2]);
    r.end = static_cast<std::size_t>(n[2] + n[3]);
    if (r.b - r.a > 2 * kMaxCmsBytes + 2)
        return fail(ErrorCode::InvalidInput, "the /ByteRange gap is larger than any signature Sandi accepts");
    const std::string_view gap = pdf::text(file.subspan(r.a, r.b - r.a));
    if (gap.size() < 2 || gap.front() != '<' || gap.back() != '>' || !hexDecode(gap.substr(1, gap.size() - 2)))
        return fail(ErrorCode::InvalidInput, "the gap in /ByteRange is not exactly a hex string (signature wrapping?)");
    if (std::find(ends.begin(), ends.end(), r.end) == ends.end())
        return fail(ErrorCode::InvalidInput, "the signed range does not end at the end of a revision (%%EOF)");
    return r;
}

} // namespace

std::optional<ValidationCache::Entry> ValidationCache::find(const std::string& key) const
{
    const std::lock_guard lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) return std::nullopt;
    return it->second;
}

void ValidationCache::store(const std::string& key, Entry entry)
{
    const std::lock_guard lock(m_mutex);
    m_entries.emplace(key, std::move(entry));
}

const char* modificationsName(Modifications m) noexcept
{
    switch (m) {
    case Modifications::None: return "none";
    case Modifications::Allowed: return "allowed";
    case Modifications::Disallowed: return "disallowed";
    }
    return "none";
}

Result<std::vector<SignatureReport>> verifyPdfSignatures(std::span<const std::byte> file, const VerifyOptions& o)
{
    if (!pdf::headerOffset(file)) return fail(ErrorCode::InvalidInput, "not a PDF file (no %PDF- header)");
    SANDI_ASSIGN(doc, Document::open(file, "PDF"));
    const std::vector<std::size_t> ends = pdf::revisionEnds(file);
    if (ends.size() > kMaxRevisions) return fail(ErrorCode::InvalidInput, "more than 1000 %%EOF markers (revisions)");
    std::vector<SigField> fields;
    SANDI_TRY(guarded("reading the signature fields", [&] { fields = signatureFields(doc); }));
    if (fields.size() > kMaxSignatures) return fail(ErrorCode::InvalidInput, "more than 1000 signatures");

    // File-level facts every signature depends on.
    std::vector<std::string> fileProblems;
    {
        std::size_t last = ends.empty() ? 0 : ends.back();
        const std::string_view tail = pdf::text(file.subspan(last));
        if (tail.find_first_not_of(" \t\r\n\f", 0) != std::string_view::npos && tail.find_first_not_of('\0') != std::string_view::npos)
            fileProblems.push_back("data after the last %%EOF (an update without its own cross-reference section)");
    }
    // Revisions parsed standalone, by end offset; failures are remembered too.
    std::map<std::size_t, Result<std::unique_ptr<Document>>> revisions;
    auto revisionAt = [&](std::size_t end) -> Result<Document*> {
        if (end == file.size()) return &doc; // the whole file is already parsed, without repair
        auto it = revisions.find(end);
        if (it == revisions.end()) {
            auto d = Document::open(file.first(end), "revision");
            Result<std::unique_ptr<Document>> entry =
                d ? Result<std::unique_ptr<Document>>(std::make_unique<Document>(std::move(*d)))
                  : fail(d.error().context("the revision ending at byte " + std::to_string(end) + " does not parse on its own"));
            it = revisions.emplace(end, std::move(entry)).first;
        }
        if (!it->second) return fail(it->second.error());
        return it->second->get();
    };
    // Validation data embedded in /DSS, read once for all signatures.
    TrustInputs dss;
    SANDI_TRY(guarded("reading /DSS", [&] { addDssContents(doc, dss); }));
    const auto header = *pdf::headerOffset(file);

    std::vector<SignatureReport> reports;
    for (const SigField& f : fields) {
        SignatureReport r;
        r.field = f.name;
        TrustInputs extra;
        for (const auto& c : dss.certificates) extra.certificates.push_back(ossl::upRef(c.get()));
        for (const auto& c : dss.crls) extra.crls.push_back(ossl::upRef(c.get()));
        QPDFObjectHandle vFinal;
        std::string subFilter;
        SANDI_TRY(guarded("reading a signature", [&] {
            vFinal = doc.qpdf().getObjectByObjGen(f.value);
            if (vFinal.getKey("/SubFilter").isName()) subFilter = vFinal.getKey("/SubFilter").getName();
        }));
        r.subFilter = subFilter;
        const bool docTs = subFilter == "/ETSI.RFC3161";
        r.kind = docTs ? "document time-stamp" : "signature";
        for (const auto& p : fileProblems) r.problems.push_back(p);

        // 1. The byte range: USF and signature wrapping.
        Result<ByteRange> range = fail(ErrorCode::InvalidInput, "unread");
        SANDI_TRY(guarded("reading /ByteRange", [&] { range = checkByteRange(vFinal, file, ends); }));
        if (!range) {
            r.problems.push_back(range.error().message);
            reports.push_back(std::move(r));
            continue;
        }
        r.coversWholeDocument = range->end == (ends.empty() ? file.size() : ends.back()) && fileProblems.empty();

        // 2. The signed revision, parsed standalone: its own signature dictionary must hold
        //    exactly the bytes of the gap, inside that dictionary's object.
        auto signedRev = revisionAt(range->end);
        if (!signedRev) {
            r.problems.push_back(signedRev.error().message);
            reports.push_back(std::move(r));
            continue;
        }
        std::string contents;
        std::string problem;
        int docMdp = 0;
        SANDI_TRY(guarded("reading the signed revision", [&] {
            Document& rev = **signedRev;
            QPDFObjectHandle v = rev.qpdf().getObjectByObjGen(f.value);
            if (!v.isDictionary()) {
                problem = "the signature dictionary does not exist in the revision it signs";
                return;
            }
            QPDFObjectHandle c = v.getKey("/Contents");
            if (!c.isString() || c.getStringValue().empty()) {
                problem = "/Contents is missing, empty or not a string (universal signature forgery)";
                return;
            }
            contents = c.getStringValue();
            if (v.getKey("/ByteRange").unparse() != vFinal.getKey("/ByteRange").unparse())
                problem = "the signature dictionary was changed after signing";
            auto table = rev.qpdf().getXRefTable();
            const auto entry = table.find(f.value);
            if (entry == table.end() || entry->second.getType() != 1) {
                problem = "the signature dictionary is not a plain object of the signed revision";
                return;
            }
            const std::size_t objStart = header + static_cast<std::size_t>(entry->second.getOffset());
            const std::string_view t = pdf::text(file.first(range->end));
            const auto objEnd = t.find("endobj", objStart);
            if (objStart >= range->a || objEnd == std::string_view::npos || objEnd < range->b)
                problem = "the /ByteRange gap is not this signature's /Contents (signature wrapping)";
            docMdp = docMdpOf(rev);
            // A certification is the signature that the catalog's /Perms /DocMDP names; a
            // /Reference to DocMDP without it certifies nothing.
            QPDFObjectHandle perms = rev.root().getKey("/Perms");
            QPDFObjectHandle certSig = perms.isDictionary() ? perms.getKey("/DocMDP") : QPDFObjectHandle::newNull();
            bool hasDocMdpReference = false;
            QPDFObjectHandle refs = v.getKey("/Reference");
            for (int i = 0; refs.isArray() && i < refs.getArrayNItems(); ++i) {
                QPDFObjectHandle ref = refs.getArrayItem(i);
                if (ref.getKey("/TransformMethod").isName() && ref.getKey("/TransformMethod").getName() == "/DocMDP")
                    hasDocMdpReference = true;
            }
            if (certSig.isIndirect() && certSig.getObjGen() == f.value)
                r.kind = "certification (P=" + std::to_string(docMdp) + ")";
            else if (hasDocMdpReference)
                r.remarks.emplace_back("a DocMDP reference without /Perms in the catalog: treated as an approval signature");
            if (!docTs && v.getKey("/M").isString()) {
                if (auto t2 = pdf::parsePdfDate(v.getKey("/M").getUTF8Value())) r.signingTime = *t2;
            }
        }));
        if (!problem.empty()) {
            r.problems.push_back(problem);
            reports.push_back(std::move(r));
            continue;
        }
        if ((*signedRev)->warnings() > 0)
            r.remarks.emplace_back("the signed revision only reads with repairs: viewers may show it differently");
        const std::string_view gap = pdf::text(file.subspan(range->a + 1, range->b - range->a - 2));
        const auto gapBytes = hexDecode(gap);
        if (!gapBytes || gapBytes->size() != contents.size() ||
            !std::equal(gapBytes->begin(), gapBytes->end(), reinterpret_cast<const std::byte*>(contents.data()))) {
            r.problems.push_back("the /ByteRange gap does not hold this signature's /Contents (signature wrapping)");
            reports.push_back(std::move(r));
            continue;
        }
        const std::span<const std::byte> blob(reinterpret_cast<const std::byte*>(contents.data()), contents.size());
        const ByteRange br = *range;
        auto digester = [&](const EVP_MD* md) -> Result<std::vector<std::byte>> {
            ossl::MdCtxPtr ctx(EVP_MD_CTX_new());
            std::vector<std::byte> out(static_cast<std::size_t>(EVP_MD_get_size(md)));
            unsigned len = 0;
            if (!ctx || EVP_DigestInit_ex(ctx.get(), md, nullptr) != 1 || EVP_DigestUpdate(ctx.get(), file.data(), br.a) != 1 ||
                EVP_DigestUpdate(ctx.get(), file.data() + br.b, br.end - br.b) != 1 ||
                EVP_DigestFinal_ex(ctx.get(), reinterpret_cast<unsigned char*>(out.data()), &len) != 1)
                return fail(ossl::lastError("hashing the signed ranges"));
            return out;
        };

        // 3. The cryptography.
        if (docTs) {
            auto info = verifyTimeStampToken(blob);
            if (!info) {
                r.problems.push_back("document time-stamp: " + info.error().message);
            } else {
                SANDI_ASSIGN(digest, digester(info->digest));
                std::string tsa;
                if (auto t = judgeTimestamp(blob, digest, true, extra, o, r, &tsa)) r.timestamp = *t;
                r.signer = tsa;
            }
        } else if (subFilter == "/ETSI.CAdES.detached" || subFilter == "/adbe.pkcs7.detached") {
            auto cms = cmsVerifyDetached(blob, digester);
            if (!cms) {
                r.problems.push_back(cms.error().message);
            } else {
                r.signer = subjectString(cms->signer.get());
                for (auto& c : cms->certificates) extra.certificates.push_back(std::move(c));
                for (auto& c : cms->crls) extra.crls.push_back(std::move(c));
                for (auto& m : cms->remarks)
                    if (subFilter == "/ETSI.CAdES.detached" || m.find("signing-time") == std::string::npos) r.remarks.push_back(m);
                if (!r.signingTime && cms->signingTime) r.signingTime = cms->signingTime;
                std::optional<TimePoint> proven;
                if (cms->timestampToken) proven = judgeTimestamp(*cms->timestampToken, cms->signatureValue, false, extra, o, r);
                if (proven) r.timestamp = proven;
                judgeChain(cms->signer.get(), Purpose::DocumentSigning, proven, extra, o, r, "signer");
            }
        } else {
            r.problems.push_back("unsupported /SubFilter " + (subFilter.empty() ? std::string("(missing)") : subFilter));
        }

        // 4. What changed after signing: every later revision, on its own.
        ChangeLog log;
        for (std::size_t end : ends) {
            if (end <= br.end) continue;
            auto later = revisionAt(end);
            if (!later) {
                log.disallowed(later.error().message);
                continue;
            }
            // An update must carry its own cross-reference section (incremental saving attack).
            const auto sx = pdf::lastStartxref(file.first(end));
            std::size_t prevEnd = 0;
            for (std::size_t e : ends)
                if (e < end) prevEnd = e;
            if (!sx || header + *sx < prevEnd)
                log.disallowed("the revision ending at byte " + std::to_string(end) + " has no cross-reference section of its own");
            auto diff = guarded("comparing revisions", [&] {
                RevisionDiff(**signedRev, **later, docMdp, log).run();
            });
            if (!diff) log.disallowed(diff.error().message);
        }
        r.modifications = log.level;
        std::set<std::string> seen;
        for (auto& c : log.changes)
            if (seen.insert(c).second) r.changes.push_back(c);
        if (r.modifications == Modifications::Disallowed)
            r.problems.push_back("valid signature, but the document was modified after signing in a way that is not allowed");
        r.valid = r.problems.empty();
        reports.push_back(std::move(r));
    }
    return reports;
}

SignatureReport verifyDetachedSignature(std::span<const std::byte> cmsDer, std::span<const std::byte> data, const VerifyOptions& o)
{
    SignatureReport r;
    r.kind = "detached CMS";
    r.coversWholeDocument = true;
    auto cms = cmsVerifyDetached(cmsDer, [&](const EVP_MD* md) -> Result<std::vector<std::byte>> { return digestOf(md, data); });
    if (!cms) {
        r.problems.push_back(cms.error().message);
        return r;
    }
    TrustInputs extra;
    r.signer = subjectString(cms->signer.get());
    for (auto& c : cms->certificates) extra.certificates.push_back(std::move(c));
    for (auto& c : cms->crls) extra.crls.push_back(std::move(c));
    for (auto& m : cms->remarks)
        if (m.find("signing-time") == std::string::npos) r.remarks.push_back(m);
    r.signingTime = cms->signingTime;
    std::optional<TimePoint> proven;
    if (cms->timestampToken) proven = judgeTimestamp(*cms->timestampToken, cms->signatureValue, false, extra, o, r);
    r.timestamp = proven;
    judgeChain(cms->signer.get(), Purpose::DocumentSigning, proven, extra, o, r, "signer");
    r.valid = r.problems.empty();
    return r;
}

} // namespace sandi::crypto
