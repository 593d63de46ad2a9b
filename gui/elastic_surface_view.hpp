#pragma once
// The Elastic surface tab: the target's E(d) as a wireframe over the current candidate's as a
// coloured surface, beside the three principal-plane cuts as polar plots. While the target is
// being typed and is not admissible, the last admissible one stays on screen.

#include "core/tensor/stiffness.hpp"

#include <QWidget>

#include <memory>
#include <optional>

class QLabel;

namespace mf::render {
class ElasticSurfaceScene;
class VtkViewport;
}  // namespace mf::render

namespace mf::gui {

class PolarCutsWidget;
class SessionModel;

class ElasticSurfaceView : public QWidget {
  Q_OBJECT

 public:
  explicit ElasticSurfaceView(SessionModel* session, QWidget* parent = nullptr);
  ~ElasticSurfaceView() override;

  render::VtkViewport* viewport() const { return viewport_; }
  render::ElasticSurfaceScene* scene() const { return scene_.get(); }
  PolarCutsWidget* polarCuts() const { return cuts_; }
  // The candidate whose surface is shown (verified ones only); empty when none.
  QString shownCandidate() const { return shownId_; }

 private:
  void showTarget();
  void showCandidate();
  void refit();

  SessionModel* session_;
  render::VtkViewport* viewport_;
  std::unique_ptr<render::ElasticSurfaceScene> scene_;
  PolarCutsWidget* cuts_;
  QLabel* caption_;
  std::optional<Stiffness> lastTarget_;
  QString shownId_;
  double fitted_ = 0.0;
};

}  // namespace mf::gui
