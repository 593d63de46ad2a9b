// Periodic voxel grids: mirroring, symmetry, components, faces, similarity, resampling.

#include "core/voxel/components.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/resample.hpp"
#include "core/voxel/symmetry.hpp"
#include "core/voxel/voxel_grid.hpp"

#include "tests/core/test_cells.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace mf {
namespace {

using test::randomCell;

TEST(VoxelGrid, LayoutIsXFastestAndAccessWraps) {
  VoxelGrid<int> g(3, 4, 5);
  EXPECT_EQ(g.index(1, 2, 3), static_cast<std::size_t>((3 * 4 + 2) * 3 + 1));
  g(2, 3, 4) = 7;
  EXPECT_EQ(g.wrapped(-1, -1, -1), 7);
  EXPECT_EQ(g.wrapped(5, 7, 9), 7);
  EXPECT_THROW(VoxelGrid<int>(-1, 2, 2), std::invalid_argument);
}

TEST(VoxelGrid, ShiftAndPermuteMoveVoxelsAsDefined) {
  BinaryCell c(4, 5, 6);
  c(1, 2, 3) = 1;
  const BinaryCell s = circularShift(c, 3, -4, 5);
  EXPECT_EQ(s(0, 3, 2), 1);  // (1+3) mod 4, (2−4) mod 5, (3+5) mod 6
  EXPECT_EQ(volumeFraction(s), volumeFraction(c));
  const BinaryCell p = permuteAxes(c, {2, 0, 1});  // out x ← in z, out y ← in x, out z ← in y
  EXPECT_EQ(p.dims(), (std::array<int, 3>{6, 4, 5}));
  EXPECT_EQ(p(3, 1, 2), 1);
  EXPECT_THROW(permuteAxes(c, {0, 0, 1}), std::invalid_argument);
}

TEST(Symmetry, MirroredOctantIsMirrorSymmetricAndRoundTrips) {
  const BinaryCell oct = randomCell(6, 0.4, 1);
  const BinaryCell cell = mirrorOctant(oct);
  EXPECT_EQ(cell.dims(), (std::array<int, 3>{12, 12, 12}));
  EXPECT_TRUE(isMirrorSymmetric(cell));
  EXPECT_EQ(extractOctant(cell), oct);
  EXPECT_EQ(cell(6, 6, 6), oct(0, 0, 0));
  EXPECT_EQ(cell(5, 6, 6), oct(0, 0, 0));  // mirror image across the centre plane
  EXPECT_THROW(extractOctant(BinaryCell(5, 6, 6)), std::invalid_argument);
}

TEST(Symmetry, CubicSymmetrizeIsAProjectionOntoCubicCells) {
  const DensityCell d = toDensity(randomCell(8, 0.5, 2));
  const DensityCell s = cubicSymmetrize(d);
  EXPECT_TRUE(isCubicSymmetric(s));
  const DensityCell s2 = cubicSymmetrize(s);
  for (std::size_t n = 0; n < s.size(); ++n) EXPECT_NEAR(s2[n], s[n], 1e-15);  // idempotent
  EXPECT_NEAR(volumeFraction(s), volumeFraction(d), 1e-12);                   // mean preserved
  const BinaryCell b = cubicSymmetrize(randomCell(8, 0.5, 3));
  EXPECT_TRUE(isCubicSymmetric(b));
  EXPECT_FALSE(isCubicSymmetric(randomCell(8, 0.5, 4)));
}

TEST(Components, SeparatesBlobsAndDetectsWrapping) {
  BinaryCell c(8);
  for (int i = 0; i < 8; ++i) c(i, 1, 1) = 1;  // a bar along x through the whole cell
  c(5, 5, 5) = c(5, 5, 6) = 1;                 // a small island
  const ComponentLabels l = periodicComponents(c, Connectivity::Face);
  ASSERT_EQ(l.sizes.size(), 2u);
  const int bar = l.labels(0, 1, 1), island = l.labels(5, 5, 5);
  EXPECT_EQ(l.sizes[bar], 8);
  EXPECT_EQ(l.sizes[island], 2);
  EXPECT_EQ(l.wraps[bar], (std::array<bool, 3>{true, false, false}));
  EXPECT_EQ(l.wraps[island], (std::array<bool, 3>{false, false, false}));
  EXPECT_EQ(l.largest(), bar);
  const BinaryCell kept = keepLargestComponent(c);
  EXPECT_EQ(volumeFraction(kept) * 512, 8.0);
  EXPECT_EQ(kept(5, 5, 5), 0);
}

TEST(Components, RemoveIslandsKeepsSymmetricTiesTogether) {
  // Three 2×2 bars along x, y and z through the cell centre form one cubic-symmetric frame; its
  // images are itself. Add the 8 cubic images of a one-voxel speck: all must go, and the frame
  // must stay, so the cell stays cubic-symmetric.
  BinaryCell c(8);
  for (int i = 0; i < 8; ++i)
    for (int a : {3, 4})
      for (int b : {3, 4}) c(i, a, b) = c(a, i, b) = c(a, b, i) = 1;
  const BinaryCell frame = c;
  for (int a : {1, 6})
    for (int b : {1, 6})
      for (int d : {1, 6}) c(a, b, d) = 1;  // specks, apart from the frame
  ASSERT_TRUE(isCubicSymmetric(c));
  const BinaryCell cleaned = removeIslands(c);
  EXPECT_EQ(cleaned, frame);
  EXPECT_TRUE(isCubicSymmetric(cleaned));
  // Two equal slabs (symmetric under a shift): a tie, both kept, where keepLargestComponent keeps one.
  BinaryCell slabs(8);
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) slabs(i, j, 1) = slabs(i, j, 5) = 1;
  EXPECT_EQ(removeIslands(slabs), slabs);
  EXPECT_EQ(volumeFraction(keepLargestComponent(slabs)) * 512, 64.0);
}

