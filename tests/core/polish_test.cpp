// Polishing a candidate toward its target (core/design/polish.hpp): from a cell that misses the
// target, target-matching TO rounds lower the true error (FE of the thresholded, island-free
// cell); the result stays cubic and connected and is never worse than its parent.

#include "core/dataset/generators.hpp"
#include "core/design/polish.hpp"
#include "core/design/verify.hpp"
#include "core/voxel/random_fields.hpp"
#include "core/voxel/symmetry.hpp"

#include <gtest/gtest.h>

#include <cstdio>

namespace mf::design {
namespace {

BinaryCell trigCell(std::uint64_t seed) {
  Rng rng(seed);
  NullProgress quiet;
  for (;;) {  // the first connected cell of the stream: a candidate the study would keep
    BinaryCell c = dataset::generateCell(dataset::Generator::Trig, 16, rng, quiet).cell;
    if (isConnected(c)) return c;
  }
}

TEST(Polish, LowersTheTrueErrorAndKeepsTheCellCubicAndConnected) {
  NullProgress quiet;
  const HomogenizeSettings fe;
  const Stiffness target = homogenizeCandidate(trigCell(11), fe, quiet).stiffness;
  const BinaryCell parent = trigCell(5);
  const PropertyRanges ranges = PropertyRanges::ofBaseMaterial(BaseMaterial{});
  PolishSettings s;
  s.maxRounds = 4;
  const Polished p = polishCandidate(parent, Stiffness::cubic(cubicParts(target)[0], cubicParts(target)[1], cubicParts(target)[2]),
                                     std::nullopt, ranges, s, fe, quiet);
  std::printf("  error %.3f %% → %.3f %% in %zu rounds, %.1f s\n", 100 * p.startError, 100 * p.error, p.rounds.size(), p.seconds);
  EXPECT_NEAR(p.startError, targetError(target, homogenizeCandidate(parent, fe, quiet).stiffness, ranges), 1e-6);
  EXPECT_TRUE(p.improved);
  EXPECT_LT(p.error, 0.7 * p.startError);
  EXPECT_TRUE(isCubicSymmetric(p.cell));
  EXPECT_TRUE(isConnected(p.cell));
  // The figure is the FE of the cell returned.
  EXPECT_NEAR(targetError(target, homogenizeCandidate(p.cell, fe, quiet).stiffness, ranges), p.error, 1e-9);
  for (const PolishRound& r : p.rounds) EXPECT_GE(r.error, 0.0);
}

TEST(Polish, RefusesWhatTheTargetMatchingCannotAimAt) {
  NullProgress quiet;
  const PropertyRanges ranges = PropertyRanges::ofBaseMaterial(BaseMaterial{});
  const BinaryCell cell = trigCell(5);
  const Stiffness ortho = Stiffness::orthotropic(0.3, 0.1, 0.1, 0.2, 0.1, 0.25, 0.05, 0.06, 0.07);
  EXPECT_THROW(polishCandidate(cell, ortho, std::nullopt, ranges, {}, {}, quiet), std::invalid_argument);
  PolishSettings odd;
  odd.resolution = 33;
  EXPECT_THROW(polishCandidate(cell, Stiffness::cubic(0.2, 0.1, 0.05), std::nullopt, ranges, odd, {}, quiet), std::invalid_argument);
}

}  // namespace
}  // namespace mf::design
