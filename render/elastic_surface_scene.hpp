#pragma once
// The elastic-surface view: the target's E(d) surface as a wireframe and the selected
// candidate's as a solid surface coloured by |E| (viridis, with a legend). In compare mode
// several scenes share one colour range so that equal colours mean equal stiffness.

#include "core/tensor/stiffness.hpp"

#include <vtkNew.h>

#include <optional>
#include <utility>

class vtkActor;
class vtkPolyDataMapper;
class vtkRenderer;
class vtkScalarBarActor;

namespace mf::render {

class ElasticSurfaceScene {
 public:
  explicit ElasticSurfaceScene(vtkRenderer* renderer);
  ~ElasticSurfaceScene();
  ElasticSurfaceScene(const ElasticSurfaceScene&) = delete;
  ElasticSurfaceScene& operator=(const ElasticSurfaceScene&) = delete;

  // Each throws std::domain_error for an inadmissible tensor, leaving the view as it was;
  // std::nullopt hides that surface.
  void setTarget(const std::optional<Stiffness>& c);
  void setCandidate(const std::optional<Stiffness>& c);
  bool hasTarget() const { return hasTarget_; }
  bool hasCandidate() const { return hasCandidate_; }

  // The colour range: the candidate's own E(d) range, or a shared one (compare mode).
  void setSharedRange(const std::optional<std::pair<double, double>>& range);
  // Range of E(d) of the candidate surface (or of the target when there is no candidate).
  double minModulus() const { return min_; }
  double maxModulus() const { return max_; }
  // Largest E(d) of anything shown: what the camera must fit.
  double extent() const;

 private:
  void updateColors();

  vtkRenderer* renderer_;
  vtkNew<vtkPolyDataMapper> mapper_, targetMapper_;
  vtkNew<vtkActor> actor_, targetActor_;
  vtkNew<vtkScalarBarActor> legend_;
  unsigned long legendAnchor_ = 0;  // legend_placement.hpp
  bool hasTarget_ = false, hasCandidate_ = false;
  double min_ = 0, max_ = 0, targetMax_ = 0;
  std::optional<std::pair<double, double>> shared_;
};

}  // namespace mf::render
