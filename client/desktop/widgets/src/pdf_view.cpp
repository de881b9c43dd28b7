// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/pdf_view.h"

#include <QHBoxLayout>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QVBoxLayout>

#include <poppler-qt6.h>

#include <algorithm>
#include <cmath>

namespace sandi::desktop {

namespace {

QPointF userFromShown(QPointF d, QSizeF shown, PageRotation r)
{
    const double w = shown.width(), h = shown.height();
    switch (r) {
    case PageRotation::None:
        return {d.x(), h - d.y()};
    case PageRotation::Quarter:
        return {d.y(), d.x()};
    case PageRotation::Half:
        return {w - d.x(), d.y()};
    case PageRotation::ThreeQuarters:
        return {h - d.y(), w - d.x()};
    }
    return d;
}

QPointF shownFromUser(QPointF u, QSizeF shown, PageRotation r)
{
    const double w = shown.width(), h = shown.height();
    switch (r) {
    case PageRotation::None:
        return {u.x(), h - u.y()};
    case PageRotation::Quarter:
        return {u.y(), u.x()};
    case PageRotation::Half:
        return {w - u.x(), u.y()};
    case PageRotation::ThreeQuarters:
        return {w - u.y(), h - u.x()};
    }
    return u;
}

double hundredths(double v)
{
    return std::round(v * 100) / 100;
}

PageRotation rotationOf(Poppler::Page::Orientation o)
{
    switch (o) {
    case Poppler::Page::Portrait:
        return PageRotation::None;
    case Poppler::Page::Landscape:
        return PageRotation::Quarter;
    case Poppler::Page::UpsideDown:
        return PageRotation::Half;
    case Poppler::Page::Seascape:
        return PageRotation::ThreeQuarters;
    }
    return PageRotation::None;
}

struct ButtonText {
    QString objectName;
    QString text;
    QString accessible; // the accessible name and tool tip
};

QToolButton* toolButton(QWidget* parent, const ButtonText& t)
{
    auto* b = new QToolButton(parent);
    b->setObjectName(t.objectName);
    b->setText(t.text);
    b->setToolTip(t.accessible);
    b->setAccessibleName(t.accessible);
    b->setFocusPolicy(Qt::StrongFocus);
    b->setToolButtonStyle(Qt::ToolButtonTextOnly);
    return b;
}

} // namespace

crypto::StampPlacement stampFromShown(const QRectF& shownRect, QSizeF shown, PageRotation rotation, int page)
{
    const QRectF r = shownRect.normalized();
    const QPointF a = userFromShown(r.topLeft(), shown, rotation);
    const QPointF b = userFromShown(r.bottomRight(), shown, rotation);
    crypto::StampPlacement s;
    s.page = page;
    s.x = hundredths(std::min(a.x(), b.x()));
    s.y = hundredths(std::min(a.y(), b.y()));
    s.width = hundredths(std::abs(a.x() - b.x()));
    s.height = hundredths(std::abs(a.y() - b.y()));
    return s;
}

QRectF shownFromStamp(const crypto::StampPlacement& stamp, QSizeF shown, PageRotation rotation)
{
    const QPointF a = shownFromUser({stamp.x, stamp.y}, shown, rotation);
    const QPointF b = shownFromUser({stamp.x + stamp.width, stamp.y + stamp.height}, shown, rotation);
    return QRectF(a, b).normalized();
}

// ---- PdfPageCanvas

PdfPageCanvas::PdfPageCanvas(PdfView& view) : QWidget(&view), m_view(view)
{
    setObjectName(QStringLiteral("pdfPageCanvas"));
    setAccessibleName(tr("Page preview"));
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(false);
}

void PdfPageCanvas::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    p.fillRect(rect(), palette().color(QPalette::Mid));
    if (m_view.m_image.isNull()) return;
    // Moved to a screen of another pixel ratio: rendered again (the logical size stays).
    if (!qFuzzyCompare(m_view.m_image.devicePixelRatio(), devicePixelRatioF())) m_view.render();
    p.drawImage(QPointF(0, 0), m_view.m_image);
    const QColor stampColor(0x15, 0x65, 0xc0);
    QColor fill = stampColor;
    fill.setAlpha(48);
    const QRectF stamp = m_view.stampWidgetRect();
    if (!stamp.isNull()) {
        p.setPen(QPen(stampColor, 2));
        p.setBrush(fill);
        p.drawRect(stamp);
        p.drawText(stamp.adjusted(4, 4, -4, -4), Qt::AlignLeft | Qt::AlignTop | Qt::TextWordWrap,
                   tr("Signature stamp"));
    }
    if (m_dragFrom) {
        p.setPen(QPen(stampColor, 1, Qt::DashLine));
        p.setBrush(fill);
        p.drawRect(m_drag);
    }
    if (hasFocus()) {
        p.setPen(QPen(palette().color(QPalette::Highlight), 2));
        p.setBrush(Qt::NoBrush);
        p.drawRect(rect().adjusted(1, 1, -1, -1));
    }
}

