#pragma once
// The CUDA twin of the CPU solver: same operator, same multigrid, same answers. Compiled when
// CMake finds nvcc; used at run time only when a device is present (homogenize.hpp's
// cudaAvailable()).

#include "core/fem/element_moduli.hpp"
#include "core/fem/hex8_element.hpp"
#include "core/fem/homogenize.hpp"

#include <vector>

namespace mf::fem::cuda {

HomogenizationResult homogenize(const ElementModuli& moduli, const Hex8& element,
                                const std::vector<Vector6>& strains, const HomogenizationOptions& options,
                                Progress& progress);

}  // namespace mf::fem::cuda
