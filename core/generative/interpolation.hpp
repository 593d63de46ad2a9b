#pragma once
// Families of cells by interpolation (seed 000 §3.3; ../shared/SEED_SPECS.md §1): the two end
// cells DDIM-inverted to their noises x1 and x2 (unconditionally: tensor and vf dropped), the
// members' noises on z(θ) = cos θ·x1 + sin θ·x2 for θ from 0 to π/2 (the ends are the inverted
// noises themselves), and each member denoised conditioned on the volume fraction blended
// linearly between the ends' with the tensor dropped. Members are exactly cubic like every
// sampled cell. Universal guidance toward a property (Eq. 14) builds on this.

#include "core/generative/diffusion_model.hpp"
#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <cstdint>
#include <vector>

namespace mf::generative {

struct InterpolationPlan {
  int members = 11;       // the ends included
  int steps = 25;         // DDIM steps of the inversion and of the sampling
  double guidance = 5.0;  // classifier-free guidance of the vf condition
  std::uint64_t seed = 1;
};

// z(θ) = cos θ·x1 + sin θ·x2; exactly x1 at θ = 0 and exactly x2 at θ = π/2 (cos π/2 is not 0
// in floating point). Throws std::invalid_argument for noises of different sizes.
std::vector<float> slerp(const std::vector<float>& x1, const std::vector<float>& x2, double theta);
// θ of member i of n: linear from 0 (i = 0) to π/2 (i = n − 1).
double memberAngle(int i, int n);

struct InterpolatedMember {
  BinaryCell cell;
  double theta = 0;
  double volumeFraction = 0;  // the vf it was conditioned on (the blend of the ends')
};

// Throws std::invalid_argument, saying why, when an end is not a cubic-symmetric cell of the
// model's resolution or there are fewer than two members; CancelledError when cancelled.
std::vector<InterpolatedMember> interpolate(const DiffusionModel& model, const BinaryCell& start, const BinaryCell& end,
                                            const InterpolationPlan& plan, Progress& progress);

}  // namespace mf::generative
