// Interpolation between two cells (core/generative/interpolation.hpp): the slerp's ends are the
// inverted noises exactly, its middle keeps the norm of orthogonal noises, and the members are
// what sampling those noises under the blended volume fraction gives; ends the model cannot
// invert are refused with the reason.

#include "core/generative/interpolation.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"

#include "tests/core/test_cells.hpp"
#include "tests/core/tiny_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <string>

namespace mf::generative {
namespace {

ModelConfig tiny() { return test::tinyModelConfig(); }

TEST(Interpolation, TheSlerpsEndsAreTheNoisesAndItsMiddleKeepsTheNorm) {
  const std::vector<float> x1{1, 0, 0, 2}, x2{0, 1, 0, -2};
  EXPECT_EQ(slerp(x1, x2, memberAngle(0, 11)), x1);
  EXPECT_EQ(slerp(x1, x2, memberAngle(10, 11)), x2);  // exactly: cos(π/2) is 6e-17 in doubles
  EXPECT_EQ(memberAngle(10, 11), std::numbers::pi / 2);
  EXPECT_NEAR(memberAngle(5, 11), std::numbers::pi / 4, 1e-15);
  const std::vector<float> mid = slerp({1, 0}, {0, 1}, std::numbers::pi / 4);
  EXPECT_NEAR(mid[0], 1 / std::sqrt(2.0), 1e-7);
  EXPECT_NEAR(mid[0] * mid[0] + mid[1] * mid[1], 1.0, 1e-6);  // orthogonal unit noises stay unit
  EXPECT_THROW(slerp({1, 2}, {1}, 0.3), std::invalid_argument);
}

// The authors' guided schedule: exact ends, rising, the interior gathered about η·π/2 = 0.2π
// (at α = ½ the atanh's argument is (tanh 8 + tanh −12)/2 ≈ −1e−7), and symmetric in its
// spread: θ(α) − 0.2π = −(θ(1 − α) − 0.2π) up to the ends' tanh saturation.
TEST(Interpolation, TheAuthorsScheduleGathersTheInteriorMidway) {
  const auto theta = [](int i) { return memberAngle(i, 11, ThetaSchedule::Authors); };
  EXPECT_EQ(theta(0), 0.0);
  EXPECT_EQ(theta(10), std::numbers::pi / 2);
  for (int i = 1; i < 11; ++i) EXPECT_GT(theta(i), theta(i - 1)) << i;
  EXPECT_NEAR(theta(5), 0.2 * std::numbers::pi, 1e-6);
  for (int i = 1; i < 10; ++i) EXPECT_NEAR(theta(i), 0.2 * std::numbers::pi, 0.4 * std::numbers::pi / 2 * 0.5) << i;
  // α = 0.1: atanh(0.8)/20 = 0.0549 below η.
  EXPECT_NEAR(theta(1), std::numbers::pi / 2 * (0.4 - std::atanh(0.8) / 20), 1e-6);
  EXPECT_NEAR(theta(1) - 0.2 * std::numbers::pi, -(theta(9) - 0.2 * std::numbers::pi), 1e-6);
}

TEST(Interpolation, MembersAreTheSlerpedNoisesSampledAtTheBlendedVolumeFraction) {
  const DiffusionModel model(tiny(), 5);
  const BinaryCell start = test::endCell(0), end = test::endCell(1);
  InterpolationPlan plan;
  plan.members = 5;
  plan.steps = 6;
  NullProgress quiet;
  const std::vector<InterpolatedMember> family = interpolate(model, start, end, plan, quiet);
  ASSERT_EQ(family.size(), 5u);
  // Independently: the ends' noises, the members' noises on the slerp, sampled at the blend.
  const Condition none{kDropped, kDropped, kDropped, kDropped};
  const auto noise = model.invert({start, end}, {none, none}, plan.steps);
  const double vf0 = volumeFraction(start), vf1 = volumeFraction(end);
  std::vector<std::vector<float>> z;
  std::vector<Condition> conditions;
  for (int i = 0; i < 5; ++i) {
    const double a = i / 4.0;
    z.push_back(slerp(noise[0], noise[1], std::numbers::pi / 2 * a));
    conditions.push_back({kDropped, kDropped, kDropped, static_cast<float>((1 - a) * vf0 + a * vf1)});
  }
  z.front() = noise[0];
  z.back() = noise[1];
  SamplerOptions o;
  o.steps = plan.steps;
  o.guidance = plan.guidance;
  const auto direct = model.sampleFrom(z, conditions, o, quiet);
  // The ends are the given cells; the members between are the sampled slerp.
  EXPECT_EQ(family.front().cell, start);
  EXPECT_EQ(family.back().cell, end);
  for (std::size_t i = 0; i < family.size(); ++i) {
    if (i > 0 && i + 1 < family.size()) {
      EXPECT_EQ(family[i].cell, direct[i]) << i;
    }
    EXPECT_TRUE(isCubicSymmetric(family[i].cell)) << i;
    if (i > 0) {
      EXPECT_GT(family[i].theta, family[i - 1].theta);
    }
  }
  EXPECT_DOUBLE_EQ(family.front().volumeFraction, vf0);
  EXPECT_DOUBLE_EQ(family.back().volumeFraction, vf1);
  EXPECT_NE(vf0, vf1);
}

TEST(Interpolation, EndsTheModelCannotInvertAreRefusedWithTheReason) {
  const DiffusionModel model(tiny(), 5);
  NullProgress quiet;
  const auto why = [&](const BinaryCell& a, const BinaryCell& b, int members) {
    InterpolationPlan plan;
    plan.members = members;
    plan.steps = 2;
    try {
      interpolate(model, a, b, plan, quiet);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  };
  const BinaryCell larger = cubicSymmetrize(mirrorOctant(BinaryCell(16, 16, 16, 1)));
  EXPECT_EQ(why(test::endCell(0), larger, 5), "the end cell has 32×32×32 voxels; the model inverts 16³ cells");
  BinaryCell lopsided = test::endCell(1);
  lopsided(0, 0, 1) = !lopsided(0, 0, 1);
  lopsided(0, 1, 0) = lopsided(0, 0, 1);
  EXPECT_NE(why(lopsided, test::endCell(0), 5).find("the start cell is not cubic-symmetric"), std::string::npos);
  EXPECT_EQ(why(test::endCell(0), test::endCell(1), 1), "an interpolation needs at least 2 members, not 1");
}

}  // namespace
}  // namespace mf::generative
