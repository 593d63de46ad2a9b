#pragma once
// The reachable range of the dataset in property space, as a signed distance function
// f_SDF over normalized (C11, C12, C44, vf): positive inside the range, zero on its border,
// negative outside, in units of the normalized coordinates (each spans [0, 1] over the data).
// Seed 000 samples active-learning targets with f_SDF > −0.025 and constrains the cloak to
// f_SDF > 0.
//
// The range is the morphological closing of the sample points with a ball of radius r (dilate
// by r, erode by r): it fills the gaps between neighbouring samples but not the concave bays
// wider than 2r, and its border runs through the outermost samples. It is sampled on a regular
// 4D grid around the unit box, and the signed distance comes from exact Euclidean distance
// transforms (Felzenszwalb & Huttenlocher, separable in each axis). Between nodes it is
// interpolated multilinearly; beyond the grid it decreases with the distance to the grid.

#include "core/dataset/cleaning.hpp"
#include "core/dataset/sample.hpp"

#include <array>
#include <cstdint>
#include <vector>

namespace mf::dataset {

struct PropertyRangeOptions {
  int gridPoints = 40;        // nodes per axis
  double padding = 0.2;       // the grid spans [−p, 1 + p] per axis, p ≥ padding and ≥ r + 0.1
  double closingRadius = 0;   // r; 0 = 2.5 × the median nearest-neighbour distance (≥ 2 grid steps)
};

class PropertyRange {
 public:
  static PropertyRange build(const std::vector<Sample>& samples, const PropertyRangeOptions& options = {});

  // f_SDF at a point in physical units (C11, C12, C44, vf).
  double sdf(const std::array<double, 4>& point) const;
  // f_SDF at a normalized point.
  double sdfNormalized(const std::array<double, 4>& normalized) const;
  const PropertyBox& box() const { return box_; }
  // Active learning (seed 000): `count` targets (C11, C12, C44, vf, physical units) drawn
  // uniformly from the grid's box and kept where minSdf < f_SDF ≤ maxSdf; e.g. (−0.025, ∞) for
  // "inside or just outside", (−0.025, 0.025) for the border band. Throws when the band is
  // empty (after a generous number of draws).
  std::vector<std::array<double, 4>> sampleTargets(std::size_t count, double minSdf, double maxSdf,
                                                   std::uint64_t seed) const;
  double closingRadius() const { return radius_; }

 private:
  PropertyBox box_;
  int g_ = 0;
  double origin_ = 0, step_ = 0, radius_ = 0;
  std::vector<float> values_;  // g⁴ nodes, first axis fastest
};

}  // namespace mf::dataset
