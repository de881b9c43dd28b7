// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/nota_dinas.h"

#include "sandi/core/atomic_file.h"
#include "sandi/sign/signer.h"

#include <QBuffer>
#include <QColor>
#include <QDate>
#include <QFont>
#include <QFontMetricsF>
#include <QPageLayout>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTextLayout>
#include <QTextOption>

#include <openssl/x509.h>

#include <array>
#include <memory>
#include <string>
#include <system_error>
#include <vector>

namespace sandi::desktop {
namespace {

namespace fs = std::filesystem;

// ---- The document terms of the nota dinas (Indonesian, never translated)

constexpr const char* kTitle = "NOTA DINAS";
constexpr const char* kLabelKepada = "Kepada Yth.";
constexpr const char* kLabelDari = "Dari";
constexpr const char* kLabelTembusan = "Tembusan";
constexpr const char* kLabelTanggal = "Tanggal";
constexpr const char* kLabelNomor = "Nomor";
constexpr const char* kLabelSifat = "Sifat";
constexpr const char* kLabelLampiran = "Lampiran";
constexpr const char* kLabelHal = "Hal";
constexpr const char* kNone = "-";
constexpr const char* kNipPrefix = "NIP. ";
constexpr const char* kAttachmentsHeading = "Berkas lampiran elektronik:";
constexpr const char* kPage = "Halaman %1 dari %2";
constexpr const char* kSignedBy = "Memo ini ditandatangani secara elektronik oleh %1 (NIP %2)";
constexpr const char* kSignatureValid = "; tanda tangannya sah saat diterima.";
constexpr const char* kSignatureInvalid = "; tanda tangannya TIDAK SAH: %1.";
constexpr const char* kSignatureUnverified = "; tanda tangannya belum diperiksa.";
constexpr const char* kReasonPrefix = "Nota Dinas ";
constexpr std::array<const char*, 12> kMonths = {"Januari", "Februari", "Maret",     "April",   "Mei",      "Juni",
                                                 "Juli",    "Agustus",  "September", "Oktober", "November", "Desember"};
constexpr const char* kFontFamily = "DejaVu Sans";

// ---- Geometry (points; the painter works in device units, kResolution dots per inch)

constexpr int kResolution = 1200;
constexpr double kUnitsPerPt = kResolution / 72.0;
constexpr double kTextWidthPt = kPageWidthPt - kMarginLeftPt - kMarginRightPt;
constexpr double kMarkingPt = 12.0;
constexpr double kGovernmentPt = 13.0;
constexpr double kOfficePt = 15.0;
constexpr double kAddressPt = 9.0;
constexpr double kTitlePt = 13.0;
constexpr double kTextPt = 11.0;
constexpr double kFooterPt = 8.0;
constexpr double kLineSpacing = 1.2; // times a line's height
constexpr double kParagraphGapPt = 6.0;
constexpr double kLabelColumnPt = 80.0; // "Kepada Yth." and the others
constexpr double kColonColumnPt = 12.0;
constexpr double kNameGapPt = 4.0; // between the signature space and the name
constexpr double kThickRulePt = 2.25;
constexpr double kThinRulePt = 0.75;
constexpr double kRuleGapPt = 1.75;
const QColor kMarkingRed(200, 0, 0);

constexpr double u(double pt)
{
    return pt * kUnitsPerPt;
}

QString upper(const QString& s)
{
    return s.trimmed().toUpper();
}

QString sifatOf(const MemoView& memo, const QString& marking)
{
    QString urgency = memo.urgency.trimmed().toLower();
    urgency.replace(u' ', u'-');
    // The classification in words, as the marking is, but in title case ("Sangat Rahasia").
    QStringList words = marking.toLower().split(u' ', Qt::SkipEmptyParts);
    for (auto& w : words)
        w[0] = w[0].toUpper();
    QString sifat = words.join(u' ');
    if (urgency == u"segera") sifat += QStringLiteral(", Segera");
    if (urgency == u"sangat-segera") sifat += QStringLiteral(", Sangat Segera");
    return sifat;
}

QString orNone(const QString& s)
{
    return s.trimmed().isEmpty() ? QString::fromLatin1(kNone) : s;
}

QStringList listField(const QStringList& items)
{
    QStringList out;
    for (const auto& item : items)
        if (!item.trimmed().isEmpty()) out << item.trimmed();
    if (out.isEmpty()) return {QString::fromLatin1(kNone)};
    if (out.size() == 1) return out;
    for (qsizetype i = 0; i < out.size(); ++i)
        out[i] = QString::number(i + 1) + QStringLiteral(". ") + out[i];
    return out;
}

QString humanSize(qint64 bytes)
{
    constexpr qint64 kKiB = 1024;
    constexpr qint64 kMiB = kKiB * kKiB;
    if (bytes < kKiB) return QString::number(bytes) + QStringLiteral(" B");
    if (bytes < kMiB) return QString::number(static_cast<double>(bytes) / kKiB, 'f', 1) + QStringLiteral(" KB");
    return QString::number(static_cast<double>(bytes) / kMiB, 'f', 1) + QStringLiteral(" MB");
}

QFont fontOf(double pt, bool bold = false)
{
    QFont f(QString::fromLatin1(kFontFamily));
    f.setPointSizeF(pt);
    f.setBold(bold);
    f.setHintingPreference(QFont::PreferNoHinting);
    f.setKerning(true);
    f.setStyleStrategy(QFont::PreferNoShaping); // no ligatures: "fi" stays two letters for search and copy
    return f;
}

// What a page shows besides the text: the marking at the top and the bottom, the signed
// memo's notice and the page number.
struct PageFrame {
    QString marking;
    bool red = false;
    QString notice; // "" when the memo was not signed
    int totalPages = 0;
};

// A horizontal band of the page: [x, x + width), device units.
struct Column {
    double x = 0;
    double width = 0;
};

struct PaintOutcome {
    int pages = 0;
    crypto::StampPlacement signatureSpace;
};

// Lays out and paints the nota dinas on `writer`, top to bottom, breaking pages when the
// next line does not fit. `y` is the top of the next thing to paint, in device units.
class Composer final {
  public:
    Composer(QPdfWriter& writer, QPainter& painter, PageFrame frame)
        : m_writer(writer), m_painter(painter), m_frame(std::move(frame))
    {
        const QFontMetricsF marking(fontOf(kMarkingPt, true), &m_writer);
        const QFontMetricsF footer(fontOf(kFooterPt), &m_writer);
        m_top = u(kMarginTopPt) + marking.height() + u(kParagraphGapPt * 2);
        double reserved = marking.height() + u(kParagraphGapPt * 2) + footer.height() * kLineSpacing;
        if (!m_frame.notice.isEmpty()) reserved += noticeLines() * footer.height() * kLineSpacing;
        m_bottom = u(kPageHeightPt - kMarginBottomPt) - reserved;
        beginPage();
    }

