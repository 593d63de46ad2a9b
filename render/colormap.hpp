#pragma once
// The one colour map for stiffness everywhere in MetaForge: viridis (perceptually uniform,
// readable in grey scale and by colour-blind users).

#include <vtkSmartPointer.h>

#include <array>

class vtkLookupTable;

namespace mf::render {

// 256-entry viridis table over [min, max], widened to at least 1 % of the mean value so that a
// (nearly) constant field such as an isotropic E(d) shows as one colour.
vtkSmartPointer<vtkLookupTable> makeStiffnessLookupTable(double min, double max);

// The viridis colour at t ∈ [0, 1] (clamped), as RGB in [0, 1], for painters outside VTK.
std::array<double, 3> viridisColor(double t);

}  // namespace mf::render
