// SPDX-License-Identifier: GPL-3.0-or-later
// client/visual: the stamp record, QR codes (libqrencode → zbar), the comparison of two
// renderings, PNG, and on real signed files (a PKI made at test time): a QR-marked stamp
// that matches its signature, the same stamp copied into another signed document or
// pasted onto an unsigned one, a later revision that changes a page, one that only adds
// a signature, and the HTML report.
#include "../../support/test_pki.h"

#include "sandi/client/documents.h"
#include "sandi/client/report.h"
#include "sandi/core/atomic_file.h"
#include "sandi/pades/pdf_layout.h"
#include "sandi/visual/compare.h"
#include "sandi/visual/html_report.h"
#include "sandi/visual/png.h"
#include "sandi/visual/qr.h"
#include "sandi/visual/render.h"
#include "sandi/visual/stamp_record.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <string>

namespace sandi::test {
namespace {

using namespace std::chrono_literals;
using namespace sandi::client;
using namespace sandi::client::visual;
namespace fs = std::filesystem;

std::vector<std::byte> bytesOf(std::string_view s)
{
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return {p, p + s.size()};
}

std::string textOf(std::span<const std::byte> b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

// A one-page A4 PDF (classic xref) whose page draws a black bar and a word with Helvetica;
// object 4 is the page's content stream. `content` replaces the drawing.
std::vector<std::byte> onePagePdf(const std::string& content = "0 0 0 rg 72 700 300 40 re f BT /F1 24 Tf 72 640 Td "
                                                               "(Surat keputusan) Tj ET")
{
    const std::string body =
        "%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 "
        ">>\nendobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font "
        "<< /F1 5 0 R >> >> >>\nendobj\n4 0 obj\n<< /Length " +
        std::to_string(content.size()) + " >>\nstream\n" + content +
        "\nendstream\nendobj\n5 0 obj\n<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding "
        ">>\nendobj\n";
    std::string doc = body;
    const std::size_t xref = doc.size();
    doc += "xref\n0 6\n0000000000 65535 f\r\n";
    for (const char* marker : {"1 0 obj", "2 0 obj", "3 0 obj", "4 0 obj", "5 0 obj"}) {
        std::array<char, 24> line{};
        std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", body.find(marker));
        doc += line.data();
    }
    doc += "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    return bytesOf(doc);
}

// Appends an incremental update that replaces object `object` with `body`.
std::vector<std::byte> withUpdate(std::span<const std::byte> pdf, int object, const std::string& body)
{
    const std::string s = textOf(pdf);
    const std::size_t prev = std::stoul(s.substr(s.rfind("startxref") + std::string_view("startxref").size()));
    const int size = std::stoi(s.substr(s.rfind("/Size ") + std::string_view("/Size ").size()));
    std::string update = s.back() == '\n' ? "" : "\n";
    const std::size_t offset = s.size() + update.size();
    update += std::to_string(object) + " 0 obj\n" + body + "\nendobj\n";
    const std::size_t xref = s.size() + update.size();
    std::array<char, 24> line{};
    std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", offset);
    update += "xref\n" + std::to_string(object) + " 1\n" + line.data() + "trailer\n<< /Size " + std::to_string(size) +
              " /Root 1 0 R /Prev " + std::to_string(prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::vector<std::byte> out(pdf.begin(), pdf.end());
    const auto tail = bytesOf(update);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

std::string stream(const std::string& content)
{
    return "<< /Length " + std::to_string(content.size()) + " >>\nstream\n" + content + "\nendstream";
}

// A PDF (classic xref) of `objects`, numbered from 1; object 1 is the catalog.
std::vector<std::byte> pdfOf(const std::vector<std::string>& objects)
{
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

// Two pages (objects 3 and 4) drawing text with one font (object 5), each its own content
// stream (6 and 7); page 2's stream has an indirect /Length (object 8).
std::vector<std::byte> twoPagesOneFont()
{
    const std::string one = "BT /F1 24 Tf 72 640 Td (Halaman satu) Tj ET";
    const std::string two = "BT /F1 24 Tf 72 640 Td (Halaman dua) Tj ET 0 0 0 rg 72 500 300 40 re f";
    const std::string page = "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R "
                             ">> >> /Contents ";
    return pdfOf({"<< /Type /Catalog /Pages 2 0 R >>", "<< /Type /Pages /Kids [3 0 R 4 0 R] /Count 2 >>",
                  page + "6 0 R >>", page + "7 0 R >>",
                  "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
                  "<< /Length " + std::to_string(one.size()) + " >>\nstream\n" + one + "\nendstream",
                  "<< /Length 8 0 R >>\nstream\n" + two + "\nendstream", std::to_string(two.size())});
}

bool hasCode(const std::vector<Finding>& list, std::string_view code)
{
    return std::any_of(list.begin(), list.end(), [&](const Finding& f) { return f.code == code; });
}

const Change* changeWith(const SignatureReport& r, std::string_view code)
{
    for (const auto& c : r.changes)
        if (c.code == code) return &c;
    return nullptr;
}

std::size_t count(const std::string& haystack, const std::string& needle)
{
    std::size_t n = 0;
    for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size()))
        ++n;
    return n;
}

// ---- The stamp record

StampRecord sampleRecord()
{
    StampRecord r;
    r.signer = "Wa Ode Sitti; S.H.";
    r.nip = "198503122010012003";
    r.time = TimePoint{std::chrono::sys_days{std::chrono::year{2026} / 11 / 28}} + 5h + 4min + 20s;
    r.documentId = "0A1B2C3D4E5F60718293A4B5C6D7E8F9";
    r.base = std::string(64, 'a');
    return r;
}

TEST(StampRecord, FormatsAsSpecifiedAndParsesBack)
{
    const StampRecord r = sampleRecord();
    const std::string text = formatStampRecord(r);
    EXPECT_EQ(text, "SANDI1;signer=Wa%20Ode%20Sitti%3B%20S.H.;nip=198503122010012003;t=20261128T050420Z;doc="
                    "0A1B2C3D4E5F60718293A4B5C6D7E8F9;base=" +
                        std::string(64, 'a'));
    EXPECT_LE(text.size(), 200U) << "small enough for a version 9 QR code at level M";
    EXPECT_EQ(must(parseStampRecord(text)), r);
    // Hex is normalised: doc upper, base lower.
    std::string mixed = text;
    mixed.replace(mixed.find("0A1B"), 4, "0a1b");
    EXPECT_EQ(must(parseStampRecord(mixed)).documentId, r.documentId);
}

TEST(StampRecord, RefusesEveryMalformedRecord)
{
    const std::string good = formatStampRecord(sampleRecord());
    const std::string base = ";base=" + std::string(64, 'a');
    for (const std::string& bad : std::vector<std::string>{
             "SANDI2;signer=x",
             "SANDI1;",
             "SANDI1;signer=x;nip=;t=20261128T050420Z;doc=00",                                    // no base
             "SANDI1;nip=;signer=x;t=20261128T050420Z;doc=00" + base,                             // order
             "SANDI1;signer=;nip=;t=20261128T050420Z;doc=00" + base,                              // empty signer
             "SANDI1;signer=a b;nip=;t=20261128T050420Z;doc=00" + base,                           // unescaped space
             "SANDI1;signer=a%2;nip=;t=20261128T050420Z;doc=00" + base,                           // short escape
             "SANDI1;signer=a%zz;nip=;t=20261128T050420Z;doc=00" + base,                          // bad escape
             "SANDI1;signer=x;nip=;t=20261328T050420Z;doc=00" + base,                             // month 13
             "SANDI1;signer=x;nip=;t=20260230T050420Z;doc=00" + base,                             // 30 February
             "SANDI1;signer=x;nip=;t=2026-11-28T05:04Z;doc=00" + base,                            // format
             "SANDI1;signer=x;nip=;t=20261128T050420Z;doc=0" + base,                              // odd hex
             "SANDI1;signer=x;nip=;t=20261128T050420Z;doc=0g" + base,                             // not hex
             "SANDI1;signer=x;nip=;t=20261128T050420Z;doc=00;base=" + std::string(62, 'a'),       // short base
             "SANDI1;signer=x;nip=;t=20261128T050420Z;doc=00" + base + ";extra=1",                // sixth field
             "SANDI1;signer=" + std::string(300, 'x') + ";nip=;t=20261128T050420Z;doc=00" + base, // long name
             good + std::string(kMaxStampRecordBytes, 'a'),
         })
        EXPECT_FALSE(parseStampRecord(bad)) << bad;
    EXPECT_FALSE(isStampRecord("https://example.go.id/verify?id=1"));
    EXPECT_TRUE(isStampRecord(good));
}

// ---- QR codes, rendering geometry, comparison, PNG

GreyImage drawModules(const QrModules& m, int scale)
{
    const int quiet = 4;
    const int side = (m.size + 2 * quiet) * scale;
    GreyImage img{side, side, std::vector<std::uint8_t>(static_cast<std::size_t>(side * side), 255)};
    for (int y = 0; y < m.size; ++y)
        for (int x = 0; x < m.size; ++x)
            if (m.dark[static_cast<std::size_t>(y * m.size + x)] != 0)
                for (int dy = 0; dy < scale; ++dy)
                    for (int dx = 0; dx < scale; ++dx)
                        img.pixels[static_cast<std::size_t>(((y + quiet) * scale + dy) * side + (x + quiet) * scale +
                                                            dx)] = 0;
    return img;
}

TEST(Qr, WhatLibqrencodeEncodesZbarReads)
{
    const std::string text = formatStampRecord(sampleRecord());
    const QrModules m = must(encodeQr(text));
    EXPECT_GE(m.size, 21);
    EXPECT_LE(m.size, 61) << "at most version 11 for a record";
    const auto found = must(findQrCodes(drawModules(m, 3)));
    ASSERT_EQ(found.size(), 1U);
    EXPECT_EQ(found[0].text, text);
    EXPECT_GT(found[0].box.x1, found[0].box.x0);
    EXPECT_FALSE(encodeQr(""));
    EXPECT_FALSE(encodeQr(std::string(kMaxQrTextBytes + 1, 'a')));
    EXPECT_TRUE(must(findQrCodes(GreyImage{8, 8, std::vector<std::uint8_t>(64, 255)})).empty());
}

TEST(PageGeometry, MapsUserSpaceToPixelsAndBackAtEveryRotation)
{
    for (int rotation : {0, 90, 180, 270}) {
        PageGeometry g{{10, 20, 610, 862}, rotation, 36};
        double px = 0, py = 0, x = 0, y = 0;
        g.toPixel(100, 700, px, py);
        g.toUser(px, py, x, y);
        EXPECT_NEAR(x, 100, 1e-9) << rotation;
        EXPECT_NEAR(y, 700, 1e-9) << rotation;
        g.toPixel(10, 862, px, py); // the user space's top-left corner
        const std::pair<double, double> expected = rotation == 0     ? std::pair{0.0, 0.0}
                                                   : rotation == 90  ? std::pair{842 * 0.5, 0.0}
                                                   : rotation == 180 ? std::pair{600 * 0.5, 842 * 0.5}
                                                                     : std::pair{0.0, 600 * 0.5};
        EXPECT_NEAR(px, expected.first, 1e-9) << rotation;
        EXPECT_NEAR(py, expected.second, 1e-9) << rotation;
    }
}

GreyImage blank(int w, int h)
{
    return {w, h, std::vector<std::uint8_t>(static_cast<std::size_t>(w * h), 255)};
}

void fill(GreyImage& img, PixelBox b, std::uint8_t v)
{
    for (int y = b.y0; y < b.y1; ++y)
        for (int x = b.x0; x < b.x1; ++x)
            img.pixels[static_cast<std::size_t>(y * img.width + x)] = v;
}

TEST(CompareRenderings, FindsTheChangedAreaAndIgnoresAntiAliasingNoise)
{
    GreyImage a = blank(100, 80);
    GreyImage b = a;
    EXPECT_FALSE(compareRenderings(a, b, {}));
    // Anti-aliasing noise: every pixel a few levels off.
    for (auto& p : b.pixels)
        p = static_cast<std::uint8_t>(p - 20);
    EXPECT_FALSE(compareRenderings(a, b, {}));
    // One stray pixel is under the minimum.
    b = a;
    fill(b, {5, 5, 6, 6}, 0);
    EXPECT_FALSE(compareRenderings(a, b, {}));
    // A changed word.
    b = a;
    fill(b, {30, 40, 50, 45}, 0);
    auto d = compareRenderings(a, b, {});
    ASSERT_TRUE(d);
    EXPECT_EQ(d->box, (PixelBox{30, 40, 50, 45}));
    EXPECT_EQ(d->pixels, 100U);
    EXPECT_EQ(d->outsideBox, (PixelBox{30, 40, 50, 45}));
    // Inside an allowed box (a new signature's widget) it is allowed; partly outside, not.
    const std::array allowed{PixelBox{25, 35, 55, 50}};
    d = compareRenderings(a, b, allowed);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->pixelsOutsideAllowed, 0U);
    const std::array tooSmall{PixelBox{25, 35, 40, 50}};
    d = compareRenderings(a, b, tooSmall);
    ASSERT_TRUE(d);
    EXPECT_EQ(d->pixelsOutsideAllowed, 50U);
    EXPECT_EQ(d->outsideBox, (PixelBox{40, 40, 50, 45}));
    // Another page size: the whole page differs.
    d = compareRenderings(a, blank(80, 100), {});
    ASSERT_TRUE(d);
    EXPECT_TRUE(d->sizeChanged);
}

TEST(Png, IsAValidPngWithTheImagesPixels)
{
    RgbImage img{3, 2, {}};
    for (int i = 0; i < 18; ++i)
        img.pixels.push_back(static_cast<std::uint8_t>(i * 13));
    const auto png = must(encodePng(img));
    const std::string s = textOf(png);
    ASSERT_GT(s.size(), 8U + 25 + 12 + 12);
    EXPECT_EQ(s.substr(0, 8), std::string("\x89PNG\r\n\x1a\n", 8));
    EXPECT_EQ(s.substr(12, 4), "IHDR");
    EXPECT_EQ(s.substr(s.size() - 8, 4), "IEND");
    // The IDAT holds zlib data of filter byte 0 + the row, for each row; every CRC holds.
    std::size_t at = 8;
    std::string idat;
    while (at + 12 <= s.size()) {
        const auto len = (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24U) |
                         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16U) |
                         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8U) |
                         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
        const std::string type = s.substr(at + 4, 4);
        const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(s.data() + at + 4), len + 4);
        const auto stored = (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 8 + len])) << 24U) |
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 9 + len])) << 16U) |
                            (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 10 + len])) << 8U) |
                            static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 11 + len]));
        EXPECT_EQ(crc, stored) << type;
        if (type == "IDAT") idat += s.substr(at + 8, len);
        at += 12 + len;
    }
    EXPECT_EQ(at, s.size());
    std::array<unsigned char, 64> raw{};
    uLongf rawLen = raw.size();
    ASSERT_EQ(uncompress(raw.data(), &rawLen, reinterpret_cast<const Bytef*>(idat.data()), idat.size()), Z_OK);
    ASSERT_EQ(rawLen, 2U * (1 + 9));
    EXPECT_EQ(raw[0], 0);
    EXPECT_EQ(raw[10], 0);
    EXPECT_EQ(raw[1 + 8], img.pixels[8]);
    EXPECT_EQ(raw[11 + 8], img.pixels[17]);
    EXPECT_FALSE(encodePng(RgbImage{2, 2, {}}));
}