    [[nodiscard]] int page() const { return m_page; }
    [[nodiscard]] double y() const { return m_y; }
    void advance(double units) { m_y += units; }

    void newPage()
    {
        m_writer.newPage();
        ++m_page;
        beginPage();
    }
    // Starts a new page unless `units` more fit on this one.
    void ensure(double units)
    {
        if (m_y + units > m_bottom && m_y > m_top) newPage();
    }

    // One line, not wrapped, aligned in the column.
    void line(const QString& text, const QFont& font, Column column, Qt::Alignment align)
    {
        const QFontMetricsF fm(font, &m_writer);
        ensure(fm.height());
        m_painter.setFont(font);
        m_painter.drawText(QRectF(column.x, m_y, column.width, fm.height()), static_cast<int>(align | Qt::AlignTop),
                           text);
        m_y += fm.height() * kLineSpacing;
    }

    // The height a paragraph wrapped into `width` takes.
    [[nodiscard]] double measure(const QString& text, const QFont& font, double width) const
    {
        const auto layout = wrapped(text, font, width, Qt::AlignLeft);
        double h = 0;
        for (int i = 0; i < layout->lineCount(); ++i)
            h += layout->lineAt(i).height() * kLineSpacing;
        return layout->lineCount() == 0 ? QFontMetricsF(font, &m_writer).height() * kLineSpacing : h;
    }
    // The height of a page's text area.
    [[nodiscard]] double capacity() const { return m_bottom - m_top; }

