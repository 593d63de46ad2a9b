#include "gui/surface_cache.hpp"

#include "core/io/surface.hpp"
#include "gui/job_manager.hpp"
#include "gui/session_model.hpp"
#include "render/mesh_decimation.hpp"
#include "render/mesh_polydata.hpp"

#include <vtkPolyData.h>

namespace mf::gui {

SurfaceCache::SurfaceCache(SessionModel* model, JobManager* jobs, QObject* parent)
    : QObject(parent), model_(model), jobs_(jobs) {
  connect(model_, &SessionModel::candidatesChanged, this, &SurfaceCache::prune);
}

vtkSmartPointer<vtkPolyData> SurfaceCache::find(const QString& id, int smoothing, long long budget) const {
  if (const auto it = surfaces_.find({id, smoothing, budget}); it != surfaces_.end()) return it->second;
  // A full surface within the budget serves as it is.
  if (budget > 0)
    if (const auto it = surfaces_.find({id, smoothing, 0}); it != surfaces_.end() && it->second->GetNumberOfPolys() <= budget)
      return it->second;
  return nullptr;
}

void SurfaceCache::request(const QString& id, int smoothing, long long budget) {
  const Key key{id, smoothing, budget};
  if (find(id, smoothing, budget) || pending_.count(key)) return;
  const design::Candidate* c = model_->candidateById(id);
  if (!c) return;
  pending_.insert(key);
  const BinaryCell cell = c->cell;  // the job works on its own copy
  QString title = tr("Surface of %1").arg(QString::fromStdString(c->name));
  if (smoothing > 0) title += tr(", smoothed");
  if (budget > 0) title += tr(", ≤ %1k triangles").arg(budget / 1000);
  Job* job = jobs_->submit<vtkSmartPointer<vtkPolyData>>(
      title, JobLane::Interactive,
      [cell, smoothing, budget](Progress& progress) {
        io::SurfaceOptions options;
        options.smoothingSteps = smoothing;
        SubProgress meshing(progress, 0.0, budget > 0 ? 0.5 : 1.0);
        const io::TriangleMesh mesh = io::extractSurface(cell, options, meshing);
        auto surface = render::toPolyData(mesh);
        if (budget > 0) {
          progress.report(0.5, "decimating for display");
          surface = render::decimate(surface, budget);
        }
        return surface;
      },
      [this, key](vtkSmartPointer<vtkPolyData>& surface) {
        if (model_->indexOf(key.id) < 0) return tr("candidate removed");
        surfaces_[key] = surface;
        Q_EMIT ready(key.id, key.smoothing, key.budget);
        return tr("%1 triangles").arg(surface->GetNumberOfPolys());
      },
      {}, this);
  job->setQuiet(true);  // the views show the result; the Jobs dock need not keep the line
  // Finished, failed or cancelled: it may be asked for again.
  connect(job, &Job::finished, this, [this, key] { pending_.erase(key); });
}

void SurfaceCache::prune() {
  for (auto it = surfaces_.begin(); it != surfaces_.end();) {
    if (model_->indexOf(it->first.id) < 0) it = surfaces_.erase(it);
    else ++it;
  }
}

}  // namespace mf::gui
