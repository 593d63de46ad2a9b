#include "app/cli/offscreen_application.hpp"

#include <cstdio>

namespace mf::cli {

std::unique_ptr<QGuiApplication> offscreenApplication() {
  if (QGuiApplication::instance()) return nullptr;
  qInstallMessageHandler([](QtMsgType type, const QMessageLogContext&, const QString& msg) {
    if (type == QtCriticalMsg || type == QtFatalMsg) std::fprintf(stderr, "%s\n", qPrintable(msg));
  });
  qputenv("QT_QPA_PLATFORM", "offscreen");
  static int argc = 1;
  static char name[] = "metaforge-cli";
  static char* argv[] = {name, nullptr};
  return std::make_unique<QGuiApplication>(argc, argv);
}

}  // namespace mf::cli