    // A paragraph wrapped into the column, its lines breaking across pages. Returns
    // the number of lines.
    int paragraph(const QString& text, const QFont& font, Column column, Qt::Alignment align)
    {
        const auto layout = wrapped(text, font, column.width, align);
        m_painter.setFont(font);
        const int count = layout->lineCount();
        for (int i = 0; i < count; ++i) {
            const QTextLine l = layout->lineAt(i);
            ensure(l.height());
            l.draw(&m_painter, QPointF(column.x, m_y - l.y()));
            m_y += l.height() * kLineSpacing;
        }
        if (count == 0) m_y += QFontMetricsF(font, &m_writer).height() * kLineSpacing;
        return count;
    }

    // A row of the field table: "Label : value", the value's lines wrapped in its column.
    void field(const char* label, const QStringList& values, const QFont& font)
    {
        const QFontMetricsF fm(font, &m_writer);
        ensure(fm.height());
        const double x = u(kMarginLeftPt);
        m_painter.setFont(font);
        m_painter.drawText(QRectF(x, m_y, u(kLabelColumnPt), fm.height()), Qt::AlignLeft | Qt::AlignTop,
                           QString::fromUtf8(label));
        m_painter.drawText(QRectF(x + u(kLabelColumnPt), m_y, u(kColonColumnPt), fm.height()),
                           Qt::AlignLeft | Qt::AlignTop, QStringLiteral(":"));
        const double valueX = x + u(kLabelColumnPt + kColonColumnPt);
        const double valueWidth = u(kTextWidthPt - kLabelColumnPt - kColonColumnPt);
        for (const auto& v : values)
            paragraph(v, font, {valueX, valueWidth}, Qt::AlignLeft);
    }

    void rule(Column column, double thicknessPt)
    {
        m_painter.save();
        m_painter.setPen(Qt::NoPen);
        m_painter.setBrush(Qt::black);
        m_painter.drawRect(QRectF(column.x, m_y, column.width, u(thicknessPt)));
        m_painter.restore();
        m_y += u(thicknessPt);
    }

    // Device units (top-left origin) to PDF points (lower-left origin).
    [[nodiscard]] static crypto::StampPlacement toPdf(int page, const QRectF& r)
    {
        crypto::StampPlacement p;
        p.page = page;
        p.x = r.left() / kUnitsPerPt;
        p.width = r.width() / kUnitsPerPt;
        p.height = r.height() / kUnitsPerPt;
        p.y = kPageHeightPt - r.bottom() / kUnitsPerPt;
        return p;
    }

  private:
    [[nodiscard]] std::unique_ptr<QTextLayout> wrapped(const QString& text, const QFont& font, double width,
                                                       Qt::Alignment align) const
    {
        auto layout = std::make_unique<QTextLayout>(text, font, &m_writer);
        QTextOption option(align);
        option.setWrapMode(QTextOption::WrapAtWordBoundaryOrAnywhere);
        layout->setTextOption(option);
        layout->setCacheEnabled(true);
        layout->beginLayout();
        double at = 0;
        for (QTextLine l = layout->createLine(); l.isValid(); l = layout->createLine()) {
            l.setLineWidth(width);
            l.setPosition(QPointF(0, at));
            at += l.height();
        }
        layout->endLayout();
        return layout;
    }

