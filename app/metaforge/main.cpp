// metaforge: the desktop application.

#include "gui/main_window.hpp"
#include "gui/tensor_form.hpp"
#include "render/surface_format.hpp"
#include "render/vtk_viewport.hpp"

#include <metaforge/version.hpp>

#include <QApplication>
#include <QCommandLineParser>
#include <QTimer>

#include <cstdio>

int main(int argc, char** argv) {
  mf::render::configureOpenGLBeforeQApplication();
  QApplication app(argc, argv);
  QApplication::setApplicationName("MetaForge");
  QApplication::setOrganizationName("MetaForge");
  QApplication::setApplicationVersion(MF_VERSION_STRING);

  QCommandLineParser parser;
  parser.setApplicationDescription("MetaForge: inverse design of mechanical metamaterials.");
  parser.addHelpOption();
  parser.addVersionOption();
  QCommandLineOption cubic("cubic", "Start with the cubic target C11,C12,C44 (normalized by E_s).",
                           "C11,C12,C44");
  QCommandLineOption screenshot("screenshot",
                                "Render the window once, save it as a PNG and quit.", "file");
  parser.addOption(cubic);
  parser.addOption(screenshot);
  parser.process(app);

  mf::gui::MainWindow window;
  if (parser.isSet(cubic)) {
    const QStringList parts = parser.value(cubic).split(',');
    bool ok = parts.size() == 3;
    double v[3] = {0, 0, 0};
    for (int i = 0; ok && i < 3; ++i) v[i] = parts[i].toDouble(&ok);
    if (!ok) {
      std::fprintf(stderr, "metaforge: --cubic expects three numbers C11,C12,C44\n");
      return 2;
    }
    window.tensorForm()->setCubic(v[0], v[1], v[2]);
  }
  window.show();

  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    QTimer::singleShot(300, &window, [&window, path] {
      const bool saved = window.grab().save(path);
      if (!saved) std::fprintf(stderr, "metaforge: cannot write %s\n", qPrintable(path));
      QApplication::exit(saved ? 0 : 1);
    });
  }
  return app.exec();
}
