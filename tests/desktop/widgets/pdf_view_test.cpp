// SPDX-License-Identifier: GPL-3.0-or-later
// PdfView: the page rendered at the screen's device pixel ratio, navigation, fit-width,
// and the stamp's rectangle from a mouse drag or the keyboard, in PDF points — also on a
// page with /Rotate, where the shown page is the user space turned.
#include "../support/qt_print.h"
#include "../support/signed_pdfs.h"

#include "sandi/desktop/pdf_view.h"

#include <QSignalSpy>
#include <QTest>

#include <gtest/gtest.h>

#include <cmath>

using namespace sandi;
using namespace sandi::desktop;
namespace fs = std::filesystem;

namespace {

constexpr double kA4Width = 595, kA4Height = 842;

QString str(const fs::path& p)
{
    return QString::fromStdString(p.string());
}

template <class T> T* child(QWidget& w, const char* name)
{
    T* c = w.findChild<T*>(QString::fromLatin1(name));
    EXPECT_NE(c, nullptr) << name;
    return c;
}

void expectPlacement(const crypto::StampPlacement& s, int page, double x, double y, double w, double h)
{
    EXPECT_EQ(s.page, page);
    EXPECT_NEAR(s.x, x, 0.02);
    EXPECT_NEAR(s.y, y, 0.02);
    EXPECT_NEAR(s.width, w, 0.02);
    EXPECT_NEAR(s.height, h, 0.02);
}

struct Pdfs {
    test::TempDir dir;
    fs::path twoPages = dir.path() / "two.pdf";
    fs::path rotated = dir.path() / "rotated.pdf";
    Pdfs()
    {
        test::writeBytes(twoPages, test::handWrittenPdf(2));
        test::writeBytes(rotated, test::handWrittenPdf(1, 90));
    }
};

} // namespace

TEST(StampPlacement, ShownRectanglesMapToTheUnrotatedUserSpaceAndBack)
{
    const QSizeF portrait(kA4Width, kA4Height), landscape(kA4Height, kA4Width);
    // Unrotated: y flips (top-left origin on screen, lower-left in PDF).
    expectPlacement(stampFromShown({100, 50, 200, 80}, portrait, PageRotation::None, 1), 1, 100, 712, 200, 80);
    // /Rotate 90: the shown page's top-left is the user space's lower-left corner.
    expectPlacement(stampFromShown({0, 0, 80, 200}, landscape, PageRotation::Quarter, 2), 2, 0, 0, 200, 80);
    expectPlacement(stampFromShown({762, 0, 80, 200}, landscape, PageRotation::Quarter, 1), 1, 0, 762, 200, 80);
    expectPlacement(stampFromShown({0, 0, 100, 50}, portrait, PageRotation::Half, 1), 1, 495, 0, 100, 50);
    expectPlacement(stampFromShown({0, 0, 80, 200}, landscape, PageRotation::ThreeQuarters, 1), 1, 395, 762, 200, 80);
    for (const PageRotation r :
         {PageRotation::None, PageRotation::Quarter, PageRotation::Half, PageRotation::ThreeQuarters}) {
        const QSizeF shown = (r == PageRotation::Quarter || r == PageRotation::ThreeQuarters) ? landscape : portrait;
        const QRectF rect(123.25, 45.5, 77.75, 66);
        const QRectF back = shownFromStamp(stampFromShown(rect, shown, r, 1), shown, r);
        EXPECT_NEAR(back.left(), rect.left(), 0.01) << static_cast<int>(r);
        EXPECT_NEAR(back.top(), rect.top(), 0.01) << static_cast<int>(r);
        EXPECT_NEAR(back.width(), rect.width(), 0.01) << static_cast<int>(r);
        EXPECT_NEAR(back.height(), rect.height(), 0.01) << static_cast<int>(r);
        // Every stamp of a shown rectangle lies inside the unrotated page.
        const auto s = stampFromShown({0, 0, shown.width(), shown.height()}, shown, r, 1);
        expectPlacement(s, 1, 0, 0, kA4Width, kA4Height);
    }
}