    [[nodiscard]] double noticeLines() const
    {
        QTextLayout layout(m_frame.notice, fontOf(kFooterPt), &m_writer);
        layout.beginLayout();
        int n = 0;
        for (QTextLine l = layout.createLine(); l.isValid(); l = layout.createLine()) {
            l.setLineWidth(u(kTextWidthPt));
            ++n;
        }
        layout.endLayout();
        return n;
    }

    void beginPage()
    {
        const QFont marking = fontOf(kMarkingPt, true);
        const QFontMetricsF mm(marking, &m_writer);
        const double x = u(kMarginLeftPt);
        const double w = u(kTextWidthPt);
        m_painter.save();
        m_painter.setPen(m_frame.red ? kMarkingRed : QColor(Qt::black));
        m_painter.setFont(marking);
        m_painter.drawText(QRectF(x, u(kMarginTopPt), w, mm.height()), Qt::AlignHCenter | Qt::AlignTop,
                           m_frame.marking);
        const double markingBottom = u(kPageHeightPt - kMarginBottomPt) - mm.height();
        m_painter.drawText(QRectF(x, markingBottom, w, mm.height()), Qt::AlignHCenter | Qt::AlignTop, m_frame.marking);
        m_painter.restore();

        // The footer, from the marking upwards: the page number, above it the notice.
        const QFont footer = fontOf(kFooterPt);
        const QFontMetricsF fm(footer, &m_writer);
        double fy = markingBottom - u(kParagraphGapPt) - fm.height();
        m_painter.setFont(footer);
        if (m_frame.totalPages > 1)
            m_painter.drawText(QRectF(x, fy, w, fm.height()), Qt::AlignHCenter | Qt::AlignTop,
                               QString::fromUtf8(kPage).arg(m_page).arg(m_frame.totalPages));
        if (!m_frame.notice.isEmpty()) {
            const double lines = noticeLines();
            fy -= lines * fm.height() * kLineSpacing;
            m_painter.drawText(QRectF(x, fy, w, lines * fm.height() * kLineSpacing),
                               Qt::AlignHCenter | Qt::AlignTop | Qt::TextWordWrap, m_frame.notice);
        }
        m_y = m_top;
    }

    QPdfWriter& m_writer;
    QPainter& m_painter;
    PageFrame m_frame;
    int m_page = 1;
    double m_y = 0;
    double m_top = 0;
    double m_bottom = 0;
};

QString noticeOf(const MemoView& memo)
{
    if (!memo.signedMemo) return {};
    QString notice = QString::fromUtf8(kSignedBy).arg(orNone(memo.signerName), orNone(memo.signerNip));
    if (memo.verdict == u"valid") {
        notice += QString::fromUtf8(kSignatureValid);
    } else if (memo.verdict.startsWith(u"invalid")) {
        QString why = memo.verdict.mid(QStringLiteral("invalid").size());
        while (why.startsWith(u':') || why.startsWith(u' '))
            why.remove(0, 1);
        notice += QString::fromUtf8(kSignatureInvalid).arg(why.isEmpty() ? QStringLiteral("?") : why);
    } else {
        notice += QString::fromUtf8(kSignatureUnverified);
    }
    return notice;
}

// Paints every page once; `totalPages` only changes the page numbers, never the layout.
Result<PaintOutcome> paint(QIODevice& out, const MemoView& memo, const Letterhead& kop, const PageFrame& frame)
{
    QPdfWriter writer(&out);
    writer.setResolution(kResolution);
    writer.setPdfVersion(QPagedPaintDevice::PdfVersion_1_6);
    writer.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Portrait, QMarginsF(0, 0, 0, 0)));
    writer.setTitle(QString::fromLatin1(kReasonPrefix) + memo.nomor);
    writer.setCreator(QStringLiteral("Sandi"));
    QPainter painter;
    if (!painter.begin(&writer)) return fail(ErrorCode::Io, "cannot start the nota dinas PDF");
    painter.setPen(Qt::black);
    Composer c(writer, painter, frame);

    const double left = u(kMarginLeftPt);
    const double width = u(kTextWidthPt);
    const Column textArea{left, width};
    const Qt::Alignment center = Qt::AlignHCenter;

