// SPDX-License-Identifier: GPL-3.0-or-later
// The interactive form as signer and verifier both read it: one field-tree walker
// (iterative, a visited set, depth and node limits, /FT inherited through /Parent as
// ISO 32000-1 §12.7.3.1 says) and one DocMDP parser.
#pragma once

#include "pdf_internal.h"

#include <functional>
#include <string>

namespace sandi::crypto::pdf {

inline constexpr int kMaxFieldDepth = 32;     // levels of /Kids below /Fields
inline constexpr int kMaxFieldNodes = 100000; // field dictionaries visited per walk

// Visits every field of the tree under the AcroForm's /Fields, parents before their
// kids, with its fully qualified name (partial names joined by '.'). `terminal` is true
// for a field without kids that are fields (kids without /T are its widgets). Cycles
// and shared subtrees are visited once; past the limits the walk stops.
struct FieldVisit {
    QPDFObjectHandle field;
    std::string fullName;
    bool terminal = false;
};
void walkFields(QPDFObjectHandle fields, const std::function<void(const FieldVisit&)>& visit);

// A field's type (/FT, e.g. "/Sig", "/Tx"), inherited through /Parent; "" if none.
std::string fieldType(QPDFObjectHandle field);
// A widget annotation whose field is a signature field.
bool isSignatureWidget(QPDFObjectHandle annot);

// Every field a signature may be in: the terminal fields of /AcroForm /Fields (with their
// full names), then the pages' signature widgets (for writers that forget to list them
// there; named by their /T). Signature or not is the caller's test (fieldType). At most
// kMaxFieldNodes widgets; a walk cut short says so (noteBudgetExhausted).
void forEachCandidateSignatureField(Document& doc,
                                    const std::function<void(QPDFObjectHandle field, const std::string& name)>& visit);
// A field whose value is a document time-stamp: /SubFilter /ETSI.RFC3161, the entry the
// verifier reads a time-stamp by (a /Type key says nothing a verifier acts on).
bool isDocTimestampField(QPDFObjectHandle field);
// A field's flags (/Ff), inherited through /Parent as ISO 32000-1 §12.7.3.1 says; 0 if none.
long long fieldFlags(QPDFObjectHandle field);
// A field's own partial name (/T) or one inherited from its /Parent: a widget that has
// neither is in no field.
bool hasFieldName(QPDFObjectHandle field);
// An annotation or field that carries an action of its own (/A, /AA).
bool hasActions(QPDFObjectHandle annot);
// A signature field's value that is a signature: an indirect dictionary with a /ByteRange
// array and a /Contents string (anything else is not verified, so it is no signature).
bool isSignatureValue(QPDFObjectHandle v);

// The document's DocMDP permission (ISO 32000-1 §12.8.2.2): from the catalog's /Perms
// /DocMDP signature, its /Reference entry with /TransformMethod /DocMDP, /P 1-3 (absent
// or out of range: 2, as the standard says).
enum class DocMdpPermission {
    NotCertified, // no /Perms /DocMDP: approval signatures only
    NoChanges,    // P=1
    FormFilling,  // P=2: form filling and signing
    Annotations,  // P=3: also annotations (comments)
};
DocMdpPermission docMdpPermission(Document& doc);
// 1, 2 or 3 for a certified document; 0 when not certified.
int docMdpNumber(DocMdpPermission p) noexcept;
// Whether signature dictionary `sig` carries a /Reference with /TransformMethod /DocMDP.
bool hasDocMdpReference(QPDFObjectHandle sig);

} // namespace sandi::crypto::pdf
