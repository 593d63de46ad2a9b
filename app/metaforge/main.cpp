// metaforge: the desktop application.

#include "core/files/atomic_file.hpp"
#include "core/jobs/thread_policy.hpp"
#include "gui/autosave.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/target_panel.hpp"
#include "render/surface_format.hpp"
#include "render/widget_grab.hpp"

#include <metaforge/version.hpp>

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QSettings>
#include <QTimer>

#include <cstdio>
#include <string_view>

namespace {

void nameApplication() {
  QCoreApplication::setApplicationName("MetaForge");
  QCoreApplication::setOrganizationName("MetaForge");
  QCoreApplication::setApplicationVersion(MF_VERSION_STRING);
}

// The options QCommandLineParser answers by printing and exiting.
bool asksForInformationOnly(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view a = argv[i];
    if (a == "--") break;
    if (a == "-h" || a == "--help" || a == "--help-all" || a == "-?" || a == "-v" || a == "--version") return true;
  }
  return false;
}

}  // namespace

int main(int argc, char** argv) {
  // The FE engine's OpenMP threads share the cores with the window and its software OpenGL:
  // they must not spin (core/jobs/thread_policy.hpp).
  mf::adoptThreadPolicy(argv);
  QCommandLineParser parser;
  parser.setApplicationDescription("MetaForge: inverse design of mechanical metamaterials by their stiffness.");
  parser.addHelpOption();
  parser.addVersionOption();
  parser.addPositionalArgument("files", "Sessions (.mfsession) or cells (.vdb, .raw, .npy) to open.", "[files…]");
  QCommandLineOption cubic("cubic", "Start with the cubic target C11,C12,C44 (normalized by E_s).", "C11,C12,C44");
  QCommandLineOption screenshot("screenshot", "When every job has finished, save the window as a PNG and quit.", "file");
  QCommandLineOption tab("tab", "Show this view first: microstructure, elastic, property or compare.", "view");
  QCommandLineOption example("example", "Open the example session (four TPMS candidates, verified in the background).");
  QCommandLineOption empty("empty", "Start with an empty session (no example, no restore offer).");
  parser.addOptions({cubic, screenshot, tab, example, empty});
  if (asksForInformationOnly(argc, argv)) {
    // --help and --version print and exit; they need no window, so no display either.
    QCoreApplication info(argc, argv);
    nameApplication();
    parser.process(info);  // prints and exits
    return 0;
  }

  mf::render::configureOpenGLBeforeQApplication();
  QApplication app(argc, argv);
  nameApplication();
  parser.process(app);

  mf::gui::MainWindow window;
  window.autosave()->start();
  QSettings settings;
  const bool firstStart = !settings.value("app/started", false).toBool();
  settings.setValue("app/started", true);

  const QStringList files = parser.positionalArguments();
  if (parser.isSet(example)) {
    window.loadExampleSession();
  } else if (files.isEmpty() && !parser.isSet(empty)) {
    window.startUp(firstStart);
  }
  for (const QString& f : files) {
    if (QFileInfo(f).suffix() == "mfsession") window.openSession(f);
    else window.openCell(f);
  }
  if (parser.isSet(cubic)) {
    const QStringList parts = parser.value(cubic).split(',');
    bool ok = parts.size() == 3;
    double v[3] = {0, 0, 0};
    for (int i = 0; ok && i < 3; ++i) v[i] = parts[i].toDouble(&ok);
    if (!ok) {
      std::fprintf(stderr, "metaforge: --cubic expects three numbers C11,C12,C44\n");
      return 2;
    }
    window.targetPanel()->setCubic(v[0], v[1], v[2]);
  }
  if (parser.isSet(tab)) {
    const QString t = parser.value(tab);
    using Tab = mf::gui::MainWindow::Tab;
    window.showTab(t == "elastic" ? Tab::ElasticSurface : t == "property" ? Tab::PropertySpace : t == "compare" ? Tab::Compare
                                                                                                               : Tab::Microstructure);
  }
  window.show();

  if (parser.isSet(screenshot)) {
    const QString path = parser.value(screenshot);
    window.setConfirmClose(false);
    // Poll until the jobs (opening, verifying, meshing) are done, then give the views a frame.
    auto* poll = new QTimer(&window);
    QObject::connect(poll, &QTimer::timeout, &window, [&window, poll, path] {
      if (window.jobs()->activeCount() > 0) return;
      poll->stop();
      QTimer::singleShot(500, &window, [&window, path] {
        bool saved = true;
        try {
          const QImage image = mf::render::grabWithViewports(&window);
          mf::files::writeAtomically(path.toStdString(), [&](const std::filesystem::path& tmp) {
            if (!image.save(QString::fromStdString(tmp.string()), "PNG")) throw std::runtime_error("cannot write");
          });
        } catch (const std::exception&) {
          saved = false;
        }
        if (!saved) std::fprintf(stderr, "metaforge: cannot write %s\n", qPrintable(path));
        QApplication::exit(saved ? 0 : 1);
      });
    });
    poll->start(200);
  }
  const int rc = app.exec();
  window.autosave()->finish();
  return rc;
}
