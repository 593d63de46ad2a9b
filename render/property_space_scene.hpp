#pragma once
// The property-space view: candidates as points in a 3-D space of properties (C11–C12–C44, or
// K–G–vf), coloured by their error to the target, the target as a hollow wireframe marker (a
// point on it stays visible), the selected candidates in a translucent halo, and optional
// curves (the Hashin–Shtrikman bound). Each axis is scaled to its range so that the box is a
// cube whatever the units; the axes are labelled in real values. Labels never overlap: VTK's
// label placement drops the less important of two that would (selected, then target, then by
// error).

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

class vtkActor;
class vtkActor2D;
class vtkCubeAxesActor;
class vtkRenderer;
class vtkScalarBarActor;

namespace mf::render {

struct PropertyPoint {
  std::array<double, 3> value{};
  std::string label;
  std::optional<double> error;  // Eq. 18 as a fraction; colours the point
  bool selected = false;
};

struct PropertyAxis {
  std::string title;
  double min = 0.0, max = 1.0;
};

class PropertySpaceScene {
 public:
  explicit PropertySpaceScene(vtkRenderer* renderer);
  ~PropertySpaceScene();
  PropertySpaceScene(const PropertySpaceScene&) = delete;
  PropertySpaceScene& operator=(const PropertySpaceScene&) = delete;

  void setAxes(const std::array<PropertyAxis, 3>& axes);
  void setPoints(const std::vector<PropertyPoint>& points);
  void setTarget(const std::optional<std::array<double, 3>>& target);
  // A polyline in data units (drawn clipped to nothing: keep it inside the axes).
  void setCurve(const std::vector<std::array<double, 3>>& curve);
  int pointCount() const { return static_cast<int>(points_.size()); }

 private:
  std::array<double, 3> toBox(const std::array<double, 3>& v) const;
  void rebuild();

  vtkRenderer* renderer_;
  std::array<PropertyAxis, 3> axes_{};
  std::vector<PropertyPoint> points_;
  std::optional<std::array<double, 3>> target_;
  std::vector<std::array<double, 3>> curve_;
  vtkNew<vtkCubeAxesActor> cubeAxes_;
  vtkNew<vtkActor> pointsActor_, selectedActor_, targetActor_, curveActor_;
  vtkNew<vtkScalarBarActor> legend_;
  vtkNew<vtkActor2D> labels_;
  unsigned long legendAnchor_ = 0;  // legend_placement.hpp
};

}  // namespace mf::render
