// Cell generators: triply periodic minimal surfaces.

#include "core/dataset/tpms.hpp"
#include "core/voxel/components.hpp"
#include "core/voxel/measures.hpp"
#include "core/voxel/symmetry.hpp"

#include <gtest/gtest.h>

namespace mf {
namespace {

TEST(Tpms, MeetsTheVolumeFractionAndKeepsTheSurfaceSymmetry) {
  for (int n : {16, 24, 32}) {
    const BinaryCell g = tpmsCell(Tpms::Gyroid, n, 0.3, true);
    EXPECT_NEAR(volumeFraction(g), 0.3, 0.02) << n;
    // sin x cos y + sin y cos z + sin z cos x is invariant under x → y → z.
    EXPECT_EQ(permuteAxes(g, {1, 2, 0}), g) << n;
    const BinaryCell p = tpmsCell(Tpms::SchwarzP, n, 0.25, false);
    EXPECT_TRUE(isCubicSymmetric(p)) << n;
    EXPECT_NEAR(volumeFraction(p), 0.25, 0.02) << n;
  }
}

TEST(Tpms, SheetsAndNetworksAreConnectedAcrossTheCell) {
  for (Tpms kind : {Tpms::Gyroid, Tpms::SchwarzP, Tpms::Diamond})
    for (bool sheet : {true, false}) {
      const BinaryCell c = tpmsCell(kind, 24, 0.3, sheet);
      const ComponentLabels l = periodicComponents(c, Connectivity::Face);
      EXPECT_EQ(l.wraps[l.largest()], (std::array<bool, 3>{true, true, true})) << toString(kind) << sheet;
      EXPECT_TRUE(touchesAllFaces(c));
    }
}

TEST(Tpms, RejectsImpossibleFractions) {
  EXPECT_THROW(tpmsCell(Tpms::Gyroid, 8, 0.0), std::invalid_argument);
  EXPECT_THROW(tpmsCell(Tpms::Gyroid, 8, 1.5), std::invalid_argument);
  EXPECT_EQ(volumeFraction(tpmsCell(Tpms::Diamond, 8, 1.0)), 1.0);
}

}  // namespace
}  // namespace mf