TEST(PdfView, RendersAtTheScreensPixelRatioAndPagesThrough)
{
    Pdfs pdfs;
    PdfView view;
    view.resize(700, 900);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    EXPECT_FALSE(view.hasDocument());
    EXPECT_FALSE(child<QToolButton>(view, "pdfNextPage")->isEnabled());
    EXPECT_FALSE(view.load(str(pdfs.dir.path() / "missing.pdf")));
    EXPECT_FALSE(view.errorText().isEmpty());

    QSignalSpy pages(&view, &PdfView::currentPageChanged);
    ASSERT_TRUE(view.load(str(pdfs.twoPages)));
    EXPECT_EQ(view.pageCount(), 2);
    EXPECT_EQ(view.currentPage(), 1);
    EXPECT_EQ(view.shownPageSize(), QSizeF(kA4Width, kA4Height));
    EXPECT_EQ(child<QLabel>(view, "pdfPageCount")->text(), "of 2");

    // Fit-width: the page fills the scroll area's width.
    EXPECT_TRUE(view.fitWidth());
    QCoreApplication::processEvents(); // the scroll area lays out its scroll bars
    auto* scroll = child<QScrollArea>(view, "pdfScrollArea");
    EXPECT_NEAR(view.zoom() * kA4Width, scroll->viewport()->width(), 1.0);
    const QImage& image = view.renderedPage();
    ASSERT_FALSE(image.isNull());
    const double dpr = view.canvas()->devicePixelRatioF();
    EXPECT_DOUBLE_EQ(image.devicePixelRatio(), dpr);
    EXPECT_NEAR(image.width(), std::ceil(kA4Width * view.zoom()) * dpr, 2 * dpr);
    EXPECT_EQ(view.canvas()->width(), static_cast<int>(std::ceil(kA4Width * view.zoom())));
    // Something is drawn: the text of the page is dark on white.
    bool dark = false;
    for (int y = 0; y < image.height() && !dark; y += 2)
        for (int x = 0; x < image.width() && !dark; x += 2)
            dark = qGray(image.pixel(x, y)) < 100;
    EXPECT_TRUE(dark);

    QTest::mouseClick(child<QToolButton>(view, "pdfNextPage"), Qt::LeftButton);
    EXPECT_EQ(view.currentPage(), 2);
    EXPECT_FALSE(child<QToolButton>(view, "pdfNextPage")->isEnabled());
    EXPECT_EQ(child<QSpinBox>(view, "pdfPageNumber")->value(), 2);
    child<QSpinBox>(view, "pdfPageNumber")->setValue(1);
    EXPECT_EQ(view.currentPage(), 1);
    view.canvas()->setFocus();
    QTest::keyClick(view.canvas(), Qt::Key_PageDown);
    EXPECT_EQ(view.currentPage(), 2);
    EXPECT_EQ(pages.count(), 4); // load, next, the spin box, Page Down

    // Zoom leaves fit-width; the page is rendered at the new scale.
    const double fit = view.zoom();
    QTest::mouseClick(child<QToolButton>(view, "pdfZoomIn"), Qt::LeftButton);
    EXPECT_FALSE(view.fitWidth());
    EXPECT_NEAR(view.zoom(), fit * kZoomStep, 1e-9);
    EXPECT_NEAR(view.renderedPage().width(), std::ceil(kA4Width * view.zoom()) * dpr, 2 * dpr);
    QTest::mouseClick(child<QToolButton>(view, "pdfFitWidth"), Qt::LeftButton);
    EXPECT_TRUE(view.fitWidth());
    EXPECT_NEAR(view.zoom(), fit, 1e-9);
}

// Run by ctest a second time with QT_SCALE_FACTOR=2 and SANDI_EXPECT_DPR=2 (tests/desktop/CMakeLists.txt).
TEST(PdfView, RendersSharpOnAHighDpiScreen)
{
    const QString expected = qEnvironmentVariable("SANDI_EXPECT_DPR");
    if (expected.isEmpty()) GTEST_SKIP() << "run with QT_SCALE_FACTOR=2 SANDI_EXPECT_DPR=2";
    Pdfs pdfs;
    PdfView view;
    view.resize(700, 900);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    ASSERT_TRUE(view.load(str(pdfs.twoPages)));
    const double dpr = view.canvas()->devicePixelRatioF();
    EXPECT_DOUBLE_EQ(dpr, expected.toDouble());
    const QImage& image = view.renderedPage();
    EXPECT_DOUBLE_EQ(image.devicePixelRatio(), dpr);
    // One image pixel per device pixel: twice the canvas's logical width.
    EXPECT_NEAR(image.width(), view.canvas()->width() * dpr, 2 * dpr);
    EXPECT_NEAR(image.height(), view.canvas()->height() * dpr, 2 * dpr);
    // The stamp is still in points, whatever the pixel ratio.
    view.setPlacingStamp(true);
    const double z = view.zoom();
    QTest::mousePress(view.canvas(), Qt::LeftButton, {}, QPoint(100, 100));
    QTest::mouseMove(view.canvas(), QPoint(300, 180));
    QTest::mouseRelease(view.canvas(), Qt::LeftButton, {}, QPoint(300, 180));
    ASSERT_TRUE(view.stampPlacement());
    expectPlacement(*view.stampPlacement(), 1, 100 / z, kA4Height - 180 / z, 200 / z, 80 / z);
}

