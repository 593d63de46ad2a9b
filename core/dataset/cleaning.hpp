#pragma once
// What keeps bad cells out of the dataset (seed 000's cleaning), and what keeps its density
// even over property space.
//
// A cell is kept as its largest periodic connected component (face connectivity: what a
// printer makes in one piece). It is rejected when that component
//   - has no solid voxel on one of the six faces of the octant (seed 000: the octant must reach
//     its boundary, or the mirrored cell falls apart or loses the periodic contact), or
//   - does not wrap around the cell along all three axes (it would carry no load), or
//   - is no longer cubic-symmetric (a tie between symmetric components), or
//   - is too thin or too full (volume fraction outside [0.02, 0.98]).

#include "core/dataset/sample.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <optional>
#include <string>
#include <vector>

namespace mf::dataset {

struct CleanedCell {
  BinaryCell cell;     // the kept component, when accepted
  std::string reason;  // empty when accepted, else why not
  bool accepted() const { return reason.empty(); }
};

CleanedCell cleanCell(const BinaryCell& cell);

// Does each of the six faces of the octant hold a solid voxel?
bool octantTouchesAllFaces(const BinaryCell& octant);

// The normalized property point of a sample: (C11, C12, C44, vf) scaled to [0, 1] by the
// per-coordinate bounds lo/hi.
struct PropertyBox {
  std::array<double, 4> lo{1e300, 1e300, 1e300, 1e300}, hi{-1e300, -1e300, -1e300, -1e300};
  static PropertyBox of(const std::vector<Sample>& samples);  // throws for none
  void include(const Sample& s);
  bool empty() const { return lo[0] > hi[0]; }
  std::array<double, 4> normalize(const std::array<double, 4>& p) const;
};
std::array<double, 4> propertyPoint(const Sample& s);  // C11, C12, C44, vf

// Even density: bins the normalized points on a bins⁴ grid and keeps at most `cap` samples per
// bin, those with the smallest seed hash (deterministic, and a fair random pick). Returns the
// kept positions in their original order.
std::vector<std::size_t> thinSamples(const std::vector<Sample>& samples, int bins, int cap);

}  // namespace mf::dataset