void PdfPageCanvas::mousePressEvent(QMouseEvent* event)
{
    setFocus(Qt::MouseFocusReason);
    if (!m_view.m_placing || event->button() != Qt::LeftButton || m_view.m_image.isNull()) {
        QWidget::mousePressEvent(event);
        return;
    }
    const QPointF at(std::clamp(event->position().x(), 0.0, static_cast<double>(width())),
                     std::clamp(event->position().y(), 0.0, static_cast<double>(height())));
    m_dragFrom = at;
    m_drag = QRectF(at, at);
    event->accept();
    update();
}

void PdfPageCanvas::mouseMoveEvent(QMouseEvent* event)
{
    if (!m_dragFrom) {
        QWidget::mouseMoveEvent(event);
        return;
    }
    const QPointF at(std::clamp(event->position().x(), 0.0, static_cast<double>(width())),
                     std::clamp(event->position().y(), 0.0, static_cast<double>(height())));
    m_drag = QRectF(*m_dragFrom, at).normalized();
    event->accept();
    update();
}

void PdfPageCanvas::mouseReleaseEvent(QMouseEvent* event)
{
    if (!m_dragFrom || event->button() != Qt::LeftButton) {
        QWidget::mouseReleaseEvent(event);
        return;
    }
    const QPointF at(std::clamp(event->position().x(), 0.0, static_cast<double>(width())),
                     std::clamp(event->position().y(), 0.0, static_cast<double>(height())));
    const QRectF drawn = QRectF(*m_dragFrom, at).normalized();
    m_dragFrom.reset();
    event->accept();
    m_view.finishDrag(drawn);
    update();
}

void PdfPageCanvas::keyPressEvent(QKeyEvent* event)
{
    const double step = kStampKeyStep * ((event->modifiers() & Qt::ShiftModifier) ? 6 : 1);
    switch (event->key()) {
    case Qt::Key_PageDown:
        m_view.nextPage();
        break;
    case Qt::Key_PageUp:
        m_view.previousPage();
        break;
    case Qt::Key_Escape:
        if (!m_view.m_placing) {
            QWidget::keyPressEvent(event);
            return;
        }
        m_dragFrom.reset();
        m_view.setPlacingStamp(false);
        break;
    case Qt::Key_Left:
        m_view.moveStamp(-step, 0);
        break;
    case Qt::Key_Right:
        m_view.moveStamp(step, 0);
        break;
    case Qt::Key_Up:
        m_view.moveStamp(0, -step);
        break;
    case Qt::Key_Down:
        m_view.moveStamp(0, step);
        break;
    default:
        QWidget::keyPressEvent(event);
        return;
    }
    event->accept();
}

// ---- PdfView

