#pragma once
// Small measures of binary cells used to filter and compare designs.

#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace mf {

// Which of the six cell faces carry solid voxels, in the order −x, +x, −y, +y, −z, +z
// (the layers i = 0, i = nx − 1, j = 0, …). A cell with no solid on a face cannot connect to
// its neighbour in the lattice there.
std::array<bool, 6> solidOnFaces(const BinaryCell& cell);
bool touchesAllFaces(const BinaryCell& cell);

// Shape similarity |S1 ∩ S2| / √(|S1|·|S2|) over solid voxels (seed 000, Eq. 19): 1 for
// identical shapes, 0 for disjoint ones. Two empty cells count as identical (1), one empty
// cell as disjoint (0). Throws std::invalid_argument when the dimensions differ.
double shapeSimilarity(const BinaryCell& a, const BinaryCell& b);

// Eq. 19 on the face two cells share when `right` sits beside `left` along +x: `left`'s layer
// i = nx − 1 against `right`'s layer i = 0. How well a graded bar's neighbours join (1: the
// solid continues across the face). Throws std::invalid_argument when the faces differ in size.
double faceSimilarity(const BinaryCell& left, const BinaryCell& right);

// A cell's solid voxels as packed bits: Eq. 19 against thousands of cells (novelty against a
// training set) by popcount, 64 voxels at a time.
class PackedCell {
 public:
  explicit PackedCell(const BinaryCell& cell);
  const std::array<int, 3>& dims() const { return dims_; }
  // shapeSimilarity of the two cells; throws std::invalid_argument when the dimensions differ.
  double similarity(const PackedCell& other) const;

 private:
  std::array<int, 3> dims_{};
  std::vector<std::uint64_t> words_;
  std::int64_t count_ = 0;
};

}  // namespace mf
