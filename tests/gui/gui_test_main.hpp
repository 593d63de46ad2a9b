#pragma once
// main() for the Qt Tests that need a display: configures OpenGL before QApplication exists
// and skips (exit code 77, which CTest reports as "skipped") when there is no display.

#include "render/surface_format.hpp"

#include <QApplication>
#include <QtTest>

#include <cstdio>

#define MF_GUI_TEST_MAIN(TestClass)                                                       \
  int main(int argc, char** argv) {                                                       \
    if (!qEnvironmentVariableIsSet("DISPLAY") && !qEnvironmentVariableIsSet("WAYLAND_DISPLAY")) { \
      std::printf("SKIP: no display; run the GUI tests under xvfb-run (./test.sh does)\n"); \
      return 77;                                                                          \
    }                                                                                     \
    mf::render::configureOpenGLBeforeQApplication();                                      \
    QApplication app(argc, argv);                                                         \
    TestClass test;                                                                       \
    return QTest::qExec(&test, argc, argv);                                               \
  }
