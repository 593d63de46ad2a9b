#pragma once
// The elastic-surface view: one tensor's E(d) surface coloured by |E| with a colour legend.

#include "core/tensor/stiffness.hpp"

#include <vtkNew.h>

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

  // Replaces the surface. Throws std::domain_error for an inadmissible tensor, leaving the
  // previous surface in place.
  void setTensor(const Stiffness& c);
  bool hasTensor() const { return hasTensor_; }
  // Range of E(d) over the current surface.
  double minModulus() const { return min_; }
  double maxModulus() const { return max_; }

 private:
  vtkRenderer* renderer_;
  vtkNew<vtkPolyDataMapper> mapper_;
  vtkNew<vtkActor> actor_;
  vtkNew<vtkScalarBarActor> legend_;
  bool hasTensor_ = false;
  double min_ = 0, max_ = 0;
};

}  // namespace mf::render
