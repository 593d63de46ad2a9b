#pragma once
// main() for the Qt Tests that need a display: configures OpenGL before QApplication exists,
// keeps the tests' settings and data apart from a user's (QStandardPaths test mode), and skips
// (exit code 77, which CTest reports as "skipped") when there is no display.

#include "render/surface_format.hpp"

#include <QApplication>
#include <QElapsedTimer>
#include <QSettings>
#include <QStandardPaths>
#include <QtTest>

#include <cstdio>

namespace mf::test {

// With MF_TRACE_EVENTS=<ms> in the environment, every event the GUI thread spends longer than
// that on is logged with its receiver: the way to find what stalls the window.
class TracingApplication : public QApplication {
 public:
  using QApplication::QApplication;
  bool notify(QObject* receiver, QEvent* event) override {
    static const int threshold = qEnvironmentVariableIntValue("MF_TRACE_EVENTS");
    if (threshold <= 0 || depth_ > 0) return QApplication::notify(receiver, event);
    ++depth_;
    QElapsedTimer clock;
    clock.start();
    // The receiver may not survive its event: note who it is first.
    const int type = event->type();
    const char* cls = receiver->metaObject()->className();
    const QString name = receiver->objectName();
    const bool result = QApplication::notify(receiver, event);
    const qint64 ms = clock.elapsed();
    --depth_;
    if (ms >= threshold)
      std::printf("TRACE %lld ms: event %d to %s '%s'\n", static_cast<long long>(ms), type, cls, qPrintable(name));
    return result;
  }

 private:
  int depth_ = 0;
};

}  // namespace mf::test

#define MF_GUI_TEST_MAIN(TestClass)                                                                \
  int main(int argc, char** argv) {                                                                \
    if (!qEnvironmentVariableIsSet("DISPLAY") && !qEnvironmentVariableIsSet("WAYLAND_DISPLAY")) {  \
      std::printf("SKIP: no display; run the GUI tests under xvfb-run (./test.sh does)\n");        \
      return 77;                                                                                   \
    }                                                                                              \
    mf::render::configureOpenGLBeforeQApplication();                                               \
    mf::test::TracingApplication app(argc, argv);                                                  \
    QStandardPaths::setTestModeEnabled(true);                                                      \
    QApplication::setOrganizationName("MetaForgeTest");                                            \
    QApplication::setApplicationName(#TestClass);                                                  \
    QSettings().clear();                                                                           \
    TestClass test;                                                                                \
    return QTest::qExec(&test, argc, argv);                                                        \
  }
