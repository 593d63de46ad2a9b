#pragma once
// The one colour map for stiffness everywhere in MetaForge: viridis (perceptually uniform,
// readable in grey scale and by colour-blind users).

#include <vtkSmartPointer.h>

class vtkLookupTable;

namespace mf::render {

// 256-entry viridis table over [min, max]. A degenerate range is widened slightly so that a
// constant field (an isotropic E(d)) still maps to one colour instead of failing.
vtkSmartPointer<vtkLookupTable> makeStiffnessLookupTable(double min, double max);

}  // namespace mf::render
