#include "render/microstructure_scene.hpp"

#include <vtkActor.h>
#include <vtkFloatArray.h>
#include <vtkLookupTable.h>
#include <vtkOutlineSource.h>
#include <vtkPlane.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>

#include <algorithm>

namespace mf::render {
namespace {

// A warm light grey for the solid, an accent orange for the octant.
constexpr double kSolid[3] = {0.80, 0.82, 0.86};
constexpr double kOctant[3] = {0.95, 0.55, 0.18};

}  // namespace

MicrostructureScene::MicrostructureScene(vtkRenderer* renderer) : renderer_(renderer) {
  mapper_->ScalarVisibilityOff();
  octantColors_ = vtkSmartPointer<vtkLookupTable>::New();
  octantColors_->SetNumberOfTableValues(2);
  octantColors_->SetTableValue(0, kSolid[0], kSolid[1], kSolid[2]);
  octantColors_->SetTableValue(1, kOctant[0], kOctant[1], kOctant[2]);
  octantColors_->SetRange(0.0, 1.0);
  octantColors_->Build();
  mapper_->SetLookupTable(octantColors_);
  mapper_->SetScalarRange(0.0, 1.0);
  mapper_->SetScalarModeToUsePointFieldData();
  mapper_->SelectColorArray("octant");

  backface_->SetColor(0.42, 0.36, 0.34);
  backface_->SetDiffuse(0.7);
  backface_->SetAmbient(0.3);
  outline_->GetProperty()->SetColor(0.55, 0.58, 0.62);
  outline_->GetProperty()->SetLineWidth(1.0);
  outline_->PickableOff();
  outline_->VisibilityOff();
  renderer_->AddActor(outline_);
}

MicrostructureScene::~MicrostructureScene() {
  for (auto& a : actors_) renderer_->RemoveActor(a);
  renderer_->RemoveActor(outline_);
}

void MicrostructureScene::setSurface(vtkSmartPointer<vtkPolyData> surface, double cellSize) {
  surface_ = surface;
  cellSize_ = cellSize;
  if (surface_) {
    // Per-point flag: inside the octant [0, ½]³ of the cell.
    vtkNew<vtkFloatArray> flag;
    flag->SetName("octant");
    const vtkIdType n = surface_->GetNumberOfPoints();
    flag->SetNumberOfValues(n);
    const double half = 0.5 * cellSize_ + 1e-6 * cellSize_;
    for (vtkIdType i = 0; i < n; ++i) {
      double p[3];
      surface_->GetPoint(i, p);
      flag->SetValue(i, p[0] <= half && p[1] <= half && p[2] <= half ? 1.0f : 0.0f);
    }
    surface_->GetPointData()->AddArray(flag);
    mapper_->SetInputData(surface_);
  }
  rebuildTiles();
}

void MicrostructureScene::setTiles(int tiles) {
  tiles = std::clamp(tiles, 1, 8);
  if (tiles == tiles_) return;
  tiles_ = tiles;
  rebuildTiles();
}

void MicrostructureScene::rebuildTiles() {
  for (auto& a : actors_) renderer_->RemoveActor(a);
  actors_.clear();
  outline_->SetVisibility(surface_ != nullptr);
  if (!surface_) return;
  for (int k = 0; k < tiles_; ++k)
    for (int j = 0; j < tiles_; ++j)
      for (int i = 0; i < tiles_; ++i) {
        auto actor = vtkSmartPointer<vtkActor>::New();
        actor->SetMapper(mapper_);
        actor->SetPosition(i * cellSize_, j * cellSize_, k * cellSize_);
        vtkProperty* p = actor->GetProperty();
        p->SetColor(kSolid[0], kSolid[1], kSolid[2]);
        p->SetDiffuse(0.85);
        p->SetAmbient(0.18);
        p->SetSpecular(0.15);
        p->SetSpecularPower(30);
        // The clip plane opens the solid: its inside shows darker, so cut faces read as cuts.
        // Without a clip the surface is closed and its back faces are never seen: culling them
        // halves the pixels software OpenGL shades in a tiled block.
        actor->SetBackfaceProperty(backface_);
        p->SetBackfaceCulling(!clip_);
        renderer_->AddActor(actor);
        actors_.push_back(actor);
      }
  vtkNew<vtkOutlineSource> box;
  box->SetBounds(0, tiles_ * cellSize_, 0, tiles_ * cellSize_, 0, tiles_ * cellSize_);
  vtkNew<vtkPolyDataMapper> boxMapper;
  boxMapper->SetInputConnection(box->GetOutputPort());
  outline_->SetMapper(boxMapper);
  setClip(clip_, clipAxis_, clipPosition_);
  updateColors();
}

void MicrostructureScene::setClip(bool enabled, int axis, double position) {
  clip_ = enabled;
  clipAxis_ = std::clamp(axis, 0, 2);
  clipPosition_ = std::clamp(position, 0.0, 1.0);
  mapper_->RemoveAllClippingPlanes();
  for (auto& a : actors_) a->GetProperty()->SetBackfaceCulling(!clip_);
  if (!clip_) return;
  double origin[3] = {0, 0, 0}, normal[3] = {0, 0, 0};
  origin[clipAxis_] = clipPosition_ * tiles_ * cellSize_;
  normal[clipAxis_] = 1.0;  // keeps the side the normal points to
  plane_->SetOrigin(origin);
  plane_->SetNormal(normal);
  mapper_->AddClippingPlane(plane_);
}

void MicrostructureScene::setOctantHighlight(bool on) {
  octant_ = on;
  updateColors();
}

void MicrostructureScene::updateColors() { mapper_->SetScalarVisibility(octant_ && surface_ != nullptr); }

long long MicrostructureScene::triangleCount() const {
  return surface_ ? static_cast<long long>(surface_->GetNumberOfPolys()) * static_cast<long long>(actors_.size()) : 0;
}

}  // namespace mf::render
