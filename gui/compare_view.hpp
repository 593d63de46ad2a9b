#pragma once
// The Compare tab: 2–4 candidates side by side, each in its own viewport. The cameras are
// linked (one vtkCamera shared by every pane: turning one turns all) and the elastic surfaces
// share one colour scale, so equal colours mean equal stiffness across panes.

#include <QStringList>
#include <QWidget>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QComboBox;
class QGridLayout;
class QLabel;
class vtkCamera;

namespace mf::render {
class ElasticSurfaceScene;
class MicrostructureScene;
class VtkViewport;
}  // namespace mf::render

namespace mf::gui {

class SessionModel;
class SurfaceCache;

class CompareView : public QWidget {
  Q_OBJECT

 public:
  enum class Mode { ElasticSurface, Microstructure };
  static constexpr int kMaxPanes = 4;

  CompareView(SessionModel* session, SurfaceCache* surfaces, QWidget* parent = nullptr);
  ~CompareView() override;

  // 2–4 candidate ids (more are cut to 4); returns false (and shows why) for fewer than 2.
  bool setCandidates(const QStringList& ids);
  QStringList candidates() const { return ids_; }
  void setMode(Mode mode);
  Mode mode() const;
  int paneCount() const { return static_cast<int>(panes_.size()); }
  render::VtkViewport* pane(int i) const;
  // Every pane's camera (one, linked) looks from the default direction and frames what all panes
  // show; each pane repaints (the R key in Compare).
  void resetCameras();
  // The colour range every elastic-surface pane uses.
  std::optional<std::pair<double, double>> sharedRange() const { return shared_; }

 private:
  struct Pane;
  void rebuild();
  void refreshContent();
  // Refits the linked camera to what the panes show now, unless the user has moved it.
  void refitUnlessMoved();
  bool unionBounds(double bounds[6]) const;

  SessionModel* session_;
  SurfaceCache* surfaces_;
  QComboBox* modeCombo_;
  QLabel* hint_;
  QGridLayout* grid_;
  QWidget* gridHost_;
  std::vector<std::unique_ptr<Pane>> panes_;
  QStringList ids_;
  std::optional<std::pair<double, double>> shared_;
  vtkCamera* camera_ = nullptr;  // owned by the first pane's renderer
  bool userMoved_ = false;       // the user turned or zoomed the linked camera since it was framed
};

}  // namespace mf::gui
