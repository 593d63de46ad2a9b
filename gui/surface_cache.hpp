#pragma once
// Surfaces of the candidates for the views, meshed on the Interactive lane of the job manager
// and kept until the candidate leaves the session. A view that draws many cells asks for a
// triangle budget per cell and gets a decimated surface (software OpenGL draws about ten
// million triangles a second: a 64³ cell tiled 3³ would otherwise turn at 4 frames a second).

#include <QObject>
#include <QSet>
#include <QString>

#include <vtkSmartPointer.h>

#include <map>
#include <tuple>
#include <set>

class vtkPolyData;

namespace mf::gui {

class JobManager;
class SessionModel;

class SurfaceCache : public QObject {
  Q_OBJECT

 public:
  // budget: the most triangles per cell (0: the full surface, every voxel face meshed).
  struct Key {
    QString id;
    int smoothing = 0;
    long long budget = 0;
    bool operator<(const Key& o) const { return std::tie(id, smoothing, budget) < std::tie(o.id, o.smoothing, o.budget); }
  };

  SurfaceCache(SessionModel* model, JobManager* jobs, QObject* parent = nullptr);

  // The surface of one unit cell ([0, 1]³), or nullptr when not meshed yet.
  vtkSmartPointer<vtkPolyData> find(const QString& id, int smoothing, long long budget = 0) const;
  // Starts meshing unless cached or already running; ready() follows.
  void request(const QString& id, int smoothing, long long budget = 0);

 Q_SIGNALS:
  void ready(const QString& id, int smoothing, long long budget);

 private:
  void prune();

  SessionModel* model_;
  JobManager* jobs_;
  std::map<Key, vtkSmartPointer<vtkPolyData>> surfaces_;
  std::set<Key> pending_;
};

}  // namespace mf::gui
