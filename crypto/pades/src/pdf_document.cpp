// SPDX-License-Identifier: GPL-3.0-or-later
#include "pdf_internal.h"

#include <qpdf/QPDFExc.hh>
#include <qpdf/QPDFLogger.hh>

#include <algorithm>
#include <array>
#include <set>
#include <chrono>
#include <cstring>
#include <ctime>
#include <utility>

namespace sandi::crypto::pdf {

namespace {

// qpdf's own wording for the two slips that change no object: whitespace before the
// "xref" keyword (the cross-reference offset points a few bytes early; qpdf finds the
// same table), and a trailer /Size that is not one more than the highest object number
// (Sandi takes object numbers from the cross-reference sections, never from /Size alone).
// Any other warning, including any that changes how an object reads, counts.
bool isCosmeticWarning(const QPDFExc& w)
{
    const std::string& d = w.getMessageDetail();
    return d == "extraneous whitespace seen before xref" ||
           (d.starts_with("reported number of objects (") &&
            d.find(") is not one plus the highest object number (") != std::string::npos);
}

} // namespace

const std::map<QPDFObjGen, QPDFXRefEntry>& Document::xrefTable()
{
    if (!m_xref) m_xref = m_qpdf->getXRefTable();
    return *m_xref;
}

std::size_t Document::warnings()
{
    for (const auto& w : m_qpdf->getWarnings()) // hands them over and clears qpdf's list
        if (!isCosmeticWarning(w)) {
            ++m_warnings;
            m_repairs.push_back({w.getObject(), static_cast<long long>(w.getFilePosition()), w.getMessageDetail()});
        }
    return m_warnings;
}

const std::vector<Document::Repair>& Document::repairs()
{
    warnings();
    return m_repairs;
}

Status guarded(std::string_view what, const std::function<void()>& fn)
{
    try {
        fn();
        return {};
    } catch (const QPDFExc& e) {
        return fail(ErrorCode::InvalidInput, std::string(what) + ": " + e.getMessageDetail());
    } catch (const std::exception& e) {
        return fail(ErrorCode::InvalidInput, std::string(what) + ": " + e.what());
    }
}

Result<Document> Document::open(std::span<const std::byte> bytes, const std::string& description, Encrypted encrypted)
{
    Document doc;
    doc.m_bytes = bytes;
    doc.m_qpdf = std::make_unique<QPDF>();
    auto logger = QPDFLogger::create();
    logger->setInfo(logger->discard());
    logger->setWarn(logger->discard());
    logger->setError(logger->discard());
    doc.m_qpdf->setLogger(logger);
    doc.m_qpdf->setSuppressWarnings(true);
    doc.m_qpdf->setAttemptRecovery(false);
    try {
        doc.m_qpdf->processMemoryFile(description.c_str(), reinterpret_cast<const char*>(bytes.data()), bytes.size());
    } catch (const QPDFExc& e) {
        if (e.getErrorCode() == qpdf_e_password)
            return fail(ErrorCode::Unsupported, "encrypted PDF that needs a password: Sandi does not sign it, and "
                                                "verifies only files that open without one");
        return fail(ErrorCode::InvalidInput, "damaged or unreadable PDF: " + e.getMessageDetail());
    } catch (const std::exception& e) {
        return fail(ErrorCode::InvalidInput, std::string("damaged or unreadable PDF: ") + e.what());
    }
    doc.m_encrypted = doc.m_qpdf->isEncrypted();
    if (doc.m_encrypted && encrypted == Encrypted::Refuse)
        return fail(ErrorCode::Unsupported, "encrypted PDF: Sandi does not sign encrypted files");
    bool hasRoot = false;
    SANDI_TRY(guarded("damaged PDF", [&] { hasRoot = doc.root().isDictionary(); }));
    if (!hasRoot) return fail(ErrorCode::InvalidInput, "damaged PDF: no document catalog");
    return doc;
}

std::vector<QPDFObjectHandle> pages(Document& doc)
{
    std::vector<QPDFObjectHandle> out;
    std::set<QPDFObjGen> visited;
    // (node, depth); kids are pushed in reverse so pages come out in document order.
    std::vector<std::pair<QPDFObjectHandle, std::size_t>> stack{{doc.root().getKey("/Pages"), 0}};
    while (!stack.empty()) {
        if (out.size() >= kMaxPages) {
            noteBudgetExhausted("pages (" + std::to_string(kMaxPages) + ")");
            break;
        }
        auto [node, depth] = stack.back();
        stack.pop_back();
        if (!node.isDictionary()) continue;
        if (depth > kMaxPageTreeDepth) {
            noteBudgetExhausted("page tree depth (" + std::to_string(kMaxPageTreeDepth) + " levels)");
            continue;
        }
        if (node.isIndirect() && !visited.insert(node.getObjGen()).second) continue;
        QPDFObjectHandle kids = node.getKey("/Kids");
        const bool isTree = node.getKey("/Type").isName() ? node.getKey("/Type").getName() == "/Pages" : kids.isArray();
        if (!isTree) {
            out.push_back(node);
            continue;
        }
        if (!kids.isArray()) continue;
        const int n = kids.getArrayNItems();
        if (static_cast<std::size_t>(n) > kMaxPages) {
            noteBudgetExhausted("pages (" + std::to_string(kMaxPages) + ")");
            continue;
        }
        for (int i = n - 1; i >= 0; --i)
            stack.emplace_back(kids.getArrayItem(i), depth + 1);
    }
    return out;
}

std::optional<std::size_t> headerOffset(std::span<const std::byte> bytes)
{
    const std::string_view t = text(bytes.first(std::min<std::size_t>(bytes.size(), 1024)));
    const auto pos = t.find("%PDF-");
    if (pos == std::string_view::npos) return std::nullopt;
    return pos;
}

namespace {

bool isWhite(char c)
{
    return c == ' ' || c == '\r' || c == '\n' || c == '\t' || c == '\f' || c == '\0';
}

// Whether "%%EOF" at `pos` follows "startxref", white space, digits, white space.
bool afterStartxref(std::string_view t, std::size_t pos)
{
    std::size_t i = pos;
    while (i > 0 && isWhite(t[i - 1]))
        --i;
    const std::size_t digitsEnd = i;
    while (i > 0 && t[i - 1] >= '0' && t[i - 1] <= '9')
        --i;
    if (i == digitsEnd || i == 0 || !isWhite(t[i - 1])) return false;
    while (i > 0 && isWhite(t[i - 1]))
        --i;
    return i >= 9 && t.substr(i - 9, 9) == "startxref";
}

// Whether `pos` lies inside the body of an object ("N G obj" … "endobj", read as tokens)
// that starts at most kObjectWindow bytes before it (a bound on the work per marker; a
// "%%EOF" deeper inside a larger object counts as an end, and the revision it ends fails
// to read: refused, never accepted).
constexpr std::size_t kObjectWindow = 256 * 1024;

bool insideObject(std::string_view t, std::size_t pos)
{
    const std::size_t from = pos > kObjectWindow ? pos - kObjectWindow : 0;
    const std::string_view w = t.substr(from, pos - from); // the window, up to the marker
    const std::size_t lastEnd = w.rfind("endobj");
    for (std::size_t kw = w.rfind("obj"); kw != std::string_view::npos && kw > 0; kw = w.rfind("obj", kw - 1)) {
        if (lastEnd != std::string_view::npos && kw <= lastEnd + 3) return false; // (the "obj" of that "endobj")
        if (!isWhite(w[kw - 1])) continue;
        return !objectEnd(w, kw + 3); // no "endobj" of its own before the marker
    }
    return false;
}

// More markers than this are not read (the verifier refuses more than 1000 revisions), and
// at most this many "%%EOF" at a line start without "startxref" are looked at (past it they
// end no revision: a signed range that ends there is refused).
constexpr std::size_t kMaxMarkers = 1001;
constexpr std::size_t kMaxBareMarkers = 2000;

} // namespace

std::vector<RevisionEnd> revisionMarkers(std::span<const std::byte> bytes)
{
    std::vector<RevisionEnd> ends;
    const std::string_view t = text(bytes);
    std::size_t bare = 0;
    for (std::size_t pos = t.find("%%EOF"); pos != std::string_view::npos; pos = t.find("%%EOF", pos + 5)) {
        // After "startxref N"; or, for an update that lacks its cross-reference section (to be
        // refused as such), at the start of a line outside any object.
        const bool lineStart = pos == 0 || t[pos - 1] == '\n' || t[pos - 1] == '\r';
        if (!afterStartxref(t, pos)) {
            if (!lineStart) continue;
            if (++bare > kMaxBareMarkers) {
                noteBudgetExhausted("%%EOF markers without startxref (" + std::to_string(kMaxBareMarkers) + ")");
                continue;
            }
            if (insideObject(t, pos)) continue;
        }
        RevisionEnd e{pos + 5, pos + 5};
        if (e.end < t.size() && t[e.end] == '\r') ++e.end;
        if (e.end < t.size() && t[e.end] == '\n') ++e.end;
        ends.push_back(e);
        if (ends.size() >= kMaxMarkers) break;
    }
    return ends;
}

std::vector<std::size_t> revisionEnds(std::span<const std::byte> bytes)
{
    std::vector<std::size_t> out;
    for (const RevisionEnd& e : revisionMarkers(bytes))
        out.push_back(e.end);
    return out;
}

std::optional<std::size_t> objectEnd(std::string_view t, std::size_t start)
{
    using namespace std::string_view_literals;
    constexpr std::string_view kSpace = " \t\r\n\f\0"sv;
    constexpr std::string_view kDelimiters = " \t\r\n\f\0/<>[]()%"sv;
    // A keyword: after white space or the end of a string, dictionary or array (after "/" it
    // is part of a name), and followed by a delimiter.
    auto keywordAt = [&](std::size_t i, std::string_view k) {
        if (t.substr(i, k.size()) != k) return false;
        const std::size_t after = i + k.size();
        const bool endsHere = after >= t.size() || kDelimiters.find(t[after]) != std::string_view::npos;
        return endsHere && (i == 0 || kSpace.find(t[i - 1]) != std::string_view::npos || t[i - 1] == ')' ||
                            t[i - 1] == '>' || t[i - 1] == ']');
    };
    std::size_t i = start;
    while (i < t.size()) {
        const char c = t[i];
        if (c == '(') { // literal string: balanced parentheses, backslash escapes
            int depth = 0;
            for (; i < t.size(); ++i) {
                if (t[i] == '\\') {
                    ++i;
                } else if (t[i] == '(') {
                    ++depth;
                } else if (t[i] == ')' && --depth == 0) {
                    break;
                }
            }
            ++i;
        } else if (c == '<' && i + 1 < t.size() && t[i + 1] != '<') { // hex string
            const std::size_t close = t.find('>', i);
            if (close == std::string_view::npos) return std::nullopt;
            i = close + 1;
        } else if (c == '<' || c == '>') {
            i += 2;
        } else if (c == '%') { // comment, to the end of the line
            while (i < t.size() && t[i] != '\r' && t[i] != '\n')
                ++i;
        } else if (c == 'e' && keywordAt(i, "endobj")) {
            return i;
        } else if ((c == 's' && keywordAt(i, "stream")) || (c == 'o' && keywordAt(i, "obj"))) {
            return std::nullopt;
        } else {
            ++i;
        }
    }
    return std::nullopt;
}

namespace {
thread_local std::vector<std::string> t_exhausted; // NOLINT(cppcoreguidelines-avoid-non-const-global-variables)
} // namespace

void noteBudgetExhausted(std::string what)
{
    if (std::find(t_exhausted.begin(), t_exhausted.end(), what) == t_exhausted.end())
        t_exhausted.push_back(std::move(what));
}

std::vector<std::string> takeExhaustedBudgets()
{
    return std::exchange(t_exhausted, {});
}

std::optional<std::size_t> lastStartxref(std::span<const std::byte> bytes)
{
    const std::string_view t = text(bytes);
    const auto pos = t.rfind("startxref");
    if (pos == std::string_view::npos) return std::nullopt;
    std::size_t i = pos + 9;
    while (i < t.size() && (t[i] == ' ' || t[i] == '\r' || t[i] == '\n' || t[i] == '\t'))
        ++i;
    std::size_t value = 0;
    std::size_t digits = 0;
    while (i < t.size() && t[i] >= '0' && t[i] <= '9' && digits < 15) {
        value = value * 10 + static_cast<std::size_t>(t[i] - '0');
        ++i;
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    return value;
}

std::string literalString(std::string_view s)
{
    std::string out = "(";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '(' || c == ')' || c == '\\') {
            out += '\\';
            out += c;
        } else if (u < 0x20 || u >= 0x7F) {
            std::array<char, 8> buf{};
            std::snprintf(buf.data(), buf.size(), "\\%03o", u);
            out += buf.data();
        } else {
            out += c;
        }
    }
    out += ')';
    return out;
}

