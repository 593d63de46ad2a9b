#include "gui/main_window.hpp"

#include "core/fem/homogenize.hpp"
#include "core/io/cell_file.hpp"
#include "gui/autosave.hpp"
#include "gui/candidate_table_model.hpp"
#include "gui/candidates_panel.hpp"
#include "gui/compare_view.hpp"
#include "gui/explore_dialog.hpp"
#include "gui/family_view.hpp"
#include "gui/elastic_surface_view.hpp"
#include "gui/fe_settings_dialog.hpp"
#include "gui/generate_box.hpp"
#include "gui/job_manager.hpp"
#include "gui/jobs_panel.hpp"
#include "gui/message_banner.hpp"
#include "gui/microstructure_view.hpp"
#include "gui/property_space_view.hpp"
#include "gui/session_model.hpp"
#include "gui/surface_cache.hpp"
#include "gui/target_panel.hpp"
#include "gui/thumbnail_cache.hpp"
#include "plugins/registry/family_registry.hpp"
#include "render/vtk_viewport.hpp"

#include <metaforge/version.hpp>

#include <QAction>
#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <omp.h>

namespace mf::gui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
  setObjectName("mainWindow");
  session_ = new SessionModel(this);
  jobs_ = new JobManager(this);
  surfaces_ = new SurfaceCache(session_, jobs_, this);
  thumbnails_ = new ThumbnailCache(session_, surfaces_, this);
  table_ = new CandidateTableModel(session_, thumbnails_, this);
  autosave_ = new Autosave(session_, {}, this);

  createViews();
  createDocks();
  createActions();

  statusMaterial_ = new QLabel(this);
  statusMaterial_->setObjectName("baseMaterialLabel");
  statusEngine_ = new QLabel(this);
  statusSession_ = new QLabel(this);
  statusSession_->setObjectName("sessionLabel");
  statusJobs_ = new QLabel(this);
  statusJobs_->setObjectName("jobsLabel");
  statusJobs_->setMinimumWidth(110);
  statusModel_ = new QLabel(this);
  statusModel_->setObjectName("modelLabel");
  statusModel_->setToolTip(tr("The default family's model and the device it samples on"));
  for (QLabel* l : {statusJobs_, statusModel_, statusEngine_, statusMaterial_, statusSession_}) statusBar()->addPermanentWidget(l);

  connect(session_, &SessionModel::modifiedChanged, this, &MainWindow::updateTitle);
  connect(session_, &SessionModel::fileChanged, this, &MainWindow::updateTitle);
  connect(jobs_, &JobManager::activeCountChanged, this, &MainWindow::updateStatus);
  // Autosave after every finished job (a result is worth keeping), silently.
  connect(jobs_, &JobManager::jobFinished, autosave_, &Autosave::saveSoon);
  connect(autosave_, &Autosave::failed, this, [this](const QString& why) {
    statusBar()->showMessage(tr("Autosave failed: %1").arg(why), 8000);
  });

  // The first session already has the session-wide Eq. 18 normalization.
  session_->reset(freshSession());
  loadFamilies();
  updateTitle();
  updateStatus();
  // The thumbnail renderer's one-time set-up, while the window is still idle.
  QTimer::singleShot(100, thumbnails_, &ThumbnailCache::warmUp);
  resize(1400, 880);
  QSettings settings;
  restoreGeometry(settings.value("window/geometry").toByteArray());
  restoreState(settings.value("window/state").toByteArray());
}

MainWindow::~MainWindow() {
  // Views being torn down may still ask for surfaces and thumbnails: nothing new starts now.
  jobs_->shutDown();
  // Jobs hold copies of their inputs; their results go nowhere once the window is gone.
  jobs_->waitForIdle(5000);
}

