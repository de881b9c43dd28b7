// SPDX-License-Identifier: GPL-3.0-or-later
// A PDF's pages on screen (poppler-qt6), one at a time: rendered at the screen's device
// pixel ratio, page navigation (buttons, a page number box, Page Up/Down), fit-width and
// zoom; and the visible stamp's place, drawn as a rectangle with the mouse in "place stamp"
// mode, or put at a default position with a button (keyboard: the arrow keys then move it).
// The rectangle becomes a crypto::StampPlacement in PDF points (lower-left origin of the
// page's unrotated user space, where the signer puts the widget's /Rect).
#pragma once

#include "sandi/pades/pades.h"

#include <QImage>
#include <QLabel>
#include <QPointer>
#include <QRectF>
#include <QScrollArea>
#include <QSizeF>
#include <QSpinBox>
#include <QToolButton>
#include <QWidget>

#include <memory>
#include <optional>

namespace Poppler {
class Document;
}

namespace sandi::desktop {

// A page's /Rotate, clockwise.
enum class PageRotation { None, Quarter, Half, ThreeQuarters };

// A rectangle in points on the page as shown (origin top-left, the page's rotation applied,
// `shown` its size) ↔ the stamp placement in the page's own user space.
crypto::StampPlacement stampFromShown(const QRectF& shownRect, QSizeF shown, PageRotation rotation, int page);
QRectF shownFromStamp(const crypto::StampPlacement& stamp, QSizeF shown, PageRotation rotation);

inline constexpr double kMinStampPoints = 18;     // a drawn rectangle smaller than this (¼ inch) is no stamp
inline constexpr double kDefaultStampWidth = 220; // the default stamp: bottom right of the page, in points
inline constexpr double kDefaultStampHeight = 80;
inline constexpr double kDefaultStampMargin = 36;
inline constexpr double kStampKeyStep = 6;            // points an arrow key moves the stamp (× 6 with Shift)
inline constexpr double kMinZoom = 0.1, kMaxZoom = 8; // pixels per point
inline constexpr double kZoomStep = 1.25;

class PdfView;

// The rendered page; takes the mouse and the keys for the stamp.
class PdfPageCanvas final : public QWidget {
    Q_OBJECT
  public:
    explicit PdfPageCanvas(PdfView& view);

  protected:
    void paintEvent(QPaintEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;

  private:
    PdfView& m_view;
    std::optional<QPointF> m_dragFrom; // widget coordinates
    QRectF m_drag;
};

class PdfView final : public QWidget {
    Q_OBJECT
  public:
    explicit PdfView(QWidget* parent = nullptr);
    ~PdfView() override;

    // Opens a PDF for viewing; false (and errorText()) when poppler cannot read it.
    bool load(const QString& path);
    void close();
    [[nodiscard]] bool hasDocument() const noexcept;
    [[nodiscard]] QString errorText() const { return m_error; }
    [[nodiscard]] int pageCount() const noexcept;
    [[nodiscard]] int currentPage() const noexcept { return m_page; } // 1-based; 0 without a document
    void setCurrentPage(int page);
    void nextPage() { setCurrentPage(m_page + 1); }
    void previousPage() { setCurrentPage(m_page - 1); }

    // Pixels (logical) per point; fit-width follows the widget's width.
    [[nodiscard]] double zoom() const noexcept { return m_zoom; }
    void setZoom(double pixelsPerPoint);
    void setFitWidth(bool fit);
    [[nodiscard]] bool fitWidth() const noexcept { return m_fitWidth; }
    // The shown page's size in points (rotation applied).
    [[nodiscard]] QSizeF shownPageSize() const noexcept { return m_shownSize; }
    [[nodiscard]] PageRotation pageRotation() const noexcept { return m_rotation; }

    // Stamp placing: in this mode a mouse drag on the page draws the stamp's rectangle.
    void setPlacingStamp(bool placing);
    [[nodiscard]] bool placingStamp() const noexcept { return m_placing; }
    [[nodiscard]] const std::optional<crypto::StampPlacement>& stampPlacement() const noexcept { return m_stamp; }
    void setStampPlacement(std::optional<crypto::StampPlacement> stamp);
    void placeDefaultStamp(); // bottom right of the current page
    void clearStamp() { setStampPlacement(std::nullopt); }
    // "Page 1: 300 × 80 pt at (339, 36)" (translated), or that there is none.
    [[nodiscard]] QString stampText() const;

    [[nodiscard]] PdfPageCanvas* canvas() const noexcept { return m_canvas; }
    // The rendered page (for tests: its device pixel ratio is the screen's).
    [[nodiscard]] const QImage& renderedPage() const noexcept { return m_image; }

  signals:
    void documentChanged();
    void currentPageChanged(int page);
    void stampPlacementChanged();
    void placingStampChanged(bool placing);

  protected:
    void resizeEvent(QResizeEvent* event) override;

  private:
    friend class PdfPageCanvas;
    void showPage(); // page size, rotation, zoom for fit-width, then render
    void render();   // the image at the current zoom and device pixel ratio
    void updateControls();
    void moveStamp(double dx, double dy); // points, on the page as shown
    void finishDrag(const QRectF& widgetRect);
    [[nodiscard]] QRectF stampWidgetRect() const; // on the current page, or null
    [[nodiscard]] double fitWidthZoom() const;

    std::unique_ptr<Poppler::Document> m_document;
    QString m_error;
    int m_page = 0;
    double m_zoom = 1;
    bool m_fitWidth = true;
    QSizeF m_shownSize;
    PageRotation m_rotation = PageRotation::None;
    QImage m_image;
    bool m_placing = false;
    std::optional<crypto::StampPlacement> m_stamp;

    QToolButton* m_previous;
    QSpinBox* m_pageBox;
    QLabel* m_pageCountLabel;
    QToolButton* m_next;
    QToolButton* m_zoomOut;
    QToolButton* m_zoomIn;
    QToolButton* m_fitWidthButton;
    QToolButton* m_placeButton;
    QToolButton* m_defaultStampButton;
    QToolButton* m_clearStampButton;
    QLabel* m_stampLabel;
    QScrollArea* m_scroll;
    PdfPageCanvas* m_canvas;
};

} // namespace sandi::desktop
