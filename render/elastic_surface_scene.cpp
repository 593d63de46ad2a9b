#include "render/elastic_surface_scene.hpp"

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

namespace mf::render {

ElasticSurfaceScene::ElasticSurfaceScene(vtkRenderer* renderer) : renderer_(renderer) {
  mapper_->ScalarVisibilityOn();
  mapper_->InterpolateScalarsBeforeMappingOn();
  actor_->SetMapper(mapper_);
  actor_->GetProperty()->SetSpecular(0.08);
  actor_->GetProperty()->SetSpecularPower(20);
  actor_->GetProperty()->SetDiffuse(0.8);
  actor_->GetProperty()->SetAmbient(0.25);
  actor_->VisibilityOff();

  legend_->SetTitle("E(d) / E_s");
  legend_->SetNumberOfLabels(5);
  legend_->SetLabelFormat("%.4g");
  legend_->SetVerticalTitleSeparation(6);
  legend_->SetMaximumWidthInPixels(90);
  legend_->SetBarRatio(0.25);
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
  renderer_->AddViewProp(legend_);
}

ElasticSurfaceScene::~ElasticSurfaceScene() {
  renderer_->RemoveActor(actor_);
  renderer_->RemoveViewProp(legend_);
}

void ElasticSurfaceScene::setTensor(const Stiffness& c) {
  auto surface = buildElasticSurface(c);  // throws before anything changes
  double range[2];
  surface->GetPointData()->GetScalars()->GetRange(range);
  min_ = range[0];
  max_ = range[1];
  auto lut = makeStiffnessLookupTable(min_, max_);
  mapper_->SetInputData(surface);
  mapper_->SetLookupTable(lut);
  mapper_->UseLookupTableScalarRangeOn();
  legend_->SetLookupTable(lut);
  actor_->VisibilityOn();
  legend_->VisibilityOn();
  hasTensor_ = true;
}

}  // namespace mf::render
