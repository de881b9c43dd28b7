// SPDX-License-Identifier: GPL-3.0-or-later
#include "signed_pdfs.h"

#include "sandi/core/atomic_file.h"

#include <array>
#include <cstdio>

namespace sandi::test {

namespace {

std::vector<std::byte> bytesOf(std::string_view s)
{
    const auto* p = reinterpret_cast<const std::byte*>(s.data());
    return {p, p + s.size()};
}

std::string textOf(std::span<const std::byte> b)
{
    return {reinterpret_cast<const char*>(b.data()), b.size()};
}

std::string xrefLine(std::size_t offset)
{
    std::array<char, 24> line{};
    std::snprintf(line.data(), line.size(), "%010zu 00000 n\r\n", offset);
    return line.data();
}

} // namespace

std::vector<std::byte> handWrittenPdf(int pages, int rotate)
{
    // 1 catalog, 2 pages, 3 font, then per page: page object, content stream.
    std::vector<std::string> objects;
    std::string kids;
    for (int i = 0; i < pages; ++i)
        kids += std::to_string(4 + 2 * i) + " 0 R ";
    objects.push_back("<< /Type /Catalog /Pages 2 0 R >>");
    objects.push_back("<< /Type /Pages /Kids [" + kids + "] /Count " + std::to_string(pages) + " >>");
    objects.push_back("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
    for (int i = 0; i < pages; ++i) {
        const std::string text = "BT /F1 24 Tf 72 720 Td (Surat " + std::to_string(i + 1) + ") Tj ET";
        objects.push_back("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> "
                          ">> /Contents " +
                          std::to_string(5 + 2 * i) + " 0 R" + (rotate ? " /Rotate " + std::to_string(rotate) : "") +
                          " >>");
        objects.push_back("<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream");
    }
    std::string doc = "%PDF-1.7\n";
    std::vector<std::size_t> offsets;
    for (std::size_t i = 0; i < objects.size(); ++i) {
        offsets.push_back(doc.size());
        doc += std::to_string(i + 1) + " 0 obj\n" + objects[i] + "\nendobj\n";
    }
    const std::size_t xref = doc.size();
    doc += "xref\n0 " + std::to_string(objects.size() + 1) + "\n0000000000 65535 f\r\n";
    for (const auto o : offsets)
        doc += xrefLine(o);
    doc += "trailer\n<< /Size " + std::to_string(objects.size() + 1) + " /Root 1 0 R >>\nstartxref\n" +
           std::to_string(xref) + "\n%%EOF\n";
    return bytesOf(doc);
}

std::vector<std::byte> withFlippedByte(std::span<const std::byte> signedPdf)
{
    std::vector<std::byte> out(signedPdf.begin(), signedPdf.end());
    const auto at = textOf(signedPdf).find("(Surat 1)");
    if (at == std::string::npos) {
        ADD_FAILURE() << "no (Surat 1) in the PDF";
        return out;
    }
    out[at + 2] = std::byte{'x'};
    return out;
}

std::vector<std::byte> withContentReplaced(std::span<const std::byte> signedPdf)
{
    const std::string s = textOf(signedPdf);
    const std::size_t prev = std::stoul(s.substr(s.rfind("startxref") + std::string_view("startxref").size()));
    const int size = std::stoi(s.substr(s.rfind("/Size ") + std::string_view("/Size ").size()));
    const std::string text = "BT /F1 24 Tf 72 720 Td (Rp 99.000.000) Tj ET";
    std::string update = s.back() == '\n' ? "" : "\n";
    const std::size_t offset = s.size() + update.size();
    update += "5 0 obj\n<< /Length " + std::to_string(text.size()) + " >>\nstream\n" + text + "\nendstream\nendobj\n";
    const std::size_t xref = s.size() + update.size();
    update += "xref\n5 1\n" + xrefLine(offset) + "trailer\n<< /Size " + std::to_string(size) + " /Root 1 0 R /Prev " +
              std::to_string(prev) + " >>\nstartxref\n" + std::to_string(xref) + "\n%%EOF\n";
    std::vector<std::byte> out(signedPdf.begin(), signedPdf.end());
    const auto tail = bytesOf(update);
    out.insert(out.end(), tail.begin(), tail.end());
    return out;
}

void writeBytes(const std::filesystem::path& path, std::span<const std::byte> bytes)
{
    std::filesystem::create_directories(path.parent_path());
    must(writeFileAtomically(path, bytes, FileMode::Public));
}

std::vector<std::byte> readBytes(const std::filesystem::path& path)
{
    return must(readFile(path, kMaxPdfBytes));
}

SigningFixture::SigningFixture()
{
    auto leaf = pki.issue(*pki.baubau, Profile::Signing, "Wa Ode Sitti");
    signer.emplace(must(KeySigner::fromKey(std::move(leaf.key), std::move(leaf.certificate), std::move(leaf.chain))));
}

std::vector<Certificate> SigningFixture::anchors() const
{
    return values({pki.root->certificate()});
}

std::vector<Crl> SigningFixture::crls()
{
    return values(pki.crls(pki.now));
}

void SigningFixture::sign(const std::filesystem::path& input, const std::filesystem::path& output,
                          std::optional<StampPlacement> stamp)
{
    std::filesystem::create_directories(output.parent_path());
    client::SignRequest r;
    r.input = input.string();
    r.output = output.string();
    r.signingTime = pki.now;
    r.visible = stamp;
    must(client::signDocument(r, *signer));
}

client::FileReport SigningFixture::verify(const std::filesystem::path& path, bool withCrls)
{
    VerifyOptions o;
    o.anchors = anchors();
    if (withCrls) o.crls = crls();
    o.now = std::chrono::system_clock::now();
    return client::verifyFile(path.string(), o);
}

} // namespace sandi::test
