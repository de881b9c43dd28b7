// SPDX-License-Identifier: GPL-3.0-or-later
// Facts about a later revision as a whole, which no object-by-object rule sees: the
// trailer's entry points, objects freed or brought back, undefined references that come
// to life (a prepared shadow), and repairs. All of level Other.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

#include <qpdf/QPDFXRefEntry.hh>

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

// The file's text without its trailers: a classic trailer dictionary (from "trailer" to
// "startxref") and the dictionaries of cross-reference streams (/Type /XRef, up to
// "stream"). Their keys other than the entry points are not part of what a viewer shows
// (LibreOffice's /AdditionalStreams names an object of the next revision); the entry points
// (/Root, /Info, /Encrypt) are taken from qpdf instead.
std::string withoutTrailers(const RevisionPair& revs, std::string_view t)
{
    std::string out(t);
    auto blank = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to && k < out.size(); ++k)
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
    // A cross-reference stream's dictionary: an object of the signed revision's table that is
    // a /Type /XRef stream and that nothing refers to (a form XObject that called itself
    // /Type /XRef would be referred to by the page that draws it).
    Document& d = revs.signedRev;
    const std::size_t header = headerOffset(d.bytes()).value_or(0);
    for (const auto& [og, entry] : d.qpdf().getXRefTable()) {
        if (entry.getType() != 1) continue;
        QPDFObjectHandle h = d.qpdf().getObjectByObjGen(og);
        if (!h.isStream() || !h.getDict().getKey("/Type").isName() || h.getDict().getKey("/Type").getName() != "/XRef")
            continue;
        if (!revs.referencedOnlyBy(og.getObj(), std::nullopt)) continue;
        const std::size_t begin = header + static_cast<std::size_t>(entry.getOffset());
        const std::size_t end = begin < t.size() ? t.find("stream", begin) : std::string_view::npos;
        if (end != std::string_view::npos) blank(begin, end);
    }
    return out;
}

bool hasXrefStreams(Document& d)
{
    for (const auto& [og, entry] : d.qpdf().getXRefTable()) {
        if (entry.getType() != 1) continue;
        QPDFObjectHandle h = d.qpdf().getObjectByObjGen(og);
        if (h.isStream() && h.getDict().getKey("/Type").isName() && h.getDict().getKey("/Type").getName() == "/XRef")
            return true;
    }
    return false;
}

std::set<long long> referencedNumbers(const RevisionPair& revs);

// The same, read once per signed revision when it has no cross-reference streams (only
// their blanking depends on the later revision): a file with many signatures compares each
// signed revision with every later one.
const std::set<long long>& referencedNumbersOnce(const RevisionPair& revs, std::set<long long>& scratch)
{
    auto& cache = revs.signedRev.referencedNumbersCache();
    if (cache) return *cache;
    scratch = referencedNumbers(revs);
    if (hasXrefStreams(revs.signedRev)) return scratch;
    cache = std::move(scratch);
    return *cache;
}

std::set<long long> referencedNumbers(const RevisionPair& revs)
{
    Document& d = revs.signedRev;
    std::set<long long> out;
    scanReferences(withoutTrailers(revs, text(d.bytes())), out);
    for (const char* key : {"/Root", "/Info", "/Encrypt"})
        if (d.trailer().getKey(key).isIndirect()) out.insert(d.trailer().getKey(key).getObjectID());
    std::set<int> objectStreams;
    for (const auto& [og, entry] : d.qpdf().getXRefTable())
        if (entry.getType() == 2) objectStreams.insert(entry.getObjStreamNumber());
    for (int n : objectStreams) {
        QPDFObjectHandle os = d.qpdf().getObjectByID(n, 0);
        if (!os.isStream()) continue;
        auto data = os.getStreamData(qpdf_dl_generalized);
        scanReferences(std::string_view(reinterpret_cast<const char*>(data->getBuffer()), data->getSize()), out);
    }
    return out;
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
    // (a null to every viewer) must not come to life later. Read from the bytes: no budget
    // to exhaust, and references in dictionaries count too (qpdf hides those).
    if (!newObjects.empty()) {
        std::set<long long> scratch;
        const std::set<long long>& referenced = referencedNumbersOnce(revs, scratch);
        for (int n : newObjects)
            if (referenced.contains(n))
                other(out, modification::kUndefinedObjectDefined,
                      "object " + std::to_string(n) + ", referenced but undefined when signed, was defined later");
    }
}

// reviewRepairs: rules/repairs.cpp.

} // namespace sandi::crypto::pdf
