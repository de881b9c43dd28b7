// SPDX-License-Identifier: GPL-3.0-or-later
// GoogleTest's main with a QApplication on the offscreen platform (unless the caller chose
// one, e.g. xcb under Xvfb), so the models and widgets run as in the application.
#include <QApplication>

#include <gtest/gtest.h>

int main(int argc, char** argv)
{
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) qputenv("QT_QPA_PLATFORM", "offscreen");
    testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    return RUN_ALL_TESTS();
}
