#include "gui/thumbnail_cache.hpp"

#include "core/io/surface.hpp"
#include "gui/session_model.hpp"
#include "render/mesh_polydata.hpp"
#include "gui/surface_cache.hpp"
#include "render/microstructure_scene.hpp"
#include "render/offscreen_renderer.hpp"

#include <QPainter>

#include <vtkPolyData.h>

namespace mf::gui {

ThumbnailCache::ThumbnailCache(SessionModel* model, SurfaceCache* surfaces, QObject* parent)
    : QObject(parent), model_(model), surfaces_(surfaces), placeholder_(kSize, kSize) {
  placeholder_.fill(QColor(40, 43, 48));
  QPainter p(&placeholder_);
  p.setPen(QColor(150, 150, 150));
  p.drawText(placeholder_.rect(), Qt::AlignCenter, tr("meshing…"));
  connect(surfaces_, &SurfaceCache::ready, this, [this](const QString& id, int smoothing, long long budget) {
    if (smoothing == 0 && budget == kTriangles) schedule(id);
  });
  // One thumbnail per turn of the event loop, so that a batch of candidates never holds the
  // window for long.
  queueTimer_.setSingleShot(true);
  queueTimer_.setInterval(0);
  connect(&queueTimer_, &QTimer::timeout, this, [this] {
    if (queue_.isEmpty()) return;
    render(queue_.takeFirst());
    if (!queue_.isEmpty()) queueTimer_.start();
  });
  connect(model_, &SessionModel::candidatesChanged, this, [this] {
    for (auto it = pixmaps_.begin(); it != pixmaps_.end();) {
      if (model_->indexOf(it.key()) < 0) it = pixmaps_.erase(it);
      else ++it;
    }
  });
}

ThumbnailCache::~ThumbnailCache() = default;

QPixmap ThumbnailCache::thumbnail(const QString& id) {
  if (const auto it = pixmaps_.find(id); it != pixmaps_.end()) return *it;
  if (surfaces_->find(id, 0, kTriangles)) schedule(id);
  else surfaces_->request(id, 0, kTriangles);
  return pixmaps_.value(id, placeholder_);
}

void ThumbnailCache::schedule(const QString& id) {
  if (!queue_.contains(id)) queue_.append(id);
  queueTimer_.start();
}

void ThumbnailCache::warmUp() {
  // The first offscreen render creates an OpenGL context and compiles VTK's shaders (a tenth
  // of a second in software); done while the window is idle, not when a cell arrives.
  if (renderer_) return;
  renderer_ = std::make_unique<render::OffscreenRenderer>(QSize(2 * kSize, 2 * kSize));
  scene_ = std::make_unique<render::MicrostructureScene>(renderer_->renderer());
  if (!renderer_->isValid()) return;
  BinaryCell cube(4);
  cube(1, 1, 1) = 1;
  NullProgress none;
  scene_->setSurface(render::toPolyData(io::extractSurface(cube, {}, none)), 1.0);
  renderer_->resetCamera();
  renderer_->render();
  scene_->setSurface(nullptr);
}

void ThumbnailCache::render(const QString& id) {
  const auto surface = surfaces_->find(id, 0, kTriangles);
  if (!surface) return;
  warmUp();
  QPixmap pixmap = placeholder_;
  if (renderer_->isValid()) {
    scene_->setSurface(surface, 1.0);
    renderer_->resetCamera();
    const QImage image = renderer_->render();
    scene_->setSurface(nullptr);
    // Rendered at twice the size and scaled down: smooth edges without multisampling.
    if (!image.isNull()) pixmap = QPixmap::fromImage(image.scaled(kSize, kSize, Qt::KeepAspectRatio, Qt::SmoothTransformation));
  }
  pixmaps_.insert(id, pixmap);
  Q_EMIT thumbnailReady(id);
}

}  // namespace mf::gui