    // Kop surat: centred, bold, a thick and a thin rule under it.
    if (!kop.government.trimmed().isEmpty())
        c.paragraph(upper(kop.government), fontOf(kGovernmentPt, true), textArea, center);
    if (!kop.office.trimmed().isEmpty()) c.paragraph(upper(kop.office), fontOf(kOfficePt, true), textArea, center);
    if (!kop.address.trimmed().isEmpty()) c.paragraph(kop.address.trimmed(), fontOf(kAddressPt), textArea, center);
    if (!kop.contact.trimmed().isEmpty()) c.paragraph(kop.contact.trimmed(), fontOf(kAddressPt), textArea, center);
    c.advance(u(2));
    c.rule(textArea, kThickRulePt);
    c.advance(u(kRuleGapPt));
    c.rule(textArea, kThinRulePt);
    c.advance(u(kParagraphGapPt * 2));

    // Title and fields.
    QFont title = fontOf(kTitlePt, true);
    title.setUnderline(true);
    c.line(QString::fromLatin1(kTitle), title, textArea, center);
    c.advance(u(kParagraphGapPt));
    const QFont text = fontOf(kTextPt);
    c.field(kLabelKepada, listField(memo.kepada), text);
    c.field(kLabelDari, {orNone(memo.dari)}, text);
    c.field(kLabelTembusan, listField(memo.tembusan), text);
    c.field(kLabelTanggal, {orNone(indonesianDate(memo.tanggal))}, text);
    c.field(kLabelNomor, {orNone(memo.nomor)}, text);
    c.field(kLabelSifat, {sifatOf(memo, frame.marking)}, text);
    c.field(kLabelLampiran, {orNone(memo.lampiran)}, text);
    c.field(kLabelHal, {orNone(memo.hal)}, text);
    c.advance(u(2));
    c.rule(textArea, kThinRulePt);
    c.advance(u(kParagraphGapPt * 2));

    // The signature block at the right: position, blank space, name, NIP. It stays on one
    // page, and with it the body's last paragraph (the closing), so that it never stands
    // on a page alone.
    const double blockX = left + width - u(kSignatureBlockWidthPt);
    const double blockW = u(kSignatureBlockWidthPt);
    const Column block{blockX, blockW};
    const QFontMetricsF fm(text, &writer);
    const QString position =
        orNone(memo.signerPosition.trimmed().isEmpty() ? memo.dari : memo.signerPosition) + QStringLiteral(",");
    const double blockHeight = u(kParagraphGapPt * 2) + c.measure(position, text, blockW) +
                               u(kSignatureSpaceHeightPt + kNameGapPt) + fm.height() * kLineSpacing * 2;

    // Body: paragraphs justified, a gap between them.
    QString body = memo.body;
    body.replace(QStringLiteral("\r\n"), QStringLiteral("\n"));
    QStringList paragraphs;
    for (const auto& p : body.split(u'\n'))
        if (!p.trimmed().isEmpty()) paragraphs << p.trimmed();
    for (qsizetype i = 0; i < paragraphs.size(); ++i) {
        if (i + 1 == paragraphs.size()) {
            const double closing = c.measure(paragraphs[i], text, width) + u(kParagraphGapPt) + blockHeight;
            if (closing <= c.capacity()) c.ensure(closing);
        }
        c.paragraph(paragraphs[i], text, textArea, Qt::AlignJustify);
        c.advance(u(kParagraphGapPt));
    }

    c.ensure(blockHeight);
    c.advance(u(kParagraphGapPt * 2));
    c.paragraph(position, text, block, center);
    const QRectF space(blockX, c.y(), blockW, u(kSignatureSpaceHeightPt));
    PaintOutcome outcome;
    outcome.signatureSpace = Composer::toPdf(c.page(), space);
    c.advance(space.height() + u(kNameGapPt));
    if (!memo.signerName.trimmed().isEmpty()) {
        QFont name = fontOf(kTextPt, true);
        name.setUnderline(true);
        c.paragraph(memo.signerName.trimmed(), name, block, center);
    }
    if (!memo.signerNip.trimmed().isEmpty())
        c.paragraph(QString::fromLatin1(kNipPrefix) + memo.signerNip.trimmed(), text, block, center);

