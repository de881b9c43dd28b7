// SPDX-License-Identifier: GPL-3.0-or-later
// A memo as a printable nota dinas: an A4 PDF laid out as the Tata Naskah Dinas
// (Permendagri 1/2023, the ANRI format) lays out a nota dinas — the kop surat, the title,
// the table of fields, the body, the signature block, the list of attachments and the
// classification marking at the top and bottom of every page — and that PDF signed PAdES
// with the official's signing certificate. Besides, "attach a signed PDF in one step": a
// chosen PDF signed into a working directory, for the compose dialog to attach.
//
// The field labels ("Kepada Yth.", "Hal", ...) and the markings ("RAHASIA") are terms of
// the Indonesian official letter format, not user-interface text: they are constants in
// Indonesian and never translated. Rendering needs a QGuiApplication (the font database);
// it may run on any thread.
#pragma once

#include "sandi/client/documents.h"
#include "sandi/core/result.h"
#include "sandi/core/time.h"
#include "sandi/desktop/views.h"
#include "sandi/pades/pades.h"

#include <QByteArray>
#include <QString>

#include <filesystem>
#include <optional>

namespace sandi::crypto {
class Signer;
}

namespace sandi::desktop {

// The kop surat: the government, the office, and under them its address and contacts.
struct Letterhead {
    QString government; // "PEMERINTAH PROVINSI SULAWESI TENGGARA"
    QString office;     // "DINAS KOMUNIKASI DAN INFORMATIKA"
    QString address;    // "Jalan Mayjen S. Parman No. 1, Kendari"
    QString contact;    // "Telepon (0401) 123456, Laman diskominfo.sultraprov.go.id"
    QString locality;   // "Kendari": the signature's location ("" for none)
};

// The kop from an official's certificate: O is the government, OU the office, L the
// locality (each upper-cased as a kop prints them). An empty organisation gives
// kDefaultGovernment; an empty office leaves the office line out.
inline constexpr const char* kDefaultGovernment = "PEMERINTAH REPUBLIK INDONESIA";
Letterhead letterheadFor(const QString& office, const QString& organisation, const QString& locality);
// The same from the certificate's subject (O, OU, L); nullptr gives the defaults.
Letterhead letterheadFromCertificate(X509* certificate);

// The document terms, as the nota dinas prints them.
// "B" → "BIASA", "T" → "TERBATAS", "R" → "RAHASIA", "SR" → "SANGAT RAHASIA"; anything
// else is InvalidArgument (a memo with an unknown classification is not printed).
Result<QString> classificationMarking(const QString& code);
// "2026-12-01" → "1 Desember 2026"; anything else is returned as it is.
QString indonesianDate(const QString& isoDate);

// Page geometry, in PDF points (A4 is 595.276 × 841.89).
inline constexpr double kPageWidthPt = 595.276;
inline constexpr double kPageHeightPt = 841.89;
inline constexpr double kMarginLeftPt = 72.0;   // 2.54 cm: room for a binder
inline constexpr double kMarginRightPt = 56.7;  // 2 cm
inline constexpr double kMarginTopPt = 42.5;    // 1.5 cm: the marking goes above the kop
inline constexpr double kMarginBottomPt = 42.5; // 1.5 cm: the marking goes under the footer
// The signature block: the right part of the text area, with a blank space for the stamp.
inline constexpr double kSignatureBlockWidthPt = 230.0;
inline constexpr double kSignatureSpaceHeightPt = 84.0;
// A memo body larger than this is refused (a nota dinas is a letter, not a book).
inline constexpr qsizetype kMaxBodyChars = 1'000'000;

struct RenderedNotaDinas {
    QByteArray pdf;
    int pages = 0;
    // The blank space of the signature block (between the position and the name), where
    // a visible signature stamp goes: page (1-based) and rectangle in PDF points, with
    // the lower-left origin of PDF user space.
    crypto::StampPlacement signatureSpace;
};

// Renders `memo` as a nota dinas under `kop`.
Result<RenderedNotaDinas> layoutNotaDinas(const MemoView& memo, const Letterhead& kop);
// The PDF alone.
Result<QByteArray> renderNotaDinas(const MemoView& memo, const Letterhead& kop);

// Renders `memo`, signs it PAdES B-B with `signer` (reason "Nota Dinas <nomor>", the kop's
// locality as location) and writes the signed PDF atomically to `outPath`. `stamp`:
// std::nullopt for an invisible signature; a placement with a zero width or height for a
// visible stamp over the signature block's blank space (where the renderer put it); a
// placement with a size for a stamp exactly there. The unsigned rendering goes to a
// private temporary directory that is removed whatever happens.
Result<client::SignOutcome> exportSignedNotaDinas(const MemoView& memo, const Letterhead& kop, crypto::Signer& signer,
                                                  const QString& outPath, crypto::TimePoint signingTime,
                                                  std::optional<crypto::StampPlacement> stamp);

// "Attach a signed PDF to a memo in one step": signs `pdf` (PAdES B-B, invisible) into
// `workDir`/NAME-ditandatangani.pdf (NAME-ditandatangani-2.pdf, ... when that exists:
// nothing is overwritten) and returns that path. The input is only read.
inline constexpr const char* kSignedCopySuffix = "-ditandatangani";
Result<std::filesystem::path> signForAttachment(const std::filesystem::path& pdf, crypto::Signer& signer,
                                                const std::filesystem::path& workDir, crypto::TimePoint signingTime);

} // namespace sandi::desktop
