#pragma once
// The two smoothing steps between design variables x and the physical density ρ̄ of SIMP
// topology optimization (Wang, Lazarov, Sigmund 2011):
//   ρ̃ = F x      a periodic cone ("hat") filter of radius R voxels: a minimum length scale and
//                no checkerboards;
//   ρ̄ = H_β(ρ̃)  a smoothed Heaviside projection about η that pushes ρ̃ towards 0/1 as β grows.
// The cone filter is a normalized periodic convolution with a symmetric kernel, so Fᵀ = F and
// the chain rule through it applies the same filter again.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <vector>

namespace mf::optimize {

class DensityFilter {
 public:
  explicit DensityFilter(double radius);  // radius in voxels, ≥ 1 (1 = no filtering)
  DensityCell apply(const DensityCell& x) const;
  double radius() const { return radius_; }

 private:
  struct Tap {
    std::array<int, 3> offset;
    double weight;  // normalized: the weights sum to 1
  };
  double radius_;
  std::vector<Tap> taps_;
};

struct HeavisideProjection {
  double beta = 1.0;
  double eta = 0.5;
  double value(double rho) const;       // H_β(ρ̃)
  double derivative(double rho) const;  // dH_β/dρ̃
  DensityCell apply(const DensityCell& filtered) const;
};

// Mean of 4ρ(1 − ρ): 0 for a black-and-white design, 1 for all-grey 0.5.
double grayness(const DensityCell& density);

}  // namespace mf::optimize
