#pragma once
// Gallery thumbnails of the candidates: each cell's surface rendered offscreen by VTK once its
// surface is meshed (SurfaceCache), kept per candidate id.

#include <QHash>
#include <QObject>
#include <QPixmap>
#include <QStringList>
#include <QTimer>

#include <memory>

namespace mf::render {
class MicrostructureScene;
class OffscreenRenderer;
}  // namespace mf::render

namespace mf::gui {

class SessionModel;
class SurfaceCache;

class ThumbnailCache : public QObject {
  Q_OBJECT

 public:
  static constexpr int kSize = 96;
  static constexpr long long kTriangles = 12000;  // plenty at 96 pixels, and quick to draw

  ThumbnailCache(SessionModel* model, SurfaceCache* surfaces, QObject* parent = nullptr);
  ~ThumbnailCache() override;

  // The thumbnail, or a placeholder while it is being made (and a request to make it).
  QPixmap thumbnail(const QString& id);
  bool hasThumbnail(const QString& id) const { return pixmaps_.contains(id); }
  // Creates the offscreen renderer now (call when the window is idle after start).
  void warmUp();

 Q_SIGNALS:
  void thumbnailReady(const QString& id);

 private:
  void schedule(const QString& id);
  void render(const QString& id);

  SessionModel* model_;
  SurfaceCache* surfaces_;
  QHash<QString, QPixmap> pixmaps_;
  QPixmap placeholder_;
  QStringList queue_;
  QTimer queueTimer_;
  std::unique_ptr<render::OffscreenRenderer> renderer_;
  std::unique_ptr<render::MicrostructureScene> scene_;
};

}  // namespace mf::gui
