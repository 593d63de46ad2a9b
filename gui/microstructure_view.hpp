#pragma once
// The Microstructure tab: the current candidate's surface in a VTK viewport, tiled 1×1×1 to
// 4×4×4, with a clip plane, the cubic octant highlighted and optional smoothing.

#include <nlohmann/json.hpp>

#include "core/io/json_fields.hpp"

#include <QWidget>

#include <memory>

class QCheckBox;
class QComboBox;
class QLabel;
class QSlider;
class QSpinBox;

namespace mf::render {
class MicrostructureScene;
class ScaleBar;
class VtkViewport;
}  // namespace mf::render

namespace mf::gui {



class SessionModel;
class SurfaceCache;

class MicrostructureView : public QWidget {
  Q_OBJECT

 public:
  MicrostructureView(SessionModel* session, SurfaceCache* surfaces, QWidget* parent = nullptr);
  ~MicrostructureView() override;

  render::VtkViewport* viewport() const { return viewport_; }
  render::MicrostructureScene* scene() const { return scene_.get(); }
  render::ScaleBar* scaleBar() const { return scaleBar_.get(); }
  // The candidate whose surface is on screen (empty while none or while meshing).
  QString shownId() const { return shownId_; }

  // Triangles per cell for a tiled block (render::kDisplayTriangleBudget shared by the cells;
  // 0, the full surface, for one cell).
  static long long budgetFor(int tiles);

  // The view follows once the surface for that tiling is ready.
  void setTiles(int tiles);
  int tiles() const;
  void setClipEnabled(bool on);
  bool clipEnabled() const;
  void setOctantHighlight(bool on);
  bool octantHighlight() const;
  void setSmooth(bool on);

  nlohmann::json viewState() const;
  // From a session's view state; fields of the wrong type or range are skipped (and noted in
  // the reader's problems).
  void restoreViewState(io::JsonFields state);

 Q_SIGNALS:
  void surfaceShown(const QString& id);

 private:
  void showCurrent();
  void updateClip();
  void updateInfo();

  SessionModel* session_;
  SurfaceCache* surfaces_;
  render::VtkViewport* viewport_;
  std::unique_ptr<render::MicrostructureScene> scene_;
  std::unique_ptr<render::ScaleBar> scaleBar_;
  QSpinBox* tiles_;
  QCheckBox* clip_;
  QComboBox* clipAxis_;
  QSlider* clipPosition_;
  QCheckBox* octant_;
  QCheckBox* smooth_;
  QLabel* info_;
  QString shownId_;
  int shownSmoothing_ = -1;
};

}  // namespace mf::gui
