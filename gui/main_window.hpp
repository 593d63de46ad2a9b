#pragma once
// The MetaForge design workspace: the Target, Candidates and Jobs docks around the tabbed
// views (Microstructure, Elastic surface, Property space, Compare), one message banner for
// errors in place and questions that must not block, menus and shortcuts.
//
// The window owns the session model and the job manager; every long task (opening a cell,
// homogenizing, meshing, exporting) runs through the job manager.

#include "core/design/extreme_exploration.hpp"
#include "core/design/family.hpp"
#include "core/design/session.hpp"
#include "core/io/cell_export.hpp"
#include "core/io/raw_cell.hpp"

#include <QMainWindow>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>

class QLabel;
class QMenu;
class QTabWidget;

namespace mf::render {
class VtkViewport;
}

namespace mf::gui {

class Autosave;
struct GenerateOptions;
class CandidateTableModel;
class CandidatesPanel;
class CompareView;
class ElasticSurfaceView;
class Job;
class JobManager;
class JobsPanel;
class MessageBanner;
class MicrostructureView;
class PropertySpaceView;
class FamilyView;
class SessionModel;
class SurfaceCache;
class TargetPanel;
class ThumbnailCache;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  enum class Tab { Microstructure, ElasticSurface, PropertySpace, Compare, Family };

  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  // --- parts (for main() and the tests) -------------------------------------------------------
  SessionModel* session() const { return session_; }
  JobManager* jobs() const { return jobs_; }
  TargetPanel* targetPanel() const { return targetPanel_; }
  CandidatesPanel* candidatesPanel() const { return candidatesPanel_; }
  CandidateTableModel* candidateTable() const { return table_; }
  JobsPanel* jobsPanel() const { return jobsPanel_; }
  MicrostructureView* microstructureView() const { return microstructure_; }
  ElasticSurfaceView* elasticSurfaceView() const { return elastic_; }
  PropertySpaceView* propertySpaceView() const { return propertySpace_; }
  CompareView* compareView() const { return compare_; }
  FamilyView* familyView() const { return family_; }
  MessageBanner* banner() const { return banner_; }
  Autosave* autosave() const { return autosave_; }
  void showTab(Tab tab);
  Tab currentTab() const;
  // The viewport of the current tab (the first pane in Compare).
  render::VtkViewport* currentViewport() const;

  // --- what the menus do, callable directly -------------------------------------------------------
  // Each reports failure in the banner and changes nothing then.
  // A .raw file that is not a cube of one-byte voxels is read with `rawLayout`; without one
  // the banner offers to ask for it.
  Job* openCell(const QString& path, const std::optional<io::RawLayout>& rawLayout = std::nullopt);
  std::vector<Job*> homogenize(const QStringList& ids);
  // Each candidate polished toward the current (cubic) target: one job each, with progress and
  // Cancel; the polished cell joins the candidates beside its parent, provenance naming it.
  std::vector<Job*> polish(const QStringList& ids);
  // A family of `members` cells between two candidates (the voxel family's interpolation, guided
  // by Eq. 14 when asked), every member verified by FE; shown in the Family tab. One job.
  Job* interpolateFamily(const QString& startId, const QString& endId, int members, bool guided);
  // Sample `index` of the bundled dataset joins the candidates (verified by FE like any cell) and
  // becomes the Family tab's end, with the candidate current before as its start. One job;
  // an index past the dataset's end fails with the count.
  Job* openDatasetEnd(int index);
  // Extreme cells (generated and random TO starts, each verified by FE) from the bundled dataset's
  // conditions; the best of each kind joins the candidates. One job.
  Job* exploreExtremes(const design::ExploreSettings& settings);
  bool openSession(const QString& path);
  bool saveSession(const QString& path);
  // Candidates for the target from a family plugin (Generate in the Target dock); each joins the
  // session and is verified by FE. nullptr (and a banner) when the target or family is missing.
  Job* generate(const GenerateOptions& options);
  Job* exportCandidate(const QString& id, const io::ExportOptions& options, const QString& path);
  // The Family tab's family as one graded bar (design::gradedBar: the members side by side along
  // x1), STL or 3MF; options.cellVoxels is set from the members. One job.
  Job* exportFamilyBar(const io::ExportOptions& options, const QString& path);
  bool saveReport(const QString& directory);
  std::map<QString, QImage> viewImages();
  bool compareSelected();
  void newSession();
  void loadExampleSession();
  // At start: offers to restore the autosave of a crashed run, else opens the example session on
  // the very first start. Returns true when something was offered or loaded.
  bool startUp(bool firstStart);
  // Ask before closing a modified session (off in tests).
  void setConfirmClose(bool on) { confirmClose_ = on; }

 protected:
  void closeEvent(QCloseEvent* event) override;

 private:
  void createViews();
  void createDocks();
  void createActions();
  void updateTitle();
  void updateStatus();
  void collectViewState();
  // The session's view state, its damaged fields reset; returns which were.
  QStringList restoreViewState();
  void trackHomogenization(Job* job, const QString& id);
  void runExportDialog();
  void runFamilyBarDialog();
  // The Jobs line of a finished export (size, triangles, the mesh check), with a banner when
  // meshing lost volume.
  QString describeExport(const io::ExportReport& report);
  void askRawLayout(const QString& path);
  void offerFamilies();
  // Loads every offered family in the background (jobs), so the Target dock can check targets.
  void loadFamilies();
  // Once a generation's study is done, the best of its cells becomes current and selected
  // (unless the user has chosen another candidate meanwhile).
  void showBest(const std::vector<QString>& ids);
  // The Target dock follows the chosen family's target space: the target is written in the
  // widest form the family aims at (orthotropic for spinodoids, exactly; cubic for the voxel
  // family, with the conversion's note where it averages).
  void followFamilyTargetForm(const QString& id);
  // A new, empty session with the session-wide Eq. 18 normalization.
  design::Session freshSession() const;
  QMenu* createMaterialMenu();

  SessionModel* session_ = nullptr;
  JobManager* jobs_ = nullptr;
  SurfaceCache* surfaces_ = nullptr;
  ThumbnailCache* thumbnails_ = nullptr;
  CandidateTableModel* table_ = nullptr;
  Autosave* autosave_ = nullptr;
  MessageBanner* banner_ = nullptr;
  QTabWidget* tabs_ = nullptr;
  MicrostructureView* microstructure_ = nullptr;
  ElasticSurfaceView* elastic_ = nullptr;
  PropertySpaceView* propertySpace_ = nullptr;
  CompareView* compare_ = nullptr;
  FamilyView* family_ = nullptr;
  TargetPanel* targetPanel_ = nullptr;
  CandidatesPanel* candidatesPanel_ = nullptr;
  JobsPanel* jobsPanel_ = nullptr;
  QLabel* statusMaterial_ = nullptr;
  QLabel* statusEngine_ = nullptr;
  QLabel* statusSession_ = nullptr;
  QLabel* statusJobs_ = nullptr;
  QLabel* statusModel_ = nullptr;
  QString modelSummary_;  // the default family's model and device, once loaded
  std::map<QString, std::shared_ptr<const design::MicrostructureFamily>> readyFamilies_;
  std::optional<design::PropertyRanges> defaultRanges_;
  bool confirmClose_ = true;
};

}  // namespace mf::gui
