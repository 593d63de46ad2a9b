#pragma once
// Colour legends that keep their size in pixels at a view's right edge. VTK places a scalar bar
// in fractions of the view, so in a narrow pane (Compare with four candidates) its labels run
// past the edge ("0.159("); here it is re-anchored before every frame from the view's size.

class vtkRenderer;
class vtkScalarBarActor;

namespace mf::render {

struct LegendBox {
  int widthPx = 100;     // the legend's width; it sits 6 px from the right edge
  double bottom = 0.15;  // of the view's height
  double height = 0.7;
};

// Keeps `legend` placed in `renderer` from now on; returns the observer tag, which the owner
// passes to releaseLegend() before either goes away.
unsigned long anchorLegend(vtkRenderer* renderer, vtkScalarBarActor* legend, const LegendBox& box = {});
void releaseLegend(vtkRenderer* renderer, unsigned long tag);

}  // namespace mf::render