    // The electronic attachments.
    if (!memo.attachments.empty()) {
        c.advance(u(kParagraphGapPt * 2));
        c.ensure(fm.height() * kLineSpacing * 2);
        c.paragraph(QString::fromUtf8(kAttachmentsHeading), text, textArea, Qt::AlignLeft);
        int n = 1;
        for (const auto& a : memo.attachments)
            c.paragraph(QString::number(n++) + QStringLiteral(". ") + a.name + QStringLiteral(" (") +
                            humanSize(a.size) + QStringLiteral(")"),
                        text, {left + u(kParagraphGapPt * 2), width - u(kParagraphGapPt * 2)}, Qt::AlignLeft);
    }

    outcome.pages = c.page();
    if (!painter.end()) return fail(ErrorCode::Io, "cannot finish the nota dinas PDF");
    return outcome;
}

} // namespace

Letterhead letterheadFor(const QString& office, const QString& organisation, const QString& locality)
{
    Letterhead kop;
    kop.government = organisation.trimmed().isEmpty() ? QString::fromLatin1(kDefaultGovernment) : upper(organisation);
    kop.office = upper(office);
    kop.locality = locality.trimmed();
    kop.address = kop.locality;
    return kop;
}

Letterhead letterheadFromCertificate(X509* certificate)
{
    if (certificate == nullptr) return letterheadFor({}, {}, {});
    const X509_NAME* name = X509_get_subject_name(certificate);
    const auto entry = [name](int nid) {
        const int at = X509_NAME_get_index_by_NID(name, nid, -1);
        if (at < 0) return QString();
        const ASN1_STRING* data = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, at));
        unsigned char* utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, data);
        if (length < 0) return QString();
        QString s = QString::fromUtf8(reinterpret_cast<const char*>(utf8), length);
        OPENSSL_free(utf8);
        return s;
    };
    return letterheadFor(entry(NID_organizationalUnitName), entry(NID_organizationName), entry(NID_localityName));
}

Result<QString> classificationMarking(const QString& code)
{
    if (code == u"B") return QStringLiteral("BIASA");
    if (code == u"T") return QStringLiteral("TERBATAS");
    if (code == u"R") return QStringLiteral("RAHASIA");
    if (code == u"SR") return QStringLiteral("SANGAT RAHASIA");
    return fail(ErrorCode::InvalidArgument, "unknown classification " + code.toStdString());
}

QString indonesianDate(const QString& isoDate)
{
    const QDate d = QDate::fromString(isoDate.trimmed(), Qt::ISODate);
    if (!d.isValid()) return isoDate;
    return QString::number(d.day()) + u' ' + QString::fromLatin1(kMonths.at(static_cast<std::size_t>(d.month() - 1))) +
           u' ' + QString::number(d.year());
}

Result<RenderedNotaDinas> layoutNotaDinas(const MemoView& memo, const Letterhead& kop)
{
    if (memo.body.size() > kMaxBodyChars) return fail(ErrorCode::Policy, "the memo is too long to print");
    SANDI_ASSIGN(marking, classificationMarking(memo.classification));
    PageFrame frame;
    frame.marking = marking;
    frame.red = memo.confidential();
    frame.notice = noticeOf(memo);

    // Twice: the first pass counts the pages for "Halaman i dari n".
    QBuffer counting;
    if (!counting.open(QIODevice::WriteOnly)) return fail(ErrorCode::Io, "cannot open a buffer");
    SANDI_ASSIGN(first, paint(counting, memo, kop, frame));
    frame.totalPages = first.pages;

    RenderedNotaDinas out;
    QBuffer buffer(&out.pdf);
    if (!buffer.open(QIODevice::WriteOnly)) return fail(ErrorCode::Io, "cannot open a buffer");
    SANDI_ASSIGN(second, paint(buffer, memo, kop, frame));
    buffer.close();
    if (second.pages != first.pages)
        return fail(ErrorCode::Unsupported, "the nota dinas layout changed between its two passes");
    out.pages = second.pages;
    out.signatureSpace = second.signatureSpace;
    return out;
}

