#include "render/scale_bar.hpp"

#include "core/tensor/format.hpp"

#include <vtkActor2D.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkCommand.h>
#include <vtkCoordinate.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper2D.h>
#include <vtkProperty2D.h>
#include <vtkRenderer.h>
#include <vtkTextActor.h>
#include <vtkTextProperty.h>

#include <cmath>
#include <cstdio>
#include <numbers>

namespace mf::render {
namespace {

constexpr double kLongestPixels = 140.0;  // the bar is the longest round length up to this
constexpr double kMargin = 18.0;

// "½ cell", "2 cells", "0.2 cell".
std::string cellShare(double cells) {
  if (std::abs(cells - 0.5) < 1e-9) return "\u00bd cell";
  if (std::abs(cells - 0.25) < 1e-9) return "\u00bc cell";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g cell%s", cells, cells > 1.0 + 1e-9 ? "s" : "");
  return buf;
}

}  // namespace

ScaleBar::ScaleBar(vtkRenderer* renderer) : renderer_(renderer) {
  bar_->GetProperty()->SetColor(0.92, 0.92, 0.92);
  bar_->GetProperty()->SetLineWidth(2.0);
  text_->GetTextProperty()->SetFontSize(13);
  text_->GetTextProperty()->SetColor(0.92, 0.92, 0.92);
  text_->GetTextProperty()->SetJustificationToRight();  // ends with the bar, never past the view's edge
  text_->GetTextProperty()->ShadowOn();
  renderer_->AddActor2D(bar_);
  renderer_->AddActor2D(text_);
  vtkNew<vtkCallbackCommand> command;
  command->SetCallback(&ScaleBar::beforeFrame);
  command->SetClientData(this);
  observer_ = renderer_->AddObserver(vtkCommand::StartEvent, command);
}

ScaleBar::~ScaleBar() {
  renderer_->RemoveObserver(observer_);
  renderer_->RemoveActor2D(bar_);
  renderer_->RemoveActor2D(text_);
}

void ScaleBar::setPrintedCell(double size, const std::string& unit) {
  cellSize_ = size > 0 ? size : 1.0;
  unit_ = unit;
}

void ScaleBar::setVisible(bool visible) {
  bar_->SetVisibility(visible);
  text_->SetVisibility(visible);
}

void ScaleBar::beforeFrame(vtkObject*, unsigned long, void* self, void*) { static_cast<ScaleBar*>(self)->update(); }

void ScaleBar::update() {
  const int* size = renderer_->GetSize();
  vtkCamera* camera = renderer_->GetActiveCamera();
  if (size[0] <= 0 || size[1] <= 0 || !camera) return;
  // World length per pixel in the plane of the focal point, where the cell is.
  const double worldHeight = camera->GetParallelProjection()
                                 ? 2.0 * camera->GetParallelScale()
                                 : 2.0 * camera->GetDistance() * std::tan(0.5 * camera->GetViewAngle() * std::numbers::pi / 180.0);
  const double worldPerPixel = worldHeight / size[1];
  const double printedPerPixel = worldPerPixel * cellSize_;
  const double length = roundNumberAtMost(kLongestPixels * printedPerPixel);  // in the printed unit
  pixels_ = length / printedPerPixel;
  char value[48];
  std::snprintf(value, sizeof value, "%g %s", length, unit_.c_str());
  label_ = std::string(value) + " \u00b7 " + cellShare(length / cellSize_);

  const double x1 = size[0] - kMargin, x0 = x1 - pixels_, y = kMargin + 4.0;
  vtkNew<vtkPoints> points;
  points->InsertNextPoint(x0, y, 0);
  points->InsertNextPoint(x1, y, 0);
  points->InsertNextPoint(x0, y - 4, 0);
  points->InsertNextPoint(x0, y + 4, 0);
  points->InsertNextPoint(x1, y - 4, 0);
  points->InsertNextPoint(x1, y + 4, 0);
  vtkNew<vtkCellArray> lines;
  for (vtkIdType i = 0; i < 6; i += 2) {
    const vtkIdType ends[2] = {i, i + 1};
    lines->InsertNextCell(2, ends);
  }
  vtkNew<vtkPolyData> shape;
  shape->SetPoints(points);
  shape->SetLines(lines);
  vtkNew<vtkPolyDataMapper2D> mapper;
  mapper->SetInputData(shape);
  bar_->SetMapper(mapper);
  text_->SetInput(label_.c_str());
  text_->SetDisplayPosition(static_cast<int>(x1), static_cast<int>(y + 8));
}

}  // namespace mf::render
