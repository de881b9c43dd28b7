// SPDX-License-Identifier: GPL-3.0-or-later
// Repairs in a later revision. qpdf reads some damage with a warning; a reader that
// repairs differently may then show different objects, so a repair is a disallowed
// change, unless the objects read the same either way. One repair is checked that way: a
// dictionary with a duplicated key, which qpdf reads last-wins and other readers
// first-wins. Both readings are made and compared by value; when they agree (or differ
// only in what the verifier never reads), the repair is a remark.
#include "../modification_policy.h"

#include "sandi/pades/pades_verify.h"

#include <qpdf/QPDFXRefEntry.hh>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto::pdf {
namespace {

constexpr std::string_view kDuplicatedKey = "dictionary has duplicated key ";
constexpr std::size_t kMaxObjectText = 1 << 20; // one object's text, read at most
constexpr std::size_t kMaxFrames = 256;         // nested dictionaries and arrays

bool isDelimiter(char c)
{
    return c == '(' || c == ')' || c == '<' || c == '>' || c == '[' || c == ']' || c == '{' || c == '}' || c == '/' ||
           c == '%';
}

bool isSpace(char c)
{
    return std::isspace(static_cast<unsigned char>(c)) != 0 || c == '\0';
}

// Where the token at `p` ends (ISO 32000-1 §7.2, §7.3): strings with nesting and escapes,
// hex strings, dictionary and array brackets, names, and regular runs.
std::size_t tokenEnd(std::string_view t, std::size_t p)
{
    const char c = t[p];
    if (c == '(') {
        int depth = 0;
        for (; p < t.size(); ++p) {
            if (t[p] == '\\') {
                ++p;
                continue;
            }
            if (t[p] == '(') ++depth;
            if (t[p] == ')' && --depth == 0) return p + 1;
        }
        return t.size();
    }
    if ((c == '<' || c == '>') && p + 1 < t.size() && t[p + 1] == c) return p + 2;
    if (c == '<') {
        const std::size_t e = t.find('>', p);
        return e == std::string_view::npos ? t.size() : e + 1;
    }
    if (isDelimiter(c) && c != '/') return p + 1;
    std::size_t e = p + 1;
    while (e < t.size() && !isSpace(t[e]) && !isDelimiter(t[e]))
        ++e;
    return e;
}

// The text of the object that begins at `t` ("N G obj << … >>"), as a first-wins reader
// reads it: every later occurrence of a key in the same dictionary, with its value, is
// blanked out. Nothing when the object is not a dictionary or stream, or is cut short.
std::optional<std::string> firstWinsText(std::string_view t)
{
    t = t.substr(0, kMaxObjectText);
    const std::size_t obj = t.find("obj");
    if (obj == std::string_view::npos || obj > 32) return std::nullopt;
    struct Frame {
        bool dict = false;
        bool expectKey = true;
        std::set<std::string> keys;
        std::size_t blankFrom = std::string_view::npos;
    };
    std::vector<Frame> frames;
    std::string out(t);
    auto blank = [&](std::size_t from, std::size_t to) {
        for (std::size_t k = from; k < to; ++k)
            out[k] = ' ';
    };
    std::size_t begin = std::string_view::npos;
    for (std::size_t p = obj + 3; p < t.size();) {
        if (isSpace(t[p])) {
            ++p;
            continue;
        }
        if (t[p] == '%') {
            while (p < t.size() && t[p] != '\n' && t[p] != '\r')
                ++p;
            continue;
        }
        const std::size_t e = tokenEnd(t, p);
        const std::string_view tok = t.substr(p, e - p);
        if (frames.empty() && begin != std::string_view::npos) break;
        if (frames.empty() && tok != "<<") return std::nullopt;
        Frame* top = frames.empty() ? nullptr : &frames.back();
        if (tok == ">>" || tok == "]") {
            if (top == nullptr || top->dict != (tok == ">>")) return std::nullopt;
            if (top->blankFrom != std::string_view::npos) blank(top->blankFrom, p);
            frames.pop_back();
            if (frames.empty()) return out.substr(begin, e - begin);
            if (frames.back().dict) frames.back().expectKey = true;
        } else if (tok == "<<" || tok == "[") {
            if (frames.size() >= kMaxFrames) return std::nullopt;
            if (begin == std::string_view::npos) begin = p;
            if (top != nullptr && top->dict) top->expectKey = false;
            frames.push_back({tok == "<<", true, {}, std::string_view::npos});
        } else if (top != nullptr && top->dict && top->expectKey && tok.starts_with("/")) {
            if (top->blankFrom != std::string_view::npos) {
                blank(top->blankFrom, p);
                top->blankFrom = std::string_view::npos;
            }
            if (!top->keys.insert(std::string(tok)).second) top->blankFrom = p;
            top->expectKey = false;
        } else if (top != nullptr && top->dict && !top->expectKey) {
            top->expectKey = true; // a value (an "N G R" reference's other two tokens are skipped)
        }
        p = e;
    }
    return std::nullopt;
}

// The object qpdf names in a warning ("object 12 0").
std::optional<QPDFObjGen> namedObject(const std::string& s)
{
    int n = 0, g = 0;
    if (std::sscanf(s.c_str(), "object %d %d", &n, &g) != 2 || n <= 0 || g < 0) return std::nullopt;
    return QPDFObjGen(n, g);
}

// Whether the dictionary with a duplicated key reads the same first-wins as qpdf reads it
// (last-wins). A signature dictionary may differ in /Type: the verifier reads what a
// signature is from /SubFilter, never from /Type.
bool readsTheSame(Document& d, const Document::Repair& repair)
{
    if (!repair.detail.starts_with(kDuplicatedKey)) return false;
    const auto og = namedObject(repair.object);
    if (!og) return false;
    const auto table = d.xrefTable();
    const auto entry = table.find(*og);
    if (entry == table.end() || entry->second.getType() != 1) return false;
    const std::size_t at = headerOffset(d.bytes()).value_or(0) + static_cast<std::size_t>(entry->second.getOffset());
    const std::string_view all = text(d.bytes());
    if (at >= all.size()) return false;
    const auto firstWins = firstWinsText(all.substr(at));
    if (!firstWins) return false;
    QPDFObjectHandle first;
    try {
        first = QPDFObjectHandle::parse(&d.qpdf(), *firstWins, "first-wins reading");
    } catch (const std::exception&) {
        return false;
    }
    QPDFObjectHandle last = d.qpdf().getObjectByObjGen(*og);
    if (last.isStream()) last = last.getDict();
    if (!first.isDictionary() || !last.isDictionary()) return false;
    const auto differ = changedKeys(first, last);
    if (differ.empty()) return true;
    const bool signatureValue = last.getKey("/ByteRange").isArray() && last.getKey("/Contents").isString() &&
                                first.getKey("/ByteRange").isArray() && first.getKey("/Contents").isString();
    return signatureValue && differ == std::set<std::string>{"/Type"};
}

} // namespace

