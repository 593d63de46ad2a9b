#include "render/offscreen_renderer.hpp"

#include <QOffscreenSurface>
#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QOpenGLFramebufferObject>

#include <vtkCamera.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkRenderer.h>

namespace mf::render {

OffscreenRenderer::OffscreenRenderer(QSize size) : size_(size) {
  surface_ = std::make_unique<QOffscreenSurface>();
  surface_->setFormat(QSurfaceFormat::defaultFormat());
  surface_->create();
  context_ = std::make_unique<QOpenGLContext>();
  context_->setFormat(QSurfaceFormat::defaultFormat());
  context_->setShareContext(QOpenGLContext::globalShareContext());
  valid_ = surface_->isValid() && context_->create() && context_->makeCurrent(surface_.get());
  if (!valid_) return;
  QOpenGLFramebufferObjectFormat format;
  format.setAttachment(QOpenGLFramebufferObject::CombinedDepthStencil);
  format.setSamples(4);
  fbo_ = std::make_unique<QOpenGLFramebufferObject>(size_, format);

  renderer_->GradientBackgroundOn();
  renderer_->SetBackground(0.11, 0.12, 0.14);
  renderer_->SetBackground2(0.30, 0.33, 0.38);
  window_->AddRenderer(renderer_);
  window_->SetFrameBlitModeToBlitToCurrent();
  for (unsigned long id : {vtkCommand::WindowMakeCurrentEvent, vtkCommand::WindowIsCurrentEvent})
    window_->AddObserver(id, this, &OffscreenRenderer::onWindowEvent);
  context_->doneCurrent();
}

OffscreenRenderer::~OffscreenRenderer() {
  if (valid_ && context_->makeCurrent(surface_.get())) {
    window_->Finalize();
    fbo_.reset();
    context_->doneCurrent();
  }
  window_->RemoveObservers(vtkCommand::WindowMakeCurrentEvent);
  window_->RemoveObservers(vtkCommand::WindowIsCurrentEvent);
}

vtkRenderer* OffscreenRenderer::renderer() const { return renderer_; }

void OffscreenRenderer::onWindowEvent(vtkObject*, unsigned long eventId, void* callData) {
  if (eventId == vtkCommand::WindowMakeCurrentEvent) {
    if (QOpenGLContext::currentContext() != context_.get()) context_->makeCurrent(surface_.get());
  } else if (eventId == vtkCommand::WindowIsCurrentEvent) {
    *static_cast<bool*>(callData) = QOpenGLContext::currentContext() == context_.get();
  }
}

void OffscreenRenderer::resetCamera() {
  vtkCamera* camera = renderer_->GetActiveCamera();
  camera->SetFocalPoint(0, 0, 0);
  camera->SetPosition(1.0, 0.78, 0.62);
  camera->SetViewUp(0, 0, 1);
  renderer_->ResetCamera();
  camera->Zoom(1.15);
}

QImage OffscreenRenderer::render() {
  if (!valid_) return {};
  // Whatever context was current (a viewport's) is restored afterwards.
  QOpenGLContext* previous = QOpenGLContext::currentContext();
  QSurface* previousSurface = previous ? previous->surface() : nullptr;
  if (!context_->makeCurrent(surface_.get())) return {};
  if (!initialized_) {
    window_->SetOwnContext(false);
    window_->SetMapped(1);
    window_->SetReadyForRendering(true);
    window_->InitializeFromCurrentContext();
    window_->SetSize(size_.width(), size_.height());
    initialized_ = true;
  }
  fbo_->bind();
  window_->Render();
  fbo_->bind();
  QOpenGLExtraFunctions* f = context_->extraFunctions();
  f->glFinish();
  QImage image = fbo_->toImage(false);
  fbo_->release();
  context_->doneCurrent();
  if (previous && previousSurface) previous->makeCurrent(previousSurface);
  // VTK leaves alpha 0 on the background; thumbnails are opaque.
  return image.convertToFormat(QImage::Format_RGB32);
}

}  // namespace mf::render
