#pragma once
// The microstructure view: the surface of one cell, repeated n×n×n (the same poly data drawn
// by n³ actors, so changing the tiling costs nothing), with an optional clip plane, the cubic
// octant [0, ½]³ of every cell highlighted (the part that cubic symmetry mirrors into the rest)
// and the cell outline.

#include <vtkNew.h>
#include <vtkSmartPointer.h>

#include <vector>

class vtkActor;
class vtkPlane;
class vtkProperty;
class vtkPolyData;
class vtkPolyDataMapper;
class vtkRenderer;
class vtkLookupTable;

namespace mf::render {

// The most triangles a tiled block is drawn with (one cell alone is always drawn in full):
// software OpenGL (Mesa llvmpipe, 2 cores) turns about that many at 20–30 frames a second
// (docs/benchmarks.md, mf_bench_viewport). Larger blocks are drawn from decimated cells.
constexpr long long kDisplayTriangleBudget = 150000;

class MicrostructureScene {
 public:
  explicit MicrostructureScene(vtkRenderer* renderer);
  ~MicrostructureScene();
  MicrostructureScene(const MicrostructureScene&) = delete;
  MicrostructureScene& operator=(const MicrostructureScene&) = delete;

  // The surface of one cell spanning [0, cellSize]³ (nullptr clears the view).
  void setSurface(vtkSmartPointer<vtkPolyData> surface, double cellSize = 1.0);
  bool hasSurface() const { return surface_ != nullptr; }
  void setTiles(int tiles);  // 1–4 (more is allowed, at the cost of frame rate)
  int tiles() const { return tiles_; }
  // Clip plane normal to `axis` (0, 1, 2) at `position` ∈ [0, 1] of the tiled block; the solid
  // on the far side is kept.
  void setClip(bool enabled, int axis = 0, double position = 0.5);
  bool clipEnabled() const { return clip_; }
  void setOctantHighlight(bool on);
  bool octantHighlight() const { return octant_; }
  // Triangles drawn per frame (all tiles).
  long long triangleCount() const;

 private:
  void rebuildTiles();
  void updateColors();

  vtkRenderer* renderer_;
  vtkSmartPointer<vtkPolyData> surface_;
  vtkNew<vtkPolyDataMapper> mapper_;
  vtkNew<vtkPlane> plane_;
  vtkNew<vtkActor> outline_;
  vtkNew<vtkProperty> backface_;
  vtkSmartPointer<vtkLookupTable> octantColors_;
  std::vector<vtkSmartPointer<vtkActor>> actors_;
  double cellSize_ = 1.0;
  int tiles_ = 1;
  bool clip_ = false;
  int clipAxis_ = 0;
  double clipPosition_ = 0.5;
  bool octant_ = false;
};

}  // namespace mf::render