void MainWindow::createViews() {
  auto* central = new QWidget(this);
  auto* layout = new QVBoxLayout(central);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->setSpacing(0);
  banner_ = new MessageBanner(central);
  layout->addWidget(banner_);
  tabs_ = new QTabWidget(central);
  tabs_->setObjectName("viewTabs");
  tabs_->setDocumentMode(true);
  microstructure_ = new MicrostructureView(session_, surfaces_, tabs_);
  elastic_ = new ElasticSurfaceView(session_, tabs_);
  propertySpace_ = new PropertySpaceView(session_, tabs_);
  compare_ = new CompareView(session_, surfaces_, tabs_);
  family_ = new FamilyView(session_, tabs_);
  tabs_->addTab(microstructure_, tr("Microstructure"));
  tabs_->addTab(elastic_, tr("Elastic surface"));
  tabs_->addTab(propertySpace_, tr("Property space"));
  tabs_->addTab(compare_, tr("Compare"));
  tabs_->addTab(family_, tr("Family"));
  connect(family_, &FamilyView::interpolateRequested, this,
          [this](const QString& a, const QString& b, int n, bool guided) { interpolateFamily(a, b, n, guided); });
  connect(family_, &FamilyView::addMemberRequested, this, [this](int i) {
    const auto& members = family_->family().members;
    if (i < 0 || i >= static_cast<int>(members.size())) return;
    design::Candidate c;
    c.name = "family member " + std::to_string(i);
    c.cell = members[static_cast<std::size_t>(i)].proposal.cell;
    c.provenance = members[static_cast<std::size_t>(i)].proposal.provenance;
    c.provenance.fields["family_member"] = std::to_string(i);
    c.homogenized = members[static_cast<std::size_t>(i)].homogenized;
    session_->addCandidates({std::move(c)});
  });
  connect(family_, &FamilyView::exportBarRequested, this, &MainWindow::runFamilyBarDialog);
  connect(family_, &FamilyView::datasetEndRequested, this, [this](int index) { openDatasetEnd(index); });
  layout->addWidget(tabs_, 1);
  setCentralWidget(central);
}

void MainWindow::createDocks() {
  auto dock = [this](const QString& title, const char* name, QWidget* content, Qt::DockWidgetArea area) {
    auto* d = new QDockWidget(title, this);
    d->setObjectName(name);
    d->setWidget(content);
    addDockWidget(area, d);
    return d;
  };
  targetPanel_ = new TargetPanel(session_, this);
  targetPanel_->setObjectName("targetPanel");
  dock(tr("Target"), "targetDock", targetPanel_, Qt::LeftDockWidgetArea)->setMinimumWidth(260);
  offerFamilies();
  connect(targetPanel_->generateBox(), &GenerateBox::generateRequested, this, [this](const GenerateOptions& o) { generate(o); });
  connect(targetPanel_->generateBox(), &GenerateBox::familyChosen, this, &MainWindow::followFamilyTargetForm);
  candidatesPanel_ = new CandidatesPanel(session_, table_, this);
  candidatesPanel_->setObjectName("candidatesPanel");
  dock(tr("Candidates"), "candidatesDock", candidatesPanel_, Qt::RightDockWidgetArea)->setMinimumWidth(380);
  jobsPanel_ = new JobsPanel(jobs_, this);
  jobsPanel_->setObjectName("jobsPanel");
  QDockWidget* jobsDock = dock(tr("Jobs"), "jobsDock", jobsPanel_, Qt::BottomDockWidgetArea);
  // Room for about seven lines of finished jobs: what ran, how long, the result.
  resizeDocks({jobsDock}, {170}, Qt::Vertical);
}

