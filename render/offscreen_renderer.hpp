#pragma once
// Renders VTK scenes to images without a window: candidate thumbnails, report pictures. It
// uses the same recipe as the viewport (a Qt OpenGL context driving a
// vtkGenericOpenGLRenderWindow), on an offscreen surface with a framebuffer object. GUI thread
// only, like every OpenGL use in Qt.

#include <QImage>
#include <QSize>

#include <vtkNew.h>

#include <memory>

class QOffscreenSurface;
class QOpenGLContext;
class QOpenGLFramebufferObject;
class vtkGenericOpenGLRenderWindow;
class vtkObject;
class vtkRenderer;

namespace mf::render {

class OffscreenRenderer {
 public:
  explicit OffscreenRenderer(QSize size);
  ~OffscreenRenderer();
  OffscreenRenderer(const OffscreenRenderer&) = delete;
  OffscreenRenderer& operator=(const OffscreenRenderer&) = delete;

  // False where no OpenGL context could be made (no display): render() then returns a null
  // image and callers show a placeholder.
  bool isValid() const { return valid_; }
  vtkRenderer* renderer() const;
  // Fit the scene, oblique view, x3 up (like the viewport's reset).
  void resetCamera();
  QImage render();

 private:
  void onWindowEvent(vtkObject* caller, unsigned long eventId, void* callData);

  QSize size_;
  std::unique_ptr<QOffscreenSurface> surface_;
  std::unique_ptr<QOpenGLContext> context_;
  std::unique_ptr<QOpenGLFramebufferObject> fbo_;
  vtkNew<vtkGenericOpenGLRenderWindow> window_;
  vtkNew<vtkRenderer> renderer_;
  bool valid_ = false;
  bool initialized_ = false;
};

}  // namespace mf::render
