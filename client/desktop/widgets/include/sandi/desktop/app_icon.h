// SPDX-License-Identifier: GPL-3.0-or-later
// The application's icon (a shield with a padlock), drawn at every size the window system
// asks for; resources/sandi-desktop.svg is the same drawing for the desktop's menus.
#pragma once

#include <QIcon>

namespace sandi::desktop {

QIcon appIcon();

} // namespace sandi::desktop
