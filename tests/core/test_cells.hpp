#pragma once
// Cells the core tests share.

#include "core/voxel/voxel_grid.hpp"

#include <random>

namespace mf::test {

// Independent random voxels, solid with probability `solid`.
inline BinaryCell randomCell(int nx, int ny, int nz, double solid, unsigned seed) {
  std::mt19937 rng(seed);
  std::bernoulli_distribution b(solid);
  BinaryCell c(nx, ny, nz);
  for (auto& v : c.data()) v = b(rng);
  return c;
}
inline BinaryCell randomCell(int n, double solid, unsigned seed) { return randomCell(n, n, n, solid, seed); }

}  // namespace mf::test