void MainWindow::createActions() {
  auto action = [this](const QString& text, const char* name, const QKeySequence& key, auto slot) {
    auto* a = new QAction(text, this);
    a->setObjectName(name);
    if (!key.isEmpty()) a->setShortcut(key);
    connect(a, &QAction::triggered, this, slot);
    addAction(a);  // shortcuts work wherever the focus is in the window
    return a;
  };

  // --- File ---
  QMenu* file = menuBar()->addMenu(tr("&File"));
  file->addAction(action(tr("&New session"), "newAction", QKeySequence::New, [this] { newSession(); }));
  file->addAction(action(tr("Open &session…"), "openSessionAction", QKeySequence("Ctrl+Shift+O"), [this] {
    const QString path = QFileDialog::getOpenFileName(this, tr("Open session"), {}, tr("MetaForge sessions (*.mfsession)"));
    if (!path.isEmpty()) openSession(path);
  }));
  QAction* openCellAction = action(tr("&Open cell…"), "openCellAction", QKeySequence::Open, [this] {
    QString filter = tr("Cells (");
    for (const auto& ext : io::cellFileExtensions()) filter += " *" + QString::fromStdString(ext);
    const QString path = QFileDialog::getOpenFileName(this, tr("Open cell"), {}, filter + ")");
    if (!path.isEmpty()) openCell(path);
  });
  openCellAction->setToolTip(tr("Open a voxel cell (.vdb, .raw, .npy) and homogenize it"));
  file->addAction(openCellAction);
  file->addSeparator();
  file->addAction(action(tr("&Save"), "saveAction", QKeySequence::Save, [this] {
    QString path = session_->filePath();
    if (path.isEmpty()) path = QFileDialog::getSaveFileName(this, tr("Save session"), {}, tr("MetaForge sessions (*.mfsession)"));
    if (!path.isEmpty()) saveSession(path.endsWith(".mfsession") ? path : path + ".mfsession");
  }));
  file->addAction(action(tr("Save &as…"), "saveAsAction", QKeySequence::SaveAs, [this] {
    const QString path = QFileDialog::getSaveFileName(this, tr("Save session as"), session_->filePath(),
                                                      tr("MetaForge sessions (*.mfsession)"));
    if (!path.isEmpty()) saveSession(path.endsWith(".mfsession") ? path : path + ".mfsession");
  }));
  file->addSeparator();
  QAction* exportAction = action(tr("&Export…"), "exportAction", QKeySequence("Ctrl+E"), [this] { runExportDialog(); });
  exportAction->setToolTip(tr("Export the current candidate as STL, 3MF or VDB (Ctrl+E)"));
  file->addAction(exportAction);
  file->addAction(action(tr("Save screenshots and &report…"), "reportAction", QKeySequence("Ctrl+Shift+R"), [this] {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Folder for the report"));
    if (!dir.isEmpty()) saveReport(dir);
  }));
  file->addSeparator();
  file->addAction(action(tr("Load the &example session"), "exampleAction", QKeySequence(), [this] { loadExampleSession(); }));
  file->addSeparator();
  file->addAction(action(tr("&Quit"), "quitAction", QKeySequence::Quit, [this] { close(); }));

  // --- Edit ---
  QMenu* edit = menuBar()->addMenu(tr("&Edit"));
  QAction* undo = session_->undoStack()->createUndoAction(this, tr("&Undo"));
  undo->setShortcut(QKeySequence::Undo);
  undo->setObjectName("undoAction");
  QAction* redo = session_->undoStack()->createRedoAction(this, tr("&Redo"));
  redo->setShortcut(QKeySequence::Redo);
  redo->setObjectName("redoAction");
  edit->addAction(undo);
  edit->addAction(redo);
  edit->addSeparator();
  QAction* remove = action(tr("&Remove candidate"), "removeAction", QKeySequence::Delete,
                           [this] { session_->removeCandidates(session_->selectedIds()); });
  edit->addAction(remove);

  // --- Design ---
  QMenu* designMenu = menuBar()->addMenu(tr("&Design"));
  QAction* generateAction = action(tr("&Generate candidates"), "generateAction", QKeySequence("Ctrl+G"), [this] {
    GenerateBox* box = targetPanel_->generateBox();
    if (box->generateButton()->isEnabled()) generate(box->options());
    else banner_->showMessage(MessageBanner::Kind::Info, tr("Generate is off: %1").arg(box->generateButton()->toolTip()));
  });
  generateAction->setToolTip(tr("Sample candidates for the target with the chosen family and verify each by FE (Ctrl+G)"));
  designMenu->addAction(generateAction);
  designMenu->addSeparator();
  QAction* homogenizeAction = action(tr("&Homogenize selected"), "homogenizeAction", QKeySequence("Ctrl+H"),
                                     [this] { homogenize(session_->selectedIds()); });
  homogenizeAction->setToolTip(tr("Verify the selected candidates by FE homogenization (Ctrl+H)"));
  designMenu->addAction(homogenizeAction);
  QAction* polishAction = action(tr("&Polish selected"), "polishAction", QKeySequence("Ctrl+P"),
                                 [this] { polish(session_->selectedIds()); });
  polishAction->setToolTip(tr("Refine the selected candidates toward the target by target-matching topology optimization, "
                              "each round verified by FE, until the true error stops falling (Ctrl+P)"));
  designMenu->addAction(polishAction);
  designMenu->addAction(action(tr("E&xplore extremes…"), "exploreAction", QKeySequence(), [this] {
    ExploreDialog dialog(this);
    if (dialog.exec() == QDialog::Accepted) exploreExtremes(dialog.settings());
  }));
  designMenu->addAction(action(tr("Homogenize &all"), "homogenizeAllAction", QKeySequence(), [this] {
    homogenize(session_->candidateIds());
  }));
  designMenu->addAction(action(tr("&Cancel all jobs"), "cancelAllAction", QKeySequence(), [this] { jobs_->cancelAll(); }));
  designMenu->addAction(action(tr("&FE settings…"), "feSettingsAction", QKeySequence(), [this] {
    FeSettingsDialog dialog(session_->homogenizeSettings(), this);
    if (dialog.exec() != QDialog::Accepted) return;
    const bool changed = !(dialog.settings() == session_->homogenizeSettings());
    session_->setHomogenizeSettings(dialog.settings());
    updateStatus();
    if (changed && session_->candidateCount() > 0)
      banner_->showMessage(MessageBanner::Kind::Info, tr("The FE settings changed: verify the candidates again?"),
                           {{tr("Homogenize all"), [this] { homogenize(session_->candidateIds()); }}});
  }));
  QMenu* presets = designMenu->addMenu(tr("Target &presets"));
  for (int i = 0; i < targetPanel_->presetCount(); ++i) {
    const auto list = design::targetPresets({}, 0.3);
    presets->addAction(QString::fromStdString(list[static_cast<std::size_t>(i)].name), this, [this, i] { targetPanel_->applyPreset(i); });
  }
  designMenu->addMenu(createMaterialMenu());

  // --- View ---
  QMenu* view = menuBar()->addMenu(tr("&View"));
  view->addAction(action(tr("&Reset camera"), "resetCameraAction", QKeySequence(Qt::Key_R), [this] {
    if (currentTab() == Tab::Compare) compare_->resetCameras();  // linked: every pane, not the first
    else if (render::VtkViewport* v = currentViewport()) v->resetCamera();
  }));
  for (int n = 1; n <= 4; ++n)
    view->addAction(action(tr("Tiling %1×%1×%1").arg(n), qPrintable(QString("tiling%1Action").arg(n)), QKeySequence(Qt::Key_0 + n),
                           [this, n] {
                             microstructure_->setTiles(n);
                             showTab(Tab::Microstructure);
                           }));
  view->addAction(action(tr("&Clip plane"), "clipAction", QKeySequence(Qt::Key_C), [this] {
    microstructure_->setClipEnabled(!microstructure_->clipEnabled());
    showTab(Tab::Microstructure);
  }));
  QAction* compareAction = action(tr("Co&mpare selected"), "compareAction", QKeySequence(Qt::Key_Space), [this] { compareSelected(); });
  compareAction->setToolTip(tr("Show 2–4 selected candidates side by side (Space)"));
  view->addAction(compareAction);
  view->addSeparator();
  const char* tabNames[5] = {"Microstructure", "Elastic surface", "Property space", "Compare", "Family"};
  for (int t = 0; t < 5; ++t)
    view->addAction(action(tr(tabNames[t]), qPrintable(QString("tab%1Action").arg(t)), QKeySequence(QString("Alt+%1").arg(t + 1)),
                           [this, t] { tabs_->setCurrentIndex(t); }));
  view->addSeparator();
  for (QDockWidget* d : findChildren<QDockWidget*>()) view->addAction(d->toggleViewAction());
  view->addAction(action(tr("Reset &layout"), "resetLayoutAction", QKeySequence(), [this] {
    for (QDockWidget* d : findChildren<QDockWidget*>()) {
      d->setFloating(false);
      d->show();
    }
    addDockWidget(Qt::LeftDockWidgetArea, findChild<QDockWidget*>("targetDock"));
    addDockWidget(Qt::RightDockWidgetArea, findChild<QDockWidget*>("candidatesDock"));
    addDockWidget(Qt::BottomDockWidgetArea, findChild<QDockWidget*>("jobsDock"));
  }));

  // --- Help ---
  QMenu* help = menuBar()->addMenu(tr("&Help"));
  help->addAction(tr("&Keyboard shortcuts"), this, [this] {
    QMessageBox::information(this, tr("Keyboard shortcuts"),
                             tr("<table>"
                                "<tr><td>R</td><td>reset the camera</td></tr>"
                                "<tr><td>1–4</td><td>tiling 1³ to 4³</td></tr>"
                                "<tr><td>C</td><td>clip plane on/off</td></tr>"
                                "<tr><td>Space</td><td>compare the selected candidates</td></tr>"
                                "<tr><td>Ctrl+G</td><td>generate candidates for the target</td></tr>"
                                "<tr><td>Ctrl+O</td><td>open a cell</td></tr>"
                                "<tr><td>Ctrl+H</td><td>homogenize the selection</td></tr>"
                                "<tr><td>Ctrl+E</td><td>export</td></tr>"
                                "<tr><td>Ctrl+S</td><td>save the session</td></tr>"
                                "<tr><td>Ctrl+Z / Ctrl+Shift+Z</td><td>undo / redo</td></tr>"
                                "<tr><td>Alt+1…4</td><td>switch views</td></tr></table>"));
  });
  help->addAction(tr("&About MetaForge"), this, [this] {
    QMessageBox::about(this, tr("About MetaForge"),
                       tr("<b>MetaForge %1</b><p>Inverse design of mechanical metamaterials by their stiffness.</p>"
                          "<p>Stiffness values use Voigt notation (11, 22, 33, 23, 13, 12) with engineering shear, "
                          "normalized by the base material's Young's modulus E<sub>s</sub>.</p>")
                           .arg(MF_VERSION_STRING));
  });

  // The candidate list's buttons are these same actions.
  candidatesPanel_->setActions({openCellAction, homogenizeAction, polishAction, compareAction, exportAction, remove});
  auto updateEnabled = [this, homogenizeAction, polishAction, compareAction, exportAction, remove] {
    const int selected = static_cast<int>(session_->selectedIds().size());
    homogenizeAction->setEnabled(selected > 0);
    polishAction->setEnabled(selected > 0);
    remove->setEnabled(selected > 0);
    compareAction->setEnabled(selected >= 2);
    exportAction->setEnabled(!session_->currentId().isEmpty());
  };
  connect(session_, &SessionModel::selectionChanged, this, updateEnabled);
  connect(session_, &SessionModel::currentChanged, this, updateEnabled);
  updateEnabled();
}