TEST(HtmlEscape, EscapesMarkupAndControlCharacters)
{
    EXPECT_EQ(htmlEscape("<script>alert('x')</script> & \"q\"\x01"),
              "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;&#xFFFD;");
}

// ---- On signed files

class VisualFilesTest : public ::testing::Test {
  protected:
    TestPki pki;
    std::optional<KeySigner> signer;
    std::optional<KeySigner> second;
    TimePoint clock;

    void SetUp() override
    {
        clock = std::chrono::floor<std::chrono::seconds>(pki.now);
        IssueParams p;
        p.profile = Profile::Signing;
        p.commonName = "Wa Ode Sitti";
        p.nip = "198503122010012003";
        p.keyType = KeyType::P256;
        auto leaf = must(pki.baubau->issue(p, pki.rng, pki.now));
        signer.emplace(
            must(KeySigner::fromKey(std::move(leaf.key), std::move(leaf.certificate), std::move(leaf.chain))));
        auto other = pki.issue(*pki.buton, Profile::Signing, "La Ode Budi");
        second.emplace(
            must(KeySigner::fromKey(std::move(other.key), std::move(other.certificate), std::move(other.chain))));
    }

    std::string file(const std::string& name, std::span<const std::byte> contents)
    {
        const fs::path path = pki.dir.path() / name;
        must(writeFileAtomically(path, contents, FileMode::Public));
        return path.string();
    }

