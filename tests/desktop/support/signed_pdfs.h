// SPDX-License-Identifier: GPL-3.0-or-later
// PDFs for the desktop's document tests, made at test time: a small PDF written by hand
// (pages with text in Helvetica, optionally rotated), signed through client/core with a
// signer of the test PKI, and two ways of changing it after signing (a byte flipped inside
// the signed range; an incremental update that replaces the page's content).
#pragma once

#include "../../support/test_pki.h"

#include "sandi/client/documents.h"

#include <cstddef>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace sandi::test {

// A PDF of `pages` A4 pages (595 × 842 points), each with the line "Surat N"; `rotate`: /Rotate of every page.
std::vector<std::byte> handWrittenPdf(int pages = 1, int rotate = 0);
// The same signed file with one byte inside the signed range changed ("Surat" → "Sxrat").
std::vector<std::byte> withFlippedByte(std::span<const std::byte> signedPdf);
// The same file with an incremental update that replaces the first page's content stream.
std::vector<std::byte> withContentReplaced(std::span<const std::byte> signedPdf);

void writeBytes(const std::filesystem::path& path, std::span<const std::byte> bytes);
std::vector<std::byte> readBytes(const std::filesystem::path& path);

// The test PKI and a signing key issued by one of its office CAs.
class SigningFixture {
  public:
    SigningFixture();
    TestPki pki;
    std::optional<KeySigner> signer;
    [[nodiscard]] std::vector<Certificate> anchors() const;
    [[nodiscard]] std::vector<Crl> crls();
    // Signs `input` into `output` (PAdES B-B, invisible unless `stamp`).
    void sign(const std::filesystem::path& input, const std::filesystem::path& output,
              std::optional<StampPlacement> stamp = std::nullopt);
    // Verifies against the root, with the PKI's CRLs unless `withCrls` is false (then a
    // signature's revocation status cannot be established: INDETERMINATE / TRY_LATER).
    [[nodiscard]] client::FileReport verify(const std::filesystem::path& path, bool withCrls = true);
};

} // namespace sandi::test
