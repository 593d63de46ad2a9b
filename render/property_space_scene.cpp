#include "render/property_space_scene.hpp"

#include "render/legend_placement.hpp"

#include "render/colormap.hpp"

#include <vtkActor.h>
#include <vtkActor2D.h>
#include <vtkIntArray.h>
#include <vtkLabelPlacementMapper.h>
#include <vtkPointSetToLabelHierarchy.h>
#include <vtkRegularPolygonSource.h>
#include <vtkStringArray.h>
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
  // Two digits and screen-aligned text: foreshortened axes keep their tick labels apart.
  cubeAxes_->SetXLabelFormat("%.2g");
  cubeAxes_->SetYLabelFormat("%.2g");
  cubeAxes_->SetZLabelFormat("%.2g");
  cubeAxes_->SetUse2DMode(1);
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
  targetActor_->GetProperty()->SetLineWidth(1.5);
  targetActor_->GetProperty()->LightingOff();
  curveActor_->GetProperty()->SetColor(0.95, 0.55, 0.18);
  curveActor_->GetProperty()->SetLineWidth(2.0);
  curveActor_->GetProperty()->LightingOff();
  // A halo, not a cage: the point inside keeps its colour.
  selectedActor_->GetProperty()->SetColor(1.0, 1.0, 1.0);
  selectedActor_->GetProperty()->SetOpacity(0.28);
  selectedActor_->GetProperty()->LightingOff();
  labels_->VisibilityOff();
  renderer_->AddActor2D(labels_);

  legend_->SetTitle("Eq. 18 %");
  legend_->SetVerticalTitleSeparation(6);
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
  renderer_->RemoveActor2D(labels_);
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
  // Points coloured by error: viridis from 0 to the largest error shown (grey when unknown).
  std::vector<std::array<double, 3>> all, selected;
  std::vector<double> errors, zeros;
  double maxError = 0.0;
  for (const auto& p : points_)
    if (p.error) maxError = std::max(maxError, 100.0 * *p.error);
  if (maxError <= 0.0) maxError = 1.0;
  // Labels, each just above and right of its anchor; where two would overlap the one with the
  // higher priority stays: the selected, the target, then the lower errors.
  vtkNew<vtkPoints> anchors;
  vtkNew<vtkStringArray> texts;
  texts->SetName("labels");
  vtkNew<vtkIntArray> priorities;
  priorities->SetName("priority");
  auto addLabel = [&](const std::array<double, 3>& at, const std::string& text, int priority) {
    anchors->InsertNextPoint(at.data());
    texts->InsertNextValue(text);
    priorities->InsertNextValue(priority);
  };
  for (const auto& p : points_) {
    const auto b = toBox(p.value);
    all.push_back(b);
    errors.push_back(p.error ? 100.0 * *p.error : -1.0);
    if (p.selected) {
      selected.push_back(b);
      zeros.push_back(0.0);
    }
    const int rank = p.error ? static_cast<int>(1000.0 * (1.0 - std::min(1.0, 100.0 * *p.error / maxError))) : 0;
    addLabel({b[0], b[1], b[2] + 1.3 * kRadius}, p.label, p.selected ? 3000 : 1 + rank);
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
    // A wireframe ball of three rings with short ticks beyond it: it marks the target without
    // covering a candidate that sits on it (the best one often does).
    const auto b = toBox(*target_);
    vtkNew<vtkAppendPolyData> marker;
    const double r = 2.6 * kRadius;
    for (int a = 0; a < 3; ++a) {
      vtkNew<vtkRegularPolygonSource> ring;
      ring->SetNumberOfSides(40);
      ring->GeneratePolygonOff();
      ring->SetRadius(r);
      ring->SetCenter(b[0], b[1], b[2]);
      ring->SetNormal(a == 0 ? 1 : 0, a == 1 ? 1 : 0, a == 2 ? 1 : 0);
      marker->AddInputConnection(ring->GetOutputPort());
      for (const double side : {-1.0, 1.0}) {
        vtkNew<vtkLineSource> tick;
        double p0[3] = {b[0], b[1], b[2]}, p1[3] = {b[0], b[1], b[2]};
        p0[a] += side * r;
        p1[a] += side * 1.8 * r;
        tick->SetPoint1(p0);
        tick->SetPoint2(p1);
        marker->AddInputConnection(tick->GetOutputPort());
      }
    }
    vtkNew<vtkPolyDataMapper> mapper;
    mapper->SetInputConnection(marker->GetOutputPort());
    targetActor_->SetMapper(mapper);
    targetActor_->VisibilityOn();
    addLabel({b[0], b[1], b[2] - 2.2 * r}, "target", 2000);
  } else {
    targetActor_->VisibilityOff();
  }

  if (anchors->GetNumberOfPoints() > 0) {
    vtkNew<vtkPolyData> labelled;
    labelled->SetPoints(anchors);
    labelled->GetPointData()->AddArray(texts);
    labelled->GetPointData()->AddArray(priorities);
    vtkNew<vtkPointSetToLabelHierarchy> hierarchy;
    hierarchy->SetInputData(labelled);
    hierarchy->SetLabelArrayName("labels");
    hierarchy->SetPriorityArrayName("priority");
    vtkTextProperty* text = hierarchy->GetTextProperty();
    text->SetFontSize(13);
    text->SetColor(0.92, 0.92, 0.92);
    text->ShadowOn();
    text->BoldOff();
    text->ItalicOff();
    text->SetJustificationToCentered();
    text->SetVerticalJustificationToBottom();
    vtkNew<vtkLabelPlacementMapper> placement;
    placement->SetInputConnection(hierarchy->GetOutputPort());
    placement->SetShapeToNone();
    placement->UseDepthBufferOff();
    placement->SetMaximumLabelFraction(0.5);  // a few names on a large view are never too many
    labels_->SetMapper(placement);
    labels_->VisibilityOn();
  } else {
    labels_->VisibilityOff();
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