QMenu* MainWindow::createMaterialMenu() {
  // Base material presets: the FE takes the material's ν_s, and every stiffness reads in GPa.
  auto* menu = new QMenu(tr("Base &material"), this);
  menu->setObjectName("materialMenu");
  auto* group = new QActionGroup(menu);
  auto add = [this, menu, group](const QString& text, const std::optional<MaterialPreset>& preset) {
    QAction* a = menu->addAction(text);
    a->setCheckable(true);
    a->setData(preset ? QString::fromUtf8(preset->name) : QString());
    group->addAction(a);
    connect(a, &QAction::triggered, this, [this, preset] {
      const BaseMaterial before = session_->homogenizeSettings().base;
      session_->setMaterial(preset);
      updateStatus();
      if (!(before.poisson == session_->homogenizeSettings().base.poisson) && session_->candidateCount() > 0)
        banner_->showMessage(MessageBanner::Kind::Info,
                             tr("The base material's ν_s changed: verify the candidates again?"),
                             {{tr("Homogenize all"), [this] { homogenize(session_->candidateIds()); }}});
    });
  };
  add(tr("Normalized (E_s = 1, ν_s = 0.3)"), std::nullopt);
  menu->addSeparator();
  for (const MaterialPreset& p : materialPresets())
    add(QString::fromUtf8("%1 (E_s = %2 GPa, ν_s = %3)").arg(QString::fromUtf8(p.name)).arg(p.youngsGPa).arg(p.poisson), p);
  connect(menu, &QMenu::aboutToShow, this, [this, group] {
    const QString current = session_->unit() ? QString::fromStdString(session_->unit()->material) : QString();
    for (QAction* a : group->actions()) a->setChecked(a->data().toString() == current);
  });
  return menu;
}

