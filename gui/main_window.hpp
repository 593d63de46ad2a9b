#pragma once
// The MetaForge main window: the target form on the left, the viewport in the centre.

#include <QMainWindow>

#include <memory>

namespace mf::render {
class ElasticSurfaceScene;
class VtkViewport;
}  // namespace mf::render

namespace mf::gui {

class TensorForm;

class MainWindow : public QMainWindow {
  Q_OBJECT

 public:
  explicit MainWindow(QWidget* parent = nullptr);
  ~MainWindow() override;

  render::VtkViewport* viewport() const { return viewport_; }
  TensorForm* tensorForm() const { return form_; }

 private:
  void createMenus();

  render::VtkViewport* viewport_ = nullptr;
  TensorForm* form_ = nullptr;
  std::unique_ptr<render::ElasticSurfaceScene> scene_;
  double fittedSize_ = 0.0;  // largest E(d) when the camera was last fitted
};

}  // namespace mf::gui
