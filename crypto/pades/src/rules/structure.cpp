// SPDX-License-Identifier: GPL-3.0-or-later
// Facts about a later revision as a whole, which no object-by-object rule sees: the
// trailer's entry points, objects freed or brought back, undefined references that come
// to life (a prepared shadow), and repairs. All of level Other.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <cctype>
#include <optional>
#include <string>

namespace sandi::crypto::pdf {
namespace {

// Every object number the signed revision's bytes refer to ("N G R"), in the file and in
// its object streams, read as text. qpdf cannot say: a reference to an object that does not
// exist reads as null, and qpdf drops null-valued keys from dictionaries. Reading the bytes
// errs on the strict side: "N G R" inside a string also counts.
void scanReferences(std::string_view text, std::set<long long>& out)
{
    for (std::size_t i = text.find('R'); i != std::string_view::npos; i = text.find('R', i + 1)) {
        // R, preceded by whitespace, a generation, whitespace, a number.
        std::size_t j = i;
        auto skipSpace = [&] {
            const std::size_t start = j;
            while (j > 0 && std::isspace(static_cast<unsigned char>(text[j - 1])) != 0)
                --j;
            return j != start;
        };
        auto readNumber = [&]() -> std::optional<long long> {
            const std::size_t end = j;
            while (j > 0 && std::isdigit(static_cast<unsigned char>(text[j - 1])) != 0 && end - j < 10)
                --j;
            if (j == end) return std::nullopt;
            return std::stoll(std::string(text.substr(j, end - j)));
        };
        if (i + 1 < text.size() && std::isalnum(static_cast<unsigned char>(text[i + 1])) != 0) continue;
        if (!skipSpace() || !readNumber() || !skipSpace()) continue;
        if (auto n = readNumber()) out.insert(*n);
    }
}

// The text of `d` from byte `from` on, without its trailers: a classic trailer dictionary
// (from "trailer" to "startxref") and the dictionaries of cross-reference streams (/Type
// /XRef, up to "stream"). Their keys other than the entry points are not part of what a
// viewer shows (LibreOffice's /AdditionalStreams names an object of the next revision); the
// entry points (/Root, /Info, /Encrypt) are taken from qpdf instead.
std::string withoutTrailers(const RevisionPair& revs, Document& d, std::size_t from)
{
    const std::string_view t = text(d.bytes()).substr(std::min(from, d.bytes().size()));
    std::string out(t);
    auto blank = [&](std::size_t begin, std::size_t end) {
        for (std::size_t k = begin; k < end && k < out.size(); ++k)
            out[k] = ' ';
    };
    // A classic trailer lies between objects: a "trailer" … "startxref" stretch that crosses
    // no "obj" keyword (one written inside a stream or a string would have to, to hide an
    // object's references).
    for (std::size_t at = t.find("trailer"); at != std::string_view::npos; at = t.find("trailer", at + 7)) {
        const std::size_t end = t.find("startxref", at);
        if (end != std::string_view::npos && t.substr(at, end - at).find("obj") == std::string_view::npos)
            blank(at, end);
    }
    // A cross-reference stream's dictionary: an object of the revision's table that is a
    // /Type /XRef stream and that nothing refers to (a form XObject that called itself /Type
    // /XRef would be referred to by the page that draws it).
    const std::size_t header = headerOffset(d.bytes()).value_or(0);
    for (const auto& [og, entry] : d.xrefTable()) {
        if (entry.getType() != 1) continue;
        const std::size_t begin = header + static_cast<std::size_t>(entry.getOffset());
        if (begin < from) continue;
        QPDFObjectHandle h = d.qpdf().getObjectByObjGen(og);
        if (!h.isStream() || !h.getDict().getKey("/Type").isName() || h.getDict().getKey("/Type").getName() != "/XRef")
            continue;
        if (!revs.referencedOnlyBy(og.getObj(), std::nullopt)) continue;
        const std::size_t end = t.find("stream", begin - from);
        if (end != std::string_view::npos) blank(begin - from, end);
    }
    return out;
}

// Every object number the text of `d` from byte `from` on refers to, and the object
// streams numbered `objectStreams`.
void scanRevision(const RevisionPair& revs, Document& d, std::size_t from, const std::set<int>& objectStreams,
                  std::set<long long>& out)
{
    scanReferences(withoutTrailers(revs, d, from), out);
    for (const char* key : {"/Root", "/Info", "/Encrypt"})
        if (d.trailer().getKey(key).isIndirect()) out.insert(d.trailer().getKey(key).getObjectID());
    for (int n : objectStreams) {
        QPDFObjectHandle os = d.qpdf().getObjectByID(n, 0);
        if (!os.isStream()) continue;
        auto data = os.getStreamData(qpdf_dl_generalized);
        scanReferences(std::string_view(reinterpret_cast<const char*>(data->getBuffer()), data->getSize()), out);
    }
}

// The object numbers the signed revision refers to, read once per Document: from the
// whole text, or (filled by laterReferencedNumbers) from the revision before it.
const std::set<long long>& signedReferencedNumbers(const RevisionPair& revs)
{
    auto& cache = revs.signedRev.referencedNumbersCache();
    if (cache) return *cache;
    std::set<int> objectStreams;
    for (const auto& [og, entry] : revs.signedRev.xrefTable())
        if (entry.getType() == 2) objectStreams.insert(entry.getObjStreamNumber());
    cache.emplace();
    scanRevision(revs, revs.signedRev, 0, objectStreams, *cache);
    return *cache;
}

// The later revision's, when it extends the signed one's bytes: the signed revision's and
// what the update's bytes and its new object streams refer to. Each revision of a file with
// many is so read once, and the next comparison starts from it.
void laterReferencedNumbers(const RevisionPair& revs)
{
    auto& cache = revs.laterRev.referencedNumbersCache();
    const auto s = revs.signedRev.bytes();
    const auto l = revs.laterRev.bytes();
    if (cache || l.data() != s.data() || l.size() < s.size()) return;
    std::set<long long> out = signedReferencedNumbers(revs);
    std::set<int> objectStreams;
    const auto& lTable = revs.laterRev.xrefTable();
    for (QPDFObjGen og : revs.changedEntries())
        if (const auto it = lTable.find(og); it != lTable.end() && it->second.getType() == 2)
            objectStreams.insert(it->second.getObjStreamNumber());
    scanRevision(revs, revs.laterRev, s.size(), objectStreams, out);
    cache = std::move(out);
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
    // in an update would replace everything without changing a signed object. A new
    // catalog that reads the same as the signed one (a writer that renumbered it) is none.
    if (!(l.trailer().getKey("/Root").getObjGen() == s.trailer().getKey("/Root").getObjGen()) &&
        !isNewCopy(revs, l.trailer().getKey("/Root"), s.trailer().getKey("/Root")))
        other(out, modification::kCatalogReplaced, "the trailer points to a different document catalog (/Root)");
    if (keyText(l.trailer(), "/Info") != keyText(s.trailer(), "/Info"))
        other(out, modification::kInfoReplaced, "the trailer's document information (/Info) was replaced");

    const auto sTable = s.xrefTable();
    const auto lTable = l.xrefTable();
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
    // (a null to every viewer) must not come to life later. Read from the bytes: no budget
    // to exhaust, and references in dictionaries count too (qpdf hides those).
    if (!newObjects.empty()) {
        const std::set<long long>& referenced = signedReferencedNumbers(revs);
        for (int n : newObjects)
            if (referenced.contains(n))
                other(out, modification::kUndefinedObjectDefined,
                      "object " + std::to_string(n) + ", referenced but undefined when signed, was defined later");
    }
    laterReferencedNumbers(revs);
}

// reviewRepairs: rules/repairs.cpp.

} // namespace sandi::crypto::pdf
