// Thresholding the sampler's field: the volume fraction asked for, and bridges that follow the
// field where the cell would otherwise fall apart.
#include "core/generative/octant_threshold.hpp"

#include "core/design/metrics.hpp"
#include "core/voxel/symmetry.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace mf::generative {
namespace {

constexpr int m = 8;

// A field on the octant that is symmetric under its axis permutations (as the sampler's is):
// a confident ball at one corner, rods along the three axes through it that the model was
// unsure of (just below ½), confident void elsewhere.
std::vector<float> ballAndRods(int* ballVoxels) {
  std::vector<float> f(m * m * m);
  *ballVoxels = 0;
  for (int k = 0; k < m; ++k)
    for (int j = 0; j < m; ++j)
      for (int i = 0; i < m; ++i) {
        const bool ball = i * i + j * j + k * k < 9;
        const int thin = (j < 2 && k < 2) + (i < 2 && k < 2) + (i < 2 && j < 2);
        f[static_cast<std::size_t>((k * m + j) * m + i)] = ball ? 0.9f : thin > 0 ? -0.2f : -0.95f;
        *ballVoxels += ball;
      }
  return f;
}

TEST(OctantThreshold, GivesTheAskedVolumeFractionAndACubicCell) {
  // A distinct value per orbit (the sorted coordinates), none shared between orbits.
  std::vector<float> f(m * m * m);
  for (int k = 0; k < m; ++k)
    for (int j = 0; j < m; ++j)
      for (int i = 0; i < m; ++i) {
        int a[3] = {i, j, k};
        std::sort(a, a + 3);
        const double key = (a[0] * m + a[1]) * m + a[2] + 1;
        f[static_cast<std::size_t>((k * m + j) * m + i)] = float(std::fmod(std::sin(key) * 43758.5453, 1.0));
      }
  for (double vf : {0.05, 0.2, 0.5}) {
    OctantThresholdOptions o;
    o.volumeFraction = vf;
    o.maxBridgeVolumeFraction = 0;
    const ThresholdedCell t = thresholdOctant(f.data(), m, o);
    EXPECT_EQ(t.cell.nx(), 2 * m);
    EXPECT_TRUE(isCubicSymmetric(t.cell));
    // Orbits (at most 6 voxels) share a value and go in together: within one orbit of vf.
    EXPECT_NEAR(volumeFraction(t.cell), vf, 6.0 / (m * m * m));
  }
}

TEST(OctantThreshold, BridgesAlongTheFieldWhereTheCellWouldFallApart) {
  int ball = 0;
  const std::vector<float> f = ballAndRods(&ball);
  OctantThresholdOptions o;
  o.volumeFraction = double(ball) / (m * m * m);
  o.maxBridgeVolumeFraction = 0;
  const ThresholdedCell alone = thresholdOctant(f.data(), m, o);
  EXPECT_FALSE(design::isConnected(alone.cell));  // balls at the corners: no load path
  EXPECT_NEAR(volumeFraction(alone.cell), *o.volumeFraction, 1e-12);
  o.maxBridgeVolumeFraction = 0.3;
  const ThresholdedCell bridged = thresholdOctant(f.data(), m, o);
  EXPECT_TRUE(design::isConnected(bridged.cell));
  EXPECT_TRUE(isCubicSymmetric(bridged.cell));
  EXPECT_GT(bridged.bridgedVolumeFraction, 0.0);
  EXPECT_LE(bridged.bridgedVolumeFraction, 0.3);
  // The bridge is made of the rods (the next most likely voxels), never of confident void,
  // and the ball is all still there.
  for (std::size_t v = 0; v < bridged.cell.size(); ++v) {
    if (alone.cell[v]) {
      EXPECT_TRUE(bridged.cell[v]);
    }
  }
  const BinaryCell octant = extractOctant(bridged.cell);
  for (int k = 0; k < m; ++k)
    for (int j = 0; j < m; ++j)
      for (int i = 0; i < m; ++i)
        if (f[static_cast<std::size_t>((k * m + j) * m + i)] < -0.5f) {
          EXPECT_FALSE(octant(i, j, k)) << i << j << k;
        }
  // A bridge out of reach leaves the cell as it was.
  o.maxBridgeVolumeFraction = 0.01;
  EXPECT_EQ(thresholdOctant(f.data(), m, o).cell, alone.cell);
  EXPECT_EQ(thresholdOctant(f.data(), m, o).bridgedVolumeFraction, 0.0);
}

}  // namespace
}  // namespace mf::generative