TEST(Components, ConnectivityDecidesWhetherCornersTouch) {
  BinaryCell c(6);
  c(1, 1, 1) = c(2, 2, 2) = 1;  // touch at a corner only
  EXPECT_EQ(periodicComponents(c, Connectivity::Face).sizes.size(), 2u);
  EXPECT_EQ(periodicComponents(c, Connectivity::Edge).sizes.size(), 2u);
  EXPECT_EQ(periodicComponents(c, Connectivity::Vertex).sizes.size(), 1u);
  c(2, 2, 2) = 0;
  c(2, 2, 1) = 1;  // touch along an edge
  EXPECT_EQ(periodicComponents(c, Connectivity::Face).sizes.size(), 2u);
  EXPECT_EQ(periodicComponents(c, Connectivity::Edge).sizes.size(), 1u);
}

TEST(Components, AcrossThePeriodicBoundaryIsConnected) {
  BinaryCell c(6);
  c(0, 3, 3) = c(5, 3, 3) = 1;
  EXPECT_EQ(periodicComponents(c).sizes.size(), 1u);
  const BinaryCell full(4, 1);
  EXPECT_EQ(periodicComponents(full).wraps[0], (std::array<bool, 3>{true, true, true}));
}

TEST(Measures, FacesWithSolid) {
  BinaryCell c(5);
  c(0, 2, 4) = 1;
  EXPECT_EQ(solidOnFaces(c), (std::array<bool, 6>{true, false, false, false, false, true}));
  EXPECT_FALSE(touchesAllFaces(c));
  EXPECT_TRUE(touchesAllFaces(BinaryCell(3, 1)));
}

TEST(Measures, ShapeSimilarityFollowsItsDefinition) {
  const BinaryCell a = randomCell(10, 0.3, 5);
  EXPECT_DOUBLE_EQ(shapeSimilarity(a, a), 1.0);
  BinaryCell x(4), y(4);
  for (int i = 0; i < 4; ++i) {
    x(i, 0, 0) = 1;  // 4 voxels
    if (i < 2) y(i, 0, 0) = 1;  // 2 of them, plus 6 elsewhere
  }
  for (int i = 0; i < 4; ++i) y(i, 1, 0) = 1;
  y(0, 2, 0) = y(1, 2, 0) = 1;
  EXPECT_NEAR(shapeSimilarity(x, y), 2.0 / std::sqrt(4.0 * 8.0), 1e-15);
  BinaryCell z(4);
  z(3, 3, 3) = 1;
  EXPECT_EQ(shapeSimilarity(x, z), 0.0);
  EXPECT_EQ(shapeSimilarity(BinaryCell(4), BinaryCell(4)), 1.0);
  EXPECT_THROW(shapeSimilarity(BinaryCell(4), BinaryCell(5)), std::invalid_argument);
}

// Eq. 19 on the face two cells share side by side along x: only `left`'s last x layer and
// `right`'s first count, so a periodic cell beside itself scores its own boundary agreement.
TEST(Measures, FaceSimilarityComparesTheSharedFaceOnly) {
  BinaryCell left(4), right(4);
  for (int k = 0; k < 4; ++k) {
    left(3, 0, k) = 1;   // 4 voxels on its +x face
    right(0, 0, k) = k < 2;  // 2 of them on its −x face, plus 2 elsewhere on it
    right(0, 3, k) = k < 2;
  }
  right(2, 2, 2) = 1;  // inside: not on the face
  left(0, 1, 1) = 1;   // on left's −x face: not shared
  EXPECT_NEAR(faceSimilarity(left, right), 2.0 / std::sqrt(4.0 * 4.0), 1e-15);
  EXPECT_EQ(faceSimilarity(BinaryCell(4), BinaryCell(4)), 1.0);
  EXPECT_EQ(faceSimilarity(left, BinaryCell(4)), 0.0);
  EXPECT_EQ(faceSimilarity(BinaryCell(6, 4, 4), BinaryCell(2, 4, 4)), 1.0);  // the faces agree in size
  EXPECT_THROW(faceSimilarity(BinaryCell(4), BinaryCell(5)), std::invalid_argument);
}

TEST(Resample, PreservesTheMeanForAnyRatio) {
  std::mt19937 rng(6);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  DensityCell d(12, 10, 9);
  for (auto& v : d.data()) v = u(rng);
  for (const auto& dims : {std::array<int, 3>{6, 5, 3}, std::array<int, 3>{7, 13, 4}, std::array<int, 3>{24, 20, 18}}) {
    const DensityCell r = resample(d, dims[0], dims[1], dims[2]);
    EXPECT_EQ(r.dims(), dims);
    EXPECT_NEAR(volumeFraction(r), volumeFraction(d), 1e-14);
  }
}

TEST(Resample, IntegerRatiosAreExact) {
  const BinaryCell c = randomCell(6, 0.5, 7);
  const BinaryCell up = resample(c, 12, 12, 12);
  for (int k = 0; k < 12; ++k)
    for (int j = 0; j < 12; ++j)
      for (int i = 0; i < 12; ++i) ASSERT_EQ(up(i, j, k), c(i / 2, j / 2, k / 2));
  EXPECT_EQ(resample(up, 6, 6, 6), c);
  // Downsampling averages blocks: a 2×2×2 block with 5 solid voxels becomes density 5/8.
  DensityCell d(2);
  for (int n = 0; n < 5; ++n) d[n] = 1.0;
  EXPECT_NEAR(resample(d, 1, 1, 1)[0], 5.0 / 8.0, 1e-15);
}

}  // namespace
}  // namespace mf