TEST(PdfView, AMouseDragDrawsTheStampInPdfPoints)
{
    Pdfs pdfs;
    PdfView view;
    view.resize(700, 900);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    ASSERT_TRUE(view.load(str(pdfs.twoPages)));
    QSignalSpy changed(&view, &PdfView::stampPlacementChanged);

    // Without the mode a drag does nothing.
    QTest::mousePress(view.canvas(), Qt::LeftButton, {}, QPoint(100, 100));
    QTest::mouseMove(view.canvas(), QPoint(300, 180));
    QTest::mouseRelease(view.canvas(), Qt::LeftButton, {}, QPoint(300, 180));
    EXPECT_FALSE(view.stampPlacement());

    QTest::mouseClick(child<QToolButton>(view, "pdfPlaceStamp"), Qt::LeftButton);
    EXPECT_TRUE(view.placingStamp());
    // A click (a rectangle too small for a stamp) places nothing.
    QTest::mouseClick(view.canvas(), Qt::LeftButton, {}, QPoint(50, 50));
    EXPECT_FALSE(view.stampPlacement());
    EXPECT_TRUE(view.placingStamp());

    const double z = view.zoom();
    QTest::mousePress(view.canvas(), Qt::LeftButton, {}, QPoint(300, 180));
    QTest::mouseMove(view.canvas(), QPoint(200, 150));
    QTest::mouseMove(view.canvas(), QPoint(100, 100)); // dragged up and to the left
    QTest::mouseRelease(view.canvas(), Qt::LeftButton, {}, QPoint(100, 100));
    ASSERT_TRUE(view.stampPlacement());
    expectPlacement(*view.stampPlacement(), 1, 100 / z, kA4Height - 180 / z, 200 / z, 80 / z);
    EXPECT_FALSE(view.placingStamp()); // one rectangle per drawing
    EXPECT_GE(changed.count(), 1);
    EXPECT_TRUE(child<QLabel>(view, "pdfStampPlacement")->text().startsWith("Stamp on page 1:"));

    // A drag past the page's edge is cut at the edge.
    view.setPlacingStamp(true);
    const int w = view.canvas()->width(), h = view.canvas()->height();
    QTest::mousePress(view.canvas(), Qt::LeftButton, {}, QPoint(w - 100, h - 60));
    QTest::mouseMove(view.canvas(), QPoint(w + 50, h + 50));
    QTest::mouseRelease(view.canvas(), Qt::LeftButton, {}, QPoint(w + 50, h + 50));
    ASSERT_TRUE(view.stampPlacement());
    const auto& s = *view.stampPlacement();
    EXPECT_NEAR(s.x + s.width, kA4Width, 1.0 / z + 0.02);
    EXPECT_NEAR(s.y, 0, 0.02);

    // On another page the stamp is not drawn, but kept (it names its page).
    view.nextPage();
    EXPECT_EQ(view.stampPlacement()->page, 1);
    QTest::mouseClick(child<QToolButton>(view, "pdfClearStamp"), Qt::LeftButton);
    EXPECT_FALSE(view.stampPlacement());
}

TEST(PdfView, TheKeyboardPlacesAndMovesTheStamp)
{
    Pdfs pdfs;
    PdfView view;
    view.resize(700, 900);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    ASSERT_TRUE(view.load(str(pdfs.twoPages)));
    auto* defaultButton = child<QToolButton>(view, "pdfDefaultStamp");
    EXPECT_FALSE(defaultButton->accessibleName().isEmpty());
    defaultButton->setFocus();
    QTest::keyClick(defaultButton, Qt::Key_Space);
    ASSERT_TRUE(view.stampPlacement());
    expectPlacement(*view.stampPlacement(), 1, kA4Width - kDefaultStampMargin - kDefaultStampWidth, kDefaultStampMargin,
                    kDefaultStampWidth, kDefaultStampHeight);
    EXPECT_TRUE(view.canvas()->hasFocus());
    QTest::keyClick(view.canvas(), Qt::Key_Left);
    QTest::keyClick(view.canvas(), Qt::Key_Up, Qt::ShiftModifier);
    expectPlacement(*view.stampPlacement(), 1, kA4Width - kDefaultStampMargin - kDefaultStampWidth - kStampKeyStep,
                    kDefaultStampMargin + 6 * kStampKeyStep, kDefaultStampWidth, kDefaultStampHeight);
    for (int i = 0; i < 20; ++i)
        QTest::keyClick(view.canvas(), Qt::Key_Down, Qt::ShiftModifier); // stops at the page's edge
    EXPECT_NEAR(view.stampPlacement()->y, 0, 0.02);
    view.setPlacingStamp(true);
    QTest::keyClick(view.canvas(), Qt::Key_Escape);
    EXPECT_FALSE(view.placingStamp());
}

TEST(PdfView, OnARotatedPageTheStampStaysInsideThePage)
{
    Pdfs pdfs;
    PdfView view;
    view.resize(900, 700);
    view.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&view));
    ASSERT_TRUE(view.load(str(pdfs.rotated)));
    EXPECT_EQ(view.pageRotation(), PageRotation::Quarter);
    EXPECT_EQ(view.shownPageSize(), QSizeF(kA4Height, kA4Width)); // shown landscape
    EXPECT_GT(view.renderedPage().width(), view.renderedPage().height());
    view.placeDefaultStamp();
    ASSERT_TRUE(view.stampPlacement());
    const auto& s = *view.stampPlacement();
    // The shown bottom right is the user space's top right: x along the shown height.
    expectPlacement(s, 1, kA4Width - kDefaultStampMargin - kDefaultStampHeight,
                    kA4Height - kDefaultStampMargin - kDefaultStampWidth, kDefaultStampHeight, kDefaultStampWidth);
    EXPECT_LE(s.x + s.width, kA4Width);
    EXPECT_LE(s.y + s.height, kA4Height);
}
