#include "core/generative/interpolation.hpp"

#include "core/generative/guidance_energy.hpp"
#include "core/generative/unet.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"

#include <cmath>
#include <numbers>
#include <stdexcept>
#include <string>

namespace mf::generative {
namespace {

void checkEnd(const BinaryCell& cell, const char* which, int resolution) {
  if (cell.nx() != resolution || !cell.isCube())
    throw std::invalid_argument(std::string("the ") + which + " cell has " + std::to_string(cell.nx()) + "×" +
                                std::to_string(cell.ny()) + "×" + std::to_string(cell.nz()) + " voxels; the model inverts " +
                                std::to_string(resolution) + "³ cells");
  if (!isCubicSymmetric(cell))
    throw std::invalid_argument(std::string("the ") + which + " cell is not cubic-symmetric; the model inverts only cells it could sample");
}

// A cell's octant as [1, 1, m, m, m] occupancy in {0, 1}.
torch::Tensor occupancyOf(const BinaryCell& cell, int m) { return (octantsToTensor({extractOctant(cell)}, m) + 1) / 2; }

// The members one after another: the ends from their noises as in the plain run, each interior
// member guided toward the property and the faces of the member before it and of the ends.
std::vector<BinaryCell> sampleGuided(const DiffusionModel& model, const std::vector<std::vector<float>>& z,
                                     const std::vector<Condition>& conditions, const SamplerOptions& o, const PropertyGuidance& g,
                                     const BinaryCell& start, const BinaryCell& end, Progress& progress) {
  const int m = model.config().octant;
  const std::size_t n = z.size();
  std::vector<BinaryCell> cells(n);
  const torch::Tensor startOcc = occupancyOf(start, m), endOcc = occupancyOf(end, m);
  const auto noiseOf = [&](std::size_t i) {
    return torch::from_blob(const_cast<float*>(z[i].data()), {1, 1, m, m, m}, torch::kFloat32).clone();
  };
  for (std::size_t i = 0; i < n; ++i) {
    SubProgress member(progress, double(i) / double(n), double(i + 1) / double(n));
    StepGuidance step;
    if (i > 0 && i + 1 < n) step = memberGuidance(g, occupancyOf(cells[i - 1], m), startOcc, endOcc, double(i) / double(n - 1));
    const torch::Tensor x0 = model.impl().run(noiseOf(i), conditionsToTensor({conditions[i]}), o, member, step);
    cells[i] = std::move(plain(toCells(x0, {conditions[i]}, o)).front());
  }
  return cells;
}

}  // namespace

std::vector<float> slerp(const std::vector<float>& x1, const std::vector<float>& x2, double theta) {
  if (x1.size() != x2.size()) throw std::invalid_argument("slerp: noises of different sizes");
  if (theta == 0.0) return x1;
  if (theta == std::numbers::pi / 2) return x2;
  const double a = std::cos(theta), b = std::sin(theta);
  std::vector<float> z(x1.size());
  for (std::size_t i = 0; i < z.size(); ++i) z[i] = static_cast<float>(a * x1[i] + b * x2[i]);
  return z;
}

double memberAngle(int i, int n, ThetaSchedule schedule) {
  if (i == n - 1) return std::numbers::pi / 2;  // exactly, so the last member is the end's noise
  if (i == 0) return 0.0;
  const double a = static_cast<double>(i) / static_cast<double>(n - 1);
  if (schedule == ThetaSchedule::Linear) return std::numbers::pi / 2 * a;
  constexpr double beta = 20.0, eta = 0.4;
  const double hi = std::tanh(beta * eta), lo = std::tanh(beta * (eta - 1));
  return std::numbers::pi / 2 * (eta - std::atanh(hi - a * (hi - lo)) / beta);
}

std::vector<InterpolatedMember> interpolate(const DiffusionModel& model, const BinaryCell& start, const BinaryCell& end,
                                            const InterpolationPlan& plan, Progress& progress) {
  if (plan.members < 2) throw std::invalid_argument("an interpolation needs at least 2 members, not " + std::to_string(plan.members));
  if (plan.steps < 1) throw std::invalid_argument("an interpolation needs at least 1 step");
  if (plan.property && plan.property->propertyWeight != 0.0 && !plan.property->regressor)
    throw std::invalid_argument("guidance toward K/K_HS needs the regressor");
  const int resolution = 2 * model.config().octant;
  checkEnd(start, "start", resolution);
  checkEnd(end, "end", resolution);
  progress.report(0.0, "inverting the ends");
  const Condition none{kDropped, kDropped, kDropped, kDropped};
  const std::vector<std::vector<float>> noise = model.invert({start, end}, {none, none}, plan.steps);
  progress.checkCancelled();
  const double vf0 = volumeFraction(start), vf1 = volumeFraction(end);
  std::vector<std::vector<float>> z;
  std::vector<Condition> conditions;
  std::vector<InterpolatedMember> out(static_cast<std::size_t>(plan.members));
  for (int i = 0; i < plan.members; ++i) {
    const double a = static_cast<double>(i) / (plan.members - 1);
    InterpolatedMember& m = out[static_cast<std::size_t>(i)];
    m.theta = memberAngle(i, plan.members, plan.schedule);
    m.volumeFraction = (1 - a) * vf0 + a * vf1;
    z.push_back(slerp(noise[0], noise[1], m.theta));
    Condition c{kDropped, kDropped, kDropped, static_cast<float>(m.volumeFraction)};
    if (plan.endStiffness)
      for (std::size_t k = 0; k < 3; ++k)
        c[k] = static_cast<float>((1 - a) * (*plan.endStiffness)[0][k] + a * (*plan.endStiffness)[1][k]);
    conditions.push_back(c);
  }
  SamplerOptions o;
  o.steps = plan.steps;
  o.guidance = plan.guidance;
  o.seed = plan.seed;
  SubProgress sampling(progress, 0.1, 1.0);
  const std::vector<BinaryCell> cells = plan.property ? sampleGuided(model, z, conditions, o, *plan.property, start, end, sampling)
                                                      : model.sampleFrom(z, conditions, o, sampling);
  for (std::size_t i = 0; i < out.size(); ++i) out[i].cell = cells[i];
  // The ends are the cells the user chose, not their reconstructions through the noise (which a
  // 25-step inversion only approximates).
  out.front().cell = start;
  out.back().cell = end;
  return out;
}

}  // namespace mf::generative
