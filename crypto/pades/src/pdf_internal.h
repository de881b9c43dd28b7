// SPDX-License-Identifier: GPL-3.0-or-later
// Internal to the PDF code: qpdf behind a Result-returning wrapper, and the few
// byte-level facts about a PDF file that qpdf does not expose (revision ends,
// startxref, the header offset).
#pragma once

#include "sandi/core/result.h"
#include "sandi/core/time.h"

#include <chrono>

#include <qpdf/QPDF.hh> // POINTERHOLDER_TRANSITION set by CMake
#include <qpdf/QPDFObjectHandle.hh>
#include <qpdf/QPDFXRefEntry.hh>

#include <cstddef>
#include <functional>
#include <memory>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace sandi::crypto::pdf {

inline std::string_view text(std::span<const std::byte> b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// A parsed PDF over memory the caller keeps alive. No repair: a file whose xref
// does not hold is an error, never silently reconstructed.
struct ObjectMemo; // modification_policy.h

class Document final {
  public:
    // Encrypted files: refused for signing; for verifying, read when they open with the
    // empty user password (qpdf decrypts; a signature's /Contents is not encrypted,
    // ISO 32000-2 §7.6.2).
    enum class Encrypted { Refuse, AllowEmptyUserPassword };
    static Result<Document> open(std::span<const std::byte> bytes, const std::string& description,
                                 Encrypted encrypted = Encrypted::Refuse);
    [[nodiscard]] bool encrypted() const noexcept { return m_encrypted; }
    // qpdf recovers from some damage with only a warning (an unreadable object becomes
    // null): the number of such warnings so far. Two of qpdf's warnings report cosmetic
    // slips that change no object and are common in files from other signing tools
    // (isCosmeticWarning); they do not count.
    std::size_t warnings();
    // Forgets the warnings qpdf gave since the last warnings() call: for parses of text the
    // verifier reads on its own (a raw scan of the file), which are no repair of the document.
    void dropNewWarnings() { m_qpdf->getWarnings(); }
    // Those warnings: the object qpdf names ("object 12 0", or empty), where, and what.
    struct Repair {
        std::string object;
        long long offset = 0;
        std::string detail;
    };
    const std::vector<Repair>& repairs();
    QPDF& qpdf() { return *m_qpdf; }
    // The cross-reference table, read once (qpdf returns a copy on each call).
    const std::map<QPDFObjGen, QPDFXRefEntry>& xrefTable();
    QPDFObjectHandle trailer() { return m_qpdf->getTrailer(); }
    QPDFObjectHandle root() { return m_qpdf->getRoot(); }
    // The bytes it was parsed from (the caller keeps them alive).
    [[nodiscard]] std::span<const std::byte> bytes() const noexcept { return m_bytes; }
    // The object numbers this revision's text refers to (rules/structure.cpp fills it: by a
    // scan of the whole text, or, for the revision after one already read, by adding what
    // its update's bytes refer to).
    std::optional<std::set<long long>>& referencedNumbersCache() noexcept { return m_referenced; }
    // Object number → the objects that refer to it (modification_policy.cpp fills it: by
    // reading every object, or from the revision before by the objects that changed).
    std::optional<std::map<int, std::set<int>>>& referrersCache() noexcept { return m_referrers; }
    // What the modification policy remembers of objects by their offset in the bytes, shared
    // by the Documents parsed from one file's revisions (null: nothing is remembered).
    [[nodiscard]] ObjectMemo* memo() const noexcept { return m_memo.get(); }
    void shareMemo(std::shared_ptr<ObjectMemo> memo) { m_memo = std::move(memo); }

  private:
    std::unique_ptr<QPDF> m_qpdf;
    std::span<const std::byte> m_bytes;
    std::size_t m_warnings = 0;
    std::vector<Repair> m_repairs;
    bool m_encrypted = false;
    std::optional<std::set<long long>> m_referenced;
    std::optional<std::map<int, std::set<int>>> m_referrers;
    std::optional<std::map<QPDFObjGen, QPDFXRefEntry>> m_xref;
    std::shared_ptr<ObjectMemo> m_memo;
};

// The pages in order, by an iterative walk of the page tree that never changes the
// document (qpdf's getAllPages recurses and repairs in memory). Cycles are skipped;
// at most kMaxPages pages and kMaxPageTreeDepth levels.
inline constexpr std::size_t kMaxPages = 100000;
inline constexpr std::size_t kMaxPageTreeDepth = 64;
std::vector<QPDFObjectHandle> pages(Document& doc);

// Runs `fn`, turning any exception qpdf throws into an Error naming `what`.
Status guarded(std::string_view what, const std::function<void()>& fn);

// Offset of "%PDF-" (0 in a well-formed file; a few bytes of junk are tolerated).
std::optional<std::size_t> headerOffset(std::span<const std::byte> bytes);
// Where a revision ends: `marker` just after its "%%EOF", `end` after the end-of-line that
// follows it (a signed range may end at either; the next update may start with that
// end-of-line). A "%%EOF" marks a revision after "startxref N", or at the start of a line
// outside any object (an update without its cross-reference section, refused as such);
// one inside a string of an object does not split a revision.
struct RevisionEnd {
    std::size_t marker = 0;
    std::size_t end = 0;
};
std::vector<RevisionEnd> revisionMarkers(std::span<const std::byte> bytes);
// The end of each revision (RevisionEnd::end).
std::vector<std::size_t> revisionEnds(std::span<const std::byte> bytes);
// The offset of the "endobj" that closes the object whose body starts at `start`, read as
// PDF tokens: "endobj" inside a literal or hex string or a comment does not count. nullopt
// when the body runs into "stream", "obj" or the end of the text first.
std::optional<std::size_t> objectEnd(std::string_view text, std::size_t start);

// Walks with a limit (field trees, page trees, annotations, /DSS arrays, nesting) that
// run out say so here, naming the walk; the verifier takes the names after each step and
// makes each a finding (WALK_BUDGET_EXHAUSTED), so that a walk cut short never reads as
// "nothing there". Per thread.
void noteBudgetExhausted(std::string what);
std::vector<std::string> takeExhaustedBudgets();
// The startxref value of the last revision ending at `end`.
std::optional<std::size_t> lastStartxref(std::span<const std::byte> bytes);

// PDF string literal for `s` (parentheses and backslashes escaped; non-ASCII as octal).
std::string literalString(std::string_view s);
// PDF date: D:YYYYMMDDHHmmSS+00'00'
std::string pdfDate(std::chrono::system_clock::time_point t);
std::optional<std::chrono::system_clock::time_point> parsePdfDate(std::string_view d);

} // namespace sandi::crypto::pdf
