#include "render/vtk_viewport.hpp"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QThread>
#include <QKeyEvent>
#include <QOpenGLWindow>
#include <QVBoxLayout>
#include <algorithm>
#include <QMouseEvent>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QWheelEvent>

#include <vtkAxesActor.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCaptionActor2D.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkOrientationMarkerWidget.h>
#include <vtkRenderer.h>
#include <vtkTextProperty.h>

namespace mf::render {

// The native OpenGL window VTK draws into. PartialUpdateBlit: Qt renders into a framebuffer
// object and blits it to the window, so the last frame can always be read back.
class VtkViewport::Surface : public QOpenGLWindow {
 public:
  explicit Surface(VtkViewport* owner) : QOpenGLWindow(QOpenGLWindow::PartialUpdateBlit), owner_(owner) {
    setFlag(Qt::WindowDoesNotAcceptFocus);
  }

 protected:
  void initializeGL() override { owner_->initializeGraphics(); }
  void resizeGL(int w, int h) override { owner_->resizeGraphics(w, h); }
  void paintGL() override { owner_->paintGraphics(); }
  // Mouse input goes to the widget's handlers; the keyboard focus stays on the widget.
  void mousePressEvent(QMouseEvent* e) override {
    owner_->setFocus(Qt::MouseFocusReason);
    owner_->mousePressEvent(e);
  }
  void mouseReleaseEvent(QMouseEvent* e) override { owner_->mouseReleaseEvent(e); }
  void mouseMoveEvent(QMouseEvent* e) override { owner_->mouseMoveEvent(e); }
  void mouseDoubleClickEvent(QMouseEvent* e) override { owner_->mouseDoubleClickEvent(e); }
  void wheelEvent(QWheelEvent* e) override { owner_->wheelEvent(e); }
  void keyPressEvent(QKeyEvent* e) override { QCoreApplication::sendEvent(owner_, e); }

 private:
  VtkViewport* owner_;
};

VtkViewport::VtkViewport(QWidget* parent) : QWidget(parent) {
  setFocusPolicy(Qt::StrongFocus);
  setMinimumSize(160, 120);
  surface_ = new Surface(this);
  container_ = QWidget::createWindowContainer(surface_, this);
  container_->setFocusPolicy(Qt::NoFocus);
  auto* layout = new QVBoxLayout(this);
  layout->setContentsMargins(0, 0, 0, 0);
  layout->addWidget(container_);

  // Multisampling quadruples the cost of every pixel in software OpenGL; FXAA smooths edges
  // for a fraction of that.
  renderWindow_->SetMultiSamples(0);
  renderer_->UseFXAAOn();
  renderWindow_->AddRenderer(renderer_);
  // At the end of each frame VTK copies its display framebuffer into whatever framebuffer
  // was bound when Render() began: paintGL binds Qt's.
  renderWindow_->SetFrameBlitModeToBlitToCurrent();

  renderer_->GradientBackgroundOn();
  renderer_->SetBackground(0.11, 0.12, 0.14);
  renderer_->SetBackground2(0.30, 0.33, 0.38);

  interactor_->SetRenderWindow(renderWindow_);
  // The interactor must not render on its own (it would render outside paintGL): it asks for
  // a paint instead, through its RenderEvent.
  interactor_->EnableRenderOff();
  vtkNew<vtkInteractorStyleTrackballCamera> style;
  interactor_->SetInteractorStyle(style);

  for (unsigned long id : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent,
                           vtkCommand::WindowFrameEvent}) {
    renderWindow_->AddObserver(id, this, &VtkViewport::onRenderWindowEvent);
  }
  interactor_->AddObserver(vtkCommand::RenderEvent, this, &VtkViewport::onRenderWindowEvent);
  interactor_->Initialize();

  // Axes triad in the lower-left corner, labelled like the tensor indices.
  vtkNew<vtkAxesActor> axes;
  axes->SetXAxisLabelText("x1");
  axes->SetYAxisLabelText("x2");
  axes->SetZAxisLabelText("x3");
  for (vtkCaptionActor2D* caption : {axes->GetXAxisCaptionActor2D(), axes->GetYAxisCaptionActor2D(),
                                     axes->GetZAxisCaptionActor2D()}) {
    caption->GetCaptionTextProperty()->SetFontSize(14);
    caption->GetCaptionTextProperty()->ShadowOff();
    caption->GetCaptionTextProperty()->ItalicOff();
  }
  axesTriad_->SetOrientationMarker(axes);
  axesTriad_->SetInteractor(interactor_);
  axesTriad_->SetViewport(0.0, 0.0, 0.2, 0.2);
  axesTriad_->SetEnabled(1);
  axesTriad_->InteractiveOff();
}

