#pragma once
// Seeded random fields on a periodic cell: the raw material of procedural cells and of topology
// optimization starting points. Everything is drawn from one portable generator (SplitMix64 and
// our own conversions), so a seed gives the same cell on every compiler and machine; the
// standard <random> distributions do not promise that.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace mf {

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t next();
  double uniform();                          // [0, 1)
  double uniform(double lo, double hi);      // [lo, hi)
  int uniformInt(int lo, int hi);            // [lo, hi], inclusive
  double normal();                           // standard normal (Box–Muller)

 private:
  std::uint64_t state_;
};

// A seed for item `index` of a run started with `runSeed`: independent streams per item, so
// items can be computed in any order, on any rank, and give the same result.
std::uint64_t deriveSeed(std::uint64_t runSeed, std::uint64_t index);

// One periodic wave of a field, a·cos 2πk·x + b·sin 2πk·x, with x = (i + ½)/n per axis.
struct Wave {
  std::array<int, 3> k;
  double cosAmp, sinAmp;
};
// The sum of the waves on an n³ grid.
DensityCell sumWaves(int n, const std::vector<Wave>& waves);

// Σ_k a_k cos 2πk·x + b_k sin 2πk·x over `terms` random integer wave vectors k with
// 0 < max|k_i| ≤ maxWave, amplitudes ~ N(0, 1)/|k|; x = (i + ½)/n. Not symmetrized.
DensityCell trigBasisField(int n, int maxWave, int terms, Rng& rng);

// Spinodoid-like Gaussian random field: `waves` cosines with random phases whose integer wave
// vectors have length within ±0.5 of `wavenumber` (periodic by construction) and lie within
// `coneDegrees` of a coordinate axis (90 = any direction). Not symmetrized.
DensityCell gaussianRandomField(int n, double wavenumber, int waves, double coneDegrees, Rng& rng);

// Solid where the field is among the round(fraction · size) largest values. Voxels with equal
// values are all in or all out (whichever lands nearer the fraction), so a field with exact
// symmetries gives a cell with the same symmetries.
BinaryCell thresholdToFraction(const DensityCell& field, double fraction);

// Rescales a field affinely so that its mean is `mean` and it fills as much of [0, 1] as it can
// without clipping beyond `spread` (a starting density for topology optimization).
DensityCell densityWithMean(const DensityCell& field, double mean, double spread);

}  // namespace mf
