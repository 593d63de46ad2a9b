#pragma once
// The Property space tab: the verified candidates as points in C11–C12–C44 or K–G–vf, the
// target as a cross, the selection highlighted, and the Hashin–Shtrikman upper bound of the
// base material as a curve (no cell of it lies beyond).

#include <QTimer>
#include <QWidget>

#include <memory>

class QComboBox;

namespace mf::render {
class PropertySpaceScene;
class VtkViewport;
}  // namespace mf::render

namespace mf::gui {

class SessionModel;

class PropertySpaceView : public QWidget {
  Q_OBJECT

 public:
  enum class Space { Stiffness, BulkShearVf };

  explicit PropertySpaceView(SessionModel* session, QWidget* parent = nullptr);
  ~PropertySpaceView() override;

  render::VtkViewport* viewport() const { return viewport_; }
  render::PropertySpaceScene* scene() const { return scene_.get(); }
  void setSpace(Space space);
  Space space() const;

 private:
  void rebuild();

  SessionModel* session_;
  QComboBox* spaceCombo_;
  render::VtkViewport* viewport_;
  std::unique_ptr<render::PropertySpaceScene> scene_;
  bool fitted_ = false;
  QTimer rebuildTimer_;
};

}  // namespace mf::gui
