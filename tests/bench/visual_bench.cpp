// SPDX-License-Identifier: GPL-3.0-or-later
// What the checks on rendered pages cost (client/visual): `sandi verify`'s verifyFile on
// letters signed once (no later revision: the visual comparison renders nothing), signed
// twice (the first signature is followed by the second's revision: its pages are rendered
// and compared) and QR-marked, with the page checks off and on, side by side.
//   bench_visual [FILES_PER_KIND] [PAGES] [ROWS]
// ROWS: which lines to measure, any of o (signed once), t (twice), a (twice, every page
// rendered), q (QR-marked); all by default. A profiler run can take one row alone.
#include "../support/test_pki.h"

#include "sandi/client/documents.h"
#include "sandi/core/atomic_file.h"

#include <array>
#include <chrono>
#include <cstdio>
#include <string>

namespace {

using namespace sandi::test;
using namespace sandi::client;
using Clock = std::chrono::steady_clock;

std::vector<std::byte> bytesOf(const std::string& s)
{
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return {p, p + s.size()};
}

// A letter of `pages` A4 pages, 45 lines of 11 pt Helvetica each.
std::vector<std::byte> letter(int pages)
{
    std::vector<std::string> objects{"<< /Type /Catalog /Pages 2 0 R >>", ""};
    std::string kids;
    const int font = 3;
    objects.emplace_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
    for (int p = 0; p < pages; ++p) {
        std::string content = "BT /F1 11 Tf 14 TL 60 780 Td\n";
        for (int line = 0; line < 45; ++line)
            content += "(Menindaklanjuti surat Kepala Dinas nomor " + std::to_string(p * 100 + line) +
                       " tentang pelaksanaan anggaran tahun 2026.) '\n";
        content += "ET\n";
        const int contentNum = static_cast<int>(objects.size()) + 1;
        objects.push_back("<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "endstream");
        const int pageNum = static_cast<int>(objects.size()) + 1;
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents " +
                          std::to_string(contentNum) + " 0 R /Resources << /Font << /F1 " + std::to_string(font) +
                          " 0 R >> >> >>");
        kids += std::to_string(pageNum) + " 0 R ";
    }
    objects[1] = "<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>";
    std::string doc = "%PDF-1.7\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(doc.size());
        doc += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = doc.size();
    doc += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f\r\n";
    for (std::size_t off : offsets) {
        std::array<char, 24> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", off);
        doc += line.data();
    }
    doc += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return bytesOf(doc);
}

double verifySeconds(const std::string& f, const VerifyOptions& o, const visual::PageCheckOptions& p)
{
    const auto start = Clock::now();
    const FileReport report = verifyFile(f, o, p);
    const double seconds = std::chrono::duration<double>(Clock::now() - start).count();
    if (!report.valid()) std::fprintf(stderr, "warning: %s is not valid\n", f.c_str());
    return seconds;
}

// Seconds per file without and with the checks, interleaved file by file so that the
// load of a shared machine weighs on both alike.
std::pair<double, double> secondsPerFile(const std::vector<std::string>& files, const VerifyOptions& o,
                                         const visual::PageCheckOptions& off, const visual::PageCheckOptions& on,
                                         int rounds)
{
    double a = 0, b = 0;
    for (int r = 0; r < rounds; ++r)
        for (const auto& f : files) {
            a += verifySeconds(f, o, off);
            b += verifySeconds(f, o, on);
        }
    const double n = static_cast<double>(files.size()) * rounds;
    return {a / n, b / n};
}

} // namespace

int main(int argc, char** argv)
{
    const int perKind = argc > 1 ? std::stoi(argv[1]) : 20;
    const int pages = argc > 2 ? std::stoi(argv[2]) : 2;
    const std::string rows = argc > 3 ? argv[3] : "otaq";
    const int rounds = 5;
    TestPki pki;
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Wa Ode Sitti");
    auto signer = must(KeySigner::fromKey(std::move(leaf.key), std::move(leaf.certificate), std::move(leaf.chain)));
    auto leaf2 = pki.issue(*pki.buton, Profile::Signing, "La Ode Budi");
    auto signer2 = must(KeySigner::fromKey(std::move(leaf2.key), std::move(leaf2.certificate), std::move(leaf2.chain)));
    const auto base = letter(pages);
    const auto dir = pki.dir.path();
    must(writeFileAtomically(dir / "base.pdf", base, FileMode::Public));

    auto sign = [&](const std::string& in, const std::string& out, KeySigner& who, double x, bool qr) {
        SignRequest r;
        r.input = in;
        r.output = out;
        r.signingTime = pki.now;
        r.reason = "Disetujui";
        r.visible = StampPlacement{1, x, 60, 220, 80};
        r.stampQr = qr;
        must(signDocument(r, who));
    };
    std::vector<std::string> once, twice, qr;
    for (int i = 0; i < perKind; ++i) {
        const std::string n = std::to_string(i);
        once.push_back((dir / ("once" + n + ".pdf")).string());
        sign((dir / "base.pdf").string(), once.back(), signer, 40, false);
        twice.push_back((dir / ("twice" + n + ".pdf")).string());
        sign(once.back(), twice.back(), signer2, 320, false);
        qr.push_back((dir / ("qr" + n + ".pdf")).string());
        sign((dir / "base.pdf").string(), qr.back(), signer, 40, true);
    }
    VerifyOptions o;
    o.anchors = values({pki.root->certificate()});
    o.crls = values(pki.crls(pki.now));
    o.now = pki.now;
    ValidationCache cache;
    o.cache = &cache;

    visual::PageCheckOptions off;
    off.compareRevisions = false;
    visual::PageCheckOptions compare; // the default: the visual comparison
    visual::PageCheckOptions everyPage;
    everyPage.renderUnchangedPages = true;
    visual::PageCheckOptions withQr;
    withQr.checkQrStamps = true;

    std::printf("%d files per kind, %d-page letters, %d rounds, one thread; ms per file\n", perKind, pages, rounds);
    std::printf("%-44s %10s %10s %8s\n", "files", "no checks", "checks", "ratio");
    auto line = [&](const char* what, const std::vector<std::string>& files, const visual::PageCheckOptions& on,
                    char row) {
        if (rows.find(row) == std::string::npos) return;
        (void)secondsPerFile(files, o, off, on, 1); // warm the chain cache and the system's page cache
        const auto [a, b] = secondsPerFile(files, o, off, on, rounds);
        std::printf("%-44s %10.2f %10.2f %7.2fx\n", what, a * 1e3, b * 1e3, b / a);
    };
    line("signed once (visual comparison on)", once, compare, 'o');
    line("signed twice (visual comparison on)", twice, compare, 't');
    line("signed twice, every page rendered (--visual-all)", twice, everyPage, 'a');
    line("QR-marked, signed once (--check-qr)", qr, withQr, 'q');
    return 0;
}
