// SPDX-License-Identifier: GPL-3.0-or-later
#include "sandi/desktop/translations.h"

#include "sandi/desktop/app_settings.h"

#include <QEvent>
#include <QLibraryInfo>
#include <QLocale>
#include <QTranslator>

#include <memory>

namespace sandi::desktop {
namespace {
const QString kAppTranslator = QStringLiteral("sandi-desktop-translator");
const QString kQtTranslator = QStringLiteral("sandi-qt-translator");
const char kLanguageProperty[] = "sandiLanguage";
} // namespace

bool installLanguage(QCoreApplication& app, const QString& lang)
{
    if (!supportedLanguages().contains(lang)) return false;
    auto own = std::make_unique<QTranslator>(&app);
    if (!own->load(QStringLiteral(":/i18n/sandi_desktop_%1.qm").arg(lang))) return false;
    own->setObjectName(kAppTranslator);
    auto qt = std::make_unique<QTranslator>(&app);
    const bool haveQt =
        qt->load(QStringLiteral("qtbase_%1").arg(lang), QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    qt->setObjectName(kQtTranslator);

    bool removed = false;
    for (QTranslator* old : app.findChildren<QTranslator*>(QString(), Qt::FindDirectChildrenOnly)) {
        if (old == own.get() || old == qt.get()) continue;
        if (old->objectName() != kAppTranslator && old->objectName() != kQtTranslator) continue;
        removed = QCoreApplication::removeTranslator(old) || removed; // each removal sends LanguageChange
        delete old;
    }
    if (haveQt) QCoreApplication::installTranslator(qt.release());
    QCoreApplication::installTranslator(own.release());
    app.setProperty(kLanguageProperty, lang);
    // Dates, numbers and sizes in the same language (Indonesia's conventions for "id").
    QLocale::setDefault(lang == u"id" ? QLocale(QLocale::Indonesian, QLocale::Indonesia)
                                      : QLocale(QLocale::English, QLocale::UnitedKingdom));
    if (!removed) {
        // Installing sends LanguageChange only for a translation with messages and once the
        // event loop runs: the first switch is announced here (a second event is harmless).
        QEvent change(QEvent::LanguageChange);
        QCoreApplication::sendEvent(&app, &change);
    }
    return true;
}

QString installedLanguage(const QCoreApplication& app)
{
    return app.property(kLanguageProperty).toString();
}

} // namespace sandi::desktop
