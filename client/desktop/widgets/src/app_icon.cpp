// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/app_icon.h"

#include <QPainter>
#include <QPainterPath>
#include <QPixmap>

namespace sandi::desktop {

namespace {

// The SVG's drawing (a 256-unit square), scaled to `size` pixels.
QPixmap drawIcon(int size)
{
    QPixmap pm(size, size);
    pm.fill(Qt::transparent);
    QPainter p(&pm);
    p.setRenderHint(QPainter::Antialiasing);
    p.scale(size / 256.0, size / 256.0);
    const QColor blue(0x15, 0x65, 0xc0);
    const QColor light(0xe3, 0xf2, 0xfd);
    auto shield = [](double top, double side, double bottom, double inset) {
        QPainterPath path;
        path.moveTo(128, top);
        path.lineTo(256 - side, top + 36 - inset / 2);
        path.lineTo(256 - side, 120);
        path.cubicTo(256 - side, 180 - inset, 184 - inset, 224 - inset, 128, bottom);
        path.cubicTo(72 + inset, 224 - inset, side, 180 - inset, side, 120);
        path.lineTo(side, top + 36 - inset / 2);
        path.closeSubpath();
        return path;
    };
    p.fillPath(shield(16, 32, 240, 0), blue);
    p.fillPath(shield(36, 52, 218, 12), light);
    p.setPen(QPen(blue, 14));
    p.setBrush(Qt::NoBrush);
    p.drawArc(QRectF(102, 66, 52, 52), 0, 180 * 16);
    p.drawLine(QPointF(102, 92), QPointF(102, 112));
    p.drawLine(QPointF(154, 92), QPointF(154, 112));
    p.setPen(Qt::NoPen);
    p.setBrush(blue);
    p.drawRoundedRect(QRectF(84, 112, 88, 68), 10, 10);
    p.setBrush(light);
    p.drawEllipse(QPointF(128, 140), 11, 11);
    p.drawRoundedRect(QRectF(123, 144, 10, 22), 3, 3);
    return pm;
}

} // namespace

QIcon appIcon()
{
    QIcon icon;
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256}) icon.addPixmap(drawIcon(size));
    return icon;
}

} // namespace sandi::desktop
