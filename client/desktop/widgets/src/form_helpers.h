// SPDX-License-Identifier: GPL-3.0-or-later
// Small pieces the desktop's forms share (the setup wizard and the settings dialog):
// internal to sandi_desktop_widgets.
#pragma once

#include <QHBoxLayout>
#include <QString>
#include <QWidget>

#include <filesystem>
#include <vector>

namespace sandi::desktop::form {

// The files of a "a.pem; b.pem" field, trimmed, empty parts dropped.
inline std::vector<std::filesystem::path> splitFiles(const QString& text)
{
    std::vector<std::filesystem::path> out;
    for (const QString& part : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QString f = part.trimmed();
        if (!f.isEmpty()) out.emplace_back(f.toStdString());
    }
    return out;
}

// A row with `a` taking the width and `b` (a button) beside it.
inline QHBoxLayout* besides(QWidget* a, QWidget* b)
{
    auto* row = new QHBoxLayout;
    row->addWidget(a, 1);
    row->addWidget(b);
    return row;
}

} // namespace sandi::desktop::form
