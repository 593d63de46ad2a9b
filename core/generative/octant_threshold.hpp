#pragma once
// From the sampler's continuous occupancy to a binary cell: where to put the threshold.
//
// The field is the octant's x̂0 (memory order z, y, x), already averaged over the six axis
// permutations, so any threshold gives a permutation-symmetric octant and, mirrored, an exactly
// cubic cell. Two choices on top of "occupancy ½":
//   - the level that makes a given share of the octant solid (the conditioned vf: stiffness
//     grows about as vf², so a few percent off in vf is twice that off in stiffness);
//   - where that cell falls apart (no single solid component spanning the cell along x, y and z
//     once islands are removed), the highest lower level, in steps of half a percent of vf and
//     at most `maxBridgeVolumeFraction` more, at which it holds together: the voxels added are
//     the ones the model was least sure were void, so the bridges follow the model's own shape.

#include "core/voxel/voxel_grid.hpp"

#include <optional>

namespace mf::generative {

struct OctantThresholdOptions {
  std::optional<double> volumeFraction;  // none: occupancy ½ (field value 0)
  double maxBridgeVolumeFraction = 0.15;  // 0: never lower the level to connect the cell
};

struct ThresholdedCell {
  BinaryCell cell;                     // the full cubic cell (2m)³
  double bridgedVolumeFraction = 0.0;  // share of the octant added to connect it
};

ThresholdedCell thresholdOctant(const float* field, int m, const OctantThresholdOptions& options);

}  // namespace mf::generative