PdfView::PdfView(QWidget* parent)
    : QWidget(parent), m_previous(toolButton(this, {QStringLiteral("pdfPreviousPage"), tr("◀"), tr("Previous page")})),
      m_pageBox(new QSpinBox(this)), m_pageCountLabel(new QLabel(this)),
      m_next(toolButton(this, {QStringLiteral("pdfNextPage"), tr("▶"), tr("Next page")})),
      m_zoomOut(toolButton(this, {QStringLiteral("pdfZoomOut"), tr("−"), tr("Zoom out")})),
      m_zoomIn(toolButton(this, {QStringLiteral("pdfZoomIn"), tr("+"), tr("Zoom in")})),
      m_fitWidthButton(toolButton(this, {QStringLiteral("pdfFitWidth"), tr("Fit width"), tr("Fit the page's width")})),
      m_placeButton(toolButton(this, {QStringLiteral("pdfPlaceStamp"), tr("Draw stamp"),
                                      tr("Draw the signature stamp's rectangle on the page")})),
      m_defaultStampButton(toolButton(this, {QStringLiteral("pdfDefaultStamp"), tr("Default stamp position"),
                                             tr("Put the signature stamp at the bottom right of this page")})),
      m_clearStampButton(
          toolButton(this, {QStringLiteral("pdfClearStamp"), tr("Remove stamp"), tr("Remove the signature stamp")})),
      m_stampLabel(new QLabel(this)), m_scroll(new QScrollArea(this)), m_canvas(new PdfPageCanvas(*this))
{
    m_pageBox->setObjectName(QStringLiteral("pdfPageNumber"));
    m_pageBox->setAccessibleName(tr("Page number"));
    m_pageBox->setKeyboardTracking(false);
    m_pageCountLabel->setObjectName(QStringLiteral("pdfPageCount"));
    m_stampLabel->setObjectName(QStringLiteral("pdfStampPlacement"));
    m_stampLabel->setAccessibleName(tr("Signature stamp position"));
    m_stampLabel->setWordWrap(true);
    m_fitWidthButton->setCheckable(true);
    m_fitWidthButton->setChecked(true);
    m_placeButton->setCheckable(true);
    m_zoomIn->setShortcut(QKeySequence::ZoomIn);
    m_zoomOut->setShortcut(QKeySequence::ZoomOut);

    m_scroll->setObjectName(QStringLiteral("pdfScrollArea"));
    m_scroll->setWidget(m_canvas);
    m_scroll->setAlignment(Qt::AlignHCenter | Qt::AlignTop);
    m_scroll->setWidgetResizable(false);
    m_scroll->setBackgroundRole(QPalette::Mid);
    m_scroll->setFocusPolicy(Qt::NoFocus);

    auto* nav = new QHBoxLayout;
    nav->addWidget(m_previous);
    nav->addWidget(m_pageBox);
    nav->addWidget(m_pageCountLabel);
    nav->addWidget(m_next);
    nav->addSpacing(12);
    nav->addWidget(m_zoomOut);
    nav->addWidget(m_zoomIn);
    nav->addWidget(m_fitWidthButton);
    nav->addStretch(1);
    auto* stamp = new QHBoxLayout;
    stamp->addWidget(m_placeButton);
    stamp->addWidget(m_defaultStampButton);
    stamp->addWidget(m_clearStampButton);
    stamp->addWidget(m_stampLabel, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addLayout(nav);
    layout->addWidget(m_scroll, 1);
    layout->addLayout(stamp);
    setTabOrder(m_previous, m_pageBox);
    setTabOrder(m_pageBox, m_next);
    setTabOrder(m_next, m_zoomOut);
    setTabOrder(m_zoomOut, m_zoomIn);
    setTabOrder(m_zoomIn, m_fitWidthButton);
    setTabOrder(m_fitWidthButton, m_canvas);
    setTabOrder(m_canvas, m_placeButton);
    setTabOrder(m_placeButton, m_defaultStampButton);
    setTabOrder(m_defaultStampButton, m_clearStampButton);

    connect(m_previous, &QToolButton::clicked, this, &PdfView::previousPage);
    connect(m_next, &QToolButton::clicked, this, &PdfView::nextPage);
    connect(m_pageBox, &QSpinBox::valueChanged, this, [this](int page) {
        if (page != m_page) setCurrentPage(page);
    });
    connect(m_zoomIn, &QToolButton::clicked, this, [this] { setZoom(m_zoom * kZoomStep); });
    connect(m_zoomOut, &QToolButton::clicked, this, [this] { setZoom(m_zoom / kZoomStep); });
    connect(m_fitWidthButton, &QToolButton::toggled, this, &PdfView::setFitWidth);
    connect(m_placeButton, &QToolButton::toggled, this, &PdfView::setPlacingStamp);
    connect(m_defaultStampButton, &QToolButton::clicked, this, &PdfView::placeDefaultStamp);
    connect(m_clearStampButton, &QToolButton::clicked, this, &PdfView::clearStamp);
    updateControls();
}

PdfView::~PdfView() = default;

bool PdfView::load(const QString& path)
{
    std::unique_ptr<Poppler::Document> doc = Poppler::Document::load(path);
    if (!doc) {
        m_error = tr("The file cannot be read as a PDF.");
        return false;
    }
    if (doc->isLocked()) {
        m_error = tr("The PDF is password-protected; Sandi does not sign encrypted PDFs.");
        return false;
    }
    if (doc->numPages() < 1) {
        m_error = tr("The PDF has no pages.");
        return false;
    }
    doc->setRenderHint(Poppler::Document::Antialiasing);
    doc->setRenderHint(Poppler::Document::TextAntialiasing);
    m_error.clear();
    m_document = std::move(doc);
    m_page = 1;
    m_stamp.reset();
    setPlacingStamp(false);
    showPage();
    emit documentChanged();
    emit currentPageChanged(m_page);
    emit stampPlacementChanged();
    return true;
}

void PdfView::close()
{
    m_document.reset();
    m_page = 0;
    m_image = {};
    m_stamp.reset();
    setPlacingStamp(false);
    m_canvas->setFixedSize(0, 0);
    updateControls();
    emit documentChanged();
    emit stampPlacementChanged();
}

bool PdfView::hasDocument() const noexcept
{
    return m_document != nullptr;
}

int PdfView::pageCount() const noexcept
{
    return m_document ? m_document->numPages() : 0;
}

void PdfView::setCurrentPage(int page)
{
    if (!m_document) return;
    page = std::clamp(page, 1, pageCount());
    if (page == m_page) return;
    m_page = page;
    showPage();
    emit currentPageChanged(m_page);
}

void PdfView::setZoom(double pixelsPerPoint)
{
    m_fitWidth = false;
    m_zoom = std::clamp(pixelsPerPoint, kMinZoom, kMaxZoom);
    showPage();
}

void PdfView::setFitWidth(bool fit)
{
    m_fitWidth = fit;
    showPage();
}

double PdfView::fitWidthZoom() const
{
    if (m_shownSize.width() <= 0) return m_zoom;
    // From the scroll area's own size (not its viewport's, which a scroll bar narrows), with
    // room for the vertical scroll bar when the page will be taller than the view.
    const int frame = 2 * m_scroll->frameWidth();
    const double width = std::max(m_scroll->width() - frame, 50);
    double zoom = width / m_shownSize.width();
    if (m_shownSize.height() * zoom > m_scroll->height() - frame)
        zoom = std::max(width - m_scroll->verticalScrollBar()->sizeHint().width(), 50.0) / m_shownSize.width();
    return std::clamp(zoom, kMinZoom, kMaxZoom);
}

void PdfView::showPage()
{
    if (m_document && m_page > 0) {
        const std::unique_ptr<Poppler::Page> page = m_document->page(m_page - 1);
        if (page) {
            m_shownSize = page->pageSizeF();
            m_rotation = rotationOf(page->orientation());
        }
        if (m_fitWidth) m_zoom = fitWidthZoom();
    }
    render();
    updateControls();
}

void PdfView::render()
{
    m_image = {};
    if (m_document && m_page > 0) {
        if (const std::unique_ptr<Poppler::Page> page = m_document->page(m_page - 1)) {
            const double dpr = m_canvas->devicePixelRatioF();
            const double dpi = 72.0 * m_zoom * dpr;
            m_image = page->renderToImage(dpi, dpi);
            m_image.setDevicePixelRatio(dpr);
        }
    }
    const QSize logical(static_cast<int>(std::ceil(m_shownSize.width() * m_zoom)),
                        static_cast<int>(std::ceil(m_shownSize.height() * m_zoom)));
    m_canvas->setFixedSize(m_image.isNull() ? QSize(0, 0) : logical);
    m_canvas->update();
}

void PdfView::updateControls()
{
    const bool open = hasDocument();
    {
        const QSignalBlocker block(m_pageBox);
        m_pageBox->setRange(open ? 1 : 0, open ? pageCount() : 0);
        m_pageBox->setValue(m_page);
    }
    m_pageBox->setEnabled(open);
    m_pageCountLabel->setText(open ? tr("of %1").arg(pageCount()) : QString());
    m_previous->setEnabled(open && m_page > 1);
    m_next->setEnabled(open && m_page < pageCount());
    m_zoomIn->setEnabled(open && m_zoom < kMaxZoom);
    m_zoomOut->setEnabled(open && m_zoom > kMinZoom);
    {
        const QSignalBlocker block(m_fitWidthButton);
        m_fitWidthButton->setChecked(m_fitWidth);
    }
    m_fitWidthButton->setEnabled(open);
    m_placeButton->setEnabled(open);
    m_defaultStampButton->setEnabled(open);
    m_clearStampButton->setEnabled(open && m_stamp.has_value());
    m_stampLabel->setText(stampText());
    m_canvas->setAccessibleDescription(stampText());
    m_canvas->setCursor(m_placing ? Qt::CrossCursor : Qt::ArrowCursor);
}

void PdfView::resizeEvent(QResizeEvent* event)
{
    QWidget::resizeEvent(event);
    if (m_fitWidth && hasDocument()) {
        const double fit = fitWidthZoom();
        if (std::abs(fit - m_zoom) > 1e-3) showPage();
    }
}

void PdfView::setPlacingStamp(bool placing)
{
    if (placing && !hasDocument()) placing = false;
    if (placing == m_placing) {
        const QSignalBlocker block(m_placeButton);
        m_placeButton->setChecked(placing);
        return;
    }
    m_placing = placing;
    {
        const QSignalBlocker block(m_placeButton);
        m_placeButton->setChecked(placing);
    }
    if (placing) m_canvas->setFocus(Qt::OtherFocusReason);
    updateControls();
    emit placingStampChanged(placing);
}

void PdfView::setStampPlacement(std::optional<crypto::StampPlacement> stamp)
{
    m_stamp = stamp;
    updateControls();
    m_canvas->update();
    emit stampPlacementChanged();
}

void PdfView::placeDefaultStamp()
{
    if (!hasDocument()) return;
    const double w = std::min(kDefaultStampWidth, m_shownSize.width() - 2 * kDefaultStampMargin);
    const double h = std::min(kDefaultStampHeight, m_shownSize.height() - 2 * kDefaultStampMargin);
    const QRectF shown(m_shownSize.width() - kDefaultStampMargin - w, m_shownSize.height() - kDefaultStampMargin - h, w,
                       h);
    setStampPlacement(stampFromShown(shown, m_shownSize, m_rotation, m_page));
    m_canvas->setFocus(Qt::OtherFocusReason); // the arrow keys move it from here
}

void PdfView::moveStamp(double dx, double dy)
{
    if (!m_stamp || m_stamp->page != m_page) return;
    QRectF shown = shownFromStamp(*m_stamp, m_shownSize, m_rotation);
    shown.translate(std::clamp(dx, -shown.left(), m_shownSize.width() - shown.right()),
                    std::clamp(dy, -shown.top(), m_shownSize.height() - shown.bottom()));
    setStampPlacement(stampFromShown(shown, m_shownSize, m_rotation, m_page));
}

void PdfView::finishDrag(const QRectF& widgetRect)
{
    const QRectF shown(widgetRect.left() / m_zoom, widgetRect.top() / m_zoom, widgetRect.width() / m_zoom,
                       widgetRect.height() / m_zoom);
    if (shown.width() >= kMinStampPoints && shown.height() >= kMinStampPoints) {
        setStampPlacement(
            stampFromShown(shown.intersected(QRectF(QPointF(0, 0), m_shownSize)), m_shownSize, m_rotation, m_page));
        setPlacingStamp(false);
    }
}

QRectF PdfView::stampWidgetRect() const
{
    if (!m_stamp || m_stamp->page != m_page) return {};
    const QRectF shown = shownFromStamp(*m_stamp, m_shownSize, m_rotation);
    return {shown.left() * m_zoom, shown.top() * m_zoom, shown.width() * m_zoom, shown.height() * m_zoom};
}

QString PdfView::stampText() const
{
    if (!m_stamp)
        return m_placing ? tr("Drag a rectangle on the page for the signature stamp (Esc to stop).")
                         : tr("No visible stamp.");
    return tr("Stamp on page %1: %2 × %3 pt at (%4, %5) from the lower left")
        .arg(m_stamp->page)
        .arg(m_stamp->width, 0, 'f', 0)
        .arg(m_stamp->height, 0, 'f', 0)
        .arg(m_stamp->x, 0, 'f', 0)
        .arg(m_stamp->y, 0, 'f', 0);
}

} // namespace sandi::desktop
