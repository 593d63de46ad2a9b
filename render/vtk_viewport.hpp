#pragma once
// A VTK render window living inside a Qt6 QOpenGLWidget (Debian's VTK Qt module is built
// against Qt5, so MetaForge embeds VTK itself; PLATFORM.md has the recipe).
//
// VTK renders only inside paintGL(), into its own framebuffer, which is then blitted into the
// widget's framebuffer. Anything that wants a new frame calls requestRender() (or VTK asks for
// one through the interactor) and Qt schedules the paint.

#include <QOpenGLWidget>

#include <vtkNew.h>

class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkOrientationMarkerWidget;
class vtkRenderer;
class vtkObject;

namespace mf::render {

class VtkViewport : public QOpenGLWidget {
  Q_OBJECT

 public:
  explicit VtkViewport(QWidget* parent = nullptr);
  ~VtkViewport() override;

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* renderWindow() const;
  vtkGenericRenderWindowInteractor* interactor() const;

  // Fit the scene and look at it from the default oblique direction, x3 up.
  void resetCamera();
  // Fit the scene into view, keeping the current viewing direction.
  void fitCamera();
  // Schedule a repaint; VTK renders in the next paintGL().
  void requestRender();
  // Number of frames VTK has rendered into this widget (for tests and frame-rate figures).
  long long framesRendered() const { return frames_; }

 Q_SIGNALS:
  void frameRendered();

 protected:
  void initializeGL() override;
  void resizeGL(int w, int h) override;
  void paintGL() override;

  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;

 private:
  void onRenderWindowEvent(vtkObject* caller, unsigned long eventId, void* callData);
  void setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers, bool repeat);
  void forwardPress(QMouseEvent* event, bool repeat);
  void releaseGraphics();

  vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  vtkNew<vtkOrientationMarkerWidget> axesTriad_;
  bool inPaint_ = false;
  long long frames_ = 0;
};

}  // namespace mf::render
