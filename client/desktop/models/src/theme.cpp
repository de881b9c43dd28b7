// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/theme.h"

#include <algorithm>
#include <cmath>

namespace sandi::desktop {

namespace {
double channel(double c)
{
    return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}
double luminance(const QColor& c)
{
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}
} // namespace

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QColor toneColour(Tone tone, const QPalette& palette)
{
    const bool dark = isDark(palette);
    switch (tone) {
    case Tone::Danger:
        return dark ? QColor(0xef, 0x9a, 0x9a) : QColor(0xb7, 0x1c, 0x1c);
    case Tone::Ok:
        return dark ? QColor(0xa5, 0xd6, 0xa7) : QColor(0x1b, 0x5e, 0x20);
    case Tone::Warning:
        return dark ? QColor(0xff, 0xcc, 0x80) : QColor(0xa0, 0x40, 0x00);
    case Tone::Accent:
        return dark ? QColor(0x90, 0xca, 0xf9) : QColor(0x0d, 0x47, 0xa1);
    case Tone::Muted:
        return dark ? QColor(0xbd, 0xbd, 0xbd) : QColor(0x55, 0x55, 0x55);
    }
    return palette.color(QPalette::Text);
}

QString toneStyle(Tone tone, const QPalette& palette)
{
    return QStringLiteral("color: %1").arg(toneColour(tone, palette).name());
}

double contrastRatio(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

} // namespace sandi::desktop
