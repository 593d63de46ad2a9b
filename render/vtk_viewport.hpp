#pragma once
// A VTK render window in a Qt6 widget (Debian's VTK Qt module is built against Qt5, so
// MetaForge embeds VTK itself; PLATFORM.md has the recipe).
//
// VTK draws into a native OpenGL window (a QOpenGLWindow held in a window container) rather
// than a QOpenGLWidget: a window that holds QOpenGLWidgets composes itself through OpenGL on
// every update, and with software OpenGL that costs ~40 ms per label change or progress tick.
// A native window repaints alone, and the rest of the window stays cheap.
//
// VTK renders only inside the window's paintGL(), into its own framebuffer, which is blitted
// into Qt's. Anything that wants a new frame calls requestRender() (or VTK asks for one through
// the interactor) and Qt schedules the paint. Keyboard focus stays with this widget (the native
// window never takes it), so the main window's shortcuts work while the mouse is in a view.

#include <QImage>
#include <QWidget>

#include <vtkNew.h>

class QOpenGLContext;
class QWindow;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkOrientationMarkerWidget;
class vtkRenderer;
class vtkObject;

namespace mf::render {

class VtkViewport : public QWidget {
  Q_OBJECT

 public:
  explicit VtkViewport(QWidget* parent = nullptr);
  ~VtkViewport() override;

  vtkRenderer* renderer() const;
  vtkGenericOpenGLRenderWindow* renderWindow() const;
  vtkGenericRenderWindowInteractor* interactor() const;

  // Fit the scene and look at it from the home direction (oblique, from +x1 +x2 +x3 unless set), x3 up.
  void resetCamera();
  // Where resetCamera() looks from (a direction, not a point); the view keeps it until changed.
  void setHomeDirection(double x, double y, double z);
  // The same, fitting these bounds (xmin, xmax, ymin, ymax, zmin, zmax) instead of the scene's:
  // views that share one camera fit what all of them show.
  void resetCamera(const double bounds[6]);
  // Fit the scene into view, keeping the current viewing direction.
  void fitCamera();
  // The x1/x2/x3 triad in the corner (on by default); off where the axes mean nothing.
  void setAxesTriadVisible(bool visible);
  bool axesTriadVisible() const;
  // How close a fitted camera comes: above 1 for round surfaces (their box's corners are
  // empty), below 1 for scenes with labels outside their box (axis titles).
  void setFitZoom(double zoom) { fitZoom_ = zoom; }
  // Schedule a repaint; VTK renders in the next paintGL().
  void requestRender();
  // Renders a frame now and returns it (null when the view is not shown). A view that has just
  // been shown gets its OpenGL context only when the window system exposes it, a round trip
  // away: the grab waits for that, up to a second, handling events meanwhile.
  QImage grabFramebuffer();
  // Number of frames VTK has rendered into this widget (for tests and frame-rate figures).
  long long framesRendered() const { return frames_; }
  QSize sizeHint() const override { return {640, 480}; }
  // The native OpenGL window and its context (null before the view is first shown).
  QWindow* surfaceWindow() const;
  QOpenGLContext* context() const;

 Q_SIGNALS:
  void frameRendered();
  // The user moved the camera (drag, wheel): views with linked cameras repaint on it.
  void cameraInteraction();

 protected:
  // Events sent to the widget itself (by tests, or forwarded from the native window).
  void mousePressEvent(QMouseEvent* event) override;
  void mouseReleaseEvent(QMouseEvent* event) override;
  void mouseMoveEvent(QMouseEvent* event) override;
  void mouseDoubleClickEvent(QMouseEvent* event) override;
  void wheelEvent(QWheelEvent* event) override;
  void keyPressEvent(QKeyEvent* event) override;
  // The window's size reaches VTK at once, before the native window is first exposed, so
  // that interaction and camera fitting work on a view that has not painted yet.
  void resizeEvent(QResizeEvent* event) override;

 private:
  class Surface;
  friend class Surface;

  void initializeGraphics();
  void resizeGraphics(int w, int h);
  void paintGraphics();
  void onRenderWindowEvent(vtkObject* caller, unsigned long eventId, void* callData);
  void setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers, bool repeat);
  void forwardPress(QMouseEvent* event, bool repeat);
  void releaseGraphics();
  double fitZoom() const;

  Surface* surface_ = nullptr;
  QWidget* container_ = nullptr;
  vtkNew<vtkGenericOpenGLRenderWindow> renderWindow_;
  vtkNew<vtkRenderer> renderer_;
  vtkNew<vtkGenericRenderWindowInteractor> interactor_;
  vtkNew<vtkOrientationMarkerWidget> axesTriad_;
  bool inPaint_ = false;
  bool initialized_ = false;
  bool autoFit_ = false;  // the camera was fitted and the user has not moved it since
  double fitZoom_ = 1.15;
  double home_[3] = {1.0, 0.78, 0.62};
  long long frames_ = 0;
};

}  // namespace mf::render
