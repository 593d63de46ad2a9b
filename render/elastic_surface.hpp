#pragma once
// The elastic surface of a stiffness tensor: the closed surface r(d) = E(d)·d over all unit
// directions d, with E(d) as point scalars (array "E").

#include "core/tensor/stiffness.hpp"

#include <vtkSmartPointer.h>

class vtkPolyData;

namespace mf::render {

// `subdivisions` per cube edge of the underlying equal-angle cube sphere (6·n² quads). Its
// vertices include the ⟨100⟩ and ⟨111⟩ directions exactly, where cubic tensors have their
// extremes. Throws std::domain_error (with the reason) for an inadmissible tensor.
vtkSmartPointer<vtkPolyData> buildElasticSurface(const Stiffness& c, int subdivisions = 32);

}  // namespace mf::render
