#include "render/property_space_scene.hpp"

#include "render/legend_placement.hpp"

#include "render/colormap.hpp"

#include <vtkActor.h>
#include <vtkBillboardTextActor3D.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCubeAxesActor.h>
#include <vtkDoubleArray.h>
#include <vtkGlyph3D.h>
#include <vtkLineSource.h>
#include <vtkLookupTable.h>
#include <vtkPointData.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkPolyLineSource.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkScalarBarActor.h>
#include <vtkSphereSource.h>
#include <vtkTextProperty.h>
#include <vtkAppendPolyData.h>

#include <algorithm>

namespace mf::render {
namespace {

constexpr double kRadius = 0.022;  // of the unit box

vtkSmartPointer<vtkPolyData> glyphs(const std::vector<std::array<double, 3>>& centres, const std::vector<double>& scalars,
                                    double radius) {
  vtkNew<vtkPoints> points;
  vtkNew<vtkDoubleArray> values;
  values->SetName("error");
  for (std::size_t i = 0; i < centres.size(); ++i) {
    points->InsertNextPoint(centres[i].data());
    values->InsertNextValue(scalars[i]);
  }
  vtkNew<vtkPolyData> input;
  input->SetPoints(points);
  input->GetPointData()->SetScalars(values);
  vtkNew<vtkSphereSource> sphere;
  sphere->SetRadius(radius);
  sphere->SetThetaResolution(20);
  sphere->SetPhiResolution(14);
  vtkNew<vtkGlyph3D> glyph;
  glyph->SetInputData(input);
  glyph->SetSourceConnection(sphere->GetOutputPort());
  glyph->ScalingOff();
  glyph->SetColorModeToColorByScalar();
  glyph->Update();
  auto out = vtkSmartPointer<vtkPolyData>::New();
  out->ShallowCopy(glyph->GetOutput());
  return out;
}

}  // namespace

PropertySpaceScene::PropertySpaceScene(vtkRenderer* renderer) : renderer_(renderer) {
  cubeAxes_->SetCamera(renderer_->GetActiveCamera());
  cubeAxes_->SetBounds(0, 1, 0, 1, 0, 1);
  cubeAxes_->SetFlyModeToOuterEdges();
  cubeAxes_->SetGridLineLocation(vtkCubeAxesActor::VTK_GRID_LINES_FURTHEST);
  cubeAxes_->SetScreenSize(12.0);
  cubeAxes_->SetXLabelFormat("%.3g");
  cubeAxes_->SetYLabelFormat("%.3g");
  cubeAxes_->SetZLabelFormat("%.3g");
  cubeAxes_->DrawXGridlinesOn();
  cubeAxes_->DrawYGridlinesOn();
  cubeAxes_->DrawZGridlinesOn();
  for (int a = 0; a < 3; ++a) {
    cubeAxes_->GetTitleTextProperty(a)->SetColor(0.92, 0.92, 0.92);
    cubeAxes_->GetTitleTextProperty(a)->SetFontSize(14);
    cubeAxes_->GetLabelTextProperty(a)->SetColor(0.8, 0.8, 0.8);
    cubeAxes_->GetLabelTextProperty(a)->SetFontSize(12);
  }
  cubeAxes_->GetXAxesLinesProperty()->SetColor(0.7, 0.7, 0.7);
  cubeAxes_->GetYAxesLinesProperty()->SetColor(0.7, 0.7, 0.7);
  cubeAxes_->GetZAxesLinesProperty()->SetColor(0.7, 0.7, 0.7);
  cubeAxes_->GetXAxesGridlinesProperty()->SetColor(0.4, 0.42, 0.46);
  cubeAxes_->GetYAxesGridlinesProperty()->SetColor(0.4, 0.42, 0.46);
  cubeAxes_->GetZAxesGridlinesProperty()->SetColor(0.4, 0.42, 0.46);
  cubeAxes_->SetLabelScaling(false, 0, 0, 0);
  renderer_->AddActor(cubeAxes_);

  for (vtkActor* a : {pointsActor_.Get(), selectedActor_.Get(), targetActor_.Get(), curveActor_.Get()}) {
    a->VisibilityOff();
    renderer_->AddActor(a);
  }
  targetActor_->GetProperty()->SetColor(1.0, 1.0, 1.0);
  targetActor_->GetProperty()->SetLineWidth(3.0);
  targetActor_->GetProperty()->LightingOff();
  curveActor_->GetProperty()->SetColor(0.95, 0.55, 0.18);
  curveActor_->GetProperty()->SetLineWidth(2.0);
  curveActor_->GetProperty()->LightingOff();
  selectedActor_->GetProperty()->SetColor(1.0, 1.0, 1.0);
  selectedActor_->GetProperty()->SetRepresentationToWireframe();
  selectedActor_->GetProperty()->LightingOff();

  legend_->SetTitle("error %");
  legend_->SetNumberOfLabels(4);
  legend_->SetLabelFormat("%.3g");
  legend_->SetMaximumWidthInPixels(80);
  legend_->SetBarRatio(0.25);
  legend_->SetPosition(0.88, 0.15);
  legend_->SetPosition2(0.11, 0.6);
  legend_->UnconstrainedFontSizeOn();
  for (vtkTextProperty* t : {legend_->GetTitleTextProperty(), legend_->GetLabelTextProperty()}) {
    t->SetFontSize(12);
    t->ShadowOff();
    t->ItalicOff();
    t->BoldOff();
    t->SetColor(0.92, 0.92, 0.92);
  }
  legend_->VisibilityOff();
  renderer_->AddViewProp(legend_);
  legendAnchor_ = anchorLegend(renderer_, legend_, {90, 0.15, 0.6});
}

PropertySpaceScene::~PropertySpaceScene() {
  for (auto& l : labels_) renderer_->RemoveActor(l);
  for (vtkActor* a : {pointsActor_.Get(), selectedActor_.Get(), targetActor_.Get(), curveActor_.Get()})
    renderer_->RemoveActor(a);
  renderer_->RemoveActor(cubeAxes_);
  releaseLegend(renderer_, legendAnchor_);
  renderer_->RemoveViewProp(legend_);
}

std::array<double, 3> PropertySpaceScene::toBox(const std::array<double, 3>& v) const {
  std::array<double, 3> b{};
  for (int a = 0; a < 3; ++a) {
    const auto& ax = axes_[static_cast<std::size_t>(a)];
    const double span = ax.max > ax.min ? ax.max - ax.min : 1.0;
    b[static_cast<std::size_t>(a)] = (v[static_cast<std::size_t>(a)] - ax.min) / span;
  }
  return b;
}

void PropertySpaceScene::setAxes(const std::array<PropertyAxis, 3>& axes) {
  axes_ = axes;
  cubeAxes_->SetXTitle(axes[0].title.c_str());
  cubeAxes_->SetYTitle(axes[1].title.c_str());
  cubeAxes_->SetZTitle(axes[2].title.c_str());
  cubeAxes_->SetXAxisRange(axes[0].min, axes[0].max);
  cubeAxes_->SetYAxisRange(axes[1].min, axes[1].max);
  cubeAxes_->SetZAxisRange(axes[2].min, axes[2].max);
  rebuild();
}

void PropertySpaceScene::setPoints(const std::vector<PropertyPoint>& points) {
  points_ = points;
  rebuild();
}

void PropertySpaceScene::setTarget(const std::optional<std::array<double, 3>>& target) {
  target_ = target;
  rebuild();
}

void PropertySpaceScene::setCurve(const std::vector<std::array<double, 3>>& curve) {
  curve_ = curve;
  rebuild();
}

void PropertySpaceScene::rebuild() {
  for (auto& l : labels_) renderer_->RemoveActor(l);
  labels_.clear();

  // Points coloured by error: viridis from 0 to the largest error shown (grey when unknown).
  std::vector<std::array<double, 3>> all, selected;
  std::vector<double> errors, zeros;
  double maxError = 0.0;
  for (const auto& p : points_)
    if (p.error) maxError = std::max(maxError, 100.0 * *p.error);
  if (maxError <= 0.0) maxError = 1.0;
  for (const auto& p : points_) {
    const auto b = toBox(p.value);
    all.push_back(b);
    errors.push_back(p.error ? 100.0 * *p.error : -1.0);
    if (p.selected) {
      selected.push_back(b);
      zeros.push_back(0.0);
    }
    auto label = vtkSmartPointer<vtkBillboardTextActor3D>::New();
    label->SetInput(p.label.c_str());
    label->SetPosition(b[0] + 1.6 * kRadius, b[1] + 1.6 * kRadius, b[2] + 1.6 * kRadius);
    label->GetTextProperty()->SetFontSize(13);
    label->GetTextProperty()->SetColor(p.selected ? 1.0 : 0.85, p.selected ? 1.0 : 0.85, p.selected ? 1.0 : 0.85);
    label->GetTextProperty()->SetBold(p.selected);
    label->GetTextProperty()->ShadowOn();
    renderer_->AddActor(label);
    labels_.push_back(label);
  }
  if (!all.empty()) {
    auto lut = makeStiffnessLookupTable(0.0, maxError);
    lut->SetBelowRangeColor(0.55, 0.55, 0.55, 1.0);
    lut->UseBelowRangeColorOn();
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(glyphs(all, errors, kRadius));
    mapper->SetLookupTable(lut);
    mapper->UseLookupTableScalarRangeOn();
    mapper->ScalarVisibilityOn();
    pointsActor_->SetMapper(mapper);
    pointsActor_->VisibilityOn();
    legend_->SetLookupTable(lut);
    legend_->VisibilityOn();
  } else {
    pointsActor_->VisibilityOff();
    legend_->VisibilityOff();
  }
  if (!selected.empty()) {
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputData(glyphs(selected, zeros, 1.7 * kRadius));
    mapper->ScalarVisibilityOff();
    selectedActor_->SetMapper(mapper);
    selectedActor_->VisibilityOn();
  } else {
    selectedActor_->VisibilityOff();
  }

  if (target_) {
    // A 3-D cross through the target.
    const auto b = toBox(*target_);
    vtkNew<vtkAppendPolyData> cross;
    for (int a = 0; a < 3; ++a) {
      vtkNew<vtkLineSource> line;
      double p0[3] = {b[0], b[1], b[2]}, p1[3] = {b[0], b[1], b[2]};
      p0[a] -= 0.06;
      p1[a] += 0.06;
      line->SetPoint1(p0);
      line->SetPoint2(p1);
      cross->AddInputConnection(line->GetOutputPort());
    }
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(cross->GetOutputPort());
    targetActor_->SetMapper(mapper);
    targetActor_->VisibilityOn();
    auto label = vtkSmartPointer<vtkBillboardTextActor3D>::New();
    label->SetInput("target");
    label->SetPosition(b[0] + 0.07, b[1], b[2] + 0.02);
    label->GetTextProperty()->SetFontSize(13);
    label->GetTextProperty()->SetColor(1.0, 1.0, 1.0);
    label->GetTextProperty()->SetBold(true);
    renderer_->AddActor(label);
    labels_.push_back(label);
  } else {
    targetActor_->VisibilityOff();
  }

  if (curve_.size() >= 2) {
    vtkNew<vtkPolyLineSource> line;
    line->SetNumberOfPoints(static_cast<vtkIdType>(curve_.size()));
    for (std::size_t i = 0; i < curve_.size(); ++i) {
      const auto b = toBox(curve_[i]);
      line->SetPoint(static_cast<vtkIdType>(i), b[0], b[1], b[2]);
    }
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(line->GetOutputPort());
    curveActor_->SetMapper(mapper);
    curveActor_->VisibilityOn();
  } else {
    curveActor_->VisibilityOff();
  }
}

}  // namespace mf::render
