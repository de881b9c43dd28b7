# SPDX-License-Identifier: GPL-3.0-or-later
# Precompiled headers for the Qt-heavy targets (the desktop, the relay and their tests):
# their sources spend most of their compile time parsing the same Qt headers, which on CI's
# two cores is minutes per configuration. gcc only (the fuzz preset uses clang and builds
# none of these targets); scripts/tidy.sh gives clang-tidy the compile commands without the
# PCH, so every source must still include what it uses.
option(SANDI_PCH "Precompile the Qt headers of the Qt-heavy targets (gcc)" ON)

set(SANDI_PCH_QT_CORE <QObject> <QString> <QStringList> <QByteArray> <QList> <QHash> <QMap> <QVariant> <QTimer>
    <QDateTime> <QLocale> <QDir> <QFile> <QFileInfo> <QPointer> <QCoreApplication> <QAbstractItemModel>)
set(SANDI_PCH_QT_WIDGETS ${SANDI_PCH_QT_CORE} <QWidget> <QDialog> <QLabel> <QLineEdit> <QPushButton> <QVBoxLayout>
    <QHBoxLayout> <QFormLayout> <QComboBox> <QApplication> <QEvent>)
set(SANDI_PCH_QT_TESTS ${SANDI_PCH_QT_WIDGETS} <gtest/gtest.h> <QTest> <QSignalSpy>)

# sandi_precompile(TARGET HEADERS...)
function(sandi_precompile target)
  if(SANDI_PCH AND CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
    target_precompile_headers(${target} PRIVATE ${ARGN})
  endif()
endfunction()