void MainWindow::showTab(Tab tab) { tabs_->setCurrentIndex(static_cast<int>(tab)); }
MainWindow::Tab MainWindow::currentTab() const { return static_cast<Tab>(tabs_->currentIndex()); }

render::VtkViewport* MainWindow::currentViewport() const {
  switch (currentTab()) {
    case Tab::Microstructure: return microstructure_->viewport();
    case Tab::ElasticSurface: return elastic_->viewport();
    case Tab::PropertySpace: return propertySpace_->viewport();
    case Tab::Compare: return compare_->pane(0);
    case Tab::Family: return nullptr;
  }
  return nullptr;
}

void MainWindow::updateTitle() {
  setWindowTitle(tr("%1[*] — MetaForge").arg(session_->displayName()));
  setWindowModified(session_->isModified());
  updateStatus();
}

void MainWindow::updateStatus() {
  const BaseMaterial& base = session_->homogenizeSettings().base;
  if (const auto& unit = session_->session().unit)
    statusMaterial_->setText(QString::fromUtf8("%1: E_s = %2 GPa, ν_s = %3 · values in GPa")
                                 .arg(QString::fromStdString(unit->material))
                                 .arg(unit->youngsGPa * base.youngs, 0, 'g', 4)
                                 .arg(base.poisson));
  else
    statusMaterial_->setText(base.youngs == 1.0 ? QString::fromUtf8("E_s = 1, ν_s = %1 (normalized)").arg(base.poisson)
                                                : QString::fromUtf8("E_s = %1, ν_s = %2").arg(base.youngs).arg(base.poisson));
  statusModel_->setText(modelSummary_.isEmpty() ? tr("model: loading…") : tr("model %1").arg(modelSummary_));
  statusModel_->setVisible(!plugins::FamilyRegistry::instance().families().empty());
  statusEngine_->setText(tr("FE: %1, %2 threads").arg(fem::cudaAvailable() ? "CUDA" : "CPU").arg(omp_get_max_threads()));
  statusSession_->setText(tr("session: %1%2").arg(session_->displayName(), session_->isModified() ? "*" : ""));
  const int active = jobs_->activeCount();
  statusJobs_->setText(active == 0 ? QString() : tr("%1 job%2 running").arg(active).arg(active == 1 ? "" : "s"));
}

void MainWindow::closeEvent(QCloseEvent* event) {
  if (confirmClose_ && session_->isModified()) {
    const auto answer = QMessageBox::question(this, tr("Unsaved session"),
                                              tr("Save the changes to %1 before closing?").arg(session_->displayName()),
                                              QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
    if (answer == QMessageBox::Cancel) {
      event->ignore();
      return;
    }
    if (answer == QMessageBox::Save) {
      QString path = session_->filePath();
      if (path.isEmpty()) path = QFileDialog::getSaveFileName(this, tr("Save session"), {}, tr("MetaForge sessions (*.mfsession)"));
      if (path.isEmpty() || !saveSession(path)) {
        event->ignore();
        return;
      }
    }
  }
  jobs_->cancelAll();
  QSettings settings;
  settings.setValue("window/geometry", saveGeometry());
  settings.setValue("window/state", saveState());
  autosave_->finish();
  event->accept();
}

}  // namespace mf::gui
