// SPDX-License-Identifier: GPL-3.0-or-later
// sandi-desktop: wires the concrete objects together.
#include "sandi/desktop/main_window.h"

#include <QApplication>

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("sandi-desktop"));
    QApplication::setOrganizationName(QStringLiteral("sandi"));
    return 0; // the start-up (unlock, first-run wizard) is wired in the next commits
}