Result<QByteArray> renderNotaDinas(const MemoView& memo, const Letterhead& kop)
{
    SANDI_ASSIGN(rendered, layoutNotaDinas(memo, kop));
    return std::move(rendered.pdf);
}

Result<client::SignOutcome> exportSignedNotaDinas(const MemoView& memo, const Letterhead& kop, crypto::Signer& signer,
                                                  const QString& outPath, crypto::TimePoint signingTime,
                                                  std::optional<crypto::StampPlacement> stamp)
{
    if (outPath.isEmpty()) return fail(ErrorCode::InvalidArgument, "no file to export the nota dinas to");
    SANDI_ASSIGN(rendered, layoutNotaDinas(memo, kop));

    // The unsigned rendering lives in a directory only this user can read (QTemporaryDir
    // makes it 0700), removed with it on every path out of this function; beside the output
    // (which holds the same text), not in the system's temporary directory.
    const QFileInfo out(outPath);
    QTemporaryDir dir(out.absolutePath() + QStringLiteral("/.sandi-nota-dinas-XXXXXX"));
    if (!dir.isValid())
        return fail(ErrorCode::Io, "cannot make a temporary directory: " + dir.errorString().toStdString());
    const fs::path unsignedPdf = fs::path(dir.path().toStdString()) / "nota-dinas.pdf";
    const auto* bytes = reinterpret_cast<const std::byte*>(rendered.pdf.constData());
    SANDI_TRY(crypto::writeFileAtomically(
        unsignedPdf, std::span<const std::byte>(bytes, static_cast<std::size_t>(rendered.pdf.size())),
        crypto::FileMode::Private));

    client::SignRequest request;
    request.input = unsignedPdf.string();
    request.output = fs::path(outPath.toStdString()).string();
    request.signingTime = signingTime;
    request.reason = (QString::fromLatin1(kReasonPrefix) + memo.nomor).trimmed().toStdString();
    request.location = kop.locality.trimmed().toStdString();
    if (stamp) {
        if (stamp->width > 0 && stamp->height > 0)
            request.visible = *stamp;
        else
            request.visible = rendered.signatureSpace;
    }
    return client::signDocument(request, signer);
}

Result<std::filesystem::path> signForAttachment(const std::filesystem::path& pdf, crypto::Signer& signer,
                                                const std::filesystem::path& workDir, crypto::TimePoint signingTime)
{
    SANDI_ASSIGN(kind, client::fileKind(pdf.string()));
    if (kind != client::FileKind::Pdf) return fail(ErrorCode::InvalidInput, pdf.string() + " is not a PDF");
    std::error_code ec;
    fs::create_directories(workDir, ec);
    if (ec) return fail(ErrorCode::Io, "cannot create " + workDir.string() + ": " + ec.message());

    constexpr int kMaxCandidates = 1000;
    const std::string stem = pdf.stem().string() + kSignedCopySuffix;
    fs::path target;
    for (int i = 1; i <= kMaxCandidates && target.empty(); ++i) {
        const fs::path candidate = workDir / (stem + (i == 1 ? std::string() : "-" + std::to_string(i)) + ".pdf");
        if (!fs::exists(candidate, ec)) target = candidate;
    }
    if (target.empty())
        return fail(ErrorCode::AlreadyExists, "too many signed copies of " + pdf.string() + " in " + workDir.string());

    client::SignRequest request;
    request.input = pdf.string();
    request.output = target.string();
    request.signingTime = signingTime;
    SANDI_TRY(client::signDocument(request, signer));
    return target;
}

} // namespace sandi::desktop
