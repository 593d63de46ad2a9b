#pragma once
// Cells the core tests share.

#include "core/voxel/symmetry.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <algorithm>
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

// A cubic 16³ cell from an octant pattern, as the ends of an interpolation: 0 a thin frame,
// 1 a corner blob.
inline BinaryCell endCell(int kind) {
  BinaryCell o(8);
  for (int k = 0; k < 8; ++k)
    for (int j = 0; j < 8; ++j)
      for (int i = 0; i < 8; ++i) o(i, j, k) = kind == 0 ? (std::min({i, j, k}) < 2) : (i + j + k < 12);
  return cubicSymmetrize(mirrorOctant(o));
}

}  // namespace mf::test
