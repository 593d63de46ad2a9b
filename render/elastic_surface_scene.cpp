#include "render/elastic_surface_scene.hpp"

#include "render/legend_placement.hpp"

#include "render/colormap.hpp"
#include "render/elastic_surface.hpp"

#include <vtkActor.h>
#include <vtkDataArray.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkTextProperty.h>

#include <algorithm>
#include <set>
#include <utility>

#include <vtkCellArray.h>
#include <vtkIdList.h>

namespace mf::render {
namespace {

// The edges of the surface's quads as lines (each once): a wireframe without the diagonals
// that drawing the triangulated quads in line mode would show.
vtkSmartPointer<vtkPolyData> quadEdges(vtkPolyData* surface) {
  std::set<std::pair<vtkIdType, vtkIdType>> edges;
  vtkCellArray* polys = surface->GetPolys();
  vtkNew<vtkIdList> ids;
  for (polys->InitTraversal(); polys->GetNextCell(ids);) {
    const vtkIdType n = ids->GetNumberOfIds();
    for (vtkIdType k = 0; k < n; ++k) {
      const vtkIdType a = ids->GetId(k), b = ids->GetId((k + 1) % n);
      edges.emplace(std::min(a, b), std::max(a, b));
    }
  }
  vtkNew<vtkCellArray> lines;
  for (const auto& [a, b] : edges) {
    const vtkIdType line[2] = {a, b};
    lines->InsertNextCell(2, line);
  }
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->SetPoints(surface->GetPoints());
  out->SetLines(lines);
  return out;
}

}  // namespace

ElasticSurfaceScene::ElasticSurfaceScene(vtkRenderer* renderer) : renderer_(renderer) {
  mapper_->ScalarVisibilityOn();
  mapper_->InterpolateScalarsBeforeMappingOn();
  actor_->SetMapper(mapper_);
  actor_->GetProperty()->SetSpecular(0.08);
  actor_->GetProperty()->SetSpecularPower(20);
  actor_->GetProperty()->SetDiffuse(0.8);
  actor_->GetProperty()->SetAmbient(0.25);
  actor_->VisibilityOff();

  // The target: a light wireframe drawn over the candidate, so both read at once.
  targetMapper_->ScalarVisibilityOff();
  targetActor_->SetMapper(targetMapper_);
  targetActor_->GetProperty()->SetColor(0.96, 0.96, 0.96);
  targetActor_->GetProperty()->SetOpacity(0.45);
  targetActor_->GetProperty()->SetLineWidth(1.0);
  targetActor_->GetProperty()->LightingOff();
  targetActor_->VisibilityOff();

  legend_->SetTitle("E(d) / E_s");
  legend_->SetNumberOfLabels(5);
  legend_->SetLabelFormat("%.4g");
  legend_->SetVerticalTitleSeparation(6);
  legend_->SetMaximumWidthInPixels(90);
  legend_->SetBarRatio(0.2);
  legend_->SetPosition(0.86, 0.15);
  legend_->SetPosition2(0.13, 0.7);
  legend_->UnconstrainedFontSizeOn();
  for (vtkTextProperty* t : {legend_->GetTitleTextProperty(), legend_->GetLabelTextProperty()}) {
    t->SetFontSize(13);
    t->ShadowOff();
    t->ItalicOff();
    t->BoldOff();
    t->SetColor(0.92, 0.92, 0.92);
  }
  legend_->VisibilityOff();

  renderer_->AddActor(actor_);
  renderer_->AddActor(targetActor_);
  renderer_->AddViewProp(legend_);
  legendAnchor_ = anchorLegend(renderer_, legend_, {90, 0.15, 0.7});
}

ElasticSurfaceScene::~ElasticSurfaceScene() {
  renderer_->RemoveActor(actor_);
  renderer_->RemoveActor(targetActor_);
  releaseLegend(renderer_, legendAnchor_);
  renderer_->RemoveViewProp(legend_);
}

void ElasticSurfaceScene::setTarget(const std::optional<Stiffness>& c) {
  if (!c) {
    hasTarget_ = false;
    targetActor_->VisibilityOff();
    updateColors();
    return;
  }
  auto surface = buildElasticSurface(*c, 16);  // throws before anything changes
  double range[2];
  surface->GetPointData()->GetScalars()->GetRange(range);
  targetMax_ = range[1];
  targetMapper_->SetInputData(quadEdges(surface));
  targetActor_->VisibilityOn();
  hasTarget_ = true;
  if (!hasCandidate_) {
    min_ = range[0];
    max_ = range[1];
  }
  updateColors();
}

void ElasticSurfaceScene::setCandidate(const std::optional<Stiffness>& c) {
  if (!c) {
    hasCandidate_ = false;
    actor_->VisibilityOff();
    updateColors();
    return;
  }
  auto surface = buildElasticSurface(*c);
  double range[2];
  surface->GetPointData()->GetScalars()->GetRange(range);
  min_ = range[0];
  max_ = range[1];
  mapper_->SetInputData(surface);
  actor_->VisibilityOn();
  hasCandidate_ = true;
  updateColors();
}

void ElasticSurfaceScene::setSharedRange(const std::optional<std::pair<double, double>>& range) {
  shared_ = range;
  updateColors();
}

double ElasticSurfaceScene::extent() const {
  return std::max(hasCandidate_ ? max_ : 0.0, hasTarget_ ? targetMax_ : 0.0);
}

void ElasticSurfaceScene::updateColors() {
  if (!hasCandidate_) {
    legend_->VisibilityOff();
    return;
  }
  const auto [lo, hi] = shared_ ? *shared_ : std::pair<double, double>{min_, max_};
  auto lut = makeStiffnessLookupTable(lo, hi);
  mapper_->SetLookupTable(lut);
  mapper_->UseLookupTableScalarRangeOn();
  legend_->SetLookupTable(lut);
  legend_->VisibilityOn();
}

}  // namespace mf::render
