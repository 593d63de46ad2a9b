#pragma once
// A scale bar for views of cells: a horizontal bar in the lower right whose length is a round
// number of the unit the cell is printed in (1, 2 or 5 × 10^k: "5 mm"), with the share of a cell
// it spans ("½ cell"). It is re-measured before every frame from the camera, so it stays true
// while the user zooms.

#include <vtkNew.h>

#include <string>

class vtkActor2D;
class vtkObject;
class vtkRenderer;
class vtkTextActor;

namespace mf::render {

class ScaleBar {
 public:
  explicit ScaleBar(vtkRenderer* renderer);
  ~ScaleBar();
  ScaleBar(const ScaleBar&) = delete;
  ScaleBar& operator=(const ScaleBar&) = delete;

  // One cell (the unit cube of the scene) is `size` `unit` when printed.
  void setPrintedCell(double size, const std::string& unit);
  void setVisible(bool visible);
  // What the last frame showed: the bar's label and its length on screen in pixels.
  const std::string& label() const { return label_; }
  double lengthPixels() const { return pixels_; }

 private:
  static void beforeFrame(vtkObject* caller, unsigned long, void* self, void*);
  void update();

  vtkRenderer* renderer_;
  vtkNew<vtkActor2D> bar_;
  vtkNew<vtkTextActor> text_;
  unsigned long observer_ = 0;
  double cellSize_ = 10.0;
  std::string unit_ = "mm";
  std::string label_;
  double pixels_ = 0.0;
};

}  // namespace mf::render
