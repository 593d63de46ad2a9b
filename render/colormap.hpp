#pragma once
// The one colour map for stiffness everywhere in MetaForge: viridis (perceptually uniform,
// readable in grey scale and by colour-blind users).

#include <vtkSmartPointer.h>

class vtkLookupTable;

namespace mf::render {

// 256-entry viridis table over [min, max], widened to at least 1 % of the mean value so that a
// (nearly) constant field such as an isotropic E(d) shows as one colour.
vtkSmartPointer<vtkLookupTable> makeStiffnessLookupTable(double min, double max);

}  // namespace mf::render
