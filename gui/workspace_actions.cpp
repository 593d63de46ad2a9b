// What the workspace's menus and buttons do: open cells and sessions, verify candidates by FE
// homogenization, export, report, and start up (example session, crash recovery). Every long
// step is a job; every failure lands in the banner and changes nothing.

#include "core/dataset/dataset_store.hpp"
#include "core/design/extreme_exploration.hpp"
#include "core/io/resources.hpp"
#include "core/design/example_session.hpp"
#include "core/design/family_interpolation.hpp"
#include "core/design/polish.hpp"
#include "core/generative/interpolation.hpp"
#include "core/design/verify.hpp"
#include "core/io/cell_file.hpp"
#include "core/tensor/format.hpp"
#include "core/voxel/symmetry.hpp"
#include "gui/autosave.hpp"
#include "gui/candidate_table_model.hpp"
#include "gui/compare_view.hpp"
#include "gui/elastic_surface_view.hpp"
#include "gui/export_dialog.hpp"
#include "gui/family_cache.hpp"
#include "gui/family_view.hpp"
#include "gui/job_manager.hpp"
#include "gui/main_window.hpp"
#include "gui/message_banner.hpp"
#include "gui/microstructure_view.hpp"
#include "gui/polar_cuts_widget.hpp"
#include "gui/property_space_view.hpp"
#include "gui/raw_layout_dialog.hpp"
#include "gui/report_writer.hpp"
#include "gui/session_model.hpp"
#include "core/io/json_fields.hpp"
#include "render/vtk_viewport.hpp"
#include "render/widget_grab.hpp"

#include <QApplication>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QStatusBar>
#include <QTabWidget>
#include <QUrl>

#include <memory>