std::string pdfDate(std::chrono::system_clock::time_point t)
{
    const time_t secs = std::chrono::system_clock::to_time_t(t);
    struct tm tmv {};
    gmtime_r(&secs, &tmv);
    std::array<char, 32> buf{};
    std::strftime(buf.data(), buf.size(), "D:%Y%m%d%H%M%S+00'00'", &tmv);
    return buf.data();
}

std::optional<std::chrono::system_clock::time_point> parsePdfDate(std::string_view d)
{
    if (d.starts_with("D:")) d.remove_prefix(2);
    if (d.size() < 4) return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len, int fallback) { // NOLINT(bugprone-easily-swappable-parameters)
        if (pos + len > d.size()) return fallback;
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (d[i] < '0' || d[i] > '9') return -1;
            v = v * 10 + (d[i] - '0');
        }
        return v;
    };
    struct tm tmv {};
    const int y = num(0, 4, -1), mo = num(4, 2, 1), da = num(6, 2, 1), h = num(8, 2, 0), mi = num(10, 2, 0),
              s = num(12, 2, 0);
    if (y < 0 || mo < 1 || mo > 12 || da < 1 || da > 31 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 60)
        return std::nullopt;
    tmv.tm_year = y - 1900;
    tmv.tm_mon = mo - 1;
    tmv.tm_mday = da;
    tmv.tm_hour = h;
    tmv.tm_min = mi;
    tmv.tm_sec = s;
    std::int64_t secs = static_cast<std::int64_t>(timegm(&tmv));
    // Offset: Z, or +HH'mm' / -HH'mm'.
    if (d.size() > 14 && (d[14] == '+' || d[14] == '-')) {
        const int oh = num(15, 2, 0);
        const int om = d.size() >= 20 ? num(18, 2, 0) : 0;
        if (oh < 0 || om < 0) return std::nullopt;
        const std::int64_t offset = std::int64_t{oh} * 3600 + std::int64_t{om} * 60;
        secs = d[14] == '+' ? secs - offset : secs + offset;
    }
    return timePointFromUnixSeconds(secs); // clamped: a PDF may name any year
}

} // namespace sandi::crypto::pdf
