#pragma once
// Families of cells by interpolation (seed 000 §3.3; ../shared/SEED_SPECS.md §1): the two end
// cells DDIM-inverted to their noises x1 and x2 (unconditionally: tensor and vf dropped), the
// members' noises on z(θ) = cos θ·x1 + sin θ·x2 for θ from 0 to π/2 (the ends are the inverted
// noises themselves), and each member denoised conditioned on the volume fraction blended
// linearly between the ends' with the tensor dropped. Members are exactly cubic like every
// sampled cell; the first and last members are the given ends themselves (a 25-step inversion
// only approximates them on the way back).
//
// Guided (universal guidance, Bansal et al. 2023; seed 000 Eq. 14): the interior members are
// denoised one after another, each step pushed down the gradient (through the U-Net) of
//   E = −w_f·f(p(x̂0)) + w_b·[E_b(p(x̂0), x_{i−1}) + (1 − α)·E_b(p(x̂0), x_start) + α·E_b(p(x̂0), x_end)]
// with p(x) = (tanh(k·x) + 1)/2 (the authors' code form, which maps to [0, 1]; their k = 64, ours 4), f the K/K_HS
// regressor (bulk_regressor.hpp), x_{i−1} the member before (as finished, 0/1), α = i/(n − 1),
// and E_b the mean square difference of the cell's boundary faces (the octant's outer slices,
// the faces a neighbour shares; the authors' L2 norm over the face divided by its pixel count,
// squared so that its gradient stays finite at a perfect match). Two departures from the printed
// Eq. 14, both for the meaning the text gives: the start's weight is 1 − α (a member near the
// start resembles the start), and all cells use one {0, 1} encoding.

#include "core/generative/diffusion_model.hpp"
#include "core/jobs/progress.hpp"
#include "core/voxel/voxel_grid.hpp"

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace mf::generative {

class BulkRegressor;

// Eq. 14's weights; all zero gives the unguided members bit for bit (through the guided path).
struct PropertyGuidance {
  const BulkRegressor* regressor = nullptr;  // f; required when propertyWeight ≠ 0
  double propertyWeight = 3.0;  // w_f
  double boundaryWeight = 1.0;  // w_b
  double scale = 200.0;         // s (chosen on other ends: docs/families.md): x̂0 ← x̂0 − s·(1 − γ)/√γ·∇_{x_t}E
  // The slope of p (the authors' 64). Its gradient 32·sech²(64x) vanishes wherever |x̂0| > 0.05,
  // so that the energy reaches only the voxels on the solid's surface and cannot move the
  // member's structure; 4 reaches the whole prediction (chosen on the tuning pairs, as s was:
  // docs/families.md).
  double projectionSlope = 4.0;
};

// The names a FamilyRequest's parameters carry the weights under (the voxel family reads them:
// voxel_diffusion_family.hpp), and the request parameters of a guidance: what the CLI's --guide
// bulk and the app's Family tab ask for.
inline constexpr const char* kBulkGuidanceParameter = "bulk_guidance";
inline constexpr const char* kBoundaryGuidanceParameter = "boundary_guidance";
inline constexpr const char* kGuidanceScaleParameter = "guidance_scale";
inline constexpr const char* kProjectionSlopeParameter = "projection_slope";
// 1: condition the members on the blend of the ends' stiffness too (InterpolationPlan::endStiffness).
inline constexpr const char* kStiffnessConditionParameter = "stiffness_condition";
// 1: the members' angles by the authors' guided schedule (memberAngle, ThetaSchedule::Authors).
inline constexpr const char* kThetaScheduleParameter = "theta_schedule";
inline std::map<std::string, double> guidanceParameters(const PropertyGuidance& g = {}, bool stiffnessCondition = false,
                                                        bool authorsAngles = false) {
  return {{kBulkGuidanceParameter, g.propertyWeight},
          {kBoundaryGuidanceParameter, g.boundaryWeight},
          {kGuidanceScaleParameter, g.scale},
          {kProjectionSlopeParameter, g.projectionSlope},
          {kStiffnessConditionParameter, stiffnessCondition ? 1.0 : 0.0},
          {kThetaScheduleParameter, authorsAngles ? 1.0 : 0.0}};
}

// How θ goes from 0 to π/2 over the members. Linear: evenly. Authors (their guided runs,
// ../shared/SEED_SPECS.md §1): θ_i = (π/2)·[η − atanh(tanh(βη) − α(tanh(βη) − tanh(β(η − 1))))/β]
// with β = 20, η = 0.4 and α = i/(n − 1): the interior members' noises gather around θ ≈ 0.4·π/2,
// so that they differ mostly by their volume fraction and the guidance, not by their noise.
enum class ThetaSchedule { Linear, Authors };

struct InterpolationPlan {
  int members = 11;       // the ends included
  int steps = 25;         // DDIM steps of the inversion and of the sampling
  double guidance = 5.0;  // classifier-free guidance of the vf condition
  std::uint64_t seed = 1;
  std::optional<PropertyGuidance> property;  // universal guidance of the interior members
  // The ends' stiffness as the model's conditions (C11, C12, C44 normalized; the vf entry is
  // ignored). Where given, member i is conditioned on their blend (1 − α)·c_start + α·c_end
  // beside the blended vf, so the members aim at the stiffness between the ends' instead of at
  // whatever cell the vf alone draws (a departure from seed 000, which drops the tensor).
  std::optional<std::array<Condition, 2>> endStiffness;
  ThetaSchedule schedule = ThetaSchedule::Linear;
};

// z(θ) = cos θ·x1 + sin θ·x2; exactly x1 at θ = 0 and exactly x2 at θ = π/2 (cos π/2 is not 0
// in floating point). Throws std::invalid_argument for noises of different sizes.
std::vector<float> slerp(const std::vector<float>& x1, const std::vector<float>& x2, double theta);
// θ of member i of n: from 0 (i = 0) to π/2 (i = n − 1), exactly at the ends.
double memberAngle(int i, int n, ThetaSchedule schedule = ThetaSchedule::Linear);

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
