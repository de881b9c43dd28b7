// SPDX-License-Identifier: GPL-3.0-or-later
// The few colours the desktop adds to the platform's palette (classification R and SR,
// verdicts, the connection indicator), chosen for the palette in use so they stay readable
// in light and dark themes: each keeps a contrast of at least kMinContrast (WCAG AA for
// text) against the palette's window and base colours.
#pragma once

#include <QColor>
#include <QGuiApplication>
#include <QPalette>
#include <QString>

namespace sandi::desktop {

inline constexpr double kMinContrast = 4.5;

enum class Tone {
    Danger,  // R and SR, a signature that is not valid, errors
    Ok,      // valid, connected
    Warning, // urgent, connecting
    Accent,  // the classification code of B and T
    Muted,   // secondary text
};

[[nodiscard]] bool isDark(const QPalette& palette);
[[nodiscard]] QColor toneColour(Tone tone, const QPalette& palette = QGuiApplication::palette());
// "color: #rrggbb" for a style sheet.
[[nodiscard]] QString toneStyle(Tone tone, const QPalette& palette = QGuiApplication::palette());
// WCAG 2 contrast ratio (1 to 21).
[[nodiscard]] double contrastRatio(const QColor& a, const QColor& b);

} // namespace sandi::desktop