    std::vector<std::byte> read(const std::string& path) { return must(readFile(path, kMaxPdfBytes)); }

    // Signs `in` (bytes) into a new file; a visible stamp at `stamp`, with a QR code when `qr`.
    std::string signPdf(std::span<const std::byte> in, const std::string& name, KeySigner& who,
                        std::optional<StampPlacement> stamp, bool qr, const std::string& reason = "Disetujui")
    {
        SignRequest r;
        r.input = file(name + ".in.pdf", in);
        r.output = (pki.dir.path() / (name + ".pdf")).string();
        r.signingTime = clock;
        r.reason = reason;
        r.visible = stamp;
        r.stampQr = qr;
        must(signDocument(r, who));
        return r.output;
    }

    VerifyOptions options()
    {
        VerifyOptions o;
        o.anchors = values({pki.root->certificate()});
        o.crls = values(pki.crls(clock));
        o.now = clock;
        return o;
    }

    FileReport verify(const std::string& path, bool qr)
    {
        PageCheckOptions pages;
        pages.checkQrStamps = qr;
        return verifyFile(path, options(), pages);
    }
};

TEST_F(VisualFilesTest, AQrMarkedStampMatchesItsSignature)
{
    const auto out = signPdf(onePagePdf(), "qr", *signer, StampPlacement{1, 300, 60, 220, 80}, true);
    const auto bytes = read(out);
    EXPECT_NE(textOf(bytes).find(" re\n"), std::string::npos) << "the QR code is drawn as rectangles";

    const FileReport f = verify(out, true);
    ASSERT_TRUE(f.readable());
    ASSERT_EQ(f.signatures.size(), 1U);
    EXPECT_TRUE(f.valid()) << (f.signatures[0].problems.empty() ? "" : f.signatures[0].problems[0].text);
    EXPECT_TRUE(hasCode(f.signatures[0].remarks, finding::kQrStampMatched));
    EXPECT_TRUE(f.problems.empty());

    // An outside oracle: poppler's pdftoppm renders the page, zbarimg reads the code; its
    // text is the record of this signature (signer, NIP, time, /ID[0], base).
    const fs::path png = pki.dir.path() / "qr-page";
    const std::string cmd = "pdftoppm -r 200 -gray -png -singlefile '" + out + "' '" + png.string() +
                            "' && zbarimg --raw -q '" + png.string() + ".png'";
    std::FILE* pipe = popen(cmd.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string decoded;
    std::array<char, 512> buf{};
    while (std::fgets(buf.data(), buf.size(), pipe) != nullptr)
        decoded += buf.data();
    ASSERT_EQ(pclose(pipe), 0) << cmd;
    while (!decoded.empty() && decoded.back() == '\n')
        decoded.pop_back();
    const StampRecord record = must(parseStampRecord(decoded));
    EXPECT_EQ(record.signer, "Wa Ode Sitti");
    EXPECT_EQ(record.nip, "198503122010012003");
    EXPECT_EQ(record.time, clock);
    const auto layout = must(pdfLayout(bytes));
    ASSERT_EQ(layout.signatures.size(), 1U);
    EXPECT_EQ(record.documentId, layout.signatures[0].documentId);
    EXPECT_FALSE(record.documentId.empty());
    const auto original = onePagePdf();
    std::string baseHex = sha256Hex(original);
    std::transform(baseHex.begin(), baseHex.end(), baseHex.begin(),
                   [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
    EXPECT_EQ(record.base, baseHex) << "base: the SHA-256 of the bytes the signature's update is appended to";

    // Without the QR check nothing is rendered for a file without later revisions.
    const FileReport quick = verify(out, false);
    EXPECT_TRUE(quick.valid());
    EXPECT_FALSE(hasCode(quick.signatures[0].remarks, finding::kQrStampMatched));
    EXPECT_TRUE(quick.visualDifferences.empty());
}

TEST_F(VisualFilesTest, AStampCopiedIntoAnotherSignedDocumentIsAMismatch)
{
    // Document A, signed with a QR-marked stamp; its stamp's appearance stream is copied.
    const auto a = read(signPdf(onePagePdf(), "a", *signer, StampPlacement{1, 300, 60, 220, 80}, true));
    const std::string at = textOf(a);
    const auto apStart = at.find("stream\n", at.find("/Subtype /Form /BBox")) + 7;
    const std::string appearance = at.substr(apStart, at.find("\nendstream", apStart) - apStart);
    ASSERT_NE(appearance.find("re\n"), std::string::npos);

    // Document B: another letter whose signer's stamp carries A's QR code (the same drawing).
    const auto bIn = onePagePdf("0 0 0 rg 72 600 300 40 re f");
    PadesSignOptions o;
    o.signingTime = clock;
    o.visible = StampPlacement{1, 300, 60, 220, 80};
    o.stampQr = [&](const StampQrFacts&) -> Result<QrModules> {
        // The modules of A's code, read back from A's rendering by zbar.
        auto renderer = must(PageRenderer::open(a));
        auto page = must(renderer.render(0, kQrDpi));
        auto codes = must(findQrCodes(page.image));
        if (codes.size() != 1) return fail(ErrorCode::InvalidInput, "A has no QR code");
        return encodeQr(codes[0].text);
    };
    const auto update = must(padesSign(bIn, *second, o));
    std::vector<std::byte> b = bIn;
    b.insert(b.end(), update.begin(), update.end());
    const FileReport fb = verify(file("b.pdf", b), true);
    ASSERT_EQ(fb.signatures.size(), 1U);
    EXPECT_FALSE(fb.valid());
    EXPECT_TRUE(fb.signatures[0].hasProblem(finding::kQrStampMismatch));
    EXPECT_FALSE(hasCode(fb.signatures[0].remarks, finding::kQrStampMatched));

    // A's stamp pasted onto an unsigned letter, as page content: a stamp without a signature.
    const std::string pasted = "0 0 0 rg 72 600 300 40 re f q 1 0 0 1 300 60 cm " + appearance + " Q";
    const auto c = onePagePdf(pasted);
    const FileReport fc = verify(file("c.pdf", c), true);
    EXPECT_TRUE(hasCode(fc.problems, finding::kQrStampWithoutSignature));
    EXPECT_FALSE(fc.valid());

    // And pasted onto a document that is signed, outside its signature's rectangle.
    const auto d = read(signPdf(c, "d", *second, StampPlacement{1, 40, 300, 200, 70}, false));
    const FileReport fd = verify(d.empty() ? "" : (pki.dir.path() / "d.pdf").string(), true);
    ASSERT_EQ(fd.signatures.size(), 1U);
    EXPECT_TRUE(hasCode(fd.problems, finding::kQrStampWithoutSignature));
    EXPECT_FALSE(fd.valid());

    // A foreign QR code (not a Sandi record) is a remark, not judged.
    const QrModules foreign = must(encodeQr("https://example.go.id/surat/123"));
    std::string drawing = "0 0 0 rg ";
    for (int y = 0; y < foreign.size; ++y)
        for (int x = 0; x < foreign.size; ++x)
            if (foreign.dark[static_cast<std::size_t>(y * foreign.size + x)] != 0)
                drawing += std::to_string(100 + x * 2) + " " + std::to_string(400 - y * 2) + " 2 2 re ";
    drawing += "f";
    const FileReport fe = verify(signPdf(onePagePdf(drawing), "e", *second, std::nullopt, false), true);
    EXPECT_TRUE(fe.valid());
    EXPECT_TRUE(hasCode(fe.remarks, finding::kQrCodeForeign));
}

TEST_F(VisualFilesTest, ALaterRevisionThatChangesThePageShowsAVisualDifferenceThere)
{
    const auto signedPath = signPdf(onePagePdf(), "changed", *signer, StampPlacement{1, 300, 60, 220, 80}, false);
    // The bar moves from y=700 to y=500: the object rules catch it (the content stream
    // changed), and the rendering shows it on page 1, where the bar was and is.
    const auto changed = withUpdate(
        read(signedPath), 4, stream("0 0 0 rg 72 500 300 40 re f BT /F1 24 Tf 72 640 Td (Surat keputusan) Tj ET"));
    const FileReport f = verify(file("changed-later.pdf", changed), false);
    ASSERT_EQ(f.signatures.size(), 1U);
    const auto& s = f.signatures[0];
    EXPECT_FALSE(s.valid);
    const Change* visual = changeWith(s, modification::kVisualDifference);
    ASSERT_NE(visual, nullptr);
    EXPECT_FALSE(visual->allowed);
    EXPECT_NE(visual->text.find("page 1"), std::string::npos);
    ASSERT_EQ(f.visualDifferences.size(), 1U);
    const auto& d = f.visualDifferences[0];
    EXPECT_EQ(d.page, 0);
    // The changed area spans the old and the new bar: x 72–372, y 500–740 (± a pixel at 40 dpi).
    EXPECT_NEAR(d.box.x0, 72, 3);
    EXPECT_NEAR(d.box.x1, 372, 3);
    EXPECT_NEAR(d.box.y0, 500, 3);
    EXPECT_NEAR(d.box.y1, 740, 3);

    // --no-visual: the object rules alone.
    PageCheckOptions off;
    off.compareRevisions = false;
    const FileReport g = verifyFile((pki.dir.path() / "changed-later.pdf").string(), options(), off);
    EXPECT_EQ(changeWith(g.signatures[0], modification::kVisualDifference), nullptr);
    EXPECT_FALSE(g.signatures[0].valid) << "the object rules catch it anyway";
}

TEST_F(VisualFilesTest, ALaterSignatureAloneIsNoDisallowedVisualDifference)
{
    const auto first = signPdf(onePagePdf(), "one", *signer, StampPlacement{1, 40, 60, 220, 80}, true);
    const auto both = signPdf(read(first), "two", *second, StampPlacement{1, 320, 60, 220, 80}, true);
    const FileReport f = verify(both, true);
    ASSERT_EQ(f.signatures.size(), 2U);
    EXPECT_TRUE(f.valid()) << (f.signatures[0].problems.empty() ? "" : f.signatures[0].problems[0].text);
    // The page's drawing is the same objects as when the first signature was made, but
    // for the second's widget: the comparison does not render it, and finds nothing.
    const auto changes = must(pageChangesAfter(read(both), must(pdfLayout(read(both))).signatures[0].signedEnd));
    ASSERT_EQ(changes.mayDiffer.size(), 1U);
    EXPECT_FALSE(changes.mayDiffer[0]);
    ASSERT_EQ(changes.addedAnnotations.size(), 1U);
    EXPECT_NEAR(changes.addedAnnotations[0].rect.x0, 320, 0.01);
    EXPECT_EQ(changeWith(f.signatures[0], modification::kVisualDifference), nullptr);
    EXPECT_TRUE(f.visualDifferences.empty());
    // Rendered anyway, it differs only inside the second's widget: allowed.
    PageCheckOptions all;
    all.renderUnchangedPages = true;
    const FileReport g = verifyFile(both, options(), all);
    EXPECT_TRUE(g.valid());
    const Change* visual = changeWith(g.signatures[0], modification::kVisualDifference);
    ASSERT_NE(visual, nullptr) << "the second stamp is drawn after the first signature";
    EXPECT_TRUE(visual->allowed);
    ASSERT_EQ(g.visualDifferences.size(), 1U);
    EXPECT_TRUE(g.visualDifferences[0].allowed);
    // Each stamp's QR code matches its own signature, not the other.
    EXPECT_TRUE(hasCode(f.signatures[0].remarks, finding::kQrStampMatched));
    EXPECT_TRUE(hasCode(f.signatures[1].remarks, finding::kQrStampMatched));
}

TEST_F(VisualFilesTest, AResourceChangedLaterIsRenderedAndCompared)
{
    // The page dictionary and its content stream stay; the font they use is redefined.
    const auto signedPath = signPdf(onePagePdf(), "font", *signer, std::nullopt, false);
    const auto changed = withUpdate(
        read(signedPath), 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier-Bold /Encoding /WinAnsiEncoding >>");
    const auto layout = must(pdfLayout(changed));
    ASSERT_EQ(layout.signatures.size(), 1U);
    const auto changes = must(pageChangesAfter(changed, layout.signatures[0].signedEnd));
    ASSERT_EQ(changes.mayDiffer.size(), 1U);
    EXPECT_TRUE(changes.mayDiffer[0]) << "the page reaches the redefined font";
    const FileReport f = verify(file("font-later.pdf", changed), false);
    const Change* visual = changeWith(f.signatures[0], modification::kVisualDifference);
    ASSERT_NE(visual, nullptr);
    EXPECT_FALSE(visual->allowed);
    ASSERT_EQ(f.visualDifferences.size(), 1U);
    // The text line at y 640 (24 pt) is where it differs; the bar above it is the same.
    EXPECT_GT(f.visualDifferences[0].box.y0, 630);
    EXPECT_LT(f.visualDifferences[0].box.y1, 680);
}

// The walk that decides which pages to render reads an object defined by the same bytes
// in the final document alone, and remembers what it found the same: what such an object
// reaches, and what its parse depends on, must still count (no signature needed: the
// revision is the file's first).
TEST(PageChanges, ASharedObjectRedefinedLaterMarksEveryPageThatReachesIt)
{
    const auto base = twoPagesOneFont();
    const std::size_t end = base.size();
    const auto same = must(pageChangesAfter(withUpdate(base, 1, "<< /Type /Catalog /Pages 2 0 R >>"), end));
    EXPECT_EQ(same.mayDiffer, (std::vector<bool>{false, false})) << "a rewritten catalog alone changes no page";

    const auto font = must(pageChangesAfter(
        withUpdate(base, 5, "<< /Type /Font /Subtype /Type1 /BaseFont /Courier /Encoding /WinAnsiEncoding >>"), end));
    EXPECT_EQ(font.mayDiffer, (std::vector<bool>{true, true})) << "both pages use the redefined font";

    // Page 2's stream keeps its bytes; its /Length, another object, now cuts its drawing short.
    const auto length = must(pageChangesAfter(withUpdate(base, 8, "43"), end));
    EXPECT_EQ(length.mayDiffer, (std::vector<bool>{false, true})) << "what the stream's parse depends on changed";

    // A page dictionary rewritten with the same entries but its content: that page only.
    const auto content = must(pageChangesAfter(
        withUpdate(base, 3,
                   "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                   "/Contents 7 0 R >>"),
        end));
    EXPECT_EQ(content.mayDiffer, (std::vector<bool>{true, false}));
    // And with the same entries exactly (an identical copy): no page.
    const auto copy = must(pageChangesAfter(
        withUpdate(base, 3,
                   "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> "
                   "/Contents 6 0 R >>"),
        end));
    EXPECT_EQ(copy.mayDiffer, (std::vector<bool>{false, false}));
}

TEST(PageChanges, TheLayoutReadsSignatureDictionariesOnlyWhenAsked)
{
    TestPki pki;
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Wa Ode Sitti");
    auto signer = must(KeySigner::fromKey(std::move(leaf.key), std::move(leaf.certificate), std::move(leaf.chain)));
    PadesSignOptions o;
    o.signingTime = pki.now;
    o.reason = "Disetujui";
    o.visible = StampPlacement{1, 300, 60, 220, 80};
    const auto base = onePagePdf();
    auto pdf = base;
    const auto update = must(padesSign(base, signer, o));
    pdf.insert(pdf.end(), update.begin(), update.end());

    const auto everything = must(pdfLayout(pdf));
    ASSERT_EQ(everything.signatures.size(), 1U);
    EXPECT_EQ(everything.signatures[0].signedEnd, pdf.size());
    EXPECT_EQ(everything.signatures[0].reason, "Disetujui");
    auto pages = must(PdfPages::open(pdf, LayoutRead::Widgets));
    const auto& s = pages.layout().signatures.at(0);
    EXPECT_EQ(s.field, everything.signatures[0].field);
    EXPECT_EQ(s.page, 0);
    EXPECT_NEAR(s.rect.x0, 300, 0.01);
    EXPECT_EQ(s.signedEnd, 0U) << "not read yet";
    EXPECT_TRUE(s.reason.empty());
    ASSERT_TRUE(pages.readSignature(0));
    EXPECT_EQ(s.signedEnd, pdf.size());
    EXPECT_EQ(s.base, base.size());
    EXPECT_EQ(s.reason, "Disetujui");
    EXPECT_FALSE(pages.readSignature(1)) << "no second signature";
}

TEST_F(VisualFilesTest, TheHtmlReportNamesEachSignerEscapesTextAndShowsEachSignedPage)
{
    const auto first =
        signPdf(onePagePdf(), "r1", *signer, StampPlacement{1, 40, 60, 220, 80}, true, "<script>alert(1)</script>");
    const auto both = signPdf(read(first), "r2", *second, StampPlacement{1, 320, 60, 220, 80}, false);
    const auto changed = withUpdate(read(both), 4, stream("0 0 0 rg 72 500 300 40 re f"));
    const auto changedPath = file("r3.pdf", changed);
    VerifyRequest request;
    request.paths = {both, changedPath};
    request.anchors = values({pki.root->certificate()});
    request.crls = values(pki.crls(clock));
    request.now = clock;
    request.pageChecks.checkQrStamps = true;
    const auto reports = verifyDocuments(request);
    ASSERT_EQ(reports.size(), 2U);
    const std::string html = must(htmlReport(reports, clock));
    EXPECT_TRUE(html.starts_with("<!DOCTYPE html>"));
    EXPECT_NE(html.find("Wa Ode Sitti"), std::string::npos);
    EXPECT_NE(html.find("La Ode Budi"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos) << "no script, and the reason is escaped";
    EXPECT_EQ(html.find("src=\"http"), std::string::npos) << "self-contained";
    EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos) << "the reason, escaped";
    EXPECT_EQ(count(html, "<img "), 4U) << "one picture per signed page: two signatures in each of two files";
    EXPECT_EQ(count(html, "data:image/png;base64,"), 4U);
    EXPECT_NE(html.find("VISUAL_DIFFERENCE"), std::string::npos);
    // Each signature's indication and the anchor its chain ended at: the intact file passes,
    // the changed one fails for the change made after signing.
    EXPECT_NE(html.find("TOTAL-PASSED"), std::string::npos);
    EXPECT_NE(html.find("TOTAL-FAILED / FORMAT_FAILURE"), std::string::npos);
    EXPECT_NE(html.find(htmlEscape(Certificate(ossl::upRef(pki.root->certificate())).subject())), std::string::npos)
        << "the trust anchor";

    SignatureReport hostile;
    hostile.field = "Sig<b>1</b>";
    hostile.signer = "CN=<script>alert(1)</script>";
    hostile.problem(finding::kQrStampMismatch, "reason: <script>x</script>");
    FileReport fake;
    fake.path = "/tmp/<img src=x onerror=alert(1)>.pdf";
    fake.signatures.push_back(hostile);
    fake.type = SignedFileType::DetachedCms; // no pictures
    const std::string h2 = must(htmlReport(std::vector<FileReport>{fake}, clock));
    EXPECT_EQ(h2.find("<script"), std::string::npos);
    EXPECT_EQ(h2.find("<img"), std::string::npos);
    EXPECT_EQ(h2.find("<b>"), std::string::npos);
    EXPECT_NE(h2.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
}

// Every label of the report goes through the language (the CLI's gettext catalogue), every
// finding through its sentence; codes, indications and names from the files do not.
TEST(HtmlReport, EveryLabelAndFindingFollowsTheLanguage)
{
    SignatureReport s;
    s.field = "Signature1";
    s.kind = "certification (P=2)";
    s.signer = "CN=Wa Ode Sitti";
    s.indication = Indication::TotalFailed;
    s.subIndication = "HASH_FAILURE";
    s.problem(finding::kCmsDigestMismatch, "message digest mismatch");
    s.changes.push_back({"ANNOTATION_ADDED", "an annotation", true});
    FileReport f;
    f.path = "/tmp/surat.pdf";
    f.type = SignedFileType::DetachedCms; // no pictures
    f.signatures.push_back(s);
    f.problems.push_back({std::string(finding::kNoSignatures), "details"});
    visual::ReportLanguage marked;
    marked.tag = "id";
    marked.translate = [](const char* english) { return "{" + std::string(english) + "}"; };
    marked.finding = [](std::string_view code, std::string_view text) {
        return "[" + std::string(code) + ": " + std::string(text) + "]";
    };
    const auto clock = std::chrono::system_clock::now();
    const std::string html = must(htmlReport(std::vector<FileReport>{f}, clock, marked));
    EXPECT_NE(html.find("<html lang=\"id\">"), std::string::npos);
    EXPECT_NE(html.find("<h1>{Sandi: signature verification report}</h1>"), std::string::npos);
    // Each <th> label is a translated one.
    std::size_t labels = 0;
    for (std::size_t at = html.find("<th>"); at != std::string::npos; at = html.find("<th>", at + 1), ++labels)
        EXPECT_EQ(html[at + 4], '{') << html.substr(at, 60);
    EXPECT_GE(labels, 8U);
    EXPECT_NE(html.find("<h3>{certification} (P=2) Signature1</h3>"), std::string::npos);
    EXPECT_NE(html.find(">{NOT VALID}<"), std::string::npos);
    EXPECT_NE(html.find("[CMS_DIGEST_MISMATCH: message digest mismatch] <code>CMS_DIGEST_MISMATCH</code>"),
              std::string::npos);
    EXPECT_NE(html.find("[NO_SIGNATURES: details] <code>NO_SIGNATURES</code>"), std::string::npos);
    EXPECT_NE(html.find("{allowed}: [ANNOTATION_ADDED: an annotation]"), std::string::npos);
    EXPECT_NE(html.find("TOTAL-FAILED / HASH_FAILURE"), std::string::npos) << "indications never change";
    EXPECT_NE(html.find("CN=Wa Ode Sitti"), std::string::npos);
    // Without a language: English, lang="en".
    const std::string english = must(htmlReport(std::vector<FileReport>{f}, clock));
    EXPECT_NE(english.find("<html lang=\"en\">"), std::string::npos);
    EXPECT_NE(english.find("<th>Verdict</th>"), std::string::npos);
    EXPECT_NE(english.find("<h1>Sandi: signature verification report</h1>"), std::string::npos);
    EXPECT_NE(english.find("certification (P=2) Signature1"), std::string::npos);
    EXPECT_NE(english.find(">NOT VALID<"), std::string::npos);
    EXPECT_NE(english.find("message digest mismatch <code>CMS_DIGEST_MISMATCH</code>"), std::string::npos);
}

} // namespace
} // namespace sandi::test
