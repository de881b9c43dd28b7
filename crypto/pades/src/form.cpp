// SPDX-License-Identifier: GPL-3.0-or-later
#include "form.h"

#include <set>
#include <tuple>
#include <vector>

namespace sandi::crypto::pdf {
namespace {

bool isName(QPDFObjectHandle h, std::string_view name)
{
    return h.isName() && h.getName() == name;
}

QPDFObjectHandle docMdpReference(QPDFObjectHandle sig)
{
    QPDFObjectHandle refs = sig.isDictionary() ? sig.getKey("/Reference") : QPDFObjectHandle::newNull();
    for (int i = 0; refs.isArray() && i < refs.getArrayNItems() && i < kMaxFieldNodes; ++i) {
        QPDFObjectHandle r = refs.getArrayItem(i);
        if (r.isDictionary() && isName(r.getKey("/TransformMethod"), "/DocMDP")) return r;
    }
    return QPDFObjectHandle::newNull();
}

} // namespace

void walkFields(QPDFObjectHandle fields, const std::function<void(const FieldVisit&)>& visit)
{
    std::set<QPDFObjGen> visited;
    std::vector<std::tuple<QPDFObjectHandle, std::string, int>> stack;
    for (int i = fields.isArray() ? fields.getArrayNItems() - 1 : -1; i >= 0; --i)
        stack.emplace_back(fields.getArrayItem(i), "", 0);
    int budget = kMaxFieldNodes;
    while (!stack.empty()) {
        if (budget-- <= 0) {
            noteBudgetExhausted("form fields (" + std::to_string(kMaxFieldNodes) + " nodes)");
            break;
        }
        auto [f, prefix, depth] = std::move(stack.back());
        stack.pop_back();
        if (!f.isDictionary()) continue;
        if (depth > kMaxFieldDepth) {
            noteBudgetExhausted("form field depth (" + std::to_string(kMaxFieldDepth) + " levels)");
            continue;
        }
        if (f.isIndirect() && !visited.insert(f.getObjGen()).second) continue;
        std::string name = prefix;
        if (f.getKey("/T").isString())
            name = prefix.empty() ? f.getKey("/T").getUTF8Value() : prefix + "." + f.getKey("/T").getUTF8Value();
        QPDFObjectHandle kids = f.getKey("/Kids");
        bool hasFieldKids = false;
        const int n = kids.isArray() ? kids.getArrayNItems() : 0;
        if (n > budget) noteBudgetExhausted("form fields (" + std::to_string(kMaxFieldNodes) + " nodes)");
        for (int i = n - 1; i >= 0 && budget > 0; --i, --budget) {
            QPDFObjectHandle k = kids.getArrayItem(i);
            if (k.isDictionary() && k.hasKey("/T")) {
                hasFieldKids = true;
                stack.emplace_back(k, name, depth + 1);
            }
        }
        visit({f, name, !hasFieldKids});
    }
}

std::string fieldType(QPDFObjectHandle f)
{
    for (int depth = 0; f.isDictionary() && depth <= kMaxFieldDepth; ++depth, f = f.getKey("/Parent"))
        if (f.getKey("/FT").isName()) return f.getKey("/FT").getName();
    if (f.isDictionary()) noteBudgetExhausted("/Parent chain (" + std::to_string(kMaxFieldDepth) + " levels)");
    return "";
}

bool isSignatureWidget(QPDFObjectHandle annot)
{
    return annot.isDictionary() && isName(annot.getKey("/Subtype"), "/Widget") && fieldType(annot) == "/Sig";
}

bool isDocTimestampField(QPDFObjectHandle field)
{
    if (!field.isDictionary()) return false;
    QPDFObjectHandle v = field.getKey("/V");
    return v.isDictionary() && isName(v.getKey("/SubFilter"), "/ETSI.RFC3161");
}

long long fieldFlags(QPDFObjectHandle f)
{
    for (int depth = 0; f.isDictionary() && depth <= kMaxFieldDepth; ++depth, f = f.getKey("/Parent"))
        if (f.hasKey("/Ff")) return f.getKey("/Ff").isInteger() ? f.getKey("/Ff").getIntValue() : 0;
    return 0;
}

bool hasFieldName(QPDFObjectHandle f)
{
    for (int depth = 0; f.isDictionary() && depth <= kMaxFieldDepth; ++depth, f = f.getKey("/Parent"))
        if (f.getKey("/T").isString()) return true;
    return false;
}

bool hasActions(QPDFObjectHandle annot)
{
    return annot.isDictionary() && (!annot.getKey("/A").isNull() || !annot.getKey("/AA").isNull());
}

bool isSignatureValue(QPDFObjectHandle v)
{
    return v.isIndirect() && v.isDictionary() && !v.isStream() && v.getKey("/ByteRange").isArray() &&
           v.getKey("/Contents").isString();
}

DocMdpPermission docMdpPermission(Document& doc)
{
    QPDFObjectHandle perms = doc.root().getKey("/Perms");
    if (!perms.isDictionary()) return DocMdpPermission::NotCertified;
    QPDFObjectHandle sig = perms.getKey("/DocMDP");
    if (!sig.isDictionary()) return DocMdpPermission::NotCertified;
    QPDFObjectHandle ref = docMdpReference(sig);
    // A /Perms /DocMDP whose signature lacks the reference still certifies: P=2.
    QPDFObjectHandle p = ref.isDictionary() ? ref.getKey("/TransformParams").getKey("/P") : QPDFObjectHandle::newNull();
    const long long v = p.isInteger() ? p.getIntValue() : 2;
    if (v == 1) return DocMdpPermission::NoChanges;
    if (v == 3) return DocMdpPermission::Annotations;
    return DocMdpPermission::FormFilling;
}

int docMdpNumber(DocMdpPermission p) noexcept
{
    switch (p) {
    case DocMdpPermission::NotCertified:
        return 0;
    case DocMdpPermission::NoChanges:
        return 1;
    case DocMdpPermission::FormFilling:
        return 2;
    case DocMdpPermission::Annotations:
        return 3;
    }
    return 0;
}

bool hasDocMdpReference(QPDFObjectHandle sig)
{
    return docMdpReference(sig).isDictionary();
}

void forEachCandidateSignatureField(Document& doc,
                                    const std::function<void(QPDFObjectHandle field, const std::string& name)>& visit)
{
    QPDFObjectHandle acro = doc.root().getKey("/AcroForm");
    walkFields(acro.isDictionary() ? acro.getKey("/Fields") : QPDFObjectHandle::newNull(), [&](const FieldVisit& v) {
        if (v.terminal) visit(v.field, v.fullName);
    });
    int budget = kMaxFieldNodes;
    for (QPDFObjectHandle page : pages(doc)) {
        QPDFObjectHandle annots = page.getKey("/Annots");
        for (int i = 0; annots.isArray() && i < annots.getArrayNItems() && budget > 0; ++i, --budget) {
            QPDFObjectHandle a = annots.getArrayItem(i);
            if (isSignatureWidget(a)) visit(a, a.getKey("/T").isString() ? a.getKey("/T").getUTF8Value() : "");
        }
        if (budget <= 0) {
            noteBudgetExhausted("annotations searched for signature widgets (" + std::to_string(kMaxFieldNodes) + ")");
            break;
        }
    }
}

} // namespace sandi::crypto::pdf
