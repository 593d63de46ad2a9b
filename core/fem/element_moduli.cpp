#include "core/fem/element_moduli.hpp"

#include "core/tensor/format.hpp"

#include <cmath>
#include <stdexcept>

namespace mf::fem {

ElementModuli ElementModuli::fromGrid(const VoxelGrid<double>& grid) {
  if (grid.empty()) throw std::invalid_argument("the cell is empty (0 voxels)");
  ElementModuli m;
  m.dims = grid.dims();
  m.values = grid.data();
  double first = -1.0, second = -1.0;
  bool many = false, anyStiff = false;
  for (int k = 0; k < grid.nz(); ++k)
    for (int j = 0; j < grid.ny(); ++j)
      for (int i = 0; i < grid.nx(); ++i) {
        const double v = grid(i, j, k);
        const std::string where = " at voxel (" + std::to_string(i) + ", " + std::to_string(j) +
                                  ", " + std::to_string(k) + ")";
        if (std::isnan(v)) throw std::invalid_argument("density is NaN" + where);
        if (!std::isfinite(v)) throw std::invalid_argument("modulus is infinite" + where);
        if (v < 0.0) throw std::invalid_argument("modulus " + formatNumber(v) + " is negative" + where);
        anyStiff = anyStiff || v > 0.0;
        if (many) continue;
        if (first < 0.0 || v == first) first = v;
        else if (second < 0.0 || v == second) second = v;
        else many = true;
      }
  if (!anyStiff)
    throw std::domain_error("the cell has no solid voxels: its stiffness is zero and the FE "
                            "system is singular");
  if (!many) {
    m.twoPhase = true;
    m.soft = second < 0.0 ? 0.0 : std::min(first, second);
    m.stiff = second < 0.0 ? first : std::max(first, second);
  }
  return m;
}

}  // namespace mf::fem