VtkViewport::~VtkViewport() {
  // The window (destroyed with the container) must not call back into this object.
  if (context()) disconnect(context(), nullptr, this, nullptr);
  releaseGraphics();
  axesTriad_->SetEnabled(0);
  axesTriad_->SetInteractor(nullptr);
  renderWindow_->RemoveObservers(vtkCommand::WindowMakeCurrentEvent);
  renderWindow_->RemoveObservers(vtkCommand::WindowIsCurrentEvent);
  renderWindow_->RemoveObservers(vtkCommand::WindowFrameEvent);
  interactor_->RemoveObservers(vtkCommand::RenderEvent);
}

vtkRenderer* VtkViewport::renderer() const { return renderer_; }
vtkGenericOpenGLRenderWindow* VtkViewport::renderWindow() const { return renderWindow_; }
vtkGenericRenderWindowInteractor* VtkViewport::interactor() const { return interactor_; }
QWindow* VtkViewport::surfaceWindow() const { return surface_; }
QOpenGLContext* VtkViewport::context() const { return surface_ ? surface_->context() : nullptr; }

void VtkViewport::setHomeDirection(double x, double y, double z) {
  home_[0] = x;
  home_[1] = y;
  home_[2] = z;
}

void VtkViewport::resetCamera() {
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(home_[0], home_[1], home_[2]);
  camera->SetViewUp(0, 0, 1);
  renderer_->ResetCamera();
  camera->Zoom(fitZoom());
  autoFit_ = true;
  requestRender();
}

void VtkViewport::resetCamera(const double bounds[6]) {
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(home_[0], home_[1], home_[2]);
  camera->SetViewUp(0, 0, 1);
  double b[6];
  std::copy(bounds, bounds + 6, b);
  renderer_->ResetCamera(b);
  camera->Zoom(fitZoom());
  autoFit_ = true;
  requestRender();
}

void VtkViewport::setAxesTriadVisible(bool visible) {
  axesTriad_->SetEnabled(visible ? 1 : 0);
  requestRender();
}

bool VtkViewport::axesTriadVisible() const { return axesTriad_->GetEnabled() != 0; }

void VtkViewport::fitCamera() {
  renderer_->ResetCamera();
  renderer_->GetActiveCamera()->Zoom(fitZoom());
  autoFit_ = true;
  requestRender();
}

double VtkViewport::fitZoom() const {
  // ResetCamera fits the bounding sphere of the scene's box (it already allows for a viewport
  // taller than wide); by default the box's corners are taken as empty (round surfaces).
  return fitZoom_;
}

void VtkViewport::requestRender() { surface_->update(); }

QImage VtkViewport::grabFramebuffer() {
  QElapsedTimer waited;
  waited.start();
  while ((!initialized_ || !surface_->isValid()) && isVisible() && waited.elapsed() < 1000) {
    QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    QThread::msleep(2);
  }
  if (!initialized_ || !surface_->isValid()) return {};
  surface_->makeCurrent();
  paintGraphics();
  QImage image = surface_->grabFramebuffer();
  surface_->doneCurrent();
  surface_->update();  // and on screen too
  return image;
}

void VtkViewport::releaseGraphics() {
  if (!initialized_ || !context()) return;
  surface_->makeCurrent();
  renderWindow_->Finalize();
  surface_->doneCurrent();
  initialized_ = false;
}

void VtkViewport::initializeGraphics() {
  // A window that gets a new context frees what VTK held in the old one.
  connect(context(), &QOpenGLContext::aboutToBeDestroyed, this, &VtkViewport::releaseGraphics,
          Qt::UniqueConnection);
  initialized_ = true;
  renderWindow_->SetOwnContext(false);
  renderWindow_->SetMapped(1);
  renderWindow_->SetReadyForRendering(true);
  renderWindow_->SetForceMaximumHardwareLineWidth(1);
  renderWindow_->InitializeFromCurrentContext();
}

void VtkViewport::resizeEvent(QResizeEvent* event) {
  QWidget::resizeEvent(event);
  const double dpr = devicePixelRatioF();
  const int w = static_cast<int>(width() * dpr), h = static_cast<int>(height() * dpr);
  interactor_->UpdateSize(w, h);
  renderWindow_->SetSize(w, h);
}

void VtkViewport::resizeGraphics(int w, int h) {
  // w and h are logical pixels; VTK wants device pixels.
  const double dpr = surface_->devicePixelRatio();
  interactor_->UpdateSize(static_cast<int>(w * dpr), static_cast<int>(h * dpr));
  renderWindow_->SetSize(static_cast<int>(w * dpr), static_cast<int>(h * dpr));
  // Until the user moves the camera, a fitted view stays fitted to the new size.
  if (autoFit_) {
    renderer_->ResetCamera();
    renderer_->GetActiveCamera()->Zoom(fitZoom());
  }
}

