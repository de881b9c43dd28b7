// SPDX-License-Identifier: GPL-3.0-or-later
// The user interface language, switched at run time: the application's translation
// (:/i18n/sandi_desktop_<lang>.qm, built into the widgets library by qt_add_translations)
// and Qt's own (qtbase_<lang>.qm from QLibraryInfo::TranslationsPath, when installed).
// Installing removes the translators installed before, so Qt sends every widget a
// QEvent::LanguageChange: windows retranslate their texts there.
#pragma once

#include <QCoreApplication>
#include <QString>

namespace sandi::desktop {

// False (and nothing changes) for a language outside supportedLanguages() or when the
// application's .qm is missing; Qt's own translation is optional.
bool installLanguage(QCoreApplication& app, const QString& lang);
// The language installLanguage last installed ("" before the first).
QString installedLanguage(const QCoreApplication& app);

} // namespace sandi::desktop
