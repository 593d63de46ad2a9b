#include "gui/main_window.hpp"

#include "gui/tensor_form.hpp"
#include "render/elastic_surface_scene.hpp"
#include "render/vtk_viewport.hpp"

#include <metaforge/version.hpp>

#include <QApplication>
#include <QDockWidget>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QStatusBar>

namespace mf::gui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setWindowTitle("MetaForge");
  setObjectName("mainWindow");

  viewport_ = new render::VtkViewport(this);
  viewport_->setObjectName("elasticSurfaceViewport");
  setCentralWidget(viewport_);
  scene_ = std::make_unique<render::ElasticSurfaceScene>(viewport_->renderer());

  form_ = new TensorForm(this);
  form_->setObjectName("tensorForm");
  auto* dock = new QDockWidget(tr("Target"), this);
  dock->setObjectName("targetDock");
  dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable);
  dock->setWidget(form_);
  dock->setMinimumWidth(250);
  addDockWidget(Qt::LeftDockWidgetArea, dock);

  // The form only emits admissible tensors, so the surface always shows the last valid one.
  // While the user types, the scale stays put so that growth and shrinkage are visible; only a
  // surface that changed size a lot gets the camera refitted.
  connect(form_, &TensorForm::tensorChanged, this, [this](const Stiffness& c) {
    scene_->setTensor(c);
    const double ratio = scene_->maxModulus() / fittedSize_;
    if (ratio > 1.25 || ratio < 0.8) {
      fittedSize_ = scene_->maxModulus();
      viewport_->fitCamera();
    }
    viewport_->requestRender();
  });
  scene_->setTensor(form_->lastValidTensor());
  fittedSize_ = scene_->maxModulus();
  viewport_->resetCamera();

  auto* material = new QLabel(QString::fromUtf8("E_s = 1, ν_s = 0.3 (normalized)"), this);
  material->setObjectName("baseMaterialLabel");
  statusBar()->addPermanentWidget(material);
  statusBar()->showMessage(tr("Elastic surface: directional Young's modulus E(d)"));

  createMenus();
  resize(1100, 720);
}

MainWindow::~MainWindow() = default;

void MainWindow::createMenus() {
  QMenu* file = menuBar()->addMenu(tr("&File"));
  QAction* quit = file->addAction(tr("&Quit"), qApp, &QApplication::closeAllWindows);
  quit->setShortcut(QKeySequence::Quit);

  QMenu* view = menuBar()->addMenu(tr("&View"));
  QAction* reset = view->addAction(tr("&Reset camera"), viewport_, &render::VtkViewport::resetCamera);
  reset->setShortcut(Qt::Key_R);

  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&About MetaForge"), this, [this] {
    QMessageBox::about(this, tr("About MetaForge"),
                       tr("<b>MetaForge %1</b><p>Inverse design of mechanical metamaterials by "
                          "their stiffness.</p><p>Stiffness values use Voigt notation (11, 22, 33, "
                          "23, 13, 12) with engineering shear, normalized by the base material's "
                          "Young's modulus E<sub>s</sub>.</p>")
                           .arg(MF_VERSION_STRING));
  });
}

}  // namespace mf::gui