// A repair of an object whose bytes the later revision did not touch (the same offset in
// both cross-reference tables) is the signed revision's own, reported with it
// (SIGNED_REVISION_REPAIRED): the same bytes read the same in both, so it is no change.
bool inheritedFromSigned(const RevisionPair& revs, const Document::Repair& repair)
{
    const auto og = namedObject(repair.object);
    if (!og) return false;
    const auto sTable = revs.signedRev.xrefTable();
    const auto lTable = revs.laterRev.xrefTable();
    const auto s = sTable.find(*og), l = lTable.find(*og);
    return s != sTable.end() && l != lTable.end() && s->second.getType() == 1 && l->second.getType() == 1 &&
           s->second.getOffset() == l->second.getOffset();
}

void reviewRepairs(const RevisionPair& revs, std::vector<Explanation>& out)
{
    Document& d = revs.laterRev;
    std::vector<Document::Repair> repairs;
    for (const auto& r : d.repairs())
        if (!inheritedFromSigned(revs, r)) repairs.push_back(r);
    if (repairs.empty()) return;
    const bool cosmetic =
        std::all_of(repairs.begin(), repairs.end(), [&](const Document::Repair& r) { return readsTheSame(d, r); });
    if (cosmetic) {
        out.push_back({ModificationLevel::LtaUpdate, true, modification::kRepairCosmetic,
                       "a later revision reads with repairs that change no object (" + repairs.front().object + ": " +
                           repairs.front().detail + ")",
                       true});
        return;
    }
    const auto& first = *std::find_if_not(repairs.begin(), repairs.end(),
                                          [&](const Document::Repair& r) { return readsTheSame(d, r); });
    out.push_back({ModificationLevel::Other, false, modification::kRevisionRepaired,
                   "a later revision only reads with repairs (damaged objects or cross-reference entries: " +
                       (first.object.empty() ? std::string() : first.object + ": ") + first.detail + ")"});
}

} // namespace sandi::crypto::pdf
