#pragma once
// The input of the FE engine: the Young's modulus of every voxel (element) of a periodic cell,
// validated. All phases share one Poisson's ratio. A cell whose moduli take at most two values
// (solid/void, or a stiff/soft laminate) is "two-phase", which the engine exploits.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstddef>
#include <vector>

namespace mf::fem {

struct ElementModuli {
  std::array<int, 3> dims{};
  std::vector<double> values;  // per voxel, x fastest, ≥ 0
  bool twoPhase = false;
  double soft = 0.0, stiff = 0.0;  // the two values when twoPhase (soft may be 0: void)

  std::size_t elements() const { return values.size(); }
  std::size_t index(int i, int j, int k) const {
    return (static_cast<std::size_t>(k) * dims[1] + j) * dims[0] + i;
  }

  // Throws std::invalid_argument for an empty grid, a NaN/infinite/negative modulus (naming
  // the voxel), and std::domain_error when no voxel has stiffness (the problem is singular).
  static ElementModuli fromGrid(const VoxelGrid<double>& moduli);
};

}  // namespace mf::fem
