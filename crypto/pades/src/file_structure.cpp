// SPDX-License-Identifier: GPL-3.0-or-later
// Byte-level facts about a file that qpdf's merged view hides: the entries of each
// revision's classic cross-reference table and of its /XRefStm stream (a hybrid-reference
// file), and every signature dictionary written anywhere in the file.
#include "file_structure.h"

#include <qpdf/Buffer.hh>
#include <qpdf/QPDFXRefEntry.hh>

#include <charconv>
#include <map>

namespace sandi::crypto::pdf {
namespace {

constexpr std::string_view kSpace = " \t\r\n\f";
constexpr std::size_t kMaxContradictions = 10; // reported per file (the first is enough to refuse)

bool isSpace(char c)
{
    return c == '\0' || kSpace.find(c) != std::string_view::npos;
}

std::size_t skipSpace(std::string_view t, std::size_t i)
{
    while (i < t.size() && isSpace(t[i]))
        ++i;
    return i;
}

std::optional<long long> readNumber(std::string_view t, std::size_t& i)
{
    i = skipSpace(t, i);
    long long v = 0;
    const auto [end, ec] = std::from_chars(t.data() + i, t.data() + std::min(t.size(), i + 18), v);
    if (ec != std::errc() || end == t.data() + i) return std::nullopt;
    i = static_cast<std::size_t>(end - t.data());
    return v;
}

struct Entry {
    int type = 0; // 0 free, 1 at an offset, 2 in an object stream
    long long field = 0;
};

// The classic table at `at` ("xref" …), and the trailer's /XRefStm if it has one.
std::optional<std::map<long long, Entry>> classicTable(std::string_view t, std::size_t at,
                                                       std::optional<long long>& xrefStm)
{
    std::size_t i = at + 4;
    std::map<long long, Entry> out;
    for (;;) {
        i = skipSpace(t, i);
        if (t.substr(i, 7) == "trailer") break;
        const auto first = readNumber(t, i);
        const auto count = readNumber(t, i);
        if (!first || !count || *first < 0 || *count < 0 || *count > static_cast<long long>(t.size()))
            return std::nullopt;
        for (long long k = 0; k < *count; ++k) {
            const auto offset = readNumber(t, i);
            const auto gen = readNumber(t, i);
            i = skipSpace(t, i);
            if (!offset || !gen || i >= t.size() || (t[i] != 'n' && t[i] != 'f')) return std::nullopt;
            out[*first + k] = {t[i] == 'n' ? 1 : 0, *offset};
            ++i;
        }
    }
    const std::size_t end = t.find("startxref", i);
    const std::string_view trailer = t.substr(i, end == std::string_view::npos ? std::string_view::npos : end - i);
    const std::size_t key = trailer.find("/XRefStm");
    if (key != std::string_view::npos) {
        std::size_t j = key + 8;
        xrefStm = readNumber(trailer, j);
    }
    return out;
}

// The entries of the cross-reference stream at `at`, decoded by qpdf's filters.
std::optional<std::map<long long, Entry>> streamTable(std::string_view t, std::size_t at)
{
    std::size_t i = at;
    if (!readNumber(t, i) || !readNumber(t, i)) return std::nullopt;
    i = skipSpace(t, i);
    if (t.substr(i, 3) != "obj") return std::nullopt;
    const std::size_t dictStart = i + 3;
    const std::size_t streamKw = t.find("stream", dictStart);
    if (streamKw == std::string_view::npos) return std::nullopt;
    std::size_t data = streamKw + 6;
    if (data < t.size() && t[data] == '\r') ++data;
    if (data < t.size() && t[data] == '\n') ++data;
    QPDF scratch;
    scratch.emptyPDF();
    QPDFObjectHandle dict = QPDFObjectHandle::parse(&scratch, std::string(t.substr(dictStart, streamKw - dictStart)));
    if (!dict.isDictionary()) return std::nullopt;
    std::size_t length = 0;
    if (dict.getKey("/Length").isInteger() && dict.getKey("/Length").getIntValue() >= 0)
        length = static_cast<std::size_t>(dict.getKey("/Length").getIntValue());
    else if (const std::size_t e = t.find("endstream", data); e != std::string_view::npos)
        length = e - data;
    if (data + length > t.size()) return std::nullopt;
    QPDFObjectHandle stream = QPDFObjectHandle::newStream(&scratch, std::string(t.substr(data, length)));
    dict.replaceKey("/Length", QPDFObjectHandle::newInteger(static_cast<long long>(length)));
    stream.replaceDict(dict);
    auto decoded = stream.getStreamData(qpdf_dl_generalized);
    const auto* bytes = decoded->getBuffer();
    const std::size_t size = decoded->getSize();

    QPDFObjectHandle w = dict.getKey("/W");
    if (!w.isArray() || w.getArrayNItems() != 3) return std::nullopt;
    std::array<std::size_t, 3> widths{};
    for (int k = 0; k < 3; ++k) {
        if (!w.getArrayItem(k).isInteger() || w.getArrayItem(k).getIntValue() < 0 ||
            w.getArrayItem(k).getIntValue() > 8)
            return std::nullopt;
        widths[static_cast<std::size_t>(k)] = static_cast<std::size_t>(w.getArrayItem(k).getIntValue());
    }
    const std::size_t rowSize = widths[0] + widths[1] + widths[2];
    if (rowSize == 0) return std::nullopt;
    std::vector<std::pair<long long, long long>> sections;
    QPDFObjectHandle index = dict.getKey("/Index");
    if (index.isArray()) {
        for (int k = 0; k + 1 < index.getArrayNItems(); k += 2)
            if (index.getArrayItem(k).isInteger() && index.getArrayItem(k + 1).isInteger())
                sections.emplace_back(index.getArrayItem(k).getIntValue(), index.getArrayItem(k + 1).getIntValue());
    } else if (dict.getKey("/Size").isInteger()) {
        sections.emplace_back(0, dict.getKey("/Size").getIntValue());
    }
    std::map<long long, Entry> out;
    std::size_t row = 0;
    for (const auto& [first, count] : sections) {
        for (long long k = 0; k < count && (row + 1) * rowSize <= size; ++k, ++row) {
            std::array<long long, 3> f{};
            std::size_t pos = row * rowSize;
            for (std::size_t c = 0; c < 3; ++c) {
                for (std::size_t b = 0; b < widths[c]; ++b)
                    f[c] = f[c] * 256 + static_cast<unsigned char>(bytes[pos++]);
            }
            if (widths[0] == 0) f[0] = 1;
            out[first + k] = {static_cast<int>(f[0]), f[1]};
        }
    }
    return out;
}

std::string describe(const Entry& e)
{
    switch (e.type) {
    case 0:
        return "free";
    case 1:
        return "at byte " + std::to_string(e.field);
    case 2:
        return "in object stream " + std::to_string(e.field);
    default:
        return "of type " + std::to_string(e.type);
    }
}

} // namespace

std::vector<std::string> hybridContradictions(std::span<const std::byte> bytes, std::span<const RevisionEnd> ends)
{
    std::vector<std::string> out;
    const std::string_view t = text(bytes);
    const std::size_t header = headerOffset(bytes).value_or(0);
    std::set<std::size_t> seen; // a table shared by two "%%EOF" (linearized files) is read once
    for (const RevisionEnd& e : ends) {
        const auto sx = lastStartxref(bytes.first(e.end));
        if (!sx) continue;
        const std::size_t at = skipSpace(t, header + *sx);
        if (at >= t.size() || t.substr(at, 4) != "xref" || !seen.insert(at).second) continue;
        std::optional<long long> xrefStm;
        const auto table = classicTable(t, at, xrefStm);
        if (!table || !xrefStm || *xrefStm < 0) continue; // not hybrid (an unreadable table is qpdf's to refuse)
        std::optional<std::map<long long, Entry>> stream;
        const auto read =
            guarded("reading /XRefStm", [&] { stream = streamTable(t, header + static_cast<std::size_t>(*xrefStm)); });
        if (!read || !stream) {
            out.push_back("the /XRefStm of the revision ending at byte " + std::to_string(e.end) +
                          " is not a readable cross-reference stream");
            continue;
        }
        for (const auto& [num, s] : *stream) {
            const auto c = table->find(num);
            if (num == 0 || c == table->end()) continue;
            const Entry& a = c->second;
            // A free table entry for an object of an object stream is how hybrid files hide
            // compressed objects from older readers; anything else is two different answers.
            const bool agree = (a.type == 1 && s.type == 1 && a.field == s.field) || (a.type == 0 && s.type == 0) ||
                               (a.type == 0 && s.type == 2);
            if (agree) continue;
            out.push_back("object " + std::to_string(num) + " in the revision ending at byte " + std::to_string(e.end) +
                          " is " + describe(a) + " in the cross-reference table but " + describe(s) +
                          " in its /XRefStm stream");
            if (out.size() >= kMaxContradictions) return out;
        }
    }
    return out;
}

std::vector<std::pair<QPDFObjGen, QPDFObjectHandle>> signatureDictionaries(Document& doc, std::string_view t)
{
    std::vector<std::pair<QPDFObjGen, QPDFObjectHandle>> out;
    std::set<std::pair<QPDFObjGen, std::string>> seen;
    auto consider = [&](QPDFObjGen og, QPDFObjectHandle h) {
        if (!h.isDictionary() || !h.hasKey("/ByteRange") || !h.hasKey("/Contents")) return;
        QPDFObjectHandle type = h.getKey("/Type");
        if (type.isName() && type.getName() != "/Sig" && type.getName() != "/DocTimeStamp") return;
        if (seen.emplace(og, h.getKey("/ByteRange").unparse()).second) out.emplace_back(og, h);
    };
    // Every "N G obj" of the file's text, in order (as a reconstructing reader finds them).
    struct Header {
        QPDFObjGen og;
        std::size_t start = 0; // of the object number
        std::size_t body = 0;  // just after "obj"
    };
    std::vector<Header> headers;
    for (std::size_t kw = t.find("obj"); kw != std::string_view::npos; kw = t.find("obj", kw + 3)) {
        if (kw == 0 || !isSpace(t[kw - 1])) continue;
        const std::size_t after = kw + 3;
        if (after < t.size() && !isSpace(t[after]) && t[after] != '<' && t[after] != '[' && t[after] != '/') continue;
        std::size_t i = kw;
        auto back = [&]() -> std::optional<long long> {
            while (i > 0 && isSpace(t[i - 1]))
                --i;
            const std::size_t end = i;
            while (i > 0 && end - i < 10 && t[i - 1] >= '0' && t[i - 1] <= '9')
                --i;
            if (i == end || (i > 0 && !isSpace(t[i - 1]) && t[i - 1] != '>' && t[i - 1] != ']' && t[i - 1] != ')'))
                return std::nullopt;
            long long v = 0;
            std::from_chars(t.data() + i, t.data() + end, v);
            return v;
        };
        const auto gen = back();
        const auto num = gen ? back() : std::nullopt;
        if (!num || *num <= 0 || *gen < 0 || *gen > 65535 || *num > 0x7fffffff) continue;
        headers.push_back({QPDFObjGen(static_cast<int>(*num), static_cast<int>(*gen)), i, after});
    }
    // A body that mentions /ByteRange is parsed. Each body is read only up to the next
    // header, so that the work stays linear in the file's size whatever its strings hold.
    // What qpdf warns about while parsing these bodies is about this scan, not about how the
    // document reads (the verifier judges repairs from the document's own reading).
    doc.warnings();
    for (std::size_t k = 0; k < headers.size(); ++k) {
        const std::size_t limit = k + 1 < headers.size() ? headers[k + 1].start : t.size();
        const std::string_view region = t.substr(0, limit);
        const auto end = objectEnd(region, headers[k].body);
        if (!end) continue;
        const std::string_view body = region.substr(headers[k].body, *end - headers[k].body);
        if (body.find("/ByteRange") == std::string_view::npos) continue;
        const QPDFObjGen og = headers[k].og;
        (void)guarded("reading a signature dictionary", [&] {
            consider(og,
                     QPDFObjectHandle::parse(&doc.qpdf(), std::string(body), "object " + std::to_string(og.getObj())));
        });
    }
    doc.dropNewWarnings();
    // Objects inside object streams (compressed: not in the text).
    for (const auto& [og, entry] : doc.xrefTable()) {
        if (entry.getType() != 2) continue;
        (void)guarded("reading a signature dictionary", [&] { consider(og, doc.qpdf().getObjectByObjGen(og)); });
    }
    return out;
}

} // namespace sandi::crypto::pdf
