#pragma once
// Spinodoid cells (seed 004, Kumar et al. 2020, Eq. 1–3): an anisotropic Gaussian random field
// φ(x) = √(2/N) Σ_i cos(β n_i·x + γ_i) whose wave directions n_i are drawn from the union of
// three cones about the axes (half-angles θ1, θ2, θ3), cut at the level that leaves a solid
// volume fraction ρ. The design vector is Θ = (ρ, θ1, θ2, θ3).
//
// Made periodic, because our FE homogenization is (SEED_SPECS §4 [D]): β n_i = 2π k_i / l with
// integer k_i on the shell |k| ∈ [k0 − ½, k0 + ½], k0 = 5 (β = 10π/l, the paper's scale
// separation). The cells tile seamlessly. The lattice's directions are 1/k0 rad ≈ 11.5° apart, so
// a sharp cone would change the cell only where it crosses a lattice direction; each cone's edge
// is therefore a linear ramp one lattice spacing wide (narrowing to a sharp edge at 90°, where the
// cone is the whole sphere), and the field's statistics, and so C^H, change continuously with θ.
// Eq. 1's N → ∞ draws give each lattice direction a random amplitude about its cone weight; we
// give it that weight exactly and keep only its phase γ random (a random-phase field, Gaussian
// by the central limit over the ~150 directions). Same spectrum, and a cell's C^H scatters less
// between seeds (measured: C11 of isotropic ρ = 0.5 cells, 2 % instead of 9 % between seeds).

#include "core/voxel/random_fields.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace mf::spinodoid {

inline constexpr double kMinDensity = 0.3, kMaxDensity = 1.0;  // ρ range of the design space
inline constexpr double kMinConeDegrees = 15.0;                 // θ ∈ {0} ∪ [15°, 90°]
inline constexpr int kWavenumber = 5;                           // k0: β = 2π k0 / l = 10π/l

struct Design {
  double density = 0.5;                       // ρ
  std::array<double, 3> coneDegrees{};        // θ1, θ2, θ3 about e1, e2, e3
  bool operator==(const Design&) const = default;
};

// Empty when Θ lies in the design space, else why not (one sentence).
std::string whyInadmissible(const Design& design);

// The waves of Eq. 1 for this design and seed: one per lattice vector the cones take, amplitude
// √(2w/Σw) for cone weight w, random phase (φ(x) = Σ a cos 2πk·x + b sin 2πk·x, x in cell
// units; unit variance). Reproducible on every machine (our own generator,
// core/voxel/random_fields.hpp). Throws std::invalid_argument for an
// inadmissible design.
std::vector<Wave> waves(const Design& design, std::uint64_t seed);

// The unit-variance field φ of those waves on an n³ grid (x = (i + ½)/n).
DensityCell field(const Design& design, int n, std::uint64_t seed);

// The solid: χ = 1 where φ ≤ φ0 (Eq. 3), with φ0 the level that leaves the fraction ρ of the
// voxels solid (the finite field's own quantile; for N → ∞ it is √2·erf⁻¹(2ρ − 1)). Islands
// that do not touch the main solid are removed, as a print would lose them.
BinaryCell realize(const Design& design, int n, std::uint64_t seed);

// Eq. 3's level for a unit-variance Gaussian field: √2·erf⁻¹(2ρ − 1).
double gaussianLevel(double density);

}  // namespace mf::spinodoid