void VtkViewport::paintGraphics() {
  // Qt may have replaced its framebuffer since the last paint (resize), so it is bound afresh
  // every time, for reading too: grabFramebuffer() reads through that binding.
  QOpenGLExtraFunctions* f = context()->extraFunctions();
  f->glBindFramebuffer(GL_FRAMEBUFFER, surface_->defaultFramebufferObject());
  inPaint_ = true;
  renderWindow_->Render();
  inPaint_ = false;
  f->glBindFramebuffer(GL_FRAMEBUFFER, surface_->defaultFramebufferObject());

  // VTK leaves alpha = 0 where the background is; Qt would compose that as transparent.
  const double dpr = surface_->devicePixelRatio();
  f->glViewport(0, 0, static_cast<int>(surface_->width() * dpr), static_cast<int>(surface_->height() * dpr));
  f->glDisable(GL_SCISSOR_TEST);
  f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
  f->glClearColor(0.f, 0.f, 0.f, 1.f);
  f->glClear(GL_COLOR_BUFFER_BIT);
  f->glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

  ++frames_;
  Q_EMIT frameRendered();
}

void VtkViewport::onRenderWindowEvent(vtkObject*, unsigned long eventId, void* callData) {
  switch (eventId) {
    case vtkCommand::WindowMakeCurrentEvent:
      // VTK asks for this many times within one render. QOpenGLWindow::makeCurrent() also
      // binds Qt's framebuffer, which would silently redirect VTK's drawing, so only switch
      // contexts when another one is current.
      if (context() && QOpenGLContext::currentContext() != context()) surface_->makeCurrent();
      break;
    case vtkCommand::WindowIsCurrentEvent:
      *static_cast<bool*>(callData) =
          context() != nullptr && QOpenGLContext::currentContext() == context();
      break;
    case vtkCommand::WindowFrameEvent:
      if (!inPaint_) surface_->update();
      break;
    case vtkCommand::RenderEvent:
      if (!inPaint_) surface_->update();
      Q_EMIT cameraInteraction();
      break;
    default:
      break;
  }
}

void VtkViewport::setEventPosition(const QPointF& position, Qt::KeyboardModifiers modifiers,
                                   bool repeat) {
  const double dpr = devicePixelRatioF();
  interactor_->SetEventInformationFlipY(static_cast<int>(position.x() * dpr),
                                        static_cast<int>(position.y() * dpr),
                                        (modifiers & Qt::ControlModifier) ? 1 : 0,
                                        (modifiers & Qt::ShiftModifier) ? 1 : 0, 0, repeat ? 1 : 0);
  interactor_->SetAltKey((modifiers & Qt::AltModifier) ? 1 : 0);
}

namespace {
unsigned long pressEventFor(Qt::MouseButton b) {
  switch (b) {
    case Qt::LeftButton: return vtkCommand::LeftButtonPressEvent;
    case Qt::MiddleButton: return vtkCommand::MiddleButtonPressEvent;
    case Qt::RightButton: return vtkCommand::RightButtonPressEvent;
    default: return vtkCommand::NoEvent;
  }
}
unsigned long releaseEventFor(Qt::MouseButton b) {
  switch (b) {
    case Qt::LeftButton: return vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton: return vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton: return vtkCommand::RightButtonReleaseEvent;
    default: return vtkCommand::NoEvent;
  }
}
}  // namespace

void VtkViewport::mousePressEvent(QMouseEvent* event) { forwardPress(event, false); }

// VTK reads a double click as a press with the repeat flag set.
void VtkViewport::mouseDoubleClickEvent(QMouseEvent* event) { forwardPress(event, true); }

void VtkViewport::forwardPress(QMouseEvent* event, bool repeat) {
  autoFit_ = false;
  setEventPosition(event->position(), event->modifiers(), repeat);
  if (const auto id = pressEventFor(event->button()); id != vtkCommand::NoEvent) interactor_->InvokeEvent(id);
  event->accept();
}

void VtkViewport::mouseReleaseEvent(QMouseEvent* event) {
  setEventPosition(event->position(), event->modifiers(), false);
  if (const auto id = releaseEventFor(event->button()); id != vtkCommand::NoEvent) interactor_->InvokeEvent(id);
  event->accept();
}

void VtkViewport::mouseMoveEvent(QMouseEvent* event) {
  setEventPosition(event->position(), event->modifiers(), false);
  interactor_->InvokeEvent(vtkCommand::MouseMoveEvent);
  event->accept();
}

void VtkViewport::wheelEvent(QWheelEvent* event) {
  autoFit_ = false;
  setEventPosition(event->position(), event->modifiers(), false);
  const int delta = event->angleDelta().y();
  if (delta > 0) interactor_->InvokeEvent(vtkCommand::MouseWheelForwardEvent);
  else if (delta < 0) interactor_->InvokeEvent(vtkCommand::MouseWheelBackwardEvent);
  event->accept();
}

void VtkViewport::keyPressEvent(QKeyEvent* event) {
  // Keys are handled here, not by VTK's interactor style, whose defaults ('w' wireframe,
  // 'e' exit, '3' stereo, …) would surprise users.
  if (event->key() == Qt::Key_R && event->modifiers() == Qt::NoModifier) {
    resetCamera();
    event->accept();
    return;
  }
  QWidget::keyPressEvent(event);
}

}  // namespace mf::render
