// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/visual/html_report.h"
#include "sandi/sign/indication.h"

#include "sandi/pki/x509.h"
#include "sandi/visual/png.h"
#include "sandi/visual/render.h"

#include <algorithm>
#include <initializer_list>
#include <map>
#include <optional>
#include <set>

namespace sandi::client::visual {
namespace {

using crypto::SignatureReport;

std::string base64(std::span<const std::byte> data)
{
    static constexpr std::string_view kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((data.size() + 2) / 3 * 4);
    for (std::size_t i = 0; i < data.size(); i += 3) {
        const std::size_t n = std::min<std::size_t>(3, data.size() - i);
        unsigned v = 0;
        for (std::size_t k = 0; k < 3; ++k)
            v = (v << 8U) | (k < n ? std::to_integer<unsigned>(data[i + k]) : 0U);
        for (std::size_t k = 0; k < 4; ++k)
            out += k <= n ? kAlphabet[(v >> (18U - 6U * k)) & 0x3FU] : '=';
    }
    return out;
}

std::string timeText(const std::optional<crypto::TimePoint>& t)
{
    return t ? crypto::formatUtc(*t) : std::string("—");
}

struct Colour {
    std::uint8_t r, g, b;
};
constexpr Colour kSignatureColour{0x1a, 0x4f, 0xd0};
constexpr Colour kChangeColour{0xd0, 0x1a, 0x1a};
constexpr int kFrameWidth = 2;

RgbImage toRgb(const GreyImage& g)
{
    RgbImage out{g.width, g.height, {}};
    out.pixels.reserve(g.pixels.size() * 3);
    for (std::uint8_t v : g.pixels)
        out.pixels.insert(out.pixels.end(), 3, v);
    return out;
}

void frame(RgbImage& img, PixelBox b, Colour c)
{
    b = {std::max(b.x0, 0), std::max(b.y0, 0), std::min(b.x1, img.width), std::min(b.y1, img.height)};
    if (b.empty()) return;
    auto set = [&](int x, int y) {
        const std::size_t i =
            3 * (static_cast<std::size_t>(y) * static_cast<std::size_t>(img.width) + static_cast<std::size_t>(x));
        img.pixels[i] = c.r;
        img.pixels[i + 1] = c.g;
        img.pixels[i + 2] = c.b;
    };
    for (int y = b.y0; y < b.y1; ++y)
        for (int x = b.x0; x < b.x1; ++x)
            if (x < b.x0 + kFrameWidth || x >= b.x1 - kFrameWidth || y < b.y0 + kFrameWidth || y >= b.y1 - kFrameWidth)
                set(x, y);
}

// `format` with each "%s" replaced by the next of `values`, in order (the catalogue's
// translations keep the "%s" of their msgid: msgfmt --check sees to it).
std::string fill(const std::string& format, std::initializer_list<std::string_view> values)
{
    std::string out;
    auto next = values.begin();
    for (std::size_t i = 0; i < format.size(); ++i) {
        if (format[i] == '%' && i + 1 < format.size() && format[i + 1] == 's' && next != values.end()) {
            out += *next++;
            ++i;
        } else {
            out += format[i];
        }
    }
    return out;
}

void findings(std::string& h, std::string_view cls, std::span<const crypto::Finding> list, const ReportLanguage& t)
{
    for (const auto& f : list)
        h += "<li class=\"" + std::string(cls) + "\">" + htmlEscape(t.findingText(f.code, f.text)) + " <code>" +
             htmlEscape(f.code) + "</code></li>\n";
}

void row(std::string& h, const std::string& label, const std::string& escapedValue)
{
    h += "<tr><th>" + htmlEscape(label) + "</th><td>" + escapedValue + "</td></tr>\n";
}

// The kind of a signature ("signature", "certification (P=2)", ...) in the language.
std::string kindText(const std::string& kind, const ReportLanguage& t)
{
    static constexpr std::string_view kCertification = "certification";
    if (kind == "signature") return t.tr("signature");
    if (kind == "document time-stamp") return t.tr("document time-stamp");
    if (kind == "detached CMS") return t.tr("detached CMS");
    if (kind.starts_with(kCertification)) return t.tr("certification") + kind.substr(kCertification.size());
    return kind;
}

// As the people's output says it: VALID exactly for TOTAL-PASSED; INDETERMINATE is "undecided".
std::string verdictText(const SignatureReport& s, const ReportLanguage& t)
{
    if (s.valid && s.indication == crypto::Indication::TotalPassed) return t.tr("VALID");
    if (s.indication == crypto::Indication::Indeterminate) return t.tr("NOT VALID (undecided)");
    return t.tr("NOT VALID");
}

std::string modificationsText(crypto::Modifications m, const ReportLanguage& t)
{
    switch (m) {
    case crypto::Modifications::None:
        return t.tr("none");
    case crypto::Modifications::Allowed:
        return t.tr("allowed");
    case crypto::Modifications::Disallowed:
        return t.tr("disallowed");
    }
    return t.tr("none");
}

// One picture: page `page` of the final document with `signatureRect` (may be empty) and
// the `changed` areas framed.
std::string picture(const PageRenderer& renderer, int page, const crypto::PdfRect& signatureRect,
                    const std::vector<crypto::PdfRect>& changed, const std::string& caption)
{
    auto rendered = renderer.render(page, kReportDpi);
    if (!rendered) return "<p class=\"note\">" + htmlEscape(rendered.error().message) + "</p>\n";
    RgbImage img = toRgb(rendered->image);
    for (const auto& c : changed) {
        const PixelBox b = rendered->geometry.toPixels(c);
        frame(img, {b.x0 - 2, b.y0 - 2, b.x1 + 2, b.y1 + 2}, kChangeColour);
    }
    if (!signatureRect.empty()) frame(img, rendered->geometry.toPixels(signatureRect), kSignatureColour);
    auto png = encodePng(img);
    if (!png) return "<p class=\"note\">" + htmlEscape(png.error().message) + "</p>\n";
    return "<figure><img alt=\"" + htmlEscape(caption) + "\" src=\"data:image/png;base64," + base64(*png) +
           "\"><figcaption>" + htmlEscape(caption) + "</figcaption></figure>\n";
}

} // namespace

std::string htmlEscape(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    for (char c : text) {
        switch (c) {
        case '&':
            out += "&amp;";
            break;
        case '<':
            out += "&lt;";
            break;
        case '>':
            out += "&gt;";
            break;
        case '"':
            out += "&quot;";
            break;
        case '\'':
            out += "&#39;";
            break;
        default:
            if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t')
                out += "&#xFFFD;";
            else
                out += c;
        }
    }
    return out;
}

std::string htmlReportHead(std::string_view title, std::string_view generatedAt, const ReportLanguage& t)
{
    return "<!DOCTYPE html>\n<html lang=\"" + htmlEscape(t.tag.empty() ? "en" : t.tag) +
           "\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src "
           "'unsafe-inline'\">\n<title>" +
           htmlEscape(title) +
           "</title>\n<style>\n"
           "body{font-family:sans-serif;margin:2em;color:#222}\n"
           "section.file{border-top:2px solid #888;margin-top:2em}\n"
           "div.signature{border:1px solid #ccc;border-radius:4px;padding:0.5em 1em;margin:1em 0}\n"
           "table{border-collapse:collapse}th{text-align:left;padding-right:1em;vertical-align:top}\n"
           ".valid{color:#186a18;font-weight:bold}.invalid{color:#b01010;font-weight:bold}\n"
           "li.problem{color:#b01010}li.disallowed{color:#b01010}li.remark,li.allowed{color:#555}\n"
           "figure{display:inline-block;margin:0.5em}img{border:1px solid #aaa}\n"
           "figcaption{font-size:small;color:#555}p.note{color:#555}\n"
           "</style>\n</head>\n<body>\n<h1>" +
           htmlEscape(title) + "</h1>\n<p>" +
           htmlEscape(fill(t.tr("Generated %s. Blue: a signature's rectangle. Red: an area that looks different "
                                "since signing."),
                           {generatedAt})) +
           "</p>\n";
}

std::string htmlReportTail()
{
    return "</body>\n</html>\n";
}

std::string htmlFileSection(const ReportFile& f, const ReportLanguage& t)
{
    std::string h = "<section class=\"file\">\n<h2>" + htmlEscape(f.path) + "</h2>\n";
    if (!f.error.empty())
        return h + "<p class=\"invalid\">" + htmlEscape(fill(t.tr("Unreadable: %s"), {f.error})) + "</p>\n</section>\n";
    h += std::string("<p class=\"") + (f.valid ? "valid" : "invalid") + "\">" +
         htmlEscape(f.valid ? t.tr("VALID") : t.tr("NOT VALID")) + "</p>\n";
    if (!f.problems.empty() || !f.remarks.empty()) {
        h += "<ul>\n";
        findings(h, "problem", f.problems, t);
        findings(h, "remark", f.remarks, t);
        h += "</ul>\n";
    }
    std::optional<PageRenderer> renderer;
    std::optional<crypto::PdfLayout> layout;
    std::string noPictures;
    if (!f.pdf.empty()) {
        auto r = PageRenderer::open(f.pdf);
        auto l = crypto::PdfPages::open(f.pdf);
        if (r && l) {
            renderer.emplace(std::move(*r));
            layout.emplace(l->layout());
        } else {
            noPictures = !r ? r.error().message : l.error().message;
        }
    }
    std::size_t pictures = 0;
    for (std::size_t i = 0; i < f.signatures.size(); ++i) {
        const SignatureReport& s = f.signatures[i];
        const crypto::SignatureLayout* where = nullptr;
        if (layout && i < layout->signatures.size() && layout->signatures[i].field == s.field)
            where = &layout->signatures[i];
        for (std::size_t k = 0; layout && where == nullptr && k < layout->signatures.size(); ++k)
            if (layout->signatures[k].field == s.field) where = &layout->signatures[k];
        h += "<div class=\"signature\">\n<h3>" + htmlEscape(kindText(s.kind, t)) + (s.field.empty() ? "" : " ") +
             htmlEscape(s.field) + "</h3>\n<table>\n";
        row(h, t.tr("Verdict"),
            std::string("<span class=\"") + (s.valid ? "valid" : "invalid") + "\">" + htmlEscape(verdictText(s, t)) +
                "</span>");
        // The ETSI EN 319 102-1 indication (docs/auditor-guide.md), and the anchor the chain ended at.
        row(h, t.tr("Indication"),
            htmlEscape(std::string(crypto::indicationName(s.indication)) +
                       (s.subIndication.empty() ? std::string() : " / " + s.subIndication)));
        row(h, t.tr("Trust anchor"), htmlEscape(s.anchor.empty() ? t.tr("(none reached)") : s.anchor));
        row(h, t.tr("Signer"), htmlEscape(s.signer.empty() ? t.tr("(unknown signer)") : s.signer));
        row(h, t.tr("Signing time (claimed)"), htmlEscape(timeText(s.signingTime)));
        row(h, t.tr("Time-stamp (proven)"), htmlEscape(timeText(s.timestamp)));
        if (s.signerCertificate) row(h, t.tr("Issuer"), htmlEscape(s.signerCertificate->issuer()));
        if (where != nullptr && !where->reason.empty())
            row(h, t.tr("Reason (as the signer wrote it)"), htmlEscape(where->reason));
        if (where != nullptr && !where->location.empty()) row(h, t.tr("Location"), htmlEscape(where->location));
        row(h, t.tr("Covers the whole document"), htmlEscape(s.coversWholeDocument ? t.tr("yes") : t.tr("no")));
        row(h, t.tr("Changes after signing"), htmlEscape(modificationsText(s.modifications, t)));
        h += "</table>\n";
        if (!s.changes.empty() || !s.problems.empty() || !s.remarks.empty()) {
            h += "<ul>\n";
            for (const auto& c : s.changes)
                h += std::string("<li class=\"") + (c.allowed ? "allowed" : "disallowed") + "\">" +
                     htmlEscape((c.allowed ? t.tr("allowed") : t.tr("disallowed")) + ": " +
                                t.findingText(c.code, c.text)) +
                     " <code>" + htmlEscape(c.code) + "</code></li>\n";
            findings(h, "problem", s.problems, t);
            findings(h, "remark", s.remarks, t);
            h += "</ul>\n";
        }
        if (renderer && layout) {
            // Its page first, then every other page that looks different since it was signed.
            std::map<int, std::vector<crypto::PdfRect>> changed;
            for (const auto& d : f.differences)
                if (d.signature == i) changed[d.page].push_back(d.box);
            std::set<int> shown;
            if (where != nullptr && where->page >= 0) {
                if (pictures++ < kMaxReportPicturesPerFile)
                    h += picture(*renderer, where->page, where->rect, changed[where->page],
                                 fill(where->rect.empty() ? t.tr("page %s, signature %s (invisible)")
                                                          : t.tr("page %s, signature %s"),
                                      {std::to_string(where->page + 1), s.field}));
                shown.insert(where->page);
            }
            for (const auto& [page, boxes] : changed)
                if (!shown.contains(page) && pictures++ < kMaxReportPicturesPerFile)
                    h +=
                        picture(*renderer, page, {}, boxes,
                                fill(t.tr("page %s, changed after signature %s"), {std::to_string(page + 1), s.field}));
        }
        h += "</div>\n";
    }
    if (pictures > kMaxReportPicturesPerFile)
        h += "<p class=\"note\">" +
             htmlEscape(
                 fill(t.tr("Only the first %s pictures are shown."), {std::to_string(kMaxReportPicturesPerFile)})) +
             "</p>\n";
    if (!noPictures.empty())
        h += "<p class=\"note\">" + htmlEscape(fill(t.tr("No pictures: %s"), {noPictures})) + "</p>\n";
    return h + "</section>\n";
}

} // namespace sandi::client::visual