namespace mf::gui {

Job* MainWindow::openCell(const QString& path, const std::optional<io::RawLayout>& rawLayout) {
  const QString name = QFileInfo(path).fileName();
  // A .raw file says nothing of its layout: one that is not a cube of bytes is asked about.
  if (!rawLayout && QFileInfo(path).suffix().toLower() == "raw" && QFileInfo(path).size() > 0 &&
      !io::isCubeOfBytes(static_cast<std::uint64_t>(QFileInfo(path).size()))) {
    banner_->showMessage(MessageBanner::Kind::Question,
                         tr("%1 holds %2 bytes, not a cube of one-byte voxels: how is it laid out?")
                             .arg(name)
                             .arg(QFileInfo(path).size()),
                         {{tr("Give the layout…"), [this, path] { askRawLayout(path); }}});
    return nullptr;
  }
  return jobs_->submit<io::CellFile>(
      tr("Open %1").arg(name), JobLane::Interactive,
      [file = path.toStdString(), rawLayout](Progress& progress) {
        progress.report(0.1, "reading");
        return io::readCell(file, rawLayout);
      },
      [this, path](io::CellFile& file) {
        design::Candidate c;
        c.name = QFileInfo(path).completeBaseName().toStdString();
        c.cell = std::move(file.cell);
        c.provenance.kind = "file";
        c.provenance.fields = file.metadata;
        c.provenance.fields["path"] = QFileInfo(path).absoluteFilePath().toStdString();
        c.provenance.fields["format"] = file.format;
        const QString summary = tr("%1 voxels, vf %2").arg(QString::fromStdString(describeDims(c.cell.dims())))
                                    .arg(volumeFraction(c.cell), 0, 'f', 3);
        if (volumeFraction(c.cell) == 0.0) throw std::runtime_error(path.toStdString() + ": the cell has no solid voxels");
        const QStringList ids = session_->addCandidates({std::move(c)});
        homogenize(ids);
        return summary;
      },
      [this, name](const QString& reason) { banner_->showError(tr("Could not open %1: %2").arg(name, reason)); }, this);
}

void MainWindow::askRawLayout(const QString& path) {
  RawLayoutDialog dialog(QFileInfo(path).fileName(), static_cast<std::uint64_t>(QFileInfo(path).size()), this);
  if (dialog.exec() == QDialog::Accepted) openCell(path, dialog.layout());
}

std::vector<Job*> MainWindow::homogenize(const QStringList& ids) {
  std::vector<Job*> started;
  const design::HomogenizeSettings settings = session_->homogenizeSettings();
  for (const QString& id : ids) {
    const design::Candidate* c = session_->candidateById(id);
    if (!c) continue;
    const int n = settings.resolution > 0 ? settings.resolution : c->cell.nx();
    Job* job = jobs_->submit<design::Homogenized>(
        tr("Homogenize %1 (%2)").arg(QString::fromStdString(c->name), QString::number(n) + QString::fromUtf8("³")), JobLane::Compute,
        [cell = c->cell, settings](Progress& progress) { return design::homogenizeCandidate(cell, settings, progress); },
        [this, id](design::Homogenized& h) {
          session_->setHomogenized(id, h);
          const auto parts = design::cubicParts(h.stiffness);
          QString summary = QString("C11 %1 · C12 %2 · C44 %3").arg(parts[0], 0, 'g', 4).arg(parts[1], 0, 'g', 4).arg(parts[2], 0, 'g', 4);
          const int index = session_->indexOf(id);
          if (index >= 0 && session_->metrics(index).error)
            summary += tr(" · error %1 %").arg(100.0 * *session_->metrics(index).error, 0, 'f', 2);
          return summary;
        },
        [this, name = QString::fromStdString(c->name)](const QString& reason) {
          banner_->showError(tr("Homogenizing %1 failed: %2").arg(name, reason));
        },
        this);
    trackHomogenization(job, id);
    started.push_back(job);
  }
  return started;
}

std::vector<Job*> MainWindow::polish(const QStringList& ids) {
  std::vector<Job*> started;
  const std::optional<Stiffness>& target = session_->targetStiffness();
  if (!target || design::targetClassOf(*target) != design::TargetClass::Cubic) {
    banner_->showError(tr("Polish aims at C11, C12 and C44: give a cubic target first"));
    return started;
  }
  const std::optional<double> vf =
      session_->target().volumeFractionFree ? std::nullopt : std::optional<double>(session_->target().volumeFraction);
  const design::PropertyRanges ranges = session_->ranges();
  const design::HomogenizeSettings fe = session_->homogenizeSettings();
  for (const QString& id : ids) {
    const design::Candidate* c = session_->candidateById(id);
    if (!c) continue;
    const QString name = QString::fromStdString(c->name);
    Job* job = jobs_->submit<design::Polished>(
        tr("Polish %1").arg(name), JobLane::Compute,
        [cell = c->cell, t = *target, vf, ranges, fe](Progress& progress) {
          return design::polishCandidate(cell, t, vf, ranges, design::PolishSettings{}, fe, progress);
        },
        [this, id, name](design::Polished& p) {
          design::Candidate polished;
          polished.name = name.toStdString() + " polished";
          polished.cell = p.cell;
          polished.homogenized = p.homogenized;
          polished.provenance.kind = "polish";
          polished.provenance.fields = {{"parent", id.toStdString()},
                                        {"parent_name", name.toStdString()},
                                        {"parent_error", std::to_string(p.startError)},
                                        {"rounds", std::to_string(p.rounds.size())},
                                        {"improved", p.improved ? "yes" : "no"}};
          const int parent = session_->indexOf(id);
          session_->addCandidates({std::move(polished)}, parent >= 0 ? parent + 1 : -1);
          return tr("error %1 % (from %2 %) in %3 rounds")
              .arg(100.0 * p.error, 0, 'f', 2)
              .arg(100.0 * p.startError, 0, 'f', 2)
              .arg(p.rounds.size());
        },
        [this, name](const QString& reason) { banner_->showError(tr("Polishing %1 failed: %2").arg(name, reason)); }, this);
    started.push_back(job);
  }
  return started;
}

Job* MainWindow::openDatasetEnd(int index) {
  const QString start = session_->currentId();
  return jobs_->submit<BinaryCell>(
      tr("Dataset cell %1").arg(index), JobLane::Interactive,
      [index](Progress& progress) {
        progress.report(0.1, "reading the bundled dataset");
        const std::vector<dataset::Sample> samples = dataset::readDataset(io::findResource("datasets/default.h5"));
        if (index < 0 || static_cast<std::size_t>(index) >= samples.size())
          throw std::runtime_error("the bundled dataset holds " + std::to_string(samples.size()) + " samples (0 to " +
                                   std::to_string(samples.size() - 1) + "), not " + std::to_string(index));
        return mirrorOctant(samples[static_cast<std::size_t>(index)].octant);
      },
      [this, index, start](BinaryCell& cell) {
        design::Candidate c;
        c.name = "dataset " + std::to_string(index);
        c.cell = std::move(cell);
        c.provenance.kind = "dataset";
        c.provenance.fields = {{"dataset", "default.h5"}, {"index", std::to_string(index)}};
        const QString summary = tr("vf %1").arg(volumeFraction(c.cell), 0, 'f', 3);
        const QStringList ids = session_->addCandidates({std::move(c)});
        homogenize(ids);
        family_->setEnds(start, ids.front());
        showTab(Tab::Family);
        return summary;
      },
      [this](const QString& reason) { banner_->showError(tr("No dataset cell: %1").arg(reason)); }, this);
}

Job* MainWindow::interpolateFamily(const QString& startId, const QString& endId, int members, bool guided) {
  const design::Candidate* a = session_->candidateById(startId);
  const design::Candidate* b = session_->candidateById(endId);
  if (!a || !b) {
    banner_->showError(tr("A family needs two candidates as its ends"));
    return nullptr;
  }
  design::FamilyRequest request;
  if (guided) request.parameters = generative::guidanceParameters();
  return jobs_->submit<design::InterpolatedFamily>(
      tr("Interpolate %1 members").arg(members), JobLane::Compute,
      [start = a->cell, end = b->cell, members, request, fe = session_->homogenizeSettings()](Progress& progress) {
        const auto family = FamilyCache::instance().get("voxel-diffusion");
        const design::Interpolation* interpolation = family->interpolation();
        if (!interpolation) throw std::runtime_error("the voxel-diffusion family cannot interpolate");
        return design::runInterpolation(*interpolation, start, end, members, request, fe, progress);
      },
      [this](design::InterpolatedFamily& f) {
        const design::FamilySummary s = design::summarizeFamily(f.members);
        const QString summary = tr("%1 members, weakest K/K_HS %2").arg(f.members.size()).arg(s.minBulkRatio, 0, 'f', 3);
        family_->setFamily(std::move(f));
        showTab(Tab::Family);
        return summary;
      },
      [this](const QString& reason) { banner_->showError(tr("The family could not be made: %1").arg(reason)); }, this);
}

Job* MainWindow::exploreExtremes(const design::ExploreSettings& settings) {
  const QString what = QString::fromUtf8(design::toString(settings.objective));
  return jobs_->submit<design::Exploration>(
      tr("Explore %1 at vf %2").arg(what).arg(settings.volumeFraction, 0, 'f', 2), JobLane::Compute,
      [settings, fe = session_->homogenizeSettings()](Progress& progress) {
        const auto family = FamilyCache::instance().get("voxel-diffusion");
        const std::vector<dataset::Sample> samples = dataset::readDataset(io::findResource("datasets/default.h5"));
        return design::exploreExtreme(*family, samples, settings, fe, progress);
      },
      [this, settings, what](design::Exploration& x) {
        std::vector<design::Candidate> best;
        for (const auto& index : {x.bestGenerated, x.bestRandom}) {
          if (!index) continue;
          const design::ExploreStart& st = x.starts[*index];
          design::Candidate c;
          c.name = what.toStdString() + " " + design::toString(st.origin);
          c.cell = st.cell;
          c.homogenized = st.homogenized;
          c.provenance.kind = "explore";
          c.provenance.fields = {{"objective", what.toStdString()},
                                 {"origin", design::toString(st.origin)},
                                 {"value", std::to_string(st.measure.value)},
                                 {"zener", std::to_string(st.measure.zener)},
                                 {"seed", std::to_string(st.seed)},
                                 {"kept_start", st.keptStart ? "yes" : "no"}};
          best.push_back(std::move(c));
        }
        session_->addCandidates(std::move(best));
        QString summary;
        if (x.bestGenerated) summary += tr("generated best %1").arg(x.starts[*x.bestGenerated].measure.value, 0, 'f', 3);
        if (x.bestRandom) summary += tr(", random best %1").arg(x.starts[*x.bestRandom].measure.value, 0, 'f', 3);
        if (x.datasetMeasure) summary += tr(", dataset's best %1").arg(x.datasetMeasure->value, 0, 'f', 3);
        return summary;
      },
      [this](const QString& reason) { banner_->showError(tr("Exploring extremes failed: %1").arg(reason)); }, this);
}

void MainWindow::trackHomogenization(Job* job, const QString& id) {
  table_->setStatus(id, tr("queued"));
  connect(job, &Job::updated, this, [this, job, id] {
    if (job->state() == JobState::Running)
      table_->setStatus(id, tr("solving %1 %").arg(static_cast<int>(100.0 * job->fraction())));
  });
  connect(job, &Job::finished, this, [this, job, id] {
    table_->setStatus(id, job->state() == JobState::Failed      ? tr("failed")
                          : job->state() == JobState::Cancelled ? tr("cancelled")
                                                                : QString());
  });
}

void MainWindow::collectViewState() {
  nlohmann::json view = {{"tab", tabs_->currentIndex()},
                         {"microstructure", microstructure_->viewState()},
                         {"property_space", propertySpace_->space() == PropertySpaceView::Space::Stiffness ? "stiffness" : "bulk-shear-vf"},
                         {"compare_mode", compare_->mode() == CompareView::Mode::ElasticSurface ? "elastic" : "microstructure"},
                         {"current", session_->currentId().toStdString()}};
  nlohmann::json compareIds = nlohmann::json::array();
  for (const QString& id : compare_->candidates()) compareIds.push_back(id.toStdString());
  view["compare"] = compareIds;
  session_->setViewState(view);
}

QStringList MainWindow::restoreViewState() {
  io::JsonFields v(session_->viewState());
  microstructure_->restoreViewState(v.child("microstructure"));
  propertySpace_->setSpace(v.text("property_space", "stiffness") == "bulk-shear-vf" ? PropertySpaceView::Space::BulkShearVf
                                                                                   : PropertySpaceView::Space::Stiffness);
  compare_->setMode(v.text("compare_mode", "elastic") == "microstructure" ? CompareView::Mode::Microstructure
                                                                          : CompareView::Mode::ElasticSurface);
  QStringList compareIds;
  for (const std::string& id : v.texts("compare"))
    if (session_->indexOf(QString::fromStdString(id)) >= 0) compareIds << QString::fromStdString(id);
  compare_->setCandidates(compareIds);
  const QString current = QString::fromStdString(v.text("current", std::string()));
  if (session_->indexOf(current) >= 0) {
    session_->setCurrentId(current);
    session_->setSelectedIds({current});
  }
  tabs_->setCurrentIndex(v.integer("tab", 0, 0, tabs_->count() - 1));
  QStringList damaged;
  for (const std::string& p : v.problems()) damaged << QString::fromStdString(p);
  return damaged;
}

bool MainWindow::openSession(const QString& path) {
  jobs_->cancelAll();
  try {
    session_->open(path);
  } catch (const std::exception& e) {
    banner_->showError(tr("Could not open the session: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  // The view state is the least of a session: what of it is damaged is reset and said.
  const QStringList damaged = restoreViewState();
  banner_->hide();
  if (!damaged.isEmpty())
    banner_->showMessage(MessageBanner::Kind::Info,
                         tr("Opened %1; its view settings %2 were damaged and are back to their defaults.")
                             .arg(QFileInfo(path).fileName(), damaged.join(", ")));
  statusBar()->showMessage(tr("Opened %1").arg(QDir::toNativeSeparators(path)), 5000);
  return true;
}

bool MainWindow::saveSession(const QString& path) {
  collectViewState();
  try {
    session_->save(path);
  } catch (const std::exception& e) {
    banner_->showError(tr("Could not save the session: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  statusBar()->showMessage(tr("Saved %1").arg(QDir::toNativeSeparators(path)), 5000);
  return true;
}

design::Session MainWindow::freshSession() const {
  design::Session s;
  if (defaultRanges_) s.ranges = *defaultRanges_;
  return s;
}

void MainWindow::newSession() {
  jobs_->cancelAll();
  session_->reset(freshSession());
  compare_->setCandidates({});
  banner_->hide();
}

void MainWindow::loadExampleSession() {
  jobs_->cancelAll();
  design::Session example = design::exampleSession(32);
  if (defaultRanges_) example.ranges = *defaultRanges_;
  session_->reset(std::move(example), {}, false);
  compare_->setCandidates({});
  homogenize(session_->candidateIds());
  showTab(Tab::Microstructure);
}

bool MainWindow::startUp(bool firstStart) {
  if (autosave_->previousRunCrashed()) {
    const QString when = autosave_->autosaveTime()->toString("yyyy-MM-dd HH:mm");
    const QString path = autosave_->autosavePath();
    // The old autosave is kept aside: this run's autosave would overwrite it.
    const QString kept = path + ".recovered";
    QFile::remove(kept);
    QFile::copy(path, kept);
    banner_->showMessage(MessageBanner::Kind::Question,
                         tr("MetaForge did not close properly last time. Restore the session autosaved at %1?").arg(when),
                         {{tr("Restore"),
                           [this, kept] {
                             if (openSession(kept)) {
                               session_->reset(session_->session(), {}, true);  // unsaved: it has no file yet
                               restoreViewState();
                             }
                             QFile::remove(kept);
                           }},
                          {tr("Discard"), [kept] { QFile::remove(kept); }}});
    return true;
  }
  if (firstStart) {
    loadExampleSession();
    return true;
  }
  return false;
}

void MainWindow::runExportDialog() {
  const design::Candidate* c = session_->candidateById(session_->currentId());
  if (!c) {
    banner_->showError(tr("Nothing to export: select a candidate first"));
    return;
  }
  ExportDialog dialog(ExportDialog::fileStemFor(QString::fromStdString(c->name)), c->cell.nx(), this);
  if (dialog.exec() != QDialog::Accepted) return;
  dialog.remember();
  exportCandidate(QString::fromStdString(c->id), dialog.options(), dialog.path());
}

Job* MainWindow::exportCandidate(const QString& id, const io::ExportOptions& options, const QString& path) {
  const design::Candidate* c = session_->candidateById(id);
  if (!c) {
    banner_->showError(tr("Nothing to export: the candidate is gone"));
    return nullptr;
  }
  std::map<std::string, std::string> provenance = c->provenance.fields;
  provenance["name"] = c->name;
  provenance["source"] = c->provenance.summary();
  if (c->homogenized) {
    const auto parts = design::cubicParts(c->homogenized->stiffness);
    provenance["C11_C12_C44"] = formatNumber(parts[0]) + " " + formatNumber(parts[1]) + " " + formatNumber(parts[2]);
  }
  const QString name = QFileInfo(path).fileName();
  return jobs_->submit<io::ExportReport>(
      tr("Export %1").arg(name), JobLane::Interactive,
      [cell = c->cell, options, file = path.toStdString(), provenance](Progress& progress) {
        return io::exportCell(cell, options, file, provenance, progress);
      },
      [this](io::ExportReport& r) { return describeExport(r); },
      [this, name](const QString& reason) { banner_->showError(tr("Export of %1 failed: %2").arg(name, reason)); }, this);
}

QString MainWindow::describeExport(const io::ExportReport& r) {
  QString summary = tr("%1").arg(QString::fromStdString(formatBytes(static_cast<double>(r.bytes))));
  if (r.triangles > 0) {
    summary += tr(" · %1 triangles, %2 · volume %3 % off the voxels")
                   .arg(r.triangles)
                   .arg(QString::fromStdString(r.meshCheck.describe()))
                   .arg(100.0 * (r.meshVolume - r.voxelVolume) / r.voxelVolume, 0, 'f', 2);
    if (!r.volumeWithinTolerance())
      banner_->showMessage(MessageBanner::Kind::Info,
                           tr("Exported, but features one or two voxels thin lost volume in meshing; a finer "
                              "resampling of the cell gives a more faithful surface."));
  } else {
    summary += tr(" · %1 active voxels").arg(r.activeVoxels);
  }
  statusBar()->showMessage(tr("Exported %1").arg(QString::fromStdString(r.path.string())), 8000);
  return summary;
}

void MainWindow::runFamilyBarDialog() {
  const auto& members = family_->family().members;
  if (members.empty()) {
    banner_->showError(tr("Nothing to export: interpolate a family first"));
    return;
  }
  std::unique_ptr<ExportDialog> dialog(ExportDialog::forGradedBar(QStringLiteral("graded_bar"), members.front().proposal.cell.nx(),
                                                                  static_cast<int>(members.size()), this));
  if (dialog->exec() != QDialog::Accepted) return;
  dialog->remember();
  exportFamilyBar(dialog->options(), dialog->path());
}

Job* MainWindow::exportFamilyBar(const io::ExportOptions& options, const QString& path) {
  const auto& members = family_->family().members;
  if (members.empty()) {
    banner_->showError(tr("Nothing to export: interpolate a family first"));
    return nullptr;
  }
  io::ExportOptions o = options;
  o.cellVoxels = members.front().proposal.cell.nx();
  const std::map<std::string, std::string> provenance = {
      {"name", "graded bar"}, {"source", "family of " + std::to_string(members.size()) + " members"}};
  const QString name = QFileInfo(path).fileName();
  return jobs_->submit<io::ExportReport>(
      tr("Export %1").arg(name), JobLane::Interactive,
      [bar = design::gradedBar(members), o, file = path.toStdString(), provenance](Progress& progress) {
        return io::exportCell(bar, o, file, provenance, progress);
      },
      [this](io::ExportReport& r) { return describeExport(r); },
      [this, name](const QString& reason) { banner_->showError(tr("Export of %1 failed: %2").arg(name, reason)); }, this);
}

std::map<QString, QImage> MainWindow::viewImages() {
  // Each view renders into its own framebuffer; a tab that was never shown is shown once.
  std::map<QString, QImage> images;
  const int before = tabs_->currentIndex();
  auto grab = [&](Tab tab, render::VtkViewport* viewport, const QString& name) {
    showTab(tab);
    QApplication::processEvents();
    if (viewport) images[name] = viewport->grabFramebuffer();
  };
  grab(Tab::Microstructure, microstructure_->viewport(), "microstructure");
  grab(Tab::ElasticSurface, elastic_->viewport(), "elastic_surface");
  images["polar_cuts"] = elastic_->polarCuts()->grab().toImage();
  grab(Tab::PropertySpace, propertySpace_->viewport(), "property_space");
  if (compare_->paneCount() > 0) {
    showTab(Tab::Compare);
    QApplication::processEvents();
    images["compare"] = render::grabWithViewports(compare_);
  }
  tabs_->setCurrentIndex(before);
  return images;
}

bool MainWindow::saveReport(const QString& directory) {
  try {
    const QStringList files = writeReport(directory, *session_, viewImages());
    statusBar()->showMessage(tr("Report: %1 files in %2").arg(files.size()).arg(QDir::toNativeSeparators(directory)), 8000);
  } catch (const std::exception& e) {
    banner_->showError(tr("Could not write the report: %1").arg(QString::fromStdString(e.what())));
    return false;
  }
  return true;
}

bool MainWindow::compareSelected() {
  const QStringList ids = session_->selectedIds();
  if (ids.size() < 2) {
    banner_->showMessage(MessageBanner::Kind::Info, tr("Select 2 to 4 candidates to compare (Ctrl+click in the table)"));
    return false;
  }
  compare_->setCandidates(ids);
  showTab(Tab::Compare);
  return true;
}

}  // namespace mf::gui
